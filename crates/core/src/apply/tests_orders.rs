//! Orders through `apply`: reservations against the pool, release on reject and cancel,
//! approval rights, credit, bad input.

use super::tests::{id, World};
use super::tests_sales::{d, setup, CUSTOMER, EAST, PRODUCT};
use super::*;
use crate::error::DomainError;
use crate::order::{OrderAction, OrderData, OrderLine, OrderStatus, PaymentTerms};

fn order_data(qty: &str) -> OrderData {
    OrderData {
        customer_id: id(CUSTOMER),
        quote_id: None,
        address: "杭州市西湖区文三路 100 号".into(),
        terms: PaymentTerms::Prepay { percent: 30 },
        expected_ship: None,
        tax_inclusive: true,
        lines: vec![OrderLine {
            product_id: id(PRODUCT),
            sku: String::new(),
            name: String::new(),
            unit: String::new(),
            qty: d(qty),
            unit_price: d("100"),
            tax_rate: d("13"),
            warehouse_id: id(EAST),
        }],
        notes: String::new(),
    }
}

fn act(action: OrderAction, order: u8) -> Mutation {
    Mutation::OrderAct {
        id: id(order),
        action,
        reason: String::new(),
    }
}

fn available(w: &World) -> rust_decimal::Decimal {
    w.mem
        .stock_level(id(PRODUCT), id(EAST))
        .unwrap()
        .available()
}

#[test]
fn two_orders_compete_for_the_last_units_and_the_second_is_short() {
    let mut w = setup();
    let rep = w.rep1.clone();
    for (n, qty) in [(80, "30"), (81, "30")] {
        w.ok(
            &rep,
            Mutation::SaveOrder {
                id: id(n),
                number: format!("SO-{n}"),
                data: order_data(qty),
            },
        );
        w.ok(&rep, act(OrderAction::Submit, n));
    }
    let (a, b) = (&w.mem.orders[&id(80)], &w.mem.orders[&id(81)]);
    assert_eq!((a.stock[0].reserved, a.stock[0].short), (d("30"), d("0")));
    assert_eq!(
        (b.stock[0].reserved, b.stock[0].short),
        (d("20"), d("10")),
        "缺货 10"
    );
    assert_eq!(available(&w), d("0"));
    // Rejecting the first gives its 30 back; cancelling the second its 20.
    let mgr = w.admin.clone();
    assert!(
        matches!(
            w.err(&mgr, act(OrderAction::Reject, 80)),
            DomainError::Validation { .. }
        ),
        "a rejection needs a reason"
    );
    w.ok(
        &mgr,
        Mutation::OrderAct {
            id: id(80),
            action: OrderAction::Reject,
            reason: "价格需调整".into(),
        },
    );
    assert_eq!(w.mem.orders[&id(80)].status, OrderStatus::Draft);
    assert_eq!(available(&w), d("30"));
    w.ok(&rep, act(OrderAction::Cancel, 81));
    assert_eq!(available(&w), d("50"));
    assert_eq!(w.mem.orders[&id(81)].status, OrderStatus::Cancelled);
}

#[test]
fn reps_cannot_approve_and_invalid_steps_change_nothing() {
    let mut w = setup();
    let (rep, admin) = (w.rep1.clone(), w.admin.clone());
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(80),
            number: "SO-1".into(),
            data: order_data("5"),
        },
    );
    assert!(matches!(
        w.err(&rep, act(OrderAction::Approve, 80)),
        DomainError::OrderTransition { .. } | DomainError::Forbidden { .. }
    ));
    w.ok(&rep, act(OrderAction::Submit, 80));
    assert_eq!(
        w.err(&rep, act(OrderAction::Approve, 80)),
        DomainError::Forbidden {
            action: crate::error::Action::ApproveOrder
        }
    );
    let e = w.err(&rep, act(OrderAction::Submit, 80));
    assert_eq!(
        e.message(crate::Lang::Zh),
        "订单状态为「待审核」，不能提交审核"
    );
    w.ok(&admin, act(OrderAction::Approve, 80));
    assert_eq!(w.mem.orders[&id(80)].approved_by, Some(admin.user_id));
    assert!(
        matches!(
            w.err(&admin, act(OrderAction::ShipAll, 80)),
            DomainError::OrderTransition { .. }
        ),
        "goods leave with shipments"
    );
    assert_eq!(w.mem.orders[&id(80)].status, OrderStatus::Approved);
    assert_eq!(available(&w), d("45"), "still held for the approved order");
}

#[test]
fn bad_orders_are_refused() {
    let mut w = setup();
    let (rep, admin) = (w.rep1.clone(), w.admin.clone());
    for (qty, field) in [("0", "lines.0.qty"), ("-3", "lines.0.qty")] {
        let e = w.err(
            &rep,
            Mutation::SaveOrder {
                id: id(80),
                number: "SO-1".into(),
                data: order_data(qty),
            },
        );
        assert_eq!(e.field_errors()[0].field, field);
    }
    w.ok(&admin, Mutation::DeleteProduct { id: id(PRODUCT) });
    let e = w.err(
        &rep,
        Mutation::SaveOrder {
            id: id(80),
            number: "SO-1".into(),
            data: order_data("1"),
        },
    );
    assert_eq!(e.field_errors()[0].code, crate::ErrorCode::ProductInactive);
    assert!(w.mem.orders.is_empty());
}

#[test]
fn an_order_above_the_credit_limit_is_flagged_at_submit() {
    let mut w = setup();
    let rep = w.rep1.clone();
    // The test customer's limit is ¥10,000; 49 × ¥100 fits, 120 × ¥100 does not.
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(80),
            number: "SO-1".into(),
            data: order_data("49"),
        },
    );
    w.ok(&rep, act(OrderAction::Submit, 80));
    assert!(!w.mem.orders[&id(80)].over_credit);
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(81),
            number: "SO-2".into(),
            data: order_data("120"),
        },
    );
    w.ok(&rep, act(OrderAction::Submit, 81));
    assert!(w.mem.orders[&id(81)].over_credit);
}
