//! Everything a command needs resolved before it runs: resources merged with
//! the user's files, the pipeline, input documents.

use anyhow::{Context, Result};
use clap::Args;
use dyad_doc::{Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_record::Record;
use dyad_resources::{Resources, ResourcesBuilder, UserFileKind};
use dyad_source::{read, Document, Format, ReadOptions, SourceError};
use std::io::Read;
use std::path::PathBuf;

/// Which uses of a place name count as places (`--places`).
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlaceConvention {
    /// Names used as locations only (dyad's gold conventions): "in Ukraine"
    /// is a place, "Russia said" and "Russian troops" are not.
    #[default]
    Located,
    /// Every toponym, as TR-News and LGL annotate them: demonyms ("Russian"
    /// -> Russia), countries and capitals acting as actors, names inside
    /// organisation names.
    Every,
}

impl PlaceConvention {
    /// The pipeline that codes places by this convention.
    pub fn pipeline(self) -> Pipeline {
        match self {
            PlaceConvention::Located => Pipeline::standard(),
            PlaceConvention::Every => Pipeline::with_places(dyad_pipeline::geo::GeoConfig {
                adjectives_as_places: true,
                actors_as_places: true,
            }),
        }
    }
}

/// Flags that add the user's own resources to the builtin ones.
#[derive(Args, Debug, Default, Clone)]
pub struct ResourceArgs {
    /// Add people in office (format of data/actors/people/*.tsv; repeatable).
    #[arg(long = "actors", value_name = "FILE")]
    pub actors: Vec<PathBuf>,
    /// Add organisations (format of data/actors/organisations.tsv; repeatable).
    #[arg(long = "organisations", value_name = "FILE")]
    pub organisations: Vec<PathBuf>,
    /// Add agent words (format of data/actors/agents.tsv; repeatable).
    #[arg(long = "agents", value_name = "FILE")]
    pub agents: Vec<PathBuf>,
    /// Add or override event patterns (format of data/patterns/*.txt; repeatable).
    #[arg(long = "patterns", value_name = "FILE")]
    pub patterns: Vec<PathBuf>,
    /// Add words to the geo stage's classes, e.g. a head that makes the name after
    /// "on" a place attacked ("attack_head<TAB>sorties"; format of
    /// data/lexicon/geo-words.tsv; repeatable).
    #[arg(long = "geo-words", value_name = "FILE")]
    pub geo_words: Vec<PathBuf>,
    /// Add nouns to the event stage's classes, e.g. a natural hazard that names no
    /// attacker ("hazard<TAB>sandstorm"; format of data/lexicon/noun-classes.tsv; repeatable).
    #[arg(long = "noun-classes", value_name = "FILE")]
    pub noun_classes: Vec<PathBuf>,
}

impl ResourceArgs {
    /// The builtin resources, or a copy extended with the user's files.
    pub fn load(&self) -> Result<std::borrow::Cow<'static, Resources>> {
        let files: Vec<(UserFileKind, &PathBuf)> = self
            .actors
            .iter()
            .map(|p| (UserFileKind::People, p))
            .chain(
                self.organisations
                    .iter()
                    .map(|p| (UserFileKind::Organisations, p)),
            )
            .chain(self.agents.iter().map(|p| (UserFileKind::Agents, p)))
            .chain(self.patterns.iter().map(|p| (UserFileKind::Patterns, p)))
            .chain(self.geo_words.iter().map(|p| (UserFileKind::GeoWords, p)))
            .chain(
                self.noun_classes
                    .iter()
                    .map(|p| (UserFileKind::NounClasses, p)),
            )
            .collect();
        if files.is_empty() {
            return Ok(std::borrow::Cow::Borrowed(Resources::builtin()));
        }
        let mut builder = ResourcesBuilder::with_builtin().context("builtin resources")?;
        for (kind, path) in files {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            builder.add(kind, &path.display().to_string(), &text)?;
        }
        Ok(std::borrow::Cow::Owned(builder.build()?))
    }
}

/// How to read inputs: formats, limits, JSON field names. Shared by every
/// command that reads articles.
#[derive(Args, Debug, Clone)]
pub struct ReadArgs {
    /// Publication date of inputs that carry none (plain text), YYYY-MM-DD: the reference for "on Thursday".
    #[arg(long, value_name = "DATE")]
    pub published: Option<jiff::civil::Date>,
    /// Read every input as this format instead of guessing from name and content
    /// (text, json, jsonl, html, feed, warc; compressed .gz/.zst inputs are unpacked first).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<Format>,
    /// Largest document accepted, in bytes; larger ones are reported and skipped.
    #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES")]
    pub max_bytes: usize,
    /// Most bytes unpacked from one compressed input (stops gzip bombs).
    #[arg(long, default_value_t = 256 * 1024 * 1024, value_name = "BYTES")]
    pub max_decompressed: u64,
    /// JSON field(s) holding the text (comma-separated, first present wins; default text,body).
    #[arg(long, value_name = "NAMES")]
    pub text_field: Option<String>,
    /// JSON field(s) holding the id (default id).
    #[arg(long, value_name = "NAMES")]
    pub id_field: Option<String>,
    /// JSON field(s) holding the publication date (default published,date).
    #[arg(long, value_name = "NAMES")]
    pub published_field: Option<String>,
    /// JSON field(s) holding the title (default title).
    #[arg(long, value_name = "NAMES")]
    pub title_field: Option<String>,
    /// JSON field(s) holding the URL (default url).
    #[arg(long, value_name = "NAMES")]
    pub url_field: Option<String>,
}

fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name)
        .ok_or_else(|| format!("unknown format {name:?} (text, json, jsonl, html, feed, warc)"))
}

impl ReadArgs {
    /// The reader options these flags ask for.
    pub fn options(&self) -> ReadOptions {
        let mut options = ReadOptions {
            published: self.published,
            max_bytes: self.max_bytes,
            max_decompressed: self.max_decompressed,
            ..ReadOptions::default()
        };
        let names = |list: &Option<String>, slot: &mut Vec<String>| {
            if let Some(list) = list {
                *slot = list
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
        };
        names(&self.text_field, &mut options.fields.text);
        names(&self.id_field, &mut options.fields.id);
        names(&self.published_field, &mut options.fields.published);
        names(&self.title_field, &mut options.fields.title);
        names(&self.url_field, &mut options.fields.url);
        options
    }
}

/// Reads the inputs lazily, one result per document: files by extension and
/// content, folders recursively, stdin when none is given or for `-`.
pub fn read_inputs(
    inputs: &[PathBuf],
    options: &ReadOptions,
    forced: Option<Format>,
) -> impl Iterator<Item = Result<Document, SourceError>> {
    let stdin = PathBuf::from("-");
    let inputs: Vec<PathBuf> = if inputs.is_empty() {
        vec![stdin]
    } else {
        inputs.to_vec()
    };
    let options = options.clone();
    inputs.into_iter().flat_map(
        move |path| -> Box<dyn Iterator<Item = Result<Document, SourceError>>> {
            if path.as_os_str() == "-" && forced == Some(Format::JsonLines) {
                // Line by line: a stream of any length in bounded memory.
                dyad_source::read_json_lines_stream("stdin", std::io::stdin(), &options)
            } else if path.as_os_str() == "-" {
                let mut bytes = Vec::new();
                if let Err(err) = std::io::stdin().read_to_end(&mut bytes) {
                    return Box::new(std::iter::once(Err(SourceError {
                        origin: "<stdin>".into(),
                        kind: dyad_source::SourceErrorKind::Io(format!("cannot read stdin: {err}")),
                    })));
                }
                let format = forced.unwrap_or_else(|| Format::sniff(&bytes));
                Box::new(read("stdin", &bytes, format, &options).into_iter())
            } else {
                dyad_source::read_path(&path, forced, &options)
            }
        },
    )
}

/// Codes one document.
pub fn code(document: Document, pipeline: &Pipeline, resources: &Resources) -> (Doc, Record) {
    let meta = DocMeta {
        id: document.id,
        url: document.url,
        title: document.title,
        published: document.published,
        source_name: document.source_name,
    };
    let mut doc = Doc::new(meta, document.body);
    pipeline.run(&mut doc, resources);
    let record = Record::from_doc(&doc, resources);
    (doc, record)
}
