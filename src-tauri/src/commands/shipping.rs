//! 发货: the warehouse's picking view of an order, confirming a delivery (出库), closing a rest
//! the customer no longer wants, and returns (销售退货).

use super::Reply;
use crate::state::AppState;
use fairdesk_core::shipping::{DeliveryAlert, DeliveryData, PickingView, ReturnData};
use fairdesk_core::Id;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn picking_get(state: State<'_, AppState>, order_id: Id) -> Reply<PickingView> {
    state.with(|s| s.picking_view(order_id))
}

/// Confirms a delivery; returns its FH number.
#[tauri::command(async, rename_all = "snake_case")]
pub fn delivery_ship(state: State<'_, AppState>, data: DeliveryData) -> Reply<String> {
    state.with(|s| s.ship(data).map(|(_, number)| number))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn order_close_rest(state: State<'_, AppState>, order_id: Id, reason: String) -> Reply<()> {
    state.with(|s| s.close_order_rest(order_id, &reason))
}

/// Takes goods of a delivery back; returns the TH number.
#[tauri::command(async, rename_all = "snake_case")]
pub fn delivery_return(state: State<'_, AppState>, data: ReturnData) -> Reply<String> {
    state.with(|s| s.return_goods(data).map(|(_, number)| number))
}

/// Open tracking alerts (物流异常) of the deliveries this user looks after.
#[tauri::command(async, rename_all = "snake_case")]
pub fn tracking_alerts(state: State<'_, AppState>) -> Reply<Vec<DeliveryAlert>> {
    state.with(|s| s.tracking_alerts())
}

/// Closes a tracking alert with a note of what was done.
#[tauri::command(async, rename_all = "snake_case")]
pub fn track_alert_close(
    state: State<'_, AppState>,
    delivery_id: Id,
    key: String,
    note: String,
) -> Reply<()> {
    state.with(|s| s.close_track_alert(delivery_id, &key, &note))
}

/// Everything a delivery's paper needs, read in one go.
struct DeliveryPaper {
    delivery: fairdesk_core::shipping::Delivery,
    earlier: Vec<fairdesk_core::shipping::Delivery>,
    order: fairdesk_core::order::Order,
    company: fairdesk_core::catalog::CompanyProfile,
    customer: fairdesk_core::customer::Customer,
    warehouse: String,
    /// The public tracking page of the order, when the desk is connected to a server.
    link: String,
}

fn paper(state: &AppState, id: Id) -> Reply<DeliveryPaper> {
    use fairdesk_store::queries::{catalog, customers, orders, shipping};
    use fairdesk_store::StoreError;
    state.with(|s| {
        let conn = s.conn();
        let missing = |what: &str| StoreError::Corrupt(what.into());
        let delivery = shipping::delivery(conn, id)?.ok_or_else(|| missing("delivery"))?;
        let order = orders::get(conn, delivery.order_id)?.ok_or_else(|| missing("order"))?;
        let customer =
            customers::get(conn, delivery.customer_id)?.ok_or_else(|| missing("customer"))?;
        let earlier = shipping::deliveries_of(conn, delivery.order_id)?
            .into_iter()
            .take_while(|d| d.id != id)
            .collect();
        let warehouse = catalog::warehouses(conn)?
            .into_iter()
            .find(|w| w.id == delivery.warehouse_id)
            .map(|w| {
                fairdesk_core::catalog::warehouse_label(
                    &w.data.name,
                    &w.data.province,
                    &w.data.city,
                )
            })
            .unwrap_or_default();
        let link = match crate::sync_worker::connection(s) {
            Some((server, org, _)) => format!(
                "{}/track/{org}?order={}",
                server.trim_end_matches('/'),
                delivery.order_number
            ),
            None => String::new(),
        };
        Ok(DeliveryPaper {
            delivery,
            earlier,
            order,
            company: s.company()?,
            customer,
            warehouse,
            link,
        })
    })
}

/// Where a delivery's paper goes unless the user picks another place: Documents/FH-….pdf
/// (`labels`: FH-…-面单.pdf).
#[tauri::command(async, rename_all = "snake_case")]
pub fn delivery_pdf_default_path<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    id: Id,
    labels: bool,
) -> Reply<String> {
    let number = paper(&state, id)?.delivery.number;
    let name = if labels {
        format!("{number}-面单.pdf")
    } else {
        format!("{number}.pdf")
    };
    Ok(super::documents_path(&app, &name))
}

/// The delivery note (送货单) as a PDF, from the company's `delivery_note.typ` or the bundled one.
#[tauri::command(async, rename_all = "snake_case")]
pub fn delivery_note_pdf(
    state: State<'_, AppState>,
    id: Id,
    path: String,
    open: bool,
) -> Reply<String> {
    let p = paper(&state, id)?;
    let note = fairdesk_print::delivery_document(
        &p.delivery,
        &p.earlier,
        &p.order,
        &p.company,
        &p.customer,
        &p.warehouse,
    );
    let logo = fairdesk_print::logo_bytes(&p.company)
        .map_err(|e| fairdesk_core::ErrorReply::plain(e.to_string()))?;
    super::export_pdf(
        &state,
        &path,
        open,
        ("delivery_note.typ", fairdesk_print::DELIVERY_NOTE_TEMPLATE),
        |template| fairdesk_print::render_delivery_note(&note, template, logo.as_deref()),
    )
}

/// Every parcel's label of a delivery as one PDF, in the company's label size.
#[tauri::command(async, rename_all = "snake_case")]
pub fn delivery_labels_pdf(
    state: State<'_, AppState>,
    id: Id,
    path: String,
    open: bool,
) -> Reply<String> {
    let p = paper(&state, id)?;
    if p.delivery.parcels.is_empty() {
        return Err(fairdesk_core::ErrorReply::plain(
            "该发货单没有包裹（自提或自送），不需要面单 / No parcels on this delivery: no labels",
        ));
    }
    let labels = fairdesk_print::label_documents(&p.delivery, &p.company, &p.customer, &p.link);
    super::export_pdf(
        &state,
        &path,
        open,
        ("label.typ", fairdesk_print::LABEL_TEMPLATE),
        |template| fairdesk_print::render_labels(&labels, p.company.label_size, template),
    )
}
