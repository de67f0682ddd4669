//! 发票 across desks, on real PostgreSQL, real SQLite files and real HTTP on loopback: two
//! finance desks invoice the same shipped goods while offline — the server lets the first
//! through and refuses the second readably, the refused desk drops its request and takes the
//! server's order back; the invoice is issued, partly reversed (红字) and the goods are
//! invoiceable again; the rep's desk sees its states; every desk equals the server row by row.

mod common;

use common::desks::{cup_in_stock, cup_order, desk, order_shipped};
use common::{assert_converged, Server};
use fairdesk_core::customer::InvoiceKind;
use fairdesk_core::invoice::{
    InvoiceAction, InvoicePick, InvoiceRequestData, InvoiceStatus, RedLetterData, RedPick,
    RedReason,
};
use fairdesk_core::Id;
use fairdesk_store::queries::orders;
use fairdesk_store::Store;
use rust_decimal::Decimal;

fn request(customer: Id, order: Id, qty: i64) -> InvoiceRequestData {
    InvoiceRequestData {
        customer_id: customer,
        lines: vec![InvoicePick {
            order_id: order,
            line: 0,
            qty: Decimal::from(qty),
        }],
        notes: String::new(),
    }
}

fn invoiced(store: &Store, order: Id) -> Vec<Decimal> {
    orders::get(store.conn(), order).unwrap().unwrap().invoiced
}

#[test]
fn two_finance_desks_invoice_the_same_goods_offline_and_the_server_takes_one() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let customer = lina.create("开票客户有限公司");
    lina.edit(customer, |f| {
        f.invoice.title = "开票客户有限公司".into();
        f.invoice.tax_id = "91330100799655058B".into();
        f.invoice.address_phone = "杭州市文三路 100 号 0571-88886666".into();
        f.invoice.bank_account = "工商银行文三路支行 1202020209900012345".into();
        f.invoice.kind = InvoiceKind::Special;
    });
    let mut warehouse = desk(&s, "zhaomin");
    let (order, _) = order_shipped(
        &mut lina,
        &mut boss,
        &mut warehouse,
        cup_order(customer, cup, wh, 10),
        "SF1234567890911",
    );
    let mut fin_a = desk(&s, "sunli");
    let mut fin_b = desk(&s, "sunli");
    assert_eq!(fin_a.store.invoice_queue().unwrap().len(), 1);
    assert_eq!(
        fin_b.store.invoice_queue().unwrap()[0].lines[0].left,
        Decimal::from(10)
    );

    // Both offline: A invoices all 10, B 6 of the same goods. Each desk takes its own.
    let (a_id, _) = fin_a
        .store
        .request_invoice(request(customer, order, 10))
        .unwrap();
    let (b_id, _) = fin_b
        .store
        .request_invoice(request(customer, order, 6))
        .unwrap();
    assert_eq!(invoiced(&fin_b.store, order), vec![Decimal::from(6)]);
    assert_eq!(fin_a.sync().rejected, 0);
    let report = fin_b.sync();
    assert_eq!(report.rejected, 1, "the same goods are not invoiced twice");
    let conflicts = fin_b.store.conflicts().unwrap();
    assert!(
        conflicts[0].reason.contains("可开票数量只剩 0"),
        "{:?}",
        conflicts[0]
    );
    fin_b.sync();
    // B's request is gone and its desk holds the server's order (10 invoiced, by A).
    assert!(fin_b
        .store
        .invoices(None)
        .unwrap()
        .iter()
        .all(|r| r.id != b_id));
    assert_eq!(invoiced(&fin_b.store, order), vec![Decimal::from(10)]);
    assert!(fin_b.store.invoice_queue().unwrap().is_empty());

    // A issues it (the platform's number), then reverses half (销货退回) and issues the red one.
    let today = fairdesk_core::mutation::local_date(fin_a.store.now_ms());
    let yy = format!("{:02}", chrono::Datelike::year(&today) % 100);
    let number = format!("{yy}332000000000012345");
    fin_a
        .store
        .invoice_act(
            a_id,
            InvoiceAction::Issue {
                number: number.clone(),
                date: today,
            },
        )
        .unwrap();
    let (red, _) = fin_a
        .store
        .red_letter_invoice(RedLetterData {
            invoice_id: a_id,
            reason: RedReason::GoodsReturned,
            lines: vec![RedPick {
                line: 0,
                qty: Decimal::from(5),
            }],
        })
        .unwrap();
    fin_a
        .store
        .invoice_act(
            red,
            InvoiceAction::Issue {
                number: format!("{yy}332000000000012346"),
                date: today,
            },
        )
        .unwrap();
    assert_eq!(fin_a.sync().rejected, 0);
    for d in [&mut fin_b, &mut lina, &mut boss, &mut warehouse] {
        d.sync();
    }
    // B now sees 5 invoiceable again; issuing the same number on B is refused on the desk.
    assert_eq!(
        fin_b.store.invoice_queue().unwrap()[0].lines[0].left,
        Decimal::from(5)
    );
    let (c_id, _) = fin_b
        .store
        .request_invoice(request(customer, order, 5))
        .unwrap();
    assert!(fin_b
        .store
        .invoice_act(
            c_id,
            InvoiceAction::Issue {
                number: number.clone(),
                date: today,
            },
        )
        .is_err());
    assert_eq!(fin_b.sync().rejected, 0);
    for d in [&mut fin_a, &mut lina, &mut boss, &mut warehouse] {
        d.sync();
    }
    // The rep sees her customer's invoices and their states.
    let states: Vec<(String, String)> = lina
        .store
        .invoices(None)
        .unwrap()
        .into_iter()
        .map(|r| (r.number, r.state))
        .collect();
    assert_eq!(states.len(), 3, "{states:?}");
    assert!(states.iter().any(|(_, s)| s == "部分红冲"), "{states:?}");
    let issued = lina.store.invoices(Some(InvoiceStatus::Issued)).unwrap();
    assert_eq!(issued.len(), 2);
    // The warehouse sees none (not its business).
    assert!(warehouse.store.invoices(None).is_err());
    for (who, d) in [
        ("finance a", &fin_a),
        ("finance b", &fin_b),
        ("lina", &lina),
        ("warehouse", &warehouse),
        ("boss", &boss),
    ] {
        assert_converged(&s, &d.store, who);
    }
}
