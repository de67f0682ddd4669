//! 设置 → 审计日志 (administrators): search who changed what and when, with before/after.

use crate::api;
use crate::i18n::t;
use crate::widgets::ErrorBanner;
use fairdesk_core::ErrorReply;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AuditSearch() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let rows = RwSignal::new(Vec::new());
    let error = RwSignal::new(None::<ErrorReply>);
    Effect::new(move |_| {
        let q = text.get();
        spawn_local(async move {
            match api::audit_search(&q).await {
                Ok(r) => drop(rows.try_set(r)),
                Err(e) => drop(error.try_set(Some(e))),
            }
        });
    });
    view! {
        <div class="card" id="audit-search">
            <h2>{t("audit.title")}</h2>
            <input id="audit-text" class="search" type="search" placeholder=t("audit.hint")
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <ErrorBanner error=error />
            <table class="grid small" id="audit-results"><tbody>
                {move || rows.get().into_iter().map(|r: fairdesk_core::audit::AuditRow| {
                    let changes: Vec<String> = r.changes.iter().map(|c| format!(
                        "{}: {} → {}", c.field, crate::format::json_value(&c.before), crate::format::json_value(&c.after)
                    )).collect();
                    view! {
                        <tr>
                            <td>{crate::format::timestamp(r.at_ms)}</td><td>{r.user_name}</td>
                            <td>{r.entity}</td><td>{r.action}</td>
                            <td class="changes">{changes.join("；")}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody></table>
        </div>
    }
}
