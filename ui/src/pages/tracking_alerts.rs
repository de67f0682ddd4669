//! Tracking alerts (物流异常): parcels refused, returned, in trouble or silent for too long,
//! for the rep to act on before the customer calls. The same list sits on 工作台 (every alert
//! of the user's orders, each opening its order) and on an order's deliveries (that delivery's
//! alerts); each closes with a note of what was done.

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::{lang, t, tr};
use fairdesk_core::shipping::DeliveryAlert;
use fairdesk_core::Id;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The open alerts, of one delivery when `delivery` is set; nothing shows when there are none
/// on a delivery, an all-clear line on 工作台.
#[component]
pub fn TrackAlerts(#[prop(optional)] delivery: Option<Id>) -> impl IntoView {
    let state = expect_context::<UiState>();
    let alerts = RwSignal::new(None::<Vec<DeliveryAlert>>);
    let load = move || {
        spawn_local(async move {
            let list = api::tracking_alerts().await.unwrap_or_default();
            let list = list
                .into_iter()
                .filter(|a| delivery.is_none_or(|d| a.delivery_id == d))
                .collect();
            let _ = alerts.try_set(Some(list));
        })
    };
    load();
    let on_dashboard = delivery.is_none();
    move || {
        let list = alerts.get()?;
        if list.is_empty() && !on_dashboard {
            return None;
        }
        Some(view! {
            <div class="track-alerts" id=if on_dashboard { "track-alerts".to_string() } else { format!("track-alerts-{}", delivery.map(|d| d.to_string()).unwrap_or_default()) }>
                {on_dashboard.then(|| view! { <h2>{t("alert.title")}</h2> })}
                {(list.is_empty()).then(|| view! { <p class="muted">{t("alert.none")}</p> })}
                <ul>
                    {list.into_iter().enumerate().map(|(n, a)| view! {
                        <AlertRow alert=a n=n on_dashboard=on_dashboard state=state on_closed=Callback::new(move |_| load()) />
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}

#[component]
fn AlertRow(
    alert: DeliveryAlert,
    n: usize,
    on_dashboard: bool,
    state: UiState,
    on_closed: Callback<()>,
) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let (delivery_id, key) = (alert.delivery_id, alert.alert.key.clone());
    let order_id = alert.order_id;
    let close = move || {
        let key = key.clone();
        spawn_local(async move {
            match api::track_alert_close(delivery_id, &key, &note.get_untracked()).await {
                Ok(()) => on_closed.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(e.message));
                }
            }
        });
    };
    let close_on_enter = close.clone();
    let text = alert.alert.text(lang());
    view! {
        <li class="track-alert" id=format!("track-alert-{n}") data-key=alert.alert.key.clone()>
            <span class="badge warn">{text}</span> " "
            {on_dashboard.then(|| view! {
                <a class="link" id=format!("track-alert-open-{n}") on:click=move |_| state.go(Page::OrderDetail(order_id))>
                    {alert.order_number.clone()}</a>
                " · " {alert.customer_name.clone()} " · "
            })}
            {alert.carrier.label(lang())} " " {alert.alert.tracking_no.clone()}
            <span class="alert-close">
                <input id=format!("track-alert-note-{n}") placeholder=tr(lang(), "alert.note_hint") maxlength="500"
                    bind:value=note
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { close_on_enter() } />
                <button id=format!("track-alert-close-{n}") on:click=move |_| close()>{t("alert.close")}</button>
            </span>
            {move || error.get().map(|e| view! { <span class="error">{e}</span> })}
        </li>
    }
}
