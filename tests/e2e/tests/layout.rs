//! The desk on the laptops clerks have, in the real window: at 1024×640 (the smallest window),
//! 1366×768 (the common office laptop) and 1920×1080 the named parts of each screen are inside
//! the visible area (the quote line's quantity, price, amount and ×; the customer list's key
//! columns; the stock hint read whole; the brand on one line in English). Screenshots of each
//! size are kept for people to look at. Also the clerk's habits the screens must follow: the
//! date field takes 2026/12/3 and 20261203 and shows 2026-12-03 whatever the locale, a wrong
//! quantity is marked as it is typed and never saved, long notes count their characters.

use fairdesk_e2e::{
    assert_no_ui_errors, demo_session, el, enter, keys, new_quote_with, press, screenshot,
    wait_text, Driver,
};
use fantoccini::{Client, Locator};

const SIZES: [(u32, u32); 3] = [(1024, 640), (1366, 768), (1920, 1080)];

/// The element's box against the scrolling content area (and the window).
async fn inside(c: &Client, id: &str) -> Result<(), String> {
    let v = c
        .execute(
            "const e = document.getElementById(arguments[0]);
             if (!e) return 'missing';
             e.scrollIntoView({block: 'nearest', inline: 'nearest'});
             const r = e.getBoundingClientRect();
             const area = document.querySelector('.content').getBoundingClientRect();
             const right = Math.min(area.right, window.innerWidth);
             const bottom = Math.min(area.bottom, window.innerHeight);
             if (r.width === 0 || r.height === 0) return 'not shown';
             if (r.left < area.left - 1 || r.right > right + 1) return `x ${r.left}..${r.right} outside ${area.left}..${right}`;
             if (r.top < 0 || r.bottom > bottom + 1) return `y ${r.top}..${r.bottom} outside 0..${bottom}`;
             return 'ok';",
            vec![id.into()],
        )
        .await
        .unwrap();
    match v.as_str() {
        Some("ok") => Ok(()),
        other => Err(format!("#{id}: {other:?}")),
    }
}

/// Its text is shown whole: not cut off by an ellipsis or the cell's edge.
async fn whole(c: &Client, id: &str) -> bool {
    c.execute(
        "const e = document.getElementById(arguments[0]);
         return e.scrollWidth <= e.clientWidth + 1;",
        vec![id.into()],
    )
    .await
    .unwrap()
    .as_bool()
    .unwrap_or(false)
}

async fn check_all(c: &Client, ids: &[&str], size: (u32, u32), what: &str) {
    let mut bad = Vec::new();
    for id in ids {
        if let Err(e) = inside(c, id).await {
            bad.push(e);
        }
    }
    assert!(bad.is_empty(), "{what} at {}×{}: {bad:?}", size.0, size.1);
}

async fn resize(c: &Client, (w, h): (u32, u32)) {
    c.set_window_size(w, h).await.unwrap();
    // Let the window settle and WebKit lay the page out again.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_fits_the_laptops_clerks_have() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = demo_session(&driver).await;

    // A quote with two lines, one of them short.
    new_quote_with(&c, "BWB-500").await;
    enter(&c, "qty-0", "60").await;
    wait_text(&c, Locator::Id("stock-0"), |t| t.contains("可用")).await;
    enter(&c, "product-input", "QMB-05").await;
    wait_text(&c, Locator::Id("line-1"), |t| t.contains("QMB-05")).await;
    for size in SIZES {
        resize(&c, size).await;
        check_all(
            &c,
            &[
                "th-qty",
                "th-price",
                "th-amount",
                "qty-0",
                "price-0",
                "amount-0",
                "remove-0",
                "stock-0",
                "remove-1",
                "quote-save",
            ],
            size,
            "quote lines",
        )
        .await;
        assert!(
            whole(&c, "stock-0").await,
            "the stock hint is cut at {size:?}"
        );
        screenshot(&c, &format!("40-quote-{}x{}", size.0, size.1)).await;
    }

    // The customer list keeps its key columns.
    press(&c, "nav-customers").await;
    wait_text(&c, Locator::Id("customer-total"), |t| t.contains("200")).await;
    for size in SIZES {
        resize(&c, size).await;
        check_all(
            &c,
            &[
                "th-name",
                "th-contact",
                "th-mobile",
                "th-owner",
                "th-follow-up",
                "customer-search",
            ],
            size,
            "customer list",
        )
        .await;
        screenshot(&c, &format!("41-customers-{}x{}", size.0, size.1)).await;
    }

    // The customer form's 结算方式 and 开票信息, and 工作台's tracking alerts and overdue lists.
    press(&c, "new-customer").await;
    el(&c, Locator::Id("f-invoice-tax-id")).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = [
            "f-payment-terms",
            "f-invoice-buyer",
            "f-invoice-tax-id",
            "f-invoice-kind",
            "save",
        ];
        check_all(&c, &parts, size, "customer form").await;
        screenshot(&c, &format!("41b-customer-form-{}x{}", size.0, size.1)).await;
    }
    press(&c, "nav-dashboard").await;
    el(&c, Locator::Id("overdue")).await;
    for size in SIZES {
        resize(&c, size).await;
        check_all(&c, &["track-alerts", "overdue"], size, "dashboard").await;
        screenshot(&c, &format!("41c-dashboard-{}x{}", size.0, size.1)).await;
    }

    // Stock, settings: their main parts are on screen.
    press(&c, "nav-stock").await;
    wait_text(&c, Locator::Id("stock-table"), |t| t.contains("BWB-500")).await;
    for size in SIZES {
        resize(&c, size).await;
        check_all(
            &c,
            &["stock-search", "stock-open-quota", "stock-open-entry"],
            size,
            "stock",
        )
        .await;
        screenshot(&c, &format!("42-stock-{}x{}", size.0, size.1)).await;
    }
    // 出差备货: the request's lines and its button fit too.
    press(&c, "stock-open-quota").await;
    el(&c, Locator::Id("quota-code-0")).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = ["quota-code-0", "quota-wh-0", "quota-qty-0", "quota-take"];
        check_all(&c, &parts, size, "stock for a trip").await;
        screenshot(&c, &format!("42a-quota-dialog-{}x{}", size.0, size.1)).await;
    }
    press(&c, "quota-close").await;
    press(&c, "nav-settings").await;
    el(&c, Locator::Id("unit-settings")).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = [
            "unit-save",
            "warehouse-add",
            "company-label-size",
            "company-quota-days",
            "company-save",
            "f-security",
            "f-mail-password",
            "mail-save",
        ];
        check_all(&c, &parts, size, "settings").await;
        screenshot(&c, &format!("43-settings-{}x{}", size.0, size.1)).await;
    }

    // The picking view of the demo's order once paid: the quantities to ship, the scan field
    // and the confirm button, and what is held, on every size.
    press(&c, "nav-orders").await;
    press(&c, "queue-payment").await;
    el(&c, Locator::Css("#order-list tbody tr"))
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, Locator::Id("pay-open"), |t| t != "¥0.00").await;
    press(&c, "pay-record").await;
    press(&c, "order-ship").await;
    wait_text(&c, Locator::Id("pick-title"), |t| t.starts_with("SO-")).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = [
            "scan-input",
            "pick-held-0",
            "ship-qty-0",
            "ship-qty-1",
            "ship-tracking",
            "ship-confirm",
        ];
        check_all(&c, &parts, size, "picking").await;
        screenshot(&c, &format!("47-picking-{}x{}", size.0, size.1)).await;
    }
    // The order screen with its payments (what finance and the rep read).
    press(&c, "pick-open-order").await;
    el(&c, Locator::Id("pay-list")).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = [
            "order-title",
            "order-status",
            "pay-paid",
            "pay-open",
            "pay-list",
        ];
        check_all(&c, &parts, size, "order").await;
        screenshot(&c, &format!("48-order-paid-{}x{}", size.0, size.1)).await;
    }
    // 应收: the day, the totals and the last columns of both tables.
    press(&c, "nav-receivables").await;
    wait_text(&c, Locator::Id("ar-customers"), |t| t.contains("未到期")).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = [
            "ar-as-of",
            "ar-total",
            "ar-advance",
            "ar-col-open",
            "ar-col-advance",
            "ar-col-overdue",
        ];
        check_all(&c, &parts, size, "receivables").await;
        screenshot(&c, &format!("49-receivables-{}x{}", size.0, size.1)).await;
    }
    // A customer's page: what it owes, its statement and reminder, and the follow-up form.
    el(&c, Locator::Css("#ar-customers tbody tr"))
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, Locator::Id("cust-open"), |t| t.starts_with('¥')).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = [
            "cust-open",
            "st-from",
            "st-to",
            "st-export",
            "remind-send",
            "fu-date",
            "fu-next",
            "fu-content",
            "add-follow-up",
        ];
        check_all(&c, &parts, size, "customer's statement").await;
        screenshot(&c, &format!("49b-customer-statement-{}x{}", size.0, size.1)).await;
    }
    // 发票: the 待开票 queue, the request form of its first order, the list and the tools.
    press(&c, "nav-invoices").await;
    wait_text(&c, Locator::Id("inv-queue"), |t| t.contains("SO-")).await;
    el(&c, Locator::Css("#inv-queue tbody tr"))
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, Locator::Id("inv-form-customer"), |t| !t.is_empty()).await;
    for size in SIZES {
        resize(&c, size).await;
        let parts = [
            "inv-export",
            "inv-import",
            "inv-queue",
            "inv-filter",
            "inv-qty-0",
            "inv-notes",
            "inv-request",
        ];
        check_all(&c, &parts, size, "invoices").await;
        screenshot(&c, &format!("49c-invoices-{}x{}", size.0, size.1)).await;
    }

    // In English the brand stays on one line and whole.
    press(&c, "lang-toggle").await;
    wait_text(&c, Locator::Id("nav-customers"), |t| t == "Customers").await;
    for size in SIZES {
        resize(&c, size).await;
        assert!(whole(&c, "brand").await, "brand cut at {size:?}");
        // One line box for its text.
        let lines = c
            .execute(
                "const r = document.createRange();
                 r.selectNodeContents(document.getElementById('brand'));
                 return r.getClientRects().length",
                vec![],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap();
        assert_eq!(lines, 1, "the brand wraps at {size:?}");
        screenshot(&c, &format!("44-settings-en-{}x{}", size.0, size.1)).await;
    }
    press(&c, "lang-toggle").await;
    assert_no_ui_errors(&c).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dates_quantities_and_notes_as_clerks_type_them() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = demo_session(&driver).await;
    press(&c, "nav-customers").await;
    press(&c, "new-customer").await;

    // The birthday typed as 1985/3/8 reads 1985-03-08; 19850308 too.
    enter(&c, "f-birthday", "1985/3/8").await;
    let value = |id: &'static str| {
        let c = c.clone();
        async move {
            c.execute(
                "return document.getElementById(arguments[0]).value",
                vec![id.into()],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
        }
    };
    assert_eq!(value("f-birthday").await, "1985-03-08");
    enter(&c, "f-contract-expiry", "20271231").await;
    assert_eq!(value("f-contract-expiry").await, "2027-12-31");
    // The calendar: opened from the keyboard, a day picked with the arrows and Enter.
    press(&c, "f-contract-expiry-pick").await;
    el(&c, Locator::Id("f-contract-expiry-calendar")).await;
    keys(
        &c,
        "f-contract-expiry-calendar",
        &fantoccini::key::Key::Right.to_string(),
    )
    .await;
    keys(
        &c,
        "f-contract-expiry-calendar",
        &fantoccini::key::Key::Enter.to_string(),
    )
    .await;
    assert_eq!(value("f-contract-expiry").await, "2028-01-01");
    // A note counts its characters before it is saved.
    keys(&c, "f-notes", "老客户，年底前回访").await;
    wait_text(&c, Locator::Id("f-notes-count"), |t| t == "9 / 2000").await;
    // An empty name and a bad birthday: the cursor goes to the name, the first on screen.
    enter(&c, "f-birthday", "1985-02-30").await;
    press(&c, "save").await;
    wait_text(&c, Locator::Css("[data-field=birthday]"), |t| !t.is_empty()).await;
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(focused, serde_json::json!("f-name"));
    screenshot(&c, "45-customer-form-dates").await;

    // Quantities: "abc", 0, -3 and 1.5 个 are marked at once; the total never goes negative
    // and the wrong value is not saved.
    new_quote_with(&c, "BWB-500").await;
    enter(&c, "qty-0", "10").await;
    let ten = wait_text(&c, Locator::Id("total-gross"), |t| t == "¥455.00").await;
    for (typed, says) in [
        ("abc", "数字"),
        ("0", "大于"),
        ("-3", "大于"),
        ("1.5", "整数"),
    ] {
        let e = el(&c, Locator::Id("qty-0")).await;
        e.clear().await.unwrap();
        e.send_keys(typed).await.unwrap();
        let msg = wait_text(&c, Locator::Css("#line-0 .error"), |t| !t.is_empty()).await;
        assert!(msg.contains(says), "{typed}: {msg}");
        let total = wait_text(&c, Locator::Id("total-gross"), |_| true).await;
        assert_eq!(
            total, ten,
            "the total keeps the last good quantity for {typed}"
        );
        assert!(!total.contains('-'));
    }
    press(&c, "quote-save").await;
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(
        focused,
        serde_json::json!("qty-0"),
        "save goes back to the wrong quantity"
    );
    assert!(
        c.find(Locator::Id("quote-title")).await.is_err()
            || !wait_text(&c, Locator::Id("quote-title"), |_| true)
                .await
                .starts_with("QT-"),
        "nothing was saved"
    );
    enter(&c, "qty-0", "12").await;
    wait_text(&c, Locator::Id("total-gross"), |t| t == "¥546.00").await;
    screenshot(&c, "46-quote-quantity-checked").await;
    assert_no_ui_errors(&c).await;
}
