//! 订单: role queues (待审核 for managers, 待发货 for the warehouse, 待收预付款 for finance),
//! and a new order entered directly for a customer (Enter picks the first match).

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::{lang, t, tr};
use crate::widgets::ErrorBanner;
use fairdesk_core::order::OrderQueue;
use fairdesk_core::{ErrorReply, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

const QUEUES: [(OrderQueue, &str, &str); 4] = [
    (OrderQueue::All, "order.all", "queue-all"),
    (OrderQueue::ToApprove, "order.to_approve", "queue-approve"),
    (OrderQueue::ToShip, "order.to_ship", "queue-ship"),
    (
        OrderQueue::AwaitingPayment,
        "order.awaiting_payment",
        "queue-payment",
    ),
];

#[component]
pub fn OrderList() -> impl IntoView {
    let state = expect_context::<UiState>();
    let start = match state.status.get_untracked().map(|s| s.user.data.role) {
        Some(Role::Manager) => OrderQueue::ToApprove,
        Some(Role::Warehouse) => OrderQueue::ToShip,
        Some(Role::Finance) => OrderQueue::AwaitingPayment,
        _ => OrderQueue::All,
    };
    let queue = RwSignal::new(start);
    let rows = RwSignal::new(Vec::new());
    let error = RwSignal::new(None);
    Effect::new(move |_| {
        let q = queue.get();
        spawn_local(async move {
            match api::order_list(q).await {
                Ok(r) => drop(rows.try_set(r)),
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    });
    let customer_text = RwSignal::new(String::new());
    let new_order = move || {
        let text = customer_text.get_untracked();
        spawn_local(async move {
            let made = match api::customer_first(text).await {
                Ok(Some(c)) => api::order_new(c.id).await,
                Ok(None) => Err(ErrorReply::plain(tr(lang(), "quote.no_customer"))),
                Err(e) => Err(e),
            };
            match made {
                Ok(id) => state.go(Page::OrderDetail(id)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="orders">
            <div class="toolbar">
                <h1>{t("nav.orders")}</h1>
                <input id="order-new-customer" class="search" placeholder=t("order.new_hint")
                    on:input=move |ev| customer_text.set(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { new_order() } />
                {QUEUES.iter().map(|(q, key, id)| {
                    let q = *q;
                    view! { <button id=*id class:primary=move || queue.get() == q on:click=move |_| queue.set(q)>{t(key)}</button> }
                }).collect_view()}
            </div>
            <ErrorBanner error=error />
            <table class="grid" id="order-list">
                <thead><tr>
                    <th>{t("order.number")}</th><th>{t("quote.customer")}</th><th>{t("quote.status")}</th>
                    <th>{t("order.terms")}</th><th>{t("quote.gross")}</th><th>{t("order.paid_state")}</th><th></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let id = r.id;
                        view! {
                            <tr class="clickable" tabindex="0" on:click=move |_| state.go(Page::OrderDetail(id))
                                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { state.go(Page::OrderDetail(id)) }>
                                <td>{r.number.clone()}</td><td>{r.customer_name.clone()}</td>
                                <td>{r.status.label(lang())}</td><td>{r.terms.label(lang())}</td>
                                <td class="num">{r.total.to_string()}</td>
                                <td class=format!("paid-state {:?}", r.paid_state()).to_lowercase()
                                    title=r.paid.to_string()>{r.paid_state().label(lang())}</td>
                                <td>
                                    {if r.pending {
                                        Some(view! { <span class="badge warn">{t("order.pending")}</span> }.into_any())
                                    } else {
                                        r.short.then(|| view! { <span class="badge warn">{t("order.short")}</span> }.into_any())
                                    }}
                                    {r.over_credit.then(|| view! { <span class="badge warn">{t("order.over_credit")}</span> })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || rows.get().is_empty().then(|| view! { <p class="muted" id="order-empty">{t("order.empty")}</p> })}
        </section>
    }
}
