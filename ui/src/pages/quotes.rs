//! 报价 list: every quote the user may see, newest first, with its state (已过期 is automatic)
//! and 需审批 when a price is below the floor.

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::{lang, t};
use crate::widgets::ErrorBanner;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn QuoteList() -> impl IntoView {
    let state = expect_context::<UiState>();
    let rows = RwSignal::new(Vec::new());
    let error = RwSignal::new(None);
    spawn_local(async move {
        match api::quote_list(None).await {
            Ok(r) => rows.set(r),
            Err(e) => error.set(Some(e)),
        }
    });
    view! {
        <section class="quotes">
            <div class="toolbar">
                <h1>{t("nav.quotes")}</h1>
                <span class="spacer"></span>
                <button id="new-quote" class="primary" on:click=move |_| state.go(Page::QuoteNew)>{t("quote.new")}</button>
            </div>
            <ErrorBanner error=error />
            <table class="grid" id="quote-list">
                <thead><tr>
                    <th>{t("quote.number")}</th><th>{t("quote.customer")}</th><th>{t("quote.date")}</th>
                    <th>{t("quote.valid_until")}</th><th>{t("quote.status")}</th><th>{t("quote.gross")}</th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|r| {
                        let id = r.id;
                        view! {
                            <tr class="clickable" on:click=move |_| state.go(Page::QuoteEdit(id))>
                                <td><a>{format!("{} v{}", r.number, r.version)}</a></td>
                                <td>{r.customer_name.clone()}</td>
                                <td>{r.date.to_string()}</td>
                                <td>{r.valid_until.to_string()}</td>
                                <td class=format!("status {}", r.status.as_str())>
                                    {r.status.label(lang())}
                                    {r.needs_approval.then(|| view! { " " <span class="badge warn">{t("quote.needs_approval")}</span> })}
                                </td>
                                <td class="num">{r.gross.to_string()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || rows.get().is_empty().then(|| view! { <p class="muted">{t("quote.empty")}</p> })}
        </section>
    }
}
