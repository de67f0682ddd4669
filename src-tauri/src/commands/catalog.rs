//! Products, categories and warehouses.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::catalog::{
    Category, CategoryData, Product, ProductData, Warehouse, WarehouseData,
};
use fairdesk_core::{DomainError, Id, Mutation};
use fairdesk_store::queries::catalog;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn product_search(
    state: State<'_, AppState>,
    query: String,
    include_inactive: bool,
    limit: u32,
) -> Reply<Vec<Product>> {
    state.with(|s| catalog::search_products(s.conn(), &query, include_inactive, limit.min(500)))
}

/// The product whose SKU or barcode is exactly `code` (a scanner's input).
#[tauri::command(async, rename_all = "snake_case")]
pub fn product_by_code(state: State<'_, AppState>, code: String) -> Reply<Product> {
    state.with(|s| {
        catalog::product_by_code(s.conn(), &code)?.ok_or_else(|| {
            DomainError::UnknownCode {
                code: code.trim().to_string(),
            }
            .into()
        })
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn product_get(state: State<'_, AppState>, id: Id) -> Reply<Option<Product>> {
    state.with(|s| catalog::product(s.conn(), id))
}

/// Creates a product (`id` none) or changes the named fields of one.
#[tauri::command(async, rename_all = "snake_case")]
pub fn product_save(
    state: State<'_, AppState>,
    id: Option<Id>,
    data: ProductData,
    changed: Vec<String>,
) -> Reply<Id> {
    state.with(|s| match id {
        Some(id) => s
            .submit(Mutation::UpdateProduct { id, data, changed })
            .map(|_| id),
        None => s.create_with(|id| Mutation::CreateProduct { id, data }),
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn product_delete(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|s| s.submit(Mutation::DeleteProduct { id }).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn category_list(state: State<'_, AppState>) -> Reply<Vec<Category>> {
    state.with(|s| catalog::categories(s.conn()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn category_save(state: State<'_, AppState>, id: Option<Id>, data: CategoryData) -> Reply<Id> {
    state.with(|s| {
        let id = id.unwrap_or_else(|| s.new_id());
        s.submit(Mutation::SaveCategory { id, data }).map(|_| id)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn warehouse_list(state: State<'_, AppState>) -> Reply<Vec<Warehouse>> {
    state.with(|s| catalog::warehouses(s.conn()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn warehouse_save(
    state: State<'_, AppState>,
    id: Option<Id>,
    data: WarehouseData,
) -> Reply<Id> {
    state.with(|s| {
        let id = id.unwrap_or_else(|| s.new_id());
        s.submit(Mutation::SaveWarehouse { id, data }).map(|_| id)
    })
}

/// The company's units of measure and how many decimals each takes (设置 → 计量单位).
#[tauri::command(async, rename_all = "snake_case")]
pub fn units_get(state: State<'_, AppState>) -> Reply<fairdesk_core::units::UnitTable> {
    state.with(|s| s.units())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn units_save(state: State<'_, AppState>, units: fairdesk_core::units::UnitTable) -> Reply<()> {
    state.with(|s| s.submit(Mutation::SaveUnits { units }).map(drop))
}
