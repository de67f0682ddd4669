//! Desktop notifications: once a day today's reminders, the products below their safety
//! stock (for the warehouse and the administrator) and the overdue receivables (for reps and
//! finance); and each new tracking alert (物流异常) of the user's deliveries as soon as the
//! desk has heard of it, checked every few minutes. The same loop makes the day's backup.

use crate::state::{lang_of, AppState};
use fairdesk_core::Lang;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

/// Shows a digest the store hands out (`None`: already told, or nothing to say), worded for
/// the desk's language. A desk without a notification service still has the dashboard.
fn announce<R: Runtime, T>(
    app: &AppHandle<R>,
    read: impl FnOnce(&mut fairdesk_store::Store) -> Result<Option<Vec<T>>, fairdesk_store::StoreError>,
    words: impl FnOnce(&[T], Lang) -> (&'static str, String),
) {
    let state = app.state::<AppState>();
    if let Ok((Some(list), lang)) = state.with(|s| Ok((read(s)?, lang_of(s)))) {
        let (title, body) = words(&list, lang);
        let _ = app.notification().builder().title(title).body(body).show();
    }
}

pub fn start_daily_reminders<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || loop {
        announce(
            &app,
            |s| s.daily_reminder_digest(),
            |list, lang| match lang {
                Lang::Zh => (
                    "Fairdesk 今日提醒",
                    format!("有 {} 条客户提醒：生日、合同到期或待跟进", list.len()),
                ),
                Lang::En => (
                    "Fairdesk reminders",
                    format!(
                        "{} customer reminders today: birthdays, contracts, follow-ups",
                        list.len()
                    ),
                ),
            },
        );
        announce(
            &app,
            |s| s.daily_stock_digest(),
            |list, lang| match lang {
                Lang::Zh => (
                    "Fairdesk 库存预警",
                    format!("{} 种商品低于安全库存，请及时补货", list.len()),
                ),
                Lang::En => (
                    "Fairdesk stock alert",
                    format!("{} products are below their safety stock", list.len()),
                ),
            },
        );
        announce(
            &app,
            |s| s.daily_overdue_digest(),
            |list, lang| {
                let owed: fairdesk_core::Money = list.iter().map(|l| l.item.open).sum();
                match lang {
                    Lang::Zh => (
                        "Fairdesk 逾期应收",
                        format!("{} 笔应收已逾期，共 {owed}，请及时催收", list.len()),
                    ),
                    Lang::En => (
                        "Fairdesk overdue receivables",
                        format!("{} receivables are overdue, {owed} in all", list.len()),
                    ),
                }
            },
        );
        announce(
            &app,
            |s| s.new_tracking_alerts(),
            |list, lang| {
                let first = &list[0];
                let more = list.len() - 1;
                let (title, colon, more) = match lang {
                    Lang::Zh => ("Fairdesk 物流异常", "：", format!("，另有 {more} 条")),
                    Lang::En => ("Fairdesk tracking alert", ": ", format!(", {more} more")),
                };
                let body = format!(
                    "{} {}{colon}{}{}",
                    first.order_number,
                    first.customer_name,
                    first.alert.text(lang),
                    if list.len() > 1 { more.as_str() } else { "" }
                );
                (title, body)
            },
        );
        // Today's backup of the desk, if it has none yet (the newest 7 are kept).
        let state = app.state::<AppState>();
        if let Some(dir) = crate::commands::backup::backup_dir(&state) {
            let _ = state.with(|s| s.daily_backup(&dir, crate::commands::backup::KEEP));
        }
        // Digests are dated, so waking often only announces new alerts sooner.
        std::thread::sleep(Duration::from_secs(300));
    });
}
