//! 客户 customers: the profile, its validation, the form a clerk fills in, and field patches.

mod choices;
mod form;
mod invoice;
mod patch;
pub mod view;

pub use choices::{Level, Source, PROVINCES};
pub use form::{ContactForm, CustomerForm};
pub use invoice::{tax_id_ok, InvoiceInfo, InvoiceKind};
pub use patch::CustomerField;

use crate::error::{ErrorCode, FieldError};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::money::Money;
use crate::mutation::RowMeta;
use crate::validate::{is_mobile, Checker};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const MAX_CONTACTS: usize = 20;
pub const MAX_TAGS: usize = 20;
pub const MAX_SHIP_TO: usize = 20;
/// Credit limits above ¥ 10 亿 are almost certainly typos.
pub const MAX_CREDIT_FEN: i64 = 100_000_000_000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub title: String,
    /// Normalised: 11 digits, no +86.
    pub mobile: String,
    pub phone: String,
    pub wechat: String,
    pub email: String,
}

/// 收货地址: a place that takes deliveries for the customer, besides its registered address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipTo {
    /// What the clerk calls it: 苏州工厂, 上海仓库 …
    pub label: String,
    pub province: String,
    pub city: String,
    pub address: String,
    /// Who signs for the goods there.
    pub contact: String,
    pub phone: String,
}

impl ShipTo {
    /// The address as printed on an order: place, then who receives it.
    pub fn line(&self) -> String {
        let mut s = crate::catalog::place_line(&self.province, &self.city, &self.address);
        let who = [self.contact.as_str(), self.phone.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if !who.is_empty() {
            s.push_str(&format!("（{who}）"));
        }
        s
    }
}

/// Everything about a customer that a user edits in the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerData {
    pub name: String,
    pub short_name: String,
    /// The first contact is the key contact (主要联系人).
    pub contacts: Vec<Contact>,
    pub industry: String,
    pub province: String,
    pub city: String,
    pub address: String,
    pub level: Level,
    pub tag_ids: Vec<Id>,
    /// Birthday of the key contact.
    pub birthday: Option<NaiveDate>,
    pub contract_expiry: Option<NaiveDate>,
    pub credit_limit: Money,
    pub notes: String,
    pub source: Source,
    /// Delivery addresses besides the registered one (older rows have none).
    #[serde(default)]
    pub ship_to: Vec<ShipTo>,
    /// 结算方式: the terms a new order of this customer takes (a regular customer on 月结30天);
    /// none means 款到发货.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<crate::order::PaymentTerms>,
    /// 开票信息, when the customer takes VAT invoices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice: Option<InvoiceInfo>,
}

/// A customer as stored and replicated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Id,
    /// Display number, e.g. `KH-K7-202611-0042`; never changes.
    pub code: String,
    #[serde(flatten)]
    pub data: CustomerData,
    /// The rep responsible for the customer.
    pub owner_id: Id,
    pub last_follow_up: Option<NaiveDate>,
    pub next_follow_up: Option<NaiveDate>,
    pub deleted: bool,
    pub meta: RowMeta,
    /// Per-field clock of the last accepted write, for last-writer-wins merges. Fields never
    /// written since creation have no entry and use the creation clock under [`BASE_CLOCK`].
    pub clocks: BTreeMap<String, Hlc>,
    /// The last change of owner: who handed it over, from whom, when — so a refused edit by
    /// the former owner can say why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<OwnerChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerChange {
    pub from: Id,
    pub by: Id,
    pub at_ms: i64,
}

/// Key of the creation clock in [`Customer::clocks`].
pub const BASE_CLOCK: &str = "*";

impl Customer {
    /// The clock of the last accepted write of a field.
    pub fn field_clock(&self, key: &str) -> Option<&Hlc> {
        self.clocks.get(key).or_else(|| self.clocks.get(BASE_CLOCK))
    }
}

impl CustomerData {
    /// Checks a complete profile. `today` is the day of the edit (birthdays can't be later).
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::default();
        c.name("name", &self.name, true, 100);
        c.name("short_name", &self.short_name, false, 30);
        if self.payment_terms.is_some_and(|t| !t.is_valid()) {
            c.push("payment_terms", ErrorCode::OutOfRange);
        }
        if let Some(inv) = &self.invoice {
            inv.check(&mut c);
        }
        if self.contacts.len() > MAX_CONTACTS {
            c.push("contacts", ErrorCode::TooMany { max: MAX_CONTACTS });
        }
        for (i, ct) in self.contacts.iter().enumerate() {
            let f = |s: &str| format!("contacts.{i}.{s}");
            c.name(&f("name"), &ct.name, true, 30);
            c.name(&f("title"), &ct.title, false, 30);
            if !ct.mobile.is_empty() && !is_mobile(&ct.mobile) {
                c.push(f("mobile"), ErrorCode::InvalidMobile);
            }
            c.phone(&f("phone"), &ct.phone);
            c.name(&f("wechat"), &ct.wechat, false, 50);
            c.email(&f("email"), &ct.email);
        }
        c.name("industry", &self.industry, false, 30);
        c.name("province", &self.province, false, 20);
        c.name("city", &self.city, false, 30);
        c.text("address", &self.address, false, 200);
        if self.tag_ids.len() > MAX_TAGS {
            c.push("tag_ids", ErrorCode::TooMany { max: MAX_TAGS });
        }
        if let Some(b) = self.birthday {
            if b > today {
                c.push("birthday", ErrorCode::DateInFuture);
            }
        }
        if self.credit_limit.is_negative() {
            c.push("credit_limit", ErrorCode::Negative);
        } else if self.credit_limit.decimal().normalize().scale() > 2 {
            // Money is kept in whole 分: 0.001 would be silently lost.
            c.push("credit_limit", ErrorCode::TooManyDecimals { max: 2 });
        } else if self
            .credit_limit
            .to_fen()
            .is_none_or(|f| f > MAX_CREDIT_FEN)
        {
            c.push("credit_limit", ErrorCode::OutOfRange);
        }
        c.text("notes", &self.notes, false, 2000);
        if self.ship_to.len() > MAX_SHIP_TO {
            c.push("ship_to", ErrorCode::TooMany { max: MAX_SHIP_TO });
        }
        for (i, a) in self.ship_to.iter().enumerate() {
            let f = |s: &str| format!("ship_to.{i}.{s}");
            c.name(&f("label"), &a.label, false, 30);
            c.name(&f("province"), &a.province, false, 20);
            c.name(&f("city"), &a.city, false, 30);
            c.text(&f("address"), &a.address, true, 200);
            c.name(&f("contact"), &a.contact, false, 30);
            c.phone(&f("phone"), &a.phone);
        }
        c.finish()
    }

    /// Where goods can go: the registered address first (when there is one), then the
    /// delivery addresses in the order the clerk entered them.
    pub fn addresses(&self) -> Vec<ShipTo> {
        let registered = ShipTo {
            label: String::new(),
            province: self.province.clone(),
            city: self.city.clone(),
            address: self.address.clone(),
            contact: self
                .contacts
                .first()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            phone: self
                .contacts
                .first()
                .map(|c| c.mobile.clone())
                .unwrap_or_default(),
        };
        let has_registered =
            !(self.province.is_empty() && self.city.is_empty() && self.address.is_empty());
        has_registered
            .then_some(registered)
            .into_iter()
            .chain(self.ship_to.iter().cloned())
            .collect()
    }

    /// Mobile numbers of all contacts, for duplicate checks and search.
    pub fn mobiles(&self) -> impl Iterator<Item = &str> {
        self.contacts
            .iter()
            .map(|c| c.mobile.as_str())
            .filter(|m| !m.is_empty())
    }
}

#[cfg(test)]
mod tests;
