//! dyad's resources: the data files under `data/` (actors, event patterns,
//! lexicons, CAMEO tables), compiled into the binary and parsed once.
//!
//! Every file states its source and licence in its header; formats are in
//! `data/README.md`. This crate parses; it never opens files — users' own
//! files are read by the CLI and handed over as text through
//! [`ResourcesBuilder`].
//!
//! ```
//! let resources = dyad_resources::Resources::builtin();
//! assert!(!resources.actors.countries.is_empty());
//! ```

pub mod actors;
pub mod cameo;
pub mod error;
pub mod geo_words;
pub mod interned;
pub mod lexicon;
pub mod patterns;
pub mod text;
pub mod trie;

pub use actors::{ActorDictionary, Entry, Gender, OrgKind, Person, PhraseCase};
pub use cameo::{CameoInfo, CameoTable};
pub use dyad_doc::hash::{FastHasher, FastMap, FastSet};
pub use error::ResourceError;
pub use geo_words::{GeoClass, GeoClasses, GeoWords};
pub use lexicon::{CueKind, Lexicon};
pub use patterns::{Element, Pattern, PatternFlags, PatternSet};

use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// Everything the pipeline stages read, immutable once built.
///
/// Share it by reference (`&Resources`) or `Arc` across threads; nothing in it
/// changes after [`ResourcesBuilder::build`].
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Word lists.
    pub lexicon: Lexicon,
    /// Actors.
    pub actors: ActorDictionary,
    /// Event patterns.
    pub patterns: PatternSet,
    /// CAMEO code table.
    pub cameo: CameoTable,
}

static BUILTIN: LazyLock<Resources> = LazyLock::new(|| {
    ResourcesBuilder::with_builtin()
        .and_then(ResourcesBuilder::build)
        .expect("builtin resources parse (tested by builtin_resources_parse)")
});

impl Resources {
    /// The builtin resources, parsed on first use.
    pub fn builtin() -> &'static Resources {
        &BUILTIN
    }
}

/// Which kind of user file is being added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserFileKind {
    /// `people/*.tsv` format.
    People,
    /// `countries.tsv` format.
    Countries,
    /// `organisations.tsv` format.
    Organisations,
    /// `agents.tsv` format.
    Agents,
    /// `seats.tsv` format.
    Seats,
    /// `roles.tsv` format.
    Roles,
    /// `patterns/*.txt` format.
    Patterns,
    /// `lexicon/geo-words.tsv` format: words that tell a place name from other uses.
    GeoWords,
    /// `lexicon/noun-classes.tsv` format: the noun classes the event stage asks about.
    NounClasses,
}

/// Collects builtin and user files in order, then parses them into [`Resources`].
#[derive(Debug, Clone, Default)]
pub struct ResourcesBuilder {
    resources: Resources,
}

/// How a builtin lexicon file is read: (lexicon, file name, text). Plain word
/// lists cannot be malformed (`Plain`); files with columns can (`Checked`).
enum LexiconLoader {
    Plain(fn(&mut Lexicon, &str, &str)),
    Checked(fn(&mut Lexicon, &str, &str) -> Result<(), ResourceError>),
}

/// The builtin lexicon files, each named once with its loader, in load order.
const LEXICON_FILES: &[(&str, LexiconLoader)] = &[
    (
        "lexicon/abbreviations.txt",
        LexiconLoader::Plain(Lexicon::add_abbreviations),
    ),
    (
        "lexicon/abbreviations-final.txt",
        LexiconLoader::Plain(Lexicon::add_final_abbreviations),
    ),
    (
        "lexicon/sentence-starters.txt",
        LexiconLoader::Plain(Lexicon::add_sentence_starters),
    ),
    (
        "lexicon/boilerplate.txt",
        LexiconLoader::Plain(Lexicon::add_boilerplate),
    ),
    (
        "lexicon/quote-cues.tsv",
        LexiconLoader::Checked(Lexicon::add_quote_cues),
    ),
    (
        "lexicon/non-political.tsv",
        LexiconLoader::Checked(Lexicon::add_domains),
    ),
    (
        "lexicon/surname-first.txt",
        LexiconLoader::Plain(Lexicon::add_surname_first),
    ),
    (
        "lexicon/event-nouns.txt",
        LexiconLoader::Plain(Lexicon::add_event_nouns),
    ),
    (
        "lexicon/military-hardware.txt",
        LexiconLoader::Plain(Lexicon::add_military_hardware),
    ),
    (
        "lexicon/noun-classes.tsv",
        LexiconLoader::Checked(Lexicon::add_noun_classes),
    ),
    (
        "lexicon/geo-words.tsv",
        LexiconLoader::Checked(Lexicon::add_geo_words),
    ),
    (
        "lexicon/implied-agents.tsv",
        LexiconLoader::Checked(Lexicon::add_implied_agents),
    ),
    (
        "lexicon/negation.txt",
        LexiconLoader::Plain(Lexicon::add_negation),
    ),
    (
        "lexicon/modality.tsv",
        LexiconLoader::Checked(Lexicon::add_modality),
    ),
];

/// The CAMEO code table's builtin file.
const CAMEO_FILE: &str = "cameo/cameo.tsv";

/// The text of builtin file `path`; a missing one is an error (a bug this
/// crate's tests catch), not a silently empty list.
fn builtin_file(path: &str) -> Result<&'static str, ResourceError> {
    BUILTIN_FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
        .ok_or_else(|| ResourceError {
            file: path.to_string(),
            line: 0,
            message: "no such builtin file".to_string(),
        })
}

impl ResourcesBuilder {
    /// A builder holding the builtin files.
    ///
    /// # Errors
    /// A builtin file that does not parse (a bug caught by this crate's tests).
    pub fn with_builtin() -> Result<ResourcesBuilder, ResourceError> {
        let mut builder = ResourcesBuilder::default();
        for (path, loader) in LEXICON_FILES {
            let (lexicon, text) = (&mut builder.resources.lexicon, builtin_file(path)?);
            match loader {
                LexiconLoader::Plain(add) => add(lexicon, path, text),
                LexiconLoader::Checked(add) => add(lexicon, path, text)?,
            }
        }
        builder
            .resources
            .cameo
            .add_file(CAMEO_FILE, builtin_file(CAMEO_FILE)?)?;
        // The patterns share nothing with the actor dictionary, so they load
        // on a second thread meanwhile: the two are most of start-up.
        let patterns = std::thread::scope(|scope| {
            let patterns = scope.spawn(|| -> Result<PatternSet, ResourceError> {
                let mut set = PatternSet::default();
                for (path, text) in BUILTIN_FILES {
                    if path.starts_with("patterns/") && path.ends_with(".txt") {
                        set.add_file(path, text)?;
                    }
                }
                Ok(set)
            });
            let actors = (|| -> Result<(), ResourceError> {
                for (kind, path) in [
                    (UserFileKind::Roles, "actors/roles.tsv"),
                    (UserFileKind::Countries, "actors/countries.tsv"),
                    (UserFileKind::Seats, "actors/seats.tsv"),
                    (UserFileKind::Organisations, "actors/organisations.tsv"),
                    (UserFileKind::Agents, "actors/agents.tsv"),
                ] {
                    builder.add(kind, path, builtin_file(path)?)?;
                }
                for (path, text) in BUILTIN_FILES {
                    if path.starts_with("actors/people/") && path.ends_with(".tsv") {
                        builder.add(UserFileKind::People, path, text)?;
                    }
                }
                Ok(())
            })();
            let patterns = patterns
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            actors.and(patterns)
        })?;
        builder.resources.patterns = patterns;
        Ok(builder)
    }

    /// Adds one file's text, named `name` in error messages.
    ///
    /// # Errors
    /// The file does not follow its format; the error names the line.
    pub fn add(
        &mut self,
        kind: UserFileKind,
        name: &str,
        text: &str,
    ) -> Result<&mut Self, ResourceError> {
        // Borrowed field by field, so the abbreviations need no copy.
        let abbreviations = &self.resources.lexicon.abbreviations;
        let actors = &mut self.resources.actors;
        match kind {
            UserFileKind::People => actors.add_people(name, text, abbreviations)?,
            UserFileKind::Countries => actors.add_countries(name, text, abbreviations)?,
            UserFileKind::Organisations => actors.add_organisations(name, text, abbreviations)?,
            UserFileKind::Agents => actors.add_agents(name, text, abbreviations)?,
            UserFileKind::Seats => actors.add_seats(name, text, abbreviations)?,
            UserFileKind::Roles => actors.add_roles(name, text, abbreviations)?,
            UserFileKind::Patterns => self.resources.patterns.add_file(name, text)?,
            UserFileKind::GeoWords => self.resources.lexicon.add_geo_words(name, text)?,
            UserFileKind::NounClasses => self.resources.lexicon.add_noun_classes(name, text)?,
        }
        Ok(self)
    }

    /// Finishes building.
    ///
    /// # Errors
    /// None today; kept fallible so cross-file checks can be added.
    pub fn build(self) -> Result<Resources, ResourceError> {
        Ok(self.resources)
    }
}

/// The builtin data files: path under `data/` and text (for `dyad resources` listings and tests).
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    BUILTIN_FILES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_lexicon_file_has_a_loader() {
        for (path, _) in builtin_files() {
            if path.starts_with("lexicon/") && !path.ends_with("README.md") {
                assert!(
                    LEXICON_FILES.iter().any(|(p, _)| p == path),
                    "{path} is compiled in but never loaded"
                );
            }
        }
        assert!(builtin_file("lexicon/no-such.txt").is_err_and(|e| e.file == "lexicon/no-such.txt"));
    }

    #[test]
    fn builtin_resources_parse() {
        let builder = ResourcesBuilder::with_builtin();
        assert!(builder.is_ok(), "{:?}", builder.err());
    }

    #[test]
    fn every_builtin_file_has_a_source_header() {
        for (path, text) in builtin_files() {
            let header: String = text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
                .to_lowercase();
            assert!(
                header.contains("source"),
                "{path} lacks a `# ... source ...` header"
            );
        }
    }

    #[test]
    fn every_word_class_the_stages_ask_about_is_filled() {
        // geo and events look these classes up by name or variant: an empty
        // one would silently turn a rule off.
        let lexicon = &Resources::builtin().lexicon;
        for class in GeoClass::ALL {
            assert!(
                lexicon.geo_words.len(class) > 0,
                "geo-words.tsv has no {}",
                class.name()
            );
        }
        for class in lexicon::NOUN_CLASSES {
            assert!(
                lexicon
                    .noun_classes
                    .get(*class)
                    .is_some_and(|w| !w.is_empty()),
                "noun-classes.tsv has no {class}"
            );
        }
    }

    #[test]
    fn builtin_geo_words_are_lowercase_and_unpadded() {
        // The stages compare lowercase word forms: an entry with a capital
        // or a space could never match (the loader lowercases, but the file
        // should say what is matched).
        let text = builtin_files()
            .iter()
            .find(|(path, _)| *path == "lexicon/geo-words.tsv")
            .map(|(_, text)| *text)
            .expect("geo-words.tsv is compiled in");
        for (line_no, line) in error::data_lines(text) {
            let word = line.split('\t').nth(1).unwrap_or("");
            assert!(
                !word.is_empty() && word == word.to_lowercase() && !word.contains(' '),
                "geo-words.tsv:{line_no}: {line:?}"
            );
        }
    }

    #[test]
    fn cameo_table_covers_every_root() {
        let table = &Resources::builtin().cameo;
        for root in 1..=20 {
            let code: dyad_doc::CameoCode = format!("{root:02}").parse().expect("valid root");
            assert!(table.contains(code), "root {root:02} missing");
        }
        let visit = table.get("042".parse().expect("valid")).expect("042 known");
        assert_eq!(visit.plover, "CONSULT");
        assert_eq!(visit.quad_class, 1);
    }
}
