//! The quota rules on their own, table-driven.

use super::*;
use crate::stock::StockLevel;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn lvl(on_hand: &str, reserved: &str, quota: &str) -> StockLevel {
    StockLevel {
        on_hand: d(on_hand),
        reserved: d(reserved),
        quota: d(quota),
    }
}

#[test]
fn grants_are_whole_partial_or_nothing() {
    // (asked, on hand, held, quotas) → granted
    let rows = [
        ("30", "100", "20", "10", "30"),
        ("30", "50", "20", "10", "20"),
        ("30", "50", "30", "20", "0"),
        // Stock-takes can leave the pool below zero: still nothing, never negative.
        ("30", "40", "30", "20", "0"),
    ];
    for (asked, on_hand, held, quotas, granted) in rows {
        assert_eq!(
            grant(d(asked), &lvl(on_hand, held, quotas)),
            d(granted),
            "{asked} of {on_hand}/{held}/{quotas}"
        );
    }
}

#[test]
fn lines_hold_from_the_quota_first() {
    let q = |outstanding: &str, on_quota| DeskQuota {
        outstanding: d(outstanding),
        on_quota,
    };
    // (need, own quota, pool free, live) → (reserved, short, from quota, pending)
    let rows = [
        ("10", q("30", true), "0", true, ("10", "0", "10", "0")),
        ("40", q("30", true), "5", true, ("35", "5", "30", "0")),
        ("40", q("30", true), "50", true, ("40", "0", "30", "0")),
        // A desk on quota: only the quota is certain, the rest waits for the server.
        ("40", q("30", true), "50", false, ("30", "10", "30", "10")),
        ("40", q("0", true), "50", false, ("0", "40", "0", "40")),
        // A desk without quota for this product reserves from its last-known pool as before.
        ("40", q("0", false), "25", false, ("25", "15", "0", "0")),
    ];
    for (need, own, free, live, (reserved, short, quota, pending)) in rows {
        let s = split_line(d(need), own, d(free), live);
        assert_eq!(
            (s.reserved, s.short, s.quota, s.pending),
            (d(reserved), d(short), d(quota), d(pending)),
            "{need} with {own:?}, pool {free}, live {live}"
        );
        assert_eq!(s.reserved + s.short, d(need));
    }
}

#[test]
fn the_invariant_counts_holds_and_quotas_against_on_hand() {
    assert_eq!(check_level(&lvl("50", "20", "30")), Ok(()));
    assert_eq!(
        check_level(&lvl("50", "21", "30")),
        Err(QuotaBreach { over: d("1") })
    );
    assert_eq!(lvl("50", "20", "25").available(), d("5"));
}

#[test]
fn move_ids_differ_per_line_and_from_the_mutation() {
    let m = Id::v7(1_795_744_800_000, [7; 10]);
    let ids: std::collections::BTreeSet<Id> = (0..50).map(|i| move_id(m, i)).collect();
    assert_eq!(ids.len(), 50);
    assert!(!ids.contains(&m));
    assert!(!ids.contains(&crate::order::reservation_id(m, 0)));
}
