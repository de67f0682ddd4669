//! `scripts/bench.sh payment`: 收款 on a customer's account allocated by hand over 50 open
//! deliveries, through the desk's real write path (the rules read the customer's ledger —
//! orders, deliveries, returns, payments — settle it, check every allocation, then the payment
//! and its audit are written in one transaction with the outbox). The customer of the demo
//! company has 50 shipped 月结 orders. The yardstick is raw SQLite in the same run: the same
//! four reads of the customer's documents and one row inserted, in one transaction.

use super::{ms, percentile};
use fairdesk_core::order::{OrderAction, OrderData, PaymentTerms};
use fairdesk_core::receivables::{Allocation, PaymentData, PaymentMethod};
use fairdesk_core::shipping::{Carrier, DeliveryData};
use fairdesk_core::{Id, Money, Mutation};
use fairdesk_store::queries::catalog;
use fairdesk_store::Store;
use std::time::Instant;

pub fn run() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("payments.db")).unwrap();
    store.seed_demo(200).unwrap();
    let customer: Id = store
        .conn()
        .query_row(
            "SELECT id FROM customers ORDER BY rid DESC LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
        .parse()
        .unwrap();
    let wh = catalog::warehouses(store.conn()).unwrap()[0].id;
    store
        .conn()
        .execute(
            "INSERT INTO stock_levels (product_id, warehouse_id, on_hand_milli)
             SELECT id, ?1, 100000000000 FROM products WHERE true
             ON CONFLICT (product_id, warehouse_id) DO UPDATE SET on_hand_milli = 100000000000",
            [wh.to_string()],
        )
        .unwrap();
    let sku = catalog::search_products(store.conn(), "", false, 50)
        .unwrap()
        .into_iter()
        .find(|p| p.data.limit.is_none())
        .unwrap()
        .data
        .sku;
    let mut deliveries = Vec::new();
    for n in 0..50 {
        let data = OrderData {
            terms: PaymentTerms::Net { days: 30 },
            ..store.order_for_customer(customer).unwrap()
        };
        let (id, _) = store.create_order(data).unwrap();
        store
            .order_add_line(id, &sku, rust_decimal::Decimal::from(2))
            .unwrap();
        if let Some(mut o) = fairdesk_store::queries::orders::get(store.conn(), id).unwrap() {
            o.data.lines[0].warehouse_id = wh;
            store.save_order(id, o.data).unwrap();
        }
        for action in [OrderAction::Submit, OrderAction::Approve] {
            store
                .submit(Mutation::OrderAct {
                    id,
                    action,
                    reason: String::new(),
                })
                .unwrap();
        }
        let (d, _) = store
            .ship(DeliveryData::new(
                id,
                wh,
                Carrier::Shunfeng,
                [(0, rust_decimal::Decimal::from(2))],
                [format!("SF{:013}", 2_000_000 + n)],
            ))
            .unwrap();
        deliveries.push(d);
    }
    let today = store.today();
    let cent = Money::from_fen(1);
    let mut ours = Vec::new();
    for _ in 0..31 {
        let data = PaymentData {
            order_id: None,
            account_of: Some(customer),
            allocations: deliveries
                .iter()
                .map(|d| Allocation {
                    receivable_id: *d,
                    amount: cent,
                })
                .collect(),
            amount: Money::from_fen(50),
            date: today,
            method: PaymentMethod::BankTransfer,
            payer: String::new(),
            reference: "网银回单".into(),
        };
        let t = Instant::now();
        store.record_payment(data).unwrap();
        ours.push(t.elapsed());
    }
    // The yardstick: the same reads and one insert, by hand.
    let c = customer.to_string();
    store
        .conn()
        .execute(
            "CREATE TABLE scratch (id INTEGER PRIMARY KEY, doc TEXT)",
            [],
        )
        .unwrap();
    let mut yard = Vec::new();
    for _ in 0..31 {
        let t = Instant::now();
        let tx = store.conn().unchecked_transaction().unwrap();
        let mut bytes = 0usize;
        for sql in [
            "SELECT doc FROM orders WHERE customer_id = ?1 AND status NOT IN ('draft', 'cancelled')",
            "SELECT doc FROM deliveries WHERE customer_id = ?1",
            "SELECT doc FROM return_notes WHERE customer_id = ?1",
            "SELECT doc FROM payments WHERE customer_id = ?1",
        ] {
            let mut stmt = tx.prepare_cached(sql).unwrap();
            let rows = stmt.query_map([&c], |r| r.get::<_, String>(0)).unwrap();
            for r in rows {
                bytes += r.unwrap().len();
            }
        }
        tx.execute("INSERT INTO scratch (doc) VALUES (?1)", [bytes.to_string()])
            .unwrap();
        tx.commit().unwrap();
        yard.push(t.elapsed());
    }
    println!("| 收款 over 50 open deliveries (31 runs) | p50 | p95 |");
    println!("|---|---|---|");
    let p95 = |s: &mut Vec<std::time::Duration>| percentile(s, 0.95);
    let (a50, a95) = (percentile(&mut yard, 0.5), p95(&mut yard));
    println!(
        "| yardstick: raw SQLite, same reads + one insert | {} | {} |",
        ms(a50),
        ms(a95)
    );
    let (b50, b95) = (percentile(&mut ours, 0.5), p95(&mut ours));
    println!(
        "| record_payment with 50 allocations (write path) | {} | {} |",
        ms(b50),
        ms(b95)
    );
}
