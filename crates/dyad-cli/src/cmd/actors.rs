//! `dyad actors`: how a name resolves, at a date — for checking and extending the dictionaries.

use crate::run::ResourceArgs;
use crate::Outcome;
use anyhow::Result;
use clap::Args;
use dyad_resources::text::{normalize, split_words};
use dyad_resources::Entry;

/// Show what a name means to dyad: country, organisation, person (with the
/// office and code at `--date`), title or agent word.
///
/// Examples:
///
///   dyad actors Lavrov --date 2025-12-04
///   dyad actors "Joe Biden" --date 2023-05-01
///   dyad actors Kremlin
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ActorsArgs {
    /// The name or phrase to look up.
    pub name: String,
    /// The date at which offices are resolved (default: today's offices — terms still open).
    #[arg(long, value_name = "DATE")]
    pub date: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub resources: ResourceArgs,
}

/// Runs `dyad actors`.
pub fn run(args: ActorsArgs) -> Result<Outcome> {
    let resources = args.resources.load()?;
    let dict = &resources.actors;
    let words: Vec<String> = split_words(&args.name, &resources.lexicon.abbreviations)
        .into_iter()
        .map(|(a, b)| normalize(&args.name[a..b]))
        .collect();
    let mut words: &[String] = &words;
    if words.len() > 1 && words[0] == "the" {
        words = &words[1..];
    }
    let entries = dict.lookup(words);
    if entries.is_empty() {
        println!("{:?}: not in the actor dictionaries", args.name);
        return Ok(Outcome::Partial);
    }
    for entry in entries {
        match entry {
            Entry::Country(idx) => println!(
                "country      {} ({})",
                dict.countries[*idx].name, dict.countries[*idx].code
            ),
            Entry::Demonym(idx) => println!(
                "adjective    of {} ({})",
                dict.countries[*idx].name, dict.countries[*idx].code
            ),
            Entry::Capital(idx) => {
                println!("capital      metonym for {}/GOV", dict.countries[*idx].code)
            }
            Entry::Seat { actor, city, .. } => {
                println!("seat         metonym for {actor} (in {city})")
            }
            Entry::Organisation { actor, name, kind } => {
                println!("organisation {name}: {actor} ({kind:?})")
            }
            Entry::Agent(sector) => println!("agent word   sector {sector}"),
            Entry::Title(office) => println!("title        office {}", dict.offices[*office].key),
            Entry::Person(idx) => {
                let person = &dict.people[*idx];
                let (code, office) = person.at(args.date);
                let office = office.map_or("no office then".to_string(), |o| {
                    dict.offices[o].key.clone()
                });
                println!(
                    "person       {}: {code} ({office}){}",
                    person.name,
                    args.date.map_or(String::new(), |d| format!(" on {d}"))
                );
                for term in &person.terms {
                    println!(
                        "               {} {} {}..{}",
                        term.actor,
                        dict.offices[term.office].key,
                        term.from,
                        term.to.map_or("".to_string(), |d| d.to_string())
                    );
                }
            }
        }
    }
    Ok(Outcome::Success)
}
