//! 对账单: a customer's account for a period, as finance sends it — the balance brought
//! forward, every delivery, return and payment of the period in date order with the running
//! balance, the balance carried forward, and how the open amount ages at the period's end.
//!
//! The balance is what the customer owes: goods shipped less goods returned less money paid,
//! all dated up to the day. A negative balance is money paid ahead (预收). The closing
//! balance always equals the open receivables less the advances of `settle` on the last day,
//! so the statement and the 应收 report can't disagree.

use super::aging::{aging, settle, Aging, AgingBasis};
use super::{Payment, Receivable, ReceivableKind};
use crate::ids::Id;
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// In the order a day's entries are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Delivery,
    Return,
    Payment,
}

/// One document of the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementEntry {
    pub date: NaiveDate,
    pub kind: EntryKind,
    /// FH-…, TH-… or the payment's reference (its method when it has none).
    pub number: String,
    pub order_number: String,
    /// What the customer owes more (a delivery).
    pub debit: Money,
    /// What it owes less (a return, a payment).
    pub credit: Money,
    /// The balance after this entry.
    pub balance: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub customer_id: Id,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Owed at the start of `from` (documents dated before it).
    pub opening: Money,
    pub entries: Vec<StatementEntry>,
    pub debits: Money,
    pub credits: Money,
    /// Owed at the end of `to`.
    pub closing: Money,
    /// The open receivables on `to` by age of their due dates.
    pub aging: Aging,
    /// Paid ahead on `to` (part of `closing` when it is below zero).
    pub advance: Money,
}

/// Why a statement can't be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementRefusal {
    /// The period ends before it starts.
    PeriodReversed,
}

/// The statement of one customer's documents (`receivables` and `payments` of its orders;
/// `order_numbers` names the payments' orders) from `from` to `to`, both included.
pub fn statement(
    customer_id: Id,
    receivables: &[Receivable],
    payments: &[Payment],
    order_numbers: &HashMap<Id, String>,
    from: NaiveDate,
    to: NaiveDate,
    edges: &[u32],
) -> Result<Statement, StatementRefusal> {
    if to < from {
        return Err(StatementRefusal::PeriodReversed);
    }
    let mut all: Vec<StatementEntry> = receivables
        .iter()
        .filter(|r| r.date <= to)
        .map(|r| {
            let (debit, credit) = if r.amount.is_negative() {
                (Money::ZERO, -r.amount)
            } else {
                (r.amount, Money::ZERO)
            };
            StatementEntry {
                date: r.date,
                kind: match r.kind {
                    ReceivableKind::Delivery => EntryKind::Delivery,
                    ReceivableKind::Return => EntryKind::Return,
                },
                number: r.number.clone(),
                order_number: r.order_number.clone(),
                debit,
                credit,
                balance: Money::ZERO,
            }
        })
        .collect();
    all.extend(payments.iter().filter(|p| p.data.date <= to).map(|p| {
        let reference = p.data.reference.trim();
        StatementEntry {
            date: p.data.date,
            kind: EntryKind::Payment,
            number: if reference.is_empty() {
                p.data.method.label(crate::error::Lang::Zh).to_string()
            } else {
                reference.to_string()
            },
            order_number: p
                .data
                .order_id
                .and_then(|o| order_numbers.get(&o).cloned())
                .unwrap_or_default(),
            debit: Money::ZERO,
            credit: p.data.amount,
            balance: Money::ZERO,
        }
    }));
    // Same day: goods out, goods back, then money, then by number, so a statement reads the
    // same every time.
    all.sort_by(|a, b| (a.date, a.kind, &a.number).cmp(&(b.date, b.kind, &b.number)));
    let mut opening = Money::ZERO;
    let mut entries = Vec::new();
    for e in all {
        if e.date < from {
            opening = opening + e.debit - e.credit;
        } else {
            entries.push(e);
        }
    }
    let mut balance = opening;
    for e in &mut entries {
        balance = balance + e.debit - e.credit;
        e.balance = balance;
    }
    let debits = entries.iter().map(|e| e.debit).sum();
    let credits = entries.iter().map(|e| e.credit).sum();
    let settled = settle(receivables, payments, to);
    Ok(Statement {
        customer_id,
        from,
        to,
        opening,
        entries,
        debits,
        credits,
        closing: balance,
        aging: aging(&settled.items, to, AgingBasis::Due, edges),
        advance: settled.advance(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::fixtures::{day, doc, id, paid, yuan};
    use crate::receivables::DEFAULT_EDGES;

    fn numbers() -> HashMap<Id, String> {
        [(id(7), "DD-7".to_string()), (id(8), "DD-8".to_string())].into()
    }

    #[test]
    fn a_period_reads_from_the_balance_brought_forward_to_the_one_carried_forward() {
        let docs = [
            doc(1, 7, "2026-09-20", "2026-10-30", "1000.00"),
            doc(2, 7, "2026-10-05", "2026-11-30", "500.50"),
            doc(3, 7, "2026-10-12", "2026-11-30", "-100.50"),
            doc(4, 8, "2026-10-20", "2026-11-30", "300.00"),
            // After the period: not on it, and not in its closing balance.
            doc(5, 8, "2026-11-02", "2026-12-31", "999.00"),
        ];
        let pays = [
            paid(1, 7, "2026-09-25", "400.00", "招行 0925"),
            paid(2, 7, "2026-10-05", "600.00", ""),
            paid(3, 8, "2026-11-01", "50.00", "later"),
        ];
        let s = statement(
            id(1),
            &docs,
            &pays,
            &numbers(),
            day("2026-10-01"),
            day("2026-10-31"),
            &DEFAULT_EDGES,
        )
        .unwrap();
        assert_eq!(s.opening, yuan("600.00"), "1000 shipped − 400 paid before");
        let lines: Vec<(&str, &str, Money, Money, Money)> = s
            .entries
            .iter()
            .map(|e| {
                (
                    e.number.as_str(),
                    e.order_number.as_str(),
                    e.debit,
                    e.credit,
                    e.balance,
                )
            })
            .collect();
        let z = Money::ZERO;
        assert_eq!(
            lines,
            vec![
                ("FH-0002", "DD-7", yuan("500.50"), z, yuan("1100.50")),
                // Same day as the delivery: after it. No reference: its method.
                ("银行转账", "DD-7", z, yuan("600.00"), yuan("500.50")),
                ("TH-0003", "DD-7", z, yuan("100.50"), yuan("400.00")),
                ("FH-0004", "DD-8", yuan("300.00"), z, yuan("700.00")),
            ]
        );
        assert_eq!((s.debits, s.credits), (yuan("800.50"), yuan("700.50")));
        assert_eq!(s.closing, yuan("700.00"));
        assert_eq!(s.closing, s.opening + s.debits - s.credits);
        // On 10-31 DD-7's 1,000 of payments and 100.50 of credit settle FH-1 (due 10-30) and
        // 100.50 of FH-2: 400 of FH-2 is open, not due. DD-8's FH-4 (300) is not due either.
        assert_eq!(s.aging.total, yuan("700.00"));
        assert_eq!(s.aging.buckets[0], yuan("700.00"), "not due yet");
        assert_eq!(s.aging.overdue, Money::ZERO);
        // On 12-01 FH-2's 400 and what is left of FH-4 (300 less DD-8's 50 of 11-01) are a
        // day late; FH-5 is not due.
        let later = statement(
            id(1),
            &docs,
            &pays,
            &numbers(),
            day("2026-11-01"),
            day("2026-12-01"),
            &DEFAULT_EDGES,
        )
        .unwrap();
        assert_eq!(later.opening, s.closing);
        assert_eq!(later.aging.overdue, yuan("650.00"));
        assert_eq!(s.advance, Money::ZERO);
    }

    #[test]
    fn money_paid_ahead_is_a_negative_balance_and_the_advance() {
        let docs = [doc(1, 7, "2026-10-02", "2026-10-02", "100.00")];
        let pays = [paid(1, 7, "2026-10-01", "250.00", "预付")];
        let s = statement(
            id(1),
            &docs,
            &pays,
            &numbers(),
            day("2026-10-01"),
            day("2026-10-31"),
            &DEFAULT_EDGES,
        )
        .unwrap();
        assert_eq!(s.closing, yuan("-150.00"));
        assert_eq!(s.advance, yuan("150.00"));
        assert_eq!(s.aging.total, Money::ZERO);
    }

    #[test]
    fn the_closing_balance_is_always_the_report_s_open_less_advances() {
        // Every day of a year of shipping, returns and payments, in and out of order.
        let mut docs = Vec::new();
        let mut pays = Vec::new();
        let mut d = day("2026-01-01");
        let mut n = 0u16;
        while d <= day("2026-12-31") && n < 90 {
            n += 1;
            let order = 7 + n % 2;
            let due = d + chrono::Days::new(30);
            docs.push(doc(n, order, &d.to_string(), &due.to_string(), "123.45"));
            if n.is_multiple_of(5) {
                docs.push(doc(
                    n + 100,
                    order,
                    &d.to_string(),
                    &d.to_string(),
                    "-23.45",
                ));
            }
            if n.is_multiple_of(3) {
                pays.push(paid(n, order, &d.to_string(), "300.01", ""));
            }
            d = d + chrono::Days::new(4);
        }
        let mut from = day("2026-01-01");
        while from < day("2027-01-31") {
            let to = from + chrono::Days::new(17);
            let s = statement(id(1), &docs, &pays, &numbers(), from, to, &DEFAULT_EDGES).unwrap();
            assert_eq!(s.closing, s.aging.total - s.advance, "{from}..{to}");
            assert_eq!(s.closing, s.opening + s.debits - s.credits);
            let next = statement(
                id(1),
                &docs,
                &pays,
                &numbers(),
                to + chrono::Days::new(1),
                to + chrono::Days::new(20),
                &DEFAULT_EDGES,
            )
            .unwrap();
            assert_eq!(next.opening, s.closing, "carried forward on {to}");
            from = from + chrono::Days::new(9);
        }
    }

    #[test]
    fn a_reversed_period_is_refused() {
        assert_eq!(
            statement(
                id(1),
                &[],
                &[],
                &numbers(),
                day("2026-10-31"),
                day("2026-10-01"),
                &DEFAULT_EDGES
            ),
            Err(StatementRefusal::PeriodReversed)
        );
    }
}
