//! 设置 → 发信邮箱: the desk's outgoing mail server for 催款邮件 (server, port, encryption,
//! login, sender, days between two reminders). The password goes to this computer's keyring;
//! an empty password field keeps the saved one.

use crate::api;
use crate::i18n::t;
use crate::widgets::{focus_first_error, ErrorBanner, Field};
use fairdesk_core::receivables::dunning::{MailSecurity, MailSettings, DEFAULT_EVERY_DAYS};
use fairdesk_core::{ErrorReply, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn MailPanel() -> impl IntoView {
    let host = RwSignal::new(String::new());
    let port = RwSignal::new(String::from("465"));
    let security = RwSignal::new(MailSecurity::Tls);
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let every = RwSignal::new(DEFAULT_EVERY_DAYS.to_string());
    let has_password = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let saved = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(setup) = api::mail_settings_get().await {
            if let Some(s) = setup.settings {
                host.set(s.host);
                port.set(s.port.to_string());
                security.set(s.security);
                user.set(s.user);
                from.set(s.from);
                every.set(s.every_days.to_string());
            }
            has_password.set(setup.has_password);
        }
    });
    let save = move |_| {
        // A number that doesn't parse is sent as 0, which the desk refuses at its field.
        let settings = MailSettings {
            host: host.get_untracked(),
            port: port.get_untracked().trim().parse().unwrap_or(0),
            security: security.get_untracked(),
            user: user.get_untracked(),
            from: from.get_untracked(),
            every_days: every.get_untracked().trim().parse().unwrap_or(0),
        };
        let p = password.get_untracked();
        spawn_local(async move {
            match api::mail_settings_save(&settings, &p).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    error.set(None);
                    password.set(String::new());
                    has_password.update(|h| *h |= !p.is_empty());
                    saved.set(true);
                }
                Err(e) => {
                    saved.set(false);
                    focus_first_error(&e.fields);
                    errors.set(e.fields.clone());
                    if e.fields.is_empty() {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    view! {
        <div class="panel" id="mail-panel">
            <h2>{t("mail.title")}</h2>
            <p class="muted">{t("mail.body")}</p>
            <ErrorBanner error=error />
            <div class="grid2">
                <Field label="mail.host" name="host" value=host errors=errors placeholder="smtp.exmail.qq.com" />
                <Field label="mail.port" name="port" value=port errors=errors />
                <label class="field"><span class="label">{t("mail.security")}</span>
                    <select id="f-security" on:change=move |ev| security.set(match event_target_value(&ev).as_str() {
                        "start_tls" => MailSecurity::StartTls,
                        "none" => MailSecurity::None,
                        _ => MailSecurity::Tls,
                    })>
                        <option value="tls" selected=move || security.get() == MailSecurity::Tls>{t("mail.tls")}</option>
                        <option value="start_tls" selected=move || security.get() == MailSecurity::StartTls>{t("mail.starttls")}</option>
                        <option value="none" selected=move || security.get() == MailSecurity::None>{t("mail.plain")}</option>
                    </select>
                </label>
                <Field label="mail.user" name="user" value=user errors=errors />
                <label class="field"><span class="label">{t("mail.password")}</span>
                    <input id="f-mail-password" type="password" bind:value=password
                        placeholder=move || if has_password.get() { crate::i18n::tr(crate::i18n::lang(), "mail.password_saved") } else { "" } />
                </label>
                <Field label="mail.from" name="from" value=from errors=errors placeholder="finance@example.com" />
                <Field label="mail.every_days" name="every_days" value=every errors=errors />
            </div>
            <button id="mail-save" class="primary" on:click=save>{t("mail.save")}</button>
            {move || saved.get().then(|| view! { <span class="ok" id="mail-saved">" " {t("mail.saved")}</span> })}
        </div>
    }
}
