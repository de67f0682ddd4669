//! Versions of one need side by side: quantities, prices and amounts per product, totals,
//! with every difference highlighted.

use crate::api;
use crate::app::{Page, UiState};
use crate::i18n::{lang, t};
use crate::widgets::ErrorBanner;
use fairdesk_core::quantity::show;
use fairdesk_core::Id;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn QuoteCompare(need_id: Id) -> impl IntoView {
    let state = expect_context::<UiState>();
    let cmp = RwSignal::new(None);
    let error = RwSignal::new(None);
    spawn_local(async move {
        match api::quote_compare(need_id, &[]).await {
            Ok(c) => cmp.set(Some(c)),
            Err(e) => error.set(Some(e)),
        }
    });
    view! {
        <section class="quote-compare">
            <div class="toolbar">
                <button class="link" on:click=move |_| state.go(Page::QuoteEdit(need_id))>{t("quote.back_to_quote")}</button>
                <h1>{t("quote.compare")}</h1>
            </div>
            <ErrorBanner error=error />
            {move || cmp.get().map(|c: fairdesk_core::quote::Comparison| {
                let _ = lang();
                view! {
                    <table class="grid compare" id="compare-table">
                        <thead><tr>
                            <th>{t("quote.sku")}</th><th>{t("quote.name")}</th>
                            {c.versions.iter().map(|v| view! { <th>{format!("v{v}")}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {c.rows.iter().map(|r| view! {
                                <tr class:differs=r.differs>
                                    <td>{r.sku.clone()}</td><td>{r.name.clone()}</td>
                                    {r.cells.iter().map(|cell| match cell {
                                        Some((q, p, a)) => view! { <td>{format!("{} × {} = {}", show(*q), show(*p), a)}</td> }.into_any(),
                                        None => view! { <td class="missing">"—"</td> }.into_any(),
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                            <tr class="fees-row">
                                <td colspan="2">{t("quote.fees")}</td>
                                {c.fees.iter().map(|f| view! { <td>{f.to_string()}</td> }).collect_view()}
                            </tr>
                            <tr class="total-row" class:differs=c.totals_differ id="compare-totals">
                                <td colspan="2">{t("quote.gross")}</td>
                                {c.totals.iter().map(|a| view! { <td><b>{a.gross.to_string()}</b></td> }).collect_view()}
                            </tr>
                        </tbody>
                    </table>
                }
            })}
        </section>
    }
}
