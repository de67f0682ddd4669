//! 设置 → 仓库: the company's warehouses with where they are (for choosing the nearest one),
//! stopped and started again, and new ones. Moved here from the stock list, which is for
//! looking stock up.

use crate::api;
use crate::i18n::{lang, t, tr};
use crate::widgets::ErrorBanner;
use fairdesk_core::catalog::{warehouse_label, Warehouse, WarehouseData};
use fairdesk_core::ErrorReply;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn WarehouseSettings() -> impl IntoView {
    let warehouses = RwSignal::new(Vec::<Warehouse>::new());
    let error = RwSignal::new(None::<ErrorReply>);
    let reload = move || {
        spawn_local(async move {
            match api::warehouse_list().await {
                Ok(w) => drop(warehouses.try_set(w)),
                Err(e) => drop(error.try_set(Some(e))),
            }
        })
    };
    reload();
    let name = RwSignal::new(String::new());
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let add = move |_| {
        let data = WarehouseData {
            name: name.get_untracked().trim().to_string(),
            province: province.get_untracked().trim().to_string(),
            city: city.get_untracked().trim().to_string(),
            address: String::new(),
            active: true,
        };
        spawn_local(async move {
            match api::warehouse_save(None, &data).await {
                Ok(_) => {
                    name.set(String::new());
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="card" id="warehouse-settings">
            <h2>{t("stock.warehouses")}</h2>
            <ErrorBanner error=error />
            <div class="warehouse-entry">
                {move || warehouses.get().into_iter().map(|w| {
                    let active = w.data.active;
                    let label = warehouse_label(&w.data.name, &w.data.province, &w.data.city);
                    let toggle = move |_| {
                        let mut data = w.data.clone();
                        data.active = !data.active;
                        let id = w.id;
                        spawn_local(async move {
                            match api::warehouse_save(Some(id), &data).await {
                                Ok(_) => reload(),
                                Err(e) => error.set(Some(e)),
                            }
                        });
                    };
                    view! {
                        <span class="warehouse" class:inactive=!active>{label}
                            <button class="link" on:click=toggle>{move || if active { tr(lang(), "stock.deactivate") } else { tr(lang(), "stock.activate") }}</button>
                        </span>
                    }
                }).collect_view()}
            </div>
            <div class="warehouse-entry">
                <input id="warehouse-name" placeholder=t("stock.warehouse_new") bind:value=name />
                <input id="warehouse-province" placeholder=t("stock.province") bind:value=province />
                <input id="warehouse-city" placeholder=t("stock.city") bind:value=city />
                <button id="warehouse-add" on:click=add>{t("stock.warehouse_add")}</button>
            </div>
        </div>
    }
}
