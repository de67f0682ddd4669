//! 对账单 (customer statement) as a PDF: what the template receives, every figure formatted.

use crate::world::PrintError;
use crate::{CompanyHeader, Printer};
use fairdesk_core::money::Money;
use fairdesk_core::receivables::{bucket_labels, AgingBasis, EntryKind, Statement, DEFAULT_EDGES};
use serde::{Deserialize, Serialize};

/// The statement template shipped with the app.
pub const STATEMENT_TEMPLATE: &str = include_str!("../../../assets/templates/statement.typ");

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StatementLinePrint {
    pub date: String,
    /// 发货, 退货, 收款.
    pub kind: String,
    pub number: String,
    pub order_number: String,
    /// Empty when zero, so the column reads like a ledger.
    pub debit: String,
    pub credit: String,
    pub balance: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AgingCellPrint {
    pub label: String,
    pub amount: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StatementPrint {
    pub company: CompanyHeader,
    pub customer: String,
    pub customer_code: String,
    pub period: String,
    /// The day it was made.
    pub printed: String,
    pub opening: String,
    pub lines: Vec<StatementLinePrint>,
    pub debits: String,
    pub credits: String,
    pub closing: String,
    /// "客户欠款" or, below zero, "预收款".
    pub closing_label: String,
    pub aging: Vec<AgingCellPrint>,
    pub overdue: String,
}

fn amount(m: Money) -> String {
    if m == Money::ZERO {
        String::new()
    } else {
        m.to_string()
    }
}

/// The printed form of `s` for `customer` (name and number), made on `printed`.
pub fn statement_document(
    s: &Statement,
    company: &fairdesk_core::catalog::CompanyProfile,
    customer: (&str, &str),
    printed: &str,
) -> StatementPrint {
    let lang = fairdesk_core::Lang::Zh;
    let labels = bucket_labels(&DEFAULT_EDGES, AgingBasis::Due, lang);
    StatementPrint {
        company: CompanyHeader::from(company),
        customer: customer.0.to_string(),
        customer_code: customer.1.to_string(),
        period: format!("{} 至 {}", s.from, s.to),
        printed: printed.to_string(),
        opening: s.opening.to_string(),
        lines: s
            .entries
            .iter()
            .map(|e| StatementLinePrint {
                date: e.date.to_string(),
                kind: match e.kind {
                    EntryKind::Delivery => "发货",
                    EntryKind::Return => "退货",
                    EntryKind::Payment => "收款",
                }
                .to_string(),
                number: e.number.clone(),
                order_number: e.order_number.clone(),
                debit: amount(e.debit),
                credit: amount(e.credit),
                balance: e.balance.to_string(),
            })
            .collect(),
        debits: s.debits.to_string(),
        credits: s.credits.to_string(),
        closing: if s.closing.is_negative() {
            (-s.closing).to_string()
        } else {
            s.closing.to_string()
        },
        closing_label: if s.closing.is_negative() {
            "预收款（贵司已多付）"
        } else {
            "期末欠款"
        }
        .to_string(),
        aging: labels
            .into_iter()
            .zip(&s.aging.buckets)
            .map(|(label, m)| AgingCellPrint {
                label,
                amount: m.to_string(),
            })
            .collect(),
        overdue: s.aging.overdue.to_string(),
    }
}

/// The statement as a PDF.
pub fn render_statement(
    doc: &StatementPrint,
    template: &str,
    logo: Option<&[u8]>,
) -> Result<Vec<u8>, PrintError> {
    Printer::shared().render(template, doc, logo)
}
