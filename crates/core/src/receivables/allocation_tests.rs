//! Payments on a customer's account: oldest due first across its orders, by hand, several
//! payments over one receivable, the rest as the customer's advance that settles goods shipped
//! later — and the buckets still add up to the balance on any day.

use super::fixtures::{day, doc, id, on_account, paid, yuan};
use super::{aging, settle, AgingBasis, DEFAULT_EDGES};
use crate::money::Money;

/// (document, open) of every receivable as of `as_of`.
fn open_of(s: &super::Settlement) -> Vec<(String, Money)> {
    s.items
        .iter()
        .map(|i| (i.receivable.number.clone(), i.open))
        .collect()
}

#[test]
fn payments_on_account_settle_across_orders_by_hand_or_oldest_due_first() {
    // Two orders of customer 1: FH-0001 (order 1) due 11-30, FH-0002 (order 2) due 10-31,
    // FH-0003 (order 2) due 12-31.
    let docs = [
        doc(1, 1, "2026-10-05", "2026-11-30", "100"),
        doc(2, 2, "2026-09-10", "2026-10-31", "200"),
        doc(3, 2, "2026-11-10", "2026-12-31", "300"),
    ];
    type Case = (
        &'static str,
        Vec<super::Payment>,
        &'static str,
        [&'static str; 3],
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "oldest due first across orders: FH-0002, then FH-0001, then part of FH-0003",
            vec![on_account(1, "2026-12-01", "350", &[])],
            "2026-12-01",
            ["0", "0", "250"],
            "0",
        ),
        (
            "by hand: 80 to FH-0003; the rest oldest due first",
            vec![on_account(1, "2026-12-01", "100", &[(3, "80")])],
            "2026-12-01",
            ["100", "180", "220"],
            "0",
        ),
        (
            "several payments over one receivable",
            vec![
                on_account(1, "2026-11-01", "50", &[(1, "50")]),
                on_account(2, "2026-11-15", "30", &[(1, "30")]),
            ],
            "2026-12-01",
            ["20", "200", "300"],
            "0",
        ),
        (
            "beyond everything owed: the customer's advance",
            vec![on_account(1, "2026-12-01", "700", &[])],
            "2026-12-01",
            ["0", "0", "0"],
            "100",
        ),
        (
            "a payment dated later is not there yet (back-dated report)",
            vec![on_account(1, "2026-12-02", "700", &[])],
            "2026-12-01",
            ["100", "200", "300"],
            "0",
        ),
        (
            "an order's payment settles its own order first; on account settles the rest",
            vec![
                paid(1, 1, "2026-11-20", "100", ""),
                on_account(2, "2026-11-20", "250", &[]),
            ],
            "2026-12-01",
            ["0", "0", "250"],
            "0",
        ),
        (
            "by hand beyond what is open: capped, the rest goes oldest due first",
            vec![
                on_account(1, "2026-11-01", "100", &[(1, "100")]),
                on_account(2, "2026-11-02", "60", &[(1, "60")]),
            ],
            "2026-12-01",
            ["0", "140", "300"],
            "0",
        ),
    ];
    for (what, payments, as_of, open, advance) in cases {
        let s = settle(&docs, &payments, day(as_of));
        let mut got = open_of(&s);
        got.sort();
        let want: Vec<(String, Money)> = ["FH-0001", "FH-0002", "FH-0003"]
            .iter()
            .zip(open)
            .map(|(n, o)| (n.to_string(), yuan(o)))
            .collect();
        assert_eq!(got, want, "{what}");
        assert_eq!(s.advance(), yuan(advance), "{what}");
        let total: Money = docs.iter().map(|d| d.amount).sum();
        let paid_in: Money = payments
            .iter()
            .filter(|p| p.data.date <= day(as_of))
            .map(|p| p.data.amount)
            .sum();
        assert_eq!(
            s.open() - s.advance(),
            total - paid_in,
            "{what}: nothing lost or doubled"
        );
    }
}

#[test]
fn an_advance_settles_goods_shipped_later() {
    let pay = [on_account(1, "2026-10-01", "500", &[])];
    let mut docs = vec![doc(1, 1, "2026-10-05", "2026-11-30", "100")];
    let s = settle(&docs, &pay, day("2026-10-31"));
    assert_eq!(s.customer_advances[&id(1)], yuan("400"));
    docs.push(doc(2, 2, "2026-11-10", "2026-12-31", "300"));
    let s = settle(&docs, &pay, day("2026-11-30"));
    assert_eq!(s.open(), Money::ZERO);
    assert_eq!(s.advance(), yuan("100"));
    // Aged at any day, the buckets add up to what is open.
    for d in ["2026-10-01", "2026-10-20", "2026-11-30", "2027-03-01"] {
        let s = settle(&docs, &pay, day(d));
        let a = aging(&s.items, day(d), AgingBasis::Due, &DEFAULT_EDGES);
        assert_eq!(a.buckets.iter().copied().sum::<Money>(), a.total, "{d}");
        assert_eq!(a.total, s.open(), "{d}");
    }
}
