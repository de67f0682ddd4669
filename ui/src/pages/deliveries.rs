//! An order's deliveries (发货单) as the picking view lists them: carrier, one tracking number
//! per parcel, the lines with what came back; and a return (销售退货) against one delivery, into
//! a chosen warehouse, never more than it shipped.

use crate::api;
use crate::i18n::{lang, t, tr};
use fairdesk_core::quantity::parse_decimal;
use fairdesk_core::shipping::{Delivery, PickingView, ReturnData, ReturnLine};
use fairdesk_core::{ErrorReply, Id};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Deliveries(
    view: PickingView,
    /// A return was taken (its TH number, as a notice).
    on_change: Callback<String>,
    on_error: Callback<ErrorReply>,
    /// A PDF was saved (its path, as a notice).
    on_printed: Callback<String>,
) -> impl IntoView {
    let warehouses = RwSignal::new(Vec::<(Id, String)>::new());
    spawn_local(async move {
        if let Ok(ws) = api::warehouse_list().await {
            warehouses.set(
                ws.into_iter()
                    .filter(|w| w.data.active)
                    .map(|w| (w.id, w.data.name))
                    .collect(),
            );
        }
    });
    // The PDF goes to the documents folder and opens in the viewer, to print from there.
    let print = move |id: Id, labels: bool| {
        spawn_local(async move {
            match api::delivery_print(id, labels).await {
                Ok(path) => on_printed.run(format!("{} {path}", tr(lang(), "ship.printed"))),
                Err(e) => on_error.run(e),
            }
        });
    };
    // The delivery whose return form is open.
    let returning = RwSignal::new(None::<Id>);
    let returns = view.returns.clone();
    view! {
        <div class="deliveries" id="deliveries">
            <h3>{t("ship.deliveries")}</h3>
            {view.deliveries.is_empty().then(|| view! { <p class="muted">{t("ship.none_yet")}</p> })}
            {view.deliveries.into_iter().enumerate().map(|(n, d)| {
                let did = d.id;
                let for_form = d.clone();
                let has_parcels = !d.parcels.is_empty();
                view! {
                    <div class="delivery" id=format!("delivery-{n}") data-number=d.number.clone()>
                        <p>
                            <b>{d.number.clone()}</b> " · " {d.status.label(lang())} " · " {d.carrier.label(lang())}
                            {(!d.parcels.is_empty()).then(|| format!(" · {}", d.parcels.iter().map(|p| p.tracking_no.as_str()).collect::<Vec<_>>().join("、")))}
                            {(!d.driver.is_empty()).then(|| format!(" · {} {}", d.driver, d.plate))}
                        </p>
                        <Timeline delivery=d.clone() />
                        <crate::pages::tracking_alerts::TrackAlerts delivery=did />
                        <ul>
                            {d.lines.iter().map(|l| view! {
                                <li>{l.sku.clone()} " " {l.name.clone()} " × " {l.qty.normalize().to_string()} " " {l.unit.clone()}
                                    {(!l.returned.is_zero()).then(|| format!("（{} {}）", tr(lang(), "ship.returned"), l.returned.normalize()))}</li>
                            }).collect_view()}
                        </ul>
                        <div class="actions">
                            <button id=format!("print-note-{n}") on:click=move |_| print(did, false)>{t("ship.print_note")}</button>
                            {has_parcels.then(|| view! {
                                <button id=format!("print-labels-{n}") on:click=move |_| print(did, true)>{t("ship.print_labels")}</button>
                            })}
                            <button id=format!("return-open-{n}") class="link" on:click=move |_| returning.set(Some(did))>{t("ship.return")}</button>
                        </div>
                        {move || (returning.get() == Some(did)).then(|| view! {
                            <ReturnForm delivery=for_form.clone() warehouses=warehouses on_change=on_change on_error=on_error
                                on_close=Callback::new(move |_| returning.set(None)) />
                        })}
                    </div>
                }
            }).collect_view()}
            {(!returns.is_empty()).then(|| view! {
                <h3>{t("ship.returns")}</h3>
                <ul id="return-notes">
                    {returns.iter().map(|r| view! {
                        <li>{r.number.clone()} " · " {r.data.reason.clone()} " · "
                            {r.data.lines.iter().map(|l| l.qty.normalize().to_string()).collect::<Vec<_>>().join(" / ")}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[component]
fn ReturnForm(
    delivery: Delivery,
    warehouses: RwSignal<Vec<(Id, String)>>,
    on_change: Callback<String>,
    on_error: Callback<ErrorReply>,
    on_close: Callback<()>,
) -> impl IntoView {
    let qty = RwSignal::new(vec![String::new(); delivery.lines.len()]);
    let reason = RwSignal::new(String::new());
    let into = RwSignal::new(Some(delivery.warehouse_id));
    let did = delivery.id;
    let submit = move || {
        let mut lines = Vec::new();
        for (i, typed) in qty.get_untracked().iter().enumerate() {
            if typed.trim().is_empty() {
                continue;
            }
            match parse_decimal(typed) {
                Ok(q) => lines.push(ReturnLine { line: i, qty: q }),
                Err(_) => {
                    on_error.run(ErrorReply::plain(tr(lang(), "ship.bad_qty")));
                    return;
                }
            }
        }
        let Some(warehouse_id) = into.get_untracked() else {
            return;
        };
        let data = ReturnData {
            delivery_id: did,
            warehouse_id,
            lines,
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match api::delivery_return(&data).await {
                Ok(number) => {
                    on_close.run(());
                    on_change.run(format!("{} {number}", tr(lang(), "ship.return_done")));
                }
                Err(e) => on_error.run(e),
            }
        });
    };
    view! {
        <div class="return-form">
            <table class="grid">
                <tbody>
                    {delivery.lines.iter().enumerate().map(|(i, l)| view! {
                        <tr>
                            <td>{l.sku.clone()} " " {l.name.clone()}</td>
                            <td class="muted">{tr(lang(), "ship.may_return")} " " {(l.qty - l.returned).normalize().to_string()}</td>
                            <td><input id=format!("return-qty-{i}") class="num short"
                                prop:value=move || qty.get().get(i).cloned().unwrap_or_default()
                                on:input=move |ev| { let s = event_target_value(&ev); qty.update(|q| q[i] = s) } /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <label class="field inline">
                <span class="label">{t("ship.return_into")}</span>
                <select id="return-warehouse" on:change=move |ev| into.set(event_target_value(&ev).parse().ok())>
                    {move || warehouses.get().into_iter().map(|(w, name)| {
                        view! { <option value=w.to_string() selected=into.get_untracked() == Some(w)>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <input id="return-reason" placeholder=t("ship.return_reason") bind:value=reason />
            <button id="return-confirm" class="primary" on:click=move |_| submit()>{t("ship.return_confirm")}</button>
            <button class="link" on:click=move |_| on_close.run(())>{t("ship.cancel")}</button>
        </div>
    }
}

/// The parcels' journey as the tracking service reported it (已揽收 → 运输中 → 派件中 → 已签收),
/// newest event first; exceptions (疑难, 拒签, 退回 …) marked.
#[component]
pub fn Timeline(delivery: Delivery) -> impl IntoView {
    view! {
        {delivery.tracks.into_iter().map(|t| {
            let state = t.tracking.state;
            view! {
                <div class="timeline" data-tracking=t.tracking_no.clone()>
                    <b>{t.tracking_no.clone()}</b> " "
                    <span class="badge" class:warn=state.is_exception() class:ok=state.is_final() && !state.is_exception()>
                        {state.label(lang())}</span>
                    <ol>
                        {t.tracking.events.iter().map(|e| view! {
                            <li><span class="muted">{e.at.format("%Y-%m-%d %H:%M").to_string()}</span> " " {e.context.clone()}</li>
                        }).collect_view()}
                    </ol>
                </div>
            }
        }).collect_view()}
    }
}

/// An order's deliveries with their tracking, for the order screen (the rep's view).
#[component]
pub fn OrderDeliveries(order_id: Id) -> impl IntoView {
    let deliveries = RwSignal::new(Vec::<Delivery>::new());
    spawn_local(async move {
        if let Ok(v) = api::picking_get(order_id).await {
            deliveries.set(v.deliveries);
        }
    });
    move || {
        let list = deliveries.get();
        (!list.is_empty()).then(|| view! {
            <div class="deliveries" id="order-deliveries">
                <h3>{t("ship.deliveries")}</h3>
                {list.into_iter().map(|d| view! {
                    <div class="delivery" data-number=d.number.clone()>
                        <p><b>{d.number.clone()}</b> " · " {d.status.label(lang())} " · " {d.carrier.label(lang())}
                            {(!d.parcels.is_empty()).then(|| format!(" · {}", d.parcels.iter().map(|p| p.tracking_no.as_str()).collect::<Vec<_>>().join("、")))}</p>
                        <p class="muted">{d.lines.iter().map(|l| format!("{} × {}", l.sku, l.qty.normalize())).collect::<Vec<_>>().join("，")}</p>
                        <Timeline delivery=d.clone() />
                        <crate::pages::tracking_alerts::TrackAlerts delivery=d.id />
                    </div>
                }).collect_view()}
            </div>
        })
    }
}
