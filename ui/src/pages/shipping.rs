//! 发货: the warehouse's 待发货 queue (approved orders released by payment, and backorders of
//! partly shipped ones) and an order's picking view: per line ordered / shipped / open / held,
//! scan to check (the scanner types the barcode and presses Enter), the quantities to ship now
//! from one warehouse, the carrier and one tracking number per parcel, confirm (出库); close a
//! rest the customer no longer wants; the deliveries so far with their returns.

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::{lang, t, tr};
use crate::pages::deliveries::Deliveries;
use crate::widgets::ErrorBanner;
use fairdesk_core::order::{OrderQueue, OrderStatus};
use fairdesk_core::quantity::parse_decimal;
use fairdesk_core::shipping::{Carrier, DeliveryData, Parcel, PickingView, ShipLine};
use fairdesk_core::{ErrorReply, Id};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

/// The 待发货 queue.
#[component]
pub fn ShippingQueue() -> impl IntoView {
    let state = expect_context::<UiState>();
    let rows = RwSignal::new(Vec::new());
    let error = RwSignal::new(None);
    spawn_local(async move {
        match api::order_list(OrderQueue::ToShip).await {
            Ok(r) => rows.set(r),
            Err(e) => error.set(Some(e)),
        }
    });
    let open = move |id: Id| state.go(Page::Picking(id));
    view! {
        <section class="shipping">
            <div class="toolbar"><h1>{t("ship.queue")}</h1></div>
            <ErrorBanner error=error />
            <table class="grid" id="ship-queue">
                <thead><tr>
                    <th>{t("order.number")}</th><th>{t("quote.customer")}</th><th>{t("quote.status")}</th>
                    <th>{t("quote.gross")}</th><th></th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let id = r.id;
                        view! {
                            <tr class="clickable" tabindex="0" data-number=r.number.clone() on:click=move |_| open(id)
                                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { open(id) }>
                                <td>{r.number.clone()}</td><td>{r.customer_name.clone()}</td>
                                <td>{r.status.label(lang())}</td>
                                <td class="num">{r.total.to_string()}</td>
                                <td>{(r.status == OrderStatus::PartiallyShipped).then(|| view! { <span class="badge warn">{t("ship.backorder")}</span> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || rows.get().is_empty().then(|| view! { <p class="muted" id="ship-empty">{t("ship.empty")}</p> })}
        </section>
    }
}

/// What one line may ship now from the chosen warehouse: open and held there.
fn shippable(v: &PickingView, line: usize, wh: Id) -> Decimal {
    v.lines
        .get(line)
        .filter(|l| l.warehouse_id == wh)
        .map(|l| l.open.min(l.held))
        .unwrap_or_default()
}

/// Tracking numbers as typed: one per parcel, separated by spaces, commas or new lines.
fn parcels(typed: &str) -> Vec<Parcel> {
    typed
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|s| !s.is_empty())
        .map(|s| Parcel {
            tracking_no: s.to_string(),
        })
        .collect()
}

#[component]
pub fn Picking(id: Id) -> impl IntoView {
    let state = expect_context::<UiState>();
    let view_data = RwSignal::new(None::<PickingView>);
    let error = RwSignal::new(None::<ErrorReply>);
    let notice = RwSignal::new(None::<String>);
    let warehouse = RwSignal::new(None::<Id>);
    // The quantities to ship now, per order line, as typed.
    let qty = RwSignal::new(Vec::<String>::new());
    // Counting by scanner: the first scan starts every line at zero.
    let scanning = RwSignal::new(false);
    let scan_text = RwSignal::new(String::new());
    let carrier = RwSignal::new(Carrier::Shunfeng);
    let tracking = RwSignal::new(String::new());
    let driver = RwSignal::new(String::new());
    let plate = RwSignal::new(String::new());
    let close_reason = RwSignal::new(String::new());
    let defaults = move |v: &PickingView, wh: Id| {
        qty.set(
            (0..v.lines.len())
                .map(|i| {
                    let q = shippable(v, i, wh);
                    if q.is_zero() {
                        String::new()
                    } else {
                        q.normalize().to_string()
                    }
                })
                .collect(),
        );
        scanning.set(false);
    };
    let load = move || {
        spawn_local(async move {
            match api::picking_get(id).await {
                Ok(v) => {
                    // The first warehouse with something to ship, unless one is chosen.
                    let wh = warehouse
                        .get_untracked()
                        .filter(|w| v.lines.iter().any(|l| l.warehouse_id == *w))
                        .or_else(|| {
                            v.lines
                                .iter()
                                .find(|l| !l.open.min(l.held).is_zero())
                                .or(v.lines.first())
                                .map(|l| l.warehouse_id)
                        });
                    warehouse.set(wh);
                    if let Some(wh) = wh {
                        defaults(&v, wh);
                    }
                    view_data.set(Some(v));
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    load();
    // Refused loudly: the banner says why and the desk beeps.
    let refuse = move |msg: String| {
        crate::beep::refusal();
        notice.set(None);
        error.set(Some(ErrorReply::plain(msg)));
    };
    let scan = move || {
        let code = scan_text.get_untracked().trim().to_string();
        scan_text.set(String::new());
        let (Some(v), Some(wh)) = (view_data.get_untracked(), warehouse.get_untracked()) else {
            return;
        };
        if code.is_empty() {
            return;
        }
        let found = v.lines.iter().position(|l| {
            l.warehouse_id == wh
                && (v
                    .barcodes
                    .get(l.line)
                    .is_some_and(|b| !b.is_empty() && *b == code)
                    || l.sku.eq_ignore_ascii_case(&code))
        });
        let Some(i) = found else {
            refuse(format!("{} {code}", tr(lang(), "ship.scan_not_on_order")));
            return;
        };
        if !scanning.get_untracked() {
            scanning.set(true);
            qty.set(vec![String::new(); v.lines.len()]);
        }
        let now = qty
            .get_untracked()
            .get(i)
            .and_then(|q| parse_decimal(q).ok())
            .unwrap_or_default();
        let l = &v.lines[i];
        if now + Decimal::ONE > shippable(&v, i, wh) {
            refuse(format!(
                "{} {}（{} {}）",
                l.sku,
                tr(lang(), "ship.scan_too_many"),
                tr(lang(), "ship.may_ship"),
                shippable(&v, i, wh).normalize()
            ));
            return;
        }
        qty.update(|q| q[i] = (now + Decimal::ONE).normalize().to_string());
        error.set(None);
        notice.set(Some(format!(
            "{} {} × {}",
            l.sku,
            l.name,
            now + Decimal::ONE
        )));
    };
    let confirm = move || {
        let (Some(v), Some(wh)) = (view_data.get_untracked(), warehouse.get_untracked()) else {
            return;
        };
        let mut lines = Vec::new();
        for (i, typed) in qty.get_untracked().iter().enumerate() {
            if typed.trim().is_empty() {
                continue;
            }
            match parse_decimal(typed) {
                Ok(q) if !q.is_zero() => lines.push(ShipLine { line: i, qty: q }),
                Ok(_) => {}
                Err(_) => {
                    refuse(format!("{} {}", v.lines[i].sku, tr(lang(), "ship.bad_qty")));
                    crate::widgets::focus(&format!("ship-qty-{i}"));
                    return;
                }
            }
        }
        let c = carrier.get_untracked();
        let data = DeliveryData {
            order_id: id,
            warehouse_id: wh,
            lines,
            carrier: c,
            parcels: if c.is_tracked() {
                parcels(&tracking.get_untracked())
            } else {
                Vec::new()
            },
            driver: driver.get_untracked(),
            plate: plate.get_untracked(),
            notes: String::new(),
        };
        spawn_local(async move {
            match api::delivery_ship(&data).await {
                Ok(number) => {
                    error.set(None);
                    notice.set(Some(format!("{} {number}", tr(lang(), "ship.done"))));
                    tracking.set(String::new());
                    load();
                    state.refresh();
                }
                Err(e) => {
                    notice.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    let close_rest = move || {
        let reason = close_reason.get_untracked();
        spawn_local(async move {
            match api::order_close_rest(id, &reason).await {
                Ok(()) => {
                    error.set(None);
                    notice.set(Some(tr(lang(), "ship.rest_closed").to_string()));
                    close_reason.set(String::new());
                    load();
                    state.refresh();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="picking">
            <div class="toolbar">
                <button class="link" on:click=move |_| state.go(Page::Shipping)>{t("ship.back")}</button>
                <h1 id="pick-title">{move || view_data.get().map(|v| v.order_number.clone()).unwrap_or_default()}</h1>
                <span id="pick-status" class="status">{move || view_data.get().map(|v| v.status.label(lang()))}</span>
                <button class="link" id="pick-open-order" on:click=move |_| state.go(Page::OrderDetail(id))>{t("ship.open_order")}</button>
            </div>
            <ErrorBanner error=error />
            {move || notice.get().map(|n| view! { <div class="banner ok" id="ship-notice">{n}</div> })}
            {move || view_data.get().map(|v| {
                let waiting = !v.released && v.status == OrderStatus::Approved;
                let has_open = v.lines.iter().any(|l| !l.open.is_zero());
                let lines = v.lines.clone();
                let barcodes = v.barcodes.clone();
                view! {
                    <p>{t("quote.customer")} "：" <b id="pick-customer">{v.customer_name.clone()}</b>
                       " · " {t("order.address")} "：" <span id="pick-address">{v.address.clone()}</span></p>
                    {waiting.then(|| view! { <div class="banner warn" id="pick-awaiting">{t("ship.awaiting_payment")}</div> })}
                    {v.close_reason.clone().map(|r| view! { <p class="muted" id="pick-closed">{t("ship.closed_because")} {r}</p> })}
                    <div class="toolbar">
                        <label class="field inline">
                            <span class="label">{t("order.warehouse")}</span>
                            <select id="pick-warehouse" on:change=move |ev| {
                                if let (Ok(w), Some(v)) = (event_target_value(&ev).parse::<Id>(), view_data.get_untracked()) {
                                    warehouse.set(Some(w));
                                    defaults(&v, w);
                                }
                            }>
                                {v.warehouses.iter().map(|(w, name)| {
                                    let w = *w;
                                    view! { <option value=w.to_string() selected=move || warehouse.get() == Some(w)>{name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <input id="scan-input" class="search" placeholder=t("ship.scan_hint") prop:disabled=waiting || !has_open
                            prop:value=move || scan_text.get()
                            on:input=move |ev| scan_text.set(event_target_value(&ev))
                            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); scan() } />
                    </div>
                    <table class="grid" id="pick-lines">
                        <thead><tr>
                            <th>{t("quote.sku")}</th><th>{t("ship.product")}</th><th>{t("ship.ordered")}</th>
                            <th>{t("ship.shipped")}</th><th>{t("ship.open")}</th><th>{t("ship.held")}</th><th>{t("ship.now")}</th>
                        </tr></thead>
                        <tbody>
                            {lines.into_iter().map(|l| {
                                let i = l.line;
                                let here = move || warehouse.get() == Some(l.warehouse_id);
                                let short = l.held < l.open;
                                view! {
                                    <tr class:muted=move || !here() data-sku=l.sku.clone() data-warehouse=l.warehouse_id.to_string()
                                        data-barcode=barcodes.get(i).cloned().unwrap_or_default()>
                                        <td>{l.sku.clone()}</td>
                                        <td>{l.name.clone()} {(!l.spec.is_empty()).then(|| format!(" {}", l.spec))}</td>
                                        <td class="num">{l.ordered.normalize().to_string()} " " {l.unit.clone()}</td>
                                        <td class="num" id=format!("pick-shipped-{i}")>{l.shipped.normalize().to_string()}</td>
                                        <td class="num" id=format!("pick-open-{i}")>{l.open.normalize().to_string()}
                                            {(!l.closed.is_zero()).then(|| view! { <span class="muted">{format!(" （{} {}）", tr(lang(), "ship.closed"), l.closed.normalize())}</span> })}</td>
                                        <td class="num" id=format!("pick-held-{i}")>{l.held.normalize().to_string()}
                                            {short.then(|| view! { <span class="badge warn">{t("order.short")}</span> })}</td>
                                        <td>
                                            <input id=format!("ship-qty-{i}") class="num short" prop:disabled=move || !here()
                                                prop:value=move || qty.get().get(i).cloned().unwrap_or_default()
                                                on:input=move |ev| { let s = event_target_value(&ev); qty.update(|q| if let Some(x) = q.get_mut(i) { *x = s }) } />
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {has_open.then(|| view! {
                        <div class="ship-form grid2">
                            <label class="field">
                                <span class="label">{t("ship.carrier")}</span>
                                <select id="ship-carrier" on:change=move |ev| {
                                    let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                                    carrier.set(Carrier::ALL[i.min(Carrier::ALL.len() - 1)]);
                                }>
                                    {Carrier::ALL.iter().enumerate().map(|(i, c)| {
                                        let c = *c;
                                        view! { <option value=i.to_string() selected=move || carrier.get() == c>{c.label(lang())}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                            {move || match carrier.get() {
                                Carrier::OwnVehicle => view! {
                                    <div class="grid2">
                                        <label class="field"><span class="label">{t("ship.driver")}</span><input id="ship-driver" bind:value=driver /></label>
                                        <label class="field"><span class="label">{t("ship.plate")}</span><input id="ship-plate" bind:value=plate /></label>
                                    </div>
                                }.into_any(),
                                Carrier::Pickup => view! { <p class="muted">{t("ship.pickup_hint")}</p> }.into_any(),
                                _ => view! {
                                    <label class="field">
                                        <span class="label">{t("ship.tracking")}</span>
                                        <input id="ship-tracking" placeholder=t("ship.tracking_hint") bind:value=tracking />
                                    </label>
                                }.into_any(),
                            }}
                        </div>
                        <div class="actions">
                            <button id="ship-confirm" class="primary" prop:disabled=waiting on:click=move |_| confirm()>{t("ship.confirm")}</button>
                        </div>
                    })}
                    {(v.status == OrderStatus::PartiallyShipped).then(|| view! {
                        <div class="actions">
                            <input id="close-reason" placeholder=t("ship.close_reason") bind:value=close_reason />
                            <button id="close-rest" class="link danger" on:click=move |_| close_rest()>{t("ship.close_rest")}</button>
                        </div>
                    })}
                    <Deliveries view=v.clone() on_change=Callback::new(move |n: String| {
                        error.set(None);
                        notice.set(Some(n));
                        load();
                    }) on_error=Callback::new(move |e: ErrorReply| { notice.set(None); error.set(Some(e)) })
                        on_printed=Callback::new(move |n: String| { error.set(None); notice.set(Some(n)) }) />
                }
            })}
        </section>
    }
}
