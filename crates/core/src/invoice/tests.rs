//! Table-driven checks of invoice money, numbers, the batch file's rows and matching the
//! platform's list back.

use super::shudian::{
    batch_rows, match_platform_rows, rate_text, PlatformRow, RowMatch, BASIC_HEADERS,
    DETAIL_HEADERS,
};
use super::*;
use crate::customer::{InvoiceInfo, InvoiceKind};
use crate::money::Money;
use chrono::NaiveDate;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn yuan(s: &str) -> Money {
    Money::round(d(s))
}

#[test]
fn pieces_of_a_line_add_up_to_the_line_and_tax_is_per_invoice_line() {
    // (price, ordered qty, pieces, 含税, each piece's (金额, 税额))
    type Case = (
        &'static str,
        &'static str,
        &'static [&'static str],
        bool,
        &'static [(&'static str, &'static str)],
    );
    let cases: &[Case] = &[
        // 3 × 33.333 = 99.999 → 100.00 on the order; the pieces carry 33.33, 33.34, 33.33.
        (
            "33.333",
            "3",
            &["1", "1", "1"],
            false,
            &[("33.33", "4.33"), ("33.34", "4.33"), ("33.33", "4.33")],
        ),
        // 含税: 金额 = 价税合计 − 税额, so each piece's gross is exact and tax is the platform's.
        (
            "10.01",
            "3",
            &["2", "1"],
            true,
            &[("17.72", "2.30"), ("8.86", "1.15")],
        ),
        // The 尾差: three pieces' tax 0.13 + 0.13 + 0.13 = 0.39, one line's tax 0.39 too here,
        // but 0.99 × 13% split in three gives 0.04 each = 0.12 against 0.13 on the whole.
        (
            "0.33",
            "3",
            &["1", "1", "1"],
            false,
            &[("0.33", "0.04"), ("0.33", "0.04"), ("0.33", "0.04")],
        ),
    ];
    for (price, of, pieces, incl, want) in cases {
        let whole = d(price) * d(of);
        let mut before = Decimal::ZERO;
        let mut sum = Money::ZERO;
        for (q, (amount, tax)) in pieces.iter().zip(want.iter()) {
            let a = piece_amounts(whole, d(of), before, d(q), d("13"), *incl);
            assert_eq!(
                (a.net, a.tax),
                (yuan(amount), yuan(tax)),
                "{price}×{of} piece {q} after {before}"
            );
            before += d(q);
            sum = sum + if *incl { a.gross } else { a.net };
        }
        // The pieces' stated amounts add up to the order line's, whatever the rounding.
        assert_eq!(sum, Money::round(whole), "{price}×{of}");
    }
    let whole_tax = crate::quote::split_tax(d("0.99"), d("13"), false).tax;
    assert_eq!(
        whole_tax,
        yuan("0.13"),
        "one line taxes 0.13; three pieces 0.12 (the 尾差)"
    );
}

#[test]
fn tax_numbers_are_twenty_digits_of_their_year() {
    let issued = day("2026-12-03");
    for (n, ok) in [
        ("26332000000000012345", true),
        ("26440000000000000001", true),
        ("25332000000000012345", false),
        ("2633200000000001234", false),
        ("263320000000000123456", false),
        ("2633200000000001234A", false),
        ("２６332000000000012345", false),
        ("", false),
    ] {
        assert_eq!(tax_number_ok(n, issued), ok, "{n}");
    }
}

#[test]
fn rates_are_written_as_decimals() {
    for (pct, text) in [
        ("13", "0.13"),
        ("9", "0.09"),
        ("6", "0.06"),
        ("1", "0.01"),
        ("0", "0"),
        ("13.00", "0.13"),
    ] {
        assert_eq!(rate_text(d(pct)), text);
    }
}

fn line(name: &str, qty: &str, price: &str, amount: &str, tax: &str) -> InvoiceLine {
    InvoiceLine {
        order_id: Id::NIL,
        order_number: "SO-K7-202612-0001".into(),
        line: 0,
        product_id: Id::NIL,
        name: name.into(),
        spec: "500ml".into(),
        unit: "个".into(),
        tax_code: "1070101010100000000".into(),
        qty: d(qty),
        unit_price: d(price),
        rate: d("13"),
        amount: yuan(amount),
        tax: yuan(tax),
    }
}

fn invoice(number: &str, status: InvoiceStatus) -> Invoice {
    Invoice {
        id: Id::v7(1_700_000_000_000, [number.len() as u8; 10]),
        number: number.into(),
        customer_id: Id::NIL,
        kind: InvoiceKind::Special,
        buyer: InvoiceInfo {
            title: "杭州西湖茶具有限公司".into(),
            tax_id: "91330100799655058B".into(),
            address_phone: "杭州市西湖区文三路 100 号 0571-88886666".into(),
            bank_account: "工商银行文三路支行 1202020209900012345".into(),
            kind: InvoiceKind::Special,
        },
        tax_inclusive: true,
        lines: vec![
            line("保温杯", "4", "100", "353.98", "46.02"),
            line("茶盘", "1", "33.333", "29.50", "3.84"),
        ],
        order_ids: vec![Id::NIL],
        status,
        issued: None,
        red_of: None,
        reversed: Vec::new(),
        notes: "请寄送财务部".into(),
        withdraw_reason: None,
        meta: crate::mutation::RowMeta::NONE,
    }
}

#[test]
fn batch_rows_fill_the_template_columns_as_text() {
    let mut issued = invoice("KP-K7-202612-0002", InvoiceStatus::Issued);
    issued.issued = Some(Issued {
        number: "26332000000000012345".into(),
        date: day("2026-12-03"),
    });
    let mut red = invoice("KP-K7-202612-0003", InvoiceStatus::Requested);
    red.red_of = Some(RedOf {
        invoice_id: issued.id,
        request_number: issued.number.clone(),
        tax_number: "26332000000000012345".into(),
        reason: RedReason::GoodsReturned,
    });
    let rows = batch_rows(&[
        invoice("KP-K7-202612-0001", InvoiceStatus::Requested),
        issued,
        red,
    ]);
    assert_eq!(
        rows.len(),
        1,
        "only blue requests waiting go in the batch file"
    );
    let b = &rows[0].basic;
    assert_eq!(b.len(), BASIC_HEADERS.len());
    let col = |name: &str| BASIC_HEADERS.iter().position(|h| *h == name).unwrap();
    assert_eq!(b[col("发票流水号")], "KP-K7-202612-0001");
    assert_eq!(b[col("发票类型")], "增值税专用发票");
    assert_eq!(b[col("是否含税")], "是");
    assert_eq!(b[col("购买方名称")], "杭州西湖茶具有限公司");
    assert_eq!(b[col("购买方纳税人识别号")], "91330100799655058B");
    assert_eq!(b[col("购买方地址")], "杭州市西湖区文三路 100 号");
    assert_eq!(b[col("购买方电话")], "0571-88886666");
    assert_eq!(b[col("购买方开户银行")], "工商银行文三路支行");
    assert_eq!(b[col("购买方银行账号")], "1202020209900012345");
    assert_eq!(
        b[col("是否展示购买方地址电话银行账号")],
        "展示地址、电话、开户银行及银行账号"
    );
    assert_eq!(
        b[col("备注")],
        "KP-K7-202612-0001 订单 SO-K7-202612-0001 请寄送财务部"
    );
    let dl = &rows[0].details;
    assert_eq!(dl.len(), 2);
    assert!(dl.iter().all(|r| r.len() == DETAIL_HEADERS.len()));
    // 流水号, 项目名称, 编码, 规格, 单位, 数量, 单价, 金额 (含税), 税率
    assert_eq!(
        dl[0][..9],
        [
            "KP-K7-202612-0001",
            "保温杯",
            "1070101010100000000",
            "500ml",
            "个",
            "4",
            "100",
            "400.00",
            "0.13"
        ]
    );
    // The middle piece of a split line (1 × 33.333 = 33.33, but it carries 33.34): no 单价,
    // the platform derives it from 金额 and 数量.
    assert_eq!(dl[1][6], "");
    assert_eq!(dl[1][7], "33.34");
}

#[test]
fn platform_rows_match_requests_by_serial_or_remark() {
    let a = invoice("KP-K7-202612-0001", InvoiceStatus::Requested);
    let mut b = invoice("KP-K7-202612-0002", InvoiceStatus::Issued);
    b.issued = Some(Issued {
        number: "26332000000000000002".into(),
        date: day("2026-12-02"),
    });
    let row = |row: u32,
               serial: &str,
               remark: &str,
               number: &str,
               date: Option<&str>,
               total: Option<&str>| PlatformRow {
        row,
        serial: serial.into(),
        remark: remark.into(),
        number: number.into(),
        date: date.map(day),
        total: total.map(yuan),
    };
    let rows = [
        row(
            2,
            "",
            "KP-K7-202612-0001 订单 SO-K7-202612-0001",
            "26332000000000000001",
            Some("2026-12-03"),
            Some("433.34"),
        ),
        row(
            3,
            "KP-K7-202612-0002",
            "",
            "26332000000000000002",
            Some("2026-12-02"),
            None,
        ),
        row(
            4,
            "",
            "别家的发票",
            "26332000000000000009",
            Some("2026-12-03"),
            None,
        ),
        row(
            5,
            "KP-K7-202612-0001",
            "",
            "2633200000000000001",
            Some("2026-12-03"),
            None,
        ),
        row(
            6,
            "KP-K7-202612-0001",
            "",
            "26332000000000000001",
            Some("2026-12-03"),
            Some("499.99"),
        ),
        row(
            7,
            "KP-K7-202612-0001",
            "",
            "26332000000000000001",
            None,
            None,
        ),
    ];
    let got = match_platform_rows(&rows, &[a.clone(), b]);
    assert_eq!(
        got[0],
        RowMatch::Issue {
            row: 2,
            invoice_id: a.id,
            request: a.number.clone(),
            number: "26332000000000000001".into(),
            date: day("2026-12-03"),
        }
    );
    assert_eq!(
        got[1],
        RowMatch::Already {
            row: 3,
            request: "KP-K7-202612-0002".into()
        }
    );
    let why = |m: &RowMatch| match m {
        RowMatch::Skip { why_zh, .. } => why_zh.clone(),
        other => panic!("{other:?}"),
    };
    assert!(why(&got[2]).contains("没有对应的开票申请"));
    assert!(why(&got[3]).contains("不是 20 位数电票号码"));
    assert!(why(&got[4]).contains("不符"));
    assert!(why(&got[5]).contains("开票日期"));
}

#[test]
fn the_invoice_total_is_the_sum_of_its_lines() {
    let inv = invoice("KP-K7-202612-0001", InvoiceStatus::Requested);
    assert_eq!(inv.net(), yuan("383.48"));
    assert_eq!(inv.tax(), yuan("49.86"));
    assert_eq!(inv.total(), yuan("433.34"));
    assert_eq!(inv.state_label(crate::Lang::Zh), "待开票");
}
