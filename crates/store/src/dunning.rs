//! 催款邮件 on this desk: its mail server settings (the password is the shell's, in the
//! keyring) and when a customer was last reminded (the newest `ReminderEmail` follow-up,
//! whichever desk logged it).

use crate::{Store, StoreError};
use chrono::NaiveDate;
use fairdesk_core::error::DomainError;
use fairdesk_core::ids::Id;
use fairdesk_core::receivables::dunning::MailSettings;

const KEY: &str = "mail_settings";

impl Store {
    /// The desk's outgoing mail settings, if set.
    pub fn mail_settings(&self) -> Result<Option<MailSettings>, StoreError> {
        Ok(self
            .setting(KEY)?
            .and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// Saves them after checking every field (nothing is saved when one is wrong).
    pub fn set_mail_settings(&self, settings: &MailSettings) -> Result<(), StoreError> {
        let settings = MailSettings {
            host: settings.host.trim().to_string(),
            user: settings.user.trim().to_string(),
            from: settings.from.trim().to_string(),
            ..settings.clone()
        };
        settings
            .validate()
            .map_err(|errors| DomainError::Validation { errors })?;
        let json = serde_json::to_string(&settings)
            .map_err(|e| StoreError::Corrupt(format!("mail settings: {e}")))?;
        self.set_setting(KEY, &json)
    }

    /// The day the customer was last sent a payment reminder, by any desk.
    pub fn last_payment_reminder(&self, customer: Id) -> Result<Option<NaiveDate>, StoreError> {
        let day: Option<String> = self.conn().query_row(
            "SELECT max(date) FROM follow_ups
             WHERE customer_id = ?1 AND json_extract(doc, '$.channel') = 'reminder_email'",
            [customer.to_string()],
            |r| r.get(0),
        )?;
        Ok(day.and_then(|d| d.parse().ok()))
    }
}
