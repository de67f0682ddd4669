//! One order: where it goes, its terms, its lines with the stock held for each (缺货 shown),
//! the actions its state and the user's role allow, and its history. A draft is edited here:
//! delivery address (warehouses suggested anew), lines, warehouse per line, dates, notes.

use crate::api;
use crate::app::{Page, UiState};
use crate::date_input::DateInput;
use crate::i18n::{lang, t, tr};
use crate::pages::history::History;
use crate::pages::order_lines::OrderLines;
use crate::widgets::ErrorBanner;
use fairdesk_core::order::{OrderAction, OrderData, OrderStatus, OrderView, PaymentTerms};
use fairdesk_core::quantity::parse_decimal;
use fairdesk_core::{ErrorReply, Id, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

#[component]
pub fn OrderDetail(id: Id) -> impl IntoView {
    let state = expect_context::<UiState>();
    let view_data = RwSignal::new(None::<OrderView>);
    let error = RwSignal::new(None::<ErrorReply>);
    let reason = RwSignal::new(String::new());
    let add_text = RwSignal::new(String::new());
    let add_qty = RwSignal::new("1".to_string());
    let warehouse_names = RwSignal::new(HashMap::<String, String>::new());
    spawn_local(async move {
        if let Ok(ws) = api::warehouse_list().await {
            warehouse_names.set(
                ws.into_iter()
                    .map(|w| (w.id.to_string(), w.data.name))
                    .collect(),
            );
        }
    });
    let load = move || {
        spawn_local(async move {
            match api::order_get(id).await {
                Ok(v) => view_data.set(Some(v)),
                Err(e) => error.set(Some(e)),
            }
        })
    };
    load();
    // Every edit of a draft goes through the domain; the screen shows what it stored (a
    // refused edit shows why, next to the values that are still in force).
    let done = move |r: Result<(), ErrorReply>| {
        error.set(r.err());
        load();
    };
    let save =
        move |data: OrderData| spawn_local(async move { done(api::order_save(id, &data).await) });
    let edit = move |f: Box<dyn FnOnce(&mut OrderData)>| {
        if let Some(mut data) = view_data.get_untracked().map(|v| v.order.data) {
            f(&mut data);
            save(data);
        }
    };
    let act = move |action: OrderAction| {
        let r = reason.get_untracked();
        spawn_local(async move {
            done(api::order_act(id, action, &r).await);
            state.refresh();
        });
    };
    let add_line = move || {
        let code = add_text.get_untracked();
        let qty = match parse_decimal(&add_qty.get_untracked()) {
            Ok(q) => q,
            Err(code) => {
                let e = fairdesk_core::FieldError::new("qty", code);
                error.set(Some(ErrorReply::plain(format!(
                    "{}：{}",
                    tr(lang(), "quote.qty"),
                    e.message(lang())
                ))));
                return;
            }
        };
        spawn_local(async move {
            let r = api::order_add_line(id, &code, qty).await;
            if r.is_ok() {
                add_text.set(String::new());
                add_qty.set("1".into());
                crate::widgets::focus("order-add-product");
            }
            done(r);
        });
    };
    let set_address = move |index: usize| {
        spawn_local(async move { done(api::order_set_address(id, index).await) });
    };
    let role = move || state.status.get().map(|s| s.user.data.role);
    view! {
        <section class="order-detail">
            <div class="toolbar">
                <button class="link" on:click=move |_| state.go(Page::Orders)>{t("order.back")}</button>
                <h1 id="order-title">{move || view_data.get().map(|v| v.order.number.clone()).unwrap_or_default()}</h1>
                <span id="order-status" class="status">{move || view_data.get().map(|v| v.order.status.label(lang()))}</span>
                {move || view_data.get().filter(|v| v.released).map(|_| view! { <span class="badge ok" id="order-released">{t("order.released")}</span> })}
            </div>
            <ErrorBanner error=error />
            {move || view_data.get().filter(|v| v.order.over_credit).map(|v| {
                let c = v.order.credit;
                view! {
                    <div class="banner warn" id="order-credit">
                        {t("order.over_credit")} "：" {tr(lang(), "order.open_receivables")} " " {c.open.to_string()}
                        " + " {tr(lang(), "order.this_order")} " " {v.order.total().to_string()}
                        " > " {tr(lang(), "cust.credit_limit")} " " {c.limit.to_string()} " · " {t("order.needs_manager")}
                    </div>
                }
            })}
            {move || view_data.get().map(|v| {
                let o = v.order.clone();
                let draft = o.status == OrderStatus::Draft;
                let notes_typed = RwSignal::new(o.data.notes.clone());
                let chosen_address = v.addresses.iter().position(|a| a.line() == o.data.address);
                view! {
                    <p>{t("quote.customer")} "：" <b id="order-customer">{v.customer_name.clone()}</b></p>
                    <div class="order-head grid2">
                        <label class="field">
                            <span class="label">{t("order.address")}</span>
                            {if draft {
                                view! {
                                    <select id="order-address" on:change=move |ev| { if let Ok(i) = event_target_value(&ev).parse::<usize>() { set_address(i) } }>
                                        {chosen_address.is_none().then(|| view! { <option value="" selected=true>{o.data.address.clone()}</option> })}
                                        {v.addresses.iter().enumerate().map(|(i, a)| {
                                            let label = if a.label.is_empty() { tr(lang(), "order.registered_address").to_string() } else { a.label.clone() };
                                            view! { <option value=i.to_string() selected=chosen_address == Some(i)>{format!("{label}：{}", a.line())}</option> }
                                        }).collect_view()}
                                    </select>
                                }.into_any()
                            } else {
                                view! { <span id="order-address">{o.data.address.clone()}</span> }.into_any()
                            }}
                        </label>
                        <label class="field">
                            <span class="label">{t("order.expected_ship")}</span>
                            {if draft {
                                view! {
                                    <DateInput id="order-expected"
                                        value=o.data.expected_ship.map(|d| d.to_string()).unwrap_or_default()
                                        on_set=Callback::new(move |v: String| {
                                            let d = fairdesk_core::validate::parse_date(&v);
                                            edit(Box::new(move |data| data.expected_ship = d));
                                        }) />
                                }.into_any()
                            } else {
                                view! { <span id="order-expected">{o.data.expected_ship.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</span> }.into_any()
                            }}
                        </label>
                    </div>
                    {(!o.data.warehouse_reason.is_empty()).then(|| view! { <p class="muted" id="warehouse-reason">{o.data.warehouse_reason.clone()}</p> })}
                    {o.reject_reason.clone().map(|r| view! { <div class="banner error" id="reject-reason">{t("order.rejected")} {r}</div> })}
                    <div class="terms" id="order-terms">
                        <span class="label">{t("order.terms")}</span>
                        {PaymentTerms::TEMPLATES.iter().enumerate().map(|(i, p)| {
                            let p = *p;
                            let chosen = o.data.terms == p;
                            view! {
                                <button id=format!("terms-{i}") class:primary=chosen prop:disabled=!draft
                                    on:click=move |_| edit(Box::new(move |d| d.terms = p))>{p.label(lang())}</button>
                            }
                        }).collect_view()}
                    </div>
                    <ul class="schedule" id="order-schedule">
                        {v.schedule.iter().map(|i| view! {
                            <li>{i.label.clone()} " " <b>{i.amount.to_string()}</b> " · " {i.due.label(lang())}</li>
                        }).collect_view()}
                    </ul>
                    <OrderLines view=v.clone() names=warehouse_names edit=edit />
                    {draft.then(|| view! {
                        <div class="product-entry">
                            <input id="order-add-product" class="search" placeholder=t("quote.product_hint")
                                prop:value=move || add_text.get()
                                on:input=move |ev| add_text.set(event_target_value(&ev))
                                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { add_line() } />
                            <input id="order-add-qty" class="num short" prop:value=move || add_qty.get()
                                on:input=move |ev| add_qty.set(event_target_value(&ev))
                                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { add_line() } />
                        </div>
                    })}
                    <div class="totals"><div>{t("quote.gross")} <b id="order-total">{o.total().to_string()}</b></div></div>
                    <label class="field wide">
                        <span class="label">{t("cust.notes")}</span>
                        {if draft {
                            view! {
                                <textarea id="order-notes" rows="2" prop:value=o.data.notes.clone()
                                    on:input=move |ev| notes_typed.set(event_target_value(&ev))
                                    on:change=move |ev| {
                                        let n = event_target_value(&ev);
                                        edit(Box::new(move |d| d.notes = n));
                                    }></textarea>
                                <crate::widgets::CharCount text=notes_typed max=2000 id="order-notes-count" />
                            }.into_any()
                        } else {
                            view! { <span id="order-notes">{if o.data.notes.is_empty() { "—".to_string() } else { o.data.notes.clone() }}</span> }.into_any()
                        }}
                    </label>
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
                        {(v.released && matches!(role(), Some(Role::Admin | Role::Warehouse))).then(|| view! {
                            <button id="order-ship" class="primary" on:click=move |_| state.go(Page::Picking(id))>{t("ship.go")}</button>
                        })}
                        // A paid order is not cancelled with a click: the money goes back first.
                        {(matches!(s, OrderStatus::Draft | OrderStatus::Submitted | OrderStatus::Approved) && v.paid == fairdesk_core::Money::ZERO).then(|| view! {
                            <button id="order-cancel" class="link danger" on:click=move |_| act(OrderAction::Cancel)>{t("order.cancel")}</button>
                        })}
                    }
                })}
            </div>
            {move || view_data.get().filter(|v| !matches!(v.order.status, OrderStatus::Draft | OrderStatus::Cancelled)).map(|v| view! {
                <crate::pages::deliveries::OrderDeliveries order_id=v.order.id />
                <crate::pages::payments::Payments order_id=v.order.id
                    can_record=matches!(role(), Some(Role::Admin | Role::Finance))
                    on_paid=Callback::new(move |_| { load(); state.refresh(); }) />
            })}
            {move || view_data.get().map(|v| view! {
                <div class="history">
                    <h3>{t("order.history")}</h3>
                    <History id="order-history" entries=v.history names=warehouse_names.get() />
                    {v.approved_by_name.map(|n| view! { <div class="entry" id="order-approved-by">{tr(lang(), "quote.approved_by")} " " {n}</div> })}
                </div>
            })}
        </section>
    }
}
