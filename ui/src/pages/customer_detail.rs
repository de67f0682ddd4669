//! A customer's page: profile, contacts, tags, follow-up log (and adding to it), owner
//! transfer, delete/restore, and the change history from the audit log.

use crate::api;
use crate::app::{Page, UiState};
use crate::format;
use crate::i18n::{lang, t, tr};
use crate::pages::account_payment::AccountPayment;
use crate::pages::customer_statement::CustomerStatement;
use crate::pages::history::History;
use crate::widgets::{field_error, ErrorBanner};
use fairdesk_core::customer::view::CustomerDetail;
use fairdesk_core::followup::{Channel, FollowUpForm};
use fairdesk_core::{ErrorReply, FieldError, Id};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn CustomerDetailPage(id: Id) -> impl IntoView {
    let state = expect_context::<UiState>();
    let detail = RwSignal::new(None::<CustomerDetail>);
    let error = RwSignal::new(None::<ErrorReply>);
    let users = RwSignal::new(Vec::new());
    let reload = move || {
        spawn_local(async move {
            match api::customer_get(id).await {
                Ok(d) => detail.set(Some(d)),
                Err(e) => error.set(Some(e)),
            }
            state.refresh();
        })
    };
    reload();
    spawn_local(async move { users.set(api::user_list().await.unwrap_or_default()) });
    // 应收 today: what it owes, how much of it is late, what it paid ahead.
    let balance = RwSignal::new(None::<fairdesk_core::receivables::CustomerAging>);
    let load_balance = move || {
        spawn_local(async move {
            let _ = balance.try_set(api::customer_balance(id).await.ok().flatten());
        })
    };
    load_balance();
    let act = move |fut: std::pin::Pin<Box<dyn std::future::Future<Output = api::Reply<()>>>>| {
        spawn_local(async move {
            match fut.await {
                Ok(()) => {
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let to_owner = RwSignal::new(String::new());
    view! {
        <section class="customer-detail">
            <div class="toolbar">
                <button class="link" id="back" on:click=move |_| state.go(Page::Customers)>"← " {t("cust.back_to_list")}</button>
            </div>
            <ErrorBanner error=error />
            {move || detail.get().map(|d| {
                let c = d.customer.clone();
                let deleted = c.deleted;
                let data = c.data.clone();
                view! {
                    <header class="detail-head">
                        <h1 id="customer-name">{data.name.clone()}</h1>
                        <span class="mono muted" id="customer-code">{c.code.clone()}</span>
                        <span class="level">{move || data.level.label(lang())}</span>
                        {d.tags.iter().map(|tag| {
                            let style = format!("border-color:{0};color:{0}", tag.data.color);
                            view! { <span class="tag" style=style>{tag.data.name.clone()}</span> }
                        }).collect_view()}
                        <span class="spacer"></span>
                        {(!deleted).then(|| view! {
                            <button id="edit" on:click=move |_| state.go(Page::CustomerEdit(id))>{t("detail.edit")}</button>
                            <button id="delete" class="danger" on:click=move |_| act(Box::pin(api::customer_delete(id)))>{t("detail.delete")}</button>
                        })}
                        {deleted.then(|| view! {
                            <button id="restore" on:click=move |_| act(Box::pin(api::customer_restore(id)))>{t("detail.restore")}</button>
                        })}
                    </header>
                    {deleted.then(|| view! { <p class="banner warn">{t("detail.deleted")}</p> })}
                    <div class="columns">
                        <div class="panel">
                            <h2>{t("detail.profile")}</h2>
                            <dl class="profile" id="profile">
                                <dt>{t("cust.short_name")}</dt><dd>{or_dash(&data.short_name)}</dd>
                                <dt>{t("cust.industry")}</dt><dd>{or_dash(&data.industry)}</dd>
                                <dt>{t("cust.region")}</dt><dd id="profile-region">{if data.province == data.city { data.city.clone() } else { format!("{} {}", data.province, data.city) }}</dd>
                                <dt>{t("cust.address")}</dt><dd id="profile-address">{or_dash(&fairdesk_core::catalog::place_line(&data.province, &data.city, &data.address))}</dd>
                                {(!data.ship_to.is_empty()).then(|| view! {
                                    <dt>{t("cust.ship_to")}</dt>
                                    <dd id="ship-to-list">{data.ship_to.iter().map(|a| view! { <div>{a.label.clone()} " " {a.line()}</div> }).collect_view()}</dd>
                                })}
                                <dt>{t("cust.owner")}</dt><dd id="profile-owner">{d.owner_name.clone()}</dd>
                                <dt>{t("cust.source")}</dt><dd>{move || data.source.label(lang())}</dd>
                                <dt>{t("cust.birthday")}</dt><dd>{format::date(data.birthday)}</dd>
                                <dt>{t("cust.contract_expiry")}</dt><dd>{format::date(data.contract_expiry)}</dd>
                                <dt>{t("cust.credit_limit")}</dt><dd>{data.credit_limit.to_string()}</dd>
                                {move || balance.get().map(|b| view! {
                                    <dt>{t("ar.open")}</dt><dd id="cust-open"><b>{b.aging.total.to_string()}</b></dd>
                                    <dt>{t("ar.overdue")}</dt><dd id="cust-overdue" class:warn=b.aging.overdue != fairdesk_core::Money::ZERO>{b.aging.overdue.to_string()}</dd>
                                    <dt>{t("ar.advance")}</dt><dd id="cust-advance">{b.advance.to_string()}</dd>
                                })}
                                {data.invoice.clone().map(|inv| view! {
                                    <dt>{t("cust.invoice")}</dt>
                                    <dd id="cust-invoice">{inv.title.clone()} " · " {inv.tax_id.clone()} " · " {move || inv.kind.label(lang())}</dd>
                                })}
                                <dt>{t("cust.payment_terms")}</dt><dd id="cust-payment-terms">{data.payment_terms.map(|p| p.label(lang())).unwrap_or_else(|| tr(lang(), "cust.terms_default").to_string())}</dd>
                                <dt>{t("cust.next_follow_up")}</dt><dd>{format::date(c.next_follow_up)}</dd>
                                <dt>{t("cust.notes")}</dt><dd class="notes">{or_dash(&data.notes)}</dd>
                            </dl>
                            {(!deleted).then(|| view! { <CustomerStatement customer=id /> })}
                            {(!deleted).then(|| view! { <AccountPayment customer=id on_paid=Callback::new(move |_| load_balance()) /> })}
                            <h2>{t("cust.contacts")}</h2>
                            <table class="grid small" id="contacts">
                                <thead><tr><th>{t("contact.name")}</th><th>{t("contact.title")}</th><th>{t("contact.mobile")}</th><th>{t("contact.phone")}</th><th>{t("contact.wechat")}</th></tr></thead>
                                <tbody>
                                    {data.contacts.iter().map(|ct| view! {
                                        <tr><td>{ct.name.clone()}</td><td>{ct.title.clone()}</td><td class="mono">{ct.mobile.clone()}</td><td class="mono">{ct.phone.clone()}</td><td>{ct.wechat.clone()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(!deleted).then(|| view! {
                                <div class="inline-form">
                                    <span>{t("detail.transfer")}</span>
                                    <select id="transfer-to" on:change=move |ev| to_owner.set(event_target_value(&ev))>
                                        <option value="">"—"</option>
                                        {move || users.get().into_iter().filter(|u| u.data.active).map(|u| view! {
                                            <option value=u.id.to_string()>{u.data.name.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                    <button id="transfer" on:click=move |_| {
                                        if let Ok(to) = to_owner.get_untracked().parse::<Id>() {
                                            act(Box::pin(api::customer_reassign(id, to)));
                                        }
                                    }>{t("detail.transfer_btn")}</button>
                                </div>
                            })}
                        </div>
                        <div class="panel">
                            <h2>{t("detail.follow_ups")}</h2>
                            {(!deleted).then(|| view! { <FollowUpEditor customer_id=id on_saved=Callback::new(move |_| reload()) /> })}
                            <ul class="timeline" id="follow-ups">
                                {if d.follow_ups.is_empty() { Some(view! { <li class="muted">{t("detail.no_follow_ups")}</li> }) } else { None }}
                                {d.follow_ups.iter().map(|fu| {
                                    let ch = fu.data.channel;
                                    view! {
                                        <li>
                                            <div class="meta">{fu.data.date.to_string()} " · " {move || ch.label(lang())}
                                                {fu.data.next_date.map(|n| format!(" · {} {}", tr(lang(), "fu.next_date"), n))}</div>
                                            <div>{fu.data.content.clone()}</div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <h2>{t("detail.history")}</h2>
                            <History id="history" entries=d.history.clone()
                                names=d.tags.iter().map(|t| (t.id.to_string(), t.data.name.clone())).collect() />
                        </div>
                    </div>
                }
            })}
        </section>
    }
}

fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

#[component]
fn FollowUpEditor(customer_id: Id, on_saved: Callback<()>) -> impl IntoView {
    let date = RwSignal::new(String::new());
    let channel = RwSignal::new(Channel::Phone);
    let content = RwSignal::new(String::new());
    let next_date = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let save = move |_| {
        let form = FollowUpForm {
            customer_id,
            date: date.get_untracked(),
            channel: channel.get_untracked(),
            content: content.get_untracked(),
            next_date: next_date.get_untracked(),
        };
        spawn_local(async move {
            match api::follow_up_add(&form).await {
                Ok(_) => {
                    content.set(String::new());
                    next_date.set(String::new());
                    errors.set(Vec::new());
                    error.set(None);
                    on_saved.run(());
                }
                Err(e) => {
                    errors.set(e.fields.clone());
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <div class="follow-up-form">
            <ErrorBanner error=error />
            <div class="row">
                <label class="field"><span class="label">{t("fu.date")}</span>
                    <input id="fu-date" placeholder="2026-11-27" bind:value=date />
                    <span class="error">{field_error(errors, "date")}</span></label>
                <label class="field"><span class="label">{t("fu.channel")}</span>
                    <select id="fu-channel" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        channel.set(Channel::ALL.into_iter().find(|c| format!("{c:?}") == v).unwrap_or(Channel::Phone));
                    }>
                        {Channel::ALL.into_iter().map(|c| view! { <option value=format!("{c:?}")>{move || c.label(lang())}</option> }).collect_view()}
                    </select></label>
                <label class="field"><span class="label">{t("fu.next_date")}</span>
                    <crate::date_input::DateInput id="fu-next" value=next_date on_set=Callback::new(move |v| next_date.set(v)) />
                    <span class="error">{field_error(errors, "next_date")}</span></label>
            </div>
            <label class="field wide"><span class="label">{t("fu.content")}</span>
                <textarea id="fu-content" rows="2" bind:value=content></textarea>
                <crate::widgets::CharCount text=content max=2000 id="fu-content-count" />
                <span class="error">{field_error(errors, "content")}</span></label>
            <button id="add-follow-up" class="primary" on:click=save>{t("detail.add_follow_up")}</button>
        </div>
    }
}
