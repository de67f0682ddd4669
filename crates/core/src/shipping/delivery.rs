//! The shipping documents: a delivery note (发货单 / 销售出库单) with its parcels, and a return
//! note (销售退货单) against a delivery. Both are written once by one mutation each, together
//! with the ledger moves and the order's figures they change.

use super::Carrier;
use crate::error::ErrorCode;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::quantity::check_qty;
use crate::validate::Checker;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Most parcels one delivery may have.
pub const MAX_PARCELS: usize = 200;

/// One order line's quantity to ship now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipLine {
    /// The order line (0-based, in the order's line order).
    pub line: usize,
    pub qty: Decimal,
}

/// One parcel: its own tracking number (several parcels, several numbers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parcel {
    #[serde(default)]
    pub tracking_no: String,
}

/// What the warehouse confirms when goods leave (出库).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryData {
    pub order_id: Id,
    /// A delivery leaves from one warehouse.
    pub warehouse_id: Id,
    pub lines: Vec<ShipLine>,
    pub carrier: Carrier,
    pub parcels: Vec<Parcel>,
    /// 自送: who drives, which vehicle.
    #[serde(default)]
    pub driver: String,
    #[serde(default)]
    pub plate: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// 已出库: the goods left the warehouse.
    Shipped,
    /// 已签收
    Delivered,
}

impl DeliveryStatus {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            DeliveryStatus::Shipped => lang.pick("已出库", "Shipped"),
            DeliveryStatus::Delivered => lang.pick("已签收", "Delivered"),
        }
    }
}

/// A delivered line as printed: the order line's product when it shipped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryLine {
    pub line: usize,
    pub product_id: Id,
    pub sku: String,
    pub name: String,
    #[serde(default)]
    pub spec: String,
    pub unit: String,
    pub qty: Decimal,
    /// Taken back by return notes so far.
    #[serde(default)]
    pub returned: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: Id,
    /// `FH-K7-202612-0001`
    pub number: String,
    pub order_id: Id,
    pub order_number: String,
    /// The order's customer (deliveries replicate with it).
    pub customer_id: Id,
    pub warehouse_id: Id,
    /// Where it goes, as the order says.
    pub address: String,
    pub lines: Vec<DeliveryLine>,
    pub carrier: Carrier,
    pub parcels: Vec<Parcel>,
    #[serde(default)]
    pub driver: String,
    #[serde(default)]
    pub plate: String,
    #[serde(default)]
    pub notes: String,
    pub status: DeliveryStatus,
    /// What the tracking service last said of each parcel (written by the company server).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<super::ParcelTrack>,
    /// Notes closing tracking alerts (what was done about a refused or lost parcel).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alert_notes: Vec<super::AlertNote>,
    pub meta: RowMeta,
}

/// One delivered line's quantity coming back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    /// The delivery's line (0-based).
    pub line: usize,
    pub qty: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnData {
    pub delivery_id: Id,
    /// Where the goods go back in (not necessarily where they left from).
    pub warehouse_id: Id,
    pub lines: Vec<ReturnLine>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnNote {
    pub id: Id,
    /// `TH-K7-202612-0001`
    pub number: String,
    pub order_id: Id,
    pub customer_id: Id,
    #[serde(flatten)]
    pub data: ReturnData,
    pub meta: RowMeta,
}

/// A document's lines: at least one, each a positive quantity, no line of the order (or
/// delivery) twice.
fn check_lines(c: &mut Checker, lines: impl Iterator<Item = (usize, Decimal)>) {
    let mut seen: Vec<usize> = Vec::new();
    for (i, (line, qty)) in lines.enumerate() {
        if let Err(e) = check_qty(qty) {
            c.push(format!("lines.{i}.qty"), e);
        }
        if seen.contains(&line) {
            c.push(format!("lines.{i}.line"), ErrorCode::Duplicate);
        }
        seen.push(line);
    }
    if seen.is_empty() {
        c.push("lines", ErrorCode::Required);
    }
}

impl DeliveryData {
    /// A delivery of `lines` (order line, quantity) with one parcel per tracking number, no
    /// driver or notes: what a scan or the default quantities make, before the clerk adds more.
    pub fn new(
        order_id: Id,
        warehouse_id: Id,
        carrier: Carrier,
        lines: impl IntoIterator<Item = (usize, Decimal)>,
        tracking: impl IntoIterator<Item = String>,
    ) -> DeliveryData {
        DeliveryData {
            order_id,
            warehouse_id,
            lines: lines
                .into_iter()
                .map(|(line, qty)| ShipLine { line, qty })
                .collect(),
            carrier,
            parcels: tracking
                .into_iter()
                .map(|tracking_no| Parcel { tracking_no })
                .collect(),
            driver: String::new(),
            plate: String::new(),
            notes: String::new(),
        }
    }

    /// Shape checks that need no state: lines with positive quantities, no line twice, what the
    /// carrier needs (tracking numbers of its shape, or driver and plate), text lengths.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        check_lines(&mut c, self.lines.iter().map(|l| (l.line, l.qty)));
        if self.carrier.is_tracked() {
            if self.parcels.is_empty() {
                c.push("parcels", ErrorCode::Required);
            }
            if self.parcels.len() > MAX_PARCELS {
                c.push("parcels", ErrorCode::TooMany { max: MAX_PARCELS });
            }
            for (i, p) in self.parcels.iter().enumerate() {
                let field = format!("parcels.{i}.tracking_no");
                if p.tracking_no.trim().is_empty() {
                    c.push(field, ErrorCode::Required);
                } else if !self.carrier.accepts(&p.tracking_no) {
                    c.push(field, ErrorCode::InvalidTrackingNo);
                } else if self.parcels[..i]
                    .iter()
                    .any(|o| o.tracking_no == p.tracking_no)
                {
                    c.push(field, ErrorCode::Duplicate);
                }
            }
        } else if self.parcels.iter().any(|p| !p.tracking_no.is_empty()) {
            c.push("parcels", ErrorCode::UnknownChoice);
        }
        let own = self.carrier == Carrier::OwnVehicle;
        c.name("driver", &self.driver, own, 30);
        c.name("plate", &self.plate, own, 12);
        c.text("notes", &self.notes, false, 500);
        c.finish()
    }
}

impl ReturnData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        check_lines(&mut c, self.lines.iter().map(|l| (l.line, l.qty)));
        c.text("reason", &self.reason, true, 200);
        c.finish()
    }
}
