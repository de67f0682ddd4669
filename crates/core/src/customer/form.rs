//! The customer form as typed: every field a string. Parsing turns it into `CustomerData`
//! and reports every bad field at once, with the field's name, so the UI can mark it.

use super::{Contact, CustomerData, Level, ShipTo, Source};
use crate::error::{ErrorCode, FieldError};
use crate::ids::Id;
use crate::money::{Money, MoneyParseError};
use crate::validate::{normalize_mobile, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    pub name: String,
    pub title: String,
    pub mobile: String,
    pub phone: String,
    pub wechat: String,
    pub email: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerForm {
    pub name: String,
    pub short_name: String,
    pub contacts: Vec<ContactForm>,
    pub industry: String,
    pub province: String,
    pub city: String,
    pub address: String,
    pub level: String,
    pub tag_ids: Vec<Id>,
    pub birthday: String,
    pub contract_expiry: String,
    pub credit_limit: String,
    pub notes: String,
    pub source: String,
    /// Delivery addresses; every field is text already, so the rows are the stored type.
    #[serde(default)]
    pub ship_to: Vec<ShipTo>,
    /// 结算方式, picked from the templates (none: 款到发货).
    #[serde(default)]
    pub payment_terms: Option<crate::order::PaymentTerms>,
    /// 开票信息 as typed; all empty means none.
    #[serde(default)]
    pub invoice: super::InvoiceInfo,
}

impl CustomerForm {
    /// Parses and validates; `today` is the local date of the edit.
    pub fn parse(&self, today: NaiveDate) -> Result<CustomerData, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut date = |field: &str, value: &str| -> Option<NaiveDate> {
            if value.trim().is_empty() {
                return None;
            }
            let parsed = parse_date(value);
            if parsed.is_none() {
                errors.push(FieldError::new(field, ErrorCode::InvalidDate));
            }
            parsed
        };
        let birthday = date("birthday", &self.birthday);
        let contract_expiry = date("contract_expiry", &self.contract_expiry);
        let credit_limit = if self.credit_limit.trim().is_empty() {
            Money::ZERO
        } else {
            Money::parse(&self.credit_limit).unwrap_or_else(|e| {
                let code = match e {
                    MoneyParseError::NotANumber => ErrorCode::NotANumber,
                    MoneyParseError::TooManyDecimals => ErrorCode::TooManyDecimals { max: 2 },
                    MoneyParseError::OutOfRange => ErrorCode::OutOfRange,
                };
                errors.push(FieldError::new("credit_limit", code));
                Money::ZERO
            })
        };
        let level = match self.level.trim() {
            "" => Level::default(),
            s => Level::parse(s).unwrap_or_else(|| {
                errors.push(FieldError::new("level", ErrorCode::UnknownChoice));
                Level::default()
            }),
        };
        let source = match self.source.trim() {
            "" => Source::default(),
            s => Source::parse(s).unwrap_or_else(|| {
                errors.push(FieldError::new("source", ErrorCode::UnknownChoice));
                Source::default()
            }),
        };
        let data = CustomerData {
            name: self.name.trim().to_string(),
            short_name: self.short_name.trim().to_string(),
            contacts: self
                .contacts
                .iter()
                // A contact row left completely empty is ignored, not an error.
                .filter(|c| *c != &ContactForm::default())
                .map(|c| Contact {
                    name: c.name.trim().to_string(),
                    title: c.title.trim().to_string(),
                    mobile: normalize_mobile(&c.mobile),
                    phone: c.phone.trim().to_string(),
                    wechat: c.wechat.trim().to_string(),
                    email: c.email.trim().to_string(),
                })
                .collect(),
            industry: self.industry.trim().to_string(),
            province: self.province.trim().to_string(),
            city: self.city.trim().to_string(),
            address: self.address.trim().to_string(),
            level,
            tag_ids: dedup(&self.tag_ids),
            birthday,
            contract_expiry,
            credit_limit,
            notes: self.notes.trim_end().to_string(),
            source,
            ship_to: self
                .ship_to
                .iter()
                .filter(|a| *a != &ShipTo::default())
                .map(|a| ShipTo {
                    label: a.label.trim().to_string(),
                    province: a.province.trim().to_string(),
                    city: a.city.trim().to_string(),
                    address: a.address.trim().to_string(),
                    contact: a.contact.trim().to_string(),
                    phone: a.phone.trim().to_string(),
                })
                .collect(),
            payment_terms: self.payment_terms,
            invoice: (!self.invoice.is_empty()).then(|| super::InvoiceInfo {
                title: self.invoice.title.trim().to_string(),
                tax_id: self.invoice.tax_id.trim().to_uppercase(),
                address_phone: self.invoice.address_phone.trim().to_string(),
                bank_account: self.invoice.bank_account.trim().to_string(),
                kind: self.invoice.kind,
            }),
        };
        let validation = data.validate(today);
        crate::validate::finish_form(errors, data, validation)
    }

    /// The form pre-filled from a stored profile, for editing.
    pub fn from_data(d: &CustomerData) -> CustomerForm {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        CustomerForm {
            name: d.name.clone(),
            short_name: d.short_name.clone(),
            contacts: d
                .contacts
                .iter()
                .map(|c| ContactForm {
                    name: c.name.clone(),
                    title: c.title.clone(),
                    mobile: c.mobile.clone(),
                    phone: c.phone.clone(),
                    wechat: c.wechat.clone(),
                    email: c.email.clone(),
                })
                .collect(),
            industry: d.industry.clone(),
            province: d.province.clone(),
            city: d.city.clone(),
            address: d.address.clone(),
            level: d.level.code().to_string(),
            tag_ids: d.tag_ids.clone(),
            birthday: date(d.birthday),
            contract_expiry: date(d.contract_expiry),
            credit_limit: if d.credit_limit == Money::ZERO {
                String::new()
            } else {
                d.credit_limit.plain()
            },
            notes: d.notes.clone(),
            source: d.source.code().to_string(),
            ship_to: d.ship_to.clone(),
            payment_terms: d.payment_terms,
            invoice: d.invoice.clone().unwrap_or_default(),
        }
    }
}

fn dedup(ids: &[Id]) -> Vec<Id> {
    let mut out: Vec<Id> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}
