//! 商品: the catalog list (search by SKU, barcode, name, pinyin initials) and the product form.

use crate::api;
use crate::i18n::{lang, t};
use crate::widgets::{ErrorBanner, Field};
use fairdesk_core::catalog::{Category, CategoryData, Product, ProductData};
use fairdesk_core::order::PurchaseLimit;
use fairdesk_core::quantity::{parse_decimal, show, VAT_RATES};
use fairdesk_core::{ErrorReply, FieldError, Id};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

#[derive(Clone, Copy)]
struct Form {
    sku: RwSignal<String>,
    name: RwSignal<String>,
    spec: RwSignal<String>,
    unit: RwSignal<String>,
    barcode: RwSignal<String>,
    brand: RwSignal<String>,
    tax_rate: RwSignal<String>,
    tax_code: RwSignal<String>,
    list_price: RwSignal<String>,
    member_price: RwSignal<String>,
    cost: RwSignal<String>,
    safety_stock: RwSignal<String>,
    active: RwSignal<bool>,
    /// 限购: per order, per period, the period in days.
    limit_order: RwSignal<String>,
    limit_period: RwSignal<String>,
    limit_days: RwSignal<String>,
}

fn opt(d: Option<Decimal>) -> String {
    d.map(show).unwrap_or_default()
}

impl Form {
    fn new() -> Form {
        let s = || RwSignal::new(String::new());
        Form {
            sku: s(),
            name: s(),
            spec: s(),
            unit: RwSignal::new("个".into()),
            barcode: s(),
            brand: s(),
            tax_rate: RwSignal::new("13".into()),
            tax_code: s(),
            list_price: s(),
            member_price: s(),
            cost: s(),
            safety_stock: RwSignal::new("0".into()),
            active: RwSignal::new(true),
            limit_order: s(),
            limit_period: s(),
            limit_days: RwSignal::new("30".into()),
        }
    }

    fn reset(&self) {
        let blank = Form::new();
        for (mine, fresh) in [
            (self.sku, blank.sku),
            (self.name, blank.name),
            (self.spec, blank.spec),
            (self.unit, blank.unit),
            (self.barcode, blank.barcode),
            (self.brand, blank.brand),
            (self.tax_rate, blank.tax_rate),
            (self.tax_code, blank.tax_code),
            (self.list_price, blank.list_price),
            (self.member_price, blank.member_price),
            (self.cost, blank.cost),
            (self.safety_stock, blank.safety_stock),
            (self.limit_order, blank.limit_order),
            (self.limit_period, blank.limit_period),
            (self.limit_days, blank.limit_days),
        ] {
            mine.set(fresh.get_untracked());
        }
        self.active.set(true);
    }

    fn fill(&self, p: &ProductData) {
        self.sku.set(p.sku.clone());
        self.name.set(p.name.clone());
        self.spec.set(p.spec.clone());
        self.unit.set(p.unit.clone());
        self.barcode.set(p.barcode.clone());
        self.brand.set(p.brand.clone());
        self.tax_rate.set(show(p.tax_rate));
        self.tax_code.set(p.tax_code.clone());
        self.list_price.set(show(p.list_price));
        self.member_price.set(opt(p.member_price));
        self.cost.set(opt(p.cost));
        self.safety_stock.set(show(p.safety_stock));
        self.active.set(p.active);
        let limit = p.limit.clone().unwrap_or_default();
        self.limit_order.set(opt(limit.per_order));
        self.limit_period.set(opt(limit.per_period));
        self.limit_days.set(if limit.period_days == 0 {
            "30".into()
        } else {
            limit.period_days.to_string()
        });
    }

    /// The typed values, or the fields that are not numbers.
    fn data(&self, category: Option<Id>) -> Result<ProductData, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut num = |field: &str, v: String, required: bool| -> Option<Decimal> {
            if v.trim().is_empty() && !required {
                return None;
            }
            match parse_decimal(&v) {
                Ok(d) => Some(d),
                Err(code) => {
                    errors.push(FieldError::new(field, code));
                    None
                }
            }
        };
        let list_price = num("list_price", self.list_price.get_untracked(), true);
        let member_price = num("member_price", self.member_price.get_untracked(), false);
        let cost = num("cost", self.cost.get_untracked(), false);
        let safety = num("safety_stock", self.safety_stock.get_untracked(), true);
        let tax = num("tax_rate", self.tax_rate.get_untracked(), true);
        let per_order = num("limit", self.limit_order.get_untracked(), false);
        let per_period = num("limit", self.limit_period.get_untracked(), false);
        let days: u16 = self.limit_days.get_untracked().trim().parse().unwrap_or(30);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ProductData {
            sku: self.sku.get_untracked().trim().to_string(),
            name: self.name.get_untracked().trim().to_string(),
            spec: self.spec.get_untracked().trim().to_string(),
            unit: self.unit.get_untracked().trim().to_string(),
            barcode: self.barcode.get_untracked().trim().to_string(),
            category_id: category,
            brand: self.brand.get_untracked().trim().to_string(),
            tax_rate: tax.unwrap_or_default(),
            tax_code: self.tax_code.get_untracked().trim().to_string(),
            list_price: list_price.unwrap_or_default(),
            member_price,
            cost,
            safety_stock: safety.unwrap_or_default(),
            active: self.active.get_untracked(),
            limit: (per_order.is_some() || per_period.is_some()).then_some(PurchaseLimit {
                per_order,
                per_period,
                period_days: days,
            }),
        })
    }
}

/// Names of the fields that differ (an edit sends only those; each merges on its own clock).
fn changed(before: &ProductData, after: &ProductData) -> Vec<String> {
    let (b, a) = (
        serde_json::to_value(before).unwrap_or_default(),
        serde_json::to_value(after).unwrap_or_default(),
    );
    a.as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, v)| b.get(k.as_str()) != Some(v))
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Categories in tree order with their depth (a parent before its children).
fn tree(all: &[Category]) -> Vec<(usize, Category)> {
    fn walk(all: &[Category], parent: Option<Id>, depth: usize, out: &mut Vec<(usize, Category)>) {
        for c in all.iter().filter(|c| c.data.parent_id == parent) {
            if depth < fairdesk_core::catalog::MAX_CATEGORY_DEPTH
                && !out.iter().any(|(_, o)| o.id == c.id)
            {
                out.push((depth, c.clone()));
                walk(all, Some(c.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(all, None, 0, &mut out);
    out
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let error = RwSignal::new(None::<ErrorReply>);
    let categories = RwSignal::new(Vec::<Category>::new());
    let category = RwSignal::new(None::<Id>);
    let new_cat = RwSignal::new(String::new());
    let new_cat_parent = RwSignal::new(None::<Id>);
    let load_categories = move || {
        spawn_local(async move {
            let _ = categories.try_set(api::category_list().await.unwrap_or_default());
        })
    };
    load_categories();
    let add_category = move |_| {
        let data = CategoryData {
            name: new_cat.get_untracked().trim().to_string(),
            parent_id: new_cat_parent.get_untracked(),
        };
        spawn_local(async move {
            match api::category_save(None, &data).await {
                Ok(_) => {
                    new_cat.set(String::new());
                    load_categories();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let cat_options = move |selected: Option<Id>| {
        tree(&categories.get()).into_iter().map(|(depth, c)| {
            let label = format!("{}{}", "　".repeat(depth), c.data.name);
            view! { <option value=c.id.to_string() selected=Some(c.id) == selected>{label}</option> }
        }).collect_view()
    };
    let query = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::<Product>::new());
    let editing = RwSignal::new(None::<Option<Product>>);
    let form = Form::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let reload = RwSignal::new(0u32);
    Effect::new(move |_| {
        reload.track();
        let q = query.get();
        spawn_local(async move {
            if let Ok(r) = api::product_search(&q, true, 200).await {
                let _ = rows.try_set(r);
            }
        });
    });
    let open = move |p: Option<Product>| {
        match &p {
            Some(p) => form.fill(&p.data),
            None => form.reset(),
        }
        category.set(p.as_ref().and_then(|p| p.data.category_id));
        errors.set(Vec::new());
        error.set(None);
        editing.set(Some(p));
        request_animation_frame(|| crate::widgets::focus("field-sku"));
    };
    let save = move |_| {
        let Some(current) = editing.get_untracked() else {
            return;
        };
        let data = match form.data(category.get_untracked()) {
            Ok(d) => d,
            Err(e) => return errors.set(e),
        };
        let (id, fields) = match &current {
            Some(p) => (Some(p.id), changed(&p.data, &data)),
            None => (None, Vec::new()),
        };
        spawn_local(async move {
            match api::product_save(id, &data, &fields).await {
                Ok(_) => {
                    editing.set(None);
                    error.set(None);
                    reload.update(|r| *r += 1);
                }
                Err(e) => {
                    errors.set(e.fields.clone());
                    crate::widgets::focus_first_error(&e.fields);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="products">
            <div class="toolbar">
                <h1>{t("nav.products")}</h1>
                <input id="product-search" class="search" type="search" placeholder=t("product.search")
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                <span class="spacer"></span>
                <button id="new-product" class="primary" on:click=move |_| open(None)>{t("product.new")}</button>
            </div>
            <ErrorBanner error=error />
            {move || editing.get().map(|_| view! {
                <div class="form product-form" id="product-form">
                    <div class="row">
                        <Field label="product.sku" name="sku" value=form.sku errors=errors />
                        <Field label="product.name" name="name" value=form.name errors=errors />
                        <Field label="product.spec" name="spec" value=form.spec errors=errors />
                        <Field label="product.unit" name="unit" value=form.unit errors=errors />
                    </div>
                    <div class="row">
                        <Field label="product.barcode" name="barcode" value=form.barcode errors=errors />
                        <Field label="product.brand" name="brand" value=form.brand errors=errors />
                        <label class="field"><span class="label">{t("product.tax_rate")}</span>
                            <select id="field-tax_rate" on:change=move |ev| form.tax_rate.set(event_target_value(&ev))>
                                {VAT_RATES.iter().map(|r| {
                                    let v = r.to_string();
                                    view! { <option value=v.clone() selected=move || form.tax_rate.get() == v>{format!("{r}%")}</option> }
                                }).collect_view()}
                            </select></label>
                        <Field label="product.tax_code" name="tax_code" value=form.tax_code errors=errors />
                        <label class="field"><span class="label">{t("product.category")}</span>
                            <select id="field-category_id" on:change=move |ev| category.set(event_target_value(&ev).parse().ok())>
                                <option value="">"—"</option>
                                {move || cat_options(category.get())}
                            </select></label>
                    </div>
                    <div class="row">
                        <Field label="product.list_price" name="list_price" value=form.list_price errors=errors />
                        <Field label="product.member_price" name="member_price" value=form.member_price errors=errors />
                        <Field label="product.cost" name="cost" value=form.cost errors=errors />
                        <Field label="product.safety_stock" name="safety_stock" value=form.safety_stock errors=errors />
                    </div>
                    <div class="row">
                        <Field label="product.limit_order" name="limit_order" value=form.limit_order errors=errors />
                        <Field label="product.limit_period" name="limit_period" value=form.limit_period errors=errors />
                        <Field label="product.limit_days" name="limit_days" value=form.limit_days errors=errors />
                    </div>
                    <label class="check"><input type="checkbox" id="field-active" prop:checked=move || form.active.get()
                        on:change=move |ev| form.active.set(event_target_checked(&ev)) />{t("product.active")}</label>
                    <div class="actions">
                        <button id="product-save" class="primary" on:click=save>{t("quote.save")}</button>
                        <button class="link" on:click=move |_| editing.set(None)>{t("product.cancel")}</button>
                        {move || editing.get().flatten().map(|p| view! {
                            <button id="product-delete" class="link danger" on:click=move |_| spawn_local(async move {
                                match api::product_delete(p.id).await {
                                    Ok(()) => { editing.set(None); reload.update(|r| *r += 1); }
                                    Err(e) => error.set(Some(e)),
                                }
                            })>{t("product.delete")}</button>
                        })}
                    </div>
                </div>
            })}
            <div class="category-entry">
                <span class="label">{t("product.categories")}</span>
                <span class="muted">{move || tree(&categories.get()).into_iter().map(|(d, c)| format!("{}{}", "·".repeat(d), c.data.name)).collect::<Vec<_>>().join("  ")}</span>
                <input id="category-name" placeholder=t("product.category_new") bind:value=new_cat />
                <select id="category-parent" on:change=move |ev| new_cat_parent.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t("product.category_top")}</option>
                    {move || cat_options(None)}
                </select>
                <button id="category-add" on:click=add_category>{t("product.category_add")}</button>
            </div>
            <table class="grid" id="product-table">
                <thead><tr>
                    <th>{t("product.sku")}</th><th>{t("product.name")}</th><th>{t("product.spec")}</th><th>{t("product.unit")}</th>
                    <th>{t("product.barcode")}</th><th>{t("product.list_price")}</th><th>{t("product.tax_rate")}</th><th></th>
                </tr></thead>
                <tbody>
                    {move || { let _ = lang(); rows.get().into_iter().map(|p| {
                        let active = p.data.active;
                        let row = p.clone();
                        view! {
                            <tr class="clickable" class:inactive=!active on:click=move |_| open(Some(row.clone()))>
                                <td>{p.data.sku.clone()}</td><td>{p.data.name.clone()}</td><td>{p.data.spec.clone()}</td>
                                <td>{p.data.unit.clone()}</td><td>{p.data.barcode.clone()}</td>
                                <td class="num">{show(p.data.list_price)}</td><td>{format!("{}%", p.data.tax_rate.normalize())}</td>
                                <td>{(!active).then(|| view! { <span class="badge">{t("product.inactive")}</span> })}</td>
                            </tr>
                        }
                    }).collect_view() }}
                </tbody>
            </table>
        </section>
    }
}
