//! What the warehouse desk's screens show of an order: the picking view with its deliveries
//! and returns.

use super::{Delivery, PickLine, ReturnNote};
use crate::ids::Id;
use crate::order::OrderStatus;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PickingView {
    pub order_id: Id,
    pub order_number: String,
    pub customer_name: String,
    pub address: String,
    pub status: OrderStatus,
    /// With the warehouse (approved and paid as the terms require, or shipping already).
    pub released: bool,
    pub lines: Vec<PickLine>,
    /// Each line's product barcode (what a scanner types), in line order.
    pub barcodes: Vec<String>,
    /// Names of the warehouses the lines ship from (id, name), in first-use order.
    pub warehouses: Vec<(Id, String)>,
    pub deliveries: Vec<Delivery>,
    pub returns: Vec<ReturnNote>,
    #[serde(default)]
    pub close_reason: Option<String>,
}
