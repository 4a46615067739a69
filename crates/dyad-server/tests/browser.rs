//! The web page in headless Chromium (Debian's `chromium` and
//! `chromium-driver`), against a server started here on 127.0.0.1 over the
//! fixture store:
//!
//! - the dashboard draws a timeline with one point per month of the dyad
//!   that has events;
//! - the article view highlights exactly the expected spans, the claim
//!   inside a quote marked as such;
//! - clicking an event in the event list opens its detail;
//! - a hostile article (`<script>` and `onerror=` in title, body, outlet and
//!   a `javascript:` URL) renders as text, and none of its payloads runs;
//! - the network and the map draw their nodes, edges and places;
//! - no page logs an error to the console (script errors, failed requests,
//!   Content-Security-Policy violations).
//!
//! When Chromium is not installed the test says so and passes, unless
//! `DYAD_BROWSER_TESTS=1` (set by `.ci/run` after installing it), which makes
//! a missing browser a failure. `DYAD_SCREENSHOTS=DIR` also saves PNGs of the
//! dashboard, network, map and article view into DIR (the README's `docs/`).
//!
//! One test function drives one browser through all checks in turn: starting
//! Chromium is the slow part, and two cores do not gain from several at once.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::fixtures::{self, CLAIM_STORY, CLAIM_STORY_HIGHLIGHTS, HOSTILE_STORY, PWNED_GLOBAL};
use common::webdriver::{missing_browser, Browser};
use common::TestServer;
use serde_json::{json, Value};

#[test]
fn web_page_in_headless_chromium() {
    let required = std::env::var("DYAD_BROWSER_TESTS").is_ok_and(|v| v == "1");
    if let Some(why) = missing_browser() {
        assert!(
            !required,
            "DYAD_BROWSER_TESTS=1 but {why} (apt-get install chromium chromium-driver)"
        );
        eprintln!("browser tests skipped: {why} (apt-get install chromium chromium-driver, or run .ci/run)");
        return;
    }
    let server = TestServer::start();
    let browser = Browser::start(1280, 1100).unwrap_or_else(|error| panic!("{error}"));
    let shots = std::env::var_os("DYAD_SCREENSHOTS").map(PathBuf::from);
    // Each check must pass and leave no error in the console: no script
    // error, no failed request, no Content-Security-Policy violation.
    let check = |name: &str, result: Result<(), String>| {
        if let Err(error) = result {
            panic!("{name}: {error}");
        }
        let errors = browser
            .console_errors()
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(errors.is_empty(), "{name}: console errors: {errors:#?}");
    };
    check("dashboard", dashboard(&server, &browser, shots.as_ref()));
    check(
        "article view",
        article_view(&server, &browser, shots.as_ref()),
    );
    check("event click", event_click(&server, &browser));
    check("hostile article", hostile_article(&server, &browser));
    check("network", network(&server, &browser, shots.as_ref()));
    check("map", map(&server, &browser, shots.as_ref()));
}

fn shoot(browser: &Browser, dir: Option<&PathBuf>, name: &str) -> Result<(), String> {
    let Some(dir) = dir else {
        return Ok(());
    };
    std::fs::create_dir_all(dir).map_err(|error| error.to_string())?;
    browser.execute("window.scrollTo(0, 0); return true;", json!([]))?;
    // Let layout settle after the last DOM change.
    std::thread::sleep(Duration::from_millis(300));
    browser.screenshot(&dir.join(format!("{name}.png")))
}

fn dashboard(
    server: &TestServer,
    browser: &Browser,
    shots: Option<&PathBuf>,
) -> Result<(), String> {
    browser.goto(&server.url("/#/dashboard?a=RUS&b=UKR&bucket=month"))?;
    browser.wait_ready("dashboard")?;
    let drawn = browser.execute(
        "const chart = document.querySelector('svg.timeline');
         return chart && {
           points: chart.querySelectorAll('circle.point').length,
           periods: chart.dataset.periods,
           bars: chart.querySelectorAll('rect.bar').length,
           title: document.getElementById('dyad-title').textContent,
           rows: document.querySelectorAll('#dyad-events table.events tbody tr').length,
         };",
        json!([]),
    )?;
    let expected = fixtures::expected_months("RUS", "UKR").len();
    if drawn["points"].as_u64() != Some(expected as u64) {
        return Err(format!("expected {expected} points, the chart has {drawn}"));
    }
    if drawn["periods"] != "12" {
        return Err(format!("expected 12 monthly periods: {drawn}"));
    }
    if drawn["bars"].as_u64() < Some(expected as u64) {
        return Err(format!("fewer bars than points: {drawn}"));
    }
    if !drawn["title"]
        .as_str()
        .is_some_and(|t| t.starts_with("RUS ↔ UKR"))
    {
        return Err(format!("title: {drawn}"));
    }
    if drawn["rows"].as_u64() == Some(0) {
        return Err("no events listed under the chart".into());
    }
    shoot(browser, shots, "dashboard")
}

fn article_view(
    server: &TestServer,
    browser: &Browser,
    shots: Option<&PathBuf>,
) -> Result<(), String> {
    browser.goto(&server.url(&format!("/#/article/{CLAIM_STORY}?event=e0")))?;
    browser.wait_ready("article")?;
    // Each annotation's text, rebuilt from the highlighted segments carrying its id.
    let found = browser.execute(
        "const texts = {};
         const kinds = {};
         for (const span of document.querySelectorAll('#article-text .hl')) {
           for (const id of span.dataset.ann.split(' ')) {
             texts[id] = (texts[id] || '') + span.textContent;
             kinds[id] = id.split('-')[0];
           }
         }
         const order = Object.keys(texts);
         const claim = [...document.querySelectorAll('#article-text .hl.k-trigger.claim')].map((s) => s.textContent);
         return {
           highlights: order.map((id) => [kinds[id], texts[id]]),
           claim,
           text: document.getElementById('article-text').textContent,
           panel: document.getElementById('annotation-panel').textContent,
         };",
        json!([]),
    )?;
    let mut highlights: Vec<(String, String)> = found["highlights"]
        .as_array()
        .ok_or("no highlights")?
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or("").to_string(),
                pair[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String)> = CLAIM_STORY_HIGHLIGHTS
        .iter()
        .map(|(kind, text)| (kind.to_string(), text.to_string()))
        .collect();
    highlights.sort();
    expected.sort();
    if highlights != expected {
        return Err(format!(
            "highlights differ:\n  page:     {highlights:?}\n  expected: {expected:?}"
        ));
    }
    if found["claim"] != json!(["shelled"]) {
        return Err(format!(
            "the claim inside the quote is not marked: {}",
            found["claim"]
        ));
    }
    let body = fixtures::claim_story().body;
    if found["text"].as_str() != Some(body.as_str()) {
        return Err(format!("the text differs from the body: {}", found["text"]));
    }
    // ?event=e0 selected the trigger: the panel shows its record and a link to the event.
    if !found["panel"]
        .as_str()
        .is_some_and(|p| p.contains("shelled") && p.contains("claim"))
    {
        return Err(format!(
            "the panel does not show the selected trigger: {}",
            found["panel"]
        ));
    }
    // Clicking a mention shows its actor record.
    let kremlin = browser.find("#article-text .hl.k-mention[data-ann='mention-2']")?;
    browser.click(&kremlin)?;
    let panel = browser.execute(
        "return document.getElementById('annotation-panel').textContent;",
        json!([]),
    )?;
    if !panel.as_str().is_some_and(|p| p.contains("RUSGOV")) {
        return Err(format!(
            "clicking a mention did not show its actor: {panel}"
        ));
    }
    browser.click(&browser.find("#article-text .hl.k-trigger.claim")?)?;
    shoot(browser, shots, "article")
}

fn event_click(server: &TestServer, browser: &Browser) -> Result<(), String> {
    browser.goto(&server.url("/#/events?source=RUS&target=UKR"))?;
    browser.wait_ready("events")?;
    let first = browser.execute(
        "const row = document.querySelector('table.events tbody tr');
         return row && row.dataset.agg;",
        json!([]),
    )?;
    let agg = first.as_str().ok_or("no event rows")?.to_string();
    // Click the row's CAMEO cell (not its link): the whole row opens the event.
    browser.click(&browser.find("table.events tbody tr td:nth-child(4)")?)?;
    browser.wait_ready("event")?;
    let detail = browser.execute(
        "const d = document.getElementById('event-detail');
         return d && { agg: d.dataset.agg, mentions: document.querySelectorAll('ul.mentions li').length,
                       hash: location.hash };",
        json!([]),
    )?;
    if detail["agg"].as_str() != Some(agg.as_str()) || detail["hash"] != format!("#/event/{agg}") {
        return Err(format!("clicked event {agg}, opened {detail}"));
    }
    if detail["mentions"].as_u64() != Some(2) {
        return Err(format!("expected two mentions (two outlets): {detail}"));
    }
    // From the detail, a mention links to its article with the trigger selected.
    browser.click(&browser.find("ul.mentions li a")?)?;
    browser.wait_ready("article")?;
    let selected = browser.execute(
        "return [...document.querySelectorAll('#article-text .hl.selected')].map((s) => s.textContent).join('');",
        json!([]),
    )?;
    if selected.as_str().is_none_or(str::is_empty) {
        return Err("the mention's article opened without its trigger selected".into());
    }
    Ok(())
}

fn hostile_article(server: &TestServer, browser: &Browser) -> Result<(), String> {
    let story = fixtures::hostile_story();
    let pages = [
        format!("/#/article/{HOSTILE_STORY}"),
        "/#/articles?outlet=%3Cb%3EBold+Outlet%3C%2Fb%3E".to_string(),
        "/#/search?q=Austria".to_string(),
        "/#/quotes?speaker=AUT".to_string(),
        "/#/events?actor=AUT".to_string(),
    ];
    for page in &pages {
        browser.goto(&server.url(page))?;
        let route = page
            .trim_start_matches("/#/")
            .split(['/', '?'])
            .next()
            .unwrap_or("");
        browser.wait_ready(route)?;
        let state = browser.execute(
            &format!(
                "const view = document.getElementById('view');
                 return {{
                   pwned: window.{PWNED_GLOBAL} === undefined ? null : window.{PWNED_GLOBAL},
                   images: view.querySelectorAll('img').length,
                   scripts: view.querySelectorAll('script').length,
                   bold: view.querySelectorAll('b').length,
                   handlers: [...view.querySelectorAll('*')].filter((n) => [...n.attributes].some((a) => a.name.startsWith('on'))).length,
                   jsLinks: [...view.querySelectorAll('a')].filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') || '')).length,
                   text: view.textContent,
                 }};"
            ),
            json!([]),
        )?;
        if !state["pwned"].is_null() {
            return Err(format!(
                "{page}: a payload ran (window.{PWNED_GLOBAL} = {})",
                state["pwned"]
            ));
        }
        for key in ["images", "scripts", "bold", "handlers", "jsLinks"] {
            if state[key] != 0 {
                return Err(format!("{page}: {key} = {} in the view", state[key]));
            }
        }
        // The event list shows codes, not texts; every other page shows some of the markup as text.
        let shows_text = !page.contains("events");
        if shows_text
            && !state["text"]
                .as_str()
                .is_some_and(|t| t.contains("<script>") || t.contains("<img"))
        {
            return Err(format!("{page}: the markup does not show as text"));
        }
    }
    // The article view shows title and body verbatim.
    browser.goto(&server.url(&format!("/#/article/{HOSTILE_STORY}")))?;
    browser.wait_ready("article")?;
    let shown = browser.execute(
        "return { title: document.getElementById('article-title').textContent,
                  text: document.getElementById('article-text').textContent };",
        json!([]),
    )?;
    if shown["title"].as_str() != Some(story.title.as_str())
        || shown["text"].as_str() != Some(story.body.as_str())
    {
        return Err(format!("title or body altered: {shown}"));
    }
    Ok(())
}

fn network(server: &TestServer, browser: &Browser, shots: Option<&PathBuf>) -> Result<(), String> {
    browser.goto(&server.url("/#/network"))?;
    browser.wait_ready("network")?;
    let expected = common::get(&server.url("/api/network")).json();
    let drawn = browser.execute(
        "const chart = document.querySelector('svg.network');
         return { nodes: chart.querySelectorAll('g.node').length, edges: chart.querySelectorAll('path.edge').length };",
        json!([]),
    )?;
    let want = json!({
        "nodes": expected["nodes"].as_array().map_or(0, Vec::len),
        "edges": expected["edges"].as_array().map_or(0, Vec::len),
    });
    if drawn != want || drawn["edges"] == 0 {
        return Err(format!("drew {drawn}, the API has {want}"));
    }
    shoot(browser, shots, "network")?;
    // Clicking a node opens the actor.
    browser.click(&browser.find("svg.network g.node[data-code='UKR'] circle")?)?;
    browser.wait_ready("actor")?;
    let code = browser.execute(
        "return document.getElementById('actor-detail').textContent;",
        json!([]),
    )?;
    if !code.as_str().is_some_and(|t| t.contains("UKR")) {
        return Err(format!("clicking UKR opened {code}"));
    }
    Ok(())
}

fn map(server: &TestServer, browser: &Browser, shots: Option<&PathBuf>) -> Result<(), String> {
    browser.goto(&server.url("/#/map"))?;
    browser.wait_ready("map")?;
    let expected: Value = common::get(&server.url("/api/places")).json();
    let drawn = browser.execute(
        "const chart = document.querySelector('svg.map');
         return { places: chart.querySelectorAll('circle.place').length,
                  land: (chart.querySelector('path.land').getAttribute('d') || '').length };",
        json!([]),
    )?;
    let places = expected["places"].as_array().map_or(0, Vec::len);
    if drawn["places"].as_u64() != Some(places as u64) || places == 0 {
        return Err(format!("drew {drawn}, the API has {places} places"));
    }
    if drawn["land"].as_u64() < Some(10_000) {
        return Err(format!("no world outline: {drawn}"));
    }
    shoot(browser, shots, "map")
}
