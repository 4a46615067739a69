//! The annotation layers a `Doc` holds, one type per layer.
//!
//! Every layer item carries a `Span` into the document text. Items link to
//! each other by index newtypes (`ActorId`, `QuoteId`, ...), never by copied
//! text, so a layer can be rendered, highlighted or exported from spans alone.

use crate::codes::{ActorCode, ActorKind, CameoCode, Modality, Pos, QuoteKind};
use crate::span::Span;
use crate::time::TimeValue;
use crate::word::TokenStr;
use std::ops::Range;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into its layer.
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// Index of an actor in `Doc::actors`.
    ActorId
);
id_type!(
    /// Index of a quote in `Doc::quotes`.
    QuoteId
);
id_type!(
    /// Index of a place in `Doc::places`.
    PlaceId
);
id_type!(
    /// Index of a time expression in `Doc::times`.
    TimeId
);
id_type!(
    /// Index of a mention in `Doc::mentions`.
    MentionId
);

/// A token: a word, number or punctuation mark, with its tag once `tag` ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Where the token is in the text.
    pub span: Span,
    /// Lowercased surface form (with curly apostrophes made straight), for
    /// lookups; tokens spelt alike may share one copy.
    pub lower: TokenStr,
    /// Part of speech; `Pos::X` until the tagger runs.
    pub pos: Pos,
    /// Dictionary form (lowercase); equal to `lower` until the tagger runs.
    pub lemma: TokenStr,
}

impl Token {
    /// True when the token's text starts with an uppercase letter.
    pub fn is_capitalised(&self, text: &str) -> bool {
        text.get(self.span.start()..self.span.end())
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase)
    }
}

/// What role a sentence plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceKind {
    /// Ordinary article text.
    Body,
    /// A headline line before the body (no final punctuation, title case).
    Headline,
    /// Not article text ("share this story", "subscribe"): kept for offsets, ignored by stages.
    Boilerplate,
}

/// A sentence and the tokens inside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Where the sentence is in the text.
    pub span: Span,
    /// Indices into `Doc::tokens`.
    pub tokens: Range<u32>,
    /// Body, headline or boilerplate.
    pub kind: SentenceKind,
}

/// A dateline opening a wire story: "KYIV, March 3 (Reuters) -".
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// The whole dateline, up to and including the dash.
    pub span: Span,
    /// The place part ("KYIV" or "ZAPORIZHZHIA, Ukraine").
    pub place: Span,
    /// The date part, when present ("March 3").
    pub date: Option<Span>,
}

/// How an actor is referred to at one place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A person's name ("Sergey Lavrov", "Lavrov").
    Name,
    /// A title with or without a name ("Foreign Minister", "the Russian president").
    Title,
    /// A country name ("Russia", "the United States").
    Country,
    /// A demonym or adjective ("Russian", "Ukrainians").
    Demonym,
    /// A capital or seat of power used for its government ("Moscow", "the Kremlin").
    Metonym,
    /// A named organisation ("NATO", "Hamas", "the Pentagon").
    Organisation,
    /// A group noun giving a sector ("police", "troops", "protesters").
    Agent,
    /// A pronoun ("he", "she", "they").
    Pronoun,
    /// A definite description resolved by coreference ("the minister").
    Description,
}

/// One reference to an actor in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Where the mention is.
    pub span: Span,
    /// How the actor is referred to.
    pub kind: MentionKind,
    /// The actor, once resolved.
    pub actor: Option<ActorId>,
}

/// A participant: a person, organisation, country or group, coded CAMEO-style.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Canonical name ("Sergey Lavrov", "Russia", "Russian police").
    pub name: String,
    /// Country/organisation and sector at the document's date.
    pub code: ActorCode,
    /// Person, organisation, country or group.
    pub kind: ActorKind,
    /// The office or role held at the document's date ("foreign minister").
    pub role: Option<String>,
    /// Identity key: two mentions with the same key are the same actor.
    pub key: String,
}

/// A time expression and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// Where the expression is.
    pub span: Span,
    /// Its calendar value; `None` for durations and undatable references.
    pub value: Option<TimeValue>,
    /// For open intervals: "since 2019" starts at 2019, "until May" ends in May.
    pub open: Option<OpenEnd>,
}

/// Which side of an open interval a time expression bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenEnd {
    /// "since X", "from X": the interval starts at the value and stays open.
    From,
    /// "until X", "by X": the interval ends at the value.
    To,
}

/// What a place name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A country.
    Country,
    /// A first-order division (state, province, region, oblast).
    Admin1,
    /// A second-order division (county, district).
    Admin2,
    /// A populated place.
    City,
    /// A building, palace or landmark, located in a city.
    Landmark,
    /// A sea, continent or other region without a country.
    Region,
}

/// A place named in the text, resolved against the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Where the name is.
    pub span: Span,
    /// Canonical name ("Kyiv" for "Kiev").
    pub name: String,
    /// ISO 3166-1 alpha-2 country, absent for seas and continents.
    pub country: Option<String>,
    /// First-order division name, when known.
    pub admin1: Option<String>,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonames_id: Option<u32>,
    /// Country, division, city, landmark or region.
    pub kind: PlaceKind,
}

/// A quote: words reported as someone's, with the speaker and the cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// The whole quotation construction (content, cue and speaker).
    pub span: Span,
    /// The reported words (without quotation marks for direct quotes).
    pub content: Span,
    /// The speaker actor, when resolved.
    pub speaker: Option<ActorId>,
    /// The speaker mention nearest the quote ("Lavrov", "he", "the ministry").
    pub speaker_span: Option<Span>,
    /// The cue ("said", "according to").
    pub cue: Option<Span>,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The quote this one is nested inside (A says B acknowledged X).
    pub within: Option<QuoteId>,
}

/// Where an event's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// A time expression of the event's own clause.
    Text(TimeId),
    /// The dateline's date.
    Dateline,
    /// No date in the text: the publication date was used.
    Published,
}

/// When an event happened, and how that was decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventDate {
    /// The value.
    pub value: TimeValue,
    /// Where it came from.
    pub source: DateSource,
}

/// Who reports an event that the article does not state itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    /// The speaker whose words carry the event.
    pub claimant: Option<ActorId>,
    /// The quote the event came from.
    pub quote: QuoteId,
}

/// Who did what to whom: one coded event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The sentence the event was found in.
    pub sentence: Span,
    /// The words that triggered the pattern.
    pub trigger: Span,
    /// Who acted.
    pub source: Option<ActorId>,
    /// Who was acted upon.
    pub target: Option<ActorId>,
    /// The CAMEO code.
    pub cameo: CameoCode,
    /// True when the text says the event did not happen.
    pub negated: bool,
    /// Asserted, future, hypothetical, demanded or question.
    pub modality: Modality,
    /// Set when the event is known only through someone's words.
    pub attribution: Option<Attribution>,
    /// When it happened.
    pub date: Option<EventDate>,
    /// Where it happened.
    pub place: Option<PlaceId>,
    /// Id of the pattern that fired, as written in the pattern file.
    pub pattern: String,
    /// True when the text names no target and the events stage took the
    /// actor the story is about (the other party of the story's latest event).
    pub target_inferred: bool,
}
