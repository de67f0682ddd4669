//! 催款邮件: the payment reminder a desk emails to a customer, with its statement attached.
//! These are the rules: who it goes to, when it may go again, and what it says. Sending it is
//! the shell's job (SMTP), and so is logging it on the customer as a follow-up of the
//! `ReminderEmail` channel, which syncs like any other follow-up. So every desk knows when
//! the customer was last reminded, and no two desks remind it twice in a row.

use super::Statement;
use crate::customer::Customer;
use crate::error::Lang;
use crate::money::Money;
use chrono::{Days, NaiveDate};

/// Days between two reminders to one customer unless the company sets otherwise.
pub const DEFAULT_EVERY_DAYS: u32 = 7;

/// How the desk reaches its outgoing mail server (a desk's own setting: the password is in
/// this computer's keyring, never in the database or a file).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// The login; empty for a server that takes mail without one.
    #[serde(default)]
    pub user: String,
    /// The sender's address (发件人).
    pub from: String,
    /// Days between two reminders to one customer.
    #[serde(default = "default_every_days")]
    pub every_days: u32,
}

fn default_every_days() -> u32 {
    DEFAULT_EVERY_DAYS
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// TLS from the first byte (port 465, what 腾讯企业邮 and 163 offer).
    #[default]
    Tls,
    /// Plain, then STARTTLS (port 587).
    StartTls,
    /// No encryption (a server inside the office network only).
    None,
}

impl MailSettings {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = crate::validate::Checker::default();
        c.text("host", &self.host, true, 200);
        if self.host.chars().any(char::is_whitespace) {
            c.push("host", crate::error::ErrorCode::OutOfRange);
        }
        if self.port == 0 {
            c.push("port", crate::error::ErrorCode::OutOfRange);
        }
        c.text("from", &self.from, true, 200);
        c.email("from", &self.from);
        c.text("user", &self.user, false, 200);
        if !(1..=90).contains(&self.every_days) {
            c.push("every_days", crate::error::ErrorCode::OutOfRange);
        }
        c.finish()
    }
}

/// Why a reminder is not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReminderRefusal {
    /// Reminded on `last`; the next may go on `next`.
    TooSoon { last: NaiveDate, next: NaiveDate },
    /// Nothing is overdue on the statement's last day.
    NothingOverdue,
    /// No contact of the customer has an email address.
    NoAddress,
}

impl ReminderRefusal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReminderRefusal::TooSoon { last, next }, Lang::Zh) => {
                format!("{last} 已发过催款邮件，{next} 起才能再发")
            }
            (ReminderRefusal::TooSoon { last, next }, Lang::En) => {
                format!("A reminder went on {last}; the next may go from {next}")
            }
            (ReminderRefusal::NothingOverdue, _) => lang
                .pick(
                    "该客户没有逾期欠款，不需要催款",
                    "Nothing is overdue: no reminder needed",
                )
                .to_string(),
            (ReminderRefusal::NoAddress, _) => lang
                .pick(
                    "该客户的联系人都没有电子邮箱，请先在客户资料里填写",
                    "No contact of this customer has an email address: add one first",
                )
                .to_string(),
        }
    }
}

/// Whether a reminder may go `today` when the last went on `last`, at most one every
/// `every_days` days.
pub fn may_send(
    last: Option<NaiveDate>,
    today: NaiveDate,
    every_days: u32,
) -> Result<(), ReminderRefusal> {
    match last {
        Some(last) => {
            let next = last
                .checked_add_days(Days::new(every_days.max(1) as u64))
                .unwrap_or(last);
            if today < next {
                Err(ReminderRefusal::TooSoon { last, next })
            } else {
                Ok(())
            }
        }
        None => Ok(()),
    }
}

/// The contact the reminder goes to: the first with an email address (name, address).
pub fn recipient(customer: &Customer) -> Result<(String, String), ReminderRefusal> {
    customer
        .data
        .contacts
        .iter()
        .find(|c| c.email.contains('@'))
        .map(|c| (c.name.clone(), c.email.trim().to_string()))
        .ok_or(ReminderRefusal::NoAddress)
}

/// The email: subject and plain-text body, in Chinese (what a finance clerk would write).
pub struct ReminderText {
    pub subject: String,
    pub body: String,
    /// What is written on the customer's follow-up log.
    pub log: String,
}

/// The reminder for `statement` of `customer` from `company`, to `contact` at `address`.
pub fn reminder_text(
    statement: &Statement,
    customer: &str,
    company: &str,
    (contact, address): (&str, &str),
) -> Result<ReminderText, ReminderRefusal> {
    let overdue = statement.aging.overdue;
    if overdue <= Money::ZERO {
        return Err(ReminderRefusal::NothingOverdue);
    }
    let to = statement.to;
    let subject = format!("【{company}】对账及付款提醒（截至 {to}）");
    let body = format!(
        "{contact}：您好！\n\n\
         截至 {to}，贵司（{customer}）在我司的未付货款为 {open}，其中已到期未付 {overdue}。\
         附件是 {from} 至 {to} 的对账单，列有期间的每笔发货、退货和收款。\n\n\
         请核对后尽快安排付款；如已付款，请忽略本邮件并告知付款日期和回单号，以便我们核销。\
         如对账目有疑问，请直接回复本邮件。\n\n\
         {company}\n{to}",
        open = statement.aging.total,
        from = statement.from,
    );
    let log = format!(
        "已发送催款邮件至 {contact} <{address}>：未付 {open}，其中逾期 {overdue}；附对账单 {from} 至 {to}",
        open = statement.aging.total,
        from = statement.from,
    );
    Ok(ReminderText { subject, body, log })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receivables::{statement, Receivable, ReceivableKind, DEFAULT_EDGES};
    use std::collections::HashMap;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn mail_settings_are_checked_field_by_field() {
        let ok = MailSettings {
            host: "smtp.exmail.qq.com".into(),
            port: 465,
            security: MailSecurity::Tls,
            user: "finance@example.com".into(),
            from: "finance@example.com".into(),
            every_days: 7,
        };
        assert_eq!(ok.validate(), Ok(()));
        let bad = MailSettings {
            host: "smtp exmail".into(),
            port: 0,
            from: "finance".into(),
            every_days: 0,
            ..ok
        };
        let fields: Vec<String> = bad
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["host", "port", "from", "every_days"]);
    }

    #[test]
    fn one_reminder_per_period_at_most() {
        assert_eq!(may_send(None, day("2026-12-05"), 7), Ok(()));
        assert_eq!(
            may_send(Some(day("2026-12-01")), day("2026-12-05"), 7),
            Err(ReminderRefusal::TooSoon {
                last: day("2026-12-01"),
                next: day("2026-12-08")
            })
        );
        assert_eq!(
            may_send(Some(day("2026-12-01")), day("2026-12-08"), 7),
            Ok(())
        );
        // Zero days would mean "any number a day": one a day at most.
        assert!(may_send(Some(day("2026-12-05")), day("2026-12-05"), 0).is_err());
        let msg = ReminderRefusal::TooSoon {
            last: day("2026-12-01"),
            next: day("2026-12-08"),
        }
        .message(Lang::Zh);
        assert!(msg.contains("2026-12-08"), "{msg}");
    }

    #[test]
    fn the_text_says_what_is_owed_and_only_when_something_is_late() {
        let id = crate::Id(uuid::Uuid::from_u128(7));
        let owed = |due: &str| Receivable {
            id: crate::Id(uuid::Uuid::from_u128(8)),
            kind: ReceivableKind::Delivery,
            number: "FH-1".into(),
            order_id: id,
            order_number: "DD-1".into(),
            customer_id: id,
            date: day("2026-10-02"),
            due: day(due),
            amount: Money::parse("1234.50").unwrap(),
        };
        let st = |due: &str| {
            statement(
                id,
                &[owed(due)],
                &[],
                &HashMap::new(),
                day("2026-10-01"),
                day("2026-12-05"),
                &DEFAULT_EDGES,
            )
            .unwrap()
        };
        let text = reminder_text(
            &st("2026-11-30"),
            "佛山和美照明有限公司",
            "杭州示范贸易有限公司",
            ("诸葛秀英", "zhuge@example.com"),
        )
        .unwrap();
        assert!(
            text.subject.contains("杭州示范贸易有限公司") && text.subject.contains("2026-12-05")
        );
        assert!(text.body.starts_with("诸葛秀英：您好！"));
        assert!(text.body.contains("¥1,234.50") && text.body.contains("佛山和美照明有限公司"));
        assert!(text.log.contains("zhuge@example.com") && text.log.contains("2026-10-01"));
        // Not due yet: no reminder.
        assert!(matches!(
            reminder_text(&st("2026-12-31"), "c", "co", ("a", "a@b")),
            Err(ReminderRefusal::NothingOverdue)
        ));
    }
}
