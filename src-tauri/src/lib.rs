//! Fairdesk desktop shell. Thin by design: each command parses its arguments, calls the store
//! (which calls the domain) and returns data or an [`ErrorReply`] in the user's language.

pub mod commands;
pub mod mail;
mod notify;
pub mod state;
pub mod sync_worker;
pub mod vault;

pub use state::AppState;

use std::path::PathBuf;
use tauri::{Builder, Manager, Runtime};

/// Registers every command on a builder (the real app and `tauri::test` use the same list).
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    use commands::*;
    builder.invoke_handler(tauri::generate_handler![
        system::app_status,
        system::set_language,
        system::seed_demo,
        customers::customer_list,
        customers::customer_get,
        customers::customer_create,
        customers::customer_update,
        customers::customer_delete,
        customers::customer_restore,
        customers::customer_reassign,
        customers::customers_transfer_all,
        customers::follow_up_add,
        customers::customers_tag,
        reminders::reminder_list,
        tags::tag_list,
        tags::tag_save,
        tags::tag_delete,
        users::user_list,
        users::user_save,
        users::user_switch,
        users::audit_search,
        sync::sync_login,
        sync::sync_logout,
        sync::sync_now,
        sync::sync_status,
        sync::conflict_list,
        catalog::product_search,
        catalog::product_by_code,
        catalog::product_get,
        catalog::product_save,
        catalog::product_delete,
        catalog::category_list,
        catalog::category_save,
        catalog::warehouse_list,
        catalog::warehouse_save,
        stock::stock_list,
        stock::stock_of_product,
        stock::stock_moves,
        stock::stock_record,
        stock::stock_alerts,
        stock::stock_holders,
        pricing::pricing_policy_get,
        pricing::pricing_policy_save,
        pricing::price_rule_list,
        pricing::price_rule_save,
        pricing::price_rule_delete,
        catalog::units_get,
        catalog::units_save,
        pricing::company_get,
        pricing::company_save,
        quotes::quote_list,
        quotes::quote_get,
        quotes::quote_line_info,
        quotes::quote_save,
        quotes::quote_new_version,
        quotes::quote_set_status,
        quotes::quote_approve,
        quotes::quote_compare,
        quotes::quote_pdf_default_path,
        quotes::quote_export_pdf,
        quotes::pick_pdf_path,
        orders::order_list,
        orders::order_get,
        orders::order_from_quote,
        orders::order_save,
        orders::order_new,
        orders::order_add_line,
        orders::order_set_address,
        orders::order_act,
        shipping::picking_get,
        shipping::delivery_ship,
        shipping::order_close_rest,
        shipping::delivery_return,
        shipping::tracking_alerts,
        shipping::track_alert_close,
        shipping::delivery_pdf_default_path,
        shipping::delivery_note_pdf,
        shipping::delivery_labels_pdf,
        receivables::order_payments,
        receivables::payment_record,
        receivables::customer_open_items,
        receivables::payment_allocate,
        receivables::receivables_report,
        receivables::receivables_xlsx,
        receivables::overdue_receivables,
        receivables::customer_balance,
        receivables::statement_pdf,
        dunning::mail_settings_get,
        dunning::mail_settings_save,
        dunning::payment_reminder_send,
        invoices::invoice_queue,
        invoices::invoice_list,
        invoices::invoice_get,
        invoices::invoice_request,
        invoices::invoice_red_letter,
        invoices::invoice_act,
        invoices::invoice_batch_xlsx,
        invoices::invoice_import,
        backup::backup_list,
        backup::backup_now,
        backup::backup_restore,
        quotas::quota_rows,
        quotas::quota_take,
        quotas::quota_grants,
        quotas::quota_return,
        quotas::quota_recall,
    ])
}

/// Where the database lives: `FAIRDESK_DATA_DIR` if set (tests, portable installs), else the
/// platform's application data directory.
fn data_dir<R: Runtime>(app: &tauri::App<R>) -> PathBuf {
    std::env::var_os("FAIRDESK_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| app.path().app_data_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn run() {
    let demo = std::env::args().any(|a| a == "--demo")
        || std::env::var("FAIRDESK_DEMO").is_ok_and(|v| v == "1");
    let builder = register(
        Builder::default()
            .plugin(tauri_plugin_notification::init())
            .plugin(tauri_plugin_dialog::init()),
    );
    builder
        .setup(move |app| {
            let dir = data_dir(app);
            std::fs::create_dir_all(&dir)?;
            let state = AppState::open(&dir.join("fairdesk.db"))?;
            if demo {
                state.seed_demo_if_empty()?;
            }
            let db = state.db_path().unwrap_or_else(|| dir.join("fairdesk.db"));
            let sync = sync_worker::SyncService::start(db, std::sync::Arc::new(vault::OsKeyring));
            state.on_write(sync.waker());
            app.manage(state);
            app.manage(sync);
            notify::start_daily_reminders(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Fairdesk could not start: {e}");
            std::process::exit(1);
        });
}
