//! The aging workbook read back with calamine (an independent xlsx reader): the sheets, the
//! headers with the buckets, each customer's amounts as numbers, and total rows that equal the
//! report's totals.

use calamine::{Data, Reader, Xlsx};
use fairdesk_core::error::Lang;
use fairdesk_core::ids::Id;
use fairdesk_core::receivables::{
    report, settle, AgingBasis, Party, Receivable, ReceivableKind, DEFAULT_EDGES,
};
use fairdesk_core::Money;
use std::collections::BTreeMap;
use std::io::Cursor;

fn id(n: u8) -> Id {
    Id(uuid::Uuid::from_bytes([n; 16]))
}

fn owed(n: u8, customer: u8, due: &str, amount: &str) -> Receivable {
    Receivable {
        id: id(100 + n),
        kind: ReceivableKind::Delivery,
        number: format!("FH-K7-202611-{n:04}"),
        order_id: id(50 + n),
        order_number: format!("SO-K7-202611-{n:04}"),
        customer_id: id(customer),
        date: "2026-06-01".parse().unwrap(),
        due: due.parse().unwrap(),
        amount: Money::parse(amount).unwrap(),
    }
}

#[test]
fn the_workbook_reads_back_with_its_numbers_and_totals() {
    let rs = [
        owed(1, 1, "2026-06-30", "1234.56"),
        owed(2, 1, "2026-12-30", "100.01"),
        owed(3, 2, "2026-11-20", "99999.99"),
    ];
    let settled = settle(&rs, &[], "2026-12-01".parse().unwrap());
    let parties: BTreeMap<Id, Party> = [
        (
            id(1),
            Party {
                name: "重庆山城火锅食品有限公司".into(),
                owner: "李娜".into(),
            },
        ),
        (
            id(2),
            Party {
                name: "佛山和美照明有限公司".into(),
                owner: "王强".into(),
            },
        ),
    ]
    .into();
    let r = report(
        &settled,
        &parties,
        &BTreeMap::new(),
        "2026-12-01".parse().unwrap(),
        AgingBasis::Due,
        &DEFAULT_EDGES,
        Lang::Zh,
    );
    let bytes = fairdesk_print::aging_xlsx(&r, "恒通贸易", Lang::Zh).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["按客户", "按业务员", "未收明细"]);

    let sheet = book.worksheet_range("按客户").unwrap();
    let text = |r: u32, c: u32| {
        sheet
            .get_value((r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let num = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({r},{c}) is not a number: {other:?}"),
    };
    assert!(text(0, 0).contains("账龄分析") && text(0, 0).contains("2026-12-01"));
    let headers: Vec<String> = (0..10).map(|c| text(2, c)).collect();
    assert_eq!(
        headers,
        [
            "客户",
            "业务员",
            "未到期",
            "1–30 天",
            "31–60 天",
            "61–90 天",
            "91–180 天",
            "180 天以上",
            "未收余额",
            "预收款"
        ]
    );
    // Most overdue money first: 佛山 (99,999.99, 11 days) before 重庆 (1,234.56, 154 days).
    assert_eq!(text(3, 0), "佛山和美照明有限公司");
    assert_eq!(num(3, 3), 99999.99, "1–30 天");
    assert_eq!(text(4, 0), "重庆山城火锅食品有限公司");
    assert_eq!(num(4, 6), 1234.56, "91–180 天");
    assert_eq!(num(4, 2), 100.01, "未到期");
    assert_eq!(num(4, 8), 1334.57);
    assert_eq!(text(5, 0), "合计");
    assert_eq!(num(5, 8), 101334.56);
    let bucket_sum: f64 = (2..8).map(|c| num(5, c)).sum();
    assert!((bucket_sum - 101334.56).abs() < 0.005, "{bucket_sum}");

    let items = book.worksheet_range("未收明细").unwrap();
    let rows: Vec<Vec<String>> = items
        .rows()
        .skip(3)
        .map(|r| r.iter().map(|d| d.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 4, "three open items and the total");
    assert_eq!(rows[0][0], "FH-K7-202611-0001");
    assert_eq!(rows[0][4], "2026-06-30");
    assert_eq!(rows[0][7], "154");
    assert_eq!(rows[3][0], "合计");
    assert_eq!(rows[3][6], "101334.56");
}
