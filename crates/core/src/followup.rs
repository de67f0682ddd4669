//! Follow-up log (跟进记录): what was said, through which channel, and when to follow up next.

use crate::error::{ErrorCode, Lang};
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::validate::Checker;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Wechat,
    Visit,
    Fair,
    /// A payment reminder the desk emailed (written by the app, not picked by hand).
    ReminderEmail,
}

impl Channel {
    /// The channels a clerk picks when logging a follow-up.
    pub const ALL: [Channel; 4] = [
        Channel::Phone,
        Channel::Wechat,
        Channel::Visit,
        Channel::Fair,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Phone => lang.pick("电话", "Phone"),
            Channel::Wechat => lang.pick("微信", "WeChat"),
            Channel::Visit => lang.pick("拜访", "Visit"),
            Channel::Fair => lang.pick("展会", "Trade fair"),
            Channel::ReminderEmail => lang.pick("催款邮件", "Payment reminder email"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpData {
    pub customer_id: Id,
    pub date: NaiveDate,
    pub channel: Channel,
    pub content: String,
    pub next_date: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: Id,
    #[serde(flatten)]
    pub data: FollowUpData,
    pub meta: RowMeta,
}

impl FollowUpData {
    /// `today` is the date the entry was made on (from the mutation, not the clock).
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.text("content", &self.content, true, 2000);
        if self.date > today {
            c.push("date", ErrorCode::DateInFuture);
        }
        if let Some(next) = self.next_date {
            if next < self.date {
                c.push("next_date", ErrorCode::OutOfRange);
            }
        }
        c.finish()
    }
}

/// The follow-up form as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpForm {
    pub customer_id: Id,
    pub date: String,
    pub channel: Channel,
    pub content: String,
    pub next_date: String,
}

impl FollowUpForm {
    pub fn parse(&self, today: NaiveDate) -> Result<FollowUpData, Vec<crate::FieldError>> {
        let mut errors = Vec::new();
        let date = match crate::validate::parse_date(&self.date) {
            Some(d) => d,
            None if self.date.trim().is_empty() => today,
            None => {
                errors.push(crate::FieldError::new("date", ErrorCode::InvalidDate));
                today
            }
        };
        let next_date = if self.next_date.trim().is_empty() {
            None
        } else {
            let d = crate::validate::parse_date(&self.next_date);
            if d.is_none() {
                errors.push(crate::FieldError::new("next_date", ErrorCode::InvalidDate));
            }
            d
        };
        let data = FollowUpData {
            customer_id: self.customer_id,
            date,
            channel: self.channel,
            content: self.content.trim().to_string(),
            next_date,
        };
        let validation = data.validate(today);
        crate::validate::finish_form(errors, data, validation)
    }
}
