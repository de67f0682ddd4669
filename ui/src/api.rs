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
