//! The receivables report (应收 · 账龄分析) as of a day: per customer and per rep the open
//! balance by age, the advances, and every open item — totals that add up exactly.

use super::{aging, bucket_labels, Aging, AgingBasis, OpenItem, Settlement};
use crate::error::Lang;
use crate::ids::Id;
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who a customer is, for the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    /// The rep who owns the customer.
    pub owner: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerAging {
    pub customer_id: Id,
    pub name: String,
    pub owner: String,
    pub aging: Aging,
    /// Money received beyond what its orders owe so far (预收款).
    pub advance: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepAging {
    pub owner: String,
    pub aging: Aging,
}

/// One open receivable with its customer's name, days past due and the bucket it is in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenLine {
    pub item: OpenItem,
    pub customer_name: String,
    pub days_overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivablesReport {
    pub as_of: NaiveDate,
    pub basis: AgingBasis,
    pub edges: Vec<u32>,
    /// The buckets' names, in the UI language.
    pub labels: Vec<String>,
    /// Customers with something open or an advance, most overdue first.
    pub customers: Vec<CustomerAging>,
    pub reps: Vec<RepAging>,
    pub total: Aging,
    pub advance: Money,
    /// Open receivables, oldest due first.
    pub open: Vec<OpenLine>,
}

/// The report of a settlement as of `as_of`. `parties` names the customers; `customer_of`
/// the customer of each order with an advance.
pub fn report(
    settlement: &Settlement,
    parties: &BTreeMap<Id, Party>,
    customer_of: &BTreeMap<Id, Id>,
    as_of: NaiveDate,
    basis: AgingBasis,
    edges: &[u32],
    lang: Lang,
) -> ReceivablesReport {
    let open: Vec<&OpenItem> = settlement
        .items
        .iter()
        .filter(|i| i.open != Money::ZERO)
        .collect();
    let party = |c: &Id| {
        parties.get(c).cloned().unwrap_or(Party {
            name: String::new(),
            owner: String::new(),
        })
    };
    let mut by_customer: BTreeMap<Id, Vec<&OpenItem>> = BTreeMap::new();
    for i in &open {
        by_customer
            .entry(i.receivable.customer_id)
            .or_default()
            .push(i);
    }
    let mut advances: BTreeMap<Id, Money> = BTreeMap::new();
    for (order, money) in &settlement.advances {
        if let Some(c) = customer_of.get(order) {
            let a = advances.entry(*c).or_default();
            *a = *a + *money;
            by_customer.entry(*c).or_default();
        }
    }
    for (c, money) in &settlement.customer_advances {
        let a = advances.entry(*c).or_default();
        *a = *a + *money;
        by_customer.entry(*c).or_default();
    }
    let mut customers: Vec<CustomerAging> = by_customer
        .iter()
        .map(|(c, items)| {
            let p = party(c);
            CustomerAging {
                customer_id: *c,
                name: p.name,
                owner: p.owner,
                aging: aging(items.iter().copied(), as_of, basis, edges),
                advance: advances.get(c).copied().unwrap_or_default(),
            }
        })
        .collect();
    customers.sort_by(|a, b| {
        (b.aging.overdue, b.aging.total, &a.name).cmp(&(a.aging.overdue, a.aging.total, &b.name))
    });
    let mut by_rep: BTreeMap<String, Vec<&OpenItem>> = BTreeMap::new();
    for i in &open {
        by_rep
            .entry(party(&i.receivable.customer_id).owner)
            .or_default()
            .push(i);
    }
    let reps = by_rep
        .into_iter()
        .map(|(owner, items)| RepAging {
            owner,
            aging: aging(items, as_of, basis, edges),
        })
        .collect();
    ReceivablesReport {
        as_of,
        basis,
        edges: edges.to_vec(),
        labels: bucket_labels(edges, basis, lang),
        total: aging(open.iter().copied(), as_of, basis, edges),
        advance: advances.values().copied().sum(),
        customers,
        reps,
        open: open
            .into_iter()
            .map(|i| OpenLine {
                customer_name: party(&i.receivable.customer_id).name,
                days_overdue: (as_of - i.receivable.due).num_days().max(0),
                item: i.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::{Receivable, ReceivableKind, DEFAULT_EDGES};

    fn item(c: u8, o: u8, due: &str, open: &str) -> OpenItem {
        let open = Money::parse(open).unwrap();
        OpenItem {
            receivable: Receivable {
                id: Id(uuid::Uuid::from_bytes([c * 16 + o; 16])),
                kind: ReceivableKind::Delivery,
                number: format!("FH-{c}-{o}"),
                order_id: Id(uuid::Uuid::from_bytes([o; 16])),
                order_number: format!("SO-{o}"),
                customer_id: Id(uuid::Uuid::from_bytes([c; 16])),
                date: "2026-09-01".parse().unwrap(),
                due: due.parse().unwrap(),
                amount: open,
            },
            settled: Money::ZERO,
            open,
        }
    }

    #[test]
    fn customers_and_reps_add_up_to_the_total_most_overdue_first() {
        let cust = |c: u8| Id(uuid::Uuid::from_bytes([c; 16]));
        let s = Settlement {
            items: vec![
                item(1, 1, "2026-11-01", "100.10"),
                item(2, 2, "2026-06-01", "50.05"),
                item(2, 3, "2027-01-01", "1000"),
                item(3, 4, "2026-12-20", "0"),
            ],
            advances: [(
                Id(uuid::Uuid::from_bytes([9; 16])),
                Money::parse("30").unwrap(),
            )]
            .into(),
            customer_advances: BTreeMap::new(),
        };
        let parties: BTreeMap<Id, Party> = [
            (
                cust(1),
                Party {
                    name: "甲公司".into(),
                    owner: "李娜".into(),
                },
            ),
            (
                cust(2),
                Party {
                    name: "乙公司".into(),
                    owner: "王强".into(),
                },
            ),
            (
                cust(3),
                Party {
                    name: "丙公司".into(),
                    owner: "李娜".into(),
                },
            ),
        ]
        .into();
        let customer_of: BTreeMap<Id, Id> = [(Id(uuid::Uuid::from_bytes([9; 16])), cust(3))].into();
        let as_of = "2026-12-01".parse().unwrap();
        let r = report(
            &s,
            &parties,
            &customer_of,
            as_of,
            AgingBasis::Due,
            &DEFAULT_EDGES,
            Lang::Zh,
        );
        let sum = |v: Vec<Money>| v.into_iter().sum::<Money>();
        assert_eq!(r.total.total, Money::parse("1150.15").unwrap());
        assert_eq!(
            sum(r.customers.iter().map(|c| c.aging.total).collect()),
            r.total.total
        );
        assert_eq!(
            sum(r.reps.iter().map(|c| c.aging.total).collect()),
            r.total.total
        );
        for b in 0..r.labels.len() {
            assert_eq!(
                sum(r.customers.iter().map(|c| c.aging.buckets[b]).collect()),
                r.total.buckets[b]
            );
        }
        // 乙 is 183 days overdue on 50.05 and owes 1000 not yet due; 甲 30 days on 100.10.
        assert_eq!(r.customers[0].name, "甲公司");
        assert_eq!(r.customers[1].name, "乙公司");
        assert_eq!(
            r.customers[1].aging.buckets[5],
            Money::parse("50.05").unwrap()
        );
        // 丙 owes nothing but has an advance.
        assert_eq!(r.customers[2].name, "丙公司");
        assert_eq!(r.customers[2].advance, Money::parse("30").unwrap());
        assert_eq!(r.advance, Money::parse("30").unwrap());
        assert_eq!(r.open.len(), 3, "settled items are not open lines");
        assert_eq!(
            r.open
                .iter()
                .find(|l| l.customer_name == "甲公司")
                .unwrap()
                .days_overdue,
            30
        );
    }
}
