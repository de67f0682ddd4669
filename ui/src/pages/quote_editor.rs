//! 报价 entry, keyboard first: customer (Enter picks the first match) → product field (SKU,
//! barcode, name or pinyin initials; a scanner's Enter adds the line) → quantity (Enter goes
//! back to the product field). Each line shows its price rule, the customer's last price and
//! the stock of its warehouse, red when short. Totals are the domain's own arithmetic.

use crate::api;
use crate::app::{Page, UiState};
use crate::date_input::DateInput;
use crate::i18n::{lang, t, tr};
use crate::pages::history::History;
use crate::widgets::{focus, ErrorBanner};
use chrono::NaiveDate;
use fairdesk_core::capital::capital;
use fairdesk_core::pricing::PriceSource;
use fairdesk_core::quantity::{parse_decimal, show};
use fairdesk_core::quote::{
    totals, FeeKind, FeeLine, LineInfo, QuoteData, QuoteLine, QuoteStatus, QuoteView,
    WarehouseStock,
};
use fairdesk_core::{ErrorReply, FieldError, Id, Lang, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

/// What the entry screen knows about a line besides the line itself.
#[derive(Clone, Debug, PartialEq, Default)]
struct LineExtra {
    stock: Vec<WarehouseStock>,
    last_price: Option<(Decimal, NaiveDate)>,
    /// The price and source the rules gave (a typed price different from it is manual).
    rule: Option<(Decimal, Vec<fairdesk_core::pricing::Segment>, PriceSource)>,
}

fn extra_of(info: &LineInfo) -> LineExtra {
    LineExtra {
        stock: info.stock.clone(),
        last_price: info.last_price,
        rule: Some((
            info.priced.unit_price,
            info.priced.segments.clone(),
            info.priced.source.clone(),
        )),
    }
}

fn empty_quote(today: NaiveDate, tax_inclusive: bool) -> QuoteData {
    QuoteData::new(Id::NIL, today, tax_inclusive, Vec::new())
}

fn today() -> NaiveDate {
    let ms = js_sys::Date::now() as i64;
    fairdesk_core::mutation::local_date(ms)
}

/// "华东仓 库存50个，可用45个"
fn stock_text(lang: Lang, s: &WarehouseStock, unit: &str) -> String {
    let text = match lang {
        Lang::Zh => format!(
            "{} 库存{}{unit}，可用{}{unit}",
            s.warehouse,
            show(s.on_hand),
            show(s.available)
        ),
        Lang::En => format!(
            "{}: {} {unit} on hand, {} available",
            s.warehouse,
            show(s.on_hand),
            show(s.available)
        ),
    };
    // A desk selling on quota (库存额度) may sell its quota too.
    match (s.mine.is_zero(), lang) {
        (true, _) => text,
        (false, Lang::Zh) => format!("{text}，本机额度{}{unit}", show(s.mine)),
        (false, Lang::En) => format!("{text}, {} on this desk's quota", show(s.mine)),
    }
}

/// The warehouse to ship a new line from: the first that has all of it, else the one with most.
fn pick_warehouse(stock: &[WarehouseStock], qty: Decimal) -> Option<Id> {
    stock
        .iter()
        .find(|s| s.for_this_desk() >= qty)
        .or_else(|| stock.iter().max_by_key(|s| s.for_this_desk()))
        .map(|s| s.warehouse_id)
}

/// A quote command that only needs the quote's id (approve, accept, reject).
type QuoteAction = fn(Id) -> std::pin::Pin<Box<dyn std::future::Future<Output = api::Reply<()>>>>;

#[component]
pub fn QuoteEditor(id: Option<Id>) -> impl IntoView {
    let state = expect_context::<UiState>();
    let quote_id = RwSignal::new(id);
    let view_data = RwSignal::new(None::<QuoteView>);
    let data = RwSignal::new(empty_quote(today(), true));
    let extras = RwSignal::new(Vec::<LineExtra>::new());
    let customer_name = RwSignal::new(String::new());
    let customer_text = RwSignal::new(String::new());
    let product_text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let fields = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let pdf_path = RwSignal::new(String::new());
    let pdf_open = RwSignal::new(true);

    let status = move || {
        view_data
            .get()
            .map(|v| v.status)
            .unwrap_or(QuoteStatus::Draft)
    };
    let editable = move || {
        view_data
            .get()
            .is_none_or(|v| v.quote.status == QuoteStatus::Draft)
    };
    let role = move || state.status.get().map(|s| s.user.data.role);

    // Long texts count their characters as they are typed.
    let terms_typed = RwSignal::new(None::<String>);
    let notes_typed = RwSignal::new(None::<String>);
    // Quantities are checked as they are typed (a number above zero, whole for 个 and 箱).
    let typed = RwSignal::new(Vec::<FieldError>::new());
    let units = RwSignal::new(fairdesk_core::units::UnitTable::default());
    spawn_local(async move {
        if let Ok(u) = api::units_get().await {
            units.set(u);
        }
    });
    let check_qty = move |i: usize, text: &str, unit: &str| -> Option<Decimal> {
        let field = format!("lines.{i}.qty");
        let result = units.with_untracked(|u| u.parse_line_qty(text, unit));
        typed.update(|t| {
            t.retain(|f| f.field != field);
            if let Err(code) = &result {
                t.push(FieldError::new(field.clone(), code.clone()));
            }
        });
        result.ok()
    };

    let load = move |id: Id| {
        spawn_local(async move {
            match api::quote_get(id).await {
                Ok(v) => {
                    customer_name.set(v.customer_name.clone());
                    extras.set(
                        v.stock
                            .iter()
                            .map(|s| LineExtra {
                                stock: s.clone(),
                                ..Default::default()
                            })
                            .collect(),
                    );
                    data.set(v.quote.data.clone());
                    view_data.set(Some(v));
                    if pdf_path.get_untracked().is_empty() {
                        if let Ok(p) = api::quote_pdf_default_path(id).await {
                            pdf_path.set(p);
                        }
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    match id {
        Some(id) => load(id),
        None => {
            spawn_local(async move {
                if let Ok(p) = api::pricing_policy_get().await {
                    data.update(|d| d.tax_inclusive = p.tax_inclusive);
                }
            });
            request_animation_frame(|| focus("quote-customer"));
        }
    }

    let pick_customer = move || {
        let text = customer_text.get_untracked();
        spawn_local(async move {
            match api::customer_first(text).await {
                Ok(Some(c)) => {
                    data.update(|d| d.customer_id = c.id);
                    customer_name.set(c.name);
                    error.set(None);
                    focus("product-input");
                }
                Ok(None) => error.set(Some(ErrorReply::plain(tr(lang(), "quote.no_customer")))),
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // Re-prices a line after its quantity changed (tiers depend on it); a manual price stays.
    let reprice = move |i: usize, qty: Decimal| {
        let d = data.get_untracked();
        let Some(line) = d.lines.get(i).cloned() else {
            return;
        };
        data.update(|d| d.lines[i].qty = qty);
        if qty <= Decimal::ZERO {
            return;
        }
        spawn_local(async move {
            if let Ok(info) = api::quote_line_info(d.customer_id, line.product_id, qty).await {
                data.update(|d| {
                    if let Some(l) = d.lines.get_mut(i) {
                        // Short where it is: suggest a warehouse that has it all (still changeable).
                        let here = info
                            .stock
                            .iter()
                            .find(|s| Some(s.warehouse_id) == l.warehouse_id);
                        if here.is_none_or(|s| s.for_this_desk() < qty) {
                            l.warehouse_id = pick_warehouse(&info.stock, qty);
                        }
                        if !l.source.is_manual() {
                            l.unit_price = info.priced.unit_price;
                            l.segments = info.priced.segments.clone();
                            l.source = info.priced.source.clone();
                        }
                    }
                });
                extras.update(|x| {
                    if let Some(e) = x.get_mut(i) {
                        *e = extra_of(&info);
                    }
                });
            }
        });
    };

    let add_product = move || {
        let code = product_text.get_untracked().trim().to_string();
        let customer = data.get_untracked().customer_id;
        if code.is_empty() {
            return;
        }
        if customer == Id::NIL {
            error.set(Some(ErrorReply::plain(tr(
                lang(),
                "quote.pick_customer_first",
            ))));
            focus("quote-customer");
            return;
        }
        spawn_local(async move {
            let product = match api::product_by_code(&code).await {
                Ok(p) => Ok(p),
                Err(not_a_code) => match api::product_search(&code, false, 1).await {
                    Ok(found) => found.into_iter().next().ok_or(not_a_code),
                    Err(e) => Err(e),
                },
            };
            let product = match product {
                Ok(p) => p,
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            };
            match api::quote_line_info(customer, product.id, Decimal::ONE).await {
                Ok(info) => {
                    let p = &info.product;
                    let line = QuoteLine {
                        product_id: p.id,
                        sku: p.data.sku.clone(),
                        name: p.data.name.clone(),
                        spec: p.data.spec.clone(),
                        unit: p.data.unit.clone(),
                        qty: Decimal::ONE,
                        warehouse_id: pick_warehouse(&info.stock, Decimal::ONE),
                        list_price: p.data.list_price,
                        unit_price: info.priced.unit_price,
                        segments: info.priced.segments.clone(),
                        source: info.priced.source.clone(),
                        tax_rate: p.data.tax_rate,
                    };
                    let i = data.get_untracked().lines.len();
                    data.update(|d| d.lines.push(line));
                    extras.update(|x| x.push(extra_of(&info)));
                    product_text.set(String::new());
                    error.set(None);
                    request_animation_frame(move || focus(&format!("qty-{i}")));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let save = move |then: Option<QuoteStatus>| {
        // A quantity marked wrong as it was typed is fixed first: nothing else is saved in
        // its place.
        if let Some(first) = typed.get_untracked().first() {
            focus(&first.field.replace("lines.", "qty-").replace(".qty", ""));
            return;
        }
        let d = data.get_untracked();
        let id = quote_id.get_untracked();
        spawn_local(async move {
            let saved = if view_data
                .get_untracked()
                .is_none_or(|v| v.quote.status == QuoteStatus::Draft)
            {
                api::quote_save(id, &d).await
            } else {
                id.ok_or_else(|| ErrorReply::plain("?"))
            };
            let result = match saved {
                Ok(id) => {
                    quote_id.set(Some(id));
                    match then {
                        Some(to) => api::quote_set_status(id, to).await.map(|_| id),
                        None => Ok(id),
                    }
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(id) => {
                    error.set(None);
                    fields.set(Vec::new());
                    notice.set(Some(tr(lang(), "quote.saved").to_string()));
                    load(id);
                    state.refresh();
                }
                Err(e) => {
                    fields.set(e.fields.clone());
                    error.set(Some(e));
                    if let Some(id) = quote_id.get_untracked() {
                        load(id);
                    }
                }
            }
        });
    };

    let act = move |f: QuoteAction| {
        let Some(id) = quote_id.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match f(id).await {
                Ok(()) => {
                    error.set(None);
                    load(id);
                    state.refresh();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let new_version = move |_| {
        let Some(id) = quote_id.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::quote_new_version(id).await {
                Ok(v) => {
                    state.refresh();
                    state.go(Page::QuoteEdit(v));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let export = move |_| {
        let Some(id) = quote_id.get_untracked() else {
            return;
        };
        let (path, open) = (pdf_path.get_untracked(), pdf_open.get_untracked());
        spawn_local(async move {
            match api::quote_export_pdf(id, &path, open).await {
                Ok(p) => {
                    error.set(None);
                    notice.set(Some(format!("{}{p}", tr(lang(), "quote.exported"))));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    let pick_path = move |_| {
        let current = pdf_path.get_untracked();
        spawn_local(async move {
            if let Ok(Some(p)) = api::pick_pdf_path(&current).await {
                pdf_path.set(p);
            }
        });
    };

    let field_err = move |name: String| {
        let typed = typed.get();
        typed
            .iter()
            .chain(fields.get().iter())
            .find(|f| f.field == name)
            .map(|f| f.message(lang()))
    };
    let sums = move || totals(&data.get());

    view! {
        <section class="quote-editor">
            <div class="toolbar">
                <button class="link" on:click=move |_| state.go(Page::Quotes)>{t("quote.back")}</button>
                <h1 id="quote-title">
                    {move || view_data.get().map(|v| v.quote.display_number()).unwrap_or_else(|| tr(lang(), "quote.new").to_string())}
                </h1>
                <span id="quote-status" class=move || format!("status {}", status().as_str())>{move || status().label(lang())}</span>
                {move || view_data.get().filter(|v| v.quote.needs_approval()).map(|_| view! {
                    <span id="needs-approval" class="badge warn">{t("quote.needs_approval")}</span>
                })}
                {move || view_data.get().and_then(|v| v.approved_by_name).map(|n| view! {
                    <span class="badge ok" id="approved-by">{t("quote.approved_by")} " " {n}</span>
                })}
                <span class="spacer"></span>
            </div>
            <ErrorBanner error=error />
            {move || notice.get().map(|n| view! { <div class="banner ok" id="notice">{n}</div> })}
            <div class="quote-head">
                <label class="field">
                    <span class="label">{t("quote.customer")}</span>
                    <input id="quote-customer" placeholder=t("quote.customer_hint") prop:disabled=move || !editable()
                        prop:value=move || customer_text.get()
                        on:input=move |ev| customer_text.set(event_target_value(&ev))
                        on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { pick_customer() } />
                    <span class="chosen" id="quote-customer-name">{move || customer_name.get()}</span>
                    <span class="error">{move || field_err("customer_id".into())}</span>
                </label>
                <label class="field small">
                    <span class="label">{t("quote.valid_until")}</span>
                    <DateInput id="quote-valid-until" disabled=Signal::derive(move || !editable())
                        value=Signal::derive(move || data.get().valid_until.to_string())
                        on_set=Callback::new(move |v: String| if let Some(d) = fairdesk_core::validate::parse_date(&v) { data.update(|q| q.valid_until = d) }) />
                    <span class="error">{move || field_err("valid_until".into())}</span>
                </label>
                <label class="field small">
                    <span class="label">{t("quote.header_discount")}</span>
                    <input id="quote-discount" prop:disabled=move || !editable()
                        prop:value=move || show(data.get().header_discount_pct)
                        on:change=move |ev| {
                            let v = parse_decimal(&event_target_value(&ev)).unwrap_or(Decimal::ZERO);
                            data.update(|q| q.header_discount_pct = v);
                        } />
                    <span class="error">{move || field_err("header_discount_pct".into())}</span>
                </label>
                <span class="basis">{move || if data.get().tax_inclusive { t("quote.tax_inclusive")() } else { t("quote.tax_exclusive")() }}</span>
            </div>
            <div class="product-entry">
                <input id="product-input" class="search" placeholder=t("quote.product_hint") prop:disabled=move || !editable()
                    prop:value=move || product_text.get()
                    on:input=move |ev| product_text.set(event_target_value(&ev))
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { add_product() } />
            </div>
            <table class="grid quote-lines" id="quote-lines">
                <thead><tr>
                    // Seven columns that fit the 1024-px window: what goes with a figure sits
                    // under it (price source and last price under the price, stock under the
                    // warehouse, the VAT rate under the amount).
                    <th>"#"</th><th>{t("quote.item")}</th><th id="th-qty">{t("quote.qty")}</th>
                    <th id="th-price">{t("quote.price")}</th><th>{t("quote.stock")}</th>
                    <th id="th-amount" class="num">{t("quote.amount")}</th><th></th>
                </tr></thead>
                <tbody>
                {move || {
                    let d = data.get();
                    let x = extras.get();
                    let t_lines = totals(&d).lines;
                    let lang = lang();
                    let can_edit = editable();
                    d.lines.iter().enumerate().map(|(i, l)| {
                        let extra = x.get(i).cloned().unwrap_or_default();
                        let wh = extra.stock.iter().find(|s| Some(s.warehouse_id) == l.warehouse_id).cloned();
                        let short = wh.as_ref().is_some_and(|s| l.qty > s.for_this_desk());
                        let stock = wh.as_ref().map(|s| stock_text(lang, s, &l.unit)).unwrap_or_default();
                        let amount = t_lines.get(i).map(|a| a.gross.to_string()).unwrap_or_default();
                        let manual = l.source.is_manual();
                        let reason = match &l.source { PriceSource::Manual { reason } => reason.clone(), _ => String::new() };
                        let last = extra.last_price.map(|(p, d)| format!("{} ({d})", show(p))).unwrap_or_else(|| "—".into());
                        let warehouses = extra.stock.clone();
                        let wid = l.warehouse_id;
                        let row_id = format!("line-{i}");
                        let unit = l.unit.clone();
                        view! {
                            <tr id=row_id class:short=short>
                                <td>{i + 1}</td>
                                <td class="item"><div class="sku">{l.sku.clone()}</div>
                                    <div>{l.name.clone()} " " <small class="muted">{l.spec.clone()}</small></div></td>
                                <td class:invalid=move || typed.get().iter().any(|f| f.field == format!("lines.{i}.qty"))>
                                    <input class="num" id=format!("qty-{i}") prop:disabled=!can_edit prop:value=show(l.qty)
                                    on:input={ let unit = unit.clone(); move |ev| { check_qty(i, &event_target_value(&ev), &unit); } }
                                    on:change={ let unit = unit.clone(); move |ev| if let Some(q) = check_qty(i, &event_target_value(&ev), &unit) { reprice(i, q) } }
                                    on:keydown={ let unit = unit.clone(); move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" {
                                        if let Some(q) = check_qty(i, &event_target_value(&ev), &unit) {
                                            reprice(i, q);
                                            focus("product-input");
                                        }
                                    } } />
                                    <span class="error">{move || field_err(format!("lines.{i}.qty"))}</span></td>
                                <td><input class="num" id=format!("price-{i}") prop:disabled=!can_edit prop:value=show(l.unit_price)
                                    on:change=move |ev| if let Ok(p) = parse_decimal(&event_target_value(&ev)) {
                                        let rule = extras.get_untracked().get(i).and_then(|e| e.rule.clone());
                                        data.update(|d| {
                                            let line = &mut d.lines[i];
                                            match rule {
                                                Some((rp, segs, src)) if rp == p => { line.unit_price = rp; line.segments = segs; line.source = src; }
                                                _ => {
                                                    let reason = match &line.source { PriceSource::Manual { reason } => reason.clone(), _ => String::new() };
                                                    line.unit_price = p; line.segments.clear(); line.source = PriceSource::Manual { reason };
                                                    request_animation_frame(move || focus(&format!("reason-{i}")));
                                                }
                                            }
                                        });
                                    } />
                                    <span class="error">{move || field_err(format!("lines.{i}.unit_price"))}</span>
                                <div class="source">
                                    {if manual {
                                        view! { <input id=format!("reason-{i}") class="reason" placeholder=tr(lang, "quote.reason") prop:disabled=!can_edit prop:value=reason
                                            on:change=move |ev| { let r = event_target_value(&ev); data.update(|d| d.lines[i].source = PriceSource::Manual { reason: r }); } />
                                            <span class="error">{move || field_err(format!("lines.{i}.reason"))}</span> }.into_any()
                                    } else {
                                        view! { <span class="rule">{l.source.label(lang)}</span> }.into_any()
                                    }}
                                </div>
                                <div class="last muted" title=tr(lang, "quote.last_price")>{tr(lang, "quote.last_short")} " " {last}</div></td>
                                <td class="stock">
                                    <select id=format!("wh-{i}") prop:disabled=!can_edit on:change=move |ev| {
                                        let v = event_target_value(&ev).parse().ok();
                                        data.update(|d| d.lines[i].warehouse_id = v);
                                    }>
                                        {warehouses.iter().map(|w| view! {
                                            <option value=w.warehouse_id.to_string() selected=Some(w.warehouse_id) == wid>{w.warehouse.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                    <span class="stock-text" id=format!("stock-{i}")>{stock}</span>
                                </td>
                                <td class="num"><div class="amount" id=format!("amount-{i}")>{amount}</div>
                                    <div class="muted small">{tr(lang, "quote.tax_rate")} " " {format!("{}%", l.tax_rate.normalize())}</div></td>
                                <td>{can_edit.then(|| view! {
                                    <button class="link danger" id=format!("remove-{i}") title=tr(lang, "quote.remove") on:click=move |_| {
                                        data.update(|d| { d.lines.remove(i); });
                                        extras.update(|x| { if i < x.len() { x.remove(i); } });
                                    }>"×"</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()
                }}
                </tbody>
            </table>
            <div class="fees">
                {move || {
                    let d = data.get();
                    let can_edit = editable();
                    let lang = lang();
                    d.fees.iter().enumerate().map(|(i, f)| {
                        let kind = f.kind;
                        view! {
                            <div class="fee" id=format!("fee-{i}")>
                                <select prop:disabled=!can_edit on:change=move |ev| {
                                    let k = FeeKind::ALL.into_iter().find(|k| format!("{k:?}") == event_target_value(&ev)).unwrap_or(FeeKind::Other);
                                    data.update(|d| { d.fees[i].kind = k; d.fees[i].tax_rate = k.default_tax_rate(); });
                                }>
                                    {FeeKind::ALL.iter().map(|k| view! { <option value=format!("{k:?}") selected=*k == kind>{k.label(lang)}</option> }).collect_view()}
                                </select>
                                <input placeholder=tr(lang, "quote.fee_note") prop:disabled=!can_edit prop:value=f.description.clone()
                                    on:change=move |ev| { let v = event_target_value(&ev); data.update(|d| d.fees[i].description = v); } />
                                <input class="num" id=format!("fee-amount-{i}") prop:disabled=!can_edit prop:value=show(f.amount)
                                    on:change=move |ev| { let v = parse_decimal(&event_target_value(&ev)).unwrap_or(Decimal::ZERO); data.update(|d| d.fees[i].amount = v); } />
                                <span>{format!("{}%", f.tax_rate.normalize())}</span>
                                <span class="error">{move || field_err(format!("fees.{i}.amount"))}</span>
                                {can_edit.then(|| view! { <button class="link danger" on:click=move |_| data.update(|d| { d.fees.remove(i); })>"×"</button> })}
                            </div>
                        }
                    }).collect_view()
                }}
                {move || editable().then(|| view! {
                    <button id="add-fee" class="link" on:click=move |_| data.update(|d| d.fees.push(FeeLine {
                        kind: FeeKind::Freight, description: String::new(), amount: Decimal::ZERO, tax_rate: FeeKind::Freight.default_tax_rate(),
                    }))>{t("quote.add_fee")}</button>
                })}
            </div>
            <div class="totals" id="quote-totals">
                <div>{t("quote.net")} <b id="total-net">{move || sums().total.net.to_string()}</b></div>
                <div>{t("quote.tax")} <b id="total-tax">{move || sums().total.tax.to_string()}</b></div>
                <div>{t("quote.gross")} <b id="total-gross">{move || sums().total.gross.to_string()}</b></div>
                <div class="capital" id="total-capital">{t("quote.capital")} {move || capital(sums().total.gross)}</div>
            </div>
            <div class="quote-notes">
                <label class="field"><span class="label">{t("quote.terms")}</span>
                    <textarea id="quote-terms" prop:disabled=move || !editable() prop:value=move || data.get().terms
                        on:input=move |ev| terms_typed.set(Some(event_target_value(&ev)))
                        on:change=move |ev| { let v = event_target_value(&ev); data.update(|d| d.terms = v); }></textarea>
                    <crate::widgets::CharCount text=Signal::derive(move || terms_typed.get().unwrap_or_else(|| data.get().terms)) max=2000 id="quote-terms-count" /></label>
                <label class="field"><span class="label">{t("quote.notes")}</span>
                    <textarea id="quote-notes" prop:disabled=move || !editable() prop:value=move || data.get().notes
                        on:input=move |ev| notes_typed.set(Some(event_target_value(&ev)))
                        on:change=move |ev| { let v = event_target_value(&ev); data.update(|d| d.notes = v); }></textarea>
                    <crate::widgets::CharCount text=Signal::derive(move || notes_typed.get().unwrap_or_else(|| data.get().notes)) max=2000 id="quote-notes-count" /></label>
            </div>
            <div class="actions">
                {move || editable().then(|| view! {
                    <button id="quote-save" class="primary" on:click=move |_| save(None)>{t("quote.save")}</button>
                    <button id="quote-send" title=t("quote.send_hint") on:click=move |_| save(Some(QuoteStatus::Sent))>{t("quote.send")}</button>
                })}
                {move || (view_data.get().is_some_and(|v| v.quote.needs_approval())
                    && matches!(role(), Some(Role::Admin | Role::Manager))).then(|| view! {
                    <button id="quote-approve" on:click=move |_| act(|id| Box::pin(api::quote_approve(id)))>{t("quote.approve")}</button>
                })}
                {move || (status() == QuoteStatus::Sent).then(|| view! {
                    <button id="quote-accept" class="primary" on:click=move |_| act(|id| Box::pin(api::quote_set_status(id, QuoteStatus::Accepted)))>{t("quote.accept")}</button>
                    <button id="quote-reject" on:click=move |_| act(|id| Box::pin(api::quote_set_status(id, QuoteStatus::Rejected)))>{t("quote.reject")}</button>
                })}
                {move || quote_id.get().map(|_| view! {
                    <button id="quote-new-version" on:click=new_version>{t("quote.new_version")}</button>
                })}
                {move || (status() == QuoteStatus::Accepted).then(|| view! {
                    <button id="quote-to-order" class="primary" on:click=move |_| {
                        let Some(id) = quote_id.get_untracked() else { return };
                        spawn_local(async move {
                            match api::order_from_quote(id).await {
                                Ok(order) => state.go(Page::OrderDetail(order)),
                                Err(e) => error.set(Some(e)),
                            }
                        });
                    }>{t("quote.to_order")}</button>
                })}
                {move || view_data.get().filter(|v| v.versions.len() > 1).map(|v| {
                    let need = v.quote.need_id;
                    view! { <button id="quote-compare" on:click=move |_| state.go(Page::QuoteCompare(need))>{t("quote.compare")}</button> }
                })}
            </div>
            {move || quote_id.get().map(|_| view! {
                <div class="pdf-export">
                    <input id="pdf-path" class="path" prop:value=move || pdf_path.get() on:input=move |ev| pdf_path.set(event_target_value(&ev)) />
                    <button id="pdf-pick" on:click=pick_path>{t("quote.pdf_pick")}</button>
                    <label class="check"><input type="checkbox" id="pdf-open" prop:checked=move || pdf_open.get()
                        on:change=move |ev| pdf_open.set(event_target_checked(&ev)) />{t("quote.pdf_open")}</label>
                    <button id="pdf-export" class="primary" on:click=export>{t("quote.pdf_export")}</button>
                </div>
            })}
            {move || view_data.get().map(|v| {
                let today_status = |r: &fairdesk_core::quote::QuoteRow| r.status;
                view! {
                    <div class="versions" id="quote-versions">
                        <h3>{t("quote.versions")}</h3>
                        {v.versions.iter().map(|r| {
                            let id = r.id;
                            let current = id == v.quote.id;
                            view! {
                                <a class="version" tabindex="0" class:current=current on:click=move |_| state.go(Page::QuoteEdit(id))
                                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { state.go(Page::QuoteEdit(id)) }>
                                    {format!("v{}", r.version)} " " {today_status(r).label(lang())} " " {r.gross.to_string()}
                                </a>
                            }
                        }).collect_view()}
                    </div>
                    <div class="history">
                        <h3>{t("detail.history")}</h3>
                        <History id="quote-history" entries=v.history.clone() />
                    </div>
                }
            })}
        </section>
    }
}
