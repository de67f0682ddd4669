use super::Reply;
use crate::state::AppState;
use fairdesk_core::tag::{TagCount, TagData};
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::tags;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn tag_list(state: State<'_, AppState>) -> Reply<Vec<TagCount>> {
    state.with(|s| {
        Ok(tags::list(s.conn())?
            .into_iter()
            .map(|(tag, customers)| TagCount { tag, customers })
            .collect())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn tag_save(state: State<'_, AppState>, id: Option<Id>, data: TagData) -> Reply<Id> {
    state.with(|s| s.save_tag(id, data))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn tag_delete(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|s| s.submit(Mutation::DeleteTag { id }).map(drop))
}
