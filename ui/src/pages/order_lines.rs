//! An order's lines: product, quantity, price, the warehouse it ships from (a draft's lines
//! can move to another warehouse, each offered with what it has available) and what the pool
//! held at submit (缺货 with the short quantity).

use crate::i18n::{lang, t, tr};
use fairdesk_core::order::{OrderData, OrderStatus, OrderView};
use fairdesk_core::quantity::show;
use fairdesk_core::Id;
use leptos::prelude::*;
use std::collections::HashMap;

/// A change to the draft, stored by the order screen.
pub type Edit = Box<dyn FnOnce(&mut OrderData)>;

#[component]
pub fn OrderLines(
    view: OrderView,
    names: RwSignal<HashMap<String, String>>,
    edit: impl Fn(Edit) + Copy + 'static,
) -> impl IntoView {
    let o = view.order;
    let draft = o.status == OrderStatus::Draft;
    let amounts = o.line_amounts();
    // Quantities are checked as they are typed; a wrong one is marked and not applied.
    let typed = RwSignal::new(HashMap::<usize, String>::new());
    let units = RwSignal::new(fairdesk_core::units::UnitTable::default());
    if draft {
        leptos::task::spawn_local(async move {
            if let Ok(u) = crate::api::units_get().await {
                units.set(u);
            }
        });
    }
    let check = move |i: usize, text: &str, unit: &str| -> Option<rust_decimal::Decimal> {
        let result = units.with_untracked(|u| u.parse_line_qty(text, unit));
        typed.update(|t| match &result {
            Ok(_) => {
                t.remove(&i);
            }
            Err(code) => {
                t.insert(i, code.message(lang()));
            }
        });
        result.ok()
    };
    let rows = o.data.lines.iter().enumerate().map(|(i, l)| {
        let unit = l.unit.clone();
        let amount = amounts.get(i).map(|a| a.to_string()).unwrap_or_default();
        let st = o.stock.get(i).cloned().unwrap_or_default();
        let short = !st.short.is_zero();
        // What left with deliveries, beside what is still held (the rep's "发了多少").
        let shipped = o.shipped.get(i).copied().unwrap_or_default();
        let shipped = (!shipped.is_zero()).then(|| {
            view! { <span class="muted shipped">{format!(" · {} {}", tr(lang(), "ship.shipped"), show(shipped))}</span> }
        });
        // Held from this desk's stock quota (库存额度): certain even offline.
        let from_quota = (!st.quota.is_zero()).then(|| {
            view! { <span class="muted quota">{format!(" · {} {}", tr(lang(), "order.from_quota"), show(st.quota))}</span> }
        });
        let here = l.warehouse_id;
        let offers = view.stock.get(i).cloned().unwrap_or_default();
        let qty_cell = if draft {
            view! {
                <span class="qty-edit" class:invalid=move || typed.get().contains_key(&i)>
                <input class="num" id=format!("order-qty-{i}") prop:value=show(l.qty)
                    on:input={ let unit = unit.clone(); move |ev| { check(i, &event_target_value(&ev), &unit); } }
                    on:change={ let unit = unit.clone(); move |ev| {
                        if let Some(q) = check(i, &event_target_value(&ev), &unit) {
                            edit(Box::new(move |d| d.lines[i].qty = q));
                        }
                    } }
                    on:keydown={ let unit = unit.clone(); move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" {
                        if let Some(q) = check(i, &event_target_value(&ev), &unit) {
                            edit(Box::new(move |d| d.lines[i].qty = q));
                        }
                    } } />
                " " {unit.clone()}
                <span class="error" id=format!("order-qty-{i}-error")>{move || typed.get().get(&i).cloned()}</span>
                </span>
            }
            .into_any()
        } else {
            view! { <span>{show(l.qty)} " " {l.unit.clone()}</span> }.into_any()
        };
        let warehouse_cell = if draft {
            view! {
                <select id=format!("order-wh-{i}") on:change=move |ev| {
                    if let Ok(w) = event_target_value(&ev).parse::<Id>() {
                        edit(Box::new(move |d| d.lines[i].warehouse_id = w));
                    }
                }>
                    {offers.iter().map(|s| view! {
                        <option value=s.warehouse_id.to_string() selected=s.warehouse_id == here>
                            {if s.mine.is_zero() {
                                format!("{}（{} {}）", s.warehouse, tr(lang(), "order.available"), show(s.available))
                            } else {
                                format!("{}（{} {} · {} {}）", s.warehouse, tr(lang(), "order.available"), show(s.available), tr(lang(), "order.my_quota"), show(s.mine))
                            }}
                        </option>
                    }).collect_view()}
                </select>
            }
            .into_any()
        } else {
            let id = here.to_string();
            view! { <span>{move || names.get().get(&id).cloned().unwrap_or_default()}</span> }.into_any()
        };
        view! {
            <tr class:short=short id=format!("order-line-{i}")>
                <td>{l.sku.clone()}</td><td>{l.name.clone()}</td><td class="spec">{l.spec.clone()}</td>
                <td class="num">{qty_cell}</td><td class="num">{show(l.unit_price)}</td>
                <td class="num amount">{amount}</td>
                <td>{warehouse_cell}</td>
                <td class="num">{show(st.reserved)}{shipped}{from_quota}</td>
                <td class="num">{if st.pending.is_zero() {
                    short.then(|| show(st.short)).into_any()
                } else {
                    view! { <span class="badge warn" id=format!("order-pending-{i}")>{format!("{} {}", tr(lang(), "order.pending"), show(st.pending))}</span> }.into_any()
                }}</td>
                <td>{draft.then(|| view! {
                    <button class="link" id=format!("order-remove-{i}") on:click=move |_| edit(Box::new(move |d| { d.lines.remove(i); }))>{t("quote.remove")}</button>
                })}</td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="grid" id="order-lines">
            <thead><tr>
                <th>{t("quote.sku")}</th><th>{t("quote.name")}</th><th>{t("quote.spec")}</th><th>{t("quote.qty")}</th><th>{t("quote.price")}</th>
                <th>{t("quote.amount")}</th>
                <th>{t("order.warehouse")}</th><th>{t("order.reserved")}</th><th>{t("order.short")}</th><th></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
