//! The quote PDF as a customer receives it: Chinese (rare characters too) is real text,
//! a long quote runs over several pages with the table header on each, totals are printed.

use fairdesk_print::{
    CompanyHeader, Printer, QuoteLinePrint, QuotePrint, TotalsPrint, QUOTE_TEMPLATE,
};
mod common;
use common::pdftotext;

fn quote(lines: u32) -> QuotePrint {
    QuotePrint {
        company: CompanyHeader {
            name: "杭州示范贸易有限公司".into(),
            address: "浙江省杭州市西湖区文三路 100 号".into(),
            phone: "0571-88886666".into(),
            tax_id: "91330100MA2B3C4D5E".into(),
            bank: "招商银行杭州分行".into(),
            account: "5719 0000 1234 5678".into(),
            has_logo: false,
        },
        number: "QT-K7-202611-0042".into(),
        version: 2,
        date: "2026-11-27".into(),
        valid_until: "2026-12-27".into(),
        rep: "李娜".into(),
        customer: "䶮赟犇科技（重庆）有限公司".into(),
        contact: "龚犇".into(),
        phone: "13800001234".into(),
        address: "重庆市渝中区解放碑 8 号".into(),
        price_basis: "含税".into(),
        lines: (1..=lines)
            .map(|i| QuoteLinePrint {
                no: i,
                sku: format!("SKU-{i:04}"),
                name: format!("不锈钢保温杯 {i} 号（赟）"),
                spec: "500ml/304".into(),
                unit: "个".into(),
                qty: "12".into(),
                price: "¥45.50".into(),
                tax_rate: "13%".into(),
                amount: "¥546.00".into(),
            })
            .collect(),
        totals: TotalsPrint {
            net: "¥167,638.00".into(),
            tax: "¥21,794.94".into(),
            gross: "¥189,432.94".into(),
            gross_capital: "壹拾捌万玖仟肆佰叁拾贰元玖角肆分".into(),
        },
        terms: "款到发货；运费由供方承担。".into(),
        notes: "本报价含安装调试。".into(),
    }
}

#[test]
fn sixty_lines_with_rare_characters_span_pages_with_the_header_on_each() {
    let pdf = Printer::shared()
        .render(QUOTE_TEMPLATE, &quote(60), None)
        .expect("renders");
    assert!(pdf.starts_with(b"%PDF"));
    let pages = pdftotext(&pdf);
    assert!(
        pages.len() >= 2,
        "60 lines need 2+ pages, got {}",
        pages.len()
    );
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains("品名") && page.contains("单价") && page.contains("金额"),
            "table header missing on page {}",
            i + 1
        );
    }
    let all = pages.concat();
    for needle in [
        "䶮赟犇科技",
        "龚犇",
        "SKU-0001",
        "SKU-0060",
        "壹拾捌万玖仟肆佰叁拾贰元玖角肆分",
        "¥189,432.94",
        "QT-K7-202611-0042",
    ] {
        assert!(
            all.contains(needle),
            "{needle} not extractable from the PDF"
        );
    }
}

#[test]
fn a_broken_template_is_a_clear_error() {
    let err = Printer::shared()
        .render("#let x = (", &quote(1), None)
        .unwrap_err();
    assert!(err.to_string().starts_with("template error"), "{err}");
}

#[test]
fn the_company_logo_is_printed_and_a_broken_logo_is_a_clear_error() {
    // An 8×4 red PNG, as a company uploads it in Settings (stored base64).
    const LOGO: &str =
        "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAECAIAAAA8r+mnAAAAEUlEQVR4nGM4IaCHFTFQTwIAeX4gwQ4/mVgAAAAASUVORK5CYII=";
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD
        .decode(LOGO)
        .unwrap();
    let mut q = quote(3);
    q.company.has_logo = true;
    let with_logo = Printer::shared()
        .render(QUOTE_TEMPLATE, &q, Some(&png))
        .expect("renders with the logo");
    let without = Printer::shared()
        .render(QUOTE_TEMPLATE, &quote(3), None)
        .unwrap();
    let has_image = |pdf: &[u8]| pdf.windows(14).any(|w| w == b"/Subtype/Image");
    assert!(has_image(&with_logo), "the logo is embedded as an image");
    assert!(!has_image(&without));
    let err = Printer::shared()
        .render(QUOTE_TEMPLATE, &q, Some(b"not a png"))
        .unwrap_err();
    assert!(err.to_string().starts_with("template error"), "{err}");
}
