//! 发票: finance's 待开票 queue (orders with shipped goods not yet invoiced), requests made from
//! it for one customer at a time, the invoice list with its states, one invoice with issuing
//! (the platform's number), withdrawing and red-letter, and the tax platform's files: the
//! 数电票 batch workbook out, the platform's invoice list in. Reps see their customers'
//! invoices read-only; the rules are the core's (`fairdesk_core::invoice`).

use crate::api;
use crate::app::UiState;
use crate::i18n::{lang, t};
use crate::widgets::ErrorBanner;
use fairdesk_core::invoice::shudian::RowMatch;
use fairdesk_core::invoice::{
    InvoiceAction, InvoicePick, InvoiceRequestData, InvoiceRow, InvoiceStatus, InvoiceView,
    QueueOrder, RedLetterData, RedPick, RedReason,
};
use fairdesk_core::{ErrorReply, Id, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;

/// One line of the request being made: an order line and the quantity typed for it.
#[derive(Clone)]
struct FormLine {
    order_id: Id,
    order_number: String,
    line: usize,
    name: String,
    unit: String,
    left: Decimal,
    qty: RwSignal<String>,
}

fn qty_of(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() {
        return Some(Decimal::ZERO);
    }
    t.parse::<Decimal>().ok().filter(|q| !q.is_sign_negative())
}

fn bad_qty(error: RwSignal<Option<ErrorReply>>, id: &str) {
    error.set(Some(ErrorReply::plain(lang().pick(
        "数量请输入不小于 0 的数字",
        "Enter a quantity of 0 or more",
    ))));
    crate::widgets::focus(id);
}

/// "第 3 行：" / "Row 3: " of the imported file.
fn row_label(row: u32) -> String {
    match lang() {
        fairdesk_core::Lang::Zh => format!("第 {row} 行："),
        fairdesk_core::Lang::En => format!("Row {row}: "),
    }
}

fn on_enter(f: impl Fn() + 'static) -> impl Fn(web_sys::KeyboardEvent) {
    move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Enter" {
            f()
        }
    }
}

#[component]
pub fn Invoices() -> impl IntoView {
    let state = expect_context::<UiState>();
    let can_invoice = move || {
        state
            .status
            .get()
            .is_some_and(|s| matches!(s.user.data.role, Role::Admin | Role::Finance))
    };
    let queue = RwSignal::new(Vec::<QueueOrder>::new());
    let list = RwSignal::new(Vec::<InvoiceRow>::new());
    let filter = RwSignal::new(None::<InvoiceStatus>);
    let error = RwSignal::new(None::<ErrorReply>);
    let notice = RwSignal::new(None::<String>);
    let imported = RwSignal::new(Vec::<RowMatch>::new());
    let form = RwSignal::new(Vec::<FormLine>::new());
    let form_customer = RwSignal::new(None::<(Id, String)>);
    let notes = RwSignal::new(String::new());
    let detail = RwSignal::new(None::<InvoiceView>);

    let reload = move || {
        spawn_local(async move {
            match api::invoice_queue().await {
                Ok(q) => drop(queue.try_set(q)),
                Err(e) => drop(error.try_set(Some(e))),
            }
            match api::invoice_list(filter.get_untracked()).await {
                Ok(l) => drop(list.try_set(l)),
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    };
    Effect::new(move |_| {
        filter.track();
        reload();
    });
    let open = move |id: Id| {
        spawn_local(async move {
            match api::invoice_get(id).await {
                Ok(v) => drop(detail.try_set(Some(v))),
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    };

    // The customer's orders waiting, each line with what may still be invoiced.
    let pick = move |customer: Id| {
        let q = queue.get_untracked();
        let mut lines = Vec::new();
        let mut name = String::new();
        for o in q.iter().filter(|o| o.customer_id == customer) {
            name = o.customer_name.clone();
            for l in o.lines.iter().filter(|l| l.left > Decimal::ZERO) {
                lines.push(FormLine {
                    order_id: o.order_id,
                    order_number: o.order_number.clone(),
                    line: l.line,
                    name: l.name.clone(),
                    unit: l.unit.clone(),
                    left: l.left,
                    qty: RwSignal::new(l.left.normalize().to_string()),
                });
            }
        }
        form.set(lines);
        form_customer.set(Some((customer, name)));
        notes.set(String::new());
        crate::widgets::focus("inv-qty-0");
    };
    let request = move || {
        let Some((customer, _)) = form_customer.get_untracked() else {
            return;
        };
        let mut picks = Vec::new();
        for (i, l) in form.get_untracked().iter().enumerate() {
            let Some(q) = qty_of(&l.qty.get_untracked()) else {
                return bad_qty(error, &format!("inv-qty-{i}"));
            };
            if q > Decimal::ZERO {
                picks.push(InvoicePick {
                    order_id: l.order_id,
                    line: l.line,
                    qty: q,
                });
            }
        }
        let data = InvoiceRequestData {
            customer_id: customer,
            lines: picks,
            notes: notes.get_untracked(),
        };
        spawn_local(async move {
            match api::invoice_request(&data).await {
                Ok((id, number)) => {
                    error.set(None);
                    notice.set(Some(format!("{} {number}", t("inv.requested")())));
                    form.set(Vec::new());
                    form_customer.set(None);
                    reload();
                    open(id);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let export = move || {
        spawn_local(async move {
            match api::invoice_batch_xlsx().await {
                Ok(path) => {
                    error.set(None);
                    notice.set(Some(format!("{} {path}", t("inv.exported")())));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let import_file = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let Ok(buf) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
                return;
            };
            let bytes = js_sys::Uint8Array::new(&buf).to_vec();
            match api::invoice_import(bytes).await {
                Ok(rows) => {
                    error.set(None);
                    imported.set(rows);
                    reload();
                    if let Some(v) = detail.get_untracked() {
                        open(v.invoice.id);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <section class="invoices">
            <div class="toolbar">
                <h1>{t("nav.invoices")}</h1>
                {move || can_invoice().then(|| view! {
                    <button id="inv-export" on:click=move |_| export()>{t("inv.export")}</button>
                    <input type="file" id="inv-import-file" class="file-hidden"
                        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        on:change=import_file />
                    <button id="inv-import" title=t("inv.import_hint") on:click=move |_| {
                        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("inv-import-file")).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                            el.click();
                        }
                    }>{t("inv.import")}</button>
                })}
            </div>
            <ErrorBanner error=error />
            {move || notice.get().map(|n| view! { <p class="ok" id="inv-notice">{n}</p> })}
            {move || (!imported.get().is_empty()).then(|| view! {
                <ul id="inv-import-result" class="import-result">
                    {imported.get().into_iter().map(|m| match m {
                        RowMatch::Issue { row, request, number, .. } => view! {
                            <li class="ok">{row_label(row)} {format!("{request} → {number}")} " " {t("inv.imported")}</li>
                        }.into_any(),
                        RowMatch::Already { row, request } => view! {
                            <li class="muted">{row_label(row)} {request} " " {lang().pick("已登记过", "already recorded")}</li>
                        }.into_any(),
                        RowMatch::Skip { row, why_zh, why_en } => view! {
                            <li class="warn">{row_label(row)} {t("inv.skipped")} " — " {if lang() == fairdesk_core::Lang::Zh { why_zh } else { why_en }}</li>
                        }.into_any(),
                    }).collect_view()}
                </ul>
            })}
            <div class="columns invoice-columns">
                <div>
                    <h2>{t("inv.queue")}</h2>
                    <p class="muted">{t("inv.queue_hint")}</p>
                    <table class="grid" id="inv-queue">
                        <thead><tr>
                            <th>{t("quote.customer")}</th><th>{t("order.number")}</th><th>{t("ar.rep")}</th>
                            <th class="num">{t("inv.value_left")}</th>
                        </tr></thead>
                        <tbody>
                            {move || queue.get().into_iter().map(|o| {
                                let c = o.customer_id;
                                let over = o.lines.iter().any(|l| l.left < Decimal::ZERO);
                                view! {
                                    <tr class="clickable" tabindex="0" class:overdue=over
                                        on:click=move |_| pick(c) on:keydown=on_enter(move || pick(c))>
                                        <td>{o.customer_name.clone()}</td>
                                        <td>{o.order_number.clone()}{over.then(|| view! { <span class="warn">" · " {t("inv.over")}</span> })}</td>
                                        <td>{o.rep_name.clone()}</td>
                                        <td class="num">{o.value_left.to_string()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {move || queue.get().is_empty().then(|| view! { <p class="muted" id="inv-queue-empty">{t("inv.queue_empty")}</p> })}
                </div>
                <div>
                    <div class="toolbar">
                        <h2>{t("inv.list")}</h2>
                        <select id="inv-filter" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            filter.set([InvoiceStatus::Requested, InvoiceStatus::Issued, InvoiceStatus::Withdrawn]
                                .into_iter().find(|s| s.as_str() == v));
                        }>
                            <option value="">{t("inv.all")}</option>
                            <option value="requested">{move || InvoiceStatus::Requested.label(lang())}</option>
                            <option value="issued">{move || InvoiceStatus::Issued.label(lang())}</option>
                            <option value="withdrawn">{move || InvoiceStatus::Withdrawn.label(lang())}</option>
                        </select>
                    </div>
                    <div class="scroll-x"><table class="grid" id="inv-list">
                        <thead><tr>
                            <th>{t("inv.number")}</th><th>{t("quote.customer")}</th><th class="num">{t("inv.total")}</th>
                            <th>{t("inv.state")}</th><th>{t("inv.tax_number")}</th>
                        </tr></thead>
                        <tbody>
                            {move || list.get().into_iter().map(|r| {
                                let id = r.id;
                                view! {
                                    <tr class="clickable" tabindex="0" class:red=r.red_of.is_some()
                                        on:click=move |_| open(id) on:keydown=on_enter(move || open(id))>
                                        <td>{r.number.clone()}{r.red_of.clone().map(|o| view! { <div class="muted small">{t("inv.red_of")} " " {o}</div> })}</td>
                                        <td>{r.customer_name.clone()}</td>
                                        <td class="num">{r.total.to_string()}</td>
                                        <td>{r.state.clone()}</td>
                                        <td>{r.tax_number.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                    {move || list.get().is_empty().then(|| view! { <p class="muted" id="inv-list-empty">{t("inv.list_empty")}</p> })}
                </div>
            </div>
            {move || form_customer.get().filter(|_| can_invoice()).map(|(_, name)| view! {
                <div class="card" id="inv-form">
                    <h3>{t("inv.request")} " · " <span id="inv-form-customer">{name}</span></h3>
                    <table class="grid">
                        <thead><tr>
                            <th>{t("order.number")}</th><th>{t("inv.name")}</th>
                            <th class="num">{t("inv.left")}</th><th class="num">{t("inv.qty")}</th>
                        </tr></thead>
                        <tbody>
                            {form.get().into_iter().enumerate().map(|(i, l)| view! {
                                <tr>
                                    <td>{l.order_number.clone()}</td>
                                    <td>{l.name.clone()}</td>
                                    <td class="num">{format!("{} {}", l.left.normalize(), l.unit)}</td>
                                    <td class="num"><input id=format!("inv-qty-{i}") class="num qty" bind:value=l.qty
                                        on:keydown=on_enter(request) /></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <label class="field"><span class="label">{t("inv.notes")}</span>
                        <input id="inv-notes" maxlength="200" bind:value=notes /></label>
                    <button id="inv-request" class="primary" on:click=move |_| request()>{t("inv.request")}</button>
                </div>
            })}
            {move || detail.get().map(|v| view! {
                <InvoiceDetail view=v can_invoice=can_invoice() error=error notice=notice
                    on_change=Callback::new(move |id: Id| { reload(); open(id); })
                    on_close=Callback::new(move |_| detail.set(None)) />
            })}
        </section>
    }
}

#[component]
fn InvoiceDetail(
    view: InvoiceView,
    can_invoice: bool,
    error: RwSignal<Option<ErrorReply>>,
    notice: RwSignal<Option<String>>,
    /// Something changed: reload the lists and show this invoice.
    on_change: Callback<Id>,
    on_close: Callback<()>,
) -> impl IntoView {
    let inv = view.invoice.clone();
    let id = inv.id;
    let tax_number = RwSignal::new(String::new());
    let issue_date = RwSignal::new(crate::date_input::today().to_string());
    let withdraw_reason = RwSignal::new(String::new());
    let red_reason = RwSignal::new(RedReason::GoodsReturned);
    let red_qty: Vec<RwSignal<String>> = inv
        .lines
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let proposed = view.proposal.iter().find(|p| p.line == i).map(|p| p.qty);
            RwSignal::new(
                proposed
                    .map(|q| q.normalize().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let left: Vec<Decimal> = inv
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| l.qty - inv.reversed.get(i).copied().unwrap_or_default())
        .collect();
    let act = move |action: InvoiceAction| {
        spawn_local(async move {
            match api::invoice_act(id, &action).await {
                Ok(()) => {
                    error.set(None);
                    on_change.run(id);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let issue = move || {
        let Some(date) = fairdesk_core::validate::parse_date(&issue_date.get_untracked()) else {
            error.set(Some(ErrorReply::plain(lang().pick(
                "开票日期：请输入日期，如 2026-12-03",
                "Issued on: enter a date like 2026-12-03",
            ))));
            crate::widgets::focus("inv-date");
            return;
        };
        act(InvoiceAction::Issue {
            number: tax_number.get_untracked().trim().to_string(),
            date,
        });
    };
    let withdraw = move || {
        act(InvoiceAction::Withdraw {
            reason: withdraw_reason.get_untracked(),
        })
    };
    let red_signals = red_qty.clone();
    let red = move || {
        let mut lines = Vec::new();
        for (i, q) in red_signals.iter().enumerate() {
            let Some(q) = qty_of(&q.get_untracked()) else {
                return bad_qty(error, &format!("inv-red-qty-{i}"));
            };
            if q > Decimal::ZERO {
                lines.push(RedPick { line: i, qty: q });
            }
        }
        let data = RedLetterData {
            invoice_id: id,
            reason: red_reason.get_untracked(),
            lines,
        };
        spawn_local(async move {
            match api::invoice_red_letter(&data).await {
                Ok((red, number)) => {
                    error.set(None);
                    notice.set(Some(format!("{} {number}", t("inv.requested")())));
                    on_change.run(red);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let all_signals = red_qty.clone();
    let left_all = left.clone();
    let red_all = move || {
        for (s, l) in all_signals.iter().zip(&left_all) {
            s.set(l.normalize().to_string());
        }
    };
    let row = view.row.clone();
    let waiting = inv.status == InvoiceStatus::Requested;
    let reversible = inv.status == InvoiceStatus::Issued && !inv.is_red();
    view! {
        <div class="card" id="inv-detail">
            <div class="toolbar">
                <h3><span id="inv-detail-number">{row.number.clone()}</span> " · " {row.customer_name.clone()}</h3>
                <span class="status" id="inv-detail-state">{row.state.clone()}</span>
                <button class="link" id="inv-close" on:click=move |_| on_close.run(())>{t("inv.close")}</button>
            </div>
            <p>
                {inv.kind.label(lang())} " · " {inv.buyer.title.clone()} " · " {inv.buyer.tax_id.clone()}
                {row.red_reason.clone().map(|r| format!(" · {} {r}", t("inv.red_reason")()))}
                {(!row.tax_number.is_empty()).then(|| view! {
                    " · " {t("inv.tax_number")} " " <b id="inv-detail-tax-number">{row.tax_number.clone()}</b>
                    " " {row.issued_on.map(|d| d.to_string())}
                })}
            </p>
            <div class="scroll-x"><table class="grid" id="inv-lines">
                <thead><tr>
                    <th>{t("order.number")}</th><th>{t("inv.name")}</th><th>{t("inv.tax_code")}</th>
                    <th class="num">{t("inv.qty")}</th><th class="num">{t("inv.amount")}</th>
                    <th class="num">{t("inv.rate")}</th><th class="num">{t("inv.tax")}</th>
                    {reversible.then(|| view! { <th class="num">{t("inv.red_qty")}</th> })}
                </tr></thead>
                <tbody>
                    {inv.lines.iter().enumerate().map(|(i, l)| {
                        let q = red_qty[i];
                        view! {
                            <tr>
                                <td>{l.order_number.clone()}</td>
                                <td>{l.name.clone()} " " <span class="muted">{l.spec.clone()}</span></td>
                                <td>{l.tax_code.clone()}</td>
                                <td class="num">{format!("{} {}", l.qty.normalize(), l.unit)}</td>
                                <td class="num">{l.amount.to_string()}</td>
                                <td class="num">{format!("{}%", l.rate.normalize())}</td>
                                <td class="num">{l.tax.to_string()}</td>
                                {reversible.then(|| view! {
                                    <td class="num"><input id=format!("inv-red-qty-{i}") class="num qty" bind:value=q /></td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <td colspan="4">{t("ar.total")}</td>
                    <td class="num">{inv.net().to_string()}</td><td></td>
                    <td class="num">{inv.tax().to_string()}</td>
                </tr><tr>
                    <td colspan="6">{t("inv.total")}</td>
                    <td class="num"><b id="inv-detail-total">{inv.total().to_string()}</b></td>
                </tr></tfoot>
            </table></div>
            {(can_invoice && waiting).then(|| view! {
                <div class="pay-form">
                    <input id="inv-tax-number" placeholder=t("inv.tax_number") maxlength="20" bind:value=tax_number
                        on:keydown=on_enter(issue) />
                    <input id="inv-date" placeholder=t("inv.issued_on") bind:value=issue_date on:keydown=on_enter(issue) />
                    <button id="inv-issue" class="primary" on:click=move |_| issue()>{t("inv.issue")}</button>
                </div>
                <div class="pay-form">
                    <input id="inv-withdraw-reason" placeholder=t("inv.withdraw_reason") bind:value=withdraw_reason />
                    <button id="inv-withdraw" on:click=move |_| withdraw()>{t("inv.withdraw")}</button>
                </div>
            })}
            {(can_invoice && reversible).then(|| view! {
                <h4>{t("inv.red")}</h4>
                <p class="muted">{t("inv.red_hint")}</p>
                <div class="pay-form">
                    <label class="field inline"><span class="label">{t("inv.red_reason")}</span>
                        <select id="inv-red-reason" on:change=move |ev| {
                            let i: usize = event_target_value(&ev).parse().unwrap_or(1);
                            red_reason.set(RedReason::ALL[i.min(RedReason::ALL.len() - 1)]);
                        }>
                            {RedReason::ALL.iter().enumerate().map(|(i, r)| view! {
                                <option value=i.to_string() selected=*r == RedReason::GoodsReturned>{r.label(lang())}</option>
                            }).collect_view()}
                        </select></label>
                    <button id="inv-red-all" on:click=move |_| red_all()>{t("inv.red_all")}</button>
                    <button id="inv-red" class="primary" on:click=move |_| red()>{t("inv.red_submit")}</button>
                </div>
            })}
            {(!view.reds.is_empty()).then(|| view! {
                <h4>{t("inv.reds")}</h4>
                <ul id="inv-reds">
                    {view.reds.iter().map(|r| view! {
                        <li>{r.number.clone()} " · " {r.state.clone()} " · " {r.total.to_string()}
                            {(!r.tax_number.is_empty()).then(|| format!(" · {}", r.tax_number))}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
