//! The API under load: 1,000 requests all in flight at once, each on its own
//! connection to 127.0.0.1, must all succeed. Prints p50/p99 latency (of this
//! debug build; `examples/load.rs` measures a release build).

mod common;

use std::time::Duration;

use common::TestServer;

#[test]
fn thousand_concurrent_requests_without_errors() {
    let server = TestServer::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let paths = common::load::api_mix();
    let report = runtime.block_on(common::load::run(
        server.addr,
        &paths,
        1000,
        1000,
        Duration::from_secs(60),
    ));
    eprintln!("load (debug build): {}", report.summary());
    assert_eq!(report.errors, 0, "errors: {:?}", report.first_errors);
    assert_eq!(report.ok, 1000);
}
