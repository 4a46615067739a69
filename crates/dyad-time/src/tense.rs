//! Which way a clause points in time, from the nearest tense cue.
//!
//! A bare weekday or month is ambiguous: "met on Tuesday" is the last
//! Tuesday, "is due to meet on Tuesday" the next one. The cue nearest to the
//! expression decides: first looking back within the sentence (stopping at a
//! `;`), then a few tokens forward; an expression that opens its clause
//! ("On Tuesday, he is due to…", "…, on Monday rebels shelled…") looks
//! forward first. Cues are the lexicon's future, modal and past words and
//! phrases, plus lower-case words ending in "-ed" ("struck", "ordered";
//! not those listed as `not_past`). A participle after "be"/"been" ("will be
//! held") is not a past cue; "due" points forward only after a form of "be"
//! ("is due to meet", not "closed due to rain"); "could not" is past.

use crate::lexicon::{Lexicon, Tense, FUTURE_CUE, MODAL_CUE, NOT_PAST, PAST_CUE, PHRASE_END};
use crate::token::{Kind, Token};

/// How many tokens to look back for a cue.
const LOOK_BACK: usize = 25;
/// How many tokens to look forward when nothing was found behind.
const LOOK_AHEAD: usize = 10;

/// The tense of the clause around the expression spanning tokens
/// `first..=last`.
pub(crate) fn tense_of(
    tokens: &[Token],
    lower: &str,
    lexicon: &Lexicon,
    first: usize,
    last: usize,
) -> Tense {
    let Some(sentence) = tokens.get(first).map(|token| token.sentence) else {
        return Tense::Unknown;
    };
    let cues = Cues {
        tokens,
        lower,
        lexicon,
    };
    // Stops at the sentence's edge or a `;`, returns the first cue.
    let scan = |indices: &mut dyn Iterator<Item = usize>| {
        for index in indices {
            let token = tokens[index];
            if token.sentence != sentence || token.kind == Kind::Punct(b';') {
                return None;
            }
            if let Some(tense) = cues.at(index) {
                return Some(tense);
            }
        }
        None
    };
    let end = tokens.len().min(last.saturating_add(1 + LOOK_AHEAD));
    let backward = || scan(&mut (first.saturating_sub(LOOK_BACK)..first).rev());
    let forward = || scan(&mut (last.saturating_add(1)..end));
    // After a comma the expression opens its clause ("…, on Friday, the
    // army shelled"): its own clause follows it.
    let opens_clause = first > 0 && tokens[first - 1].kind == Kind::Punct(b',');
    let found = if opens_clause {
        forward().or_else(backward)
    } else {
        backward().or_else(forward)
    };
    if let Some(tense) = found {
        return tense;
    }
    Tense::Unknown
}

struct Cues<'a> {
    tokens: &'a [Token],
    lower: &'a str,
    lexicon: &'a Lexicon,
}

impl Cues<'_> {
    fn word(&self, index: usize) -> &str {
        match self.tokens.get(index) {
            Some(token) if token.kind == Kind::Word => self
                .lower
                .get(token.start as usize..token.end as usize)
                .unwrap_or(""),
            _ => "",
        }
    }

    /// The tense signalled by a cue ending at token `index`, if any.
    fn at(&self, index: usize) -> Option<Tense> {
        let token = self.tokens.get(index)?;
        if token.kind != Kind::Word {
            return None;
        }
        let info = token.info;
        if info.has(PHRASE_END) {
            for (phrase, tense) in self.lexicon.phrases() {
                let Some(start) = (index + 1).checked_sub(phrase.len()) else {
                    continue;
                };
                if phrase
                    .iter()
                    .enumerate()
                    .all(|(offset, word)| self.word(start + offset) == *word)
                {
                    return Some(*tense);
                }
            }
        }
        // "May" the month is no modal.
        if info.has(MODAL_CUE) && !(token.capitalised && info.month > 0) {
            return match (self.word(index), self.word(index + 1)) {
                ("could", "not") | (_, "have" | "ve") => Some(Tense::Past),
                _ => Some(Tense::Future),
            };
        }
        // "is due to meet" points forward, "a landslide due to rain" not.
        if self.word(index) == "due" {
            let previous = index.checked_sub(1).map_or("", |i| self.word(i));
            if !matches!(
                previous,
                "is" | "are" | "was" | "were" | "be" | "been" | "s" | "re"
            ) {
                return None;
            }
        }
        if info.has(FUTURE_CUE) {
            // "would have met": a past seen from the past.
            if matches!(self.word(index + 1), "have" | "ve") {
                return Some(Tense::Past);
            }
            return Some(Tense::Future);
        }
        // "won't" is split into "won", "'", "t".
        let apostrophe =
            self.tokens.get(index + 1).map(|next| next.kind) == Some(Kind::Punct(b'\''));
        if self.word(index) == "won" && apostrophe && self.word(index + 2) == "t" {
            return Some(Tense::Future);
        }
        let passive = matches!(
            index.checked_sub(1).map(|i| self.word(i)),
            Some("be" | "been" | "being")
        );
        if info.has(PAST_CUE) && !passive {
            return Some(Tense::Past);
        }
        let word = self.word(index);
        if !token.capitalised
            && !passive
            && word.len() >= 4
            && word.ends_with("ed")
            && !info.has(NOT_PAST)
        {
            return Some(Tense::Past);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::builtin;
    use crate::token::{assign_sentences, tokenize};

    /// The tense around the first occurrence of `word` in `text`.
    fn tense(text: &str, word: &str) -> Tense {
        let lower = text.to_ascii_lowercase();
        let mut tokens = tokenize(text, &lower, builtin());
        assign_sentences(&mut tokens, &[]);
        let index = tokens
            .iter()
            .position(|token| &text[token.start as usize..token.end as usize] == word)
            .unwrap_or(0);
        tense_of(&tokens, &lower, builtin(), index, index)
    }

    #[test]
    fn nearest_cue_decides() {
        assert_eq!(
            tense("The minister is due to fly to Rome on Sunday.", "Sunday"),
            Tense::Future
        );
        assert_eq!(
            tense("The minister said on Sunday he would resign.", "Sunday"),
            Tense::Past
        );
        assert_eq!(
            tense("She said he would visit Cairo in April.", "April"),
            Tense::Future
        );
        assert_eq!(
            tense("The summit will be held on Friday.", "Friday"),
            Tense::Future
        );
        assert_eq!(
            tense("Rebels seized the town on Monday.", "Monday"),
            Tense::Past
        );
    }

    #[test]
    fn fronted_expressions_look_forward() {
        assert_eq!(
            tense("On Tuesday, he is due to meet the king.", "Tuesday"),
            Tense::Future
        );
        assert_eq!(
            tense("On Tuesday, rebels shelled the port.", "Tuesday"),
            Tense::Past
        );
        assert_eq!(tense("On Tuesday the port", "Tuesday"), Tense::Unknown);
        assert_eq!(
            tense("Aid could resume, on Monday rebels shelled it.", "on"),
            Tense::Past
        );
    }

    #[test]
    fn modals_point_forward_unless_negated() {
        assert_eq!(
            tense("She said the deal could be signed in July.", "July"),
            Tense::Future
        );
        assert_eq!(
            tense("Rescuers could not reach the site on Monday.", "Monday"),
            Tense::Past
        );
        assert_eq!(
            tense("Killed in May, the worst month since October", "October"),
            Tense::Unknown
        );
    }

    #[test]
    fn due_needs_a_form_of_be() {
        assert_eq!(
            tense("Talks are due to resume on Monday.", "Monday"),
            Tense::Future
        );
        assert_eq!(
            tense("It closed due to a landslide on Monday.", "Monday"),
            Tense::Past
        );
    }

    #[test]
    fn would_have_is_past() {
        assert_eq!(
            tense("He would have met them on Friday.", "Friday"),
            Tense::Past
        );
        assert_eq!(
            tense("He won't meet them on Friday.", "Friday"),
            Tense::Future
        );
        assert_eq!(tense("He won the vote on Friday.", "Friday"), Tense::Past);
    }
}
