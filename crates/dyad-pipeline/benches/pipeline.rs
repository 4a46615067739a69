//! Speed of each stage and of the whole pipeline (`cargo bench -p dyad-pipeline`).
//!
//! The articles are `benches/sample.txt` (shipped, written for these
//! benchmarks), or the corpus named by `DYAD_BENCH_CORPUS` (any file
//! `dyad code` reads; the first `DYAD_BENCH_LIMIT` documents, default 100),
//! or, when neither is set and the file exists, the first 100 articles of
//! `../shared/corpus/wikinews/wikinews.jsonl` beside the repository.
//! Throughput is reported in bytes of article text (divan's `bytes/s`) and
//! articles (`item/s`). Start-up is timed as parsing the builtin resources and
//! building the gazetteer, which the process otherwise does once.

use divan::counter::{BytesCount, ItemsCount};
use divan::Bencher;
use dyad_doc::{Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_resources::{Resources, ResourcesBuilder};
use std::path::PathBuf;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

/// The shipped sample: articles after `====` lines, each opening with its date.
fn sample() -> Vec<Doc> {
    include_str!("sample.txt")
        .split("\n====\n")
        .skip(1)
        .map(|article| {
            let (date, body) = article.split_once('\n').unwrap_or(("", article));
            let meta = DocMeta {
                published: dyad_source::parse_date(date.trim()),
                ..DocMeta::default()
            };
            Doc::new(meta, body.trim().to_string())
        })
        .collect()
}

/// The first `limit` documents of a corpus file.
fn corpus(path: &std::path::Path, limit: usize) -> Vec<Doc> {
    let options = dyad_source::ReadOptions::default();
    dyad_source::read_path(path, None, &options)
        .filter_map(Result::ok)
        .take(limit)
        .map(|document| {
            let meta = DocMeta {
                id: document.id,
                published: document.published,
                ..DocMeta::default()
            };
            Doc::new(meta, document.body)
        })
        .collect()
}

/// The benchmark articles (see the module docs for which).
static ARTICLES: LazyLock<Vec<Doc>> = LazyLock::new(|| {
    let limit = std::env::var("DYAD_BENCH_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/wikinews/wikinews.jsonl");
    let chosen = std::env::var_os("DYAD_BENCH_CORPUS")
        .map(PathBuf::from)
        .or_else(|| shared.is_file().then_some(shared));
    let docs = match &chosen {
        Some(path) => corpus(path, limit),
        None => Vec::new(),
    };
    if docs.is_empty() {
        eprintln!("dyad benches: the shipped sample (benches/sample.txt)");
        sample()
    } else {
        eprintln!(
            "dyad benches: {} documents of {}",
            docs.len(),
            chosen.map(|p| p.display().to_string()).unwrap_or_default()
        );
        docs
    }
});

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::standard);

fn resources() -> &'static Resources {
    dyad_pipeline::warm_up();
    Resources::builtin()
}

fn text_bytes(docs: &[Doc]) -> usize {
    docs.iter().map(|d| d.text().len()).sum()
}

/// The articles after the stages before `stage` have run.
fn prepared(stage: usize) -> Vec<Doc> {
    let resources = resources();
    ARTICLES
        .iter()
        .map(|doc| {
            let mut doc = doc.clone();
            for earlier in &PIPELINE.stages()[..stage] {
                earlier.annotate(&mut doc, resources);
            }
            doc
        })
        .collect()
}

/// The whole pipeline, article text to events.
#[divan::bench(sample_count = 10)]
fn end_to_end(bencher: Bencher) {
    let resources = resources();
    bencher
        .counter(BytesCount::new(text_bytes(&ARTICLES)))
        .counter(ItemsCount::new(ARTICLES.len()))
        .with_inputs(|| ARTICLES.clone())
        .bench_local_values(|mut docs| {
            for doc in &mut docs {
                PIPELINE.run(doc, resources);
            }
            docs
        });
}

/// One stage, on articles the earlier stages have prepared.
#[divan::bench(
    sample_count = 10,
    args = ["segment", "tag", "mentions", "actors", "time", "geo", "quotes", "events"]
)]
fn stage(bencher: Bencher, name: &str) {
    let resources = resources();
    let Some(index) = PIPELINE.stages().iter().position(|s| s.name() == name) else {
        return;
    };
    let docs = prepared(index);
    let stage = &PIPELINE.stages()[index];
    bencher
        .counter(BytesCount::new(text_bytes(&docs)))
        .counter(ItemsCount::new(docs.len()))
        .with_inputs(|| docs.clone())
        .bench_local_values(|mut docs| {
            for doc in &mut docs {
                stage.annotate(doc, resources);
            }
            docs
        });
}

/// Start-up, part one: parsing the builtin actor, pattern and lexicon files.
#[divan::bench(sample_count = 5)]
fn startup_resources() -> Option<Resources> {
    ResourcesBuilder::with_builtin()
        .and_then(ResourcesBuilder::build)
        .ok()
}

/// Rebuilding the gazetteer and its name index from the built-in tables:
/// what a user gazetteer file costs. (The built-in gazetteer itself is
/// built at compile time and read in place: `Gazetteer::builtin` is
/// nearly free.)
#[divan::bench(sample_count = 5)]
fn startup_gazetteer() -> dyad_gazetteer::Gazetteer {
    dyad_gazetteer::GazetteerBuilder::with_builtin().build()
}
