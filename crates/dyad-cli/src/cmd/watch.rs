//! `dyad watch`: poll RSS/Atom feeds, fetch new articles, code and store them.
//!
//! Polite by design: conditional GETs (ETag / Last-Modified, so an unchanged
//! feed costs a 304), a delay between requests to the same host, timeouts,
//! and retries with exponential back-off on network errors and 5xx answers.
//! What was seen (validators, article links) is kept in a small JSON state
//! file beside the store, so a restart does not fetch everything again.

use crate::cmd::ingest::{store_batch, Coder, Totals};
use crate::run::ResourceArgs;
use crate::Outcome;
use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_pipeline::Pipeline;
use dyad_source::{read, Document, Format, ReadOptions, SourceError, SourceErrorKind};
use dyad_store::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Poll feeds and ingest their new articles.
///
/// FEEDS_FILE lists feed URLs, one per line (`#` starts a comment). Each
/// poll fetches every feed (conditionally), takes its new items, fetches an
/// item's page when the feed carries only a summary, then codes and stores
/// the articles as `dyad ingest` does.
///
/// Examples:
///
///   dyad watch feeds.txt --db news.db                 # poll every 15 minutes
///   dyad watch feeds.txt --db news.db --once          # one poll, for cron
///   dyad watch feeds.txt --interval 300 --delay 2
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct WatchArgs {
    /// File of feed URLs, one per line.
    pub feeds: PathBuf,
    /// The store.
    #[arg(long, default_value = "dyad.db", value_name = "FILE")]
    pub db: PathBuf,
    /// Seconds between polls.
    #[arg(long, default_value_t = 900, value_name = "SECONDS")]
    pub interval: u64,
    /// Poll once and exit.
    #[arg(long)]
    pub once: bool,
    /// Seconds to wait between two requests to the same host.
    #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
    pub delay: f64,
    /// Seconds before a request is abandoned.
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    pub timeout: u64,
    /// Attempts per request on network errors and 5xx answers (with back-off).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    /// Feed items shorter than this many characters are fetched as pages.
    #[arg(long, default_value_t = 600, value_name = "CHARS")]
    pub min_body: usize,
    /// The state file (default: the store's path with `.watch.json`).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    #[command(flatten)]
    pub resources: ResourceArgs,
}

/// What `dyad watch` remembers between polls and runs.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct State {
    /// Per feed URL: its last ETag and Last-Modified.
    feeds: BTreeMap<String, Validators>,
    /// Article URLs already fetched.
    seen: BTreeSet<String>,
}

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct Validators {
    etag: Option<String>,
    last_modified: Option<String>,
}

/// An HTTP client that is polite to each host.
struct Fetcher {
    agent: ureq::Agent,
    delay: Duration,
    retries: u32,
    last_request: HashMap<String, Instant>,
}

/// What a fetch returned.
enum Fetched {
    /// 304 Not Modified.
    Unchanged,
    /// The body and the new validators.
    Body(Vec<u8>, Validators),
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("")
        .to_string()
}

impl Fetcher {
    fn new(timeout: Duration, delay: Duration, retries: u32) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!(
                "dyad/",
                env!("CARGO_PKG_VERSION"),
                " (news event coder)"
            ))
            .build();
        Fetcher {
            agent: config.into(),
            delay,
            retries: retries.max(1),
            last_request: HashMap::new(),
        }
    }

    /// Waits out the politeness delay for the URL's host.
    fn wait_turn(&mut self, url: &str) {
        let host = host_of(url);
        if let Some(last) = self.last_request.get(&host) {
            let elapsed = last.elapsed();
            if elapsed < self.delay {
                std::thread::sleep(self.delay - elapsed);
            }
        }
        self.last_request.insert(host, Instant::now());
    }

    /// GETs `url` (conditionally when validators are given), retrying with back-off.
    fn get(&mut self, url: &str, validators: Option<&Validators>) -> Result<Fetched> {
        let mut backoff = Duration::from_millis(500);
        let mut last_error = String::new();
        for attempt in 1..=self.retries {
            self.wait_turn(url);
            let mut request = self.agent.get(url);
            if let Some(v) = validators {
                if let Some(etag) = &v.etag {
                    request = request.header("If-None-Match", etag);
                }
                if let Some(modified) = &v.last_modified {
                    request = request.header("If-Modified-Since", modified);
                }
            }
            match request.call() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if status == 304 {
                        return Ok(Fetched::Unchanged);
                    }
                    if (200..300).contains(&status) {
                        let header = |name: &str| {
                            response
                                .headers()
                                .get(name)
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_string)
                        };
                        let validators = Validators {
                            etag: header("etag"),
                            last_modified: header("last-modified"),
                        };
                        let body = response
                            .body_mut()
                            .with_config()
                            .limit(32 * 1024 * 1024)
                            .read_to_vec()
                            .with_context(|| format!("reading {url}"))?;
                        return Ok(Fetched::Body(body, validators));
                    }
                    if status < 500 && status != 429 {
                        bail!("{url}: HTTP {status}");
                    }
                    last_error = format!("HTTP {status}");
                }
                Err(err) => last_error = err.to_string(),
            }
            if attempt < self.retries {
                std::thread::sleep(backoff);
                backoff *= 2;
            }
        }
        bail!(
            "{url}: gave up after {} attempts ({last_error})",
            self.retries
        )
    }
}

fn load_state(path: &Path) -> Result<State> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("reading the watch state {}", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(err) => Err(err).with_context(|| format!("reading {}", path.display())),
    }
}

fn save_state(path: &Path, state: &State) -> Result<()> {
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, serde_json::to_vec_pretty(state)?)
        .with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))?;
    Ok(())
}

/// One poll over every feed; returns the documents to ingest.
fn poll(
    fetcher: &mut Fetcher,
    feeds: &[String],
    state: &mut State,
    min_body: usize,
) -> Vec<Result<Document, SourceError>> {
    let options = ReadOptions::default();
    let mut documents = Vec::new();
    for feed in feeds {
        let validators = state.feeds.get(feed).cloned();
        let (bytes, new_validators) = match fetcher.get(feed, validators.as_ref()) {
            Ok(Fetched::Unchanged) => {
                eprintln!("dyad: {feed}: unchanged");
                continue;
            }
            Ok(Fetched::Body(bytes, validators)) => (bytes, validators),
            Err(err) => {
                eprintln!("dyad: {err:#}");
                continue;
            }
        };
        state.feeds.insert(feed.clone(), new_validators);
        for item in read(feed, &bytes, Format::Feed, &options) {
            let item = match item {
                Ok(item) => item,
                Err(err) => {
                    documents.push(Err(err));
                    continue;
                }
            };
            let Some(url) = item.url.clone() else {
                documents.push(Ok(item));
                continue;
            };
            if !state.seen.insert(url.clone()) {
                continue;
            }
            if item.body.chars().count() >= min_body {
                documents.push(Ok(item));
                continue;
            }
            // A summary only: fetch the article page and keep the feed's metadata where the page has none.
            match fetcher.get(&url, None) {
                Ok(Fetched::Body(page, _)) => {
                    for result in read(&url, &page, Format::Html, &options) {
                        documents.push(result.map(|mut page| {
                            page.id = item.id.clone();
                            page.url = Some(url.clone());
                            page.title = page.title.or(item.title.clone());
                            page.published = page.published.or(item.published);
                            page.source_name = page.source_name.or(item.source_name.clone());
                            page
                        }));
                    }
                }
                Ok(Fetched::Unchanged) => {}
                Err(err) => documents.push(Err(SourceError {
                    origin: url.clone(),
                    kind: SourceErrorKind::Io(format!("{err:#}")),
                })),
            }
        }
    }
    documents
}

/// Runs `dyad watch`.
pub fn run(args: WatchArgs) -> Result<Outcome> {
    let text = std::fs::read_to_string(&args.feeds)
        .with_context(|| format!("reading {}", args.feeds.display()))?;
    let feeds: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if feeds.is_empty() {
        bail!("{} lists no feed URLs", args.feeds.display());
    }
    dyad_pipeline::warm_up();
    let resources = args.resources.load()?;
    let pipeline = Pipeline::standard();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut store = Store::open(&args.db)
        .with_context(|| format!("opening the store {}", args.db.display()))?;
    let state_path = args.state.clone().unwrap_or_else(|| {
        let mut name = args.db.clone().into_os_string();
        name.push(".watch.json");
        PathBuf::from(name)
    });
    let mut state = load_state(&state_path)?;
    let mut fetcher = Fetcher::new(
        Duration::from_secs(args.timeout.max(1)),
        Duration::from_secs_f64(args.delay.max(0.0)),
        args.retries,
    );
    loop {
        let started = Instant::now();
        let documents = poll(&mut fetcher, &feeds, &mut state, args.min_body);
        let mut totals = Totals {
            documents: documents.len() as u64,
            ..Totals::default()
        };
        let coder = Coder {
            pipeline: &pipeline,
            resources: &resources,
            threads,
        };
        store_batch(&mut store, documents, &coder, &mut totals, &|line| {
            eprintln!("{line}")
        })?;
        save_state(&state_path, &state)?;
        eprintln!(
            "dyad: poll of {} feed(s) in {:.1} s: {} new article(s) stored, {} already stored, {} failed",
            feeds.len(),
            started.elapsed().as_secs_f64(),
            totals.added,
            totals.skipped,
            totals.failed
        );
        if args.once {
            return Ok(Outcome::Success);
        }
        std::thread::sleep(Duration::from_secs(args.interval.max(1)));
    }
}
