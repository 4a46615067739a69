//! Every input the `pipeline` fuzz target ever failed on
//! (`tests/fuzz-regressions/`), replayed the way the target reads it: the
//! first byte picks the publication date, the rest is decoded lossily and
//! coded; the document's invariants must hold.

use dyad_doc::{Date, Doc, DocMeta};
use dyad_pipeline::Pipeline;
use dyad_resources::Resources;
use std::path::Path;

/// The publication date the target makes of its first byte (kept in step
/// with `fuzz/fuzz_targets/pipeline.rs`).
fn published(selector: u8) -> Option<Date> {
    match selector % 4 {
        0 => None,
        1 => Date::new(2025, 6, 5).ok(),
        2 => Date::new(0, 1, 1).ok(),
        _ => Date::new(9999, 12, 31).ok(),
    }
}

#[test]
fn inputs_that_once_failed_the_fuzzer_are_coded_with_the_invariants_kept() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let Ok(files) = std::fs::read_dir(&root) else {
        return;
    };
    let pipeline = Pipeline::standard();
    for file in files.filter_map(Result::ok) {
        let bytes = std::fs::read(file.path()).expect("regression file reads");
        let Some((&selector, rest)) = bytes.split_first() else {
            continue;
        };
        let text = String::from_utf8_lossy(rest).into_owned();
        let mut doc = Doc::new(
            DocMeta {
                published: published(selector),
                ..DocMeta::default()
            },
            text,
        );
        pipeline.run(&mut doc, Resources::builtin());
        assert!(
            doc.check_invariants().is_ok(),
            "{}: {:?}",
            file.path().display(),
            doc.check_invariants()
        );
    }
}
