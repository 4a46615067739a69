//! `dyad-tagger-train`: trains the tagger and lemma tables from UD treebanks
//! and reports accuracy and speed. A dev tool (feature `train`), not shipped.
//!
//! ```text
//! dyad-tagger-train train [--treebanks DIR] [--out DIR] [--iterations N]
//!                         [--scale F] [--prune N] [--dict-count N] [--dict-ratio F]
//! dyad-tagger-train eval [--data DIR] [--passes N] FILE...   (also: --eval FILE)
//! ```
//!
//! `train` reads the UD English EWT train split (rebuilt from
//! `UD_English-EWT/not-to-release/sources` with `file-lists/files.train`) and
//! the GUM train documents present in `UD_English-GUM/not-to-release/sources`,
//! picks the number of passes on EWT dev, and writes `tagger.bin`,
//! `lemma-exceptions.tsv` and `lemma-lexicon.tsv` into `--out`. It never
//! reads the EWT test file. `eval` scores the builtin model (or the files in
//! `--data`) on CoNLL-U files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dyad_doc::Pos;
use dyad_tagger::train::{
    evaluate, learn_lemmas, measure_speed, read_conllu, train_tagger, unseen_lemma_accuracy,
    Sentence, TrainConfig,
};
use dyad_tagger::{Lemmatizer, Tagger};

const USAGE: &str = "usage:
  dyad-tagger-train train [--treebanks DIR] [--out DIR] [--iterations N] [--scale F]
                          [--prune N] [--dict-count N] [--dict-ratio F]
  dyad-tagger-train eval [--data DIR] [--passes N] [--lemma-errors N] FILE...
  dyad-tagger-train --eval FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("train") => run_train(&args[1..]),
        Some("eval") => run_eval(&args[1..]),
        Some("--eval") => run_eval(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("dyad-tagger-train: {message}");
            ExitCode::from(2)
        }
    }
}

/// The crate directory, for default paths.
fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `--flag value` pairs and positional arguments.
type FlagsAndArgs = (Vec<(String, String)>, Vec<String>);

/// Splits `--flag value` pairs from positional arguments.
fn parse_flags(args: &[String]) -> Result<FlagsAndArgs, String> {
    let mut flags = Vec::new();
    let mut positional = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if let Some(name) = arg.strip_prefix("--") {
            let value = iter
                .next()
                .ok_or_else(|| format!("--{name} needs a value"))?;
            flags.push((name.to_string(), value.clone()));
        } else {
            positional.push(arg.clone());
        }
    }
    Ok((flags, positional))
}

fn parse_value<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("--{name}: cannot parse {value:?}"))
}

fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))
}

/// Reads the documents named in `list` (one relative path per line) under `dir`.
fn read_listed(
    dir: &Path,
    list: &Path,
    suffix: &str,
    skip_missing: bool,
) -> Result<Vec<Sentence>, String> {
    let mut sentences = Vec::new();
    let mut n_files = 0;
    for name in read_file(list)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let path = dir.join(format!("{name}{suffix}"));
        if skip_missing && !path.exists() {
            continue;
        }
        sentences.extend(read_conllu(&read_file(&path)?));
        n_files += 1;
    }
    eprintln!(
        "read {n_files} documents, {} sentences, {} words from {}",
        sentences.len(),
        sentences.iter().map(|s| s.words.len()).sum::<usize>(),
        dir.display()
    );
    Ok(sentences)
}

fn run_train(args: &[String]) -> Result<(), String> {
    let (flags, positional) = parse_flags(args)?;
    if !positional.is_empty() {
        return Err(format!("unexpected argument {:?}\n{USAGE}", positional[0]));
    }
    let mut treebanks = crate_dir().join("../../../shared/train");
    let mut out = crate_dir().join("data");
    let mut config = TrainConfig::default();
    for (name, value) in &flags {
        match name.as_str() {
            "treebanks" => treebanks = PathBuf::from(value),
            "out" => out = PathBuf::from(value),
            "iterations" => config.max_iterations = parse_value(name, value)?,
            "scale" => config.scale = parse_value(name, value)?,
            "prune" => config.prune = parse_value(name, value)?,
            "dict-count" => config.dict_min_count = parse_value(name, value)?,
            "dict-ratio" => config.dict_min_ratio = parse_value(name, value)?,
            _ => return Err(format!("unknown flag --{name}\n{USAGE}")),
        }
    }
    let ewt = treebanks.join("UD_English-EWT");
    let gum = treebanks.join("UD_English-GUM");
    let mut train = read_listed(
        &ewt.join("not-to-release/sources"),
        &ewt.join("not-to-release/file-lists/files.train"),
        "",
        false,
    )?;
    train.extend(read_listed(
        &gum.join("not-to-release/sources"),
        &gum.join("not-to-release/file-lists/files.train"),
        ".conllu",
        true,
    )?);
    let dev = read_conllu(&read_file(&ewt.join("en_ewt-ud-dev.conllu"))?);

    let started = Instant::now();
    let trained = train_tagger(&train, &dev, &config, |line| eprintln!("{line}"));
    eprintln!(
        "best pass {} (dev UPOS {:.4}), trained in {:.1}s",
        trained.best_iteration,
        trained.dev_accuracy,
        started.elapsed().as_secs_f64()
    );
    let tables = learn_lemmas(&train);

    std::fs::create_dir_all(&out).map_err(|err| format!("{}: {err}", out.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        std::fs::write(&path, bytes).map_err(|err| format!("{}: {err}", path.display()))
    };
    write("tagger.bin", &trained.bytes)?;
    let header = "# Learned by dyad-tagger-train from the lemma column of UD English EWT (train split,\n\
                  # commit 15d613d8447b3478787d4c278730a1e48a945efb, CC BY-SA 4.0) and UD English GUM\n\
                  # (news, interview, bio, voyage train documents, commit\n\
                  # afb41ee9bca57991125814fa04d96a0e61470c8b, CC BY); see README.md. Do not edit: regenerate.\n";
    write(
        "lemma-exceptions.tsv",
        format!(
            "{header}# form\tUPOS\tlemma (lowercase; forms the suffix rules get wrong)\n{}",
            tables.exceptions
        )
        .as_bytes(),
    )?;
    write(
        "lemma-lexicon.tsv",
        format!(
            "{header}# lemma\tUPOS tags it was seen with (the suffix rules pick known lemmas)\n{}",
            tables.lexicon
        )
        .as_bytes(),
    )?;

    let tagger = Tagger::from_bytes(&trained.bytes).map_err(|err| err.to_string())?;
    let lemmatizer =
        Lemmatizer::from_tables(&tables.exceptions, &tables.lexicon).map_err(|e| e.to_string())?;
    let (n_exceptions, n_lemmas) = lemmatizer.size();
    let dev_eval = evaluate(&tagger, &lemmatizer, &dev);
    eprintln!(
        "wrote {} ({} bytes), {n_exceptions} lemma exceptions, {n_lemmas} lexicon lemmas",
        out.display(),
        trained.bytes.len()
    );
    let (unseen_correct, unseen_total) = unseen_lemma_accuracy(&lemmatizer, &train, &dev);
    eprintln!(
        "dev: UPOS {:.4}, lemma {:.4} (gold tags {:.4}; words unseen in training {:.4} of {unseen_total})",
        dev_eval.pos_accuracy(),
        dev_eval.lemma_accuracy(),
        dev_eval.lemma_accuracy_gold_pos(),
        unseen_correct as f64 / unseen_total.max(1) as f64,
    );
    Ok(())
}

fn run_eval(args: &[String]) -> Result<(), String> {
    let (flags, files) = parse_flags(args)?;
    let mut data: Option<PathBuf> = None;
    let mut passes = 40;
    let mut show_errors = 0;
    for (name, value) in &flags {
        match name.as_str() {
            "data" => data = Some(PathBuf::from(value)),
            "lemma-errors" => show_errors = parse_value(name, value)?,
            "passes" => passes = parse_value(name, value)?,
            _ => return Err(format!("unknown flag --{name}\n{USAGE}")),
        }
    }
    if files.is_empty() {
        return Err(USAGE.to_string());
    }
    let started = Instant::now();
    let (bytes, lemmatizer) = load_data(data.as_deref())?;
    let lemma_ms = started.elapsed().as_secs_f64() * 1000.0;
    let tagger = Tagger::from_bytes(&bytes).map_err(|err| err.to_string())?;

    let loads = 10;
    let started = Instant::now();
    for _ in 0..loads {
        let loaded = Tagger::from_bytes(std::hint::black_box(&bytes)).map_err(|e| e.to_string())?;
        std::hint::black_box(&loaded);
    }
    let load_ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(loads);
    let (n_features, n_dict) = tagger.size();
    let (n_exceptions, n_lemmas) = lemmatizer.size();
    println!(
        "model: {} bytes, {n_features} features, {n_dict} tag-dictionary words, load {load_ms:.1} ms",
        bytes.len()
    );
    println!(
        "lemma tables: {n_exceptions} exceptions, {n_lemmas} lexicon lemmas, load {lemma_ms:.1} ms"
    );

    for file in &files {
        let sentences = read_conllu(&read_file(Path::new(file))?);
        let evaluation = evaluate(&tagger, &lemmatizer, &sentences);
        println!("{file}");
        println!(
            "  words {}, UPOS accuracy {:.4} ({} / {})",
            evaluation.tokens,
            evaluation.pos_accuracy(),
            evaluation.pos_correct,
            evaluation.tokens
        );
        println!(
            "  lemma accuracy {:.4} with predicted tags, {:.4} with gold tags ({} lemmas)",
            evaluation.lemma_accuracy(),
            evaluation.lemma_accuracy_gold_pos(),
            evaluation.lemma_total
        );
        let mut confusion: Vec<_> = evaluation.confusion.iter().collect();
        confusion.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let top: Vec<String> = confusion
            .iter()
            .take(8)
            .map(|((gold, guess), n)| format!("{gold}->{guess} {n}"))
            .collect();
        println!("  top confusions (gold->predicted): {}", top.join(", "));
        print_lemma_errors(&lemmatizer, &sentences, show_errors);
        // A freshly loaded tagger starts with an empty word cache.
        let fresh = Tagger::from_bytes(&bytes).map_err(|err| err.to_string())?;
        let (first, median, fastest) = measure_speed(&fresh, &sentences, passes);
        println!(
            "  speed (single thread, words/s): first pass {first:.0} (cold word cache), \
             median {median:.0}, fastest {fastest:.0} of {passes} passes"
        );
    }
    Ok(())
}

/// The weights bytes and lemma tables: from `dir`, or the builtin ones.
fn load_data(dir: Option<&Path>) -> Result<(Vec<u8>, Lemmatizer), String> {
    let Some(dir) = dir else {
        let lemmatizer = Lemmatizer::from_tables(
            include_str!("../../data/lemma-exceptions.tsv"),
            include_str!("../../data/lemma-lexicon.tsv"),
        )
        .map_err(|err| err.to_string())?;
        return Ok((include_bytes!("../../data/tagger.bin").to_vec(), lemmatizer));
    };
    let weights = dir.join("tagger.bin");
    let bytes = std::fs::read(&weights).map_err(|err| format!("{}: {err}", weights.display()))?;
    let lemmatizer = Lemmatizer::from_tables(
        &read_file(&dir.join("lemma-exceptions.tsv"))?,
        &read_file(&dir.join("lemma-lexicon.tsv"))?,
    )
    .map_err(|err| err.to_string())?;
    Ok((bytes, lemmatizer))
}

/// Prints the `limit` most frequent lemma errors (with gold tags).
fn print_lemma_errors(lemmatizer: &Lemmatizer, sentences: &[Sentence], limit: usize) {
    if limit == 0 {
        return;
    }
    let mut errors: HashMap<(&str, Pos, String, String), usize> = HashMap::new();
    for sentence in sentences {
        let words = sentence
            .words
            .iter()
            .zip(&sentence.tags)
            .zip(&sentence.lemmas);
        for ((word, &tag), lemma) in words {
            let guess = lemmatizer.lemmatize(word, tag);
            let gold = lemma.to_lowercase();
            if lemma != "_" && guess != gold {
                *errors
                    .entry((word, tag, gold, guess.into_owned()))
                    .or_default() += 1;
            }
        }
    }
    let mut errors: Vec<_> = errors.into_iter().collect();
    errors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for ((word, tag, gold, guess), n) in errors.iter().take(limit) {
        println!("  lemma error x{n}: {word}/{tag} gold {gold:?} got {guess:?}");
    }
}
