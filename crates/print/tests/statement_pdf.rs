//! The 对账单 as the customer reads it: the balance brought forward, each document of the
//! period with the running balance, the totals, the balance carried forward and its age — the
//! figures of the domain's statement, as text in the PDF.

mod common;

use chrono::NaiveDate;
use common::pdftotext;
use fairdesk_core::ids::Id;
use fairdesk_core::money::Money;
use fairdesk_core::mutation::RowMeta;
use fairdesk_core::receivables::{
    statement, Payment, PaymentData, PaymentMethod, Receivable, ReceivableKind, DEFAULT_EDGES,
};
use fairdesk_print::{render_statement, statement_document, STATEMENT_TEMPLATE};
use std::collections::HashMap;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(n: u16) -> Id {
    Id(uuid::Uuid::from_u128(n as u128))
}

fn doc(n: u16, date: &str, due: &str, amount: &str) -> Receivable {
    let amount = Money::parse(amount).unwrap();
    let ret = amount.is_negative();
    Receivable {
        id: id(100 + n),
        kind: if ret {
            ReceivableKind::Return
        } else {
            ReceivableKind::Delivery
        },
        number: format!("{}-K7-202610-{n:04}", if ret { "TH" } else { "FH" }),
        order_id: id(7),
        order_number: "DD-K7-202609-0003".into(),
        customer_id: id(1),
        date: day(date),
        due: day(due),
        amount,
    }
}

#[test]
fn the_statement_prints_every_document_with_the_running_balance_and_its_age() {
    let mut docs = vec![doc(1, "2026-09-18", "2026-10-30", "12345.60")];
    // Enough deliveries to run over a page: the header repeats.
    for n in 2..=46 {
        docs.push(doc(n, "2026-10-08", "2026-11-30", "100.00"));
    }
    docs.push(doc(47, "2026-10-15", "2026-11-30", "-45.60"));
    let payments = vec![Payment {
        id: id(300),
        customer_id: id(1),
        data: PaymentData {
            order_id: Some(id(7)),
            account_of: None,
            allocations: Vec::new(),
            amount: Money::parse("2300.00").unwrap(),
            date: day("2026-10-20"),
            method: PaymentMethod::BankTransfer,
            payer: String::new(),
            reference: "招行回单 20261020-118".into(),
        },
        meta: RowMeta::NONE,
    }];
    let numbers: HashMap<Id, String> = [(id(7), "DD-K7-202609-0003".to_string())].into();
    let s = statement(
        id(1),
        &docs,
        &payments,
        &numbers,
        day("2026-10-01"),
        day("2026-10-31"),
        &DEFAULT_EDGES,
    )
    .unwrap();
    let company = fairdesk_core::catalog::CompanyProfile {
        name: "杭州示范贸易有限公司".into(),
        bank: "招商银行杭州分行".into(),
        account: "5719 0000 1234 5678".into(),
        ..Default::default()
    };
    let print = statement_document(
        &s,
        &company,
        ("重庆山城火锅食品有限公司", "KH-K7-0001"),
        "2026-11-02",
    );
    let pdf = render_statement(&print, STATEMENT_TEMPLATE, None).unwrap();
    let pages = pdftotext(&pdf);
    assert!(pages.len() >= 2, "46 documents run over a page");
    if let Ok(dir) = std::env::var("FAIRDESK_SCREENSHOTS") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join("statement.pdf"), &pdf).unwrap();
    }
    for p in pages.iter().filter(|p| p.contains("FH-")) {
        assert!(
            p.contains("应收增加") && p.contains("余额"),
            "header on every page:\n{p}"
        );
    }
    let text = pages.join("\n");
    for want in [
        "对账单",
        "重庆山城火锅食品有限公司",
        "2026-10-01 至 2026-10-31",
        // Brought forward: FH-0001 shipped in September.
        "¥12,345.60",
        "FH-K7-202610-0002",
        "FH-K7-202610-0046",
        "TH-K7-202610-0047",
        "招行回单 20261020-118",
        // Period: 4,500 shipped; 45.60 returned + 2,300 paid.
        "¥4,500.00",
        "¥2,345.60",
        // Carried forward: 12,345.60 + 4,500 − 2,345.60.
        "期末欠款",
        "¥14,500.00",
        "未到期",
        "180 天以上",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    // The running balance after the first delivery of the period, and the overdue part on
    // 10-31: FH-0001 (due 10-30) less what settled it (2,345.60) — 10,000.00.
    assert!(text.contains("¥12,445.60"));
    assert_eq!(s.aging.overdue, Money::parse("10000.00").unwrap());
    assert!(text.contains("¥10,000.00"));
}

#[test]
fn money_paid_ahead_prints_as_an_advance() {
    let payments = vec![Payment {
        id: id(300),
        customer_id: id(1),
        data: PaymentData {
            order_id: Some(id(7)),
            account_of: None,
            allocations: Vec::new(),
            amount: Money::parse("800.00").unwrap(),
            date: day("2026-10-03"),
            method: PaymentMethod::WeChat,
            payer: String::new(),
            reference: String::new(),
        },
        meta: RowMeta::NONE,
    }];
    let s = statement(
        id(1),
        &[doc(1, "2026-10-05", "2026-10-05", "300.00")],
        &payments,
        &HashMap::new(),
        day("2026-10-01"),
        day("2026-10-31"),
        &DEFAULT_EDGES,
    )
    .unwrap();
    let print = statement_document(&s, &Default::default(), ("某客户", "KH-1"), "2026-11-01");
    let text = pdftotext(&render_statement(&print, STATEMENT_TEMPLATE, None).unwrap()).join("\n");
    assert!(
        text.contains("预收款") && text.contains("¥500.00"),
        "{text}"
    );
    assert!(
        text.contains("微信"),
        "a payment without reference shows its method"
    );
}
