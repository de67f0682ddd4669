//! Logging in to the company server from Settings in the real window: the desk turns 在线,
//! works as the server account, and its new customer reaches the server without a click.

use fairdesk_e2e::{assert_no_ui_errors, click, screenshot, type_into, wait_text, Driver};
use fairdesk_server::testing::{TestServer, PASSWORD};
use fantoccini::Locator;
use std::time::{Duration, Instant};

#[test]
fn log_in_from_settings_and_work_reaches_the_server() {
    // The server keeps its own runtime; it is dropped after the test's runtime.
    let server = TestServer::start();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let driver = Driver::start();
        let c = driver.session().await;
        wait_text(&c, Locator::Id("sync-state"), |t| t == "离线").await;
        click(&c, "nav-settings").await;
        type_into(&c, "srv-server", &server.base).await;
        type_into(&c, "srv-org", "demo").await;
        type_into(&c, "srv-login", "boss").await;
        type_into(&c, "srv-password", PASSWORD).await;
        click(&c, "srv-connect").await;
        wait_text(&c, Locator::Id("sync-state"), |t| t == "在线").await;
        wait_text(&c, Locator::Id("current-user"), |t| t.contains("老板")).await;
        screenshot(&c, "21-sync-settings").await;

        click(&c, "nav-customers").await;
        click(&c, "new-customer").await;
        type_into(&c, "f-name", "深圳湾科技有限公司").await;
        click(&c, "save").await;
        wait_text(&c, Locator::Id("customer-name"), |t| t == "深圳湾科技有限公司").await;
        let start = Instant::now();
        loop {
            let pool = server.pool.clone();
            // The sync database client must not run on the async threads.
            let n: i64 = tokio::task::spawn_blocking(move || {
                pool.get()
                    .unwrap()
                    .query_one(
                        "SELECT count(*) FROM rows WHERE entity = 'customer' AND doc->>'name' = '深圳湾科技有限公司'",
                        &[],
                    )
                    .unwrap()
                    .get(0)
            })
            .await
            .unwrap();
            if n == 1 {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "the customer never reached the server");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        wait_text(&c, Locator::Id("pending-count"), |t| t == "0").await;
        screenshot(&c, "22-synced").await;
        assert_no_ui_errors(&c).await;
        c.close().await.unwrap();
    });
    drop(rt);
    drop(server);
}
