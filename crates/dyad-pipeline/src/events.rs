//! `events`: who did what to whom — patterns (data) matched on each clause,
//! arguments from the clause structure, then negation, modality,
//! attribution, date and place.
//!
//! For each token, the patterns indexed under its lemma are tried; the most
//! specific match wins (`meet with $T` over `meet`). Slots the pattern does
//! not name come from the clause: the source is the subject (the `by` agent
//! in the passive), the target the object. "X and Y met" gives one event for
//! a symmetric pattern and one per direction otherwise. A verb governed by
//! another event's verb ("agreed to resume", "urged Russia to withdraw") is
//! not a second event. Cooperative acts announced for the future are coded as
//! the intent (03x) CAMEO gives for them.

use crate::clause::{
    ending_by, is_clause_edge, is_passive, mention_positions, starting_from, subject,
    verb_group_start, MentionPos,
};
use crate::{Layer, Stage};
use dyad_doc::{
    ActorId, Attribution, CameoCode, DateSource, Doc, Event, EventDate, Modality, PlaceId, Pos,
    QuoteId, Span, TimeValue,
};
use dyad_resources::{Element, Pattern, Resources};

/// The `events` stage.
pub struct Events;

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }
    fn requires(&self) -> &'static [Layer] {
        &[
            Layer::Tags,
            Layer::Actors,
            Layer::Times,
            Layer::Places,
            Layer::Quotes,
        ]
    }
    fn provides(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn annotate(&self, doc: &mut Doc, resources: &Resources) {
        let positions = mention_positions(doc);
        let mut events = Vec::new();
        let ranges: Vec<(Span, std::ops::Range<usize>)> = doc
            .content_sentences()
            .map(|(_, s)| (s.span, s.tokens.start as usize..s.tokens.end as usize))
            .collect();
        for (sentence_span, range) in ranges {
            let matches = match_sentence(doc, &positions, range.clone(), resources);
            for found in &matches {
                events.extend(build_events(
                    doc,
                    &positions,
                    &range,
                    sentence_span,
                    found,
                    resources,
                ));
            }
        }
        doc.events = dedupe(doc, events);
    }
}

/// A pattern matched at a trigger.
#[derive(Debug, Clone)]
pub struct Match<'r> {
    /// The pattern.
    pub pattern: &'r Pattern,
    /// First trigger token.
    pub trigger_start: usize,
    /// One past the last trigger token.
    pub trigger_end: usize,
    /// One past the last matched token.
    pub end: usize,
    /// The `$S` mention.
    pub source: Option<MentionPos>,
    /// The `$T` mention.
    pub target: Option<MentionPos>,
}

/// Determiners and possessives skipped silently between pattern words.
fn is_skippable(doc: &Doc, idx: usize) -> bool {
    doc.tokens.get(idx).is_some_and(|t| {
        t.pos == Pos::Det
            || matches!(
                &*t.lower,
                "its" | "their" | "his" | "her" | "our" | "a" | "an" | "the"
            )
    })
}

fn word_matches(doc: &Doc, idx: usize, word: &str) -> bool {
    doc.tokens
        .get(idx)
        .is_some_and(|t| &*t.lemma == word || &*t.lower == word)
}

/// The state of a forward match: where it stands and what it has bound.
#[derive(Debug, Clone, Copy)]
struct Progress {
    /// Next token to match.
    at: usize,
    /// One past the last token matched by a word element.
    last_word: usize,
    /// The `$S` mention, if bound.
    source: Option<MentionPos>,
    /// The `$T` mention, if bound.
    target: Option<MentionPos>,
}

/// What a forward match runs over: the clause's tokens and mentions.
struct Matcher<'a> {
    doc: &'a Doc,
    positions: &'a [MentionPos],
    elements: &'a [Element],
    limit: usize,
}

impl Matcher<'_> {
    /// Matches `elements[ei..]` from `progress`; returns the final progress.
    fn forward(&self, ei: usize, progress: Progress) -> Option<Progress> {
        let Some(element) = self.elements.get(ei) else {
            return Some(progress);
        };
        let doc = self.doc;
        match element {
            Element::Words(alternatives) => {
                let mut start = progress.at;
                for _ in 0..=2 {
                    for alternative in alternatives {
                        let len = alternative.len();
                        let fits = start + len <= self.limit
                            && alternative
                                .iter()
                                .enumerate()
                                .all(|(k, w)| word_matches(doc, start + k, w));
                        if fits {
                            let next = Progress {
                                at: start + len,
                                last_word: start + len,
                                ..progress
                            };
                            if let Some(found) = self.forward(ei + 1, next) {
                                return Some(found);
                            }
                        }
                    }
                    if start < self.limit && is_skippable(doc, start) {
                        start += 1;
                    } else {
                        break;
                    }
                }
                None
            }
            Element::Gap => {
                for gap in 0..=4 {
                    let end = progress.at + gap;
                    if end > self.limit {
                        break;
                    }
                    if gap > 0 {
                        let token = &doc.tokens[end - 1];
                        if token.pos == Pos::Verb
                            || matches!(&*token.lower, "," | ";" | ":" | "." | "and" | "but")
                            || is_clause_edge(doc, end - 1)
                        {
                            break;
                        }
                    }
                    if let Some(found) = self.forward(
                        ei + 1,
                        Progress {
                            at: end,
                            ..progress
                        },
                    ) {
                        return Some(found);
                    }
                }
                None
            }
            Element::Target | Element::Source => {
                let at = progress.at;
                let mention = starting_from(self.positions, at)
                    .iter()
                    .take_while(|p| p.start <= at + 2)
                    .find(|p| {
                        p.end <= self.limit
                            && (at..p.start)
                                .all(|i| is_skippable(doc, i) || doc.tokens[i].pos == Pos::Adj)
                    })?;
                let next = if matches!(element, Element::Target) {
                    Progress {
                        at: mention.end,
                        target: Some(*mention),
                        ..progress
                    }
                } else {
                    Progress {
                        at: mention.end,
                        source: Some(*mention),
                        ..progress
                    }
                };
                self.forward(ei + 1, next)
            }
        }
    }
}

/// Matches the elements before the trigger, backwards from token `before`.
fn match_backward(
    doc: &Doc,
    positions: &[MentionPos],
    elements: &[Element],
    floor: usize,
    before: usize,
) -> Option<Option<MentionPos>> {
    let mut at = before;
    let mut source = None;
    for element in elements.iter().rev() {
        match element {
            Element::Words(alternatives) => {
                let found = alternatives.iter().find(|alt| {
                    alt.len() <= at - floor
                        && alt
                            .iter()
                            .enumerate()
                            .all(|(k, w)| word_matches(doc, at - alt.len() + k, w))
                })?;
                at -= found.len();
            }
            Element::Gap => {}
            Element::Source | Element::Target => {
                let mention = ending_by(positions, at)
                    .iter()
                    .rev()
                    .take_while(|p| p.end + 1 >= at)
                    .find(|p| p.start >= floor)?;
                at = mention.start;
                source = Some(*mention);
            }
        }
    }
    Some(source)
}

/// Finds the best pattern match at each token of a sentence.
pub fn match_sentence<'r>(
    doc: &Doc,
    positions: &[MentionPos],
    range: std::ops::Range<usize>,
    resources: &'r Resources,
) -> Vec<Match<'r>> {
    let mut matches: Vec<Match<'r>> = Vec::new();
    for idx in range.clone() {
        let token = &doc.tokens[idx];
        let mut best: Option<Match<'r>> = None;
        for pattern in resources.patterns.for_trigger(&token.lemma).chain(
            if token.lemma != token.lower {
                Some(resources.patterns.for_trigger(&token.lower))
            } else {
                None
            }
            .into_iter()
            .flatten(),
        ) {
            let pos_ok = if pattern.flags.noun {
                matches!(token.pos, Pos::Noun | Pos::Propn)
            } else {
                token.pos == Pos::Verb
            };
            if !pos_ok {
                continue;
            }
            let source = if pattern.trigger > 0 {
                match match_backward(
                    doc,
                    positions,
                    &pattern.elements[..pattern.trigger],
                    range.start,
                    idx,
                ) {
                    Some(source) => source,
                    None => continue,
                }
            } else {
                None
            };
            let matcher = Matcher {
                doc,
                positions,
                elements: &pattern.elements,
                limit: range.end,
            };
            let Some(done) = matcher.forward(
                pattern.trigger,
                Progress {
                    at: idx,
                    last_word: idx,
                    source,
                    target: None,
                },
            ) else {
                continue;
            };
            let candidate = Match {
                pattern,
                trigger_start: idx,
                trigger_end: done.last_word.max(idx + 1),
                end: done.at,
                source: done.source,
                target: done.target,
            };
            // Ties go to the pattern loaded later, so user files override builtin ones.
            let better = best
                .as_ref()
                .is_none_or(|b| pattern.specificity() >= b.pattern.specificity());
            if better {
                best = Some(candidate);
            }
        }
        if let Some(found) = best {
            matches.push(found);
        }
    }
    // A verb governed by another trigger ("agreed to resume", "urged X to withdraw") is that trigger's content.
    let governed: Vec<bool> = matches
        .iter()
        .map(|m| {
            matches.iter().any(|other| {
                other.trigger_start < m.trigger_start && m.trigger_start <= other.end + 4 && {
                    let group = verb_group_start(doc, m.trigger_start, other.trigger_end);
                    (group..m.trigger_start).any(|i| &*doc.tokens[i].lower == "to")
                        && !(other.trigger_end..group).any(|i| {
                            is_clause_edge(doc, i) || matches!(&*doc.tokens[i].lower, "," | "and")
                        })
                }
            })
        })
        .collect();
    matches
        .into_iter()
        .zip(governed)
        .filter(|(_, governed)| !governed)
        .map(|(m, _)| m)
        .collect()
}

/// The object of a trigger: the first mention after `from` in the clause (and a coordinated second).
fn object(
    doc: &Doc,
    positions: &[MentionPos],
    from: usize,
    limit: usize,
    skip_by: bool,
) -> Vec<MentionPos> {
    let mut edge = limit;
    for idx in from..limit {
        if is_clause_edge(doc, idx)
            || (matches!(&*doc.tokens[idx].lower, ",")
                && doc
                    .tokens
                    .get(idx + 1)
                    .is_some_and(|t| matches!(&*t.lower, "which" | "who" | "saying" | "while")))
        {
            edge = idx;
            break;
        }
    }
    let first = starting_from(positions, from)
        .iter()
        .take_while(|p| p.start < edge)
        .find(|p| {
            p.end <= edge && !(skip_by && p.start > 0 && &*doc.tokens[p.start - 1].lower == "by")
        });
    let Some(first) = first else {
        return Vec::new();
    };
    let mut objects = vec![*first];
    if doc
        .tokens
        .get(first.end)
        .is_some_and(|t| matches!(&*t.lower, "and" | "&"))
    {
        if let Some(second) = starting_from(positions, first.end + 1)
            .iter()
            .take_while(|p| p.start == first.end + 1)
            .find(|p| p.end <= edge)
        {
            objects.push(*second);
        }
    }
    objects
}

/// Verbs whose infinitive complement states an intent, not an act.
const INTENT_GOVERNORS: &[&str] = &[
    "plan", "intend", "aim", "prepare", "seek", "want", "hope", "expect", "ready", "willing",
    "prepared", "due", "set", "likely", "decide", "agree", "pledge", "promise", "vow", "offer",
    "commit",
];

/// Negation and modality of the trigger from its verb group and clause.
fn modality_of(doc: &Doc, floor: usize, trigger: usize, resources: &Resources) -> (bool, Modality) {
    let group = verb_group_start(doc, trigger, floor);
    let lemmas: Vec<&str> = (group..trigger).map(|i| &*doc.tokens[i].lemma).collect();
    let lowers: Vec<&str> = (group..trigger).map(|i| &*doc.tokens[i].lower).collect();
    let mut negated = lowers.iter().any(|w| matches!(*w, "not" | "n't" | "never"));
    // "failed to", "refused to" just before the group.
    let window: Vec<&str> = (group.saturating_sub(3).max(floor)..trigger)
        .map(|i| &*doc.tokens[i].lemma)
        .collect();
    for cue in &resources.lexicon.negation {
        if cue.len() > 1
            && window
                .windows(cue.len())
                .any(|w| w.iter().zip(cue).all(|(a, b)| *a == b))
        {
            negated = true;
        }
    }
    if trigger > floor && matches!(&*doc.tokens[trigger - 1].lower, "no") {
        negated = true;
    }
    let mut modality = Modality::Asserted;
    for (cue, cue_modality) in &resources.lexicon.modality {
        let present = if cue.len() == 1 {
            lemmas.contains(&cue[0].as_str()) || lowers.contains(&cue[0].as_str())
        } else {
            window
                .windows(cue.len())
                .any(|w| w.iter().zip(cue).all(|(a, b)| *a == b))
        };
        if present && !matches!(cue[0].as_str(), "if" | "unless" | "whether" | "in") {
            modality = *cue_modality;
            break;
        }
    }
    // "would" reports a future decision unless a condition governs the clause.
    let conditional =
        (floor..trigger).any(|i| matches!(&*doc.tokens[i].lower, "if" | "unless" | "whether"));
    if conditional {
        modality = Modality::Hypothetical;
    } else if modality == Modality::Hypothetical && lemmas.contains(&"would") {
        modality = Modality::Future;
    }
    // An intent governor before the infinitive: "plans to visit", "ready to agree".
    if group > floor + 1 && lowers.first() == Some(&"to") {
        let governor = &*doc.tokens[group - 1].lemma;
        if INTENT_GOVERNORS.contains(&governor) && modality == Modality::Asserted {
            modality = Modality::Future;
        }
    }
    let last = doc.tokens[floor..]
        .iter()
        .take_while(|t| t.span.start >= doc.tokens[floor].span.start)
        .last();
    let _ = last;
    (negated, modality)
}

/// Speech-act codes that the saying itself performs (no claimant when the speaker's side acts).
fn is_speech_act(code: CameoCode) -> bool {
    matches!(code.root(), "01" | "02" | "03" | "10" | "11" | "12" | "13")
        || matches!(code.as_str(), "051" | "052" | "053" | "055" | "056")
}

fn build_events(
    doc: &Doc,
    positions: &[MentionPos],
    range: &std::ops::Range<usize>,
    sentence: Span,
    found: &Match<'_>,
    resources: &Resources,
) -> Vec<Event> {
    let pattern = found.pattern;
    let trigger = found.trigger_start;
    let group = verb_group_start(doc, trigger, range.start);
    let passive = !pattern.flags.noun && is_passive(doc, trigger, group);
    let mut sources: Vec<MentionPos> = found.source.into_iter().collect();
    let mut targets: Vec<MentionPos> = found.target.into_iter().collect();
    if passive {
        // "X was received by Y": Y acts on X.
        let agent = (found.end..range.end.min(found.end + 6))
            .find(|&i| &*doc.tokens[i].lower == "by")
            .and_then(|by| {
                starting_from(positions, by + 1)
                    .iter()
                    .take_while(|p| p.start <= by + 2)
                    .next()
            });
        let patient = subject(doc, positions, range.start, trigger);
        if let Some(agent) = agent {
            sources = vec![*agent];
        }
        if targets.is_empty() {
            targets = patient;
        }
    }
    if sources.is_empty() {
        if pattern.flags.noun {
            // "Russia's invasion", "Israeli strikes": the mention right before the noun.
            if let Some(p) = ending_by(positions, trigger)
                .iter()
                .rev()
                .take_while(|p| p.end + 2 >= trigger)
                .find(|p| p.start >= range.start)
            {
                sources.push(*p);
            }
        } else {
            sources = subject(doc, positions, range.start, trigger);
        }
    }
    if targets.is_empty() && !passive {
        let from = found.end.max(found.trigger_end);
        targets = object(doc, positions, from, range.end, true);
        targets.retain(|t| !sources.contains(t));
    }
    let actor = |p: &MentionPos| doc.mentions[p.id.index()].actor;
    let source_actors: Vec<ActorId> = sources.iter().filter_map(actor).collect();
    let mut target_actors: Vec<Option<ActorId>> =
        targets.iter().map(actor).filter(|a| a.is_some()).collect();
    let mut pairs: Vec<(ActorId, Option<ActorId>)> = Vec::new();
    if source_actors.len() == 2 && target_actors.is_empty() {
        pairs.push((source_actors[0], Some(source_actors[1])));
        if !pattern.flags.symmetric {
            pairs.push((source_actors[1], Some(source_actors[0])));
        }
    } else {
        if target_actors.is_empty() {
            target_actors.push(None);
        }
        for source in &source_actors {
            for target in &target_actors {
                if Some(*source) != *target {
                    pairs.push((*source, *target));
                }
            }
        }
    }
    let (negated, mut modality) = modality_of(doc, range.start, trigger, resources);
    if doc.tokens[range.end - 1].lower.as_ref() == "?" {
        modality = Modality::Question;
    }
    let mut cameo = pattern.cameo;
    if modality == Modality::Future {
        if let Some(intent) = resources.cameo.get(cameo).and_then(|info| info.intent) {
            cameo = intent;
            modality = Modality::Asserted;
        }
    }
    let trigger_span = doc.tokens[trigger]
        .span
        .cover(doc.tokens[found.trigger_end - 1].span);
    // Attribution: the innermost quote whose content holds the trigger.
    let quote = doc
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| q.content.contains(trigger_span))
        .min_by_key(|(_, q)| q.content.len())
        .map(|(idx, q)| (QuoteId(idx as u32), q));
    let date = event_date(doc, sentence, trigger_span, quote.map(|(_, q)| q.content));
    let place = event_place(doc, sentence, trigger_span, quote.map(|(_, q)| q.content));
    let mut events = Vec::new();
    for (source, target) in pairs {
        if target.is_none() && !pattern.flags.no_target {
            continue;
        }
        let attribution = quote.and_then(|(quote_id, q)| {
            if q.cue.is_some_and(|cue| cue.overlaps(trigger_span)) {
                return None;
            }
            let same_side = q
                .speaker
                .zip(Some(source))
                .is_some_and(|(speaker, source)| {
                    let a = doc.actor(speaker).map(|a| a.code.top().to_string());
                    let b = doc.actor(source).map(|a| a.code.top().to_string());
                    a.is_some() && a == b
                });
            if is_speech_act(cameo) && same_side {
                return None;
            }
            Some(Attribution {
                claimant: q.speaker,
                quote: quote_id,
            })
        });
        events.push(Event {
            sentence,
            trigger: trigger_span,
            source: Some(source),
            target,
            cameo,
            negated,
            modality,
            attribution,
            date,
            place,
            pattern: pattern.id.clone(),
        });
    }
    events
}

/// The date of an event: the time expression of its sentence nearest the trigger
/// (inside the quote when the event is reported speech), else the publication date.
fn event_date(
    doc: &Doc,
    sentence: Span,
    trigger: Span,
    quote_content: Option<Span>,
) -> Option<EventDate> {
    let candidates = doc.times.iter().enumerate().filter(|(_, t)| {
        t.value.is_some()
            && sentence.contains(t.span)
            && match quote_content {
                Some(content) => content.contains(t.span),
                None => !doc
                    .quotes
                    .iter()
                    .any(|q| q.content.contains(t.span) && !q.content.contains(trigger)),
            }
    });
    let nearest = candidates.min_by_key(|(_, t)| {
        if t.span.start >= trigger.end {
            t.span.start - trigger.end
        } else {
            (trigger.start - t.span.end).saturating_add(8)
        }
    });
    match nearest {
        Some((idx, time)) => time.value.map(|value| EventDate {
            value,
            source: DateSource::Text(dyad_doc::TimeId(idx as u32)),
        }),
        None => doc.meta.published.map(|day| EventDate {
            value: TimeValue::Day(day),
            source: DateSource::Published,
        }),
    }
}

/// Prepositions that place an event at the place they govern.
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "outside", "inside", "on", "across", "over", "into",
];

/// The place of an event: a place of its sentence governed by a locative preposition.
fn event_place(
    doc: &Doc,
    sentence: Span,
    trigger: Span,
    quote_content: Option<Span>,
) -> Option<PlaceId> {
    doc.places
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            sentence.contains(p.span) && quote_content.is_none_or(|c| c.contains(p.span))
        })
        .filter(|(_, p)| {
            let first = doc.token_at_or_after(p.span.start());
            let mut before = first;
            while before > 0 && matches!(&*doc.tokens[before - 1].lower, "the" | "a") {
                before -= 1;
            }
            before > 0 && PLACE_PREPOSITIONS.contains(&&*doc.tokens[before - 1].lower)
        })
        .min_by_key(|(_, p)| {
            if p.span.start >= trigger.end {
                p.span.start - trigger.end
            } else {
                trigger.start - p.span.end + 20
            }
        })
        .map(|(idx, _)| PlaceId(idx as u32))
}

/// One event per (source, target, root) in a document: a headline, a lede and a
/// later quote about one act are one event. An asserted event replaces an
/// earlier non-asserted twin.
fn dedupe(doc: &Doc, events: Vec<Event>) -> Vec<Event> {
    let top = |id: Option<ActorId>| {
        id.and_then(|id| doc.actor(id))
            .map(|a| a.code.top().to_string())
    };
    let mut kept: Vec<Event> = Vec::new();
    for event in events {
        let key = (
            top(event.source),
            top(event.target),
            event.cameo.root().to_string(),
        );
        let asserted = |e: &Event| {
            !e.negated && !matches!(e.modality, Modality::Hypothetical | Modality::Question)
        };
        if let Some(existing) = kept.iter_mut().find(|e| {
            (top(e.source), top(e.target), e.cameo.root().to_string()) == key
                || (top(e.target), top(e.source), e.cameo.root().to_string()) == key
                    && matches!(key.2.as_str(), "03" | "04" | "05" | "06")
        }) {
            if !asserted(existing) && asserted(&event) {
                *existing = event;
            }
            continue;
        }
        kept.push(event);
    }
    kept
}
