//! 款到发货 end to end in the real window, keyboard only: finance records the payment of the
//! demo's approved order, which then reaches the warehouse's 待发货 queue; the warehouse scans
//! (a wrong barcode is refused), ships part — the order is 部分发货 with the rest held — ships
//! the rest (已发货), and takes one unit back with a return note.

use fairdesk_e2e::{
    assert_no_ui_errors, become_user, choose, el, enter, open_first, press, screenshot, type_into,
    value, wait_text, Driver,
};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

async fn attr(c: &Client, css: &str, name: &str) -> String {
    el(c, Locator::Css(css))
        .await
        .attr(name)
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn paid_in_advance_then_shipped_in_parts_with_a_return() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = fairdesk_e2e::demo_session(&driver).await;

    // The administrator gives 圆通 the company's own tracking code (设置 → 公司信息); it stays.
    press(&c, "nav-settings").await;
    el(&c, Locator::Css("#carrier-codes summary"))
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    fairdesk_e2e::type_into(&c, "carrier-code-yuantong", "yuantongkuaiyun").await;
    // And EMS a week of silence before its parcels alert the rep; 0 days is refused first.
    fairdesk_e2e::type_into(&c, "stall-days-ems", "0").await;
    press(&c, "company-save").await;
    wait_text(&c, Locator::Id("stall-days-error"), |t| t.contains("超出")).await;
    fairdesk_e2e::type_into(&c, "stall-days-ems", "7").await;
    press(&c, "company-save").await;
    wait_text(&c, Locator::Css("#company-settings .ok"), |t| !t.is_empty()).await;
    wait_text(&c, Locator::Id("stall-days-error"), |t| t.is_empty()).await;
    press(&c, "nav-dashboard").await;
    press(&c, "nav-settings").await;
    let code = el(&c, Locator::Id("carrier-code-yuantong")).await;
    for _ in 0..50 {
        if code.prop("value").await.unwrap().unwrap_or_default() == "yuantongkuaiyun" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        code.prop("value").await.unwrap().unwrap_or_default(),
        "yuantongkuaiyun"
    );
    let days = el(&c, Locator::Id("stall-days-ems")).await;
    assert_eq!(days.prop("value").await.unwrap().unwrap_or_default(), "7");

    // 孙丽 (finance) finds the approved order waiting for its prepayment and records it.
    become_user(&c, "孙丽").await;
    press(&c, "nav-orders").await;
    press(&c, "queue-payment").await;
    let number = wait_text(&c, Locator::Css("#order-list tbody tr td"), |t| {
        t.starts_with("SO-")
    })
    .await;
    open_first(&c, "order-list").await;
    wait_text(&c, Locator::Id("order-title"), |t| t == number).await;
    assert!(c.find(Locator::Id("order-released")).await.is_err());
    el(&c, Locator::Id("order-cancel")).await;
    let open = wait_text(&c, Locator::Id("pay-open"), |t| t.starts_with('¥')).await;
    // A mistyped amount is refused at the form and records nothing.
    enter(&c, "pay-amount", "12,3x").await;
    press(&c, "pay-record").await;
    wait_text(&c, Locator::Id("error-banner"), |t| t.contains("金额")).await;
    // A fraction of a fen is refused too, never rounded into another amount.
    enter(&c, "pay-amount", "12.345").await;
    press(&c, "pay-record").await;
    wait_text(&c, Locator::Id("error-banner"), |t| t.contains("两位小数")).await;
    assert_eq!(
        wait_text(&c, Locator::Id("pay-paid"), |_| true).await,
        "¥0.00"
    );
    fairdesk_e2e::type_into(&c, "pay-amount", open.trim_start_matches('¥')).await;
    fairdesk_e2e::type_into(&c, "pay-payer", "张总（个人账户）").await;
    fairdesk_e2e::type_into(&c, "pay-reference", "回单 0001").await;
    press(&c, "pay-record").await;
    wait_text(&c, Locator::Id("order-released"), |t| t.contains("放行")).await;
    wait_text(&c, Locator::Id("pay-paid"), |t| t == open).await;
    wait_text(&c, Locator::Id("pay-list"), |t| {
        t.contains("张总（个人账户）") && t.contains("回单 0001")
    })
    .await;
    // A paid order is no longer cancelled with a click (the money goes back first).
    assert!(c.find(Locator::Id("order-cancel")).await.is_err());
    screenshot(&c, "60-payment-recorded").await;

    // 赵敏 (warehouse) finds it in 待发货 and opens its picking view.
    become_user(&c, "赵敏").await;
    press(&c, "nav-shipping").await;
    wait_text(&c, Locator::Id("ship-queue"), |t| t.contains(&number)).await;
    open_first(&c, "ship-queue").await;
    wait_text(&c, Locator::Id("pick-title"), |t| t == number).await;
    let held = wait_text(&c, Locator::Id("pick-held-0"), |t| !t.is_empty()).await;
    let held: i64 = held.trim_end_matches("缺货").trim().parse().unwrap();
    assert!(held >= 2, "the demo order holds its first line: {held}");

    // A barcode that is not on the order is refused loudly; the line's own counts.
    enter(&c, "scan-input", "6999999999999").await;
    wait_text(&c, Locator::Id("error-banner"), |t| {
        t.contains("6999999999999")
    })
    .await;
    // … and heard: the desk played its refusal sound once (counted where the test can see it).
    assert_eq!(attr(&c, "body", "data-refusal-beeps").await, "1");
    let barcode = attr(&c, "#pick-lines tbody tr", "data-barcode").await;
    assert!(!barcode.is_empty());
    enter(&c, "scan-input", &barcode).await;
    enter(&c, "scan-input", &barcode).await;
    wait_text(&c, Locator::Id("ship-notice"), |t| t.ends_with("× 2")).await;
    assert_eq!(value(&c, "ship-qty-0").await, "2");
    screenshot(&c, "61-scanned").await;

    // Two parcels, two tracking numbers; a number of the wrong shape is refused first.
    enter(&c, "ship-tracking", "12345").await;
    press(&c, "ship-confirm").await;
    wait_text(&c, Locator::Id("error-banner"), |t| t.contains("运单号")).await;
    fairdesk_e2e::type_into(&c, "ship-tracking", "SF1234567890123 SF1234567890124").await;
    press(&c, "ship-confirm").await;
    wait_text(&c, Locator::Id("ship-notice"), |t| t.contains("FH-")).await;
    wait_text(&c, Locator::Id("pick-status"), |t| t == "部分发货").await;
    wait_text(&c, Locator::Id("pick-shipped-0"), |t| t == "2").await;
    let rest = (held - 2).to_string();
    wait_text(&c, Locator::Id("pick-held-0"), |t| t.starts_with(&rest)).await;
    wait_text(&c, Locator::Id("delivery-0"), |t| {
        t.contains("SF1234567890123、SF1234567890124")
    })
    .await;
    screenshot(&c, "62-partly-shipped").await;

    // The parcels' labels as one PDF: each page's barcode reads back as its tracking number.
    press(&c, "print-labels-0").await;
    let saved = wait_text(&c, Locator::Id("ship-notice"), |t| t.ends_with("面单.pdf")).await;
    let labels = saved.split_once(' ').unwrap().1.to_string();
    let codes = fairdesk_e2e::barcodes_in_pdf(std::path::Path::new(&labels));
    assert_eq!(codes, vec!["SF1234567890123", "SF1234567890124"]);
    // The delivery note names what left and what is still open.
    press(&c, "print-note-0").await;
    let saved = wait_text(&c, Locator::Id("ship-notice"), |t| {
        t.ends_with(".pdf") && !t.ends_with("面单.pdf")
    })
    .await;
    let note = saved.split_once(' ').unwrap().1.to_string();
    let text = fairdesk_e2e::pdf_text(std::path::Path::new(&note));
    assert!(text.contains("送货单") && text.contains(&number), "{text}");
    for f in [&labels, &note] {
        let _ = std::fs::remove_file(f);
    }

    // The rest, warehouse by warehouse: what is open and held is filled in.
    let warehouses: Vec<String> = c
        .execute(
            "return [...document.getElementById('pick-warehouse').options].map(o => o.text)",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for (n, wh) in warehouses.iter().enumerate() {
        choose(&c, "pick-warehouse", wh).await;
        fairdesk_e2e::type_into(&c, "ship-tracking", &format!("SF12345678902{n:02}")).await;
        press(&c, "ship-confirm").await;
        let next = format!("delivery-{}", n + 1);
        wait_text(&c, Locator::Id(&next), |t| t.contains("FH-")).await;
    }
    wait_text(&c, Locator::Id("pick-status"), |t| t == "已发货").await;
    wait_text(&c, Locator::Id("pick-open-0"), |t| t == "0").await;
    assert!(c.find(Locator::Id("ship-confirm")).await.is_err());
    screenshot(&c, "63-shipped").await;

    // One unit of the first delivery comes back.
    press(&c, "return-open-0").await;
    enter(&c, "return-qty-0", "1").await;
    fairdesk_e2e::type_into(&c, "return-reason", "包装破损").await;
    press(&c, "return-confirm").await;
    wait_text(&c, Locator::Id("ship-notice"), |t| t.contains("TH-")).await;
    wait_text(&c, Locator::Id("delivery-0"), |t| t.contains("已退 1")).await;
    wait_text(&c, Locator::Id("return-notes"), |t| t.contains("包装破损")).await;
    screenshot(&c, "64-returned").await;

    // The order says so too, with its deliveries (the rep's view of where the goods are).
    press(&c, "pick-open-order").await;
    wait_text(&c, Locator::Id("order-status"), |t| t == "已发货").await;
    wait_text(&c, Locator::Id("order-deliveries"), |t| {
        t.matches("FH-").count() >= 2
    })
    .await;
    screenshot(&c, "65-order-with-deliveries").await;

    // The company server's tracking round hears the first parcel was refused; the desk's
    // delivery carries it as a pull writes it (the pull itself is proven by the server tests).
    let tracks = r#"[{"tracking_no":"SF1234567890123","state":"refused","events":[
        {"at":"2026-12-04T09:00:00","context":"收件人拒收，快件待退回","location":"上海"}]}]"#;
    let db = rusqlite::Connection::open(driver.db_path()).unwrap();
    let changed = db
        .execute(
            "UPDATE deliveries SET doc = json_set(doc, '$.tracks', json(?1))
             WHERE id = (SELECT delivery_id FROM delivery_parcels
                         WHERE tracking_no = 'SF1234567890123')",
            [tracks],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(db);
    // 工作台 lists it for whoever looks after the order; it opens the order.
    press(&c, "nav-dashboard").await;
    wait_text(&c, Locator::Id("track-alerts"), |t| {
        t.contains("拒签") && t.contains("SF1234567890123") && t.contains(&number)
    })
    .await;
    screenshot(&c, "66-tracking-alert").await;
    fairdesk_e2e::click(&c, "track-alert-open-0").await;
    wait_text(&c, Locator::Id("order-deliveries"), |t| t.contains("拒签")).await;
    el(&c, Locator::Id("track-alert-note-0")).await;
    screenshot(&c, "67-alert-on-the-delivery").await;
    // Closed on the delivery by a note of what was done (Enter in the note).
    enter(&c, "track-alert-note-0", "已联系客户，明天重新派送").await;
    let start = std::time::Instant::now();
    while c.find(Locator::Id("track-alert-note-0")).await.is_ok() {
        assert!(
            start.elapsed().as_secs() < 10,
            "the alert stays open after its note"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    press(&c, "nav-dashboard").await;
    wait_text(&c, Locator::Id("track-alerts"), |t| {
        t.contains("没有需要处理的物流异常")
    })
    .await;

    // 应收 is finance's (the warehouse is told it may not look).
    press(&c, "nav-receivables").await;
    wait_text(&c, Locator::Id("error-banner"), |t| t.contains("应收")).await;
    become_user(&c, "孙丽").await;
    // 设置 → 发信邮箱 for 催款邮件: a port that isn't a number is refused at its field; then
    // saved, the password into the keyring (the field empties and says it is kept).
    press(&c, "nav-settings").await;
    type_into(&c, "f-host", "127.0.0.1").await;
    type_into(&c, "f-port", "abc").await;
    type_into(&c, "f-from", "finance@example.com").await;
    press(&c, "mail-save").await;
    wait_text(&c, Locator::Css(".error[data-field='port']"), |t| {
        !t.is_empty()
    })
    .await;
    type_into(&c, "f-port", "2525").await;
    choose(&c, "f-security", "不加密").await;
    type_into(&c, "f-user", "finance@example.com").await;
    type_into(&c, "f-mail-password", "s3cret").await;
    press(&c, "mail-save").await;
    wait_text(&c, Locator::Id("mail-saved"), |t| t.contains("已保存")).await;
    assert_eq!(value(&c, "f-mail-password").await, "");
    screenshot(&c, "68a-mail-settings").await;
    press(&c, "nav-receivables").await;
    // The demo's 月结30天 customer owes half of what it collected, due at the end of the month
    // plus 30 days, not overdue yet; this order's money beyond the goods kept is an advance.
    let open = wait_text(&c, Locator::Id("ar-open"), |t| t.contains("FH-")).await;
    assert!(open.contains(&number) || open.contains("SO-"), "{open}");
    let total = wait_text(&c, Locator::Id("ar-total"), |t| t.starts_with('¥')).await;
    assert_ne!(total, "¥0.00");
    wait_text(&c, Locator::Id("ar-advance"), |t| t != "¥0.00").await;
    wait_text(&c, Locator::Id("ar-customers"), |t| {
        t.contains("未到期") && t.contains("合计")
    })
    .await;
    screenshot(&c, "68-receivables").await;
    // The most overdue customer's page says the same as 应收 (open, overdue, advance).
    let first = wait_text(&c, Locator::Css("#ar-customers tbody tr"), |t| {
        !t.is_empty()
    })
    .await;
    el(&c, Locator::Css("#ar-customers tbody tr"))
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    let open = wait_text(&c, Locator::Id("cust-open"), |t| t.starts_with('¥')).await;
    assert!(first.contains(&open), "{first} has {open}");
    wait_text(&c, Locator::Id("cust-overdue"), |t| t == "¥0.00").await;
    // Its statement (对账单) for the month so far: a period that ends before it starts is
    // refused, this month's prints each delivery and the balance carried forward.
    let name = wait_text(&c, Locator::Id("customer-name"), |t| !t.is_empty()).await;
    enter(&c, "st-from", "2099/1/1").await;
    press(&c, "st-export").await;
    wait_text(&c, Locator::Id("error-banner"), |t| !t.is_empty()).await;
    enter(&c, "st-from", "").await;
    press(&c, "st-export").await;
    let saved = wait_text(&c, Locator::Id("st-saved"), |t| t.ends_with(".pdf")).await;
    let file = saved.split_once(' ').unwrap().1.to_string();
    let text = fairdesk_e2e::pdf_text(std::path::Path::new(&file));
    for want in ["对账单", name.as_str(), "FH-", "期初余额"] {
        assert!(text.contains(want), "{want} not in the statement:\n{text}");
    }
    let advance = wait_text(&c, Locator::Id("cust-advance"), |t| t.starts_with('¥')).await;
    if advance == "¥0.00" {
        assert!(
            text.contains("期末欠款") && text.contains(&open),
            "closes on {open}"
        );
    }
    screenshot(&c, "69-statement-exported").await;
    // Nothing of it is overdue: no payment reminder goes out (the IPC test sends one to a
    // real SMTP server).
    press(&c, "remind-send").await;
    wait_text(&c, Locator::Id("error-banner"), |t| {
        t.contains("没有逾期") || t.contains("电子邮箱")
    })
    .await;
    let _ = std::fs::remove_file(&file);
    press(&c, "nav-receivables").await;
    wait_text(&c, Locator::Id("ar-open"), |t| t.contains("FH-")).await;
    // Exported to Excel in the documents folder.
    press(&c, "ar-export").await;
    let saved = wait_text(&c, Locator::Id("ar-saved"), |t| t.ends_with(".xlsx")).await;
    let file = saved.split_once(' ').unwrap().1.to_string();
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx (a zip)");
    let _ = std::fs::remove_file(&file);
    // As of a day before anything shipped: nothing is owed (typed the way clerks type it).
    enter(&c, "ar-as-of", "2026/1/1").await;
    wait_text(&c, Locator::Id("ar-empty"), |t| !t.is_empty()).await;
    assert_eq!(
        wait_text(&c, Locator::Id("ar-total"), |_| true).await,
        "¥0.00"
    );
    // 工作台 lists what is overdue for finance: nothing yet (月结 is due next month, the rest
    // was paid).
    press(&c, "nav-dashboard").await;
    wait_text(&c, Locator::Id("overdue"), |t| {
        t.contains("没有逾期的应收款")
    })
    .await;
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();
}
