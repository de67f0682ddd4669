//! 出差备货 in the real window: the rep takes a quota of cups while online, the server goes
//! away (a trade fair without Wi-Fi), she sells within her quota (held for sure) and beyond it
//! (待确认), the boss sells the rest of the pool meanwhile; back online, her quota sale is
//! confirmed and the rest comes back short, with a notice to tell the customer.

use fairdesk_core::catalog::WarehouseData;
use fairdesk_core::order::OrderAction;
use fairdesk_core::stock::StockEntry;
use fairdesk_core::{Id, Mutation};
use fairdesk_e2e::{
    assert_no_ui_errors, choose, click, el, enter, press, screenshot, type_into, wait_text, Driver,
};
use fairdesk_server::testing::{cup, cup_order, FaultProxy, TestServer, PASSWORD};
use fairdesk_store::Store;
use fairdesk_sync::client::{connect, sync_once, SyncClient};
use fantoccini::key::Key;
use fantoccini::Locator;
use rust_decimal::Decimal;

/// The boss's desk, in this process: 华东仓 with 50 cups, on the server.
fn boss_desk(server: &str, dir: &std::path::Path) -> (Store, SyncClient, Id, Id) {
    let mut store = Store::open(&dir.join("boss.db")).unwrap();
    let mut client = SyncClient::new(server);
    connect(&mut store, &mut client, "demo", "boss", PASSWORD).unwrap();
    let wh = store
        .create_with(|id| Mutation::SaveWarehouse {
            id,
            data: WarehouseData {
                name: "华东仓".into(),
                province: "上海".into(),
                city: "上海".into(),
                address: String::new(),
                active: true,
            },
        })
        .unwrap();
    let cup = store
        .create_with(|id| Mutation::CreateProduct {
            id,
            data: cup(None),
        })
        .unwrap();
    store
        .create_with(|id| Mutation::RecordStock {
            id,
            entry: StockEntry::Opening {
                product_id: cup,
                warehouse_id: wh,
                qty: Decimal::from(50),
            },
        })
        .unwrap();
    sync_once(&mut store, &client, |_| {}).unwrap();
    (store, client, wh, cup)
}

/// The boss sells `qty` cups from the pool to a customer of his own and syncs.
fn boss_sells(store: &mut Store, client: &SyncClient, wh: Id, cup: Id, qty: i64) {
    let form = fairdesk_core::customer::CustomerForm {
        name: "老板的客户".into(),
        contacts: vec![fairdesk_core::customer::ContactForm {
            name: "周强".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let customer = match store.create_customer(&form, None, true).unwrap() {
        fairdesk_store::CreateCustomer::Created { id, .. } => id,
        other => panic!("{other:?}"),
    };
    let (order, _) = store
        .create_order(cup_order(customer, cup, wh, qty))
        .unwrap();
    store
        .submit(Mutation::OrderAct {
            id: order,
            action: OrderAction::Submit,
            reason: String::new(),
        })
        .unwrap();
    sync_once(store, client, |_| {}).unwrap();
}

/// A new order for the fair's customer: `qty` cups, submitted; its number.
async fn sell(c: &fantoccini::Client, qty: &str) -> String {
    press(c, "nav-orders").await;
    enter(c, "order-new-customer", "展会客户").await;
    let number = wait_text(c, Locator::Id("order-title"), |t| t.starts_with("SO-")).await;
    type_into(c, "order-add-qty", qty).await;
    enter(c, "order-add-product", "BWB-500").await;
    wait_text(c, Locator::Id("order-line-0"), |t| t.contains("BWB-500")).await;
    press(c, "order-submit").await;
    wait_text(c, Locator::Id("order-status"), |t| t == "待审核").await;
    number
}

#[test]
fn take_a_quota_sell_offline_within_and_beyond_it_and_see_the_answer() {
    let server = TestServer::start();
    // The fair's network: a proxy that can go away (no faults otherwise).
    let proxy = FaultProxy::start(&server.base, 0);
    let dir = tempfile::tempdir().unwrap();
    let (mut boss, boss_client, wh, cup) = boss_desk(&server.base, dir.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let driver = Driver::start();
        let c = driver.session().await;
        // 李娜 logs in through the fair's network (the proxy) and makes her customer.
        click(&c, "nav-settings").await;
        type_into(&c, "srv-server", &proxy.base).await;
        type_into(&c, "srv-org", "demo").await;
        type_into(&c, "srv-login", "lina").await;
        type_into(&c, "srv-password", PASSWORD).await;
        click(&c, "srv-connect").await;
        wait_text(&c, Locator::Id("sync-state"), |t| t == "在线").await;
        click(&c, "nav-customers").await;
        click(&c, "new-customer").await;
        type_into(&c, "f-name", "展会客户").await;
        click(&c, "save").await;
        wait_text(&c, Locator::Id("customer-name"), |t| t == "展会客户").await;

        // 出差备货: 30 cups from 华东仓, granted in full by the server.
        press(&c, "nav-stock").await;
        wait_text(&c, Locator::Id("stock-table"), |t| t.contains("BWB-500")).await;
        press(&c, "stock-open-quota").await;
        type_into(&c, "quota-code-0", "BWB-500").await;
        choose(&c, "quota-wh-0", "华东仓").await;
        type_into(&c, "quota-qty-0", "30").await;
        click(&c, "quota-take").await;
        wait_text(&c, Locator::Id("quota-result-0"), |t| {
            t.contains("全部批准 30")
        })
        .await;
        screenshot(&c, "60-quota-granted").await;
        click(&c, "quota-close").await;
        wait_text(&c, Locator::Id("top-quota"), |t| {
            t.contains("额度销售中") && t.contains("30")
        })
        .await;
        // On hand 50, held 0, quotas 30, available 20; the panel shows this desk's 30.
        wait_text(&c, Locator::Id("stock-table"), |t| t.contains("5003020")).await;
        wait_text(&c, Locator::Id("quota-table"), |t| {
            t.contains("本机") && t.contains("30")
        })
        .await;
        screenshot(&c, "61-quota-panel").await;

        // The network goes; the boss sells the 20 left in the pool meanwhile.
        proxy.set_online(false);
        tokio::task::spawn_blocking(move || boss_sells(&mut boss, &boss_client, wh, cup, 20))
            .await
            .unwrap();

        // Within the quota: 20, held for sure.
        let first = sell(&c, "20").await;
        wait_text(&c, Locator::Id("order-line-0"), |t| t.contains("额度 20")).await;
        assert!(c.find(Locator::Id("order-pending-0")).await.is_err());
        // Beyond it: 15, of which 10 from the quota and 5 待确认.
        let second = sell(&c, "15").await;
        wait_text(&c, Locator::Id("order-pending-0"), |t| t == "待确认 5").await;
        wait_text(&c, Locator::Id("order-line-0"), |t| t.contains("额度 10")).await;
        screenshot(&c, "62-quota-pending-offline").await;
        press(&c, "nav-orders").await;
        wait_text(&c, Locator::Id("order-list"), |t| {
            t.contains(&first) && t.contains(&second) && t.contains("待确认")
        })
        .await;

        // Back online: the quota sale is confirmed, the 5 beyond it are short (the pool is
        // empty), and a notice says so.
        proxy.set_online(true);
        click(&c, "nav-settings").await;
        click(&c, "srv-sync-now").await;
        wait_text(&c, Locator::Id("pending-count"), |t| t == "0").await;
        wait_text(&c, Locator::Id("conflict-count"), |t| t.contains('1')).await;
        press(&c, "nav-orders").await;
        let list = wait_text(&c, Locator::Id("order-list"), |t| {
            t.contains(&second) && !t.contains("待确认")
        })
        .await;
        assert!(list.contains("缺货"), "{list}");
        for r in c
            .find_all(Locator::Css("#order-list tbody tr"))
            .await
            .unwrap()
        {
            let text = r.prop("textContent").await.unwrap().unwrap_or_default();
            if text.contains(&second) {
                r.send_keys(&Key::Enter.to_string()).await.unwrap();
                break;
            }
        }
        wait_text(&c, Locator::Id("order-title"), |t| t == second).await;
        let line = wait_text(&c, Locator::Id("order-line-0"), |t| t.contains("额度 10")).await;
        assert!(line.ends_with('5'), "5 short: {line}");
        assert!(c.find(Locator::Id("order-pending-0")).await.is_err());
        screenshot(&c, "63-quota-confirmed-and-short").await;
        click(&c, "conflict-count").await;
        wait_text(&c, Locator::Id("conflicts"), |t| t.contains("缺 5")).await;
        let _ = el(&c, Locator::Id("conflicts")).await;
        assert_no_ui_errors(&c).await;
        c.close().await.unwrap();
    });
    drop(rt);
    drop(proxy);
    drop(server);
}
