//! The quote flow in the real window, keyboard only: customer → products by SKU, pinyin
//! initials and barcode → quantities (a red shortage, a volume tier) → an unknown code is
//! refused → save → a second version → compare → export the PDF and read it back.

use fairdesk_e2e::{
    assert_no_ui_errors, demo_session, enter, keys, new_quote_with, press, screenshot, wait_text,
    Driver,
};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

async fn has_class(c: &Client, id: &str, class: &str) -> bool {
    let el = c.find(Locator::Id(id)).await.unwrap();
    el.attr("class")
        .await
        .unwrap()
        .unwrap_or_default()
        .split_whitespace()
        .any(|k| k == class)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quote_made_with_the_keyboard_versions_compare_and_pdf() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = demo_session(&driver).await;

    // Customer by part of a name; by SKU; 60 cups while 华东仓 has 50: the line turns red.
    let customer = new_quote_with(&c, "BWB-500").await;
    enter(&c, "qty-0", "60").await;
    let stock = wait_text(&c, Locator::Id("stock-0"), |t| t.contains("华东仓")).await;
    assert_eq!(stock, "华东仓（上海） 库存50个，可用50个");
    wait_text(&c, Locator::Id("line-0"), |t| t.contains("¥2,730.00")).await;
    assert!(
        has_class(&c, "line-0", "short").await,
        "a shortage is shown in red"
    );

    // By pinyin initials (不锈钢保温杯 → bxgbwb); 100 of them reach the volume tier.
    enter(&c, "product-input", "bxgbwb").await;
    wait_text(&c, Locator::Id("line-1"), |t| t.contains("BWB-350")).await;
    enter(&c, "qty-1", "100").await;
    wait_text(&c, Locator::Id("line-1"), |t| {
        t.contains("阶梯价 ≥100") && t.contains("¥3,500.00")
    })
    .await;

    // By barcode, as a scanner types it.
    enter(&c, "product-input", "6901234000155").await;
    wait_text(&c, Locator::Id("line-2"), |t| t.contains("QMB-05")).await;

    // An unknown code: a clear message, no line added.
    enter(&c, "product-input", "NOPE-123").await;
    wait_text(&c, Locator::Id("error-banner"), |t| {
        t.contains("没有编码或条码为「NOPE-123」的商品")
    })
    .await;
    assert!(c.find(Locator::Id("line-3")).await.is_err());

    // Totals in figures and in 大写.
    let gross = wait_text(&c, Locator::Id("total-gross"), |t| t.starts_with('¥')).await;
    assert_eq!(gross, "¥6,233.50"); // 2730 + 3500 + 3.50
    wait_text(&c, Locator::Id("total-capital"), |t| {
        t.contains("陆仟贰佰叁拾叁元伍角整")
    })
    .await;
    screenshot(&c, "21-quote-entry").await;

    press(&c, "quote-save").await;
    let title = wait_text(&c, Locator::Id("quote-title"), |t| t.starts_with("QT-")).await;
    assert!(title.ends_with(" v1"), "{title}");
    let number = title.trim_end_matches(" v1").to_string();

    // Version 2: fewer cups, so nothing is short any more.
    press(&c, "quote-new-version").await;
    wait_text(&c, Locator::Id("quote-title"), |t| {
        t == format!("{number} v2")
    })
    .await;
    enter(&c, "qty-0", "40").await;
    wait_text(&c, Locator::Id("line-0"), |t| t.contains("¥1,820.00")).await;
    assert!(!has_class(&c, "line-0", "short").await);
    press(&c, "quote-save").await;
    wait_text(&c, Locator::Id("quote-versions"), |t| {
        t.contains("v1") && t.contains("v2")
    })
    .await;
    screenshot(&c, "22-quote-v2").await;

    // Export v2 as PDF to a chosen file (without launching a viewer here) and read it back.
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("报价单.pdf");
    let path = c.wait().for_element(Locator::Id("pdf-path")).await.unwrap();
    wait_text(&c, Locator::Id("pdf-path"), |_| true).await;
    path.clear().await.unwrap();
    path.send_keys(pdf.to_str().unwrap()).await.unwrap();
    keys(&c, "pdf-open", " ").await;
    press(&c, "pdf-export").await;
    wait_text(&c, Locator::Id("notice"), |t| t.starts_with("已导出")).await;
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains(&format!("{number} v2")), "{text}");
    assert!(text.contains(customer.trim()), "customer name in the PDF");
    assert!(
        text.contains("¥5,323.50") && text.contains("伍仟叁佰贰拾叁元伍角整"),
        "{text}"
    );
    screenshot(&c, "24-quote-exported").await;
    // Side by side: the cup line and the totals differ.
    press(&c, "quote-compare").await;
    let table = wait_text(&c, Locator::Id("compare-table"), |t| t.contains("BWB-500")).await;
    assert!(
        table.contains("60 × 45.5 = ¥2,730.00") && table.contains("40 × 45.5 = ¥1,820.00"),
        "{table}"
    );
    let differing = c
        .find_all(Locator::Css("#compare-table tr.differs"))
        .await
        .unwrap();
    assert_eq!(differing.len(), 2, "the cup line and the totals");
    screenshot(&c, "23-quote-compare").await;

    // The stock list and the catalog show the same goods.
    press(&c, "nav-stock").await;
    let stock = wait_text(&c, Locator::Id("stock-table"), |t| t.contains("BWB-500")).await;
    assert!(stock.contains("华东仓") && stock.contains("华北仓"));
    // A row opens the product's ledger and its total over all warehouses.
    c.find(Locator::Css("#stock-table tbody tr"))
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, Locator::Id("stock-history"), |t| t.contains("期初")).await;
    wait_text(&c, Locator::Id("stock-total"), |t| {
        t.starts_with("全部仓库合计 库存")
    })
    .await;
    screenshot(&c, "25-stock").await;
    press(&c, "nav-products").await;
    wait_text(&c, Locator::Id("product-table"), |t| {
        t.contains("6901234000155")
    })
    .await;
    screenshot(&c, "26-products").await;
    assert_no_ui_errors(&c).await;
    c.close().await.unwrap();
}
