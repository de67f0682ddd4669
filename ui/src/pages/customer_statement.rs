//! 对账单 on a customer's page: a period typed the Chinese way (the first of this month to
//! today unless changed), exported as a PDF into the documents folder and opened; and the
//! 催款邮件 that sends the customer its statement.

use crate::api;
use crate::app::UiState;
use crate::date_input::DateInput;
use crate::i18n::t;
use crate::widgets::ErrorBanner;
use chrono::Datelike;
use fairdesk_core::{Id, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CustomerStatement(customer: Id) -> impl IntoView {
    let state = expect_context::<UiState>();
    let today = crate::date_input::today();
    let first = today.with_day(1).unwrap_or(today);
    let from = RwSignal::new(first.to_string());
    let to = RwSignal::new(today.to_string());
    let error = RwSignal::new(None);
    let saved = RwSignal::new(None::<String>);
    let export = move |_| {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        spawn_local(async move {
            match api::statement_pdf(customer, &f, &t).await {
                Ok(path) => {
                    let _ = error.try_set(None);
                    let _ = saved.try_set(Some(path));
                }
                Err(e) => {
                    let _ = saved.try_set(None);
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let reminded = RwSignal::new(None::<String>);
    let remind = move |_| {
        spawn_local(async move {
            match api::payment_reminder_send(customer).await {
                Ok(to) => {
                    let _ = error.try_set(None);
                    let _ = reminded.try_set(Some(to));
                }
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    };
    // The warehouse doesn't see money.
    let shown = move || state.status.get().map(|s| s.user.data.role) != Some(Role::Warehouse);
    view! {
        <Show when=shown>
            <h2>{t("st.title")}</h2>
            <div class="inline-form" id="statement">
                <DateInput id="st-from" value=from on_set=Callback::new(move |d: String| {
                    // Emptied: the first of this month again, shown as such.
                    from.set(if d.trim().is_empty() { first.to_string() } else { d })
                }) />
                <span>{t("st.to")}</span>
                <DateInput id="st-to" value=to on_set=Callback::new(move |d: String| {
                    to.set(if d.trim().is_empty() { today.to_string() } else { d })
                }) />
                <button id="st-export" on:click=export>{t("st.export")}</button>
                <button id="remind-send" on:click=remind>{t("st.remind")}</button>
            </div>
            <ErrorBanner error=error />
            {move || saved.get().map(|p| view! { <p class="ok" id="st-saved">{t("ship.printed")} " " {p}</p> })}
            {move || reminded.get().map(|to| view! { <p class="ok" id="remind-sent">{t("st.reminded")} " " {to}</p> })}
        </Show>
    }
}
