//! Payments on a customer's account through `apply`: by hand never beyond what is open or on
//! another customer's goods, the rest as the customer's advance, allocating an advance later,
//! and refusals that change nothing.

use super::tests::id;
use super::tests_invoices::shipped;
use super::tests_sales::CUSTOMER;
use super::*;
use crate::error::{DomainError, ErrorCode};
use crate::money::Money;
use crate::receivables::{
    settle, Allocation, PaymentData, PaymentMethod, PaymentReader, PaymentRefusal,
};

fn on_account(amount: &str, by_hand: &[(u8, &str)]) -> PaymentData {
    PaymentData {
        order_id: None,
        account_of: Some(id(CUSTOMER)),
        allocations: by_hand
            .iter()
            .map(|(d, a)| Allocation {
                receivable_id: id(*d),
                amount: Money::parse(a).unwrap(),
            })
            .collect(),
        amount: Money::parse(amount).unwrap(),
        date: "2026-11-27".parse().unwrap(),
        method: PaymentMethod::BankTransfer,
        payer: String::new(),
        reference: "网银 0042".into(),
    }
}

fn pay(n: u8, data: PaymentData) -> Mutation {
    Mutation::RecordPayment { id: id(n), data }
}

#[test]
fn payments_on_account_allocate_by_hand_within_what_is_open() {
    // Delivery id(1): 9 × ¥100 = ¥900 owed.
    let (mut w, finance) = shipped();
    let rep = w.rep1.clone();
    let refused = |r| DomainError::Payment { refusal: r };
    let mut no_customer = on_account("100", &[]);
    no_customer.account_of = None;
    let mut for_order = on_account("100", &[(1, "50")]);
    for_order.order_id = Some(id(super::tests_shipping::ORDER));
    type Case = (&'static str, crate::Actor, PaymentData, DomainError);
    let cases: Vec<Case> = vec![
        (
            "more than the delivery has open",
            finance.clone(),
            on_account("1000", &[(1, "900.01")]),
            refused(PaymentRefusal::MoreThanReceivableOpen {
                number: "FH-K7-202611-0001".into(),
                open: Money::parse("900").unwrap(),
            }),
        ),
        (
            "goods that are not this customer's",
            finance.clone(),
            on_account("10", &[(77, "10")]),
            refused(PaymentRefusal::MoreThanReceivableOpen {
                number: id(77).to_string(),
                open: Money::ZERO,
            }),
        ),
        (
            "allocated beyond the payment",
            finance.clone(),
            on_account("100", &[(1, "100.01")]),
            DomainError::field("allocations", ErrorCode::OutOfRange),
        ),
        (
            "zero",
            finance.clone(),
            on_account("0", &[]),
            DomainError::field("amount", ErrorCode::MustBePositive),
        ),
        (
            "no customer",
            finance.clone(),
            no_customer,
            DomainError::field("account_of", ErrorCode::Required),
        ),
        (
            "by hand on an order's payment",
            finance.clone(),
            for_order,
            DomainError::field("allocations", ErrorCode::OutOfRange),
        ),
        (
            "a rep",
            rep,
            on_account("100", &[]),
            DomainError::Forbidden {
                action: crate::error::Action::RecordPayment,
            },
        ),
    ];
    for (what, actor, data, want) in cases {
        let before = w.mem.payments.len();
        assert_eq!(w.err(&actor, pay(50, data)), want, "{what}");
        assert_eq!(w.mem.payments.len(), before, "{what}: nothing stored");
    }

    // ¥1,000 with ¥900 by hand on the delivery: settled, ¥100 the customer's advance.
    w.ok(&finance, pay(50, on_account("1000", &[(1, "900")])));
    let ledger = w.mem.customer_ledger(id(CUSTOMER)).unwrap();
    let s = settle(
        &ledger.receivables(),
        &ledger.payments,
        "2026-11-27".parse().unwrap(),
    );
    assert_eq!(s.open(), Money::ZERO);
    assert_eq!(s.advance(), Money::parse("100").unwrap());
    // Nothing is open now: a second payment can't be put on the delivery by hand …
    w.ok(&finance, pay(51, on_account("300", &[])));
    assert!(matches!(
        w.err(
            &finance,
            Mutation::AllocatePayment {
                id: id(51),
                allocations: vec![Allocation {
                    receivable_id: id(1),
                    amount: Money::parse("1").unwrap(),
                }],
            }
        ),
        DomainError::Payment {
            refusal: PaymentRefusal::MoreThanReceivableOpen { .. }
        }
    ));
    // … but the first one may be re-allocated within what it settles itself.
    w.ok(
        &finance,
        Mutation::AllocatePayment {
            id: id(50),
            allocations: vec![Allocation {
                receivable_id: id(1),
                amount: Money::parse("500").unwrap(),
            }],
        },
    );
    assert_eq!(
        w.mem.payments[&id(50)].data.allocations[0].amount,
        Money::parse("500").unwrap()
    );
    let ledger = w.mem.customer_ledger(id(CUSTOMER)).unwrap();
    let s = settle(
        &ledger.receivables(),
        &ledger.payments,
        "2026-11-27".parse().unwrap(),
    );
    assert_eq!(
        s.open(),
        Money::ZERO,
        "the rest still settles oldest due first"
    );
    assert_eq!(s.advance(), Money::parse("400").unwrap());
}
