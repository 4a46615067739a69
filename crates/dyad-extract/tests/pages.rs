//! Extraction on small pages written for these tests: the article's
//! paragraphs are kept, page chrome is dropped, metadata is found.

use dyad_extract::{extract, extract_bytes, DateSource};

/// A news page with everything around the article that real pages have.
const NEWS_PAGE: &str = r##"<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>Border talks resume after two-year pause | The Example Herald</title>
<meta property="og:title" content="Border talks resume after two-year pause">
<meta name="author" content="Maria Example">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Border talks resume after two-year pause",
 "datePublished": "2024-03-12T07:45:00+01:00", "dateModified": "2024-03-13T10:00:00+01:00",
 "author": {"@type": "Person", "name": "Maria Example"}}
</script>
<style>.hidden { display: none }</style>
</head>
<body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. <button>Accept all</button></div>
<header class="site-header"><a href="/">The Example Herald</a>
<nav class="main-nav"><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/sport">Sport</a></li></ul></nav>
</header>
<main>
<article>
<h1>Border talks resume after two-year pause</h1>
<div class="byline">By <a rel="author" href="/staff/maria">Maria Example</a> <time datetime="2024-03-12">12 March 2024</time></div>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<figure><img src="talks.jpg" alt=""><figcaption>Delegates arrive at the venue on Tuesday. Photo: Agency</figcaption></figure>
<div class="article-body">
<p>Negotiators from the two neighbouring states sat down on Tuesday for the first round of border talks in two years, officials on both sides confirmed.</p>
<p>The meeting, hosted by a regional mediator, focused on the disputed river crossing, where a series of incidents last summer raised fears of a wider confrontation.</p>
<div class="ad-slot">Advertisement</div>
<p>"We came here to listen, and to be heard," the lead negotiator told reporters after the session, adding that a second round was planned for April.</p>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Crossing closed after incident</a></li><li><a href="/b">Mediator appointed</a></li></ul></aside>
<p>Analysts said the resumption itself was a modest success, but warned that the thornier questions of water rights and patrol zones remained untouched.</p>
<p class="newsletter-signup">Sign up for our daily briefing newsletter</p>
</div>
</article>
<section class="comments"><h2>Comments (3)</h2><p>Great article, thanks for the detailed report on these talks!</p><p>I disagree with the analysts quoted here, the talks will fail again.</p></section>
</main>
<footer class="site-footer"><p>© 2024 The Example Herald. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>"##;

#[test]
fn keeps_the_article_and_drops_the_chrome() {
    let page = extract(NEWS_PAGE, None);
    let lines: Vec<&str> = page.body.lines().collect();
    assert_eq!(lines.len(), 4, "{}", page.body);
    assert!(lines[0].starts_with("Negotiators from the two neighbouring states"));
    assert!(lines[1].starts_with("The meeting, hosted by a regional mediator"));
    assert!(lines[2].starts_with("\"We came here to listen"));
    assert!(lines[3].starts_with("Analysts said the resumption"));
    for chrome in [
        "cookies",
        "Politics",
        "Share on",
        "Photo: Agency",
        "Advertisement",
        "Related stories",
        "Crossing closed",
        "newsletter",
        "Great article",
        "All rights reserved",
        "Border talks resume",
    ] {
        assert!(
            !page.body.contains(chrome),
            "{chrome:?} kept in:\n{}",
            page.body
        );
    }
}

#[test]
fn finds_the_metadata() {
    let page = extract(NEWS_PAGE, None);
    assert_eq!(
        page.title.as_deref(),
        Some("Border talks resume after two-year pause")
    );
    assert_eq!(page.byline.as_deref(), Some("Maria Example"));
    assert_eq!(
        page.published.map(|d| d.to_string()).as_deref(),
        Some("2024-03-12")
    );
    assert_eq!(page.date_source, Some(DateSource::JsonLd));
    assert_eq!(page.language.as_deref(), Some("en"));
}

#[test]
fn date_from_meta_when_there_is_no_json_ld() {
    let html = r#"<html><head>
<meta property="article:published_time" content="2023-11-30T18:02:00Z">
<meta name="dc.date" content="2023-11-29"></head>
<body><article><p>The committee published its report on Thursday, a day later than planned, and recommended new rules.</p></article></body></html>"#;
    let page = extract(html, None);
    assert_eq!(
        page.published.map(|d| d.to_string()).as_deref(),
        Some("2023-11-30")
    );
    assert_eq!(page.date_source, Some(DateSource::Meta));
}

#[test]
fn date_from_the_url_and_from_a_visible_dateline() {
    let html = "<html><body><article><p>The ferry service between the islands will restart next week after repairs, the operator said.</p></article></body></html>";
    let page = extract(
        html,
        Some("https://news.example.org/2022/08/15/ferry-restarts"),
    );
    assert_eq!(
        page.published.map(|d| d.to_string()).as_deref(),
        Some("2022-08-15")
    );
    assert_eq!(page.date_source, Some(DateSource::Url));
    let html = "<html><body><div class='meta'>Posted on 4 February 2021</div><article><p>The ferry service between the islands will restart next week after repairs, the operator said.</p></article></body></html>";
    let page = extract(html, None);
    assert_eq!(
        page.published.map(|d| d.to_string()).as_deref(),
        Some("2021-02-04")
    );
    assert_eq!(page.date_source, Some(DateSource::Text));
}

#[test]
fn paragraphs_split_by_line_breaks_and_divs() {
    let html = "<html><body><div id='content'><div class='post-text'>The mayor opened the new bridge on Saturday morning, ending years of delays.<br><br>Residents lined both banks to watch the ceremony, which lasted an hour.<br><br>Traffic will be allowed from Monday.</div></div><div class='sidebar'><a href='/x'>Most read</a></div></body></html>";
    let page = extract(html, None);
    assert_eq!(
        page.body,
        "The mayor opened the new bridge on Saturday morning, ending years of delays.\nResidents lined both banks to watch the ceremony, which lasted an hour.\nTraffic will be allowed from Monday."
    );
}

#[test]
fn an_article_split_by_ad_slots_is_gathered() {
    let para = |text: &str| {
        format!("<p>{text} The statement was read out at a press conference in the capital on Monday.</p>")
    };
    let html = format!(
        "<html><body><div class='story'><div class='story-body'>{}{}</div><div class='ad'><a href='/ad'>Buy now</a></div><div class='story-body'>{}{}</div></div><ul class='most-popular'><li><a href='/1'>Another story</a></li></ul></body></html>",
        para("First part."),
        para("Second part."),
        para("Third part."),
        para("Fourth part.")
    );
    let page = extract(&html, None);
    assert_eq!(page.body.lines().count(), 4, "{}", page.body);
    assert!(page.body.contains("Fourth part."));
    assert!(!page.body.contains("Buy now") && !page.body.contains("Another story"));
}

#[test]
fn bytes_in_other_encodings() {
    let latin1 = b"<html><head><meta charset='iso-8859-1'><title>Acordo</title></head><body><article><p>O governo e os sindicatos chegaram a um acordo sobre os sal\xe1rios na ter\xe7a-feira, disse o minist\xe9rio.</p></article></body></html>";
    let page = extract_bytes(latin1, None, None);
    assert!(
        page.body.contains("salários na terça-feira"),
        "{}",
        page.body
    );
}

#[test]
fn hostile_and_broken_input_never_panics() {
    let inputs: Vec<String> = vec![
        String::new(),
        "<".into(),
        "<<<>>></></>".into(),
        "<html><body><p>unclosed <b>bold <i>italic</p></div></body>".into(),
        "<div>".repeat(20_000),
        "<table><tr><td>".repeat(2_000),
        "<script>".to_string() + &"x".repeat(10_000),
        "<!--".to_string() + &"<p>never closed comment".repeat(100),
        "\u{0}\u{1}\u{2} binary-ish \u{feff}".into(),
        "<svg><foreignObject><p>text in svg</p></foreignObject></svg>".into(),
        "<html><head><script type='application/ld+json'>{\"datePublished\": [1, {\"a\": null}], \"@graph\": 5}</script></head></html>".into(),
    ];
    for input in &inputs {
        let _ = extract(input, Some("not a url"));
    }
    let _ = extract_bytes(&[0xff, 0xfe, 0x00, 0x3c], Some("utf-16"), None);
    let _ = extract_bytes(b"\xc3\x28\xa0\xa1<p>bad utf-8</p>", Some("utf-8"), None);
}
