//! Create and edit a customer. Validation happens in the domain; its field errors are shown
//! under each field. Creating warns about possible duplicates before storing anything.

use crate::api::{self, CreateCustomer};
use crate::app::{Page, UiState};
use crate::i18n::{lang, t};
use crate::pages::ship_to_rows::{row_cell, ShipToRow, ShipToTable};
use crate::widgets::{field_error, CharCount, DateField, ErrorBanner, Field};
use fairdesk_core::customer::view::DuplicateHit;
use fairdesk_core::customer::{ContactForm, CustomerForm, Level, Source, PROVINCES};
use fairdesk_core::customer::{InvoiceInfo, InvoiceKind};
use fairdesk_core::order::PaymentTerms;
use fairdesk_core::{ErrorReply, FieldError, Id, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One contact row of the form, a signal per input.
#[derive(Clone, Copy)]
struct ContactRow {
    key: u32,
    name: RwSignal<String>,
    title: RwSignal<String>,
    mobile: RwSignal<String>,
    phone: RwSignal<String>,
    wechat: RwSignal<String>,
    email: RwSignal<String>,
}

impl ContactRow {
    fn new(key: u32, c: ContactForm) -> ContactRow {
        ContactRow {
            key,
            name: RwSignal::new(c.name),
            title: RwSignal::new(c.title),
            mobile: RwSignal::new(c.mobile),
            phone: RwSignal::new(c.phone),
            wechat: RwSignal::new(c.wechat),
            email: RwSignal::new(c.email),
        }
    }
    fn form(&self) -> ContactForm {
        ContactForm {
            name: self.name.get_untracked(),
            title: self.title.get_untracked(),
            mobile: self.mobile.get_untracked(),
            phone: self.phone.get_untracked(),
            wechat: self.wechat.get_untracked(),
            email: self.email.get_untracked(),
        }
    }
}

#[derive(Clone, Copy)]
struct FormSignals {
    name: RwSignal<String>,
    short_name: RwSignal<String>,
    industry: RwSignal<String>,
    province: RwSignal<String>,
    city: RwSignal<String>,
    address: RwSignal<String>,
    level: RwSignal<String>,
    source: RwSignal<String>,
    birthday: RwSignal<String>,
    contract_expiry: RwSignal<String>,
    credit_limit: RwSignal<String>,
    payment_terms: RwSignal<Option<fairdesk_core::order::PaymentTerms>>,
    inv_buyer: RwSignal<String>,
    inv_tax_id: RwSignal<String>,
    inv_address_phone: RwSignal<String>,
    inv_bank_account: RwSignal<String>,
    inv_kind: RwSignal<InvoiceKind>,
    notes: RwSignal<String>,
    tag_ids: RwSignal<Vec<Id>>,
    contacts: RwSignal<Vec<ContactRow>>,
    ship_to: RwSignal<Vec<ShipToRow>>,
    next_key: StoredValue<u32>,
}

impl FormSignals {
    fn new() -> FormSignals {
        let s = FormSignals {
            name: RwSignal::new(String::new()),
            short_name: RwSignal::new(String::new()),
            industry: RwSignal::new(String::new()),
            province: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            level: RwSignal::new("C".into()),
            source: RwSignal::new("unknown".into()),
            birthday: RwSignal::new(String::new()),
            contract_expiry: RwSignal::new(String::new()),
            credit_limit: RwSignal::new(String::new()),
            payment_terms: RwSignal::new(None),
            inv_buyer: RwSignal::new(String::new()),
            inv_tax_id: RwSignal::new(String::new()),
            inv_address_phone: RwSignal::new(String::new()),
            inv_bank_account: RwSignal::new(String::new()),
            inv_kind: RwSignal::new(InvoiceKind::Normal),
            notes: RwSignal::new(String::new()),
            tag_ids: RwSignal::new(Vec::new()),
            contacts: RwSignal::new(Vec::new()),
            ship_to: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        };
        s.add_contact(ContactForm::default());
        s
    }

    fn add_contact(&self, c: ContactForm) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.contacts.update(|cs| cs.push(ContactRow::new(key, c)));
    }

    fn fill(&self, f: CustomerForm) {
        self.name.set(f.name);
        self.short_name.set(f.short_name);
        self.industry.set(f.industry);
        self.province.set(f.province);
        self.city.set(f.city);
        self.address.set(f.address);
        self.level.set(f.level);
        self.source.set(f.source);
        self.birthday.set(f.birthday);
        self.contract_expiry.set(f.contract_expiry);
        self.credit_limit.set(f.credit_limit);
        self.payment_terms.set(f.payment_terms);
        self.inv_buyer.set(f.invoice.title);
        self.inv_tax_id.set(f.invoice.tax_id);
        self.inv_address_phone.set(f.invoice.address_phone);
        self.inv_bank_account.set(f.invoice.bank_account);
        self.inv_kind.set(f.invoice.kind);
        self.notes.set(f.notes);
        self.tag_ids.set(f.tag_ids);
        self.contacts.set(Vec::new());
        for c in f.contacts {
            self.add_contact(c);
        }
        if self.contacts.get_untracked().is_empty() {
            self.add_contact(ContactForm::default());
        }
        let rows = f
            .ship_to
            .into_iter()
            .map(|a| {
                let key = self.next_key.get_value();
                self.next_key.set_value(key + 1);
                ShipToRow::new(key, a)
            })
            .collect();
        self.ship_to.set(rows);
    }

    fn form(&self) -> CustomerForm {
        CustomerForm {
            name: self.name.get_untracked(),
            short_name: self.short_name.get_untracked(),
            contacts: self
                .contacts
                .get_untracked()
                .iter()
                .map(|c| c.form())
                .collect(),
            industry: self.industry.get_untracked(),
            province: self.province.get_untracked(),
            city: self.city.get_untracked(),
            address: self.address.get_untracked(),
            level: self.level.get_untracked(),
            tag_ids: self.tag_ids.get_untracked(),
            birthday: self.birthday.get_untracked(),
            contract_expiry: self.contract_expiry.get_untracked(),
            credit_limit: self.credit_limit.get_untracked(),
            payment_terms: self.payment_terms.get_untracked(),
            invoice: InvoiceInfo {
                title: self.inv_buyer.get_untracked(),
                tax_id: self.inv_tax_id.get_untracked(),
                address_phone: self.inv_address_phone.get_untracked(),
                bank_account: self.inv_bank_account.get_untracked(),
                kind: self.inv_kind.get_untracked(),
            },
            notes: self.notes.get_untracked(),
            source: self.source.get_untracked(),
            ship_to: self
                .ship_to
                .get_untracked()
                .iter()
                .map(|r| r.value())
                .collect(),
        }
    }
}

#[component]
pub fn CustomerEditor(id: Option<Id>) -> impl IntoView {
    let state = expect_context::<UiState>();
    let f = FormSignals::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let duplicates = RwSignal::new(None::<Vec<DuplicateHit>>);
    let saving = RwSignal::new(false);
    let all_tags = RwSignal::new(Vec::new());
    let users = RwSignal::new(Vec::new());
    let owner = RwSignal::new(String::new());
    spawn_local(async move {
        all_tags.set(api::tag_list().await.unwrap_or_default());
        users.set(api::user_list().await.unwrap_or_default());
        if let Some(id) = id {
            let reply = api::customer_get(id).await;
            // The form was left while loading: its signals are gone.
            if f.next_key.try_get_value().is_none() {
                return;
            }
            match reply {
                Ok(d) => f.fill(CustomerForm::from_data(&d.customer.data)),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let can_pick_owner = move || {
        id.is_none()
            && state
                .status
                .get()
                .is_some_and(|s| matches!(s.user.data.role, Role::Admin | Role::Manager))
    };
    let save = move |confirmed: bool| {
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        let form = f.form();
        let owner_id = owner.get_untracked().parse::<Id>().ok();
        spawn_local(async move {
            let result = match id {
                Some(id) => api::customer_update(id, &form).await.map(|_| Some(id)),
                None => api::customer_create(&form, owner_id, confirmed)
                    .await
                    .map(|r| match r {
                        CreateCustomer::Created { id, .. } => Some(id),
                        CreateCustomer::PossibleDuplicates { hits } => {
                            duplicates.set(Some(hits));
                            None
                        }
                    }),
            };
            saving.set(false);
            match result {
                Ok(Some(id)) => {
                    state.refresh();
                    state.go(Page::CustomerDetail(id));
                }
                Ok(None) => {
                    errors.set(Vec::new());
                    error.set(None);
                }
                Err(e) => {
                    crate::widgets::focus_first_error(&e.fields);
                    errors.set(e.fields.clone());
                    error.set(Some(e));
                    duplicates.set(None);
                }
            }
        });
    };
    let contact_rows = move || f.contacts.get().into_iter().enumerate().collect::<Vec<_>>();
    let title = if id.is_some() {
        "form.edit_title"
    } else {
        "form.new_title"
    };
    view! {
        <section class="customer-form">
            <h1>{t(title)}</h1>
            <ErrorBanner error=error />
            {move || duplicates.get().map(|hits| view! {
                <div class="banner warn" id="duplicate-warning">
                    <b>{t("form.dup_title")}</b>
                    <p>{t("form.dup_body")}</p>
                    <ul>
                        {hits.into_iter().map(|h| {
                            let hid = h.id;
                            let reason = if h.reason == "mobile" { "form.dup_mobile" } else { "form.dup_name" };
                            view! {
                                <li><a class="dup-link" on:click=move |_| state.go(Page::CustomerDetail(hid))>
                                    {h.code.clone()} " " {h.name.clone()}</a>
                                    " · " {h.owner_name.clone()} " · " {t(reason)}</li>
                            }
                        }).collect_view()}
                    </ul>
                    <button id="create-anyway" on:click=move |_| save(true)>{t("form.dup_create")}</button>
                </div>
            })}
            <form on:submit=move |ev| { ev.prevent_default(); save(false); }>
                <h2>{t("form.basic")}</h2>
                <div class="grid2">
                    <Field label="cust.name" name="name" value=f.name errors=errors />
                    <Field label="cust.short_name" name="short_name" value=f.short_name errors=errors />
                    <Field label="cust.industry" name="industry" value=f.industry errors=errors />
                    <label class="field">
                        <span class="label">{t("cust.level")}</span>
                        <select id="f-level" prop:value=move || f.level.get() on:change=move |ev| f.level.set(event_target_value(&ev))>
                            {Level::ALL.into_iter().map(|l| view! {
                                <option value=l.code() selected=move || f.level.get() == l.code()>{move || l.label(lang())}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <Field label="cust.province" name="province" value=f.province errors=errors list="provinces" />
                    <datalist id="provinces">
                        {PROVINCES.into_iter().map(|p| view! { <option value=p></option> }).collect_view()}
                    </datalist>
                    <Field label="cust.city" name="city" value=f.city errors=errors />
                    <Field label="cust.address" name="address" value=f.address errors=errors />
                    <label class="field">
                        <span class="label">{t("cust.source")}</span>
                        <select id="f-source" on:change=move |ev| f.source.set(event_target_value(&ev))>
                            {Source::ALL.into_iter().map(|s| view! {
                                <option value=s.code() selected=move || f.source.get() == s.code()>{move || s.label(lang())}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    {move || can_pick_owner().then(|| view! {
                        <label class="field">
                            <span class="label">{t("cust.owner")}</span>
                            <select id="f-owner" on:change=move |ev| owner.set(event_target_value(&ev))>
                                <option value="">{move || state.status.get().map(|s| s.user.data.name).unwrap_or_default()}</option>
                                {move || users.get().into_iter().filter(|u| u.data.active).map(|u| view! {
                                    <option value=u.id.to_string()>{u.data.name.clone()} " (" {move || u.data.role.label(lang())} ")"</option>
                                }).collect_view()}
                            </select>
                        </label>
                    })}
                </div>
                <div class="field">
                    <span class="label">{t("cust.tags")}</span>
                    <div class="tag-picker" id="f-tags">
                        {move || all_tags.get().into_iter().map(|tc| {
                            let tid = tc.tag.id;
                            let style = format!("--tag:{}", tc.tag.data.color);
                            view! {
                                <button type="button" class="tag toggle" style=style
                                    class:on=move || f.tag_ids.get().contains(&tid)
                                    on:click=move |_| f.tag_ids.update(|ts| if let Some(i) = ts.iter().position(|t| *t == tid) { ts.remove(i); } else { ts.push(tid); })>
                                    {tc.tag.data.name.clone()}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                    <span class="error">{field_error(errors, "tag_ids")}</span>
                </div>
                <h2>{t("cust.contacts")}</h2>
                <table class="contacts">
                    <thead><tr>
                        <th>{t("contact.name")}</th><th>{t("contact.title")}</th><th>{t("contact.mobile")}</th>
                        <th>{t("contact.phone")}</th><th>{t("contact.wechat")}</th><th>{t("contact.email")}</th><th></th>
                    </tr></thead>
                    <tbody>
                        <For each=contact_rows
                             key=|(i, c)| (*i, c.key)
                             children=move |(i, c)| contact_row(i, c, f, errors) />
                    </tbody>
                </table>
                <button type="button" id="add-contact" class="link" on:click=move |_| f.add_contact(ContactForm::default())>"+ " {t("cust.add_contact")}</button>
                <ShipToTable rows=f.ship_to next_key=f.next_key errors=errors />
                <h2>{t("form.more")}</h2>
                <div class="grid2">
                    <DateField label="cust.birthday" name="birthday" value=f.birthday errors=errors />
                    <DateField label="cust.contract_expiry" name="contract_expiry" value=f.contract_expiry errors=errors />
                    <Field label="cust.credit_limit" name="credit_limit" value=f.credit_limit errors=errors placeholder="50000" />
                    <label class="field">
                        <span class="label">{t("cust.payment_terms")}</span>
                        // Index into the templates; "" is none (款到发货 for new orders).
                        <select id="f-payment-terms" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            f.payment_terms.set(v.parse::<usize>().ok().and_then(|i| PaymentTerms::TEMPLATES.get(i).copied()));
                        }>
                            <option value="" selected=move || f.payment_terms.get().is_none()>{t("cust.terms_default")}</option>
                            {PaymentTerms::TEMPLATES.iter().enumerate().map(|(i, p)| {
                                let p = *p;
                                view! { <option value=i.to_string() selected=move || f.payment_terms.get() == Some(p)>{move || p.label(lang())}</option> }
                            }).collect_view()}
                        </select>
                        <span class="error">{field_error(errors, "payment_terms")}</span>
                    </label>
                </div>
                <h2>{t("cust.invoice")}</h2>
                <div class="grid2" id="f-invoice">
                    <Field label="cust.inv_buyer" name="invoice.buyer" value=f.inv_buyer errors=errors />
                    <Field label="cust.inv_tax_id" name="invoice.tax_id" value=f.inv_tax_id errors=errors placeholder="91350100M000100Y43" />
                    <Field label="cust.inv_address_phone" name="invoice.address_phone" value=f.inv_address_phone errors=errors />
                    <Field label="cust.inv_bank_account" name="invoice.bank_account" value=f.inv_bank_account errors=errors />
                    <label class="field">
                        <span class="label">{t("cust.inv_kind")}</span>
                        <select id="f-invoice-kind" on:change=move |ev| f.inv_kind.set(if event_target_value(&ev) == "special" { InvoiceKind::Special } else { InvoiceKind::Normal })>
                            {InvoiceKind::ALL.into_iter().map(|k| {
                                let v = if k == InvoiceKind::Special { "special" } else { "normal" };
                                view! { <option value=v selected=move || f.inv_kind.get() == k>{move || k.label(lang())}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                </div>
                <label class="field wide">
                    <span class="label">{t("cust.notes")}</span>
                    <textarea id="f-notes" rows="3" bind:value=f.notes></textarea>
                    <CharCount text=f.notes max=2000 id="f-notes-count" />
                    <span class="error">{field_error(errors, "notes")}</span>
                </label>
                <div class="actions">
                    <button type="submit" id="save" class="primary" disabled=move || saving.get()>
                        {move || if saving.get() { t("form.saving")() } else { t("form.save")() }}
                    </button>
                    <button type="button" class="link" on:click=move |_| match id {
                        Some(id) => state.go(Page::CustomerDetail(id)),
                        None => state.go(Page::Customers),
                    }>{t("form.cancel")}</button>
                </div>
            </form>
        </section>
    }
}

fn contact_row(
    i: usize,
    c: ContactRow,
    f: FormSignals,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    view! {
        <tr>
            {row_cell("contacts", i, "name", c.name, errors)}
            {row_cell("contacts", i, "title", c.title, errors)}
            {row_cell("contacts", i, "mobile", c.mobile, errors)}
            {row_cell("contacts", i, "phone", c.phone, errors)}
            {row_cell("contacts", i, "wechat", c.wechat, errors)}
            {row_cell("contacts", i, "email", c.email, errors)}
            <td><button type="button" class="link" on:click=move |_| f.contacts.update(|cs| cs.retain(|x| x.key != c.key))>{t("cust.remove")}</button></td>
        </tr>
    }
}
