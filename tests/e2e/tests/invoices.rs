//! 应收 to 发票 end to end in the real window, keyboard only, as finance (孙丽) on the demo
//! company: the 月结 order the demo shipped is a receivable due at the end of next month's
//! 30 days; a part payment on the order and one on the customer's account (by hand, more than
//! is open refused first) leave the rest in the aging; the shipped goods are requested as a
//! 专票 (a request beyond them is refused), exported as the tax platform's batch workbook (read
//! back here), the platform's invoice list is imported (a malformed number is skipped), and
//! half is reversed by a red-letter invoice, which gives that half back to invoice again.

use base64::Engine;
use chrono::{Datelike, Days, NaiveDate};
use fairdesk_e2e::{
    assert_no_ui_errors, become_user, enter, open_first, press, screenshot, type_into, value,
    wait_text,
};
use fantoccini::{Client, Locator};

fn yuan(text: &str) -> f64 {
    text.trim()
        .trim_start_matches('¥')
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not money: {text}"))
}

/// The platform's invoice list, as its 全量发票查询 export has it: a title row, then headers.
fn platform_list(rows: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet().set_name("发票基础信息").unwrap();
    s.write_string(0, 0, "全量发票查询").unwrap();
    for (c, h) in ["数电发票号码", "开票日期", "价税合计", "备注"]
        .iter()
        .enumerate()
    {
        s.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (n, d, t, remark)) in rows.iter().enumerate() {
        for (c, v) in [n, d, t, remark].iter().enumerate() {
            s.write_string(r as u32 + 2, c as u16, **v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// Picks `bytes` as the file of the hidden `<input type=file>` (what the native picker does)
/// and lets the page read it.
async fn pick_file(c: &Client, id: &str, name: &str, bytes: &[u8]) {
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    c.execute(
        "const bin = atob(arguments[1]);
         const buf = new Uint8Array(bin.length);
         for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
         const dt = new DataTransfer();
         dt.items.add(new File([buf], arguments[2]));
         const input = document.getElementById(arguments[0]);
         input.files = dt.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![id.into(), b64.into(), name.into()],
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn shipped_goods_become_a_receivable_a_payment_an_invoice_and_a_red_letter() {
    let driver = fairdesk_e2e::Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = fairdesk_e2e::demo_session(&driver).await;
    become_user(&c, "孙丽").await;

    // 应收: the demo's 月结30天 delivery, due 30 days after the end of the month it left.
    press(&c, "nav-receivables").await;
    let open = wait_text(&c, Locator::Id("ar-open"), |t| t.contains("FH-")).await;
    let today = NaiveDate::parse_from_str(&value(&c, "ar-as-of").await, "%Y-%m-%d").unwrap();
    let next_month = if today.month() == 12 {
        NaiveDate::from_ymd_opt(today.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(today.year(), today.month() + 1, 1)
    }
    .unwrap();
    let due = next_month
        .pred_opt()
        .unwrap()
        .checked_add_days(Days::new(30))
        .unwrap();
    assert!(open.contains(&due.to_string()), "due {due} in {open}");
    let before = yuan(&wait_text(&c, Locator::Id("ar-total"), |t| t.starts_with('¥')).await);

    // A part payment on the order (by keyboard from the open item); the aging shows the rest.
    open_first(&c, "ar-open").await;
    let owed = yuan(&wait_text(&c, Locator::Id("pay-open"), |t| t.starts_with('¥')).await);
    assert!(owed > 20.0, "owed {owed}");
    type_into(&c, "pay-amount", "20").await;
    type_into(&c, "pay-reference", "网银回单 0099").await;
    press(&c, "pay-record").await;
    wait_text(&c, Locator::Id("pay-open"), |t| {
        (yuan(t) - (owed - 20.0)).abs() < 0.001
    })
    .await;
    press(&c, "nav-receivables").await;
    wait_text(&c, Locator::Id("ar-total"), |t| {
        t.starts_with('¥') && (yuan(t) - (before - 20.0)).abs() < 0.001
    })
    .await;
    screenshot(&c, "80-receivable-part-paid").await;
    // 按客户收款 on the customer's page: ¥10 put on the delivery by hand; more than it has
    // open is refused first.
    open_first(&c, "ar-customers").await;
    let open_before = yuan(&wait_text(&c, Locator::Id("cust-open"), |t| t.starts_with('¥')).await);
    type_into(&c, "cpay-amount", &format!("{}", open_before + 100.0)).await;
    type_into(&c, "cpay-alloc-0", &format!("{}", open_before + 1.0)).await;
    press(&c, "cpay-record").await;
    wait_text(&c, Locator::Id("error-banner"), |t| {
        t.contains("超过其未收金额")
    })
    .await;
    type_into(&c, "cpay-amount", "10").await;
    type_into(&c, "cpay-alloc-0", "10").await;
    type_into(&c, "cpay-reference", "网银 0100").await;
    press(&c, "cpay-record").await;
    wait_text(&c, Locator::Id("cpay-done"), |t| !t.is_empty()).await;
    wait_text(&c, Locator::Id("cust-open"), |t| {
        t.starts_with('¥') && (yuan(t) - (open_before - 10.0)).abs() < 0.001
    })
    .await;
    screenshot(&c, "80b-payment-on-account").await;

    // 发票: the order waits in 待开票; Enter takes the customer's shipped goods into a request.
    press(&c, "nav-invoices").await;
    let queued = wait_text(&c, Locator::Id("inv-queue"), |t| t.contains("SO-")).await;
    open_first(&c, "inv-queue").await;
    let left = value(&c, "inv-qty-0").await;
    let left_n: f64 = left.parse().unwrap();
    assert!(left_n >= 2.0, "{left} shipped of {queued}");
    // More than shipped is refused and nothing is requested.
    type_into(&c, "inv-qty-0", &format!("{}", left_n + 1.0)).await;
    press(&c, "inv-request").await;
    wait_text(&c, Locator::Id("error-banner"), |t| {
        t.contains("可开票数量只剩")
    })
    .await;
    screenshot(&c, "81-invoice-refused").await;
    type_into(&c, "inv-qty-0", &left).await;
    press(&c, "inv-request").await;
    let notice = wait_text(&c, Locator::Id("inv-notice"), |t| t.contains("KP-")).await;
    let request = notice.split_whitespace().last().unwrap().to_string();
    wait_text(&c, Locator::Id("inv-detail-state"), |t| t == "待开票").await;
    let total = wait_text(&c, Locator::Id("inv-detail-total"), |t| t.starts_with('¥')).await;
    wait_text(&c, Locator::Id("inv-queue-empty"), |t| !t.is_empty()).await;
    screenshot(&c, "82-invoice-requested").await;

    // The tax platform's batch workbook, read back: the request on row 4 of both sheets.
    press(&c, "inv-export").await;
    let saved = wait_text(&c, Locator::Id("inv-notice"), |t| t.ends_with(".xlsx")).await;
    let path = saved.split_once(' ').unwrap().1.to_string();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    use calamine::Reader;
    let basic = book.worksheet_range("1-发票基本信息").unwrap();
    let cell = |r: &calamine::Range<calamine::Data>, row: u32, col: u32| {
        r.get_value((row, col))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(cell(&basic, 2, 0), "发票流水号");
    assert_eq!(cell(&basic, 3, 0), request);
    assert_eq!(cell(&basic, 3, 1), "增值税专用发票");
    assert!(
        cell(&basic, 3, 22).starts_with(&request),
        "备注 {}",
        cell(&basic, 3, 22)
    );
    let detail = book.worksheet_range("2-发票明细信息").unwrap();
    assert_eq!(cell(&detail, 3, 0), request);
    assert_eq!(cell(&detail, 3, 5), left);
    assert_eq!(cell(&detail, 3, 8), "0.13");
    let _ = std::fs::remove_file(&path);

    // The platform's list comes back: the request is issued; a malformed number is skipped.
    let yy = today.year() % 100;
    let number = format!("{yy:02}332000000000000777");
    let remark = format!("{request} 订单");
    let list = platform_list(&[
        (
            &number,
            &today.to_string(),
            total.trim_start_matches('¥'),
            &remark,
        ),
        ("12345", &today.to_string(), "1.00", &remark),
    ]);
    pick_file(&c, "inv-import-file", "全量发票查询.xlsx", &list).await;
    let result = wait_text(&c, Locator::Id("inv-import-result"), |t| {
        t.contains(&number)
    })
    .await;
    assert!(result.contains("不是 20 位数电票号码"), "{result}");
    wait_text(&c, Locator::Id("inv-detail-state"), |t| t == "已开票").await;
    wait_text(&c, Locator::Id("inv-detail-tax-number"), |t| t == number).await;
    screenshot(&c, "83-invoice-issued").await;

    // Half of it reversed (销货退回): a red-letter request, issued under its own number.
    let half = format!("{}", (left_n / 2.0).floor());
    type_into(&c, "inv-red-qty-0", &half).await;
    press(&c, "inv-red").await;
    wait_text(&c, Locator::Id("inv-detail-total"), |t| t.starts_with("-¥")).await;
    wait_text(&c, Locator::Id("inv-detail-state"), |t| t == "待开票").await;
    // A number of the wrong shape is refused; the platform's red number is recorded.
    enter(&c, "inv-tax-number", "2633").await;
    wait_text(&c, Locator::Id("error-banner"), |t| !t.is_empty()).await;
    let red_number = format!("{yy:02}332000000000000778");
    enter(&c, "inv-tax-number", &red_number).await;
    wait_text(&c, Locator::Id("inv-detail-state"), |t| t == "已开票").await;
    screenshot(&c, "84-red-letter-issued").await;
    // The original is partly reversed, and the half is back in 待开票.
    let rows = wait_text(&c, Locator::Id("inv-list"), |t| t.contains("部分红冲")).await;
    assert!(
        rows.contains(&request) && rows.contains(&red_number),
        "{rows}"
    );
    wait_text(&c, Locator::Id("inv-queue"), |t| t.contains("SO-")).await;
    open_first(&c, "inv-queue").await;
    assert_eq!(value(&c, "inv-qty-0").await, half);
    screenshot(&c, "85-invoice-queue-again").await;
    assert_no_ui_errors(&c).await;
}
