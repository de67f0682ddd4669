//! 工作台: reminders for today and a few counts.

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::{lang, t, tr};
use fairdesk_core::reminder::{Reminder, ReminderKind};
use fairdesk_core::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;

pub fn kind_label(lang: Lang, kind: ReminderKind) -> &'static str {
    tr(
        lang,
        match kind {
            ReminderKind::FollowUpDue => "reminder.follow_up_due",
            ReminderKind::Birthday => "reminder.birthday",
            ReminderKind::ContractExpiry => "reminder.contract_expiry",
        },
    )
}

fn when(lang: Lang, r: &Reminder) -> String {
    match r.days {
        0 => tr(lang, "reminder.today").to_string(),
        d if d < 0 => format!(
            "{} {} {}",
            tr(lang, "reminder.overdue"),
            -d,
            tr(lang, "reminder.days")
        ),
        d => format!("{d} {}", tr(lang, "reminder.in_days")),
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let state = expect_context::<UiState>();
    let reminders = RwSignal::new(None::<Vec<Reminder>>);
    // Open quotes (draft or sent) and orders waiting for someone: the day's sales work.
    let open_quotes = RwSignal::new(None::<usize>);
    let to_approve = RwSignal::new(None::<usize>);
    let awaiting_payment = RwSignal::new(None::<usize>);
    let overdue = RwSignal::new(None::<Vec<fairdesk_core::receivables::OpenLine>>);
    spawn_local(async move {
        let _ = overdue.try_set(api::overdue_receivables().await.ok());
    });
    spawn_local(async move {
        reminders.set(Some(api::reminder_list().await.unwrap_or_default()));
        use fairdesk_core::order::OrderQueue;
        use fairdesk_core::quote::QuoteStatus;
        let quotes = api::quote_list(None).await.unwrap_or_default();
        let open = quotes
            .iter()
            .filter(|q| matches!(q.status, QuoteStatus::Draft | QuoteStatus::Sent))
            .count();
        let _ = open_quotes.try_set(Some(open));
        let n = |q: OrderQueue| async move { api::order_list(q).await.map(|r| r.len()).ok() };
        let _ = to_approve.try_set(n(OrderQueue::ToApprove).await);
        let _ = awaiting_payment.try_set(n(OrderQueue::AwaitingPayment).await);
    });
    state.refresh();
    view! {
        <section class="dashboard">
            <div class="cards">
                <div class="card">
                    <div class="muted">{t("dash.customers")}</div>
                    <div class="big" id="customer-count">{move || state.status.get().map(|s| s.customers).unwrap_or(0)}</div>
                </div>
                <div class="card clickable" id="card-quotes" on:click=move |_| state.go(Page::Quotes)>
                    <div class="muted">{t("dash.open_quotes")}</div>
                    <div class="big" id="open-quote-count">{move || open_quotes.get().unwrap_or(0)}</div>
                </div>
                <div class="card clickable" id="card-orders" on:click=move |_| state.go(Page::Orders)>
                    <div class="muted">{t("dash.orders_waiting")}</div>
                    <div class="big" id="order-waiting-count">
                        {move || to_approve.get().unwrap_or(0)}
                        <small class="muted">" " {t("order.to_approve")} " · " {move || awaiting_payment.get().unwrap_or(0)} " " {t("order.awaiting_payment")}</small>
                    </div>
                </div>
                <div class="card">
                    <div class="muted">{t("dash.pending")}</div>
                    <div class="big">{move || state.status.get().map(|s| s.pending).unwrap_or(0)}</div>
                </div>
            </div>
            {move || (state.status.get().map(|s| s.customers) == Some(0)).then(|| view! {
                <p class="banner">{t("dash.demo_hint")}</p>
            })}
            // What 离线 and 待同步 mean on a desk that isn't connected, and what to do.
            {move || state.sync.get().filter(|s| matches!(s.state, api::SyncState::NotConnected | api::SyncState::Offline)).map(|s| {
                let key = if s.state == api::SyncState::NotConnected { "dash.not_connected" } else { "dash.offline" };
                view! {
                    <p class="banner" id="sync-explained">
                        {t(key)} " "
                        <a class="link" id="sync-explained-settings" on:click=move |_| state.go(Page::Settings)>{t("dash.to_sync_settings")}</a>
                    </p>
                }
            })}
            <crate::pages::tracking_alerts::TrackAlerts />
            // 逾期应收: what the user's customers owe past its due date, most overdue first.
            {move || {
                let warehouse = state.status.get().map(|s| s.user.data.role) == Some(fairdesk_core::Role::Warehouse);
                (!warehouse).then(|| overdue.get()).flatten().map(|list| view! {
                    <h2>{t("dash.overdue")}</h2>
                    <ul class="reminders" id="overdue">
                        {list.is_empty().then(|| view! { <li class="muted">{t("dash.no_overdue")}</li> })}
                        {list.into_iter().map(|l| {
                            let order = l.item.receivable.order_id;
                            view! {
                                <li class="reminder overdue" on:click=move |_| state.go(Page::OrderDetail(order))>
                                    <span class="kind">{l.item.receivable.order_number.clone()}</span>
                                    <span class="name">{l.customer_name.clone()}</span>
                                    <span class="date">{l.item.open.to_string()}</span>
                                    <span class="when">{move || match lang() {
                                        fairdesk_core::Lang::Zh => format!("已逾期 {} 天", l.days_overdue),
                                        fairdesk_core::Lang::En => format!("{} days overdue", l.days_overdue),
                                    }}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
            <h2>{t("dash.reminders")}</h2>
            <ul class="reminders" id="reminders">
                {move || match reminders.get() {
                    None => view! { <li class="muted">{t("cust.loading")}</li> }.into_any(),
                    Some(list) if list.is_empty() => view! { <li class="muted">{t("dash.no_reminders")}</li> }.into_any(),
                    Some(list) => list.into_iter().map(|r| {
                        let id = r.customer_id;
                        let overdue = r.days < 0;
                        view! {
                            <li class="reminder" class:overdue=overdue on:click=move |_| state.go(Page::CustomerDetail(id))>
                                <span class=format!("kind {:?}", r.kind)>{move || kind_label(lang(), r.kind)}</span>
                                <span class="name">{r.customer_name.clone()}</span>
                                <span class="date">{r.date.to_string()}</span>
                                <span class="when">{let r = r.clone(); move || when(lang(), &r)}</span>
                            </li>
                        }
                    }).collect_view().into_any(),
                }}
            </ul>
        </section>
    }
}
