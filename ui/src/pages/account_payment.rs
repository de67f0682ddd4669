//! 按客户收款 on a customer's page (finance, admins): money received on the customer's account
//! — amount, the day it arrived, method, payer, reference — settling its open deliveries. Left
//! empty, the allocation is the oldest due first; a clerk may type how much goes to which
//! delivery instead, never more than it has open. What exceeds everything owed stays as the
//! customer's advance (预收款) and settles goods shipped later.

use crate::api;
use crate::app::UiState;
use crate::i18n::{lang, t};
use crate::pages::payments::{PaymentFields, PaymentInputs};
use crate::widgets::ErrorBanner;
use fairdesk_core::receivables::{Allocation, OpenLine, PaymentData, PaymentMethod};
use fairdesk_core::{ErrorReply, Id, Money, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn money(text: &str) -> Option<Money> {
    Money::parse(&text.replace('，', ",")).ok()
}

#[component]
pub fn AccountPayment(
    customer: Id,
    /// Money came in (the balance on the page reloads).
    on_paid: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<UiState>();
    let may = move || {
        state
            .status
            .get()
            .is_some_and(|s| matches!(s.user.data.role, Role::Admin | Role::Finance))
    };
    let open = RwSignal::new(Vec::<(OpenLine, RwSignal<String>)>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let done = RwSignal::new(false);
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(crate::date_input::today().to_string());
    let method = RwSignal::new(PaymentMethod::BankTransfer);
    let payer = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let load = move || {
        spawn_local(async move {
            if let Ok(items) = api::customer_open_items(customer).await {
                let rows = items
                    .into_iter()
                    .filter(|l| l.item.open > Money::ZERO)
                    .map(|l| (l, RwSignal::new(String::new())))
                    .collect();
                let _ = open.try_set(rows);
            }
        });
    };
    load();
    let record = move || {
        let Some(a) = money(&amount.get_untracked()).filter(|a| *a > Money::ZERO) else {
            error.set(Some(ErrorReply::plain(lang().pick(
                "收款金额：请输入大于 0 的金额（到分）",
                "Amount: enter an amount above 0 (to the fen)",
            ))));
            crate::widgets::focus("cpay-amount");
            return;
        };
        let Some(day) = fairdesk_core::validate::parse_date(&date.get_untracked()) else {
            error.set(Some(ErrorReply::plain(lang().pick(
                "到账日期：请输入日期，如 2026-12-03",
                "Date received: enter a date like 2026-12-03",
            ))));
            crate::widgets::focus("cpay-date");
            return;
        };
        let mut allocations = Vec::new();
        for (i, (line, typed)) in open.get_untracked().iter().enumerate() {
            let text = typed.get_untracked();
            if text.trim().is_empty() {
                continue;
            }
            let Some(m) = money(&text).filter(|m| !m.is_negative()) else {
                error.set(Some(ErrorReply::plain(lang().pick(
                    "分配金额：请输入金额（到分）",
                    "Allocation: enter an amount (to the fen)",
                ))));
                crate::widgets::focus(&format!("cpay-alloc-{i}"));
                return;
            };
            if m > Money::ZERO {
                allocations.push(Allocation {
                    receivable_id: line.item.receivable.id,
                    amount: m,
                });
            }
        }
        let data = PaymentData {
            order_id: None,
            account_of: Some(customer),
            allocations,
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
                    done.set(true);
                    amount.set(String::new());
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
        <Show when=may>
            <h2>{t("cpay.title")}</h2>
            <div class="payments" id="account-payment">
                <ErrorBanner error=error />
                {move || done.get().then(|| view! { <p class="ok" id="cpay-done">{t("cpay.done")}</p> })}
                <div class="pay-form">
                    <PaymentFields prefix="cpay" date_id="cpay-date" fields=PaymentInputs { amount, date, method, payer, reference } />
                </div>
                <p class="muted">{t("cpay.hint")}</p>
                <table class="grid small" id="cpay-open">
                    <thead><tr>
                        <th>{t("ar.document")}</th><th>{t("order.number")}</th><th>{t("ar.due")}</th>
                        <th class="num">{t("ar.open")}</th><th class="num">{t("cpay.allocate")}</th>
                    </tr></thead>
                    <tbody>
                        {move || open.get().into_iter().enumerate().map(|(i, (l, typed))| view! {
                            <tr class:overdue={l.days_overdue > 0}>
                                <td>{l.item.receivable.number.clone()}</td>
                                <td>{l.item.receivable.order_number.clone()}</td>
                                <td>{l.item.receivable.due.to_string()}</td>
                                <td class="num">{l.item.open.to_string()}</td>
                                <td class="num"><input id=format!("cpay-alloc-{i}") class="num" bind:value=typed /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <button id="cpay-record" class="primary" on:click=move |_| record()>{t("pay.record")}</button>
            </div>
        </Show>
    }
}
