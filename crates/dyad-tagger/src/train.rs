//! Training and evaluation (only with the `train` feature): CoNLL-U reading,
//! the averaged perceptron, the tag dictionary, lemma-rule learning and the
//! accuracy and speed reports used by `dyad-tagger-train`.
//!
//! Not part of normal builds: the shipped weights are produced once by this
//! code and committed in `data/`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Instant;

use dyad_doc::Pos;

use crate::features::{
    context_features, dynamic_features, lexical_features, normalize_into, tag_context_features,
    SentenceInfos, N_CLASSES, N_CONTEXT, N_DYNAMIC, N_LEXICAL, N_TAG_CONTEXT, PAD, TAG_START,
};
use crate::hash::hash_bytes;
use crate::lemma::Lemmatizer;
use crate::model::{fingerprint, ModelData};
use crate::tagger::argmax;
use crate::Tagger;

/// One sentence of a treebank: words with their gold tag and lemma.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// The word forms (syntactic words; multi-word token lines are skipped).
    pub words: Vec<String>,
    /// Gold UPOS tags.
    pub tags: Vec<Pos>,
    /// Gold lemmas (`_` where the treebank has none).
    pub lemmas: Vec<String>,
}

/// Reads the sentences of a CoNLL-U text. Multi-word token ranges (`3-4`) and
/// empty nodes (`8.1`) are skipped; lines with an unknown UPOS are skipped too.
pub fn read_conllu(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 4 || !fields[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(tag) = fields[3].parse::<Pos>() else {
            continue;
        };
        current.words.push(fields[1].to_string());
        current.tags.push(tag);
        current.lemmas.push(fields[2].to_string());
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// Settings of [`train_tagger`].
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data; the best pass on dev is kept.
    pub max_iterations: usize,
    /// Factor applied to averaged weights before rounding to integers.
    pub scale: f64,
    /// Quantised weights with a smaller absolute value are dropped.
    pub prune: i32,
    /// A word enters the tag dictionary when seen at least this often...
    pub dict_min_count: u32,
    /// ...with this share of its occurrences under one tag.
    pub dict_min_ratio: f64,
    /// Seed of the shuffle between passes.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            max_iterations: 12,
            scale: 4.0,
            prune: 4,
            dict_min_count: 10,
            dict_min_ratio: 0.99,
            seed: 0x00DD_BA11_5EED,
        }
    }
}

/// A hasher for keys that are already uniform 64-bit hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// The averaged perceptron being trained (Daumé's trick: `totals` accumulates
/// each update times the step it happened at, so the average is
/// `weights - totals / step` without touching every weight at every step).
#[derive(Default)]
struct Perceptron {
    index: FeatureMap<u32>,
    weights: Vec<[i32; N_CLASSES]>,
    totals: Vec<[i64; N_CLASSES]>,
    step: i64,
}

impl Perceptron {
    fn scores(&self, features: &[u64]) -> [i64; N_CLASSES] {
        let mut scores = [0i64; N_CLASSES];
        for key in features {
            if let Some(&idx) = self.index.get(key) {
                for (score, &weight) in scores.iter_mut().zip(&self.weights[idx as usize]) {
                    *score += i64::from(weight);
                }
            }
        }
        scores
    }

    fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &key in features {
            let next = self.weights.len() as u32;
            let idx = *self.index.entry(key).or_insert(next) as usize;
            if idx == self.weights.len() {
                self.weights.push([0; N_CLASSES]);
                self.totals.push([0; N_CLASSES]);
            }
            self.weights[idx][truth] += 1;
            self.totals[idx][truth] += self.step;
            self.weights[idx][guess] -= 1;
            self.totals[idx][guess] -= self.step;
        }
    }

    /// The averaged weights, quantised and pruned, folded onto fingerprints.
    fn export(&self, config: &TrainConfig) -> Vec<(u32, [i32; N_CLASSES])> {
        let limit = f64::from((1 << 23) - 1);
        let step = self.step.max(1) as f64;
        let mut folded: HashMap<u32, [i32; N_CLASSES]> = HashMap::new();
        for (&key, &idx) in &self.index {
            let (weights, totals) = (&self.weights[idx as usize], &self.totals[idx as usize]);
            let mut quantised = [0i32; N_CLASSES];
            for class in 0..N_CLASSES {
                let average = f64::from(weights[class]) - totals[class] as f64 / step;
                let q = (average * config.scale).round().clamp(-limit, limit) as i32;
                if q.abs() >= config.prune {
                    quantised[class] = q;
                }
            }
            if quantised.iter().all(|&q| q == 0) {
                continue;
            }
            let slot = folded.entry(fingerprint(key)).or_insert([0; N_CLASSES]);
            for (sum, q) in slot.iter_mut().zip(quantised) {
                *sum = (*sum + q).clamp(-(1 << 23) + 1, (1 << 23) - 1);
            }
        }
        let mut features: Vec<(u32, [i32; N_CLASSES])> = folded.into_iter().collect();
        features.sort_by_key(|(key, _)| *key);
        features
    }
}

/// The tag dictionary: frequent words (normalised form) that nearly always
/// carry one tag.
pub fn build_tagdict(sentences: &[Sentence], config: &TrainConfig) -> Vec<(String, u8)> {
    let mut counts: HashMap<String, [u32; N_CLASSES]> = HashMap::new();
    let (mut exact, mut lower) = (String::new(), String::new());
    for sentence in sentences {
        for (word, &tag) in sentence.words.iter().zip(&sentence.tags) {
            normalize_into(word, &mut exact, &mut lower);
            counts.entry(exact.clone()).or_insert([0; N_CLASSES])[tag as usize] += 1;
        }
    }
    let mut dict: Vec<(String, u8)> = counts
        .into_iter()
        .filter_map(|(word, counts)| {
            let total: u32 = counts.iter().sum();
            let best = argmax(&counts);
            let share = f64::from(counts[usize::from(best)]) / f64::from(total);
            (total >= config.dict_min_count && share >= config.dict_min_ratio)
                .then_some((word, best))
        })
        .collect();
    dict.sort();
    dict
}

/// Sentences are split into this many folds for the ambiguity classes.
const FOLDS: usize = 10;

/// Per-class counts of each lowercase training word.
type ClassCounts = HashMap<String, [u32; N_CLASSES]>;

/// Counts the tags of each lowercase word, over all `sentences` and per fold
/// (sentence index modulo [`FOLDS`]).
fn count_word_classes(sentences: &[Sentence]) -> (ClassCounts, Vec<ClassCounts>) {
    let mut all = ClassCounts::new();
    let mut folds = vec![ClassCounts::new(); FOLDS];
    for (idx, sentence) in sentences.iter().enumerate() {
        for (word, &tag) in sentence.words.iter().zip(&sentence.tags) {
            let lower = lower_form(word);
            folds[idx % FOLDS]
                .entry(lower.clone())
                .or_insert([0; N_CLASSES])[tag as usize] += 1;
            all.entry(lower).or_insert([0; N_CLASSES])[tag as usize] += 1;
        }
    }
    (all, folds)
}

/// The ambiguity class of a word from its tag counts: the tags that make up
/// at least 5% of its occurrences, or 0 when it was seen fewer than twice.
fn class_mask(counts: &[u32; N_CLASSES]) -> u32 {
    let total: u32 = counts.iter().sum();
    if total < 2 {
        return 0;
    }
    counts
        .iter()
        .enumerate()
        .filter(|(_, &n)| n * 20 >= total)
        .fold(0, |mask, (class, _)| mask | 1 << class)
}

/// What [`train_tagger`] returns.
pub struct TrainedTagger {
    /// The weights file of the best pass.
    pub bytes: Vec<u8>,
    /// Which pass (1-based) was best on dev.
    pub best_iteration: usize,
    /// Its UPOS accuracy on dev.
    pub dev_accuracy: f64,
}

/// Trains the tagger on `train`, keeping the pass with the best accuracy on
/// `dev`; `log` receives one line per pass.
pub fn train_tagger(
    train: &[Sentence],
    dev: &[Sentence],
    config: &TrainConfig,
    mut log: impl FnMut(&str),
) -> TrainedTagger {
    let tagdict = build_tagdict(train, config);
    let dict_by_hash: FeatureMap<u8> = tagdict
        .iter()
        .map(|(word, class)| (hash_bytes(word.as_bytes()), *class))
        .collect();
    log(&format!("tag dictionary: {} words", tagdict.len()));
    // Ambiguity classes: for the sentences of fold k, counted on the other
    // folds only (jackknifing), so that training sees unknown words as often
    // as tagging new text will.
    let (all_counts, fold_counts) = count_word_classes(train);
    let hash_counts = |counts: &ClassCounts| -> FeatureMap<[u32; N_CLASSES]> {
        counts
            .iter()
            .map(|(word, counts)| (hash_bytes(word.as_bytes()), *counts))
            .collect()
    };
    let all_by_hash = hash_counts(&all_counts);
    let folds_by_hash: Vec<FeatureMap<[u32; N_CLASSES]>> =
        fold_counts.iter().map(hash_counts).collect();
    let lexicon: Vec<(String, u32)> = all_counts
        .iter()
        .map(|(word, counts)| (word.clone(), class_mask(counts)))
        .filter(|(_, mask)| *mask != 0)
        .collect();
    log(&format!("lexicon: {} words", lexicon.len()));
    let mut classes = [Pos::X; N_CLASSES];
    classes.copy_from_slice(&Pos::ALL[..N_CLASSES]);

    let mut perceptron = Perceptron {
        step: 1,
        ..Perceptron::default()
    };
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = config.seed | 1;
    let mut prepared = SentenceInfos::default();
    let mut features: Vec<u64> =
        Vec::with_capacity(N_LEXICAL + N_CONTEXT + N_TAG_CONTEXT + N_DYNAMIC);
    let mut best = TrainedTagger {
        bytes: Vec::new(),
        best_iteration: 0,
        dev_accuracy: -1.0,
    };
    for iteration in 1..=config.max_iterations {
        // Fisher-Yates with xorshift64: deterministic for a given seed.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let (mut correct, mut total) = (0usize, 0usize);
        for &sentence_idx in &order {
            let sentence = &train[sentence_idx];
            let held_out = &folds_by_hash[sentence_idx % FOLDS];
            prepared.fill(&sentence.words, |lower| {
                let mut counts = all_by_hash.get(&lower).copied().unwrap_or([0; N_CLASSES]);
                if let Some(fold) = held_out.get(&lower) {
                    for (count, own) in counts.iter_mut().zip(fold) {
                        *count -= own;
                    }
                }
                class_mask(&counts)
            });
            let infos = &prepared.infos;
            let (mut tag1, mut tag2) = (TAG_START, TAG_START);
            for (offset, &gold) in sentence.tags.iter().enumerate() {
                let i = PAD + offset;
                let truth = gold as usize;
                let guess = match dict_by_hash.get(&infos[i].word) {
                    Some(&class) => class,
                    None => {
                        features.clear();
                        features.extend_from_slice(&lexical_features(&prepared, i));
                        features.extend_from_slice(&context_features(infos, i));
                        features.extend_from_slice(&tag_context_features(tag1, tag2));
                        features.extend_from_slice(&dynamic_features(infos, i, tag1));
                        let guess = argmax(&perceptron.scores(&features));
                        perceptron.update(&features, truth, usize::from(guess));
                        guess
                    }
                };
                perceptron.step += 1;
                correct += usize::from(usize::from(guess) == truth);
                total += 1;
                tag2 = tag1;
                tag1 = guess;
            }
        }
        let model = ModelData {
            classes,
            tagdict: tagdict.clone(),
            lexicon: lexicon.clone(),
            features: perceptron.export(config),
        };
        let bytes = model.encode();
        let dev_accuracy = match Tagger::from_bytes(&bytes) {
            Ok(tagger) => evaluate(&tagger, &Lemmatizer::empty(), dev).pos_accuracy(),
            Err(err) => {
                log(&format!(
                    "pass {iteration}: exported model does not load: {err}"
                ));
                continue;
            }
        };
        log(&format!(
            "pass {iteration}: train {:.4}, dev {dev_accuracy:.4}, {} features, {} bytes",
            correct as f64 / total.max(1) as f64,
            model.features.len(),
            bytes.len()
        ));
        if dev_accuracy > best.dev_accuracy {
            best = TrainedTagger {
                bytes,
                best_iteration: iteration,
                dev_accuracy,
            };
        }
    }
    best
}

/// The two lemma tables as text, ready to write to `data/`.
pub struct LemmaTables {
    /// `lemma-exceptions.tsv` body (no header): `form POS lemma`.
    pub exceptions: String,
    /// `lemma-lexicon.tsv` body (no header): `lemma POS|POS…`.
    pub lexicon: String,
}

/// Lowercase, apostrophe-normalised text (as the lemmatizer sees it).
fn lower_form(text: &str) -> String {
    let (mut exact, mut lower) = (String::new(), String::new());
    normalize_into(text, &mut exact, &mut lower);
    lower
}

/// The tags whose lemmas go into the lexicon (what the suffix rules consult).
const LEXICON_TAGS: [Pos; 5] = [Pos::Noun, Pos::Verb, Pos::Adj, Pos::Adv, Pos::Aux];

/// Learns the lexicon and the exceptions from the lemma column of `sentences`.
///
/// Each (form, tag) type takes its most frequent lemma. The lexicon lists
/// the open-class lemmas (plain lowercase words) with their tags; the
/// exceptions are the types that the suffix rules, choosing with that
/// lexicon, get wrong, except one-off rewrites that do not share the
/// form's first letter (typo corrections).
pub fn learn_lemmas(sentences: &[Sentence]) -> LemmaTables {
    let mut counts: HashMap<(Pos, String), HashMap<String, u32>> = HashMap::new();
    for sentence in sentences {
        for ((word, &tag), lemma) in sentence
            .words
            .iter()
            .zip(&sentence.tags)
            .zip(&sentence.lemmas)
        {
            if lemma == "_" || lemma.is_empty() || word.is_empty() {
                continue;
            }
            *counts
                .entry((tag, lower_form(word)))
                .or_default()
                .entry(lower_form(lemma))
                .or_default() += 1;
        }
    }
    let mut types: Vec<(Pos, String, String, u32)> = counts
        .into_iter()
        .filter_map(|((tag, form), lemmas)| {
            let mut lemmas: Vec<(String, u32)> = lemmas.into_iter().collect();
            lemmas.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            lemmas
                .into_iter()
                .next()
                .map(|(lemma, count)| (tag, form, lemma, count))
        })
        .collect();
    types.sort();

    let mut lexicon: std::collections::BTreeMap<&str, Vec<Pos>> = std::collections::BTreeMap::new();
    for (tag, _, lemma, _) in &types {
        let plain = lemma.len() >= 2
            && lemma
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'\'');
        if plain && LEXICON_TAGS.contains(tag) {
            let tags = lexicon.entry(lemma).or_default();
            if !tags.contains(tag) {
                tags.push(*tag);
                tags.sort();
            }
        }
    }
    let mut lemmatizer = Lemmatizer::empty();
    let mut lexicon_text = String::new();
    for (lemma, tags) in &lexicon {
        let names: Vec<&str> = tags.iter().map(|tag| tag.as_str()).collect();
        lexicon_text.push_str(&format!("{lemma}\t{}\n", names.join("|")));
        for &tag in tags {
            lemmatizer.add_known_lemma(lemma, tag);
        }
    }
    let mut exceptions = String::new();
    for (tag, form, lemma, count) in &types {
        // A one-off lemma that does not even start like its form is a
        // correction of a typo or a mis-tagged word ("his"/DET → "this",
        // "60th" → "100th"), not something to repeat on new text.
        let one_off_rewrite = *count < 2 && form.chars().next() != lemma.chars().next();
        if !one_off_rewrite && lemmatizer.lemmatize(form, *tag) != lemma.as_str() {
            exceptions.push_str(&format!("{form}\t{tag}\t{lemma}\n"));
        }
    }
    LemmaTables {
        exceptions,
        lexicon: lexicon_text,
    }
}

/// Lemma accuracy (correct, total) with gold tags on the words of `test`
/// whose (form, tag) never occurs in `train`: how well the suffix rules
/// generalise.
pub fn unseen_lemma_accuracy(
    lemmatizer: &Lemmatizer,
    train: &[Sentence],
    test: &[Sentence],
) -> (usize, usize) {
    let seen: std::collections::HashSet<(Pos, String)> = train
        .iter()
        .flat_map(|s| s.words.iter().zip(&s.tags))
        .map(|(word, &tag)| (tag, lower_form(word)))
        .collect();
    let (mut correct, mut total) = (0, 0);
    for sentence in test {
        for ((word, &tag), lemma) in sentence
            .words
            .iter()
            .zip(&sentence.tags)
            .zip(&sentence.lemmas)
        {
            if lemma == "_" || seen.contains(&(tag, lower_form(word))) {
                continue;
            }
            total += 1;
            correct += usize::from(lemmatizer.lemmatize(word, tag) == lower_form(lemma));
        }
    }
    (correct, total)
}

/// Counts of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Words evaluated.
    pub tokens: usize,
    /// Words whose predicted UPOS equals the gold one.
    pub pos_correct: usize,
    /// Words with a gold lemma.
    pub lemma_total: usize,
    /// Lemmas right when lemmatizing with the predicted tag.
    pub lemma_correct: usize,
    /// Lemmas right when lemmatizing with the gold tag.
    pub lemma_correct_gold_pos: usize,
    /// Gold/predicted tag confusion counts.
    pub confusion: HashMap<(Pos, Pos), usize>,
}

impl Evaluation {
    /// UPOS accuracy.
    pub fn pos_accuracy(&self) -> f64 {
        self.pos_correct as f64 / self.tokens.max(1) as f64
    }

    /// Lemma accuracy with predicted tags.
    pub fn lemma_accuracy(&self) -> f64 {
        self.lemma_correct as f64 / self.lemma_total.max(1) as f64
    }

    /// Lemma accuracy with gold tags.
    pub fn lemma_accuracy_gold_pos(&self) -> f64 {
        self.lemma_correct_gold_pos as f64 / self.lemma_total.max(1) as f64
    }
}

/// Tags and lemmatizes `sentences` and compares with their gold annotation
/// (lemmas compared lowercase, as the lemmatizer returns them).
pub fn evaluate(tagger: &Tagger, lemmatizer: &Lemmatizer, sentences: &[Sentence]) -> Evaluation {
    let mut evaluation = Evaluation::default();
    let mut predicted = Vec::new();
    for sentence in sentences {
        tagger.tag_into(&sentence.words, &mut predicted);
        for (((word, &gold), &guess), lemma) in sentence
            .words
            .iter()
            .zip(&sentence.tags)
            .zip(&predicted)
            .zip(&sentence.lemmas)
        {
            evaluation.tokens += 1;
            if gold == guess {
                evaluation.pos_correct += 1;
            } else {
                *evaluation.confusion.entry((gold, guess)).or_default() += 1;
            }
            if lemma == "_" {
                continue;
            }
            let gold_lemma = lower_form(lemma);
            evaluation.lemma_total += 1;
            evaluation.lemma_correct +=
                usize::from(lemmatizer.lemmatize(word, guess) == gold_lemma);
            evaluation.lemma_correct_gold_pos +=
                usize::from(lemmatizer.lemmatize(word, gold) == gold_lemma);
        }
    }
    evaluation
}

/// Tagging speed in words per second on `sentences`, single-threaded:
/// `passes` timed runs through the whole set (inputs prepared beforehand),
/// returned as (first, median, fastest). The first pass shows the cost
/// with a cold word cache when `tagger` is freshly loaded; median and
/// fastest show the spread on a busy machine.
pub fn measure_speed(tagger: &Tagger, sentences: &[Sentence], passes: usize) -> (f64, f64, f64) {
    let inputs: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let n_words: usize = inputs.iter().map(Vec::len).sum();
    let mut tags = Vec::new();
    let mut checksum = 0usize;
    let mut speeds: Vec<f64> = (0..passes.max(1))
        .map(|_| {
            let started = Instant::now();
            for input in &inputs {
                tagger.tag_into(input, &mut tags);
                checksum = checksum.wrapping_add(tags.first().map_or(0, |&tag| tag as usize));
            }
            n_words as f64 / started.elapsed().as_secs_f64()
        })
        .collect();
    std::hint::black_box(checksum);
    let first = speeds[0];
    speeds.sort_by(f64::total_cmp);
    (first, speeds[speeds.len() / 2], speeds[speeds.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conllu_reader_skips_ranges_and_empty_nodes() {
        let text = "# text = They don't.\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
                    1\tThey\tthey\tPRON\t_\t_\t_\t_\t_\t_\n\
                    2\tdo\tdo\tAUX\t_\t_\t_\t_\t_\t_\n\
                    2.1\tgo\tgo\tVERB\t_\t_\t_\t_\t_\t_\n\
                    3\tn't\tnot\tPART\t_\t_\t_\t_\t_\t_\n\n";
        let sentences = read_conllu(text);
        assert_eq!(sentences.len(), 1);
        assert_eq!(sentences[0].words, ["They", "do", "n't"]);
        assert_eq!(sentences[0].tags, [Pos::Pron, Pos::Aux, Pos::Part]);
    }

    #[test]
    fn learned_tables_hold_irregular_forms_and_known_lemmas() {
        let mut sentence = Sentence::default();
        // "gain" → "again" (a typo fix seen once) must not become an exception.
        let pairs = [
            ("walked", "walk"),
            ("went", "go"),
            ("went", "go"),
            ("hoped", "hope"),
            ("helped", "help"),
            ("gain", "again"),
        ];
        for (word, lemma) in pairs {
            sentence.words.push(word.to_string());
            sentence.tags.push(Pos::Verb);
            sentence.lemmas.push(lemma.to_string());
        }
        let tables = learn_lemmas(&[sentence]);
        assert_eq!(tables.exceptions, "went\tVERB\tgo\n");
        assert!(tables.lexicon.contains("hope\tVERB\n"));
        let lemmatizer = Lemmatizer::from_tables(&tables.exceptions, &tables.lexicon)
            .expect("learned tables parse");
        assert_eq!(lemmatizer.lemmatize("went", Pos::Verb), "go");
        assert_eq!(lemmatizer.lemmatize("hoping", Pos::Verb), "hope");
        assert_eq!(lemmatizer.lemmatize("helping", Pos::Verb), "help");
    }
}
