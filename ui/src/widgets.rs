//! Small building blocks shared by pages: form fields with their error, error banners, tags.

use crate::i18n::lang;
use fairdesk_core::customer::view::TagRef;
use fairdesk_core::{ErrorReply, FieldError};
use leptos::prelude::*;

/// The error message of one field, if any, in the UI language.
pub fn field_error(
    errors: RwSignal<Vec<FieldError>>,
    name: &'static str,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        errors
            .get()
            .iter()
            .find(|e| e.field == name)
            .map(|e| e.message(lang()))
    }
}

/// A labelled text input bound to a signal, with its validation message under it.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(optional)] placeholder: &'static str,
    #[prop(optional)] kind: &'static str,
    /// Id of a `<datalist>` with suggestions.
    #[prop(optional)]
    list: &'static str,
) -> impl IntoView {
    let err = field_error(errors, name);
    let id = input_id(name);
    let kind = if kind.is_empty() { "text" } else { kind };
    view! {
        <label class="field" class:invalid=move || err().is_some()>
            <span class="label">{crate::i18n::t(label)}</span>
            <input id=id type=kind placeholder=placeholder list=list bind:value=value />
            <span class="error" data-field=name>{err}</span>
        </label>
    }
}

/// A labelled date field of a form ([`crate::date_input::DateInput`]), with its message.
#[component]
pub fn DateField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let err = field_error(errors, name);
    let id: &'static str = Box::leak(input_id(name).into_boxed_str());
    view! {
        <div class="field" class:invalid=move || err().is_some()>
            <span class="label">{crate::i18n::t(label)}</span>
            <crate::date_input::DateInput id=id value=value on_set=Callback::new(move |v| value.set(v)) />
            <span class="error" data-field=name>{err}</span>
        </div>
    }
}

/// "n / max" under a long text while it is typed, red once over: the clerk sees the limit
/// before saving, not in an error after.
#[component]
pub fn CharCount(
    #[prop(into)] text: Signal<String>,
    max: usize,
    id: &'static str,
) -> impl IntoView {
    let over = move || text.get().chars().count() > max;
    let shown = move || format!("{} / {max}", text.get().chars().count());
    view! { <span class="char-count" id=id class:over=over>{shown}</span> }
}

/// A failed command's message, shown above a form or list.
#[component]
pub fn ErrorBanner(error: RwSignal<Option<ErrorReply>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! { <div class="banner error" id="error-banner" role="alert">{e.message}</div> }
        })
    }
}

#[component]
pub fn TagChip(tag: TagRef) -> impl IntoView {
    let style = format!("border-color:{0};color:{0}", tag.color);
    view! { <span class="tag" style=style>{tag.name}</span> }
}

/// The input id of a form field name (`contacts.0.mobile` → `f-contact-0-mobile`).
pub fn input_id(field: &str) -> String {
    match field.strip_prefix("contacts.") {
        Some(rest) => format!("f-contact-{}", rest.replace('.', "-")),
        None => format!("f-{}", field.replace(['.', '_'], "-")),
    }
}

/// Puts the cursor in the first field that has an error in screen order (not the order the
/// checks ran in), so the clerk fixes the form from the top.
pub fn focus_first_error(errors: &[FieldError]) {
    use wasm_bindgen::JsCast;
    let ids: Vec<String> = errors.iter().map(|e| input_id(&e.field)).collect();
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(fields) = doc.query_selector_all("input, select, textarea") else {
        return;
    };
    for i in 0..fields.length() {
        let Some(el) = fields
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        if ids.iter().any(|id| *id == el.id()) {
            let _ = el.focus();
            return;
        }
    }
}

/// Focuses an element by id (e.g. the search box when a list opens).
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The `<option>`s of the active warehouses (value: id, text: name), for warehouse pickers.
pub fn warehouse_options(
    warehouses: RwSignal<Vec<fairdesk_core::catalog::Warehouse>>,
) -> impl Fn() -> AnyView + Copy + Send + Sync + 'static {
    move || {
        warehouses
            .get()
            .into_iter()
            .filter(|w| w.data.active)
            .map(|w| view! { <option value=w.id.to_string()>{w.data.name.clone()}</option> })
            .collect_view()
            .into_any()
    }
}
