//! Prints each token with its tag and lemma, and the pattern matches per
//! sentence: a developer's view of what the events stage sees.
//!
//! `cargo run -p dyad-pipeline --example tokens -- "Russia accused Ukraine of shelling the plant."`

use dyad_doc::{Doc, DocMeta};
use dyad_pipeline::{
    clause::mention_positions,
    events::{match_sentence, place_positions},
    Pipeline,
};
use dyad_resources::Resources;

fn main() {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let resources = Resources::builtin();
    let mut doc = Doc::new(
        DocMeta {
            published: "2025-06-01".parse().ok(),
            ..DocMeta::default()
        },
        text,
    );
    Pipeline::standard().run(&mut doc, resources);
    for token in &doc.tokens {
        print!("{}/{}/{} ", doc.slice(token.span), token.pos, token.lemma);
    }
    println!();
    let positions = mention_positions(&doc);
    let places = place_positions(&doc);
    for sentence in &doc.sentences {
        let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
        for found in match_sentence(&doc, &positions, &places, range, resources) {
            println!(
                "match {} at {:?}",
                found.pattern.id,
                doc.slice(doc.tokens[found.trigger_start].span)
            );
        }
    }
    for event in &doc.events {
        println!(
            "event {} {:?} -> {:?} [{}]",
            event.cameo,
            event
                .source
                .and_then(|a| doc.actor(a))
                .map(|a| a.code.to_string()),
            event
                .target
                .and_then(|a| doc.actor(a))
                .map(|a| a.code.to_string()),
            event.pattern
        );
    }
}
