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

impl From<&fairdesk_core::catalog::CompanyProfile> for CompanyHeader {
    fn from(company: &fairdesk_core::catalog::CompanyProfile) -> Self {
        CompanyHeader {
            name: company.name.clone(),
            address: company.address.clone(),
            phone: company.phone.clone(),
            tax_id: company.tax_id.clone(),
            bank: company.bank.clone(),
            account: company.account.clone(),
            has_logo: company.logo_base64.is_some(),
        }
    }
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

/// The printed form of a quote: figures formatted the Chinese way, the total in 大写.
pub fn quote_document(
    quote: &fairdesk_core::quote::Quote,
    company: &fairdesk_core::catalog::CompanyProfile,
    customer: &fairdesk_core::customer::Customer,
    rep: &str,
) -> QuotePrint {
    use fairdesk_core::capital::capital;
    use fairdesk_core::quantity::show;
    use fairdesk_core::quote::totals;
    let t = totals(&quote.data);
    let contact = customer.data.contacts.first();
    let mut lines: Vec<QuoteLinePrint> = quote
        .data
        .lines
        .iter()
        .zip(&t.lines)
        .enumerate()
        .map(|(i, (l, a))| QuoteLinePrint {
            no: i as u32 + 1,
            sku: l.sku.clone(),
            name: l.name.clone(),
            spec: l.spec.clone(),
            unit: l.unit.clone(),
            qty: show(l.qty),
            price: price(l.unit_price),
            tax_rate: format!("{}%", l.tax_rate.normalize()),
            amount: a.gross.to_string(),
        })
        .collect();
    let n = lines.len() as u32;
    lines.extend(
        quote
            .data
            .fees
            .iter()
            .zip(&t.fees)
            .enumerate()
            .map(|(i, (f, a))| QuoteLinePrint {
                no: n + i as u32 + 1,
                sku: String::new(),
                name: f.kind.label(fairdesk_core::Lang::Zh).to_string(),
                spec: f.description.clone(),
                unit: String::new(),
                qty: String::new(),
                price: String::new(),
                tax_rate: format!("{}%", f.tax_rate.normalize()),
                amount: a.gross.to_string(),
            }),
    );
    let mut notes = quote.data.notes.clone();
    if !quote.data.header_discount_pct.is_zero() {
        let d = format!(
            "整单折扣 {}%（已计入金额）",
            quote.data.header_discount_pct.normalize()
        );
        notes = if notes.is_empty() {
            d
        } else {
            format!("{d}；{notes}")
        };
    }
    QuotePrint {
        company: CompanyHeader::from(company),
        number: quote.number.clone(),
        version: quote.version,
        date: quote.data.date.to_string(),
        valid_until: quote.data.valid_until.to_string(),
        rep: rep.to_string(),
        customer: customer.data.name.clone(),
        contact: contact.map(|c| c.name.clone()).unwrap_or_default(),
        phone: contact
            .map(|c| {
                if c.mobile.is_empty() {
                    c.phone.clone()
                } else {
                    c.mobile.clone()
                }
            })
            .unwrap_or_default(),
        address: fairdesk_core::catalog::place_line(
            &customer.data.province,
            &customer.data.city,
            &customer.data.address,
        ),
        price_basis: if quote.data.tax_inclusive {
            "含税"
        } else {
            "不含税"
        }
        .into(),
        lines,
        totals: TotalsPrint {
            net: t.total.net.to_string(),
            tax: t.total.tax.to_string(),
            gross: t.total.gross.to_string(),
            gross_capital: capital(t.total.gross),
        },
        terms: quote.data.terms.clone(),
        notes,
    }
}

/// A unit price with at least two decimals and no needless trailing zeros: ¥45.50, ¥0.0125.
fn price(p: rust_decimal::Decimal) -> String {
    let p = p.normalize();
    if p.scale() <= 2 {
        fairdesk_core::Money::round(p).to_string()
    } else {
        format!("¥{p}")
    }
}
