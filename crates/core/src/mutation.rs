//! Mutations: every change a user makes, as intent ("transfer A's customers to B"), not as a
//! row diff. They are applied locally, kept in the outbox, and replayed on the server.

use crate::actor::Actor;
use crate::catalog::{CategoryData, CompanyProfile, ProductData, WarehouseData};
use crate::customer::{CustomerData, CustomerField};
use crate::followup::FollowUpData;
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::order::{OrderAction, OrderData};
use crate::pricing::{PriceRuleData, PricingPolicy};
use crate::quote::{QuoteData, QuoteStatus};
use crate::stock::StockEntry;
use crate::tag::TagData;
use crate::user::UserData;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};

/// Version of the mutation format. A device or server refuses envelopes from the future.
pub const SCHEMA_VERSION: u32 = 1;

// Mutations are built, applied and serialised one at a time; their size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Mutation {
    SaveUser {
        id: Id,
        data: UserData,
    },
    CreateCustomer {
        id: Id,
        code: String,
        owner_id: Id,
        data: CustomerData,
    },
    UpdateCustomer {
        id: Id,
        changes: Vec<CustomerField>,
    },
    DeleteCustomer {
        id: Id,
    },
    RestoreCustomer {
        id: Id,
    },
    /// One customer to another rep.
    ReassignCustomer {
        id: Id,
        to_owner: Id,
    },
    /// All customers of a (leaving) rep to another rep, in one action.
    TransferAllCustomers {
        from_owner: Id,
        to_owner: Id,
    },
    CreateTag {
        id: Id,
        data: TagData,
    },
    UpdateTag {
        id: Id,
        data: TagData,
    },
    DeleteTag {
        id: Id,
    },
    AddFollowUp {
        id: Id,
        data: FollowUpData,
    },
    /// Adds (or removes) one tag on many customers at once.
    TagCustomers {
        tag_id: Id,
        customer_ids: Vec<Id>,
        add: bool,
    },
    CreateProduct {
        id: Id,
        data: ProductData,
    },
    /// `changed` names the fields the user edited; each wins or loses on its own clock.
    UpdateProduct {
        id: Id,
        data: ProductData,
        changed: Vec<String>,
    },
    DeleteProduct {
        id: Id,
    },
    SaveCategory {
        id: Id,
        data: CategoryData,
    },
    SaveWarehouse {
        id: Id,
        data: WarehouseData,
    },
    RecordStock {
        id: Id,
        entry: StockEntry,
    },
    SavePricingPolicy {
        policy: PricingPolicy,
    },
    SavePriceRule {
        id: Id,
        data: PriceRuleData,
    },
    DeletePriceRule {
        id: Id,
    },
    SaveCompany {
        profile: CompanyProfile,
    },
    /// The company's units of measure and their precision (设置 → 计量单位).
    SaveUnits {
        units: crate::units::UnitTable,
    },
    /// Creates a quote (version 1 of a new need) or changes a draft.
    SaveQuote {
        id: Id,
        number: String,
        data: QuoteData,
    },
    /// Copies a quote into the next version of the same need, as a draft.
    NewQuoteVersion {
        id: Id,
        from: Id,
    },
    SetQuoteStatus {
        id: Id,
        to: QuoteStatus,
    },
    ApproveQuote {
        id: Id,
    },
    /// Creates an order (from an accepted quote or directly) or changes a draft.
    SaveOrder {
        id: Id,
        number: String,
        data: OrderData,
    },
    /// Submit, approve, reject (with a reason), cancel, complete.
    OrderAct {
        id: Id,
        action: OrderAction,
        reason: String,
    },
    /// 收款: money received for an order.
    RecordPayment {
        id: Id,
        data: crate::receivables::PaymentData,
    },
    /// Allocates by hand what a payment on a customer's account settles (its advance, later).
    AllocatePayment {
        id: Id,
        allocations: Vec<crate::receivables::Allocation>,
    },
    /// 出库: goods leave one warehouse for an order, in one step with their ledger moves.
    ShipDelivery {
        id: Id,
        number: String,
        data: crate::shipping::DeliveryData,
    },
    /// Closes what is still open on an order without shipping it (客户不要了), releasing holds.
    CloseOrderRest {
        id: Id,
        reason: String,
    },
    /// 销售退货: shipped goods come back into a warehouse.
    ReturnGoods {
        id: Id,
        number: String,
        data: crate::shipping::ReturnData,
    },
    /// Closes a tracking alert of a delivery with a note of what was done.
    CloseTrackAlert {
        delivery_id: Id,
        key: String,
        note: String,
    },
    /// 开票申请: shipped goods of a customer's orders to invoice (待开票).
    RequestInvoice {
        id: Id,
        number: String,
        data: crate::invoice::InvoiceRequestData,
    },
    /// 红字: all or part of an issued invoice reversed, as a negative request.
    RedLetterInvoice {
        id: Id,
        number: String,
        data: crate::invoice::RedLetterData,
    },
    /// A request issued on the tax platform (its number), or withdrawn.
    InvoiceAct {
        id: Id,
        action: crate::invoice::InvoiceAction,
    },
    /// 出差备货: quotas of products for this desk, granted by the server from the pool.
    TakeQuota {
        id: Id,
        lines: Vec<crate::quota::QuotaAsk>,
    },
    /// This desk gives back what is left of its quotas (of these product × warehouse pairs,
    /// or all when empty).
    ReturnQuota {
        id: Id,
        keys: Vec<(Id, Id)>,
    },
    /// A manager asks for a desk's quotas back; the desk returns them when it next syncs.
    RecallQuota {
        id: Id,
        device_id: Id,
    },
}

/// Most customers one bulk action may touch (keeps one transaction short).
pub const MAX_BULK: usize = 1000;

impl Mutation {
    /// Short name for logs and the audit trail.
    pub fn name(&self) -> &'static str {
        match self {
            Mutation::SaveUser { .. } => "save_user",
            Mutation::CreateCustomer { .. } => "create_customer",
            Mutation::UpdateCustomer { .. } => "update_customer",
            Mutation::DeleteCustomer { .. } => "delete_customer",
            Mutation::RestoreCustomer { .. } => "restore_customer",
            Mutation::ReassignCustomer { .. } => "reassign_customer",
            Mutation::TransferAllCustomers { .. } => "transfer_all_customers",
            Mutation::CreateTag { .. } => "create_tag",
            Mutation::UpdateTag { .. } => "update_tag",
            Mutation::DeleteTag { .. } => "delete_tag",
            Mutation::AddFollowUp { .. } => "add_follow_up",
            Mutation::TagCustomers { .. } => "tag_customers",
            Mutation::CreateProduct { .. } => "create_product",
            Mutation::UpdateProduct { .. } => "update_product",
            Mutation::DeleteProduct { .. } => "delete_product",
            Mutation::SaveCategory { .. } => "save_category",
            Mutation::SaveWarehouse { .. } => "save_warehouse",
            Mutation::RecordStock { .. } => "record_stock",
            Mutation::SavePricingPolicy { .. } => "save_pricing_policy",
            Mutation::SavePriceRule { .. } => "save_price_rule",
            Mutation::DeletePriceRule { .. } => "delete_price_rule",
            Mutation::SaveCompany { .. } => "save_company",
            Mutation::SaveUnits { .. } => "save_units",
            Mutation::SaveQuote { .. } => "save_quote",
            Mutation::NewQuoteVersion { .. } => "new_quote_version",
            Mutation::SetQuoteStatus { .. } => "set_quote_status",
            Mutation::ApproveQuote { .. } => "approve_quote",
            Mutation::SaveOrder { .. } => "save_order",
            Mutation::OrderAct { .. } => "order_act",
            Mutation::RecordPayment { .. } => "record_payment",
            Mutation::AllocatePayment { .. } => "allocate_payment",
            Mutation::ShipDelivery { .. } => "ship_delivery",
            Mutation::CloseOrderRest { .. } => "close_order_rest",
            Mutation::ReturnGoods { .. } => "return_goods",
            Mutation::CloseTrackAlert { .. } => "close_track_alert",
            Mutation::RequestInvoice { .. } => "request_invoice",
            Mutation::RedLetterInvoice { .. } => "red_letter_invoice",
            Mutation::InvoiceAct { .. } => "invoice_act",
            Mutation::TakeQuota { .. } => "take_quota",
            Mutation::ReturnQuota { .. } => "return_quota",
            Mutation::RecallQuota { .. } => "recall_quota",
        }
    }
}

impl Mutation {
    /// The row a mutation may create (entity, id): if the server refuses it and has no such
    /// row, the desk's own copy must go.
    pub fn created_row(&self) -> Option<(&'static str, Id)> {
        use Mutation::*;
        Some(match self {
            SaveUser { id, .. } => ("user", *id),
            CreateCustomer { id, .. } => ("customer", *id),
            CreateTag { id, .. } => ("tag", *id),
            AddFollowUp { id, .. } => ("follow_up", *id),
            CreateProduct { id, .. } => ("product", *id),
            SaveCategory { id, .. } => ("category", *id),
            SaveWarehouse { id, .. } => ("warehouse", *id),
            RecordStock { id, .. } => ("stock_move", *id),
            SavePriceRule { id, .. } => ("price_rule", *id),
            SaveQuote { id, .. } | NewQuoteVersion { id, .. } => ("quote", *id),
            SaveOrder { id, .. } => ("order", *id),
            RecordPayment { id, .. } => ("payment", *id),
            ShipDelivery { id, .. } => ("delivery", *id),
            ReturnGoods { id, .. } => ("return_note", *id),
            RequestInvoice { id, .. } | RedLetterInvoice { id, .. } => ("invoice", *id),
            _ => return None,
        })
    }
}

/// A mutation with everything needed to replay it anywhere, exactly once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Idempotency key: a mutation seen before is not applied again.
    pub id: Id,
    pub schema: u32,
    /// Gapless per-device sequence number (1, 2, 3 …).
    pub device_seq: u64,
    pub actor: Actor,
    /// When the edit was made, as a hybrid logical clock.
    pub hlc: Hlc,
    /// Wall-clock time of the edit, Unix milliseconds (UTC).
    pub at_ms: i64,
    pub mutation: Mutation,
}

/// Business days are counted in China's time zone, whatever the machine is set to.
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The Asia/Shanghai calendar date of a UTC instant in milliseconds.
pub fn local_date(at_ms: i64) -> NaiveDate {
    let utc: DateTime<chrono::Utc> = DateTime::from_timestamp_millis(at_ms).unwrap_or_default();
    shanghai().from_utc_datetime(&utc.naive_utc()).date_naive()
}

/// The Asia/Shanghai wall-clock time of a UTC instant in milliseconds (carriers' events are
/// in it).
pub fn local_time(at_ms: i64) -> chrono::NaiveDateTime {
    let utc: DateTime<chrono::Utc> = DateTime::from_timestamp_millis(at_ms).unwrap_or_default();
    shanghai().from_utc_datetime(&utc.naive_utc()).naive_local()
}

impl Envelope {
    /// The local (Asia/Shanghai) date on which the edit was made.
    pub fn local_date(&self) -> NaiveDate {
        local_date(self.at_ms)
    }
}

/// Who created and last changed a row, when, and from which device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowMeta {
    pub created_by: Id,
    pub created_at: i64,
    pub created_device: Id,
    pub updated_by: Id,
    pub updated_at: i64,
    pub updated_device: Id,
}

impl RowMeta {
    /// No one, never: for rows that must not say who or when (a redacted hold).
    pub const NONE: RowMeta = RowMeta {
        created_by: Id::NIL,
        created_at: 0,
        created_device: Id::NIL,
        updated_by: Id::NIL,
        updated_at: 0,
        updated_device: Id::NIL,
    };

    pub fn created(env: &Envelope) -> RowMeta {
        RowMeta {
            created_by: env.actor.user_id,
            created_at: env.at_ms,
            created_device: env.actor.device_id,
            updated_by: env.actor.user_id,
            updated_at: env.at_ms,
            updated_device: env.actor.device_id,
        }
    }

    pub fn touched(&self, env: &Envelope) -> RowMeta {
        RowMeta {
            updated_by: env.actor.user_id,
            updated_at: env.at_ms,
            updated_device: env.actor.device_id,
            ..self.clone()
        }
    }
}
