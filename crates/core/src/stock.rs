//! Stock as a ledger: every change is a signed move per product and warehouse; on hand is the
//! sum of moves and available is on hand minus what orders hold. Moves commute, so desks that
//! record receipts offline merge without conflicts.

use crate::error::ErrorCode;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::quantity::{check_qty, QTY_DECIMALS};
use crate::validate::Checker;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What a clerk records; `apply` turns it into one or two ledger moves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StockEntry {
    /// 期初: the first balance of a product in a warehouse (only before any other move).
    Opening {
        product_id: Id,
        warehouse_id: Id,
        qty: Decimal,
    },
    /// 入库
    Receipt {
        product_id: Id,
        warehouse_id: Id,
        qty: Decimal,
        note: String,
    },
    /// 盘点: the counted quantity; the move is the difference to what the ledger says.
    Count {
        product_id: Id,
        warehouse_id: Id,
        counted: Decimal,
        reason: String,
    },
    /// 调拨 from one warehouse to another: two moves that always travel together.
    Transfer {
        product_id: Id,
        from: Id,
        to: Id,
        qty: Decimal,
        note: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    Opening,
    Receipt,
    Adjustment,
    TransferOut,
    TransferIn,
    /// 销售出库: goods leaving with a delivery.
    Shipment,
    /// 销售退货: goods back from a customer.
    Return,
}

impl MoveKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::Opening => "opening",
            MoveKind::Receipt => "receipt",
            MoveKind::Adjustment => "adjustment",
            MoveKind::TransferOut => "transfer_out",
            MoveKind::TransferIn => "transfer_in",
            MoveKind::Shipment => "shipment",
            MoveKind::Return => "return",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            MoveKind::Opening => lang.pick("期初", "Opening"),
            MoveKind::Receipt => lang.pick("入库", "Receipt"),
            MoveKind::Adjustment => lang.pick("盘点调整", "Stock-take"),
            MoveKind::TransferOut => lang.pick("调拨出库", "Transfer out"),
            MoveKind::TransferIn => lang.pick("调拨入库", "Transfer in"),
            MoveKind::Shipment => lang.pick("销售出库", "Shipment"),
            MoveKind::Return => lang.pick("销售退货", "Customer return"),
        }
    }
}

/// One ledger row. Never changed after it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockMove {
    pub id: Id,
    pub product_id: Id,
    pub warehouse_id: Id,
    /// Signed: + in, − out.
    pub qty: Decimal,
    pub kind: MoveKind,
    /// The note, or the stock-take reason.
    pub note: String,
    /// The entry this move belongs to (both halves of a transfer share it).
    pub entry_id: Id,
    pub meta: RowMeta,
}

/// On hand and reserved for one product in one warehouse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockLevel {
    pub on_hand: Decimal,
    pub reserved: Decimal,
    /// Set aside for desks as their quotas (库存额度), outstanding.
    #[serde(default)]
    pub quota: Decimal,
}

impl StockLevel {
    /// What the pool can still promise: on hand less holds less desks' quotas.
    pub fn available(&self) -> Decimal {
        self.on_hand - self.reserved - self.quota
    }
}

impl StockEntry {
    pub fn product_id(&self) -> Id {
        match self {
            StockEntry::Opening { product_id, .. }
            | StockEntry::Receipt { product_id, .. }
            | StockEntry::Count { product_id, .. }
            | StockEntry::Transfer { product_id, .. } => *product_id,
        }
    }

    /// The entry's quantity and its field, for the unit's precision.
    pub fn quantity(&self) -> (&'static str, Decimal) {
        match self {
            StockEntry::Opening { qty, .. }
            | StockEntry::Receipt { qty, .. }
            | StockEntry::Transfer { qty, .. } => ("qty", *qty),
            StockEntry::Count { counted, .. } => ("counted", *counted),
        }
    }

    /// Shape checks that need no state.
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        match self {
            StockEntry::Opening { qty, .. } => {
                if *qty < Decimal::ZERO {
                    c.push("qty", ErrorCode::Negative);
                } else if qty.normalize().scale() > QTY_DECIMALS {
                    c.push("qty", ErrorCode::TooManyDecimals { max: QTY_DECIMALS });
                }
            }
            StockEntry::Receipt { qty, note, .. } => {
                if let Err(e) = check_qty(*qty) {
                    c.push("qty", e);
                }
                c.text("note", note, false, 200);
            }
            StockEntry::Count {
                counted, reason, ..
            } => {
                if *counted < Decimal::ZERO {
                    c.push("counted", ErrorCode::Negative);
                } else if counted.normalize().scale() > QTY_DECIMALS {
                    c.push("counted", ErrorCode::TooManyDecimals { max: QTY_DECIMALS });
                }
                c.text("reason", reason, true, 200);
            }
            StockEntry::Transfer {
                from,
                to,
                qty,
                note,
                ..
            } => {
                if from == to {
                    c.push("to", ErrorCode::SameWarehouse);
                }
                if let Err(e) = check_qty(*qty) {
                    c.push("qty", e);
                }
                c.text("note", note, false, 200);
            }
        }
        c.finish()
    }
}

/// A row of the stock list: one product in one warehouse (or all warehouses).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockRow {
    pub product_id: Id,
    pub sku: String,
    pub name: String,
    #[serde(default)]
    pub spec: String,
    pub unit: String,
    pub warehouse_id: Id,
    pub warehouse: String,
    pub on_hand: Decimal,
    pub reserved: Decimal,
    /// Set aside as desks' quotas (库存额度).
    #[serde(default)]
    pub quota: Decimal,
    pub available: Decimal,
    pub safety_stock: Decimal,
}

/// A line of a product's move history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRow {
    pub at_ms: i64,
    pub kind: MoveKind,
    pub warehouse: String,
    pub qty: Decimal,
    pub note: String,
    pub by: String,
}

/// A product whose available stock (all warehouses) is below its safety stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyAlert {
    pub product_id: Id,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub available: Decimal,
    pub safety_stock: Decimal,
    /// How much to buy: enough to bring availability back to twice the safety stock.
    pub suggested: Decimal,
}

/// The replenishment rule (docs/DECISIONS.md): back to twice the safety stock.
pub fn suggested_replenishment(available: Decimal, safety_stock: Decimal) -> Decimal {
    (safety_stock * Decimal::TWO - available).max(Decimal::ZERO)
}
