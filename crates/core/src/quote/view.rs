//! What the quote screens show: list rows, the line helper for entry, the side-by-side
//! comparison of versions.

use super::{totals, Amounts, Quote, QuoteStatus, QuoteTotals};
use crate::catalog::Product;
use crate::ids::Id;
use crate::money::Money;
use crate::pricing::Priced;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRow {
    pub id: Id,
    pub number: String,
    pub version: u32,
    pub customer_id: Id,
    pub customer_name: String,
    pub date: NaiveDate,
    pub valid_until: NaiveDate,
    /// As shown today (已过期 included).
    pub status: QuoteStatus,
    pub gross: Money,
    pub needs_approval: bool,
}

/// Stock of one product in one warehouse, as the quote line shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseStock {
    pub warehouse_id: Id,
    pub warehouse: String,
    pub on_hand: Decimal,
    /// The pool's: on hand less holds less every desk's quota.
    pub available: Decimal,
    /// What this desk still holds there as its quota (库存额度): it may sell that too.
    #[serde(default)]
    pub mine: Decimal,
}

impl WarehouseStock {
    /// What an order taken on this desk can hold here: the pool and its own quota.
    pub fn for_this_desk(&self) -> Decimal {
        self.available.max(Decimal::ZERO) + self.mine
    }
}

/// Everything the entry screen needs for one product on one customer's quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInfo {
    pub product: Product,
    pub priced: Priced,
    /// The customer's last price for this product and when (from accepted or sent quotes).
    pub last_price: Option<(Decimal, NaiveDate)>,
    pub stock: Vec<WarehouseStock>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteView {
    pub quote: Quote,
    pub customer_name: String,
    pub status: QuoteStatus,
    pub totals: QuoteTotals,
    /// Stock per warehouse for each line's product, in line order.
    pub stock: Vec<Vec<WarehouseStock>>,
    pub versions: Vec<QuoteRow>,
    pub approved_by_name: Option<String>,
    /// This version's history from the audit log.
    #[serde(default)]
    pub history: Vec<crate::customer::view::HistoryEntry>,
}

/// One product across the compared versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    pub sku: String,
    pub name: String,
    /// Per version: (qty, unit price, gross) or `None` when the version lacks the product.
    pub cells: Vec<Option<(Decimal, Decimal, Money)>>,
    /// Not the same in every version.
    pub differs: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub versions: Vec<u32>,
    pub rows: Vec<CompareRow>,
    pub fees: Vec<Money>,
    pub totals: Vec<Amounts>,
    pub totals_differ: bool,
}

/// Lines, prices and totals of several versions side by side, differences marked.
pub fn compare(quotes: &[Quote]) -> Comparison {
    let all: Vec<QuoteTotals> = quotes.iter().map(|q| totals(&q.data)).collect();
    let mut products: Vec<(Id, String, String)> = Vec::new();
    for q in quotes {
        for l in &q.data.lines {
            if !products.iter().any(|p| p.0 == l.product_id) {
                products.push((l.product_id, l.sku.clone(), l.name.clone()));
            }
        }
    }
    let rows = products
        .into_iter()
        .map(|(pid, sku, name)| {
            let cells: Vec<Option<(Decimal, Decimal, Money)>> = quotes
                .iter()
                .zip(&all)
                .map(|(q, t)| {
                    let mut qty = Decimal::ZERO;
                    let mut gross = Decimal::ZERO;
                    let mut price = None;
                    for (l, a) in q.data.lines.iter().zip(&t.lines) {
                        if l.product_id == pid {
                            qty += l.qty;
                            gross += a.gross.decimal();
                            price.get_or_insert(l.unit_price);
                        }
                    }
                    price.map(|p| (qty, p, Money::round(gross)))
                })
                .collect();
            let differs = cells.windows(2).any(|w| w[0] != w[1]);
            CompareRow {
                sku,
                name,
                cells,
                differs,
            }
        })
        .collect();
    let totals: Vec<Amounts> = all.iter().map(|t| t.total).collect();
    Comparison {
        versions: quotes.iter().map(|q| q.version).collect(),
        rows,
        fees: all
            .iter()
            .map(|t| {
                t.fees.iter().fold(Money::ZERO, |a, f| {
                    Money::round(a.decimal() + f.gross.decimal())
                })
            })
            .collect(),
        totals_differ: totals.windows(2).any(|w| w[0] != w[1]),
        totals,
    }
}
