//! Orders through `apply`: reservations against the pool, release on reject and cancel,
//! approval rights, credit, bad input.

use super::tests::{id, World};
use super::tests_sales::{d, setup, CUSTOMER, EAST, PRODUCT};
use super::*;
use crate::error::DomainError;
use crate::money::Money;
use crate::order::{OrderAction, OrderData, OrderLine, OrderStatus, PaymentTerms};

pub(super) fn order_data(qty: &str) -> OrderData {
    OrderData {
        customer_id: id(CUSTOMER),
        quote_id: None,
        address: "杭州市西湖区文三路 100 号".into(),
        province: "浙江省".into(),
        city: "杭州市".into(),
        terms: PaymentTerms::Prepay { percent: 30 },
        expected_ship: None,
        tax_inclusive: true,
        lines: vec![OrderLine {
            product_id: id(PRODUCT),
            sku: String::new(),
            name: String::new(),
            spec: String::new(),
            unit: String::new(),
            qty: d(qty),
            unit_price: d("100"),
            tax_rate: d("13"),
            warehouse_id: id(EAST),
        }],
        notes: String::new(),
        warehouse_reason: String::new(),
    }
}

pub(super) fn act(action: OrderAction, order: u8) -> Mutation {
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
    assert_eq!(
        w.mem.orders[&id(81)].credit.limit,
        Money::from_fen(1_000_000)
    );
}

#[test]
fn approved_orders_count_as_open_receivables_at_the_next_submit() {
    let mut w = setup();
    let (rep, admin) = (w.rep1.clone(), w.admin.clone());
    let save = |order: u8, qty: &str| Mutation::SaveOrder {
        id: id(order),
        number: format!("SO-{order}"),
        data: order_data(qty),
    };
    // ¥4,900 approved and not yet paid, then ¥6,000: alone it fits the ¥10,000 limit,
    // together they do not.
    w.ok(&rep, save(80, "49"));
    w.ok(&rep, act(OrderAction::Submit, 80));
    w.ok(&rep, save(81, "60"));
    w.ok(&rep, act(OrderAction::Submit, 81));
    assert!(
        !w.mem.orders[&id(81)].over_credit,
        "a submitted order is not owed yet"
    );
    w.ok(&admin, act(OrderAction::Approve, 80));
    w.ok(&rep, save(82, "60"));
    w.ok(&rep, act(OrderAction::Submit, 82));
    let o = &w.mem.orders[&id(82)];
    assert!(o.over_credit);
    assert_eq!(o.credit.open, Money::from_fen(490_000));
    // ¥1,000 paid on the customer's account lowers what it owes: ¥3,900 + ¥6,000 fits.
    let finance = super::tests_shipping::staff(&mut w, crate::Role::Finance, 21);
    w.ok(
        &finance,
        Mutation::RecordPayment {
            id: id(95),
            data: crate::receivables::PaymentData {
                order_id: None,
                account_of: Some(id(super::tests_sales::CUSTOMER)),
                allocations: Vec::new(),
                amount: Money::from_fen(100_000),
                date: "2026-11-27".parse().unwrap(),
                method: crate::receivables::PaymentMethod::BankTransfer,
                payer: String::new(),
                reference: String::new(),
            },
        },
    );
    w.ok(
        &admin,
        Mutation::OrderAct {
            id: id(82),
            action: OrderAction::Reject,
            reason: "先收回旧款".into(),
        },
    );
    w.ok(&rep, act(OrderAction::Submit, 82));
    let o = &w.mem.orders[&id(82)];
    assert!(!o.over_credit);
    assert_eq!(o.credit.open, Money::from_fen(390_000));
    // Cancelled orders are owed by nobody.
    w.ok(&rep, act(OrderAction::Cancel, 80));
    w.ok(
        &admin,
        Mutation::OrderAct {
            id: id(82),
            action: OrderAction::Reject,
            reason: "先收回旧款".into(),
        },
    );
    w.ok(&rep, act(OrderAction::Submit, 82));
    let o = &w.mem.orders[&id(82)];
    assert!(!o.over_credit);
    assert_eq!(
        o.credit.open,
        Money::ZERO,
        "an advance never makes it negative"
    );
}

/// Random sequences of receipts, stock-takes, transfers, order submits, rejects, cancels,
/// approvals with payments, deliveries, closed rests and returns (a property test with a fixed
/// seed per case): the ledger invariants always hold.
#[test]
fn ledger_invariants_hold_over_random_sequences() {
    use super::tests_sales::SOUTH;
    use crate::shipping::{Carrier, DeliveryData, ReturnData, ReturnLine};
    use crate::stock::StockEntry;
    // (deliveries, returns, closed rests) over all seeds: the sequences do reach them.
    let mut reached = (0, 0, 0);
    for seed in 0..40u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut w = setup();
        let (admin, rep) = (w.admin.clone(), w.rep1.clone());
        let keeper = super::tests_shipping::staff(&mut w, crate::Role::Warehouse, 20);
        let finance = super::tests_shipping::staff(&mut w, crate::Role::Finance, 21);
        let mut next = 100u8;
        let mut submitted: Vec<u8> = Vec::new();
        for _ in 0..60 {
            next = next.wrapping_add(1).max(100);
            let qty = d(&rng.u32(1..40).to_string());
            let wh = if rng.bool() { id(EAST) } else { id(SOUTH) };
            let shipping: Vec<crate::order::Order> = w
                .mem
                .orders
                .values()
                .filter(|o| {
                    matches!(
                        o.status,
                        OrderStatus::Approved | OrderStatus::PartiallyShipped
                    )
                })
                .cloned()
                .collect();
            let m = match rng.u8(0..10) {
                0 => Mutation::RecordStock {
                    id: id(next),
                    entry: StockEntry::Receipt {
                        product_id: id(PRODUCT),
                        warehouse_id: wh,
                        qty,
                        note: String::new(),
                    },
                },
                1 => Mutation::RecordStock {
                    id: id(next),
                    entry: StockEntry::Count {
                        product_id: id(PRODUCT),
                        warehouse_id: wh,
                        counted: qty,
                        reason: "盘点".into(),
                    },
                },
                2 => Mutation::RecordStock {
                    id: id(next),
                    entry: StockEntry::Transfer {
                        product_id: id(PRODUCT),
                        from: id(EAST),
                        to: id(SOUTH),
                        qty,
                        note: String::new(),
                    },
                },
                3 => {
                    let mut data = order_data(&qty.to_string());
                    data.lines[0].warehouse_id = wh;
                    let _ = w
                        .run(
                            &rep,
                            Mutation::SaveOrder {
                                id: id(next),
                                number: format!("SO-{next}"),
                                data,
                            },
                        )
                        .map(|o| w.mem.commit(o));
                    submitted.push(next);
                    act(OrderAction::Submit, next)
                }
                4 if !submitted.is_empty() => {
                    let o = submitted.remove(rng.usize(..submitted.len()));
                    Mutation::OrderAct {
                        id: id(o),
                        action: OrderAction::Reject,
                        reason: "调整".into(),
                    }
                }
                5 if !submitted.is_empty() => {
                    act(OrderAction::Cancel, submitted[rng.usize(..submitted.len())])
                }
                // Approve, then finance records the prepayment due (or all of it).
                6 if !submitted.is_empty() => {
                    let o = submitted[rng.usize(..submitted.len())];
                    if let Ok(out) = w.run(&admin, act(OrderAction::Approve, o)) {
                        w.mem.commit(out);
                    }
                    let total = w.mem.orders[&id(o)].total();
                    let amount = if rng.bool() {
                        total
                    } else {
                        Money::round(total.decimal() * d("0.3"))
                    };
                    Mutation::RecordPayment {
                        id: id(next),
                        data: crate::receivables::PaymentData {
                            order_id: Some(id(o)),
                            account_of: None,
                            allocations: Vec::new(),
                            amount,
                            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                            method: crate::receivables::PaymentMethod::Cash,
                            payer: String::new(),
                            reference: String::new(),
                        },
                    }
                }
                // Ship some of what is held (sometimes more, which is refused).
                7 if !shipping.is_empty() => {
                    let o = &shipping[rng.usize(..shipping.len())];
                    let held = o.stock.first().map(|s| s.reserved).unwrap_or_default();
                    let qty = d(&rng
                        .u32(1..=held.to_string().parse::<u32>().unwrap_or(0) + 2)
                        .to_string());
                    Mutation::ShipDelivery {
                        id: id(next),
                        number: format!("FH-{next}"),
                        data: DeliveryData::new(
                            o.id,
                            o.data.lines[0].warehouse_id,
                            Carrier::Pickup,
                            [(0, qty)],
                            [],
                        ),
                    }
                }
                8 if !shipping.is_empty() => Mutation::CloseOrderRest {
                    id: shipping[rng.usize(..shipping.len())].id,
                    reason: "客户不要了".into(),
                },
                9 if !w.mem.deliveries.is_empty() => {
                    let ds: Vec<&crate::shipping::Delivery> = w.mem.deliveries.values().collect();
                    let dl = ds[rng.usize(..ds.len())];
                    let back = dl.lines[0].qty - dl.lines[0].returned;
                    let qty = d(&rng
                        .u32(1..=back.to_string().parse::<u32>().unwrap_or(0) + 1)
                        .to_string());
                    Mutation::ReturnGoods {
                        id: id(next),
                        number: format!("TH-{next}"),
                        data: ReturnData {
                            delivery_id: dl.id,
                            warehouse_id: wh,
                            lines: vec![ReturnLine { line: 0, qty }],
                            reason: "退货".into(),
                        },
                    }
                }
                _ => continue,
            };
            // Refused steps (too little to transfer, an order already cancelled) change nothing.
            let actor = if matches!(
                m,
                Mutation::OrderAct {
                    action: OrderAction::Reject,
                    ..
                } | Mutation::RecordStock { .. }
            ) {
                &admin
            } else {
                &rep
            };
            let kind = match m {
                Mutation::ShipDelivery { .. } => 1,
                Mutation::ReturnGoods { .. } => 2,
                Mutation::CloseOrderRest { .. } => 3,
                _ => 0,
            };
            let actor = match m {
                Mutation::ShipDelivery { .. } | Mutation::ReturnGoods { .. } => &keeper,
                Mutation::RecordPayment { .. } => &finance,
                Mutation::CloseOrderRest { .. } => &admin,
                _ => actor,
            };
            if let Ok(out) = w.run(actor, m) {
                w.mem.commit(out);
                match kind {
                    1 => reached.0 += 1,
                    2 => reached.1 += 1,
                    3 => reached.2 += 1,
                    _ => {}
                }
            }
            for o in w.mem.orders.values() {
                for (i, l) in o.data.lines.iter().enumerate() {
                    let at = |v: &[rust_decimal::Decimal]| v.get(i).copied().unwrap_or_default();
                    let held = o.stock.get(i).map(|s| s.reserved).unwrap_or_default();
                    assert_eq!(
                        at(&o.shipped) + at(&o.closed) + o.open(i),
                        l.qty,
                        "seed {seed}"
                    );
                    assert!(
                        o.open(i) >= rust_decimal::Decimal::ZERO,
                        "seed {seed}: never over-shipped"
                    );
                    assert!(
                        held <= o.open(i),
                        "seed {seed}: nothing held beyond what is open"
                    );
                    assert!(
                        at(&o.returned) <= at(&o.shipped),
                        "seed {seed}: returns ≤ shipped"
                    );
                }
                let out_of_ledger: rust_decimal::Decimal = w
                    .mem
                    .moves
                    .iter()
                    .filter(|m| m.kind == crate::stock::MoveKind::Shipment)
                    .filter(|m| {
                        w.mem
                            .deliveries
                            .get(&m.entry_id)
                            .is_some_and(|d| d.order_id == o.id)
                    })
                    .map(|m| -m.qty)
                    .sum();
                assert_eq!(
                    out_of_ledger,
                    o.shipped.iter().copied().sum::<rust_decimal::Decimal>(),
                    "seed {seed}: shipped = ledger out"
                );
                let back: rust_decimal::Decimal = w
                    .mem
                    .moves
                    .iter()
                    .filter(|m| m.kind == crate::stock::MoveKind::Return)
                    .filter(|m| {
                        w.mem
                            .returns
                            .get(&m.entry_id)
                            .is_some_and(|r| r.order_id == o.id)
                    })
                    .map(|m| m.qty)
                    .sum();
                assert_eq!(
                    back,
                    o.returned.iter().copied().sum::<rust_decimal::Decimal>(),
                    "seed {seed}: returned = ledger in"
                );
            }
            for wh in [id(EAST), id(SOUTH)] {
                let level = w.mem.stock_level(id(PRODUCT), wh).unwrap();
                let moves: rust_decimal::Decimal = w
                    .mem
                    .moves
                    .iter()
                    .filter(|m| m.warehouse_id == wh)
                    .map(|m| m.qty)
                    .sum();
                assert_eq!(level.on_hand, moves, "seed {seed}: on hand = sum of moves");
                assert!(
                    w.mem
                        .reservations
                        .values()
                        .all(|r| r.qty >= rust_decimal::Decimal::ZERO),
                    "seed {seed}: no negative holds"
                );
                let held: rust_decimal::Decimal = w
                    .mem
                    .orders
                    .values()
                    .filter(|o| o.status.holds_stock())
                    .flat_map(|o| {
                        o.data
                            .lines
                            .iter()
                            .zip(&o.stock)
                            .filter(|(l, _)| l.warehouse_id == wh)
                            .map(|(_, s)| s.reserved)
                    })
                    .sum();
                assert_eq!(
                    level.reserved, held,
                    "seed {seed}: reserved = what live orders hold"
                );
                assert_eq!(level.available(), level.on_hand - level.reserved);
            }
        }
    }
    assert!(
        reached.0 > 20 && reached.1 > 10 && reached.2 > 5,
        "reached {reached:?}"
    );
}

#[test]
fn purchase_limits_apply_to_quotes_and_orders() {
    use crate::order::PurchaseLimit;
    let mut w = setup();
    let (admin, rep) = (w.admin.clone(), w.rep1.clone());
    let mut data = super::tests_sales::product("CUP-500");
    data.limit = Some(PurchaseLimit {
        per_order: Some(d("10")),
        per_period: Some(d("15")),
        period_days: 30,
    });
    w.ok(
        &admin,
        Mutation::UpdateProduct {
            id: id(PRODUCT),
            data,
            changed: vec!["limit".into()],
        },
    );
    // Per order: 11 in one order (even split over two lines) is refused.
    let mut two_lines = order_data("6");
    two_lines.lines.push(two_lines.lines[0].clone());
    let e = w.err(
        &rep,
        Mutation::SaveOrder {
            id: id(80),
            number: "SO-1".into(),
            data: two_lines,
        },
    );
    assert_eq!(e.message(crate::Lang::Zh), "CUP-500 限购：每单最多 10");
    // Per period: 10 submitted, then 6 more is over 15 in 30 days.
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(80),
            number: "SO-1".into(),
            data: order_data("10"),
        },
    );
    w.ok(&rep, act(OrderAction::Submit, 80));
    let e = w.err(
        &rep,
        Mutation::SaveOrder {
            id: id(81),
            number: "SO-2".into(),
            data: order_data("6"),
        },
    );
    assert_eq!(
        e.message(crate::Lang::Zh),
        "CUP-500 限购：每位客户 30 天内最多 15，已购 10"
    );
    assert!(!w.mem.orders.contains_key(&id(81)));
    // A cancelled order no longer counts.
    w.ok(&rep, act(OrderAction::Cancel, 80));
    w.ok(
        &rep,
        Mutation::SaveOrder {
            id: id(81),
            number: "SO-2".into(),
            data: order_data("6"),
        },
    );
}
