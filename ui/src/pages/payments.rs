//! 收款 on the order screen: what the order costs, what was paid and what is still open, each
//! payment, and (for finance and admins) recording one: amount, the day the money arrived,
//! method, the bank's reference. Paying an order on 款到发货 releases it to the warehouse.

use crate::api;
use crate::date_input::DateInput;
use crate::i18n::{lang, t};
use crate::widgets::ErrorBanner;
use fairdesk_core::receivables::{OrderPayments, PaymentData, PaymentMethod};
use fairdesk_core::{ErrorReply, Id, Money};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Payments(
    order_id: Id,
    /// May this user record payments (finance, admin)?
    can_record: bool,
    /// A payment was recorded (the order screen reloads: it may be released now).
    on_paid: Callback<()>,
) -> impl IntoView {
    let money = RwSignal::new(None::<OrderPayments>);
    let error = RwSignal::new(None::<ErrorReply>);
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(crate::date_input::today().to_string());
    let method = RwSignal::new(PaymentMethod::BankTransfer);
    let reference = RwSignal::new(String::new());
    let payer = RwSignal::new(String::new());
    let load = move || {
        spawn_local(async move {
            match api::order_payments(order_id).await {
                Ok(m) => {
                    amount.set(if m.open == Money::ZERO {
                        String::new()
                    } else {
                        m.open.decimal().to_string()
                    });
                    money.set(Some(m));
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    load();
    let record = move || {
        // As clerks type money (¥, thousands separators, full-width digits); fen at most:
        // "12.345" is refused, never rounded into another amount.
        let a = match Money::parse(&amount.get_untracked().replace('，', ",")) {
            Ok(a) => a,
            Err(e) => {
                use fairdesk_core::money::MoneyParseError as E;
                let why = match e {
                    E::NotANumber => lang().pick("请输入数字", "Enter a number"),
                    E::TooManyDecimals => {
                        lang().pick("最多两位小数（到分）", "At most two decimals")
                    }
                    E::OutOfRange => lang().pick("金额超出范围", "Amount out of range"),
                };
                error.set(Some(ErrorReply::plain(format!(
                    "{}：{why}",
                    lang().pick("金额", "Amount")
                ))));
                crate::widgets::focus("pay-amount");
                return;
            }
        };
        let Some(day) = fairdesk_core::validate::parse_date(&date.get_untracked()) else {
            error.set(Some(ErrorReply::plain(format!(
                "{}：{}",
                lang().pick("到账日期", "Date received"),
                lang().pick("请输入日期，如 2026-12-03", "Enter a date like 2026-12-03")
            ))));
            crate::widgets::focus("pay-date");
            return;
        };
        let data = PaymentData {
            order_id: Some(order_id),
            account_of: None,
            allocations: Vec::new(),
            amount: a,
            date: day,
            method: method.get_untracked(),
            payer: payer.get_untracked(),
            reference: reference.get_untracked(),
        };
        spawn_local(async move {
            match api::payment_record(&data).await {
                Ok(_) => {
                    error.set(None);
                    reference.set(String::new());
                    payer.set(String::new());
                    load();
                    on_paid.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="payments" id="order-payments">
            <h3>{t("pay.title")}</h3>
            <ErrorBanner error=error />
            {move || money.get().map(|m| view! {
                <p>
                    {t("quote.gross")} " " <b>{m.total.to_string()}</b> " · "
                    {t("pay.paid")} " " <b id="pay-paid">{m.paid.to_string()}</b> " · "
                    {t("pay.open")} " " <b id="pay-open">{m.open.to_string()}</b>
                </p>
                <ul id="pay-list">
                    {m.payments.iter().map(|p| view! {
                        <li>{p.data.date.to_string()} " · " {p.data.method.label(lang())} " · " <b>{p.data.amount.to_string()}</b>
                            {(!p.data.payer.is_empty()).then(|| format!(" · {}", p.data.payer))}
                            {(!p.data.reference.is_empty()).then(|| format!(" · {}", p.data.reference))}</li>
                    }).collect_view()}
                </ul>
                {(can_record && m.open != Money::ZERO).then(|| view! {
                    <div class="pay-form">
                        <PaymentFields prefix="pay" date_id="pay-date" fields=PaymentInputs { amount, date, method, payer, reference } />
                        <button id="pay-record" class="primary" on:click=move |_| record()>{t("pay.record")}</button>
                    </div>
                })}
            })}
        </div>
    }
}

/// What a clerk types for a payment, as typed.
#[derive(Clone, Copy)]
pub struct PaymentInputs {
    pub amount: RwSignal<String>,
    pub date: RwSignal<String>,
    pub method: RwSignal<PaymentMethod>,
    pub payer: RwSignal<String>,
    pub reference: RwSignal<String>,
}

/// Amount, the day the money arrived, method, payer and reference; ids `<prefix>-amount` …
/// (the date's `date_id`: the date picker takes a fixed id).
#[component]
pub fn PaymentFields(
    prefix: &'static str,
    date_id: &'static str,
    fields: PaymentInputs,
) -> impl IntoView {
    let PaymentInputs {
        amount,
        date,
        method,
        payer,
        reference,
    } = fields;
    view! {
        <label class="field inline"><span class="label">{t("pay.amount")}</span>
            <input id=format!("{prefix}-amount") class="num" bind:value=amount /></label>
        <div class="field inline"><span class="label">{t("pay.date")}</span>
            <DateInput id=date_id value=date on_set=Callback::new(move |v| date.set(v)) /></div>
        <label class="field inline"><span class="label">{t("pay.method")}</span>
            <select id=format!("{prefix}-method") on:change=move |ev| {
                let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                method.set(PaymentMethod::ALL[i.min(PaymentMethod::ALL.len() - 1)]);
            }>
                {PaymentMethod::ALL.iter().enumerate().map(|(i, pm)| view! {
                    <option value=i.to_string()>{pm.label(lang())}</option>
                }).collect_view()}
            </select></label>
        <input id=format!("{prefix}-payer") placeholder=t("pay.payer") bind:value=payer />
        <input id=format!("{prefix}-reference") placeholder=t("pay.reference") bind:value=reference />
    }
}
