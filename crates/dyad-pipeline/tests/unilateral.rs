//! Unilateral acts (patterns flagged `unilateral`): the event stands with no
//! target when the text names none, and still takes a target when it does.

mod common;

use dyad_resources::{Resources, ResourcesBuilder, UserFileKind};

/// Codes `text` with the builtin resources plus `patterns`, and renders each
/// event as "CAMEO SOURCE->TARGET" ("-" for an absent actor).
fn events(resources: &Resources, text: &str) -> Vec<String> {
    let doc = common::coded(resources, text);
    let code = |id| common::actor_code(&doc, id);
    doc.events
        .iter()
        .map(|e| format!("{} {}->{}", e.cameo, code(e.source), code(e.target)))
        .collect()
}

#[test]
fn a_unilateral_act_is_kept_without_a_target() {
    let text = "Peru's army completed its withdrawal on Monday.";
    let found = events(Resources::builtin(), text);
    assert!(found.iter().any(|e| e == "0874 PER/MIL->-"), "{found:?}");
}

#[test]
fn without_the_flag_a_targetless_act_is_dropped() {
    let built = ResourcesBuilder::with_builtin()
        .map_err(|e| e.to_string())
        .and_then(|mut b| {
            b.add(
                UserFileKind::Patterns,
                "override.txt",
                "08.complete_withdrawal\t0874\tcomplete * withdrawal\t\n",
            )
            .map_err(|e| e.to_string())?;
            b.build().map_err(|e| e.to_string())
        });
    let resources = match built {
        Ok(r) => r,
        Err(e) => panic!("override parses: {e}"),
    };
    let found = events(
        &resources,
        "Peru's army completed its withdrawal on Monday.",
    );
    assert!(!found.iter().any(|e| e.starts_with("0874")), "{found:?}");
}
