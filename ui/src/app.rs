//! The app shell: sidebar, top bar (sync state, pending changes, user, language) and the
//! current page.

use crate::api::{self, AppStatus};
use crate::i18n::{t, tr};
use crate::pages;
use fairdesk_core::{Id, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Customers,
    CustomerNew,
    CustomerEdit(Id),
    CustomerDetail(Id),
    Settings,
    Quotes,
    QuoteNew,
    QuoteEdit(Id),
    QuoteCompare(Id),
    Stock,
    Products,
    Orders,
    OrderDetail(Id),
    /// 待发货: the warehouse's queue.
    Shipping,
    /// One order's picking view (deliveries, scan, returns).
    Picking(Id),
    /// 应收 · 账龄分析
    Receivables,
    /// 发票: 待开票 queue, requests, issued, red-letter.
    Invoices,
    /// A section not built yet, by its nav key.
    Placeholder(&'static str),
}

/// State every page can reach through the context.
#[derive(Clone, Copy)]
pub struct UiState {
    pub lang: RwSignal<Lang>,
    pub page: RwSignal<Page>,
    pub status: RwSignal<Option<AppStatus>>,
    pub sync: RwSignal<Option<api::SyncStatus>>,
}

impl UiState {
    pub fn go(&self, page: Page) {
        self.page.set(page);
    }

    /// Reloads the top bar (pending count, current user) after a change.
    pub fn refresh(&self) {
        let (status, lang) = (self.status, self.lang);
        spawn_local(async move {
            if let Ok(s) = api::app_status().await {
                lang.set(s.lang);
                status.set(Some(s));
            }
        });
    }
}

fn sync_class(state: api::SyncState) -> &'static str {
    match state {
        api::SyncState::Online => "online",
        api::SyncState::Syncing => "syncing",
        api::SyncState::LoginRequired | api::SyncState::UpdateRequired => "attention",
        api::SyncState::NotConnected | api::SyncState::Offline => "offline",
    }
}

/// 在线 / 离线 / 同步中 x% / 需要重新登录 …
use fairdesk_core::desk::SyncProgress;

fn sync_label(lang: Lang, st: api::SyncStatus) -> String {
    let key = match st.state {
        api::SyncState::Online => "sync.online",
        api::SyncState::Syncing => "sync.syncing",
        api::SyncState::LoginRequired => "sync.login_required",
        api::SyncState::UpdateRequired => "sync.update_required",
        api::SyncState::NotConnected | api::SyncState::Offline => "sync.offline",
    };
    if st.state != api::SyncState::Syncing {
        return tr(lang, key).to_string();
    }
    // Pushing a week's outbox or pulling a first sync: say how far it got.
    match (st.progress, st.percent) {
        (Some(SyncProgress::Push { sent, total }), _) => {
            format!("{} {sent}/{total}", tr(lang, "sync.pushing"))
        }
        (_, Some(p)) => format!("{} {p}%", tr(lang, "sync.pulling")),
        (Some(SyncProgress::Pull { done, .. }), None) if done > 0 => {
            format!("{} {done}", tr(lang, "sync.pulling"))
        }
        _ => tr(lang, key).to_string(),
    }
}

const NAV: &[(&str, Page)] = &[
    ("nav.dashboard", Page::Dashboard),
    ("nav.customers", Page::Customers),
    ("nav.quotes", Page::Quotes),
    ("nav.orders", Page::Orders),
    ("nav.stock", Page::Stock),
    ("nav.products", Page::Products),
    ("nav.shipping", Page::Shipping),
    ("nav.receivables", Page::Receivables),
    ("nav.invoices", Page::Invoices),
    ("nav.analytics", Page::Placeholder("nav.analytics")),
    ("nav.settings", Page::Settings),
];

fn nav_active(current: Page, item: Page) -> bool {
    match (current, item) {
        (Page::CustomerNew | Page::CustomerEdit(_) | Page::CustomerDetail(_), Page::Customers) => {
            true
        }
        (Page::QuoteNew | Page::QuoteEdit(_) | Page::QuoteCompare(_), Page::Quotes) => true,
        (Page::OrderDetail(_), Page::Orders) => true,
        (Page::Picking(_), Page::Shipping) => true,
        (a, b) => a == b,
    }
}

#[component]
pub fn App() -> impl IntoView {
    let state = UiState {
        lang: RwSignal::new(Lang::Zh),
        page: RwSignal::new(Page::Dashboard),
        status: RwSignal::new(None),
        sync: RwSignal::new(None),
    };
    provide_context(state);
    crate::i18n::install(state.lang);
    state.refresh();
    // The sync worker runs in the background; the top bar follows it.
    let poll = move || {
        spawn_local(async move {
            if let Ok(st) = api::sync_status().await {
                let synced = st.last_sync_ms;
                if state.sync.get_untracked().and_then(|s| s.last_sync_ms) != synced {
                    state.refresh();
                }
                state.sync.set(Some(st));
            }
        })
    };
    poll();
    let _ = set_interval_with_handle(poll, std::time::Duration::from_secs(2));
    let toggle_lang = move |_| {
        let next = match state.lang.get_untracked() {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        state.lang.set(next);
        spawn_local(async move {
            let _ = api::set_language(next).await;
        });
    };
    view! {
        <div class="shell">
            <nav class="sidebar">
                <div class="brand" id="brand">{t("app.brand")}</div>
                {NAV.iter().map(|(key, page)| {
                    let (key, page) = (*key, *page);
                    let id = format!("nav-{}", key.trim_start_matches("nav."));
                    view! {
                        <a id=id class="nav-item" tabindex="0"
                            class:active=move || nav_active(state.page.get(), page)
                            on:click=move |_| state.go(page)
                            on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" { state.go(page) }>
                            {t(key)}
                        </a>
                    }
                }).collect_view()}
            </nav>
            <div class="main">
                <header class="topbar">
                    <span id="sync-state" class=move || format!("sync {}", sync_class(state.sync.get().map(|s| s.state).unwrap_or_default()))
                        title=move || tr(state.lang.get(), match state.sync.get().map(|s| s.state).unwrap_or_default() {
                            api::SyncState::NotConnected => "sync.not_connected_hint",
                            api::SyncState::Offline => "sync.offline_hint",
                            _ => "sync.online_hint",
                        })
                        on:click=move |_| state.go(Page::Settings)>
                        {move || sync_label(state.lang.get(), state.sync.get().unwrap_or_default())}
                    </span>
                    <span class="pending" id="pending" title=move || tr(state.lang.get(), "sync.pending_hint")
                        on:click=move |_| state.go(Page::Settings)>
                        {t("sync.pending")} " "
                        <b id="pending-count">{move || state.status.get().map(|s| s.pending).unwrap_or(0)}</b>
                    </span>
                    {move || state.sync.get().filter(|s| s.conflicts > 0).map(|s| view! {
                        <a class="conflicts" id="conflict-count" on:click=move |_| state.go(Page::Settings)>
                            {t("sync.conflicts")} " " <b>{s.conflicts}</b>
                        </a>
                    })}
                    {move || state.sync.get().filter(|s| s.quota_held > rust_decimal::Decimal::ZERO).map(|s| view! {
                        <a class="on-quota" id="top-quota" title=move || tr(state.lang.get(), "sync.on_quota_hint")
                            on:click=move |_| state.go(Page::Stock)>
                            {t("sync.on_quota")} " " <b>{fairdesk_core::quantity::show(s.quota_held)}</b>
                        </a>
                    })}
                    <span class="device">
                        {t("sync.device")} " " {move || state.status.get().map(|s| s.device_code).unwrap_or_default()}
                    </span>
                    <span class="spacer"></span>
                    <span class="user" id="current-user">
                        {move || state.status.get().map(|s| {
                            format!("{} · {}", s.user.data.name, s.user.data.role.label(state.lang.get()))
                        }).unwrap_or_default()}
                    </span>
                    <button id="lang-toggle" class="link" on:click=toggle_lang>{t("lang.switch")}</button>
                </header>
                <main class="content">
                    {move || match state.page.get() {
                        Page::Dashboard => pages::dashboard::Dashboard().into_any(),
                        Page::Customers => pages::customers::CustomerList().into_any(),
                        Page::CustomerNew => view! { <pages::customer_form::CustomerEditor id=None /> }.into_any(),
                        Page::CustomerEdit(id) => view! { <pages::customer_form::CustomerEditor id=Some(id) /> }.into_any(),
                        Page::CustomerDetail(id) => view! { <pages::customer_detail::CustomerDetailPage id=id /> }.into_any(),
                        Page::Settings => pages::settings::Settings().into_any(),
                        Page::Quotes => pages::quotes::QuoteList().into_any(),
                        Page::QuoteNew => view! { <pages::quote_editor::QuoteEditor id=None /> }.into_any(),
                        Page::QuoteEdit(id) => view! { <pages::quote_editor::QuoteEditor id=Some(id) /> }.into_any(),
                        Page::QuoteCompare(id) => view! { <pages::quote_compare::QuoteCompare need_id=id /> }.into_any(),
                        Page::Stock => pages::stock::StockPage().into_any(),
                        Page::Products => pages::products::ProductsPage().into_any(),
                        Page::Orders => pages::orders::OrderList().into_any(),
                        Page::OrderDetail(id) => view! { <pages::order_detail::OrderDetail id=id /> }.into_any(),
                        Page::Shipping => pages::shipping::ShippingQueue().into_any(),
                        Page::Receivables => pages::receivables::Receivables().into_any(),
                        Page::Invoices => pages::invoices::Invoices().into_any(),
                        Page::Picking(id) => view! { <pages::shipping::Picking id=id /> }.into_any(),
                        Page::Placeholder(key) => view! {
                            <section class="placeholder" id="placeholder">
                                <h1>{move || tr(state.lang.get(), key)}</h1>
                                <p class="muted">{t("placeholder.title")}</p>
                                <p>{t("placeholder.body")}</p>
                            </section>
                        }.into_any(),
                    }}
                </main>
            </div>
        </div>
    }
}
