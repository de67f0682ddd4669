use super::Reply;
use crate::state::AppState;
use fairdesk_core::customer::view::{CustomerDetail, CustomerPage, CustomerQuery};
use fairdesk_core::customer::CustomerForm;
use fairdesk_core::followup::FollowUpForm;
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::customers;
use fairdesk_store::CreateCustomer;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_list(state: State<'_, AppState>, query: CustomerQuery) -> Reply<CustomerPage> {
    state.with(|s| customers::list(s.conn(), &s.current_actor()?, &query))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_get(state: State<'_, AppState>, id: Id) -> Reply<CustomerDetail> {
    state.with(|s| customers::detail(s.conn(), &s.current_actor()?, id))
}

/// Creates a customer, or answers with possible duplicates unless `confirmed`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_create(
    state: State<'_, AppState>,
    form: CustomerForm,
    owner_id: Option<Id>,
    confirmed: bool,
) -> Reply<CreateCustomer> {
    state.with(|s| s.create_customer(&form, owner_id, confirmed))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_update(state: State<'_, AppState>, id: Id, form: CustomerForm) -> Reply<()> {
    state.with(|s| s.update_customer(id, &form).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_delete(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|s| s.submit(Mutation::DeleteCustomer { id }).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_restore(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|s| s.submit(Mutation::RestoreCustomer { id }).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn customer_reassign(state: State<'_, AppState>, id: Id, to_owner: Id) -> Reply<()> {
    state.with(|s| {
        s.submit(Mutation::ReassignCustomer { id, to_owner })
            .map(drop)
    })
}

/// A leaving rep's customers all go to another rep. Returns how many moved.
#[tauri::command(async, rename_all = "snake_case")]
pub fn customers_transfer_all(
    state: State<'_, AppState>,
    from_owner: Id,
    to_owner: Id,
) -> Reply<u64> {
    state.with(|s| s.transfer_all_customers(from_owner, to_owner))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn follow_up_add(state: State<'_, AppState>, form: FollowUpForm) -> Reply<Id> {
    state.with(|s| s.add_follow_up(&form))
}

/// Adds or removes one tag on the selected customers, all or nothing.
#[tauri::command(async, rename_all = "snake_case")]
pub fn customers_tag(
    state: State<'_, AppState>,
    tag_id: Id,
    customer_ids: Vec<Id>,
    add: bool,
) -> Reply<()> {
    state.with(|s| {
        s.submit(Mutation::TagCustomers {
            tag_id,
            customer_ids,
            add,
        })
        .map(drop)
    })
}
