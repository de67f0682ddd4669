//! A clerk's first day, in the real window: create a customer with a Chinese name, find it by
//! pinyin initials, edit it, restart the app, find it again, and the outbox holds the work.

use fairdesk_e2e::{assert_no_ui_errors, click, screenshot, type_into, wait_text, Driver};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn create_find_edit_restart_and_outbox() {
    let driver = Driver::start();
    let c = driver.session().await;
    screenshot(&c, "01-dashboard").await;

    click(&c, "nav-customers").await;
    click(&c, "new-customer").await;
    // Bad input first: empty name and a malformed mobile are refused at the field.
    type_into(&c, "f-contact-0-name", "单丽华").await;
    type_into(&c, "f-contact-0-mobile", "1381234").await;
    click(&c, "save").await;
    wait_text(&c, Locator::Css(".error[data-field='name']"), |t| {
        t == "必填"
    })
    .await;
    let mobile_err = wait_text(&c, Locator::Css("td.invalid .error"), |t| !t.is_empty()).await;
    assert!(mobile_err.contains("手机号格式不正确"), "{mobile_err}");
    // The cursor is put in the first field to fix.
    let focused = c.active_element().await.unwrap().attr("id").await.unwrap();
    assert_eq!(focused.as_deref(), Some("f-name"));
    screenshot(&c, "02-form-errors").await;

    type_into(&c, "f-name", "重庆山城火锅食品有限公司").await;
    type_into(&c, "f-contact-0-mobile", "13812345678").await;
    type_into(&c, "f-credit-limit", "50000").await;
    click(&c, "save").await;
    wait_text(&c, Locator::Id("customer-name"), |t| {
        t == "重庆山城火锅食品有限公司"
    })
    .await;
    screenshot(&c, "03-detail").await;

    // Find it by pinyin initials (重庆 read as chongqing).
    click(&c, "nav-customers").await;
    type_into(&c, "customer-search", "cqsc").await;
    wait_text(&c, Locator::Id("customer-total"), |t| t.contains("共 1 条")).await;
    wait_text(&c, Locator::Id("customer-table"), |t| {
        t.contains("重庆山城火锅食品有限公司")
    })
    .await;
    screenshot(&c, "04-search").await;

    // Edit: the city.
    // Keyboard first: Enter in the search box opens the first match.
    c.find(Locator::Id("customer-search"))
        .await
        .unwrap()
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, Locator::Id("customer-name"), |t| {
        t == "重庆山城火锅食品有限公司"
    })
    .await;
    click(&c, "edit").await;
    wait_text(&c, Locator::Css("h1"), |t| t == "编辑客户").await;
    // The form is filled from the store before we type.
    let filled = c.find(Locator::Id("f-name")).await.unwrap();
    for _ in 0..50 {
        if filled.prop("value").await.unwrap().unwrap_or_default() == "重庆山城火锅食品有限公司"
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    type_into(&c, "f-province", "重庆").await;
    type_into(&c, "f-city", "渝中区").await;
    click(&c, "save").await;
    wait_text(&c, Locator::Id("profile-region"), |t| t.contains("渝中区")).await;
    wait_text(&c, Locator::Id("history"), |t| t.contains("渝中区")).await;
    let pending = wait_text(&c, Locator::Id("pending-count"), |t| t == "3").await;
    assert_eq!(pending, "3", "admin bootstrap + create + edit");
    screenshot(&c, "05-edited").await;

    // Restart the app: the customer is still there.
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();
    let c = driver.session().await;
    click(&c, "nav-customers").await;
    type_into(&c, "customer-search", "cq").await;
    wait_text(&c, Locator::Css("tr.customer-row .name"), |t| {
        t == "重庆山城火锅食品有限公司"
    })
    .await;
    wait_text(&c, Locator::Id("pending-count"), |t| t == "3").await;
    // English switch.
    click(&c, "lang-toggle").await;
    wait_text(&c, Locator::Id("nav-customers"), |t| t == "Customers").await;
    screenshot(&c, "06-english").await;
    click(&c, "lang-toggle").await;
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();

    // The outbox holds the mutations, in device order.
    let db = rusqlite::Connection::open(driver.db_path()).unwrap();
    let names: Vec<String> = db
        .prepare("SELECT name FROM outbox ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        names,
        vec!["save_user", "create_customer", "update_customer"]
    );
}
