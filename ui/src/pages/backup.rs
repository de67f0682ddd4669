//! 设置 → 备份与恢复: this desk's backups (one a day kept for a week, and any made by hand),
//! a backup now, and restoring one — asked twice, since what changed after the backup and was
//! not yet synced is replaced (what was synced comes back from the server).

use crate::api;
use crate::app::UiState;
use crate::i18n::{lang, t};
use crate::widgets::ErrorBanner;
use fairdesk_core::ErrorReply;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn BackupPanel() -> impl IntoView {
    let state = expect_context::<UiState>();
    let list = RwSignal::new(Vec::<api::BackupFile>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let notice = RwSignal::new(None::<String>);
    // The backup asked to be restored once; the second press restores it.
    let armed = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api::backup_list().await {
                Ok(l) => drop(list.try_set(l)),
                Err(e) => drop(error.try_set(Some(e))),
            }
        })
    };
    load();
    let now = move |_| {
        spawn_local(async move {
            match api::backup_now().await {
                Ok(b) => {
                    error.set(None);
                    notice.set(Some(format!("{} {}", t("bak.made")(), b.name)));
                    load();
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let restore = move |name: String| {
        if armed.get_untracked().as_deref() != Some(name.as_str()) {
            armed.set(Some(name));
            return;
        }
        armed.set(None);
        spawn_local(async move {
            match api::backup_restore(&name).await {
                Ok(r) => {
                    error.set(None);
                    notice.set(Some(match lang() {
                        fairdesk_core::Lang::Zh => format!(
                            "已恢复 {name}；其中 {} 项未同步的修改将在下次同步时发送（服务器已收到的不会重复）。",
                            r.outbox
                        ),
                        fairdesk_core::Lang::En => format!(
                            "Restored {name}; {} unsent changes in it go with the next sync (none is applied twice).",
                            r.outbox
                        ),
                    }));
                    state.refresh();
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    view! {
        <div class="card" id="backup-panel">
            <h2>{t("bak.title")}</h2>
            <p class="muted">{t("bak.hint")}</p>
            <ErrorBanner error=error />
            {move || notice.get().map(|n| view! { <p class="ok" id="bak-notice">{n}</p> })}
            <button id="bak-now" on:click=now>{t("bak.now")}</button>
            <table class="grid small" id="bak-list">
                <thead><tr><th>{t("bak.file")}</th><th class="num">{t("bak.size")}</th><th></th></tr></thead>
                <tbody>
                    {move || list.get().into_iter().enumerate().map(|(i, b)| {
                        let name = b.name.clone();
                        let here = name.clone();
                        let armed_here = Signal::derive(move || armed.get().as_deref() == Some(here.as_str()));
                        view! {
                            <tr>
                                <td>{b.name.clone()}</td>
                                <td class="num">{format!("{:.1} MB", b.bytes as f64 / 1_048_576.0)}</td>
                                <td><button id=format!("bak-restore-{i}") class:danger=armed_here
                                    on:click=move |_| restore(name.clone())>
                                    {move || if armed_here.get() { t("bak.confirm")() } else { t("bak.restore")() }}
                                </button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
