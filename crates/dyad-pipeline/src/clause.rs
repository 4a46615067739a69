//! Light clause structure over tagged tokens: verb groups, clause edges,
//! mention positions — what the quotes and events stages need to find
//! subjects, objects, negation and modality without a full parser.

use dyad_doc::{Doc, MentionId, MentionKind, Pos};

/// A mention's position in tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionPos {
    /// The mention.
    pub id: MentionId,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// Token positions of every mention, in text order.
pub fn mention_positions(doc: &Doc) -> Vec<MentionPos> {
    doc.mentions
        .iter()
        .enumerate()
        .map(|(idx, mention)| {
            let start = doc
                .token_at_or_after(mention.span.start() + 1)
                .saturating_sub(1);
            let start = if doc
                .tokens
                .get(start)
                .is_some_and(|t| t.span.end <= mention.span.start)
            {
                start + 1
            } else {
                start
            };
            let mut end = start;
            while end < doc.tokens.len() && doc.tokens[end].span.start < mention.span.end {
                end += 1;
            }
            MentionPos {
                id: MentionId(idx as u32),
                start,
                end: end.max(start + 1),
            }
        })
        .collect()
}

/// The mentions starting at or after token `from` (positions are sorted by start).
pub fn starting_from(positions: &[MentionPos], from: usize) -> &[MentionPos] {
    &positions[positions.partition_point(|p| p.start < from)..]
}

/// The mentions ending at or before token `end`, for scanning backwards.
pub fn ending_by(positions: &[MentionPos], end: usize) -> &[MentionPos] {
    &positions[..positions.partition_point(|p| p.end <= end)]
}

/// Verbs followed directly by a clause: the actor after them is that clause's
/// subject ("saying Trump had acknowledged"), not their object.
pub(crate) const CLAUSE_TAKING_VERBS: &[&str] = &[
    "say", "add", "argue", "claim", "insist", "believe", "think", "note", "stress", "suggest",
    "assert", "fear", "hope", "warn", "announce", "confirm", "deny", "report", "allege",
];

/// Words that open a subordinate or relative clause.
const CLAUSE_OPENERS: &[&str] = &[
    "which", "who", "whom", "whose", "while", "whereas", "although", "though", "because", "after",
    "before", "since", "when", "if", "unless", "until", "as", "where", "but",
];

/// True when token `idx` separates clauses for argument search.
pub fn is_clause_edge(doc: &Doc, idx: usize) -> bool {
    let Some(token) = doc.tokens.get(idx) else {
        return true;
    };
    let lower = &*token.lower;
    matches!(lower, ";" | ":" | "-" | "--" | "\"" | "(" | ")")
        || (CLAUSE_OPENERS.contains(&lower)
            && matches!(token.pos, Pos::Sconj | Pos::Pron | Pos::Adp | Pos::Cconj))
        || (lower == "that" && token.pos == Pos::Sconj)
}

/// Auxiliaries, negation and adverbs that belong to the verb group before a verb.
pub fn verb_group_start(doc: &Doc, verb: usize, floor: usize) -> usize {
    let mut start = verb;
    while start > floor {
        let token = &doc.tokens[start - 1];
        // "have", "be" and "do" before another verb are auxiliaries even when tagged VERB.
        let auxiliary_verb = token.pos == Pos::Verb
            && matches!(&*token.lemma, "have" | "be" | "do")
            && start == verb;
        let in_group = auxiliary_verb
            || matches!(token.pos, Pos::Aux | Pos::Adv | Pos::Part)
            || matches!(
                &*token.lower,
                "not" | "n't" | "never" | "to" | "also" | "reportedly" | "allegedly"
            );
        if !in_group {
            break;
        }
        start -= 1;
    }
    start
}

/// Verbs whose past participle is their base form: "was hit", "has been put" are
/// passives although the word equals its lemma.
const SAME_FORM_PARTICIPLES: &[&str] = &[
    "put",
    "set",
    "cut",
    "hit",
    "let",
    "shut",
    "spread",
    "cast",
    "hurt",
    "quit",
    "split",
    "upset",
    "broadcast",
    "burst",
    "thrust",
    "shed",
];

/// True when the verb at `verb` is passive: a form of "be"/"get" in its group and a past participle.
pub fn is_passive(doc: &Doc, verb: usize, group_start: usize) -> bool {
    let has_be = (group_start..verb).any(|idx| {
        matches!(&*doc.tokens[idx].lemma, "be" | "get") && doc.tokens[idx].pos == Pos::Aux
    });
    let lower = &*doc.tokens[verb].lower;
    let participle = (lower != &*doc.tokens[verb].lemma
        && (lower.ends_with("ed")
            || lower.ends_with("en")
            || lower.ends_with('t')
            || lower.ends_with('n')))
        || (has_be && SAME_FORM_PARTICIPLES.contains(&lower));
    // A reduced passive after a noun: "talks mediated by Qatar", "a deal facilitated by the
    // Vatican" (a plural noun after a preposition or determiner may be tagged a verb).
    let noun_like = |i: usize| {
        let token = &doc.tokens[i];
        matches!(token.pos, Pos::Noun | Pos::Propn | Pos::Punct)
            || (token.pos == Pos::Verb
                && token.lower.ends_with('s')
                && i > 0
                && matches!(
                    doc.tokens[i - 1].pos,
                    Pos::Adp | Pos::Sconj | Pos::Det | Pos::Num | Pos::Adj
                ))
    };
    // "officials accused of playing a role": these verbs name the charge after "of"
    // only once their object is the subject, so "accused of" right after a noun is passive.
    let next_word = doc.tokens.get(verb + 1).map(|t| &*t.lower);
    let charged = next_word == Some("of")
        && matches!(
            &*doc.tokens[verb].lemma,
            "accuse" | "suspect" | "convict" | "acquit"
        );
    // "There were ten soldiers killed in the raid": after "there" and "be", the
    // participle describes the noun phrase.
    let existential = (group_start.saturating_sub(8)..group_start)
        .rev()
        .take_while(|&i| !is_clause_edge(doc, i) && &*doc.tokens[i].lower != ",")
        .any(|i| {
            &*doc.tokens[i].lower == "there"
                && doc.tokens.get(i + 1).is_some_and(|t| &*t.lemma == "be")
        });
    let reduced = verb > 0
        && noun_like(verb - 1)
        && group_start == verb
        && (next_word == Some("by") || charged || existential);
    // "Serb forces were engaged in ethnic cleansing", "Israel is opposed to French
    // mediation": a state the subject is in, with the subject as its agent, not a passive.
    let next = doc.tokens.get(verb + 1).map(|t| &*t.lower);
    let stative = match &*doc.tokens[verb].lemma {
        "engage" | "involve" | "embroil" | "entangle" | "mire" => next == Some("in"),
        "oppose" | "commit" => next == Some("to"),
        _ => false,
    };
    participle && (has_be || reduced) && !stative
}

/// Words that, tagged as prepositions, also open a finite clause ("after Russia
/// attacked", "before the army withdrew"): a mention after them that the verb group
/// follows is that clause's subject, not the object of a preposition.
const SUBORDINATORS: &[&str] = &["after", "before", "since", "until", "as", "while"];

/// The subject of the verb at `verb`: one mention, or two when coordinated ("Russia and Ukraine").
pub fn subject(doc: &Doc, positions: &[MentionPos], floor: usize, verb: usize) -> Vec<MentionPos> {
    let group = verb_group_start(doc, verb, floor);
    // A conjunct verb ("suspended the treaty, closed the border and recalled its
    // envoy") shares the subject of the verb before it, not its object.
    if let Some(previous) = conjunct_of(doc, floor, group) {
        let shared = subject(doc, positions, floor, previous);
        if !shared.is_empty() {
            return shared;
        }
    }
    // "Mali, Burkina Faso and Niger announced that they were withdrawing": "they"
    // as the subject of a reported clause stands for the speakers.
    if group > floor && &*doc.tokens[group - 1].lower == "they" {
        if let Some(speakers) = reporting_subject(doc, positions, floor, group - 1) {
            return speakers;
        }
    }
    // "Peru said that lifting the embargo was out of the question": a gerund opening
    // a reported clause has no subject of its own; the speaker's words say what the
    // speaker would (not) do, so the speaker is its source.
    if group == verb && group > floor && doc.tokens[verb].lower.ends_with("ing") {
        let opens = &doc.tokens[group - 1];
        let reported = (&*opens.lower == "that" && opens.pos == Pos::Sconj)
            || (opens.pos == Pos::Verb && REPORTING_VERBS.contains(&&*opens.lemma));
        if reported {
            if let Some(speakers) = reporting_subject(doc, positions, floor, group) {
                return speakers;
            }
        }
    }
    let mut idx = group;
    while idx > floor {
        idx -= 1;
        let token = &doc.tokens[idx];
        if matches!(&*token.lower, ";" | ":")
            || (&*token.lower == "that" && token.pos == Pos::Sconj)
        {
            return Vec::new();
        }
        if matches!(&*token.lower, "who" | "which") {
            // Relative clause: the antecedent is the mention just before.
            let mut before = idx;
            while before > floor && matches!(&*doc.tokens[before - 1].lower, ",") {
                before -= 1;
            }
            return ending_by(positions, before)
                .iter()
                .rev()
                .take_while(|p| p.end + 1 >= before)
                .find(|p| p.end == before)
                .copied()
                .into_iter()
                .collect();
        }
        if let Some(mention) = ending_by(positions, idx + 1)
            .iter()
            .rev()
            .take_while(|p| p.end == idx + 1)
            .find(|p| p.start >= floor)
        {
            let before = mention.start.checked_sub(1).map(|i| &doc.tokens[i]);
            // "with Oman's minister shuttling messages": the mention right before
            // a participle after "with" is its subject.
            let opener = (floor..mention.start)
                .rev()
                .find(|&i| !matches!(doc.tokens[i].pos, Pos::Adj | Pos::Det))
                .map(|i| &*doc.tokens[i].lower);
            let absolute = opener == Some("with")
                && mention.end == group
                && doc.tokens[verb].lower.ends_with("ing");
            // "hours after Trump spoke with Putin": a subordinator right before a
            // mention that the verb group follows opens a clause whose subject it is.
            let subordinate =
                mention.end == group && before.is_some_and(|t| SUBORDINATORS.contains(&&*t.lower));
            let in_phrase = !absolute
                && !subordinate
                && before.is_some_and(|t| {
                    (t.pos == Pos::Adp && &*t.lower != "of")
                        || (t.pos == Pos::Verb
                            && mention.start > floor
                            && !hyphenated_participle(&t.lower)
                            && !CLAUSE_TAKING_VERBS.contains(&&*t.lemma)
                            && !(opens_clause(doc, floor, mention.start - 1)
                                && matches!(
                                    doc.mentions[mention.id.index()].kind,
                                    MentionKind::Name | MentionKind::Title
                                )))
                });
            if in_phrase {
                idx = mention.start;
                continue;
            }
            let mut subjects = vec![*mention];
            // Coordination: "South Korea, Japan and the United States".
            let mut first = *mention;
            let mut seen_and = false;
            let mut serial_comma = false;
            while first.start >= 2 + floor {
                let mut joiner_at = first.start - 1;
                let joined = match &*doc.tokens[joiner_at].lower {
                    "and" | "&" if !seen_and => {
                        seen_and = true;
                        // The serial comma: "the US, Russia, and Switzerland".
                        if joiner_at > floor + 1 && &*doc.tokens[joiner_at - 1].lower == "," {
                            joiner_at -= 1;
                            serial_comma = true;
                        }
                        true
                    }
                    "," => seen_and,
                    _ => false,
                };
                if !joined {
                    break;
                }
                let Some(previous) = ending_by(positions, joiner_at)
                    .iter()
                    .rev()
                    .take_while(|p| p.end == joiner_at)
                    .find(|p| p.start >= floor)
                else {
                    break;
                };
                // ", and" also joins two clauses ("Kyiv was ready to talk to
                // Russia, and Washington agreed"): it joins a list only when a
                // comma and a third member come before.
                if std::mem::take(&mut serial_comma) {
                    let third = previous.start > floor + 1
                        && &*doc.tokens[previous.start - 1].lower == ","
                        && ending_by(positions, previous.start - 1)
                            .iter()
                            .any(|p| p.end == previous.start - 1 && p.start >= floor);
                    if !third {
                        break;
                    }
                }
                subjects.insert(0, *previous);
                first = *previous;
            }
            return subjects;
        }
    }
    Vec::new()
}

/// Whether a word is a hyphenated participle ("Kremlin-linked", "US-led",
/// "state-run", "rebel-held"): tagged a verb, it still only describes the noun
/// after it ("Kremlin-linked hackers attacked"), which stays the subject rather
/// than becoming the verb's object.
fn hyphenated_participle(word: &str) -> bool {
    word.rsplit_once('-').is_some_and(|(head, last)| {
        !head.is_empty()
            && (last.ends_with("ed") || matches!(last, "run" | "held" | "built" | "made"))
    })
}

/// Whether the verb at `verb` opens its clause, with only adverbs and determiners
/// before it: "Newly appointed Prime Minister X has refused", "Ousted president X
/// was accused". Before a person's name or title such a participle describes the
/// person, who stays the subject; it is not a verb whose object the mention is.
/// Kept to persons, where such participles name an office or a fate ("appointed",
/// "ousted", "jailed"); before group nouns ("Masked gang members") it is untested.
fn opens_clause(doc: &Doc, floor: usize, verb: usize) -> bool {
    (floor..verb).all(|i| matches!(doc.tokens[i].pos, Pos::Adv | Pos::Det))
}

/// Verbs that report their subject's own words or acts; "claimed that they had
/// attacked" or "feared that they" leave the act unasserted, and are not here.
const REPORTING_VERBS: &[&str] = &[
    "say", "announce", "confirm", "add", "report", "state", "tell",
];

/// The subject of the verb of saying whose reported clause opens with the pronoun
/// at `pronoun` ("announced on Sunday that they", "said they"): the mentions of
/// the speakers, or `None` when no such verb governs the pronoun.
fn reporting_subject(
    doc: &Doc,
    positions: &[MentionPos],
    floor: usize,
    pronoun: usize,
) -> Option<Vec<MentionPos>> {
    let mut idx = pronoun;
    // Between the verb and the pronoun: "that" and a time phrase at most.
    while idx > floor && pronoun - idx < 6 {
        idx -= 1;
        let token = &doc.tokens[idx];
        if token.pos == Pos::Verb && REPORTING_VERBS.contains(&&*token.lemma) {
            let speakers = subject(doc, positions, floor, idx);
            return (!speakers.is_empty()).then_some(speakers);
        }
        let between = (&*token.lower == "that" && token.pos == Pos::Sconj)
            || matches!(
                token.pos,
                Pos::Adp | Pos::Propn | Pos::Num | Pos::Det | Pos::Adv
            );
        if !between {
            return None;
        }
    }
    None
}

/// When the verb group at `group` follows "and", "but", "or" or a comma directly,
/// the verb of the clause before it (back to `floor`, without crossing a clause
/// edge): the earlier verb of a coordinated verb phrase.
pub(crate) fn conjunct_of(doc: &Doc, floor: usize, group: usize) -> Option<usize> {
    if group <= floor + 1 {
        return None;
    }
    let joiner = &*doc.tokens[group - 1].lower;
    if !matches!(joiner, "and" | "but" | "or" | ",") {
        return None;
    }
    let mut idx = group - 1;
    while idx > floor {
        idx -= 1;
        let token = &doc.tokens[idx];
        if matches!(&*token.lower, ";" | ":")
            || (&*token.lower == "that" && token.pos == Pos::Sconj)
        {
            return None;
        }
        // "ordered the diplomats to leave the country, accusing them": an
        // infinitive is the object of the verb before it, not a conjunct.
        let infinitive = idx > floor && &*doc.tokens[idx - 1].lower == "to";
        if token.pos == Pos::Verb && !infinitive {
            return Some(idx);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphenated_participles_are_modifiers() {
        for word in [
            "kremlin-linked",
            "us-led",
            "state-run",
            "rebel-held",
            "iran-backed",
        ] {
            assert!(hyphenated_participle(word), "{word}");
        }
        for word in ["linked", "re-elect", "-ed", "follow-up"] {
            assert!(!hyphenated_participle(word), "{word}");
        }
    }
}
