//! Pricing policy (levels, floors, price basis), price rules and the company details.

use super::Reply;
use crate::state::AppState;
use fairdesk_core::catalog::CompanyProfile;
use fairdesk_core::pricing::{PriceRule, PriceRuleData, PricingPolicy};
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::catalog;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn pricing_policy_get(state: State<'_, AppState>) -> Reply<PricingPolicy> {
    state.with(|s| s.pricing_policy())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn pricing_policy_save(state: State<'_, AppState>, policy: PricingPolicy) -> Reply<()> {
    state.with(|s| s.submit(Mutation::SavePricingPolicy { policy }).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn price_rule_list(state: State<'_, AppState>) -> Reply<Vec<PriceRule>> {
    state.with(|s| catalog::all_rules(s.conn()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn price_rule_save(
    state: State<'_, AppState>,
    id: Option<Id>,
    data: PriceRuleData,
) -> Reply<Id> {
    state.with(|s| {
        let id = id.unwrap_or_else(|| s.new_id());
        s.submit(Mutation::SavePriceRule { id, data }).map(|_| id)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn price_rule_delete(state: State<'_, AppState>, id: Id) -> Reply<()> {
    state.with(|s| s.submit(Mutation::DeletePriceRule { id }).map(drop))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn company_get(state: State<'_, AppState>) -> Reply<CompanyProfile> {
    state.with(|s| s.company())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn company_save(state: State<'_, AppState>, profile: CompanyProfile) -> Reply<()> {
    state.with(|s| s.submit(Mutation::SaveCompany { profile }).map(drop))
}
