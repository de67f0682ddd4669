//! 库存: on hand / reserved / desks' quotas / available per product × warehouse (red below safety stock) and a
//! product's ledger; receipts, stock-takes and transfers in a dialog. Warehouses are managed
//! in 设置 (`warehouses.rs`).

use crate::api;
use crate::i18n::{lang, t, tr};
use crate::pages::quotas::{QuotaPanel, TripStockDialog};
use crate::widgets::ErrorBanner;
use fairdesk_core::catalog::Warehouse;
use fairdesk_core::quantity::{parse_decimal, show};
use fairdesk_core::stock::{MoveRow, StockEntry, StockRow};
use fairdesk_core::{ErrorReply, Id};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn StockPage() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let warehouse = RwSignal::new(None::<Id>);
    let rows = RwSignal::new(Vec::<StockRow>::new());
    let warehouses = RwSignal::new(Vec::<Warehouse>::new());
    let history = RwSignal::new(None::<(String, Vec<MoveRow>)>);
    let totals = RwSignal::new(Vec::<fairdesk_core::quote::WarehouseStock>::new());
    let holders = RwSignal::new(Vec::<(String, rust_decimal::Decimal)>::new());
    let alerts = RwSignal::new(Vec::<fairdesk_core::stock::SafetyAlert>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let reload = RwSignal::new(0u32);
    spawn_local(async move {
        warehouses.set(api::warehouse_list().await.unwrap_or_default());
    });
    Effect::new(move |_| {
        reload.track();
        spawn_local(async move {
            let _ = alerts.try_set(api::stock_alerts().await.unwrap_or_default());
        });
    });
    Effect::new(move |_| {
        reload.track();
        let (q, w) = (query.get(), warehouse.get());
        spawn_local(async move {
            // The page may have been left while the answer was on its way.
            match api::stock_list(&q, w, 200, 0).await {
                Ok(r) => drop(rows.try_set(r)),
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    });
    let show_history = move |product: Id, wh: Id, title: String| {
        spawn_local(async move {
            holders.set(api::stock_holders(product, wh).await.unwrap_or_default());
            match api::stock_moves(product).await {
                Ok(m) => history.set(Some((title, m))),
                Err(e) => error.set(Some(e)),
            }
            totals.set(api::stock_of_product(product).await.unwrap_or_default());
        });
    };
    // The entry form, in a dialog.
    let entry_open = RwSignal::new(false);
    let kind = RwSignal::new("receipt".to_string());
    let code = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let qty = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let done = RwSignal::new(None::<String>);
    let quota_open = RwSignal::new(false);
    let record = move |_| {
        let (k, c, f, t_, q, n) = (
            kind.get_untracked(),
            code.get_untracked(),
            from.get_untracked(),
            to.get_untracked(),
            qty.get_untracked(),
            note.get_untracked(),
        );
        spawn_local(async move {
            let product = match api::product_by_code(&c).await {
                Ok(p) => p,
                Err(e) => return error.set(Some(e)),
            };
            let Ok(amount) = parse_decimal(&q) else {
                return error.set(Some(ErrorReply::plain(tr(lang(), "stock.bad_qty"))));
            };
            let (Ok(wh), to_wh) = (f.parse::<Id>(), t_.parse::<Id>()) else {
                return error.set(Some(ErrorReply::plain(tr(lang(), "stock.pick_warehouse"))));
            };
            let entry = match k.as_str() {
                "opening" => StockEntry::Opening {
                    product_id: product.id,
                    warehouse_id: wh,
                    qty: amount,
                },
                "count" => StockEntry::Count {
                    product_id: product.id,
                    warehouse_id: wh,
                    counted: amount,
                    reason: n,
                },
                "transfer" => match to_wh {
                    Ok(to) => StockEntry::Transfer {
                        product_id: product.id,
                        from: wh,
                        to,
                        qty: amount,
                        note: n,
                    },
                    Err(_) => {
                        return error
                            .set(Some(ErrorReply::plain(tr(lang(), "stock.pick_warehouse"))))
                    }
                },
                _ => StockEntry::Receipt {
                    product_id: product.id,
                    warehouse_id: wh,
                    qty: amount,
                    note: n,
                },
            };
            match api::stock_record(&entry).await {
                Ok(_) => {
                    error.set(None);
                    done.set(Some(format!(
                        "{} {}",
                        tr(lang(), "stock.recorded"),
                        product.data.sku
                    )));
                    qty.set(String::new());
                    note.set(String::new());
                    reload.update(|r| *r += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let wh_options = crate::widgets::warehouse_options(warehouses);
    view! {
        <section class="stock">
            <div class="toolbar">
                <h1>{t("nav.stock")}</h1>
                <input id="stock-search" class="search" type="search" placeholder=t("stock.search")
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                <select id="stock-warehouse" on:change=move |ev| warehouse.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t("stock.all_warehouses")}</option>
                    {wh_options}
                </select>
                <span class="spacer"></span>
                // Recording moves is a dialog; warehouses are managed in 设置: the list is
                // for looking stock up.
                <button id="stock-open-quota" on:click=move |_| {
                    quota_open.set(true);
                    request_animation_frame(|| crate::widgets::focus("quota-code-0"));
                }>{t("quota.open")}</button>
                <button id="stock-open-entry" on:click=move |_| {
                    entry_open.set(true);
                    request_animation_frame(|| crate::widgets::focus("stock-code"));
                }>{t("stock.entry_open")}</button>
            </div>
            <ErrorBanner error=error />
            {move || done.get().map(|d| view! { <div class="banner ok" id="stock-done">{d}</div> })}
            <TripStockDialog open=quota_open warehouses=warehouses reload=reload />
            {move || (!alerts.get().is_empty()).then(|| view! {
                <div class="card alerts" id="safety-alerts">
                    <h3>{t("stock.below_safety")}</h3>
                    <table class="grid small"><tbody>
                        {alerts.get().into_iter().map(|a| view! {
                            <tr class="low">
                                <td>{a.sku.clone()}</td><td>{a.name.clone()}</td>
                                <td>{t("stock.available")} " " {show(a.available)}</td>
                                <td>{t("stock.safety")} " " {show(a.safety_stock)}</td>
                                <td><b>{t("stock.suggested")} " " {show(a.suggested)} " " {a.unit.clone()}</b></td>
                            </tr>
                        }).collect_view()}
                    </tbody></table>
                </div>
            })}
            {move || entry_open.get().then(|| view! {
            <div class="dialog-backdrop" on:click=move |_| entry_open.set(false)>
            <div class="dialog" id="stock-dialog" role="dialog" on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { entry_open.set(false) }>
            <h2>{t("stock.entry_title")}</h2>
            {move || error.get().map(|e| view! { <div class="banner error" id="stock-entry-error">{e.message}</div> })}
            {move || done.get().map(|d| view! { <div class="banner ok" id="stock-entry-done">{d}</div> })}
            <div class="stock-entry" id="stock-entry">
                <select id="stock-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="receipt">{t("stock.receipt")}</option>
                    <option value="count">{t("stock.count")}</option>
                    <option value="transfer">{t("stock.transfer")}</option>
                    <option value="opening">{t("stock.opening")}</option>
                </select>
                <input id="stock-code" placeholder=t("stock.code") bind:value=code />
                <select id="stock-from" on:change=move |ev| from.set(event_target_value(&ev))>
                    <option value="">{t("stock.warehouse")}</option>{wh_options}
                </select>
                {move || (kind.get() == "transfer").then(|| view! {
                    <select id="stock-to" on:change=move |ev| to.set(event_target_value(&ev))>
                        <option value="">{t("stock.to")}</option>{wh_options}
                    </select>
                })}
                <input id="stock-qty" class="num" placeholder=move || if kind.get() == "count" { tr(lang(), "stock.counted") } else { tr(lang(), "stock.qty") } bind:value=qty />
                <input id="stock-note" placeholder=move || if kind.get() == "count" { tr(lang(), "stock.reason") } else { tr(lang(), "stock.note") } bind:value=note />
            </div>
            <div class="actions">
                <button id="stock-record" class="primary" on:click=record>{t("stock.record")}</button>
                <button id="stock-close" on:click=move |_| entry_open.set(false)>{t("stock.close")}</button>
            </div>
            </div>
            </div>
            })}
            {move || history.get().map(|(title, moves)| view! {
                <div class="history" id="stock-history">
                    <h3>{t("stock.history")} " · " {title}</h3>
                    <p id="stock-holders">{move || {
                        let h = holders.get();
                        if h.is_empty() {
                            tr(lang(), "stock.no_holders").to_string()
                        } else {
                            let list: Vec<String> = h.iter().map(|(n, q)| format!("{n} {}", show(*q))).collect();
                            format!("{}{}", tr(lang(), "stock.held_by"), list.join("，"))
                        }
                    }}</p>
                    <p id="stock-total">{move || {
                        let all = totals.get();
                        let on_hand: rust_decimal::Decimal = all.iter().map(|s| s.on_hand).sum();
                        let available: rust_decimal::Decimal = all.iter().map(|s| s.available).sum();
                        let each: Vec<String> = all.iter().map(|s| format!("{} {}/{}", s.warehouse, show(s.on_hand), show(s.available))).collect();
                        format!("{} {} · {} {} （{}）", tr(lang(), "stock.total_on_hand"), show(on_hand), tr(lang(), "stock.available"), show(available), each.join("，"))
                    }}</p>
                    <table class="grid">
                        <tbody>
                        {moves.into_iter().map(|m| view! {
                            <tr>
                                <td>{crate::format::timestamp(m.at_ms)}</td><td>{m.kind.label(lang())}</td>
                                <td>{m.warehouse}</td><td class="num">{show(m.qty)}</td><td>{m.note}</td><td>{m.by}</td>
                            </tr>
                        }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <table class="grid" id="stock-table">
                <thead><tr>
                    <th>{t("quote.sku")}</th><th>{t("quote.name")}</th><th>{t("quote.spec")}</th><th>{t("stock.warehouse")}</th>
                    <th>{t("stock.on_hand")}</th><th>{t("stock.reserved")}</th><th>{t("stock.quota")}</th><th>{t("stock.available")}</th><th>{t("stock.safety")}</th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let low = r.available < r.safety_stock;
                        let (pid, wid, title) = (r.product_id, r.warehouse_id, format!("{} {} · {}", r.sku, r.name, r.warehouse));
                        let key_title = title.clone();
                        view! {
                            <tr class="clickable" tabindex="0" class:low=low on:click=move |_| show_history(pid, wid, title.clone())
                                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { show_history(pid, wid, key_title.clone()) }>
                                <td>{r.sku.clone()}</td><td>{r.name.clone()}</td><td class="spec">{r.spec.clone()}</td><td>{r.warehouse.clone()}</td>
                                <td class="num">{show(r.on_hand)}</td><td class="num">{show(r.reserved)}</td><td class="num">{show(r.quota)}</td>
                                <td class="num">{show(r.available)}</td><td class="num">{show(r.safety_stock)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <QuotaPanel reload=reload />
        </section>
    }
}
