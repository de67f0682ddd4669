//! Shipping across desks, on real PostgreSQL, real SQLite files and real HTTP on loopback:
//! two warehouse desks ship the same order offline and the server never lets the company ship
//! more than was ordered and held — the loser is told why and its desk goes back to the
//! server's state (delivery, ledger, holds, order) in the same sync. An order on 款到发货 can't
//! ship until finance's payment reaches the warehouse desk. Every desk is compared with the
//! server table by table, documents and ledger included.

mod common;

use common::desks::{cup_in_stock, cup_order, desk, Desk};
use common::{assert_converged, Server, ServerExt};
use fairdesk_core::order::{OrderAction, OrderStatus, PaymentTerms};
use fairdesk_core::receivables::{PaymentData, PaymentMethod};
use fairdesk_core::shipping::{Carrier, DeliveryData};
use fairdesk_core::Id;
use fairdesk_store::queries::{catalog, orders};
use rust_decimal::Decimal;

/// A company with 50 cups in one warehouse and an approved order of Lina's for `qty` of them
/// on the given terms (approved by the boss); every desk synced.
struct Shop {
    s: Server,
    boss: Desk,
    lina: Desk,
    order: Id,
    wh: Id,
    cup: Id,
}

fn approved(name: &str, qty: i64, terms: PaymentTerms) -> Shop {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let customer = lina.create(name);
    let mut data = cup_order(customer, cup, wh, qty);
    data.terms = terms;
    let (order, _) = lina.store.create_order(data).unwrap();
    lina.act(order, OrderAction::Submit);
    lina.sync();
    boss.sync();
    boss.act(order, OrderAction::Approve);
    boss.sync();
    lina.sync();
    Shop {
        s,
        boss,
        lina,
        order,
        wh,
        cup,
    }
}

fn ship(order: Id, wh: Id, qty: i64, tracking: &str) -> DeliveryData {
    DeliveryData::new(
        order,
        wh,
        Carrier::Shunfeng,
        [(0, Decimal::from(qty))],
        [tracking.to_string()],
    )
}

/// (on hand, available) of the cup.
fn pool(d: &Desk, cup: Id) -> (Decimal, Decimal) {
    let level = catalog::product_stock(d.store.conn(), cup).unwrap();
    (level[0].on_hand, level[0].available)
}

#[test]
fn two_warehouse_desks_never_ship_more_than_was_ordered() {
    let Shop {
        s,
        mut boss,
        mut lina,
        order,
        wh,
        cup,
    } = approved("两仓同发有限公司", 30, PaymentTerms::Net { days: 30 });
    // The same warehouse clerk on two desks (the packing bench and the office), both synced.
    let mut bench = desk(&s, "zhaomin");
    let mut office = desk(&s, "zhaomin");
    for d in [&bench, &office] {
        let view = d.store.picking_view(order).unwrap();
        assert!(view.released, "月结: with the warehouse once approved");
        assert_eq!(view.lines[0].held, Decimal::from(30));
    }

    // Offline, each ships 20 of the 30: each desk alone sees nothing wrong.
    bench
        .store
        .ship(ship(order, wh, 20, "SF1234567890301"))
        .unwrap();
    office
        .store
        .ship(ship(order, wh, 20, "SF1234567890302"))
        .unwrap();
    assert_eq!(pool(&office, cup), (Decimal::from(30), Decimal::from(20)));

    bench.sync();
    let report = office.sync();
    assert_eq!(report.rejected, 1, "the second 20 is refused by the server");
    let why = office
        .store
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.kind == "refused")
        .expect("the office desk is told");
    assert!(why.reason.contains("超过未发数量 10"), "{}", why.reason);
    // The office desk is back to the server's state: one delivery of 20, 10 open and held.
    let o = orders::get(office.store.conn(), order).unwrap().unwrap();
    assert_eq!(o.status, OrderStatus::PartiallyShipped);
    assert_eq!(o.shipped, vec![Decimal::from(20)]);
    assert_eq!(o.stock[0].reserved, Decimal::from(10));
    assert_eq!(
        office.store.picking_view(order).unwrap().deliveries.len(),
        1
    );
    assert_eq!(pool(&office, cup), (Decimal::from(30), Decimal::from(20)));
    let moves: i64 = s.count(
        "SELECT count(*) FROM rows WHERE entity = 'stock_move' AND doc->>'kind' = 'shipment'",
    );
    assert_eq!(
        moves, 1,
        "the server wrote the ledger moves of one delivery"
    );

    // The office ships the 10 left; the tracking number of the bench's parcel is refused.
    let err = office
        .store
        .ship(ship(order, wh, 10, "SF1234567890301"))
        .unwrap_err();
    assert!(
        err.message(office.store.lang()).contains("已用于发货单"),
        "{err:?}"
    );
    office
        .store
        .ship(ship(order, wh, 10, "SF1234567890303"))
        .unwrap();
    assert_eq!(office.sync().rejected, 0);
    for d in [&mut bench, &mut lina, &mut boss] {
        d.sync();
    }
    let o = orders::get(lina.store.conn(), order).unwrap().unwrap();
    assert_eq!(o.status, OrderStatus::Shipped, "the rep sees it shipped");
    assert_eq!(lina.store.picking_view(order).unwrap().deliveries.len(), 2);
    assert_eq!(pool(&boss, cup), (Decimal::from(20), Decimal::from(20)));
    for (who, d) in [
        ("bench", &bench),
        ("office", &office),
        ("lina", &lina),
        ("boss", &boss),
    ] {
        assert_converged(&s, &d.store, who);
    }
}

#[test]
fn an_order_paid_in_advance_ships_only_after_finances_payment_arrives() {
    let Shop {
        s,
        mut boss,
        mut lina,
        order,
        wh,
        ..
    } = approved("款到发货有限公司", 5, PaymentTerms::PayBeforeShipping);
    let mut warehouse = desk(&s, "zhaomin");
    let mut finance = desk(&s, "sunli");
    assert!(!warehouse.store.picking_view(order).unwrap().released);
    let err = warehouse
        .store
        .ship(ship(order, wh, 5, "SF1234567890401"))
        .unwrap_err();
    assert!(
        err.message(warehouse.store.lang()).contains("须先收款"),
        "{err:?}"
    );
    // A rep may not record money, on the desk as on the server.
    let total = orders::get(lina.store.conn(), order)
        .unwrap()
        .unwrap()
        .total();
    let today = fairdesk_core::mutation::local_date(lina.store.now_ms());
    let payment = PaymentData {
        order_id: Some(order),
        account_of: None,
        allocations: Vec::new(),
        amount: total,
        date: today,
        method: PaymentMethod::BankTransfer,
        payer: String::new(),
        reference: "网银 8841".into(),
    };
    assert!(lina.store.record_payment(payment.clone()).is_err());
    finance.store.record_payment(payment).unwrap();
    assert_eq!(finance.sync().rejected, 0);
    warehouse.sync();
    assert!(warehouse.store.picking_view(order).unwrap().released);
    warehouse
        .store
        .ship(ship(order, wh, 5, "SF1234567890402"))
        .unwrap();
    assert_eq!(warehouse.sync().rejected, 0);
    for d in [&mut lina, &mut boss, &mut finance] {
        d.sync();
    }
    let paid = lina.store.order_payments(order).unwrap();
    assert_eq!(paid.paid, total, "the rep sees the payment");
    assert_eq!(
        orders::get(lina.store.conn(), order)
            .unwrap()
            .unwrap()
            .status,
        OrderStatus::Shipped
    );
    for (who, d) in [
        ("warehouse", &warehouse),
        ("finance", &finance),
        ("lina", &lina),
        ("boss", &boss),
    ] {
        assert_converged(&s, &d.store, who);
    }
}
