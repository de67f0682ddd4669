//! 库存额度 across desks, on real PostgreSQL, real SQLite files and real HTTP on loopback:
//! two reps at two fairs sell the last units of one product, each on its own quota — the
//! server confirms what each quota covered and neither oversells; a manager's recall takes
//! effect when the desk next syncs; an unused quota goes back after the company's days; a take
//! the server refuses leaves nothing behind. Every desk equals the server row by row.

mod common;

use common::desks::{cup, cup_in_stock, cup_order, desk, desk_with_clock, Desk};
use common::{assert_converged, Server};
use fairdesk_core::order::{LineStock, OrderAction};
use fairdesk_core::quota::QuotaAsk;
use fairdesk_core::stock::{StockEntry, StockLevel};
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::orders;
use rust_decimal::Decimal;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

fn d(n: i64) -> Decimal {
    Decimal::from(n)
}

fn take(desk: &mut Desk, product: Id, wh: Id, qty: i64) -> Id {
    desk.store
        .take_quota(vec![QuotaAsk {
            product_id: product,
            warehouse_id: wh,
            qty: d(qty),
        }])
        .unwrap()
}

/// (asked, granted, answered) of a take's only line.
fn granted(desk: &Desk, take: Id) -> (Decimal, Decimal, bool) {
    let g = &desk.store.quota_grants(take).unwrap()[0];
    (g.asked, g.qty, g.answered)
}

/// An order saved and submitted on the desk; its line's stock as the desk sees it.
fn sell(desk: &mut Desk, customer: Id, product: Id, wh: Id, qty: i64) -> (Id, LineStock) {
    let (id, _) = desk
        .store
        .create_order(cup_order(customer, product, wh, qty))
        .unwrap();
    desk.act(id, OrderAction::Submit);
    (id, line(desk, id))
}

fn line(desk: &Desk, order: Id) -> LineStock {
    orders::get(desk.store.conn(), order)
        .unwrap()
        .unwrap()
        .stock[0]
        .clone()
}

/// (on hand, held, quotas, available) of a product in a warehouse as the desk sees it.
fn level(desk: &Desk, product: Id, wh: Id) -> StockLevel {
    let rows =
        fairdesk_store::queries::catalog::stock_list(desk.store.conn(), "", Some(wh), 500, 0)
            .unwrap();
    let r = rows
        .iter()
        .find(|r| r.product_id == product)
        .expect("a stock row");
    assert_eq!(r.available, r.on_hand - r.reserved - r.quota);
    StockLevel {
        on_hand: r.on_hand,
        reserved: r.reserved,
        quota: r.quota,
    }
}

#[test]
fn two_desks_at_two_fairs_sell_the_last_units_each_on_its_own_quota() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let mut wang = desk(&s, "wangqiang");
    let (c1, c2) = (lina.create("杭州展会客户"), wang.create("广州展会客户"));
    lina.sync();
    wang.sync();

    // Before leaving, both take quotas: the pool has 50, so Lina gets 30 and Wang the 20 left.
    let t1 = take(&mut lina, cup, wh, 30);
    assert_eq!(
        granted(&lina, t1),
        (d(30), d(0), false),
        "nothing until the server answers"
    );
    lina.sync();
    assert_eq!(granted(&lina, t1), (d(30), d(30), true));
    let t2 = take(&mut wang, cup, wh, 30);
    wang.sync();
    assert_eq!(
        granted(&wang, t2),
        (d(30), d(20), true),
        "a partial grant says so"
    );
    assert_eq!(wang.store.quota_held().unwrap(), d(20));
    lina.sync();
    let l = level(&lina, cup, wh);
    assert_eq!((l.on_hand, l.quota, l.available()), (d(50), d(50), d(0)));

    // Offline at two fairs. Lina: 25 then 10 (5 of them beyond her quota: 待确认).
    let (o1, s1) = sell(&mut lina, c1, cup, wh, 25);
    assert_eq!((s1.reserved, s1.quota, s1.pending), (d(25), d(25), d(0)));
    let (o2, s2) = sell(&mut lina, c1, cup, wh, 10);
    assert_eq!(
        (s2.reserved, s2.quota, s2.short, s2.pending),
        (d(5), d(5), d(5), d(5))
    );
    // Wang: 20 on quota, then 5 more with nothing left (all 待确认).
    let (o3, s3) = sell(&mut wang, c2, cup, wh, 20);
    assert_eq!((s3.quota, s3.pending), (d(20), d(0)));
    let (o4, s4) = sell(&mut wang, c2, cup, wh, 5);
    assert_eq!((s4.reserved, s4.pending), (d(0), d(5)));
    // Meanwhile the warehouse receives 3.
    boss.store
        .create_with(|id| Mutation::RecordStock {
            id,
            entry: StockEntry::Receipt {
                product_id: cup,
                warehouse_id: wh,
                qty: d(3),
                note: String::new(),
            },
        })
        .unwrap();
    boss.sync();

    // Back online, Wang first: his quota part confirmed, the 5 take the 3 received, 2 short.
    assert_eq!(wang.sync().rejected, 0);
    let (a, b) = (line(&wang, o3), line(&wang, o4));
    assert_eq!(
        (a.reserved, a.quota, a.short, a.pending),
        (d(20), d(20), d(0), d(0))
    );
    assert_eq!((b.reserved, b.short, b.pending), (d(3), d(2), d(0)));
    assert!(wang
        .store
        .conflicts()
        .unwrap()
        .iter()
        .any(|c| c.reason.contains("缺 2")));
    // Lina: all 25 and her last 5 confirmed from her quota; the pool is empty: 5 short.
    assert_eq!(lina.sync().rejected, 0);
    let (a, b) = (line(&lina, o1), line(&lina, o2));
    assert_eq!((a.reserved, a.quota, a.short), (d(25), d(25), d(0)));
    assert_eq!(
        (b.reserved, b.quota, b.short, b.pending),
        (d(5), d(5), d(5), d(0))
    );
    for desk in [&mut boss, &mut wang, &mut lina] {
        desk.sync();
    }
    // Nobody oversold: holds + quotas = on hand exactly.
    let l = level(&boss, cup, wh);
    assert_eq!((l.on_hand, l.reserved, l.quota), (d(53), d(53), d(0)));
    for (who, desk) in [("boss", &boss), ("lina", &lina), ("wang", &wang)] {
        assert_converged(&s, &desk.store, who);
    }
}

#[test]
fn recalls_expiry_and_refused_takes() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup_id) = cup_in_stock(&mut boss, None);
    let teapot = boss
        .store
        .create_with(|id| Mutation::CreateProduct {
            id,
            data: fairdesk_core::catalog::ProductData {
                sku: "CH-01".into(),
                name: "紫砂茶壶".into(),
                ..cup(None)
            },
        })
        .unwrap();
    boss.sync();
    // Lina's desk can run behind (a quota taken 8 days ago, as far as its grant says).
    let behind = Arc::new(AtomicI64::new(0));
    let offset = behind.clone();
    let clock: fairdesk_store::Clock =
        Box::new(move || common::now_ms() + offset.load(Ordering::SeqCst));
    let mut lina = desk_with_clock(&s, "lina", clock);
    let mut manager = desk(&s, "zhangwei");
    let customer = lina.create("召回测试客户");

    // A quota past the company's days (7) goes back by itself at the next sync.
    behind.store(-8 * 86_400_000, Ordering::SeqCst);
    let old = take(&mut lina, cup_id, wh, 5);
    lina.sync();
    assert_eq!(granted(&lina, old), (d(5), d(5), true));
    assert!(
        lina.store.quota_returns_due().unwrap().is_empty(),
        "not due on the day"
    );
    behind.store(0, Ordering::SeqCst);
    assert_eq!(lina.store.quota_returns_due().unwrap(), vec![(cup_id, wh)]);
    lina.sync();
    assert_eq!(lina.store.quota_held().unwrap(), d(0), "queued back");
    lina.sync();

    // Now 30 for a fair; the manager recalls them: they stay Lina's until her desk syncs.
    let t = take(&mut lina, cup_id, wh, 30);
    lina.sync();
    assert_eq!(granted(&lina, t).1, d(30));
    manager.sync();
    let device = lina.store.device().id;
    manager.store.recall_quota(device).unwrap();
    manager.sync();
    let l = level(&manager, cup_id, wh);
    assert_eq!((l.quota, l.on_hand - l.reserved - l.quota), (d(30), d(20)));
    assert!(manager
        .store
        .quota_rows()
        .unwrap()
        .iter()
        .any(|r| r.recalled));
    // Lina, offline, sells 10 on her quota before she hears of it.
    let (order, s1) = sell(&mut lina, customer, cup_id, wh, 10);
    assert_eq!((s1.quota, s1.pending), (d(10), d(0)));
    // Her sync confirms the 10 and learns of the recall; the next one gives back the 20.
    lina.sync();
    assert_eq!(line(&lina, order).quota, d(10));
    assert_eq!(
        lina.store.quota_held().unwrap(),
        d(0),
        "queued back at once"
    );
    lina.sync();
    manager.sync();
    let l = level(&manager, cup_id, wh);
    assert_eq!((l.reserved, l.quota, l.on_hand), (d(10), d(0), d(50)));
    assert!(manager
        .store
        .quota_rows()
        .unwrap()
        .iter()
        .all(|r| r.outstanding == d(0) && !r.recalled));

    // The teapot is deleted on the server while Lina, offline, asks for a quota of it: the
    // server refuses the take and her desk keeps nothing of it.
    boss.store
        .submit(Mutation::DeleteProduct { id: teapot })
        .unwrap();
    boss.sync();
    take(&mut lina, teapot, wh, 5);
    assert_eq!(
        lina.store
            .quota_rows()
            .unwrap()
            .iter()
            .filter(|r| r.product_id == teapot)
            .count(),
        1
    );
    assert_eq!(lina.sync().rejected, 1);
    lina.sync();
    assert!(lina
        .store
        .quota_rows()
        .unwrap()
        .iter()
        .all(|r| r.product_id != teapot));

    // A warehouse clerk may not take quotas: refused on the desk, nothing stored.
    let mut clerk = desk(&s, "zhaomin");
    let before = clerk.store.replica().unwrap();
    let e = clerk
        .store
        .take_quota(vec![QuotaAsk {
            product_id: cup_id,
            warehouse_id: wh,
            qty: d(5),
        }])
        .unwrap_err();
    assert!(
        e.to_string().contains("额度") || format!("{e:?}").contains("TakeQuota"),
        "{e:?}"
    );
    assert_eq!(clerk.store.replica().unwrap(), before);
    for desk in [&mut boss, &mut manager, &mut clerk, &mut lina] {
        desk.sync();
    }
    for (who, desk) in [
        ("boss", &boss),
        ("manager", &manager),
        ("clerk", &clerk),
        ("lina", &lina),
    ] {
        assert_converged(&s, &desk.store, who);
    }
}
