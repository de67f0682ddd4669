//! `scripts/bench.sh aging [receivables]`: the 应收 report's rules over a large ledger — every
//! receivable settled by its order's payments oldest due first, aged and summed per customer
//! and rep (`settle` + `report`, what the 应收 screen and its Excel export run), and one
//! customer's statement. The ledger is generated in memory (receivables, 1.5 payments per
//! receivable, 5,000 customers of 20 reps); the yardstick is raw SQLite grouping the same
//! rows' amounts per order in the same run.

use super::{ms, percentile};
use chrono::{Days, NaiveDate};
use fairdesk_core::mutation::RowMeta;
use fairdesk_core::receivables::{
    report, settle, statement, AgingBasis, Party, Payment, PaymentData, PaymentMethod, Receivable,
    ReceivableKind, DEFAULT_EDGES,
};
use fairdesk_core::{Id, Lang, Money};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

fn id(n: u64) -> Id {
    Id(uuid::Uuid::from_u128(n as u128))
}

pub fn run(n: usize) {
    let mut rng = fastrand::Rng::with_seed(13);
    let start: NaiveDate = "2025-01-01".parse().unwrap();
    let orders = (n / 4).max(1);
    let customers = 5_000.min(orders);
    let mut receivables = Vec::with_capacity(n);
    let mut payments = Vec::with_capacity(n * 3 / 2);
    let mut parties = BTreeMap::new();
    let mut customer_of = BTreeMap::new();
    let mut numbers = HashMap::new();
    for c in 0..customers {
        parties.insert(
            id(1_000_000 + c as u64),
            Party {
                name: format!("客户{c}"),
                owner: format!("业务员{}", c % 20),
            },
        );
    }
    for i in 0..n {
        let o = i % orders;
        let customer = id(1_000_000 + (o % customers) as u64);
        let date = start + Days::new(rng.u64(0..700));
        let ret = rng.u8(0..20) == 0;
        let fen = rng.i64(1_000..5_000_000);
        receivables.push(Receivable {
            id: id(10_000_000 + i as u64),
            kind: if ret {
                ReceivableKind::Return
            } else {
                ReceivableKind::Delivery
            },
            number: format!("FH-{i}"),
            order_id: id(o as u64),
            order_number: format!("DD-{o}"),
            customer_id: customer,
            date,
            due: date + Days::new(rng.u64(0..90)),
            amount: Money::from_fen(if ret { -fen / 10 } else { fen }),
        });
        customer_of.insert(id(o as u64), customer);
        numbers.insert(id(o as u64), format!("DD-{o}"));
    }
    for i in 0..n * 3 / 2 {
        let o = i % orders;
        payments.push(Payment {
            id: id(50_000_000 + i as u64),
            customer_id: id(1_000_000 + (o % customers) as u64),
            data: PaymentData {
                order_id: Some(id(o as u64)),
                account_of: None,
                allocations: Vec::new(),
                amount: Money::from_fen(rng.i64(1_000..2_500_000)),
                date: start + Days::new(rng.u64(0..720)),
                method: PaymentMethod::BankTransfer,
                payer: String::new(),
                reference: String::new(),
            },
            meta: RowMeta::NONE,
        });
    }
    let as_of: NaiveDate = "2026-12-01".parse().unwrap();

    // Yardstick: SQLite (in memory) summing the same rows' fen per order.
    let db = rusqlite::Connection::open_in_memory().unwrap();
    db.execute_batch("CREATE TABLE t (order_id INTEGER, fen INTEGER)")
        .unwrap();
    {
        let tx = db.unchecked_transaction().unwrap();
        let mut ins = tx.prepare("INSERT INTO t VALUES (?1, ?2)").unwrap();
        for (i, r) in receivables.iter().enumerate() {
            ins.execute(rusqlite::params![(i % orders) as i64, r.amount.to_fen()])
                .unwrap();
        }
        for (i, p) in payments.iter().enumerate() {
            ins.execute(rusqlite::params![
                (i % orders) as i64,
                -p.data.amount.to_fen().unwrap()
            ])
            .unwrap();
        }
        drop(ins);
        tx.commit().unwrap();
    }
    let mut raw = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let groups: i64 = db
            .query_row(
                "SELECT count(*) FROM (SELECT order_id, sum(fen) FROM t GROUP BY order_id)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(groups as usize, orders);
        raw.push(t.elapsed());
    }
    let raw50 = percentile(&mut raw, 0.5);

    let mut full = Vec::new();
    let mut customers_seen = 0;
    for _ in 0..7 {
        let t = Instant::now();
        let settled = settle(&receivables, &payments, as_of);
        let r = report(
            &settled,
            &parties,
            &customer_of,
            as_of,
            AgingBasis::Due,
            &DEFAULT_EDGES,
            Lang::Zh,
        );
        full.push(t.elapsed());
        // Buckets add up to the open balance to the fen, at this size too.
        assert_eq!(
            r.total.buckets.iter().copied().sum::<Money>(),
            r.total.total
        );
        customers_seen = r.customers.len();
    }
    // One customer's statement over the whole ledger (what the customer page's PDF reads
    // after the store has picked the customer's orders).
    let one = id(1_000_000 + 7);
    let (mine, theirs): (Vec<Receivable>, Vec<Payment>) = (
        receivables
            .iter()
            .filter(|r| r.customer_id == one)
            .cloned()
            .collect(),
        payments
            .iter()
            .filter(|p| p.customer_id == one)
            .cloned()
            .collect(),
    );
    let mut st = Vec::new();
    for _ in 0..21 {
        let t = Instant::now();
        statement(
            one,
            &mine,
            &theirs,
            &numbers,
            "2026-01-01".parse().unwrap(),
            as_of,
            &DEFAULT_EDGES,
        )
        .unwrap();
        st.push(t.elapsed());
    }
    let p50 = percentile(&mut full, 0.5);
    println!(
        "ledger: {} receivables, {} payments, {orders} orders, {customers_seen} customers with something open or ahead",
        receivables.len(),
        payments.len()
    );
    println!("\n| measurement | p50 | max | ÷ yardstick |\n|---|---|---|---|");
    println!(
        "| yardstick: raw SQLite (in memory) summing the {} rows per order | {} | | 1 |",
        receivables.len() + payments.len(),
        ms(raw50)
    );
    println!(
        "| settle + age + report per customer and rep (as of {as_of}) | {} | {} | {:.1}× |",
        ms(p50),
        ms(percentile(&mut full, 1.0)),
        p50.as_secs_f64() / raw50.as_secs_f64()
    );
    println!(
        "| one customer's statement ({} documents) | {} | {} | |",
        mine.len() + theirs.len(),
        ms(percentile(&mut st, 0.5)),
        ms(percentile(&mut st, 1.0))
    );
}
