//! 设置 → 同步服务器: log this desk in to the company server, see its state, sync now, log out,
//! and the list of changes the server refused (同步冲突).

use crate::api::{self, Conflict};
use crate::app::{Page, UiState};
use crate::format;
use crate::i18n::{lang, t};
use crate::widgets::ErrorBanner;
use fairdesk_core::{ErrorReply, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SyncPanel() -> impl IntoView {
    let state = expect_context::<UiState>();
    let server = RwSignal::new(String::from("http://"));
    let org = RwSignal::new(String::new());
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let busy = RwSignal::new(false);
    let conflicts = RwSignal::new(Vec::<Conflict>::new());
    let load_conflicts = move || {
        spawn_local(async move { conflicts.set(api::conflict_list().await.unwrap_or_default()) })
    };
    load_conflicts();
    let connect = move |_| {
        busy.set(true);
        let (s, o, l, p) = (
            server.get_untracked(),
            org.get_untracked(),
            login.get_untracked(),
            password.get_untracked(),
        );
        spawn_local(async move {
            match api::sync_login(&s, &o, &l, &p).await {
                Ok(st) => {
                    password.set(String::new());
                    error.set(None);
                    state.sync.set(Some(st));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let connected = move || {
        state
            .sync
            .get()
            .and_then(|s| s.server.clone().map(|srv| (srv, s)))
    };
    view! {
        <div class="panel" id="sync-panel">
            <h2>{t("srv.title")}</h2>
            <p class="muted">{t("srv.body")}</p>
            <ErrorBanner error=error />
            {move || match connected() {
                None => view! {
                    <div class="grid2">
                        <label class="field"><span class="label">{t("srv.server")}</span><input id="srv-server" bind:value=server /></label>
                        <label class="field"><span class="label">{t("srv.org")}</span><input id="srv-org" bind:value=org /></label>
                        <label class="field"><span class="label">{t("srv.login")}</span><input id="srv-login" bind:value=login /></label>
                        <label class="field"><span class="label">{t("srv.password")}</span><input id="srv-password" type="password" bind:value=password /></label>
                    </div>
                    <button id="srv-connect" class="primary" disabled=move || busy.get() on:click=connect>{t("srv.connect")}</button>
                }.into_any(),
                Some((srv, st)) => view! {
                    <p id="srv-connected">{t("srv.connected")} {format!("{} · {} · {}", srv, st.org.clone().unwrap_or_default(), st.login.clone().unwrap_or_default())}</p>
                    <p class="muted">{t("srv.last_sync")} {st.last_sync_ms.map(format::timestamp).unwrap_or_else(|| "—".into())}
                        {st.message.clone().map(|m| format!(" · {m}"))}</p>
                    <div class="inline-form">
                        <button id="srv-sync-now" on:click=move |_| { spawn_local(async move { let _ = api::sync_now().await; }); load_conflicts(); }>{t("srv.sync_now")}</button>
                        <button id="srv-logout" class="link" on:click=move |_| spawn_local(async move {
                            if let Ok(st) = api::sync_logout().await { state.sync.set(Some(st)); }
                        })>{t("srv.logout")}</button>
                    </div>
                }.into_any(),
            }}
            <h2>{t("srv.conflicts")}</h2>
            <ul class="timeline" id="conflicts">
                {move || if conflicts.get().is_empty() {
                    view! { <li class="muted">{t("srv.no_conflicts")}</li> }.into_any()
                } else {
                    conflicts.get().into_iter().map(|c| {
                        let reason = if lang() == Lang::En { c.reason_en.clone() } else { c.reason.clone() };
                        // Only to a record this desk still has, on the page of its kind.
                        let target = match (c.entity.as_deref(), c.entity_id) {
                            (Some("customer"), Some(id)) => Some(Page::CustomerDetail(id)),
                            (Some("order"), Some(id)) => Some(Page::OrderDetail(id)),
                            (Some("quote"), Some(id)) => Some(Page::QuoteEdit(id)),
                            _ => None,
                        };
                        let label = if c.kind == "short" { crate::i18n::tr(lang(), "sync.short").to_string() } else { c.name.clone() };
                        view! {
                            <li class=if c.kind == "short" { "conflict short" } else { "conflict" }>
                                <div class="meta">{format::timestamp(c.at_ms)} " · " {label}</div>
                                <div>{reason}
                                    {target.map(|page| view! { " " <button class="link conflict-link" on:click=move |_| state.go(page)>"→"</button> })}
                                </div>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
        </div>
    }
}
