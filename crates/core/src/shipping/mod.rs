//! 发货 (shipping): delivery notes full and partial, backorders (欠货), closing a rest the
//! customer no longer wants, returns, carriers and parcels. Rules only; the writes are in
//! `apply/shipping.rs`.

mod carrier;
mod delivery;
mod label;
mod picking;
mod tracking;
mod view;

pub use carrier::{mask_phone, mask_tracking, Carrier};
pub use delivery::{
    Delivery, DeliveryData, DeliveryLine, DeliveryStatus, Parcel, ReturnData, ReturnLine,
    ReturnNote, ShipLine, MAX_PARCELS,
};
pub use label::LabelSize;
pub use picking::{
    after_closing, after_delivery, check_delivery, check_return, picking, PickLine, ShippingRefusal,
};

pub use tracking::{TrackEvent, TrackState, Tracking};
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
