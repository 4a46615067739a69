//! The response cache: answers stay right when `dyad ingest` writes to the
//! store while the server runs, and identical requests in flight all get
//! the same answer.

mod common;

use common::fixtures;
use common::TestServer;

fn documents(server: &TestServer) -> u64 {
    let reply = common::get(&server.url("/api/stats"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["documents"].as_u64().unwrap_or_default()
}

#[test]
fn a_write_to_the_store_shows_in_the_next_answer() {
    let server = TestServer::start();
    let before = documents(&server);
    assert_eq!(before, fixtures::stories().len() as u64);
    // Asked again, the same answer, from the cache.
    let again = common::get(&server.url("/api/stats"));
    assert_eq!(again.header("x-dyad-cache"), Some("hit"));
    assert_eq!(again.json()["documents"].as_u64(), Some(before));

    // Another process's ingest, as `dyad ingest` would do while serving.
    let mut store = dyad_store::Store::open(&server.db).expect("open the store");
    let mut story = fixtures::stories().remove(0);
    story.id = "late-arrival".into();
    story
        .body
        .push_str(" A late paragraph makes this a new document.");
    store.ingest(&[story.item()]).expect("ingest");
    drop(store);

    let fresh = common::get(&server.url("/api/stats"));
    assert_eq!(
        fresh.header("x-dyad-cache"),
        None,
        "a stale answer was served"
    );
    assert_eq!(fresh.json()["documents"].as_u64(), Some(before + 1));
    let article = common::get(&server.url("/api/articles/late-arrival"));
    assert_eq!(article.status, 200, "{}", article.body);
}

#[test]
fn identical_requests_in_flight_get_one_answer() {
    let server = TestServer::start();
    let url = server.url("/api/actors?q=a&limit=50");
    let replies: Vec<(u16, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..32)
            .map(|_| {
                scope.spawn(|| {
                    let reply = common::get(&url);
                    (reply.status, reply.body)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("request thread"))
            .collect()
    });
    let first = &replies[0];
    assert_eq!(first.0, 200, "{}", first.1);
    assert!(first.1.contains("\"items\""));
    for reply in &replies {
        assert_eq!(reply, first);
    }
}

#[test]
fn errors_are_not_kept() {
    let server = TestServer::start();
    for _ in 0..3 {
        let reply = common::get(&server.url("/api/events?limit=0"));
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert_eq!(reply.header("x-dyad-cache"), None);
        assert!(reply.json()["error"]["message"].is_string());
    }
}
