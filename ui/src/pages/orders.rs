//! 订单: role queues (待审核 for managers, 待发货 for the warehouse, 待收预付款 for finance) and
//! one order with its stock holds (缺货 shown per line), terms, actions and history.

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::{lang, t, tr};
use crate::widgets::ErrorBanner;
use fairdesk_core::order::{OrderAction, OrderQueue, OrderStatus, OrderView, PaymentTerms};
use fairdesk_core::quantity::show;
use fairdesk_core::{ErrorReply, Id, Role};
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
    view! {
        <section class="orders">
            <div class="toolbar">
                <h1>{t("nav.orders")}</h1>
                {QUEUES.iter().map(|(q, key, id)| {
                    let q = *q;
                    view! { <button id=*id class:primary=move || queue.get() == q on:click=move |_| queue.set(q)>{t(key)}</button> }
                }).collect_view()}
            </div>
            <ErrorBanner error=error />
            <table class="grid" id="order-list">
                <thead><tr>
                    <th>{t("order.number")}</th><th>{t("quote.customer")}</th><th>{t("quote.status")}</th>
                    <th>{t("order.terms")}</th><th>{t("quote.gross")}</th><th></th>
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
                                <td>
                                    {r.short.then(|| view! { <span class="badge warn">{t("order.short")}</span> })}
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

#[component]
pub fn OrderDetail(id: Id) -> impl IntoView {
    let state = expect_context::<UiState>();
    let view_data = RwSignal::new(None::<OrderView>);
    let error = RwSignal::new(None::<ErrorReply>);
    let reason = RwSignal::new(String::new());
    let load = move || {
        spawn_local(async move {
            match api::order_get(id).await {
                Ok(v) => view_data.set(Some(v)),
                Err(e) => error.set(Some(e)),
            }
        })
    };
    load();
    let act = move |action: OrderAction| {
        let r = reason.get_untracked();
        spawn_local(async move {
            match api::order_act(id, action, &r).await {
                Ok(()) => {
                    error.set(None);
                    load();
                    state.refresh();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let set_terms = move |terms: PaymentTerms| {
        let Some(mut data) = view_data.get_untracked().map(|v| v.order.data) else {
            return;
        };
        data.terms = terms;
        spawn_local(async move {
            match api::order_save(id, &data).await {
                Ok(()) => load(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let role = move || state.status.get().map(|s| s.user.data.role);
    view! {
        <section class="order-detail">
            <div class="toolbar">
                <button class="link" on:click=move |_| state.go(Page::Orders)>{t("order.back")}</button>
                <h1 id="order-title">{move || view_data.get().map(|v| v.order.number.clone()).unwrap_or_default()}</h1>
                <span id="order-status" class="status">{move || view_data.get().map(|v| v.order.status.label(lang()))}</span>
                {move || view_data.get().filter(|v| v.released).map(|_| view! { <span class="badge ok" id="order-released">{t("order.released")}</span> })}
                {move || view_data.get().filter(|v| v.order.over_credit).map(|_| view! { <span class="badge warn">{t("order.over_credit")}</span> })}
            </div>
            <ErrorBanner error=error />
            {move || view_data.get().map(|v| {
                let o = v.order.clone();
                let draft = o.status == OrderStatus::Draft;
                view! {
                    <p>{t("quote.customer")} "：" <b id="order-customer">{v.customer_name.clone()}</b> " · " {o.data.address.clone()}</p>
                    {(!o.data.warehouse_reason.is_empty()).then(|| view! { <p class="muted" id="warehouse-reason">{o.data.warehouse_reason.clone()}</p> })}
                    {o.reject_reason.clone().map(|r| view! { <div class="banner error" id="reject-reason">{t("order.rejected")} {r}</div> })}
                    <div class="terms" id="order-terms">
                        <span class="label">{t("order.terms")}</span>
                        {PaymentTerms::TEMPLATES.iter().enumerate().map(|(i, p)| {
                            let p = *p;
                            let chosen = o.data.terms == p;
                            view! {
                                <button id=format!("terms-{i}") class:primary=chosen prop:disabled=!draft on:click=move |_| set_terms(p)>{p.label(lang())}</button>
                            }
                        }).collect_view()}
                    </div>
                    <table class="grid" id="order-lines">
                        <thead><tr>
                            <th>{t("quote.sku")}</th><th>{t("quote.name")}</th><th>{t("quote.qty")}</th><th>{t("quote.price")}</th>
                            <th>{t("order.reserved")}</th><th>{t("order.short")}</th>
                        </tr></thead>
                        <tbody>
                            {o.data.lines.iter().enumerate().map(|(i, l)| {
                                let st = o.stock.get(i).cloned().unwrap_or_default();
                                let short = !st.short.is_zero();
                                view! {
                                    <tr class:short=short id=format!("order-line-{i}")>
                                        <td>{l.sku.clone()}</td><td>{l.name.clone()}</td>
                                        <td class="num">{show(l.qty)} " " {l.unit.clone()}</td><td class="num">{show(l.unit_price)}</td>
                                        <td class="num">{show(st.reserved)}</td><td class="num">{short.then(|| show(st.short))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="totals"><div>{t("quote.gross")} <b id="order-total">{o.total().to_string()}</b></div></div>
                }
            })}
            <div class="actions">
                {move || view_data.get().map(|v| {
                    let s = v.order.status;
                    let approver = matches!(role(), Some(Role::Admin | Role::Manager));
                    view! {
                        {(s == OrderStatus::Draft).then(|| view! { <button id="order-submit" class="primary" on:click=move |_| act(OrderAction::Submit)>{t("order.submit")}</button> })}
                        {(s == OrderStatus::Submitted && approver).then(|| view! {
                            <button id="order-approve" class="primary" on:click=move |_| act(OrderAction::Approve)>{t("order.approve")}</button>
                            <input id="reject-reason-input" placeholder=t("order.reject_reason") bind:value=reason />
                            <button id="order-reject" on:click=move |_| act(OrderAction::Reject)>{t("order.reject")}</button>
                        })}
                        {matches!(s, OrderStatus::Draft | OrderStatus::Submitted | OrderStatus::Approved).then(|| view! {
                            <button id="order-cancel" class="link danger" on:click=move |_| act(OrderAction::Cancel)>{t("order.cancel")}</button>
                        })}
                    }
                })}
            </div>
            {move || view_data.get().map(|v| view! {
                <div class="history" id="order-history">
                    <h3>{t("order.history")}</h3>
                    {v.history.into_iter().map(|h| view! {
                        <div class="entry">{crate::format::timestamp(h.at_ms)} " · " {h.user_name} " · " {action_label(&h.action)}</div>
                    }).collect_view()}
                    {v.approved_by_name.map(|n| view! { <div class="entry">{tr(lang(), "quote.approved_by")} " " {n}</div> })}
                </div>
            })}
        </section>
    }
}

/// The audit log's action codes in the UI language.
fn action_label(code: &str) -> String {
    let key = match code {
        "create" => "order.h_create",
        "update" => "order.h_update",
        "submit" => "order.submit",
        "approve" => "order.approve",
        "reject" => "order.reject",
        "cancel" => "order.cancel",
        "complete" => "order.h_complete",
        other => return other.to_string(),
    };
    tr(lang(), key).to_string()
}
