//! What is still open on each receivable as of a day, and its age (账龄).
//!
//! Money received for an order (payments, and credits of its returns) settles the order's
//! receivables oldest due first; what exceeds them is an advance (预收) of the order until
//! goods ship. Everything is computed as of a day from the documents dated up to it, so the
//! report for any past day is what the books said then — back-dated payments included — and
//! the buckets always add up to the open balance exactly (amounts in fen, no rounding).

use super::{Payment, Receivable};
use crate::error::Lang;
use crate::ids::Id;
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A receivable and what is left of it as of a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenItem {
    pub receivable: Receivable,
    /// Settled by payments and credits so far.
    pub settled: Money,
    pub open: Money,
}

/// Receivables settled as of a day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// Every delivery receivable dated up to the day, oldest due first.
    pub items: Vec<OpenItem>,
    /// Money received per order beyond what it owes so far (预收款 of an order).
    pub advances: BTreeMap<Id, Money>,
    /// Money received on a customer's account beyond everything it owes (预收款 of a customer).
    #[serde(default)]
    pub customer_advances: BTreeMap<Id, Money>,
}

impl Settlement {
    pub fn open(&self) -> Money {
        self.items.iter().map(|i| i.open).sum()
    }

    pub fn advance(&self) -> Money {
        self.advances.values().copied().sum::<Money>()
            + self.customer_advances.values().copied().sum::<Money>()
    }
}

fn due_order(a: &Receivable, b: &Receivable) -> std::cmp::Ordering {
    (a.due, a.date, &a.number).cmp(&(b.due, b.date, &b.number))
}

/// Settles `receivables` with `payments` as of `as_of` (documents dated later are not there
/// yet), in three steps:
/// 1. what payments on account allocate by hand settles those receivables (never beyond what
///    they have open);
/// 2. per order, its payments and the credits of its returns, pooled, settle its deliveries
///    oldest due first; what is left is the order's advance;
/// 3. per customer, the rest of its payments on account settles whatever is still open of any
///    of its orders oldest due first; what is left is the customer's advance, which settles
///    goods shipped later the same way.
pub fn settle(receivables: &[Receivable], payments: &[Payment], as_of: NaiveDate) -> Settlement {
    let mut owed: Vec<&Receivable> = Vec::new();
    let mut order_money: BTreeMap<Id, Money> = BTreeMap::new();
    for r in receivables.iter().filter(|r| r.date <= as_of) {
        if r.amount.is_negative() {
            let m = order_money.entry(r.order_id).or_default();
            *m = *m - r.amount;
        } else {
            owed.push(r);
            order_money.entry(r.order_id).or_default();
        }
    }
    owed.sort_by(|a, b| due_order(a, b));
    let mut open: Vec<Money> = owed.iter().map(|r| r.amount).collect();
    let mut paid: Vec<&Payment> = payments.iter().filter(|p| p.data.date <= as_of).collect();
    // Allocations by hand take what is open in the order the money came; without any, the
    // order of payments doesn't change their sums (and a large ledger skips the work).
    let by_hand = paid.iter().any(|p| !p.data.allocations.is_empty());
    let index: std::collections::HashMap<Id, usize> = if by_hand {
        paid.sort_by_key(|p| (p.data.date, p.id));
        owed.iter().enumerate().map(|(i, r)| (r.id, i)).collect()
    } else {
        std::collections::HashMap::new()
    };
    let mut account: BTreeMap<Id, Money> = BTreeMap::new();
    for p in paid {
        let mut left = p.data.amount;
        for a in &p.data.allocations {
            if let Some(&i) = index.get(&a.receivable_id) {
                let take = a.amount.min(open[i]).min(left).max(Money::ZERO);
                open[i] = open[i] - take;
                left = left - take;
            }
        }
        match p.data.order_id {
            Some(order) => {
                let m = order_money.entry(order).or_default();
                *m = *m + left;
            }
            None => {
                let m = account.entry(p.customer_id).or_default();
                *m = *m + left;
            }
        }
    }
    // Per order, oldest due first (`owed` is in that order).
    for (i, r) in owed.iter().enumerate() {
        if let Some(m) = order_money.get_mut(&r.order_id) {
            let take = (*m).min(open[i]).max(Money::ZERO);
            open[i] = open[i] - take;
            *m = *m - take;
        }
    }
    // Per customer, on account, whatever is still open, oldest due first.
    for (i, r) in owed.iter().enumerate() {
        if let Some(m) = account.get_mut(&r.customer_id) {
            let take = (*m).min(open[i]).max(Money::ZERO);
            open[i] = open[i] - take;
            *m = *m - take;
        }
    }
    Settlement {
        items: owed
            .iter()
            .zip(open)
            .map(|(r, open)| OpenItem {
                receivable: (*r).clone(),
                settled: r.amount - open,
                open,
            })
            .collect(),
        advances: order_money
            .into_iter()
            .filter(|(_, m)| *m != Money::ZERO)
            .collect(),
        customer_advances: account
            .into_iter()
            .filter(|(_, m)| *m != Money::ZERO)
            .collect(),
    }
}

/// What age counts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgingBasis {
    /// Days past the due date (未到期 while not due): what is overdue.
    #[default]
    Due,
    /// Days since the delivery: how old the debt is.
    Document,
}

/// The upper ends of the buckets after the first, in days: 1–30, 31–60, 61–90, 91–180, 180+.
pub const DEFAULT_EDGES: [u32; 4] = [30, 60, 90, 180];

/// Bucket edges must rise, start above zero and be few.
pub fn check_edges(edges: &[u32]) -> bool {
    !edges.is_empty() && edges.len() <= 8 && edges[0] > 0 && edges.windows(2).all(|w| w[0] < w[1])
}

/// The bucket of an age in days: 0 for not due (≤ 0 days), then one per edge, then the last.
pub fn bucket_of(days: i64, edges: &[u32]) -> usize {
    if days <= 0 {
        return 0;
    }
    1 + edges
        .iter()
        .position(|&e| days <= e as i64)
        .unwrap_or(edges.len())
}

/// The buckets' names: 未到期, 1–30 天, …, 180 天以上.
pub fn bucket_labels(edges: &[u32], basis: AgingBasis, lang: Lang) -> Vec<String> {
    let mut out = vec![match basis {
        AgingBasis::Due => lang.pick("未到期", "Not due").to_string(),
        AgingBasis::Document => lang.pick("当天", "Today").to_string(),
    }];
    let mut from = 1;
    for &e in edges {
        out.push(match lang {
            Lang::Zh => format!("{from}–{e} 天"),
            Lang::En => format!("{from}–{e} days"),
        });
        from = e + 1;
    }
    let last = edges.last().copied().unwrap_or(0);
    out.push(match lang {
        Lang::Zh => format!("{last} 天以上"),
        Lang::En => format!("over {last} days"),
    });
    out
}

/// The open amounts of some receivables by age as of a day. `buckets` has one more entry
/// than there are edges plus one; they add up to `total`, the open balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aging {
    pub buckets: Vec<Money>,
    pub total: Money,
    /// Past due (every bucket but the first, on the due-date basis).
    pub overdue: Money,
}

pub fn aging<'a>(
    items: impl IntoIterator<Item = &'a OpenItem>,
    as_of: NaiveDate,
    basis: AgingBasis,
    edges: &[u32],
) -> Aging {
    let mut buckets = vec![Money::ZERO; edges.len() + 2];
    let mut overdue = Money::ZERO;
    for i in items {
        let r = &i.receivable;
        let from = match basis {
            AgingBasis::Due => r.due,
            AgingBasis::Document => r.date,
        };
        let b = bucket_of((as_of - from).num_days(), edges);
        buckets[b] = buckets[b] + i.open;
        if as_of > r.due {
            overdue = overdue + i.open;
        }
    }
    Aging {
        total: buckets.iter().copied().sum(),
        buckets,
        overdue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::fixtures::{self, day, yuan};

    fn order(n: u8) -> Id {
        fixtures::id(n as u16)
    }

    fn owed(n: u8, o: u8, date: &str, due: &str, amount: &str) -> Receivable {
        fixtures::doc(n as u16, o as u16, date, due, amount)
    }

    fn paid(o: u8, date: &str, amount: &str) -> Payment {
        fixtures::paid(0, o as u16, date, amount, "")
    }

    #[test]
    fn buckets_by_age() {
        let e = DEFAULT_EDGES;
        for (days, bucket) in [
            (-5, 0),
            (0, 0),
            (1, 1),
            (30, 1),
            (31, 2),
            (60, 2),
            (61, 3),
            (90, 3),
            (91, 4),
            (180, 4),
            (181, 5),
            (4000, 5),
        ] {
            assert_eq!(bucket_of(days, &e), bucket, "{days}");
        }
        assert_eq!(
            bucket_labels(&e, AgingBasis::Due, Lang::Zh),
            [
                "未到期",
                "1–30 天",
                "31–60 天",
                "61–90 天",
                "91–180 天",
                "180 天以上"
            ]
        );
        assert!(check_edges(&[15, 45]));
        for bad in [&[][..], &[0, 30], &[30, 30], &[60, 30]] {
            assert!(!check_edges(bad), "{bad:?}");
        }
    }

    #[test]
    fn money_settles_the_oldest_due_first_and_the_rest_is_an_advance() {
        let rs = [
            owed(1, 1, "2026-09-10", "2026-10-30", "1000"),
            owed(2, 1, "2026-10-05", "2026-11-30", "500"),
            owed(3, 2, "2026-10-06", "2026-10-06", "300"),
        ];
        // (payments, as of, open per receivable 1/2/3, advances of order 1 and 2)
        type Case<'a> = (Vec<Payment>, &'a str, [&'a str; 3], [&'a str; 2]);
        let table: Vec<Case> = vec![
            (vec![], "2026-12-01", ["1000", "500", "300"], ["0", "0"]),
            // Partial: the oldest due first.
            (
                vec![paid(1, "2026-11-01", "1200")],
                "2026-12-01",
                ["0", "300", "300"],
                ["0", "0"],
            ),
            // Not yet received on the day asked about.
            (
                vec![paid(1, "2026-11-01", "1200")],
                "2026-10-31",
                ["1000", "500", "300"],
                ["0", "0"],
            ),
            // Before the second delivery existed, the rest was an advance.
            (
                vec![paid(1, "2026-09-20", "1200")],
                "2026-10-01",
                ["0", "-", "-"],
                ["200", "0"],
            ),
            // More than owed: an advance, never a negative open amount.
            (
                vec![paid(1, "2026-11-01", "1600")],
                "2026-12-01",
                ["0", "0", "300"],
                ["100", "0"],
            ),
            // Another order's money settles nothing of this one.
            (
                vec![paid(2, "2026-11-01", "1000")],
                "2026-12-01",
                ["1000", "500", "0"],
                ["0", "700"],
            ),
        ];
        for (payments, as_of, open, advances) in table {
            let s = settle(&rs, &payments, day(as_of));
            for (n, want) in open.iter().enumerate() {
                let got = s.items.iter().find(|i| i.receivable.id == rs[n].id);
                match *want {
                    "-" => assert!(got.is_none(), "{as_of}: not there yet"),
                    w => assert_eq!(got.unwrap().open, yuan(w), "{as_of} receivable {n}"),
                }
            }
            for (o, want) in advances.iter().enumerate() {
                let got = s
                    .advances
                    .get(&order(o as u8 + 1))
                    .copied()
                    .unwrap_or_default();
                assert_eq!(got, yuan(want), "{as_of} advance of order {}", o + 1);
            }
        }
    }

    #[test]
    fn a_return_credits_its_order() {
        let rs = [
            owed(1, 1, "2026-10-01", "2026-11-30", "1000"),
            owed(2, 1, "2026-10-09", "2026-10-09", "-250"),
        ];
        let s = settle(&rs, &[paid(1, "2026-10-20", "700")], day("2026-12-01"));
        assert_eq!(s.items.len(), 1, "a credit is no item to collect");
        assert_eq!(s.items[0].open, yuan("50"));
        assert_eq!(s.open(), yuan("50"));
    }

    #[test]
    fn aging_adds_up_to_the_open_balance_at_any_day() {
        let rs = [
            owed(1, 1, "2026-01-15", "2026-03-02", "1234.56"),
            owed(2, 1, "2026-06-30", "2026-08-29", "99.99"),
            owed(3, 2, "2026-09-01", "2026-09-01", "0.01"),
            owed(4, 3, "2026-11-20", "2027-01-29", "8888.88"),
            owed(5, 3, "2026-11-25", "2026-11-25", "-88.88"),
        ];
        let pays = [
            paid(1, "2026-04-01", "1000"),
            // Back-dated: typed in December, received in May.
            paid(1, "2026-05-05", "34.56"),
            paid(3, "2026-11-30", "1000"),
        ];
        let mut day0 = day("2026-01-01");
        while day0 <= day("2027-03-01") {
            let s = settle(&rs, &pays, day0);
            for basis in [AgingBasis::Due, AgingBasis::Document] {
                let a = aging(&s.items, day0, basis, &DEFAULT_EDGES);
                assert_eq!(a.total, s.open(), "{day0} {basis:?}");
                assert_eq!(a.buckets.iter().copied().sum::<Money>(), s.open());
            }
            day0 = day0.succ_opt().unwrap();
        }
        // On 2026-12-01 by due date: 200.00 left of the first, 274 days past due (180+); the
        // second (94 days) and the third (91 days) in 91–180; the November order, less its
        // return's credit and the payment, not due yet.
        let s = settle(&rs, &pays, day("2026-12-01"));
        let a = aging(&s.items, day("2026-12-01"), AgingBasis::Due, &DEFAULT_EDGES);
        assert_eq!(
            a.buckets,
            vec![
                yuan("7800.00"),
                yuan("0"),
                yuan("0"),
                yuan("0"),
                yuan("100.00"),
                yuan("200.00")
            ]
        );
        assert_eq!(a.overdue, yuan("300.00"));
        assert_eq!(a.total, yuan("8100.00"));
    }
}
