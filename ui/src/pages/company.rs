//! 设置 → 公司信息 (printed on every document, logo included) and 价格策略 (price basis,
//! level discounts, per-role floors, price rules).

use crate::api;
use crate::date_input::DateInput;
use crate::i18n::{lang, t, tr};
use crate::widgets::{ErrorBanner, Field};
use fairdesk_core::catalog::CompanyProfile;
use fairdesk_core::customer::view::CustomerQuery;
use fairdesk_core::pricing::{
    PriceRule, PriceRuleData, PriceRuleKind, PricingPolicy, RulePrice, Target, TierStep,
};
use fairdesk_core::quantity::{parse_decimal, show};
use fairdesk_core::shipping::{Carrier, LabelSize};
use fairdesk_core::{ErrorReply, FieldError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub fn CompanySettings() -> impl IntoView {
    let s = || RwSignal::new(String::new());
    let (name, address, phone, tax_id, bank, account) = (s(), s(), s(), s(), s(), s());
    let logo = RwSignal::new(None::<String>);
    let label_size = RwSignal::new(LabelSize::default());
    let carrier_codes = RwSignal::new(std::collections::BTreeMap::<Carrier, String>::new());
    // As typed: empty is the default (3 days); anything but a whole number is refused on save.
    let stall_days = RwSignal::new(std::collections::BTreeMap::<Carrier, String>::new());
    let logo_name = RwSignal::new(None::<String>);
    let invoice_on_order = RwSignal::new(false);
    let quota_days = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let saved = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(c) = api::company_get().await {
            name.set(c.name);
            address.set(c.address);
            phone.set(c.phone);
            tax_id.set(c.tax_id);
            bank.set(c.bank);
            account.set(c.account);
            logo.set(c.logo_base64);
            label_size.set(c.label_size);
            carrier_codes.set(c.carrier_codes);
            invoice_on_order.set(c.invoice_on_order);
            quota_days.set(c.quota_days.map(|d| d.to_string()).unwrap_or_default());
            stall_days.set(
                c.stall_days
                    .into_iter()
                    .map(|(c, d)| (c, d.to_string()))
                    .collect(),
            );
        }
    });
    let save = move |_| {
        let profile = CompanyProfile {
            name: name.get_untracked(),
            address: address.get_untracked(),
            phone: phone.get_untracked(),
            tax_id: tax_id.get_untracked(),
            bank: bank.get_untracked(),
            account: account.get_untracked(),
            logo_base64: logo.get_untracked(),
            label_size: label_size.get_untracked(),
            carrier_codes: carrier_codes.get_untracked(),
            stall_days: stall_days
                .get_untracked()
                .into_iter()
                .filter(|(_, d)| !d.trim().is_empty())
                .map(|(c, d)| (c, d.trim().parse().unwrap_or(0)))
                .collect(),
            invoice_on_order: invoice_on_order.get_untracked(),
            // Blank keeps the default; anything else the domain checks (1–90 days).
            quota_days: quota_days.with_untracked(|d| {
                let d = d.trim();
                (!d.is_empty()).then(|| d.parse().unwrap_or(0))
            }),
        };
        spawn_local(async move {
            match api::company_save(&profile).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    errors.set(e.fields.clone());
                    error.set(Some(e));
                    saved.set(false);
                }
            }
        });
    };
    // A logo file becomes base64 in the company details (it syncs with them).
    let pick_logo = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        logo_name.set(Some(file.name()));
        spawn_local(async move {
            let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buf).to_vec();
            use base64::Engine;
            logo.set(Some(
                base64::engine::general_purpose::STANDARD.encode(&bytes),
            ));
        });
    };
    view! {
        <div class="card" id="company-settings">
            <h2>{t("company.title")}</h2>
            <ErrorBanner error=error />
            <div class="row">
                <Field label="company.name" name="company_name" value=name errors=errors />
                <Field label="company.phone" name="phone" value=phone errors=errors />
                <Field label="company.tax_id" name="tax_id" value=tax_id errors=errors />
            </div>
            <div class="row">
                <Field label="company.address" name="address" value=address errors=errors />
                <Field label="company.bank" name="bank" value=bank errors=errors />
                <Field label="company.account" name="account" value=account errors=errors />
            </div>
            <label class="field"><span class="label">{t("company.logo")}</span>
                // The native picker's "Choose File / no file selected" would be English in the
                // Chinese UI: the input stays hidden, the app's own button opens it.
                <input type="file" id="company-logo" class="file-hidden" accept="image/png,image/jpeg" on:change=pick_logo />
                <span class="file-pick">
                    <button type="button" id="company-logo-pick" on:click=move |_| {
                        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("company-logo")).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                            el.click();
                        }
                    }>{t("company.logo_pick")}</button>
                    <span class="muted" id="company-logo-name">{move || logo_name.get().unwrap_or_else(|| tr(lang(), if logo.get().is_some() { "company.logo_set" } else { "company.logo_none" }).to_string())}</span>
                </span>
                {move || logo.get().map(|l| view! { <img class="logo-preview" src=format!("data:image/png;base64,{l}") /> })}
                <span class="error">{move || errors.get().iter().find(|e| e.field == "logo").map(|e| e.message(lang()))}</span>
            </label>
            <label class="field inline"><span class="label">{t("company.label_size")}</span>
                <select id="company-label-size" on:change=move |ev| {
                    let i: usize = event_target_value(&ev).parse().unwrap_or(1);
                    label_size.set(LabelSize::ALL[i.min(LabelSize::ALL.len() - 1)]);
                }>
                    {LabelSize::ALL.iter().enumerate().map(|(i, z)| {
                        let z = *z;
                        view! { <option value=i.to_string() selected=move || label_size.get() == z>{z.label(lang())}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field inline"><span class="label">{t("company.invoice_basis")}</span>
                <select id="company-invoice-basis" on:change=move |ev| invoice_on_order.set(event_target_value(&ev) == "order")>
                    <option value="shipped" selected=move || !invoice_on_order.get()>{t("company.invoice_shipped")}</option>
                    <option value="order" selected=move || invoice_on_order.get()>{t("company.invoice_ordered")}</option>
                </select>
            </label>
            <label class="field inline"><span class="label">{t("company.quota_days")}</span>
                <input id="company-quota-days" class="num" inputmode="numeric" placeholder="7"
                    prop:value=move || quota_days.get()
                    on:input=move |ev| quota_days.set(event_target_value(&ev))/>
                <span class="muted">{t("company.quota_days_hint")}</span>
            </label>
            <details class="carrier-codes" id="carrier-codes">
                <summary>{t("company.carrier_codes")}</summary>
                <p class="muted">{t("company.carrier_codes_hint")}</p>
                <div class="row">
                    {Carrier::ALL.iter().filter(|c| c.is_tracked()).map(|c| {
                        let c = *c;
                        view! {
                            <label class="field"><span class="label">{c.label(lang())}</span>
                                <input id=format!("carrier-code-{}", c.tracking_code().unwrap_or_default())
                                    placeholder=c.tracking_code().unwrap_or_default()
                                    prop:value=move || carrier_codes.with(|m| m.get(&c).cloned().unwrap_or_default())
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        carrier_codes.update(|m| { if v.trim().is_empty() { m.remove(&c); } else { m.insert(c, v); } });
                                    } />
                                <input class="num short" id=format!("stall-days-{}", c.tracking_code().unwrap_or_default())
                                    title=t("company.stall_days")
                                    placeholder=fairdesk_core::shipping::DEFAULT_STALL_DAYS.to_string()
                                    prop:value=move || stall_days.with(|m| m.get(&c).cloned().unwrap_or_default())
                                    on:input=move |ev| {
                                        let v = event_target_value(&ev);
                                        stall_days.update(|m| { m.insert(c, v); });
                                    } />
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="muted">{t("company.stall_days_hint")}</p>
                <span class="error">{move || errors.get().iter().find(|e| e.field == "carrier_codes").map(|e| e.message(lang()))}</span>
                <span class="error" id="stall-days-error">{move || errors.get().iter().find(|e| e.field == "stall_days").map(|e| e.message(lang()))}</span>
            </details>
            <button id="company-save" class="primary" on:click=save>{t("quote.save")}</button>
            {move || saved.get().then(|| view! { <span class="ok">{t("company.saved")}</span> })}
        </div>
    }
}

/// 设置 → 计量单位: each unit and how many decimals its quantities may have (0 = whole
/// numbers: 个, 箱; 3 for kg). Checked on every quote, order and stock line, desk and server.
#[component]
pub fn UnitSettings() -> impl IntoView {
    let rows = RwSignal::new(Vec::<(RwSignal<String>, RwSignal<String>)>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let saved = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            if let Ok(table) = api::units_get().await {
                rows.set(
                    table
                        .0
                        .into_iter()
                        .map(|r| (RwSignal::new(r.unit), RwSignal::new(r.decimals.to_string())))
                        .collect(),
                );
            }
        })
    };
    load();
    let save = move |_| {
        let mut table = Vec::new();
        let mut bad = Vec::new();
        for (i, (unit, decimals)) in rows.get_untracked().iter().enumerate() {
            match decimals.get_untracked().trim().parse::<u32>() {
                Ok(d) => table.push(fairdesk_core::units::UnitRule {
                    unit: unit.get_untracked(),
                    decimals: d,
                }),
                Err(_) => bad.push(FieldError::new(
                    format!("units.{i}.decimals"),
                    fairdesk_core::ErrorCode::NotANumber,
                )),
            }
        }
        if !bad.is_empty() {
            errors.set(bad);
            return;
        }
        let table = fairdesk_core::units::UnitTable(table);
        spawn_local(async move {
            match api::units_save(&table).await {
                Ok(()) => {
                    errors.set(Vec::new());
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    errors.set(e.fields.clone());
                    error.set(Some(e));
                    saved.set(false);
                }
            }
        });
    };
    let err = move |field: String| {
        errors
            .get()
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message(lang()))
    };
    view! {
        <div class="card" id="unit-settings">
            <h2>{t("units.title")}</h2>
            <p class="muted">{t("units.hint")}</p>
            <ErrorBanner error=error />
            <table class="grid small units">
                <thead><tr><th>{t("units.unit")}</th><th>{t("units.decimals")}</th><th></th></tr></thead>
                <tbody>
                    {move || rows.get().into_iter().enumerate().map(|(i, (unit, decimals))| view! {
                        <tr>
                            <td class:invalid=move || err(format!("units.{i}.unit")).is_some()>
                                <input class="unit-name" prop:value=move || unit.get() on:change=move |ev| unit.set(event_target_value(&ev)) />
                                <span class="error">{move || err(format!("units.{i}.unit"))}</span>
                            </td>
                            <td class:invalid=move || err(format!("units.{i}.decimals")).is_some()>
                                <select class="unit-decimals" prop:value=move || decimals.get() on:change=move |ev| decimals.set(event_target_value(&ev))>
                                    <option value="0">{t("units.whole")}</option>
                                    <option value="1">"0.1"</option>
                                    <option value="2">"0.01"</option>
                                    <option value="3">"0.001"</option>
                                </select>
                                <span class="error">{move || err(format!("units.{i}.decimals"))}</span>
                            </td>
                            <td><button class="link danger" title=t("units.remove") on:click=move |_| rows.update(|r| { r.remove(i); })>"×"</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button id="unit-add" on:click=move |_| rows.update(|r| r.push((RwSignal::new(String::new()), RwSignal::new("0".into()))))>{t("units.add")}</button>
                <button id="unit-save" class="primary" on:click=save>{t("quote.save")}</button>
                {move || saved.get().then(|| view! { <span class="ok">{t("company.saved")}</span> })}
            </div>
        </div>
    }
}

#[component]
pub fn PricingSettings() -> impl IntoView {
    let policy = RwSignal::new(None::<PricingPolicy>);
    let rules = RwSignal::new(Vec::<PriceRule>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let reload = move || {
        spawn_local(async move {
            policy.set(api::pricing_policy_get().await.ok());
            rules.set(api::price_rule_list().await.unwrap_or_default());
        })
    };
    reload();
    let save_policy = move |_| {
        let Some(p) = policy.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match api::pricing_policy_save(&p).await {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(e)),
            }
            reload();
        });
    };
    // A new rule: kind, product code (or customer for contracts), price, min qty, end date.
    let kind = RwSignal::new("contract".to_string());
    let rule_name = RwSignal::new(String::new());
    let customer = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let min_qty = RwSignal::new(String::new());
    let graduated = RwSignal::new(false);
    let valid_to = RwSignal::new(String::new());
    let add_rule = move |_| {
        let (k, n, c, p, q, g, v) = (
            kind.get_untracked(),
            rule_name.get_untracked(),
            customer.get_untracked(),
            code.get_untracked(),
            price.get_untracked(),
            graduated.get_untracked(),
            valid_to.get_untracked(),
        );
        let m = min_qty.get_untracked();
        spawn_local(async move {
            let product = match api::product_by_code(&p).await {
                Ok(x) => x,
                Err(e) => return error.set(Some(e)),
            };
            let Ok(amount) = parse_decimal(&q) else {
                return error.set(Some(ErrorReply::plain(tr(lang(), "rule.bad_price"))));
            };
            let kind = match k.as_str() {
                "contract" => {
                    let query = CustomerQuery {
                        text: c,
                        page_size: 1,
                        ..Default::default()
                    };
                    let Some(cust) = api::customer_list(&query)
                        .await
                        .ok()
                        .and_then(|p| p.rows.into_iter().next())
                    else {
                        return error.set(Some(ErrorReply::plain(tr(lang(), "quote.no_customer"))));
                    };
                    PriceRuleKind::Contract {
                        customer_id: cust.id,
                        product_id: product.id,
                        price: amount,
                    }
                }
                "promotion" => PriceRuleKind::Promotion {
                    target: Target::Product(product.id),
                    price: RulePrice::Fixed(amount),
                },
                _ => PriceRuleKind::Tier {
                    target: Target::Product(product.id),
                    graduated: g,
                    steps: vec![TierStep {
                        min_qty: parse_decimal(&m).unwrap_or_default(),
                        price: RulePrice::Fixed(amount),
                    }],
                },
            };
            let data = PriceRuleData {
                name: n,
                kind,
                valid_from: None,
                valid_to: v.parse().ok(),
                active: true,
            };
            match api::price_rule_save(None, &data).await {
                Ok(_) => {
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card" id="pricing-settings">
            <h2>{t("pricing.title")}</h2>
            <ErrorBanner error=error />
            {move || policy.get().map(|p| view! {
                <label class="check"><input type="checkbox" id="tax-inclusive" prop:checked=p.tax_inclusive
                    on:change=move |ev| policy.update(|p| if let Some(p) = p { p.tax_inclusive = event_target_checked(&ev) }) />
                    {t("pricing.tax_inclusive")}</label>
                <table class="grid small"><tbody>
                    {p.levels.iter().enumerate().map(|(i, l)| view! {
                        <tr><td>{l.level.label(lang())}</td>
                            <td>{t("pricing.discount")} <input class="num" prop:value=show(l.discount_pct)
                                on:change=move |ev| { let v = parse_decimal(&event_target_value(&ev)).unwrap_or_default(); policy.update(|p| if let Some(p) = p { p.levels[i].discount_pct = v }); } /> "%"</td>
                            <td><label class="check"><input type="checkbox" prop:checked=l.member
                                on:change=move |ev| policy.update(|p| if let Some(p) = p { p.levels[i].member = event_target_checked(&ev) }) />{t("pricing.member")}</label></td></tr>
                    }).collect_view()}
                    {p.floors.iter().enumerate().map(|(i, f)| view! {
                        <tr><td>{f.role.label(lang())}</td>
                            <td>{t("pricing.max_discount")} <input class="num" prop:value=f.max_discount_pct.map(show).unwrap_or_default()
                                on:change=move |ev| { let v = parse_decimal(&event_target_value(&ev)).ok(); policy.update(|p| if let Some(p) = p { p.floors[i].max_discount_pct = v }); } /> "%"</td>
                            <td>{t("pricing.min_margin")} <input class="num" prop:value=f.min_margin_pct.map(show).unwrap_or_default()
                                on:change=move |ev| { let v = parse_decimal(&event_target_value(&ev)).ok(); policy.update(|p| if let Some(p) = p { p.floors[i].min_margin_pct = v }); } /> "%"</td></tr>
                    }).collect_view()}
                </tbody></table>
                <button id="policy-save" on:click=save_policy>{t("quote.save")}</button>
            })}
            <h3>{t("pricing.rules")}</h3>
            <table class="grid small" id="rule-table"><tbody>
                {move || rules.get().into_iter().map(|r| {
                    let id = r.id;
                    let what = match &r.data.kind {
                        PriceRuleKind::Contract { price, .. } => format!("{} {}", tr(lang(), "rule.contract"), show(*price)),
                        PriceRuleKind::Promotion { .. } => tr(lang(), "rule.promotion").to_string(),
                        PriceRuleKind::Tier { graduated, steps, .. } => format!("{}{} ×{}", tr(lang(), "rule.tier"), if *graduated { "(累进)" } else { "" }, steps.len()),
                    };
                    view! {
                        <tr><td>{r.data.name.clone()}</td><td>{what}</td>
                            <td>{r.data.valid_to.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td><button class="link danger" on:click=move |_| spawn_local(async move {
                                if let Err(e) = api::price_rule_delete(id).await { error.set(Some(e)) }
                                reload();
                            })>"×"</button></td></tr>
                    }
                }).collect_view()}
            </tbody></table>
            <div class="rule-entry">
                <select id="rule-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="contract">{t("rule.contract")}</option>
                    <option value="promotion">{t("rule.promotion")}</option>
                    <option value="tier">{t("rule.tier")}</option>
                </select>
                <input id="rule-name" placeholder=t("rule.name") bind:value=rule_name />
                {move || (kind.get() == "contract").then(|| view! { <input id="rule-customer" placeholder=t("quote.customer") bind:value=customer /> })}
                <input id="rule-product" placeholder=t("stock.code") bind:value=code />
                {move || (kind.get() == "tier").then(|| view! {
                    <input id="rule-min" class="num" placeholder=t("rule.min_qty") bind:value=min_qty />
                    <label class="check"><input type="checkbox" on:change=move |ev| graduated.set(event_target_checked(&ev)) />{t("rule.graduated")}</label>
                })}
                <input id="rule-price" class="num" placeholder=t("quote.price") bind:value=price />
                <DateInput id="rule-valid-to" value=valid_to on_set=Callback::new(move |v| valid_to.set(v)) />
                <button id="rule-add" on:click=add_rule>{t("rule.add")}</button>
            </div>
        </div>
    }
}
