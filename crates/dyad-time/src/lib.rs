//! dyad's `time` stage: find the time expressions of a news text and place
//! them on the calendar against the publication date.
//!
//! ```
//! use dyad_time::{find_times, TimeContext};
//! use dyad_doc::{Date, TimeValue};
//!
//! let text = "Lavrov told a round-table on Thursday that the summit in mid-August had helped.";
//! let context = TimeContext::new(Some(Date::constant(2025, 12, 4)));
//! let times = find_times(text, &[], &context);
//! let shown: Vec<String> = times
//!     .iter()
//!     .map(|time| {
//!         let value = time.value.map(|value| value.to_string()).unwrap_or_default();
//!         format!("{} = {value}", &text[time.span.start()..time.span.end()])
//!     })
//!     .collect();
//! assert_eq!(shown, ["on Thursday = 2025-12-04", "in mid-August = 2025-08-11/2025-08-20"]);
//! ```
//!
//! What it recognises (the conventions of dyad's gold files): weekdays,
//! dates and datelines ("KYIV, March 3 (Reuters) -"), months, years,
//! quarters, "early/mid/late MONTH", "the end of February", deictic phrases
//! ("yesterday", "last week", "earlier this year", "three days ago") and
//! anaphoric ones ("a day earlier", "later that day", "since then"). The span
//! includes the governing word ("on Friday", "since 2019", "late on
//! Saturday", "overnight into Friday") and a possessive ("Saturday's").
//!
//! What it leaves out on purpose: durations ("for four days", "an 18-month
//! siege", "within weeks"), vague references ("soon", "later", "in recent
//! years"), phrases anchored on an event ("a day after protesters stormed
//! parliament"), ages, and times of day.
//!
//! The stage is pure: no I/O, no clock; the same text and context always
//! give the same expressions. It never panics, whatever the input.
//!
//! Module map: `lexicon` (word lists from `data/lexicon.tsv`), `token`
//! (tokens and sentences), `grammar` (tokens → matches), `tense` (which way a
//! clause points), `resolve` (matches → calendar values).

mod grammar;
mod lexicon;
mod resolve;
mod tense;
mod token;

use dyad_doc::{Date, OpenEnd, Span, TimeExpr};
use lexicon::Prep;
use resolve::{Anchor, Outcome};

/// What the time stage needs to know about a document besides its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeContext {
    /// The publication date, which deictic expressions ("on Friday", "last
    /// week") count from. Without it they are still found, with no value.
    pub published: Option<Date>,
}

impl TimeContext {
    /// A context for a document published on `published`.
    pub fn new(published: Option<Date>) -> TimeContext {
        TimeContext { published }
    }
}

/// Finds and normalises every time expression of `text`, in text order.
///
/// `sentences` are the byte spans of the sentences (from dyad's `segment`
/// stage); when empty, the text is split naively at line breaks and full
/// stops. They only bound the search for tense cues ("is due to meet on
/// Tuesday"), so approximate spans do no harm.
///
/// Each [`TimeExpr`] has a byte span on char boundaries, its value (`None`
/// only when there is no publication date to count from) and, for "since",
/// "from", "by", "until" and the like, which end of an open interval it
/// gives.
pub fn find_times(text: &str, sentences: &[Span], ctx: &TimeContext) -> Vec<TimeExpr> {
    BUFFERS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buffers) => {
            let buffers = &mut *buffers;
            let times = find_times_in(
                text,
                sentences,
                ctx,
                &mut buffers.lower,
                &mut buffers.tokens,
            );
            buffers.trim();
            times
        }
        // Only reachable if a search ran inside another on this thread.
        Err(_) => find_times_in(text, sentences, ctx, &mut String::new(), &mut Vec::new()),
    })
}

/// The lowercased text and the tokens of the last document searched on this
/// thread, kept so that the next document reuses them instead of allocating
/// (and growing, token by token) fresh ones.
#[derive(Default)]
struct Buffers {
    lower: String,
    tokens: Vec<token::Token>,
}

impl Buffers {
    /// Most bytes of lowercased text kept between documents.
    const MOST_TEXT: usize = 1 << 20;
    /// Most tokens kept between documents.
    const MOST_TOKENS: usize = 1 << 16;

    /// Lets go of buffers a very long document grew, so that a thread does
    /// not hold them for the rest of the run.
    fn trim(&mut self) {
        if self.lower.capacity() > Self::MOST_TEXT {
            self.lower = String::new();
        }
        if self.tokens.capacity() > Self::MOST_TOKENS {
            self.tokens = Vec::new();
        }
    }
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::new(Buffers::default());
}

/// [`find_times`] with `lower` and `tokens` as its buffers.
fn find_times_in(
    text: &str,
    sentences: &[Span],
    ctx: &TimeContext,
    lower: &mut String,
    tokens: &mut Vec<token::Token>,
) -> Vec<TimeExpr> {
    let lexicon = lexicon::builtin();
    lower.clear();
    lower.push_str(text);
    lower.make_ascii_lowercase();
    let lower = lower.as_str();
    token::tokenize_into(text, lower, lexicon, tokens);
    token::assign_sentences(tokens, sentences);
    let tokens = tokens.as_slice();
    let matches = grammar::Grammar::new(tokens, lower).parse_all();
    let mut anchor = Anchor {
        published: ctx.published,
        ..Anchor::default()
    };
    let mut times = Vec::with_capacity(matches.len());
    for found in matches {
        let tense = tense::tense_of(tokens, lower, lexicon, found.first, found.last);
        let value = match resolve::resolve(&found, tense, &anchor) {
            Outcome::Value(value) => {
                anchor.update(value);
                Some(value)
            }
            Outcome::NoBase => None,
            Outcome::Invalid => continue,
        };
        let open = match found.prep {
            Some(Prep::From) => Some(OpenEnd::From),
            Some(Prep::To) => Some(OpenEnd::To),
            _ => None,
        };
        let span = Span {
            start: tokens[found.first].start,
            end: tokens[found.last].end,
        };
        times.push(TimeExpr { span, value, open });
    }
    times
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_doc::TimeValue;
    use jiff::civil::date;

    /// Renders each expression of `text` published on `published` as
    /// `[text] value open`.
    fn times(published: &str, text: &str) -> Vec<String> {
        let published: Date = published.parse().expect("test date");
        find_times(text, &[], &TimeContext::new(Some(published)))
            .iter()
            .map(|time| {
                let value = time
                    .value
                    .map_or("-".to_string(), |value| value.to_string());
                let open = match time.open {
                    Some(OpenEnd::From) => " from",
                    Some(OpenEnd::To) => " to",
                    None => "",
                };
                format!(
                    "[{}] {value}{open}",
                    &text[time.span.start()..time.span.end()]
                )
            })
            .collect()
    }

    #[test]
    fn weekday_resolves_against_publication_date() {
        assert_eq!(
            times(
                "2025-12-04",
                "Lavrov told a round-table on Thursday that the talks had helped."
            ),
            ["[on Thursday] 2025-12-04"]
        );
        assert_eq!(
            times("2025-12-04", "Rebels shelled the port on Monday."),
            ["[on Monday] 2025-12-01"]
        );
    }

    #[test]
    fn future_weekdays_point_forward() {
        assert_eq!(
            times(
                "2025-12-04",
                "The premier will travel to Beijing on Tuesday."
            ),
            ["[on Tuesday] 2025-12-09"]
        );
        assert_eq!(
            times(
                "2025-12-04",
                "On Tuesday, the envoy is due to meet the king."
            ),
            ["[On Tuesday] 2025-12-09"]
        );
        assert_eq!(
            times("2025-12-06", "Flights stay grounded until Sunday evening."),
            ["[until Sunday evening] 2025-12-07 to"]
        );
    }

    #[test]
    fn parts_of_months_are_intervals() {
        assert_eq!(
            times("2025-12-04", "The leaders met in Anchorage in mid-August."),
            ["[in mid-August] 2025-08-11/2025-08-20"]
        );
        assert_eq!(
            times("2025-03-15", "Protests began in early November."),
            ["[in early November] 2024-11-01/2024-11-10"]
        );
        assert_eq!(
            times("2024-02-10", "Polls close in late February."),
            ["[in late February] 2024-02-21/2024-02-29"]
        );
    }

    #[test]
    fn open_intervals_keep_their_side() {
        assert_eq!(
            times("2025-12-04", "No envoy has visited since 2019."),
            ["[since 2019] 2019 from"]
        );
        assert_eq!(
            times("2025-12-04", "The ban holds until 2028."),
            ["[until 2028] 2028 to"]
        );
        assert_eq!(
            times("2025-04-04", "Duties apply from April 10."),
            ["[from April 10] 2025-04-10 from"]
        );
    }

    #[test]
    fn datelines_are_time_expressions() {
        assert_eq!(
            times(
                "2025-03-03",
                "KYIV, March 3 (Reuters) - Ukraine said on Monday that talks would resume."
            ),
            ["[March 3] 2025-03-03", "[on Monday] 2025-03-03"]
        );
    }

    #[test]
    fn weeks_months_and_years_relative_to_publication() {
        assert_eq!(
            times("2025-04-04", "Tariffs announced earlier this week"),
            ["[earlier this week] 2025-W14"]
        );
        assert_eq!(
            times("2024-06-24", "Hungary dropped its veto last week."),
            ["[last week] 2024-W25"]
        );
        assert_eq!(
            times("2025-04-12", "They agreed to meet again next week."),
            ["[next week] 2025-W16"]
        );
        assert_eq!(
            times("2024-11-07", "protests against last month's election"),
            ["[last month's] 2024-10"]
        );
        assert_eq!(
            times("2023-11-06", "Beijing lifted tariffs earlier this year."),
            ["[earlier this year] 2023"]
        );
        assert_eq!(
            times(
                "2024-12-01",
                "He announced three days ago that talks were over."
            ),
            ["[three days ago] 2024-11-28"]
        );
        assert_eq!(
            times("2025-01-09", "He will visit Beirut next month."),
            ["[next month] 2025-02"]
        );
    }

    #[test]
    fn anaphoric_expressions_follow_the_latest_date() {
        assert_eq!(
            times(
                "2025-03-11",
                "The envoys met on Tuesday. The prince had received them a day earlier."
            ),
            ["[on Tuesday] 2025-03-11", "[a day earlier] 2025-03-10"]
        );
        assert_eq!(
            times(
                "2025-10-28",
                "Rebels took the city on Sunday. Since then, thousands have fled."
            ),
            ["[on Sunday] 2025-10-26", "[Since then] 2025-10-26 from"]
        );
        assert_eq!(
            times(
                "2023-06-24",
                "The mutiny began on Saturday. Later that day, talks opened."
            ),
            ["[on Saturday] 2023-06-24", "[Later that day] 2023-06-24"]
        );
        assert_eq!(
            times(
                "2023-09-24",
                "Macron said on Sunday the troops would leave by the end of the year."
            ),
            [
                "[on Sunday] 2023-09-24",
                "[by the end of the year] 2023-12 to"
            ]
        );
    }

    #[test]
    fn months_without_year_follow_the_tense() {
        assert_eq!(
            times("2024-12-12", "Somalia expelled the ambassador in April."),
            ["[in April] 2024-04"]
        );
        assert_eq!(
            times("2025-10-30", "He said he would visit China in April."),
            ["[in April] 2026-04"]
        );
        assert_eq!(
            times("2024-12-12", "Talks would begin by the end of February."),
            ["[by the end of February] 2025-02 to"]
        );
    }

    #[test]
    fn years_and_dates() {
        assert_eq!(times("2025-12-04", "since the 2014 coup"), ["[2014] 2014"]);
        assert_eq!(
            times("2025-12-04", "The accord of 2025-03-11 holds."),
            ["[2025-03-11] 2025-03-11"]
        );
        assert_eq!(
            times("2025-12-04", "clashes in 2021 and 2022"),
            ["[in 2021] 2021", "[2022] 2022"]
        );
        assert_eq!(
            times("2025-12-04", "It freed 1,000 prisoners and 2024 votes"),
            Vec::<String>::new()
        );
        assert_eq!(
            times("2025-06-01", "profits in the first quarter"),
            ["[in the first quarter] 2025-Q1"]
        );
    }

    #[test]
    fn without_publication_date_relative_values_are_unknown() {
        let found = find_times("They met on Friday in 2019.", &[], &TimeContext::default());
        let values: Vec<Option<TimeValue>> = found.iter().map(|time| time.value).collect();
        assert_eq!(values, [None, Some(TimeValue::Year(2019))]);
    }

    #[test]
    fn given_sentences_bound_tense_cues() {
        let text = "Talks will resume. Ministers met on Friday";
        let published = Some(date(2025, 12, 4));
        let sentences = [Span::new(0, 18), Span::new(19, text.len())];
        let found = find_times(text, &sentences, &TimeContext::new(published));
        assert_eq!(found[0].value, Some(TimeValue::Day(date(2025, 11, 28))));
    }

    /// Random texts glued from fragments that exercise every rule, checked
    /// for panics and for valid, ordered, non-overlapping spans.
    #[test]
    fn random_fragment_soup_keeps_spans_valid() {
        const FRAGMENTS: [&str; 48] = [
            "on", "Friday", "May", "’s", "'s", "-", "2019", "99999", "0000", "early", "the", "end",
            "of", ",", ".", "\n", "É", "ß", "mid", "since", "then", "last", "week", "a", "day",
            "earlier", "Q", "3", "first", "quarter", "Oct", "31", "30", "Feb", "29", "–", "(", ")",
            "ago", "later", "that", "in", "evening", "weekend", "year", "half", "until", "1957",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let published = [
            None,
            Some(date(2024, 2, 29)),
            Some(date(9999, 12, 31)),
            Some(date(1, 1, 1)),
        ];
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(14) {
                text.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
                if next(3) > 0 {
                    text.push(' ');
                }
            }
            let context = TimeContext::new(published[next(published.len())]);
            let mut previous_end = 0;
            for time in find_times(&text, &[], &context) {
                assert!(
                    time.span.start() >= previous_end && time.span.start() < time.span.end(),
                    "{text:?}"
                );
                assert!(
                    text.is_char_boundary(time.span.start())
                        && text.is_char_boundary(time.span.end())
                );
                previous_end = time.span.end();
            }
        }
    }

    #[test]
    fn odd_inputs_never_panic_and_spans_stay_on_char_boundaries() {
        let long = "on Friday ".repeat(5000);
        let digits = "9".repeat(400);
        let inputs = [
            "",
            " ",
            "’s",
            "on",
            "in 0000 and 99999 and 2999 and 1000",
            "Feb. 30, 2025 and February 29, 2023 and 2025-13-45 and 2025-02-29",
            "early",
            "the end of",
            "Since then",
            "Q9 2025 and the fifth quarter",
            "a day earlier. yesterday. tomorrow. 9999 days ago. 999 years later",
            "9999-12-31 then next year, the following year; 0001-01-01 and the previous day",
            "mid-\u{0301}August ÉÉÉ ‘Saturday’s’ Ωmega “on Monday” — 2019–20",
            "\u{0}\u{1}\u{7f}\u{feff} on Friday\u{2028}in May’s",
            &long,
            &digits,
            "March 31-32, May 5-3, Jan. 1-, Sept 1 (",
            "31 December 9999 and 1 January 1000",
            "İstanbul on Şubat, ǅ, ß in MAY 2020, DECEMBER 25",
        ];
        let published = [
            None,
            Some(date(2025, 3, 31)),
            Some(date(9999, 12, 31)),
            Some(date(-9999, 1, 1)),
        ];
        for text in inputs {
            for published in published {
                for time in find_times(text, &[], &TimeContext::new(published)) {
                    assert!(time.span.start < time.span.end);
                    assert!(
                        text.is_char_boundary(time.span.start())
                            && text.is_char_boundary(time.span.end())
                    );
                    assert!(time.span.end() <= text.len());
                }
                let odd_sentences = [Span::new(5, 2), Span::new(1, 1_000_000), Span::new(0, 1)];
                let _ = find_times(text, &odd_sentences, &TimeContext::new(published));
            }
        }
    }
}
