//! The demo company in the real window: reminders on the dashboard, tag filter, and local
//! roles — a rep switched in Settings sees only her own customers.

use fairdesk_e2e::{assert_no_ui_errors, click, screenshot, wait_text, Driver};
use fantoccini::Locator;

fn count(total_text: &str) -> u64 {
    total_text
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_company_tags_and_a_rep_sees_only_own_customers() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = driver.session().await;
    wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;
    wait_text(&c, Locator::Id("reminders"), |t| {
        t.contains("跟进到期") || t.contains("生日")
    })
    .await;
    screenshot(&c, "11-demo-dashboard").await;

    click(&c, "nav-customers").await;
    let all = count(&wait_text(&c, Locator::Id("customer-total"), |t| t.contains("200")).await);
    assert_eq!(all, 200);
    // Filter by the first tag: fewer customers, each carrying it.
    let tag = c
        .find(Locator::Css("#tag-filter button.tag"))
        .await
        .unwrap();
    let tag_name = tag.text().await.unwrap();
    let tag_name = tag_name.split_whitespace().next().unwrap().to_string();
    tag.click().await.unwrap();
    let tagged = count(
        &wait_text(&c, Locator::Id("customer-total"), |t| {
            count(t) < 200 && count(t) > 0
        })
        .await,
    );
    let table = wait_text(&c, Locator::Id("customer-table"), |t| t.contains(&tag_name)).await;
    assert!(table.contains(&tag_name));
    screenshot(&c, "12-demo-tag-filter").await;
    assert!(tagged < all);

    // Switch to the rep 李娜 in Settings: she sees her own customers only.
    click(&c, "nav-settings").await;
    c.wait()
        .for_element(Locator::Css("button.use-user[data-user='李娜']"))
        .await
        .unwrap()
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, Locator::Id("current-user"), |t| t.contains("李娜")).await;
    wait_text(&c, Locator::Id("notice"), |t| t == "已保存").await;
    screenshot(&c, "13-settings").await;
    click(&c, "nav-customers").await;
    let own = count(
        &wait_text(&c, Locator::Id("customer-total"), |t| {
            count(t) > 0 && count(t) < 200
        })
        .await,
    );
    // Every listed customer is hers (the owner column).
    let owners = c
        .find_all(Locator::Css("#customer-table tbody tr td:nth-child(8)"))
        .await
        .unwrap();
    assert!(!owners.is_empty());
    for o in owners {
        let name = o.prop("textContent").await.unwrap().unwrap_or_default();
        assert_eq!(name, "李娜");
    }
    screenshot(&c, "14-rep-view").await;
    assert!(own < 200, "the rep sees {own} of 200");
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();
}
