//! 库存额度 on the stock screen: every desk's quota of each product in each warehouse (the
//! pool is the stock list's 可用), and 出差备货 — a dialog to take quotas for a list of products
//! before going offline. The server grants them (whole, part or nothing) and the dialog shows
//! each line's answer as soon as the sync brings it.

use crate::api;
use crate::app::UiState;
use crate::i18n::{lang, t, tr};
use crate::widgets::ErrorBanner;
use fairdesk_core::catalog::Warehouse;
use fairdesk_core::quantity::{parse_decimal, show};
use fairdesk_core::quota::{QuotaAsk, QuotaMove, QuotaRow};
use fairdesk_core::{ErrorReply, Id, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The quota panel: one row per desk × product × warehouse.
#[component]
pub fn QuotaPanel(reload: RwSignal<u32>) -> impl IntoView {
    let state = expect_context::<UiState>();
    let manager = move || {
        state
            .status
            .get()
            .is_some_and(|s| matches!(s.user.data.role, Role::Admin | Role::Manager))
    };
    let rows = RwSignal::new(Vec::<QuotaRow>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        reload.track();
        // Sync answers (grants, returns) arrive with the status the top bar polls.
        state.sync.track();
        spawn_local(async move {
            let _ = rows.try_set(api::quota_rows().await.unwrap_or_default());
        });
    });
    let give_back = move |key: (Id, Id)| {
        spawn_local(async move {
            match api::quota_return(&[key]).await {
                Ok(()) => {
                    error.set(None);
                    done.set(Some(tr(lang(), "quota.returned_done").to_string()));
                    reload.update(|r| *r += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let recall = move |device: Id| {
        spawn_local(async move {
            match api::quota_recall(device).await {
                Ok(()) => {
                    error.set(None);
                    done.set(Some(tr(lang(), "quota.recalled_done").to_string()));
                    reload.update(|r| *r += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {move || (!rows.get().is_empty()).then(|| view! {
        <div class="card quotas" id="quota-panel">
            <h3>{t("quota.title")}</h3>
            <p class="muted">{t("quota.hint")}</p>
            <ErrorBanner error=error />
            {move || done.get().map(|d| view! { <div class="banner ok" id="quota-done">{d}</div> })}
            <table class="grid small" id="quota-table">
                <thead><tr>
                    <th>{t("quota.desk")}</th><th>{t("quote.sku")}</th><th>{t("quote.name")}</th><th>{t("stock.warehouse")}</th>
                    <th>{t("quota.granted")}</th><th>{t("quota.used")}</th><th>{t("quota.returned")}</th><th>{t("quota.left")}</th>
                    <th></th><th></th>
                </tr></thead>
                <tbody>
                {rows.get().into_iter().enumerate().map(|(i, r)| {
                    let key = (r.product_id, r.warehouse_id);
                    let device = r.device_id;
                    let status = if r.waiting > rust_decimal::Decimal::ZERO {
                        format!("{} {}", tr(lang(), "quota.waiting"), show(r.waiting))
                    } else if r.recalled {
                        tr(lang(), "quota.recalled").to_string()
                    } else {
                        String::new()
                    };
                    let desk = if r.mine {
                        format!("{} · {}", tr(lang(), "quota.this_desk"), r.holder)
                    } else {
                        r.holder.clone()
                    };
                    let left = r.outstanding > rust_decimal::Decimal::ZERO;
                    view! {
                        <tr id=format!("quota-row-{i}") class:mine=r.mine>
                            <td>{desk}</td><td>{r.sku.clone()}</td><td>{r.name.clone()}</td><td>{r.warehouse.clone()}</td>
                            <td class="num">{show(r.granted)}</td><td class="num">{show(r.used)}</td>
                            <td class="num">{show(r.returned)}</td><td class="num"><b>{show(r.outstanding)}</b></td>
                            <td class="muted">{status}</td>
                            <td>
                                {(r.mine && left).then(|| view! {
                                    <button class="link" id=format!("quota-return-{i}") on:click=move |_| give_back(key)>{t("quota.return")}</button>
                                })}
                                {(!r.mine && left && !r.recalled && manager()).then(|| view! {
                                    <button class="link" id=format!("quota-recall-{i}") on:click=move |_| recall(device)>{t("quota.recall")}</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table>
        </div>
        })}
    }
}

/// One line of the 出差备货 dialog as typed.
#[derive(Clone)]
struct Line {
    code: RwSignal<String>,
    warehouse: RwSignal<String>,
    qty: RwSignal<String>,
}

impl Line {
    fn new() -> Line {
        Line {
            code: RwSignal::new(String::new()),
            warehouse: RwSignal::new(String::new()),
            qty: RwSignal::new(String::new()),
        }
    }
}

/// 出差备货: quotas for a list of products, asked for in one request.
#[component]
pub fn TripStockDialog(
    open: RwSignal<bool>,
    warehouses: RwSignal<Vec<Warehouse>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let state = expect_context::<UiState>();
    let lines = RwSignal::new(vec![Line::new()]);
    let error = RwSignal::new(None::<ErrorReply>);
    // The request made, and what the server answered (line by line).
    let take = RwSignal::new(None::<(Id, Vec<String>)>);
    let grants = RwSignal::new(Vec::<QuotaMove>::new());
    Effect::new(move |_| {
        state.sync.track();
        if let Some((id, _)) = take.get() {
            spawn_local(async move {
                let g = api::quota_grants(id).await.unwrap_or_default();
                if g.iter().all(|m| m.answered) {
                    reload.update(|r| *r += 1);
                }
                let _ = grants.try_set(g);
            });
        }
    });
    let submit = move |_| {
        let typed: Vec<(String, String, String)> = lines.with_untracked(|ls| {
            ls.iter()
                .map(|l| {
                    (
                        l.code.get_untracked().trim().to_string(),
                        l.warehouse.get_untracked(),
                        l.qty.get_untracked(),
                    )
                })
                .filter(|(c, _, _)| !c.is_empty())
                .collect()
        });
        spawn_local(async move {
            let mut asks = Vec::new();
            let mut names = Vec::new();
            for (n, (code, wh, qty)) in typed.into_iter().enumerate() {
                let row = format!("#{}", n + 1);
                let product = match api::product_by_code(&code).await {
                    Ok(p) => p,
                    Err(e) => {
                        return error.set(Some(ErrorReply::plain(format!("{row}：{}", e.message))))
                    }
                };
                let Ok(warehouse_id) = wh.parse::<Id>() else {
                    return error.set(Some(ErrorReply::plain(format!(
                        "{row}：{}",
                        tr(lang(), "stock.pick_warehouse")
                    ))));
                };
                let Ok(qty) = parse_decimal(&qty) else {
                    return error.set(Some(ErrorReply::plain(format!(
                        "{row}：{}",
                        tr(lang(), "stock.bad_qty")
                    ))));
                };
                names.push(format!("{} {}", product.data.sku, product.data.name));
                asks.push(QuotaAsk {
                    product_id: product.id,
                    warehouse_id,
                    qty,
                });
            }
            if asks.is_empty() {
                return error.set(Some(ErrorReply::plain(tr(lang(), "quota.nothing"))));
            }
            match api::quota_take(&asks).await {
                Ok(id) => {
                    error.set(None);
                    grants.set(api::quota_grants(id).await.unwrap_or_default());
                    take.set(Some((id, names)));
                    reload.update(|r| *r += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let wh_options = crate::widgets::warehouse_options(warehouses);
    let close = move || {
        open.set(false);
        take.set(None);
        grants.set(Vec::new());
        lines.set(vec![Line::new()]);
    };
    view! {
        {move || open.get().then(|| view! {
        <div class="dialog-backdrop" on:click=move |_| close()>
        <div class="dialog" id="quota-dialog" role="dialog" on:click=|ev| ev.stop_propagation()
            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { close() }>
            <h2>{t("quota.dialog_title")}</h2>
            <p class="muted">{t("quota.dialog_hint")}</p>
            <ErrorBanner error=error />
            {move || match take.get() {
                None => view! {
                    <table class="grid small" id="quota-lines">
                        <tbody>
                        {move || lines.get().into_iter().enumerate().map(|(i, l)| view! {
                            <tr>
                                <td><input id=format!("quota-code-{i}") placeholder=t("stock.code") bind:value=l.code /></td>
                                <td><select id=format!("quota-wh-{i}") on:change=move |ev| l.warehouse.set(event_target_value(&ev))>
                                    <option value="">{t("stock.warehouse")}</option>{wh_options}
                                </select></td>
                                <td><input id=format!("quota-qty-{i}") class="num" placeholder=t("stock.qty") bind:value=l.qty
                                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" {
                                        // Enter on the last quantity adds a line (keyboard-first).
                                        let n = lines.with_untracked(|v| v.len());
                                        if i + 1 == n {
                                            lines.update(|v| v.push(Line::new()));
                                            request_animation_frame(move || crate::widgets::focus(&format!("quota-code-{n}")));
                                        }
                                    } /></td>
                            </tr>
                        }).collect_view()}
                        </tbody>
                    </table>
                    <div class="actions">
                        <button id="quota-add-line" on:click=move |_| lines.update(|v| v.push(Line::new()))>{t("quota.add_line")}</button>
                        <button id="quota-take" class="primary" on:click=submit>{t("quota.take")}</button>
                        <button id="quota-close" on:click=move |_| close()>{t("stock.close")}</button>
                    </div>
                }.into_any(),
                Some((_, names)) => view! {
                    <ul id="quota-result">
                        {move || grants.get().into_iter().enumerate().map(|(i, g)| {
                            let name = names.get(i).cloned().unwrap_or_default();
                            let answer = if !g.answered {
                                tr(lang(), "quota.awaiting").to_string()
                            } else if g.qty == g.asked {
                                format!("{} {}", tr(lang(), "quota.granted_all"), show(g.qty))
                            } else if g.qty.is_zero() {
                                tr(lang(), "quota.granted_none").to_string()
                            } else {
                                format!("{} {} / {}", tr(lang(), "quota.granted_part"), show(g.qty), show(g.asked))
                            };
                            view! { <li id=format!("quota-result-{i}")>{format!("{name}：{} {} → {answer}", tr(lang(), "quota.asked"), show(g.asked))}</li> }
                        }).collect_view()}
                    </ul>
                    <div class="actions">
                        <button id="quota-close" class="primary" on:click=move |_| close()>{t("stock.close")}</button>
                    </div>
                }.into_any(),
            }}
        </div>
        </div>
        })}
    }
}
