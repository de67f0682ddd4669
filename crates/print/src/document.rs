//! What a template receives. Every figure arrives already formatted (¥1,234.56, 13%), so a
//! template author only places text; the arithmetic stays in the domain.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CompanyHeader {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_id: String,
    pub bank: String,
    pub account: String,
    /// Whether `logo` is passed to the template (as the file `logo`).
    pub has_logo: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct QuoteLinePrint {
    pub no: u32,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    pub qty: String,
    pub price: String,
    pub tax_rate: String,
    pub amount: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TotalsPrint {
    pub net: String,
    pub tax: String,
    pub gross: String,
    /// 价税合计 in Chinese capital figures (大写).
    pub gross_capital: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct QuotePrint {
    pub company: CompanyHeader,
    pub number: String,
    pub version: u32,
    pub date: String,
    pub valid_until: String,
    pub rep: String,
    pub customer: String,
    pub contact: String,
    pub phone: String,
    pub address: String,
    /// "含税" or "不含税": how the unit prices are stated.
    pub price_basis: String,
    pub lines: Vec<QuoteLinePrint>,
    pub totals: TotalsPrint,
    pub terms: String,
    pub notes: String,
}
