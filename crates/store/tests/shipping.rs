//! Shipping on a real SQLite file: an order on 款到发货 waits for its payment, then leaves the
//! warehouse in two deliveries. A delivery consumes exactly its holds and writes its ledger
//! moves in the same transaction; the rest stays held (欠货) until shipped or closed; a return
//! puts stock back; a refused delivery, payment or return changes nothing.

mod common;

use common::{approved_order, warehouse, TestDb, NOW};
use fairdesk_core::order::{OrderQueue, OrderStatus, PaymentTerms};
use fairdesk_core::receivables::{PaymentData, PaymentMethod};
use fairdesk_core::shipping::{Carrier, DeliveryData, ReturnData, ReturnLine};
use fairdesk_core::{Id, Money};
use fairdesk_store::queries::{catalog, orders};
use fairdesk_store::Store;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn today() -> chrono::NaiveDate {
    fairdesk_core::mutation::local_date(NOW)
}

/// Every table a shipping mutation writes, to prove a refused one wrote nothing.
fn footprint(store: &Store) -> Vec<i64> {
    let c = |sql: &str| store.conn().query_row(sql, [], |r| r.get(0)).unwrap();
    vec![
        c("SELECT count(*) FROM outbox"),
        c("SELECT count(*) FROM audit_log"),
        c("SELECT count(*) FROM stock_moves"),
        c("SELECT coalesce(sum(on_hand_milli), 0) FROM stock_levels"),
        c("SELECT coalesce(sum(reserved_milli), 0) FROM stock_levels"),
        c("SELECT coalesce(sum(qty_milli), 0) FROM stock_reservations"),
        c("SELECT count(*) FROM deliveries"),
        c("SELECT count(*) FROM delivery_parcels"),
        c("SELECT count(*) FROM return_notes"),
        c("SELECT count(*) FROM payments"),
        c("SELECT coalesce(sum(next), 0) FROM doc_series"),
    ]
}

/// (on hand, available) of a product in one warehouse.
fn level(store: &Store, product: Id, wh: Id) -> (Decimal, Decimal) {
    let l = catalog::product_stock(store.conn(), product)
        .unwrap()
        .into_iter()
        .find(|l| l.warehouse_id == wh)
        .unwrap();
    (l.on_hand, l.available)
}

fn order(store: &Store, id: Id) -> fairdesk_core::order::Order {
    orders::get(store.conn(), id).unwrap().unwrap()
}

fn in_queue(store: &Store, queue: OrderQueue, id: Id) -> bool {
    let actor = store.current_actor().unwrap();
    orders::list(store.conn(), &actor, queue, 500)
        .unwrap()
        .iter()
        .any(|r| r.id == id)
}

fn delivery(order: Id, wh: Id, lines: &[(usize, &str)], tracking: &[&str]) -> DeliveryData {
    DeliveryData::new(
        order,
        wh,
        Carrier::Shunfeng,
        lines.iter().map(|(line, q)| (*line, d(q))),
        tracking.iter().map(|t| t.to_string()),
    )
}

fn refused_with(store: &mut Store, data: DeliveryData, text: &str) {
    let before = footprint(store);
    let err = store.ship(data).unwrap_err();
    let msg = err.message(store.lang());
    assert!(msg.contains(text), "{msg}");
    assert_eq!(
        footprint(store),
        before,
        "a refused delivery changes nothing"
    );
}

#[test]
fn an_order_paid_in_advance_ships_in_two_deliveries_and_takes_a_return() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(20).unwrap();
    let (id, east, cup, other) = approved_order(&mut store, PaymentTerms::PayBeforeShipping);
    let total = order(&store, id).total();
    let (cup_on_hand, cup_available) = level(&store, cup, east);
    let other_before = level(&store, other, east);

    // 款到发货: finance has not recorded the money, so it is not with the warehouse.
    assert!(in_queue(&store, OrderQueue::AwaitingPayment, id));
    assert!(!in_queue(&store, OrderQueue::ToShip, id));
    refused_with(
        &mut store,
        delivery(id, east, &[(0, "20")], &["SF1234567890123"]),
        "须先收款",
    );

    // A payment above what is owed, or dated tomorrow, is refused and stores nothing.
    let pay = |amount: Money, date| PaymentData {
        order_id: Some(id),
        account_of: None,
        allocations: Vec::new(),
        amount,
        date,
        method: PaymentMethod::BankTransfer,
        payer: String::new(),
        reference: "回单 20261127-01".into(),
    };
    let before = footprint(&store);
    let too_much = Money::round(total.decimal() + Decimal::ONE);
    let err = store.record_payment(pay(too_much, today())).unwrap_err();
    assert!(
        err.message(store.lang()).contains("超过订单未收金额"),
        "{err:?}"
    );
    let tomorrow = today().succ_opt().unwrap();
    assert!(store.record_payment(pay(total, tomorrow)).is_err());
    assert_eq!(footprint(&store), before);

    // Half first: still waiting. The rest: released, in 待发货.
    let half = Money::round(total.decimal() / Decimal::TWO);
    store.record_payment(pay(half, today())).unwrap();
    assert!(!in_queue(&store, OrderQueue::ToShip, id));
    store
        .record_payment(pay(Money::round(total.decimal() - half.decimal()), today()))
        .unwrap();
    let money = store.order_payments(id).unwrap();
    assert_eq!((money.paid, money.open), (total, Money::ZERO));
    assert!(money.released);
    let history = store.order_view(id).unwrap().history;
    assert_eq!(
        history.iter().filter(|h| h.action == "payment").count(),
        2,
        "each payment is in the order's history: {history:?}"
    );
    assert!(in_queue(&store, OrderQueue::ToShip, id));
    assert!(!in_queue(&store, OrderQueue::AwaitingPayment, id));
    let view = store.picking_view(id).unwrap();
    assert!(view.released);
    assert_eq!(
        (
            view.lines[0].ordered,
            view.lines[0].open,
            view.lines[0].held
        ),
        (d("20"), d("20"), d("20"))
    );

    // Refused, each changing nothing: more than open, a line from another warehouse, a
    // tracking number of another carrier's shape.
    refused_with(
        &mut store,
        delivery(id, east, &[(0, "21")], &["SF1234567890123"]),
        "超过未发数量",
    );
    let north = warehouse(&store, "华北仓");
    refused_with(
        &mut store,
        delivery(id, north, &[(0, "1")], &["SF1234567890123"]),
        "不从这个仓库发货",
    );
    refused_with(
        &mut store,
        delivery(id, east, &[(0, "1")], &["12345"]),
        "运单号",
    );

    // First delivery: 8 cups, all 6 of the other product, two parcels.
    let before = footprint(&store);
    let (first, number) = store
        .ship(delivery(
            id,
            east,
            &[(0, "8"), (1, "6")],
            &["SF1234567890123", "SF1234567890124"],
        ))
        .unwrap();
    assert!(number.starts_with("FH-"), "{number}");
    let o = order(&store, id);
    assert_eq!(o.status, OrderStatus::PartiallyShipped);
    assert_eq!(o.shipped, vec![d("8"), d("6")]);
    assert_eq!(o.stock[0].reserved, d("12"), "the rest (欠货) stays held");
    assert_eq!(o.stock[1].reserved, Decimal::ZERO);
    // On hand down by what left; available unchanged for the cups (the hold was theirs).
    assert_eq!(
        level(&store, cup, east),
        (cup_on_hand - d("8"), cup_available)
    );
    let after = footprint(&store);
    assert_eq!(after[2] - before[2], 2, "one ledger move per line");
    assert_eq!(after[7] - before[7], 2, "one row per parcel");
    // The ledger still adds up to the level.
    let ledger = catalog::ledger_sum(store.conn(), cup, east).unwrap();
    assert_eq!(ledger, level(&store, cup, east).0);
    // The order is still in 待发货 (its backorder) and its history says it shipped.
    assert!(in_queue(&store, OrderQueue::ToShip, id));
    let history = store.order_view(id).unwrap().history;
    assert!(history.iter().any(|h| h.action == "ship"), "{history:?}");

    // A tracking number already used on the first delivery is refused.
    refused_with(
        &mut store,
        delivery(id, east, &[(0, "1")], &["SF1234567890124"]),
        "已用于发货单",
    );
    // The second product is all shipped: nothing of it is open any more.
    refused_with(
        &mut store,
        delivery(id, east, &[(1, "1")], &["SF1234567890125"]),
        "超过未发数量",
    );

    // Second delivery: the 12 cups left. The order is shipped and leaves the queue.
    store
        .ship(delivery(id, east, &[(0, "12")], &["SF1234567890126"]))
        .unwrap();
    let o = order(&store, id);
    assert_eq!(o.status, OrderStatus::Shipped);
    assert_eq!(o.stock[0].reserved, Decimal::ZERO);
    assert!(!in_queue(&store, OrderQueue::ToShip, id));
    assert_eq!(
        level(&store, cup, east),
        (cup_on_hand - d("20"), cup_available)
    );

    // A return of one cup of the first delivery into 华北仓; never more than shipped.
    let back = |qty: &str| ReturnData {
        delivery_id: first,
        warehouse_id: north,
        lines: vec![ReturnLine {
            line: 0,
            qty: d(qty),
        }],
        reason: "包装破损".into(),
    };
    let before = footprint(&store);
    let err = store.return_goods(back("9")).unwrap_err();
    assert!(
        err.message(store.lang()).contains("超过可退数量 8"),
        "{err:?}"
    );
    assert_eq!(footprint(&store), before);
    let north_before = level(&store, cup, north);
    let (_, th) = store.return_goods(back("1")).unwrap();
    assert!(th.starts_with("TH-"), "{th}");
    assert_eq!(
        level(&store, cup, north),
        (north_before.0 + Decimal::ONE, north_before.1 + Decimal::ONE)
    );
    assert_eq!(order(&store, id).returned, vec![d("1"), Decimal::ZERO]);
    let view = store.picking_view(id).unwrap();
    assert_eq!(view.deliveries.len(), 2);
    assert_eq!(view.deliveries[0].lines[0].returned, d("1"));
    assert_eq!(view.returns.len(), 1);
    // 7 more may come back from the first delivery, not 8.
    assert!(store.return_goods(back("8")).is_err());
    store.return_goods(back("7")).unwrap();
    assert_eq!(
        level(&store, other, east),
        (other_before.0 - d("6"), other_before.1),
        "the second product left once, with the first delivery"
    );
}

#[test]
fn closing_a_rest_releases_its_holds_with_the_reason() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(20).unwrap();
    let (id, east, cup, _) = approved_order(&mut store, PaymentTerms::PayBeforeShipping);
    let total = order(&store, id).total();
    store
        .record_payment(PaymentData {
            order_id: Some(id),
            account_of: None,
            allocations: Vec::new(),
            amount: total,
            date: today(),
            method: PaymentMethod::WeChat,
            payer: String::new(),
            reference: String::new(),
        })
        .unwrap();
    // Nothing shipped yet: there is no rest to close (cancel the order instead).
    let before = footprint(&store);
    assert!(store.close_order_rest(id, "客户不要了").is_err());
    assert_eq!(footprint(&store), before);

    store
        .ship(delivery(id, east, &[(0, "5")], &["SF1234567890200"]))
        .unwrap();
    let (on_hand, available) = level(&store, cup, east);
    // A reason is required.
    let before = footprint(&store);
    assert!(store.close_order_rest(id, "  ").is_err());
    assert_eq!(footprint(&store), before);

    store.close_order_rest(id, "客户不要了").unwrap();
    let o = order(&store, id);
    assert_eq!(o.status, OrderStatus::Shipped);
    assert_eq!(o.closed, vec![d("15"), d("6")]);
    assert!(o.stock.iter().all(|s| s.reserved.is_zero()));
    assert_eq!(o.close_reason.as_deref(), Some("客户不要了"));
    // The 15 cups are free again; nothing left the warehouse.
    assert_eq!(level(&store, cup, east), (on_hand, available + d("15")));
    let held: i64 = store
        .conn()
        .query_row(
            "SELECT coalesce(sum(qty_milli), 0) FROM stock_reservations WHERE order_id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(held, 0, "no hold stays reserved after the rest is closed");
    assert!(!in_queue(&store, OrderQueue::ToShip, id));
    let history = store.order_view(id).unwrap().history;
    assert!(
        history.iter().any(|h| h.action == "close_rest"),
        "{history:?}"
    );
    // And nothing more can ship.
    refused_with(
        &mut store,
        delivery(id, east, &[(0, "1")], &["SF1234567890201"]),
        "发货",
    );
}
