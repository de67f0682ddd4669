//! Typed wrappers around Tauri's `invoke`: one function per backend command.

pub use fairdesk_core::customer::view::CreateCustomer;
use fairdesk_core::customer::view::{CustomerDetail, CustomerPage, CustomerQuery};
use fairdesk_core::customer::CustomerForm;
pub use fairdesk_core::desk::AppStatus;
use fairdesk_core::followup::FollowUpForm;
use fairdesk_core::reminder::Reminder;
use fairdesk_core::tag::{TagCount, TagData};
use fairdesk_core::user::{User, UserData};
use fairdesk_core::{ErrorReply, Id, Lang};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], catch)]
    async fn invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

pub type Reply<T> = Result<T, ErrorReply>;

async fn call<T: DeserializeOwned>(cmd: &str, args: serde_json::Value) -> Reply<T> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&ser)
        .map_err(|e| ErrorReply::plain(e.to_string()))?;
    match invoke(cmd, args).await {
        Ok(v) => {
            serde_wasm_bindgen::from_value(v).map_err(|e| ErrorReply::plain(format!("{cmd}: {e}")))
        }
        Err(e) => Err(
            serde_wasm_bindgen::from_value(e.clone()).unwrap_or_else(|_| {
                ErrorReply::plain(e.as_string().unwrap_or_else(|| format!("{e:?}")))
            }),
        ),
    }
}

pub async fn app_status() -> Reply<AppStatus> {
    call("app_status", json!({})).await
}
pub async fn set_language(lang: Lang) -> Reply<()> {
    call("set_language", json!({ "lang": lang })).await
}
pub async fn seed_demo() -> Reply<u64> {
    call("seed_demo", json!({})).await
}
pub async fn customer_list(query: &CustomerQuery) -> Reply<CustomerPage> {
    call("customer_list", json!({ "query": query })).await
}
/// The first customer a clerk's text finds (name, initials, mobile), as Enter picks it.
pub async fn customer_first(
    text: String,
) -> Reply<Option<fairdesk_core::customer::view::CustomerRow>> {
    let q = CustomerQuery {
        text,
        page_size: 1,
        ..Default::default()
    };
    customer_list(&q).await.map(|p| p.rows.into_iter().next())
}
pub async fn customer_get(id: Id) -> Reply<CustomerDetail> {
    call("customer_get", json!({ "id": id })).await
}
pub async fn customer_create(
    form: &CustomerForm,
    owner_id: Option<Id>,
    confirmed: bool,
) -> Reply<CreateCustomer> {
    call(
        "customer_create",
        json!({ "form": form, "owner_id": owner_id, "confirmed": confirmed }),
    )
    .await
}
pub async fn customer_update(id: Id, form: &CustomerForm) -> Reply<()> {
    call("customer_update", json!({ "id": id, "form": form })).await
}
pub async fn customer_delete(id: Id) -> Reply<()> {
    call("customer_delete", json!({ "id": id })).await
}
pub async fn customer_restore(id: Id) -> Reply<()> {
    call("customer_restore", json!({ "id": id })).await
}
pub async fn customer_reassign(id: Id, to_owner: Id) -> Reply<()> {
    call(
        "customer_reassign",
        json!({ "id": id, "to_owner": to_owner }),
    )
    .await
}
pub async fn customers_transfer_all(from_owner: Id, to_owner: Id) -> Reply<u64> {
    call(
        "customers_transfer_all",
        json!({ "from_owner": from_owner, "to_owner": to_owner }),
    )
    .await
}
pub async fn follow_up_add(form: &FollowUpForm) -> Reply<Id> {
    call("follow_up_add", json!({ "form": form })).await
}
pub async fn reminder_list() -> Reply<Vec<Reminder>> {
    call("reminder_list", json!({})).await
}
pub async fn tag_list() -> Reply<Vec<TagCount>> {
    call("tag_list", json!({})).await
}
pub async fn tag_save(id: Option<Id>, data: &TagData) -> Reply<Id> {
    call("tag_save", json!({ "id": id, "data": data })).await
}
pub async fn tag_delete(id: Id) -> Reply<()> {
    call("tag_delete", json!({ "id": id })).await
}
pub async fn user_list() -> Reply<Vec<User>> {
    call("user_list", json!({})).await
}
pub async fn user_save(id: Option<Id>, data: &UserData) -> Reply<Id> {
    call("user_save", json!({ "id": id, "data": data })).await
}
pub async fn user_switch(id: Id) -> Reply<()> {
    call("user_switch", json!({ "id": id })).await
}
pub async fn customers_tag(tag_id: Id, customer_ids: &[Id], add: bool) -> Reply<()> {
    call(
        "customers_tag",
        json!({ "tag_id": tag_id, "customer_ids": customer_ids, "add": add }),
    )
    .await
}
pub use fairdesk_core::desk::{SyncState, SyncStatus};

pub use fairdesk_core::desk::Conflict;

pub async fn sync_login(server: &str, org: &str, login: &str, password: &str) -> Reply<SyncStatus> {
    call(
        "sync_login",
        json!({ "server": server, "org": org, "login": login, "password": password }),
    )
    .await
}
pub async fn sync_logout() -> Reply<SyncStatus> {
    call("sync_logout", json!({})).await
}
pub async fn sync_now() -> Reply<()> {
    call("sync_now", json!({})).await
}
pub async fn sync_status() -> Reply<SyncStatus> {
    call("sync_status", json!({})).await
}
pub async fn conflict_list() -> Reply<Vec<Conflict>> {
    call("conflict_list", json!({})).await
}

// ---- catalog, stock, pricing, quotes -------------------------------------------------------

use fairdesk_core::catalog::{
    Category, CategoryData, CompanyProfile, Product, ProductData, Warehouse, WarehouseData,
};
use fairdesk_core::pricing::{PriceRule, PriceRuleData, PricingPolicy};
use fairdesk_core::quote::{
    Comparison, LineInfo, QuoteData, QuoteRow, QuoteStatus, QuoteView, WarehouseStock,
};
use fairdesk_core::stock::{MoveRow, StockEntry, StockRow};
use rust_decimal::Decimal;

pub async fn product_search(
    query: &str,
    include_inactive: bool,
    limit: u32,
) -> Reply<Vec<Product>> {
    call(
        "product_search",
        json!({ "query": query, "include_inactive": include_inactive, "limit": limit }),
    )
    .await
}
pub async fn product_by_code(code: &str) -> Reply<Product> {
    call("product_by_code", json!({ "code": code })).await
}
pub async fn product_save(id: Option<Id>, data: &ProductData, changed: &[String]) -> Reply<Id> {
    call(
        "product_save",
        json!({ "id": id, "data": data, "changed": changed }),
    )
    .await
}
pub async fn product_delete(id: Id) -> Reply<()> {
    call("product_delete", json!({ "id": id })).await
}
pub async fn warehouse_list() -> Reply<Vec<Warehouse>> {
    call("warehouse_list", json!({})).await
}
pub async fn stock_list(
    query: &str,
    warehouse_id: Option<Id>,
    limit: u32,
    offset: u32,
) -> Reply<Vec<StockRow>> {
    call(
        "stock_list",
        json!({ "query": query, "warehouse_id": warehouse_id, "limit": limit, "offset": offset }),
    )
    .await
}
pub async fn stock_moves(product_id: Id) -> Reply<Vec<MoveRow>> {
    call("stock_moves", json!({ "product_id": product_id })).await
}
pub async fn stock_record(entry: &StockEntry) -> Reply<Id> {
    call("stock_record", json!({ "entry": entry })).await
}
pub async fn pricing_policy_get() -> Reply<PricingPolicy> {
    call("pricing_policy_get", json!({})).await
}
pub async fn pricing_policy_save(policy: &PricingPolicy) -> Reply<()> {
    call("pricing_policy_save", json!({ "policy": policy })).await
}
pub async fn price_rule_list() -> Reply<Vec<PriceRule>> {
    call("price_rule_list", json!({})).await
}
pub async fn price_rule_save(id: Option<Id>, data: &PriceRuleData) -> Reply<Id> {
    call("price_rule_save", json!({ "id": id, "data": data })).await
}
pub async fn price_rule_delete(id: Id) -> Reply<()> {
    call("price_rule_delete", json!({ "id": id })).await
}
pub async fn units_get() -> Reply<fairdesk_core::units::UnitTable> {
    call("units_get", json!({})).await
}
pub async fn units_save(units: &fairdesk_core::units::UnitTable) -> Reply<()> {
    call("units_save", json!({ "units": units })).await
}
pub async fn company_get() -> Reply<CompanyProfile> {
    call("company_get", json!({})).await
}
pub async fn company_save(profile: &CompanyProfile) -> Reply<()> {
    call("company_save", json!({ "profile": profile })).await
}
pub async fn quote_list(customer_id: Option<Id>) -> Reply<Vec<QuoteRow>> {
    call("quote_list", json!({ "customer_id": customer_id })).await
}
pub async fn quote_get(id: Id) -> Reply<QuoteView> {
    call("quote_get", json!({ "id": id })).await
}
pub async fn quote_line_info(customer_id: Id, product_id: Id, qty: Decimal) -> Reply<LineInfo> {
    call(
        "quote_line_info",
        json!({ "customer_id": customer_id, "product_id": product_id, "qty": qty }),
    )
    .await
}
pub async fn quote_save(id: Option<Id>, data: &QuoteData) -> Reply<Id> {
    call("quote_save", json!({ "id": id, "data": data })).await
}
pub async fn quote_new_version(from: Id) -> Reply<Id> {
    call("quote_new_version", json!({ "from": from })).await
}
pub async fn quote_set_status(id: Id, to: QuoteStatus) -> Reply<()> {
    call("quote_set_status", json!({ "id": id, "to": to })).await
}
pub async fn quote_approve(id: Id) -> Reply<()> {
    call("quote_approve", json!({ "id": id })).await
}
pub async fn quote_compare(need_id: Id, ids: &[Id]) -> Reply<Comparison> {
    call("quote_compare", json!({ "need_id": need_id, "ids": ids })).await
}
pub async fn quote_pdf_default_path(id: Id) -> Reply<String> {
    call("quote_pdf_default_path", json!({ "id": id })).await
}
pub async fn quote_export_pdf(id: Id, path: &str, open: bool) -> Reply<String> {
    call(
        "quote_export_pdf",
        json!({ "id": id, "path": path, "open": open }),
    )
    .await
}
pub async fn pick_pdf_path(suggested: &str) -> Reply<Option<String>> {
    call("pick_pdf_path", json!({ "suggested": suggested })).await
}
pub async fn category_list() -> Reply<Vec<Category>> {
    call("category_list", json!({})).await
}
pub async fn category_save(id: Option<Id>, data: &CategoryData) -> Reply<Id> {
    call("category_save", json!({ "id": id, "data": data })).await
}
pub async fn warehouse_save(id: Option<Id>, data: &WarehouseData) -> Reply<Id> {
    call("warehouse_save", json!({ "id": id, "data": data })).await
}
pub async fn stock_of_product(product_id: Id) -> Reply<Vec<WarehouseStock>> {
    call("stock_of_product", json!({ "product_id": product_id })).await
}
pub async fn order_list(
    queue: fairdesk_core::order::OrderQueue,
) -> Reply<Vec<fairdesk_core::order::OrderRow>> {
    call("order_list", json!({ "queue": queue })).await
}
pub async fn order_get(id: Id) -> Reply<fairdesk_core::order::OrderView> {
    call("order_get", json!({ "id": id })).await
}
pub async fn order_from_quote(quote_id: Id) -> Reply<Id> {
    call("order_from_quote", json!({ "quote_id": quote_id })).await
}
pub async fn order_new(customer_id: Id) -> Reply<Id> {
    call("order_new", json!({ "customer_id": customer_id })).await
}
pub async fn order_add_line(id: Id, code: &str, qty: Decimal) -> Reply<()> {
    call(
        "order_add_line",
        json!({ "id": id, "code": code, "qty": qty }),
    )
    .await
}
pub async fn order_set_address(id: Id, index: usize) -> Reply<()> {
    call("order_set_address", json!({ "id": id, "index": index })).await
}
pub async fn order_save(id: Id, data: &fairdesk_core::order::OrderData) -> Reply<()> {
    call("order_save", json!({ "id": id, "data": data })).await
}
pub async fn order_act(
    id: Id,
    action: fairdesk_core::order::OrderAction,
    reason: &str,
) -> Reply<()> {
    call(
        "order_act",
        json!({ "id": id, "action": action, "reason": reason }),
    )
    .await
}
pub async fn stock_alerts() -> Reply<Vec<fairdesk_core::stock::SafetyAlert>> {
    call("stock_alerts", json!({})).await
}
pub async fn stock_holders(product_id: Id, warehouse_id: Id) -> Reply<Vec<(String, Decimal)>> {
    call(
        "stock_holders",
        json!({ "product_id": product_id, "warehouse_id": warehouse_id }),
    )
    .await
}
pub async fn audit_search(text: &str) -> Reply<Vec<fairdesk_core::audit::AuditRow>> {
    call("audit_search", json!({ "text": text })).await
}
pub async fn picking_get(order_id: Id) -> Reply<fairdesk_core::shipping::PickingView> {
    call("picking_get", json!({ "order_id": order_id })).await
}
/// Confirms a delivery (出库); returns its FH number.
pub async fn delivery_ship(data: &fairdesk_core::shipping::DeliveryData) -> Reply<String> {
    call("delivery_ship", json!({ "data": data })).await
}
pub async fn order_close_rest(order_id: Id, reason: &str) -> Reply<()> {
    call(
        "order_close_rest",
        json!({ "order_id": order_id, "reason": reason }),
    )
    .await
}
/// Takes goods of a delivery back (销售退货); returns the TH number.
pub async fn delivery_return(data: &fairdesk_core::shipping::ReturnData) -> Reply<String> {
    call("delivery_return", json!({ "data": data })).await
}
/// The receivables report as of a day as typed (today when empty), by due or document date.
pub async fn receivables_report(
    as_of: &str,
    basis: fairdesk_core::receivables::AgingBasis,
) -> Reply<fairdesk_core::receivables::ReceivablesReport> {
    call(
        "receivables_report",
        json!({ "as_of": as_of, "basis": basis }),
    )
    .await
}
/// A customer's balance today; `None` when it owes nothing and paid nothing ahead.
pub async fn customer_balance(
    customer_id: Id,
) -> Reply<Option<fairdesk_core::receivables::CustomerAging>> {
    call("customer_balance", json!({ "customer_id": customer_id })).await
}
/// A customer's statement (对账单) for a period as a PDF in the documents folder, opened; its
/// path.
pub async fn statement_pdf(customer_id: Id, from: &str, to: &str) -> Reply<String> {
    call(
        "statement_pdf",
        json!({ "customer_id": customer_id, "from": from, "to": to, "open": true }),
    )
    .await
}
/// The desk's outgoing mail settings and whether a password is in the keyring.
#[derive(serde::Deserialize)]
pub struct MailSetup {
    pub settings: Option<fairdesk_core::receivables::dunning::MailSettings>,
    pub has_password: bool,
}
pub async fn mail_settings_get() -> Reply<MailSetup> {
    call("mail_settings_get", json!({})).await
}
/// Saves the mail settings; an empty password keeps the saved one.
pub async fn mail_settings_save(
    settings: &fairdesk_core::receivables::dunning::MailSettings,
    password: &str,
) -> Reply<()> {
    call(
        "mail_settings_save",
        json!({ "settings": settings, "password": password }),
    )
    .await
}
/// Emails the customer its payment reminder with the statement; the address it went to.
pub async fn payment_reminder_send(customer_id: Id) -> Reply<String> {
    call(
        "payment_reminder_send",
        json!({ "customer_id": customer_id }),
    )
    .await
}
/// What the user's customers owe past its due date today, most overdue first.
pub async fn overdue_receivables() -> Reply<Vec<fairdesk_core::receivables::OpenLine>> {
    call("overdue_receivables", json!({})).await
}
/// The receivables report as an Excel workbook in the documents folder, opened; its path.
pub async fn receivables_xlsx(
    as_of: &str,
    basis: fairdesk_core::receivables::AgingBasis,
) -> Reply<String> {
    call(
        "receivables_xlsx",
        json!({ "as_of": as_of, "basis": basis, "open": true }),
    )
    .await
}
/// Open tracking alerts (物流异常) of the deliveries this user looks after.
pub async fn tracking_alerts() -> Reply<Vec<fairdesk_core::shipping::DeliveryAlert>> {
    call("tracking_alerts", json!({})).await
}
pub async fn track_alert_close(delivery_id: Id, key: &str, note: &str) -> Reply<()> {
    call(
        "track_alert_close",
        json!({ "delivery_id": delivery_id, "key": key, "note": note }),
    )
    .await
}
pub async fn order_payments(order_id: Id) -> Reply<fairdesk_core::receivables::OrderPayments> {
    call("order_payments", json!({ "order_id": order_id })).await
}
pub async fn payment_record(data: &fairdesk_core::receivables::PaymentData) -> Reply<Id> {
    call("payment_record", json!({ "data": data })).await
}
/// Saves a delivery's note (or, with `labels`, its parcel labels) as a PDF in the documents
/// folder and opens it for printing; returns the path.
pub async fn delivery_print(id: Id, labels: bool) -> Reply<String> {
    let path: String = call(
        "delivery_pdf_default_path",
        json!({ "id": id, "labels": labels }),
    )
    .await?;
    let cmd = if labels {
        "delivery_labels_pdf"
    } else {
        "delivery_note_pdf"
    };
    call(cmd, json!({ "id": id, "path": path, "open": true })).await
}
/// 待开票: orders with shipped goods not yet invoiced.
pub async fn invoice_queue() -> Reply<Vec<fairdesk_core::invoice::QueueOrder>> {
    call("invoice_queue", json!({})).await
}
pub async fn invoice_list(
    status: Option<fairdesk_core::invoice::InvoiceStatus>,
) -> Reply<Vec<fairdesk_core::invoice::InvoiceRow>> {
    call("invoice_list", json!({ "status": status })).await
}
pub async fn invoice_get(id: Id) -> Reply<fairdesk_core::invoice::InvoiceView> {
    call("invoice_get", json!({ "id": id })).await
}
pub async fn invoice_request(
    data: &fairdesk_core::invoice::InvoiceRequestData,
) -> Reply<(Id, String)> {
    call("invoice_request", json!({ "data": data })).await
}
pub async fn invoice_red_letter(
    data: &fairdesk_core::invoice::RedLetterData,
) -> Reply<(Id, String)> {
    call("invoice_red_letter", json!({ "data": data })).await
}
pub async fn invoice_act(id: Id, action: &fairdesk_core::invoice::InvoiceAction) -> Reply<()> {
    call("invoice_act", json!({ "id": id, "action": action })).await
}
/// The 数电票 batch workbook in the documents folder, opened; its path.
pub async fn invoice_batch_xlsx() -> Reply<String> {
    call("invoice_batch_xlsx", json!({ "open": true })).await
}
/// The platform's invoice list (an .xlsx's bytes) imported: what became of each row.
pub async fn invoice_import(
    bytes: Vec<u8>,
) -> Reply<Vec<fairdesk_core::invoice::shudian::RowMatch>> {
    call("invoice_import", json!({ "bytes": bytes })).await
}
/// A customer's open receivables today, oldest due first.
pub async fn customer_open_items(
    customer_id: Id,
) -> Reply<Vec<fairdesk_core::receivables::OpenLine>> {
    call("customer_open_items", json!({ "customer_id": customer_id })).await
}
pub use fairdesk_core::desk::{BackupFile, Restored};
/// This desk's backups, newest first.
pub async fn backup_list() -> Reply<Vec<BackupFile>> {
    call("backup_list", json!({})).await
}
/// A backup now.
pub async fn backup_now() -> Reply<BackupFile> {
    call("backup_now", json!({})).await
}
/// 库存额度: every desk's quotas, this desk's first.
pub async fn quota_rows() -> Reply<Vec<fairdesk_core::quota::QuotaRow>> {
    call("quota_rows", json!({})).await
}
/// 出差备货: asks the pool for quotas for this desk; the request's id.
pub async fn quota_take(lines: &[fairdesk_core::quota::QuotaAsk]) -> Reply<Id> {
    call("quota_take", json!({ "lines": lines })).await
}
/// What a request was granted (answered once the server has it).
pub async fn quota_grants(take_id: Id) -> Reply<Vec<fairdesk_core::quota::QuotaMove>> {
    call("quota_grants", json!({ "take_id": take_id })).await
}
pub async fn quota_return(keys: &[(Id, Id)]) -> Reply<()> {
    call("quota_return", json!({ "keys": keys })).await
}
pub async fn quota_recall(device_id: Id) -> Reply<()> {
    call("quota_recall", json!({ "device_id": device_id })).await
}
/// Restores one of this desk's backups, by its file name.
pub async fn backup_restore(name: &str) -> Reply<Restored> {
    call("backup_restore", json!({ "name": name })).await
}
