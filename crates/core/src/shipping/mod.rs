//! 发货 (shipping): delivery notes full and partial, backorders (欠货), closing a rest the
//! customer no longer wants, returns, carriers and parcels. Rules only; the writes are in
//! `apply/shipping.rs`.

mod alerts;
mod carrier;
mod delivery;
mod label;
mod picking;
mod tracking;
mod view;

pub use alerts::{
    alert_parcel, alerts, delivery_alerts, open_alerts, stall_days, AlertCause, AlertNote,
    DeliveryAlert, TrackAlert, DEFAULT_STALL_DAYS, MAX_ALERT_NOTE, MAX_STALL_DAYS,
};
pub use carrier::{mask_phone, mask_tracking, Carrier};
pub use delivery::{
    Delivery, DeliveryData, DeliveryLine, DeliveryStatus, Parcel, ReturnData, ReturnLine,
    ReturnNote, ShipLine, MAX_PARCELS,
};
pub use label::LabelSize;
pub use picking::{
    after_closing, after_delivery, check_delivery, check_return, picking, PickLine, ShippingRefusal,
};

pub use tracking::{completed_order, with_tracking, ParcelTrack, TrackEvent, TrackState, Tracking};
pub use view::PickingView;

use crate::ids::Id;
use crate::read::ReadError;

/// What the shipping rules read of current state.
pub trait ShippingReader {
    fn delivery(&self, id: Id) -> Result<Option<Delivery>, ReadError>;
    /// The number of the delivery a tracking number is on, if any.
    fn delivery_with_tracking(&self, number: &str) -> Result<Option<(Id, String)>, ReadError>;
    fn return_exists(&self, id: Id) -> Result<bool, ReadError>;
}

/// Ledger move ids of a document's lines: the document's id with the line number mixed into
/// its random bits, so a replay on any store derives the same ids.
pub fn line_move_id(document: Id, line: usize) -> Id {
    crate::order::reservation_id(document, line)
}

/// Who receives a delivery and where: the customer's delivery address it was sent to (with the
/// person who signs there), else the customer's first contact at the order's address. Used for
/// labels, the delivery note and the tracking query (顺丰 wants the receiver's phone).
pub fn receiver(
    delivery: &Delivery,
    customer: &crate::customer::Customer,
) -> (String, String, String) {
    let c = &customer.data;
    if let Some(s) = c.ship_to.iter().find(|s| s.line() == delivery.address) {
        let place = crate::catalog::place_line(&s.province, &s.city, &s.address);
        return (s.contact.clone(), s.phone.clone(), place);
    }
    let contact = c.contacts.first();
    let name = contact.map(|p| p.name.clone()).unwrap_or_default();
    let phone = contact
        .map(|p| {
            if p.mobile.is_empty() {
                p.phone.clone()
            } else {
                p.mobile.clone()
            }
        })
        .unwrap_or_default();
    (name, phone, delivery.address.clone())
}
