//! 催款邮件: the desk's mail server (its password in the OS keyring) and sending a customer
//! its payment reminder with the statement attached, at most once per N days, logged on the
//! customer as a follow-up that syncs.

use super::Reply;
use crate::state::AppState;
use crate::sync_worker::SyncService;
use chrono::{Datelike, Months};
use fairdesk_core::followup::{Channel, FollowUpForm};
use fairdesk_core::receivables::dunning::{self, MailSettings};
use fairdesk_core::{ErrorReply, Id};
use serde::Serialize;
use tauri::State;

/// The keyring entry of a mail server login.
fn account(s: &MailSettings) -> String {
    format!("smtp:{}@{}", s.user, s.host)
}

#[derive(Serialize)]
pub struct MailSetup {
    pub settings: Option<MailSettings>,
    /// A password for the settings' login is in the keyring.
    pub has_password: bool,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn mail_settings_get(
    state: State<'_, AppState>,
    sync: State<'_, SyncService>,
) -> Reply<MailSetup> {
    let settings = state.with(|s| s.mail_settings())?;
    let has_password = settings
        .as_ref()
        .is_some_and(|m| sync.vault.get(&account(m)).is_some());
    Ok(MailSetup {
        settings,
        has_password,
    })
}

/// Saves the settings; a non-empty `password` goes to the keyring (an empty one keeps the
/// saved password).
#[tauri::command(async, rename_all = "snake_case")]
pub fn mail_settings_save(
    state: State<'_, AppState>,
    sync: State<'_, SyncService>,
    settings: MailSettings,
    password: Option<String>,
) -> Reply<()> {
    state.with(|s| s.set_mail_settings(&settings))?;
    let saved = state
        .with(|s| s.mail_settings())?
        .ok_or_else(|| ErrorReply::plain("mail settings"))?;
    if let Some(p) = password.filter(|p| !p.is_empty()) {
        sync.vault
            .set(&account(&saved), &p)
            .map_err(|e| ErrorReply::plain(format!("keyring: {e}")))?;
    }
    Ok(())
}

/// Emails the customer's first contact with an address a payment reminder with its statement
/// of the last three calendar months attached; refused when the desk has no mail server, the
/// customer was reminded less than N days ago (by any desk) or nothing is overdue. Returns the
/// address it went to.
#[tauri::command(async, rename_all = "snake_case")]
pub fn payment_reminder_send(
    state: State<'_, AppState>,
    sync: State<'_, SyncService>,
    customer_id: Id,
) -> Reply<String> {
    let (settings, lang, today, last, company) = state.with(|s| {
        Ok((
            s.mail_settings()?,
            s.lang(),
            s.today(),
            s.last_payment_reminder(customer_id)?,
            s.company()?.name,
        ))
    })?;
    let refuse = |r: dunning::ReminderRefusal| ErrorReply::plain(r.message(lang));
    let settings = settings.ok_or_else(|| {
        ErrorReply::plain(lang.pick(
            "请先在 设置 → 发信邮箱 中填写发信服务器",
            "Set up the mail server first: Settings → Outgoing mail",
        ))
    })?;
    dunning::may_send(last, today, settings.every_days).map_err(refuse)?;
    let from = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(Months::new(2)))
        .unwrap_or(today);
    let (statement, customer) = super::receivables::customer_statement(
        &state,
        customer_id,
        Some(&from.to_string()),
        Some(&today.to_string()),
    )?;
    let (contact, address) = dunning::recipient(&customer).map_err(refuse)?;
    let text = dunning::reminder_text(
        &statement,
        &customer.data.name,
        &company,
        (&contact, &address),
    )
    .map_err(refuse)?;
    let pdf = super::receivables::render_statement(&state, &statement, &customer)?;
    let password = sync.vault.get(&account(&settings));
    crate::mail::send(
        &settings,
        password.as_deref(),
        crate::mail::Mail {
            to: (&contact, &address),
            subject: &text.subject,
            body: &text.body,
            pdf: (&format!("对账单-{}-{}.pdf", customer.data.name, today), pdf),
        },
    )
    .map_err(|e| {
        ErrorReply::plain(format!(
            "{}: {e}",
            lang.pick("邮件没有发出", "The email was not sent")
        ))
    })?;
    state.with(|s| {
        s.add_follow_up(&FollowUpForm {
            customer_id,
            date: today.to_string(),
            channel: Channel::ReminderEmail,
            content: text.log.clone(),
            next_date: String::new(),
        })
    })?;
    Ok(address)
}
