//! Field-level changes to a customer. An edit travels as the list of fields it changed, so that
//! concurrent edits of different fields on two devices both survive (last writer wins per field).

use super::{Contact, CustomerData, Level, Source};
use crate::ids::Id;
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum CustomerField {
    Name(String),
    ShortName(String),
    Contacts(Vec<Contact>),
    Industry(String),
    Province(String),
    City(String),
    Address(String),
    Level(Level),
    TagIds(Vec<Id>),
    Birthday(Option<NaiveDate>),
    ContractExpiry(Option<NaiveDate>),
    CreditLimit(Money),
    Notes(String),
    Source(Source),
    ShipTo(Vec<super::ShipTo>),
    PaymentTerms(Option<crate::order::PaymentTerms>),
    Invoice(Option<super::InvoiceInfo>),
}

impl CustomerField {
    /// Every field key, in form order.
    pub const KEYS: [&'static str; 17] = [
        "name",
        "short_name",
        "contacts",
        "industry",
        "province",
        "city",
        "address",
        "level",
        "tag_ids",
        "birthday",
        "contract_expiry",
        "credit_limit",
        "notes",
        "source",
        "ship_to",
        "payment_terms",
        "invoice",
    ];

    /// The field's key, as used in clocks, audit entries and form errors.
    pub fn key(&self) -> &'static str {
        use CustomerField::*;
        match self {
            Name(_) => "name",
            ShortName(_) => "short_name",
            Contacts(_) => "contacts",
            Industry(_) => "industry",
            Province(_) => "province",
            City(_) => "city",
            Address(_) => "address",
            Level(_) => "level",
            TagIds(_) => "tag_ids",
            Birthday(_) => "birthday",
            ContractExpiry(_) => "contract_expiry",
            CreditLimit(_) => "credit_limit",
            Notes(_) => "notes",
            Source(_) => "source",
            ShipTo(_) => "ship_to",
            PaymentTerms(_) => "payment_terms",
            Invoice(_) => "invoice",
        }
    }

    pub fn apply_to(&self, d: &mut CustomerData) {
        use CustomerField::*;
        match self.clone() {
            Name(v) => d.name = v,
            ShortName(v) => d.short_name = v,
            Contacts(v) => d.contacts = v,
            Industry(v) => d.industry = v,
            Province(v) => d.province = v,
            City(v) => d.city = v,
            Address(v) => d.address = v,
            Level(v) => d.level = v,
            TagIds(v) => d.tag_ids = v,
            Birthday(v) => d.birthday = v,
            ContractExpiry(v) => d.contract_expiry = v,
            CreditLimit(v) => d.credit_limit = v,
            Notes(v) => d.notes = v,
            Source(v) => d.source = v,
            ShipTo(v) => d.ship_to = v,
            PaymentTerms(v) => d.payment_terms = v,
            Invoice(v) => d.invoice = v,
        }
    }

    /// The fields in which `new` differs from `old`, in form order.
    pub fn diff(old: &CustomerData, new: &CustomerData) -> Vec<CustomerField> {
        use CustomerField::*;
        let mut out = Vec::new();
        macro_rules! cmp {
            ($f:ident, $v:ident) => {
                if old.$f != new.$f {
                    out.push($v(new.$f.clone()));
                }
            };
        }
        cmp!(name, Name);
        cmp!(short_name, ShortName);
        cmp!(contacts, Contacts);
        cmp!(industry, Industry);
        cmp!(province, Province);
        cmp!(city, City);
        cmp!(address, Address);
        cmp!(level, Level);
        cmp!(tag_ids, TagIds);
        cmp!(birthday, Birthday);
        cmp!(contract_expiry, ContractExpiry);
        cmp!(credit_limit, CreditLimit);
        cmp!(notes, Notes);
        cmp!(source, Source);
        cmp!(ship_to, ShipTo);
        cmp!(payment_terms, PaymentTerms);
        cmp!(invoice, Invoice);
        out
    }
}
