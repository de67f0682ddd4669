//! 收货地址 rows of the customer form: where the customer takes deliveries besides its
//! registered address. Orders pick one of them.

use crate::i18n::{lang, t};
use fairdesk_core::customer::ShipTo;
use fairdesk_core::FieldError;
use leptos::prelude::*;

/// One address row, a signal per input.
#[derive(Clone, Copy)]
pub struct ShipToRow {
    pub key: u32,
    label: RwSignal<String>,
    province: RwSignal<String>,
    city: RwSignal<String>,
    address: RwSignal<String>,
    contact: RwSignal<String>,
    phone: RwSignal<String>,
}

impl ShipToRow {
    pub fn new(key: u32, a: ShipTo) -> ShipToRow {
        ShipToRow {
            key,
            label: RwSignal::new(a.label),
            province: RwSignal::new(a.province),
            city: RwSignal::new(a.city),
            address: RwSignal::new(a.address),
            contact: RwSignal::new(a.contact),
            phone: RwSignal::new(a.phone),
        }
    }

    pub fn value(&self) -> ShipTo {
        ShipTo {
            label: self.label.get_untracked(),
            province: self.province.get_untracked(),
            city: self.city.get_untracked(),
            address: self.address.get_untracked(),
            contact: self.contact.get_untracked(),
            phone: self.phone.get_untracked(),
        }
    }
}

/// One input of a repeated form row (`contacts.2.mobile`, `ship_to.0.address`) with its error.
pub fn row_cell(
    list: &'static str,
    i: usize,
    sub: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let field = format!("{list}.{i}.{sub}");
    let field2 = field.clone();
    let err = move || {
        errors
            .get()
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message(lang()))
    };
    let invalid = move || errors.get().iter().any(|e| e.field == field2);
    let id = format!(
        "f-{}-{i}-{sub}",
        list.trim_end_matches('s').replace('_', "-")
    );
    view! {
        <td class:invalid=invalid>
            <input id=id bind:value=value />
            <span class="error">{err}</span>
        </td>
    }
}

#[component]
pub fn ShipToTable(
    rows: RwSignal<Vec<ShipToRow>>,
    next_key: StoredValue<u32>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let indexed = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();
    let add = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(ShipToRow::new(key, ShipTo::default())));
    };
    view! {
        <h2>{t("cust.ship_to")}</h2>
        <table class="contacts" id="ship-to">
            <thead><tr>
                <th>{t("ship.label")}</th><th>{t("cust.province")}</th><th>{t("cust.city")}</th>
                <th>{t("cust.address")}</th><th>{t("ship.contact")}</th><th>{t("contact.phone")}</th><th></th>
            </tr></thead>
            <tbody>
                <For each=indexed key=|(i, r)| (*i, r.key) children=move |(i, r)| view! {
                    <tr>
                        {row_cell("ship_to", i, "label", r.label, errors)}
                        {row_cell("ship_to", i, "province", r.province, errors)}
                        {row_cell("ship_to", i, "city", r.city, errors)}
                        {row_cell("ship_to", i, "address", r.address, errors)}
                        {row_cell("ship_to", i, "contact", r.contact, errors)}
                        {row_cell("ship_to", i, "phone", r.phone, errors)}
                        <td><button type="button" class="link" on:click=move |_| rows.update(|rs| rs.retain(|x| x.key != r.key))>{t("cust.remove")}</button></td>
                    </tr>
                } />
            </tbody>
        </table>
        <button type="button" id="add-ship-to" class="link" on:click=add>"+ " {t("cust.add_ship_to")}</button>
    }
}
