//! 应收 · 账龄分析: what customers owe for goods that left, as of a day (today unless typed),
//! by due date or document date, per customer (most overdue first), per rep, and every open
//! delivery with its due date — finance's view, and each rep's for their own customers.

use crate::api;
use crate::app::{Page, UiState};
use crate::date_input::DateInput;
use crate::i18n::{lang, t};
use crate::widgets::ErrorBanner;
use fairdesk_core::receivables::{AgingBasis, ReceivablesReport};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Receivables() -> impl IntoView {
    let state = expect_context::<UiState>();
    // Today unless the clerk types another day (an emptied field is today again).
    let as_of = RwSignal::new(crate::date_input::today().to_string());
    let basis = RwSignal::new(AgingBasis::Due);
    let report = RwSignal::new(None::<ReceivablesReport>);
    let error = RwSignal::new(None);
    let saved = RwSignal::new(None::<String>);
    let export = move || {
        let (day, b) = (as_of.get_untracked(), basis.get_untracked());
        spawn_local(async move {
            match api::receivables_xlsx(&day, b).await {
                Ok(path) => drop(saved.try_set(Some(path))),
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    };
    Effect::new(move |_| {
        let (day, b) = (as_of.get(), basis.get());
        spawn_local(async move {
            match api::receivables_report(&day, b).await {
                Ok(r) => {
                    let _ = error.try_set(None);
                    let _ = report.try_set(Some(r));
                }
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    });
    view! {
        <section class="receivables">
            <div class="toolbar">
                <h1>{t("nav.receivables")}</h1>
                <label class="field inline"><span class="label">{t("ar.as_of")}</span>
                    <DateInput id="ar-as-of" value=as_of on_set=Callback::new(move |d| as_of.set(d)) />
                </label>
                <select id="ar-basis" on:change=move |ev| basis.set(if event_target_value(&ev) == "document" { AgingBasis::Document } else { AgingBasis::Due })>
                    <option value="due" selected=move || basis.get() == AgingBasis::Due>{t("ar.by_due")}</option>
                    <option value="document" selected=move || basis.get() == AgingBasis::Document>{t("ar.by_document")}</option>
                </select>
                <button id="ar-export" on:click=move |_| export()>{t("ar.export")}</button>
            </div>
            <ErrorBanner error=error />
            {move || saved.get().map(|p| view! { <p class="ok" id="ar-saved">{t("ship.printed")} " " {p}</p> })}
            {move || report.get().map(|r| {
                let labels = r.labels.clone();
                view! {
                    <div class="cards">
                        <div class="card"><div class="muted">{t("ar.open")}</div><div class="big" id="ar-total">{r.total.total.to_string()}</div></div>
                        <div class="card"><div class="muted">{t("ar.overdue")}</div><div class="big warn" id="ar-overdue">{r.total.overdue.to_string()}</div></div>
                        <div class="card"><div class="muted">{t("ar.advance")}</div><div class="big" id="ar-advance">{r.advance.to_string()}</div></div>
                    </div>
                    <h2>{t("ar.by_customer")}</h2>
                    <table class="grid" id="ar-customers">
                        <thead><tr>
                            <th>{t("quote.customer")}</th><th>{t("ar.rep")}</th>
                            {labels.iter().map(|l| view! { <th class="num">{l.clone()}</th> }).collect_view()}
                            <th class="num" id="ar-col-open">{t("ar.open")}</th><th class="num" id="ar-col-advance">{t("ar.advance")}</th>
                        </tr></thead>
                        <tbody>
                            {r.customers.iter().map(|c| {
                                let id = c.customer_id;
                                view! {
                                    <tr class="clickable" tabindex="0" on:click=move |_| state.go(Page::CustomerDetail(id))
                                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { state.go(Page::CustomerDetail(id)) }>
                                        <td>{c.name.clone()}</td><td>{c.owner.clone()}</td>
                                        {c.aging.buckets.iter().map(|m| view! { <td class="num">{m.to_string()}</td> }).collect_view()}
                                        <td class="num"><b>{c.aging.total.to_string()}</b></td>
                                        <td class="num">{c.advance.to_string()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <td>{t("ar.total")}</td><td></td>
                            {r.total.buckets.iter().map(|m| view! { <td class="num">{m.to_string()}</td> }).collect_view()}
                            <td class="num"><b>{r.total.total.to_string()}</b></td>
                            <td class="num">{r.advance.to_string()}</td>
                        </tr></tfoot>
                    </table>
                    {r.customers.is_empty().then(|| view! { <p class="muted" id="ar-empty">{t("ar.none")}</p> })}
                    <h2>{t("ar.by_rep")}</h2>
                    <table class="grid" id="ar-reps">
                        <thead><tr>
                            <th>{t("ar.rep")}</th>
                            {labels.iter().map(|l| view! { <th class="num">{l.clone()}</th> }).collect_view()}
                            <th class="num">{t("ar.open")}</th>
                        </tr></thead>
                        <tbody>
                            {r.reps.iter().map(|p| view! {
                                <tr><td>{p.owner.clone()}</td>
                                    {p.aging.buckets.iter().map(|m| view! { <td class="num">{m.to_string()}</td> }).collect_view()}
                                    <td class="num"><b>{p.aging.total.to_string()}</b></td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <h2>{t("ar.open_items")}</h2>
                    <table class="grid" id="ar-open">
                        <thead><tr>
                            <th>{t("ar.document")}</th><th>{t("order.number")}</th><th>{t("quote.customer")}</th>
                            <th>{t("ar.date")}</th><th>{t("ar.due")}</th><th class="num">{t("ar.amount")}</th>
                            <th class="num">{t("ar.open")}</th><th class="num" id="ar-col-overdue">{t("ar.days_overdue")}</th>
                        </tr></thead>
                        <tbody>
                            {r.open.iter().map(|l| {
                                let order = l.item.receivable.order_id;
                                let overdue = l.days_overdue > 0;
                                view! {
                                    <tr class="clickable" tabindex="0" class:overdue=overdue
                                        on:click=move |_| state.go(Page::OrderDetail(order))
                                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { state.go(Page::OrderDetail(order)) }>
                                        <td>{l.item.receivable.number.clone()}</td>
                                        <td>{l.item.receivable.order_number.clone()}</td>
                                        <td>{l.customer_name.clone()}</td>
                                        <td>{l.item.receivable.date.to_string()}</td>
                                        <td>{l.item.receivable.due.to_string()}</td>
                                        <td class="num">{l.item.receivable.amount.to_string()}</td>
                                        <td class="num"><b>{l.item.open.to_string()}</b></td>
                                        <td class="num">{(l.days_overdue > 0).then(|| l.days_overdue.to_string())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="muted">{move || lang().pick(
                        "每张发货单按订单的付款条件形成一笔应收（月结 N 天：发货当月月底后 N 天到期）；退货冲减同一订单；收款先冲最早到期的。",
                        "Each delivery is a receivable due by its order's terms (Net N days: N days after the end of the month it shipped); returns credit the same order; payments settle the earliest due first.")}</p>
                }
            })}
        </section>
    }
}
