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

/// Reads the inputs: files (by extension, else by content) or stdin when none is given or for `-`.
pub fn read_inputs(
    inputs: &[PathBuf],
    options: &ReadOptions,
    forced: Option<Format>,
) -> Vec<Result<Document, SourceError>> {
    let mut documents = Vec::new();
    let stdin = PathBuf::from("-");
    let inputs: Vec<&PathBuf> = if inputs.is_empty() {
        vec![&stdin]
    } else {
        inputs.iter().collect()
    };
    for path in inputs {
        let (name, bytes) = if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            if let Err(err) = std::io::stdin().read_to_end(&mut bytes) {
                documents.push(Err(SourceError {
                    origin: "<stdin>".into(),
                    kind: dyad_source::SourceErrorKind::Json(format!("cannot read stdin: {err}")),
                }));
                continue;
            }
            ("stdin".to_string(), bytes)
        } else {
            match std::fs::read(path) {
                Ok(bytes) => (path.display().to_string(), bytes),
                Err(err) => {
                    documents.push(Err(SourceError {
                        origin: path.display().to_string(),
                        kind: dyad_source::SourceErrorKind::Json(format!(
                            "cannot read file: {err}"
                        )),
                    }));
                    continue;
                }
            }
        };
        let format = forced
            .or_else(|| Format::from_name(&name))
            .unwrap_or_else(|| Format::sniff(&bytes));
        documents.extend(read(&name, &bytes, format, options));
    }
    documents
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
