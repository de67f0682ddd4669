//! Quote → order → submit as a rep → approve as her manager → the warehouse sees it to ship,
//! with the stock held for it. Keyboard only, in the real window, with the demo company.

use fairdesk_e2e::{
    assert_no_ui_errors, become_user, choose, el, enter, press, screenshot, selected, wait_text,
    Driver,
};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn quote_to_order_approved_by_the_manager_reaches_the_warehouse_queue() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = driver.session().await;
    wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;

    // 李娜 (rep, 华东组) quotes ten cups to one of her customers; the customer accepts.
    become_user(&c, "李娜").await;
    fairdesk_e2e::new_quote_with(&c, "BWB-500").await;
    enter(&c, "qty-0", "10").await;
    wait_text(&c, Locator::Id("line-0"), |t| t.contains("¥455.00")).await;
    press(&c, "quote-save").await;
    wait_text(&c, Locator::Id("quote-title"), |t| t.starts_with("QT-")).await;
    press(&c, "quote-send").await;
    wait_text(&c, Locator::Id("quote-status"), |t| t == "已发送").await;
    press(&c, "quote-accept").await;
    wait_text(&c, Locator::Id("quote-status"), |t| t == "已接受").await;

    // The order carries the quote's lines; she picks 月结30天 and submits it.
    press(&c, "quote-to-order").await;
    let number = wait_text(&c, Locator::Id("order-title"), |t| t.starts_with("SO-")).await;
    // The nearest warehouse with all of it ships the order, and the order says why.
    let reason = wait_text(&c, Locator::Id("warehouse-reason"), |t| t.contains("：")).await;
    let warehouse = reason.split('：').next().unwrap().to_string();
    assert!(reason.ends_with("最近且有货"), "{reason}");
    press(&c, "terms-2").await;
    wait_text(&c, Locator::Id("order-terms"), |_| true).await;
    let chosen = el(&c, Locator::Id("terms-2")).await;
    for _ in 0..50 {
        if chosen
            .attr("class")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains("primary")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    press(&c, "order-submit").await;
    wait_text(&c, Locator::Id("order-status"), |t| t == "待审核").await;
    let line = wait_text(&c, Locator::Id("order-line-0"), |t| t.contains("BWB-500")).await;
    assert!(
        line.contains("10 个") && line.ends_with("10"),
        "ten held: {line}"
    );
    // A rep can't approve her own order: the button isn't even there.
    assert!(c.find(Locator::Id("order-approve")).await.is_err());
    screenshot(&c, "31-order-submitted").await;

    // 张伟 (manager, 华东组) finds it in 待审核 and approves it.
    become_user(&c, "张伟").await;
    press(&c, "nav-orders").await;
    wait_text(&c, Locator::Id("order-list"), |t| t.contains(&number)).await;
    el(&c, Locator::Css("#order-list tbody tr"))
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, Locator::Id("order-title"), |t| t == number).await;
    press(&c, "order-approve").await;
    wait_text(&c, Locator::Id("order-status"), |t| t == "已审核").await;
    wait_text(&c, Locator::Id("order-released"), |t| t.contains("放行")).await;
    screenshot(&c, "32-order-approved").await;

    // 赵敏 (warehouse) sees it to ship, and the cups are held for it in 华东仓.
    become_user(&c, "赵敏").await;
    press(&c, "nav-orders").await;
    wait_text(&c, Locator::Id("order-list"), |t| t.contains(&number)).await;
    screenshot(&c, "33-warehouse-queue").await;
    press(&c, "nav-stock").await;
    enter(&c, "stock-search", "BWB-500").await;
    // The demo has 50 cups in 华东仓 and 30 in 华北仓: ten of them are held now.
    let on_hand = if warehouse == "华东仓" { 50 } else { 30 };
    // Warehouses show their city: 华东仓（上海）, 华北仓（北京）.
    let city = if warehouse == "华东仓" {
        "上海"
    } else {
        "北京"
    };
    // On hand, held, quotas (none), available.
    let row = format!("{warehouse}（{city}）{on_hand}100{}", on_hand - 10);
    wait_text(&c, Locator::Id("stock-table"), |t| t.contains(&row)).await;
    // Which orders hold it: the row opens its ledger and the holders.
    for r in c
        .find_all(Locator::Css("#stock-table tbody tr"))
        .await
        .unwrap()
    {
        if r.prop("textContent")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains(&row)
        {
            r.send_keys(&Key::Enter.to_string()).await.unwrap();
        }
    }
    wait_text(&c, Locator::Id("stock-holders"), |t| {
        t.contains(&format!("{number} 10"))
    })
    .await;
    screenshot(&c, "34-stock-held").await;

    // The administrator finds the approval in the audit log.
    become_user(&c, "管理员").await;
    enter(&c, "audit-text", "approve").await;
    wait_text(&c, Locator::Id("audit-results"), |t| {
        t.contains("张伟") && t.contains("order")
    })
    .await;
    screenshot(&c, "35-audit").await;
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_direct_order_to_a_delivery_address_with_lines_edited_by_hand() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = driver.session().await;
    wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;

    // The administrator gives a customer a delivery address in 上海; a bad phone is refused
    // at the field first.
    press(&c, "nav-customers").await;
    enter(&c, "customer-search", "北京").await;
    let name = wait_text(&c, Locator::Id("customer-name"), |t| !t.is_empty()).await;
    press(&c, "edit").await;
    let filled = el(&c, Locator::Id("f-name")).await;
    for _ in 0..50 {
        if filled.prop("value").await.unwrap().unwrap_or_default() == name {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    press(&c, "add-ship-to").await;
    let row = c
        .find_all(Locator::Css("#ship-to tbody tr"))
        .await
        .unwrap()
        .len()
        - 1;
    for (sub, text) in [
        ("label", "上海工厂"),
        ("province", "上海"),
        ("city", "上海"),
        ("address", "松江区九亭镇涞亭路 8 号"),
        ("contact", "周强"),
        ("phone", "abc"),
    ] {
        fairdesk_e2e::type_into(&c, &format!("f-ship-to-{row}-{sub}"), text).await;
    }
    press(&c, "save").await;
    el(&c, Locator::Css("#ship-to td.invalid")).await;
    screenshot(&c, "36a-delivery-address-refused").await;
    fairdesk_e2e::type_into(&c, &format!("f-ship-to-{row}-phone"), "13912345678").await;
    press(&c, "save").await;
    wait_text(&c, Locator::Id("ship-to-list"), |t| t.contains("上海工厂")).await;

    // A new order straight from the order list, for that customer.
    press(&c, "nav-orders").await;
    enter(&c, "order-new-customer", &name).await;
    wait_text(&c, Locator::Id("order-title"), |t| t.starts_with("SO-")).await;
    wait_text(&c, Locator::Id("order-customer"), |t| t == name).await;
    fairdesk_e2e::type_into(&c, "order-add-qty", "5").await;
    enter(&c, "order-add-product", "BWB-500").await;
    wait_text(&c, Locator::Id("order-line-0"), |t| t.contains("BWB-500")).await;

    // Deliver to the plant: 华东仓 is nearest and has the cups.
    choose(&c, "order-address", "上海工厂").await;
    wait_text(&c, Locator::Id("warehouse-reason"), |t| {
        t == "华东仓：最近且有货"
    })
    .await;
    assert!(selected(&c, "order-wh-0").await.starts_with("华东仓"));

    // Six instead of five, and from 华北仓 after all; zero is refused and changes nothing.
    enter(&c, "order-qty-0", "6").await;
    wait_text(&c, Locator::Id("order-history"), |t| {
        t.contains("行1 数量：5 → 6")
    })
    .await;
    choose(&c, "order-wh-0", "华北仓").await;
    wait_text(&c, Locator::Id("order-history"), |t| {
        t.contains("行1 仓库：华东仓 → 华北仓")
    })
    .await;
    // Zero is refused at the field as it is typed, and nothing is saved.
    enter(&c, "order-qty-0", "0").await;
    wait_text(&c, Locator::Id("order-qty-0-error"), |t| {
        t.contains("大于 0")
    })
    .await;
    // The screen shows what is stored after going away and back.
    press(&c, "nav-orders").await;
    wait_text(&c, Locator::Id("order-list"), |t| t.contains(&name)).await;
    let mut opened = false;
    for r in c
        .find_all(Locator::Css("#order-list tbody tr"))
        .await
        .unwrap()
    {
        if r.prop("textContent")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains(&name)
        {
            r.send_keys(&Key::Enter.to_string()).await.unwrap();
            opened = true;
            break;
        }
    }
    assert!(opened, "the order of {name} is listed");
    wait_text(&c, Locator::Id("order-line-0"), |t| t.contains("BWB-500")).await;
    let qty = el(&c, Locator::Id("order-qty-0")).await;
    assert_eq!(qty.prop("value").await.unwrap().as_deref(), Some("6"));
    assert!(selected(&c, "order-wh-0").await.starts_with("华北仓"));
    assert!(el(&c, Locator::Id("order-address"))
        .await
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default()
        .contains("松江区"));
    // 预付30%: the schedule shows the prepayment and the balance due before shipping.
    press(&c, "terms-1").await;
    wait_text(&c, Locator::Id("order-schedule"), |t| {
        t.contains("预付款") && t.contains("尾款") && t.contains("发货前")
    })
    .await;
    screenshot(&c, "36-direct-order").await;

    press(&c, "order-submit").await;
    wait_text(&c, Locator::Id("order-status"), |t| t == "待审核").await;
    wait_text(&c, Locator::Id("order-line-0"), |t| t.contains("华北仓")).await;
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();
}

/// A regular customer is put on 月结30天 (结算方式 on the customer form); an order entered for
/// it afterwards starts on those terms.
#[tokio::test(flavor = "multi_thread")]
async fn a_customer_on_monthly_terms_gets_orders_on_them() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = driver.session().await;
    wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;
    // The list says how far each order is paid (the demo's 月结 order is half paid).
    press(&c, "nav-orders").await;
    press(&c, "queue-all").await;
    wait_text(&c, Locator::Id("order-list"), |t| {
        t.contains("部分收款") && t.contains("未收款")
    })
    .await;
    press(&c, "nav-customers").await;
    enter(&c, "customer-search", "上海").await;
    let name = wait_text(&c, Locator::Id("customer-name"), |t| !t.is_empty()).await;
    wait_text(&c, Locator::Id("cust-payment-terms"), |t| {
        t == "款到发货（默认）"
    })
    .await;
    press(&c, "edit").await;
    wait_text(&c, Locator::Css("h1"), |t| t == "编辑客户").await;
    let filled = el(&c, Locator::Id("f-name")).await;
    for _ in 0..50 {
        if filled.prop("value").await.unwrap().unwrap_or_default() == name {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    choose(&c, "f-payment-terms", "月结30天").await;
    // 开票信息: a taxpayer id with a wrong check character is refused at its field.
    fairdesk_e2e::type_into(&c, "f-invoice-buyer", &name).await;
    fairdesk_e2e::type_into(&c, "f-invoice-tax-id", "91330100799655058C").await;
    press(&c, "save").await;
    wait_text(
        &c,
        Locator::Css("span.error[data-field='invoice.tax_id']"),
        |t| t.contains("格式"),
    )
    .await;
    fairdesk_e2e::type_into(&c, "f-invoice-tax-id", "91330100799655058B").await;
    press(&c, "save").await;
    wait_text(&c, Locator::Id("cust-payment-terms"), |t| t == "月结30天").await;
    wait_text(&c, Locator::Id("cust-invoice"), |t| {
        t.contains("91330100799655058B") && t.contains("增值税普通发票")
    })
    .await;

    press(&c, "nav-orders").await;
    enter(&c, "order-new-customer", &name).await;
    wait_text(&c, Locator::Id("order-title"), |t| t.starts_with("SO-")).await;
    let monthly = el(&c, Locator::Id("terms-2")).await;
    assert_eq!(monthly.text().await.unwrap(), "月结30天");
    let mut class = String::new();
    for _ in 0..50 {
        class = monthly.attr("class").await.unwrap().unwrap_or_default();
        if class.contains("primary") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        class.contains("primary"),
        "the order starts on 月结30天: {class}"
    );
    screenshot(&c, "36-order-on-customer-terms").await;
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();
}
