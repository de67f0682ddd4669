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

/// Puts the cursor in the first field that has an error, so the clerk can fix it at once.
pub fn focus_first_error(errors: &[FieldError]) {
    use wasm_bindgen::JsCast;
    let Some(first) = errors.first() else { return };
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&input_id(&first.field)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = element {
        let _ = el.focus();
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
