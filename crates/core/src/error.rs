//! Domain errors, with messages a clerk can read in Chinese (default) or English.
//! Errors travel as data (serde) so the UI can render them in the user's language.

use crate::ids::Id;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// What is wrong with one field's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorCode {
    Required,
    TooLong {
        max: usize,
    },
    ForbiddenChars,
    InvalidMobile,
    InvalidPhone,
    InvalidEmail,
    InvalidDate,
    DateInFuture,
    DateTooOld,
    NotANumber,
    TooManyDecimals {
        max: u32,
    },
    /// The unit is counted in whole numbers (个, 箱).
    WholeUnit {
        unit: String,
    },
    OutOfRange,
    Negative,
    InvalidColor,
    UnknownChoice,
    UnknownTag,
    UnknownUser,
    TooMany {
        max: usize,
    },
    MustBePositive,
    InvalidBarcode,
    InvalidTaxCode,
    TooLarge,
    SameWarehouse,
    EndBeforeStart,
    Expired,
    Duplicate,
    UnknownProduct,
    UnknownWarehouse,
    UnknownCategory,
    UnknownCustomer,
    ProductInactive,
    /// Not a waybill number of the chosen carrier.
    InvalidTrackingNo,
}

impl ErrorCode {
    pub fn message(&self, lang: Lang) -> String {
        use ErrorCode::*;
        match self {
            Required => lang.pick("必填", "Required").into(),
            TooLong { max } => match lang {
                Lang::Zh => format!("不能超过 {max} 个字符"),
                Lang::En => format!("At most {max} characters"),
            },
            ForbiddenChars => lang
                .pick(
                    "包含不允许的字符（如 ; ' \" \\ < > 或控制字符）",
                    "Contains characters that are not allowed (; ' \" \\ < > or control characters)",
                )
                .into(),
            InvalidMobile => lang
                .pick(
                    "手机号格式不正确，应为 11 位、以 1 开头",
                    "Not a valid mobile number: 11 digits starting with 1",
                )
                .into(),
            InvalidPhone => lang
                .pick(
                    "电话格式不正确（数字、-、括号，7–20 位）",
                    "Not a valid phone number (digits, -, brackets; 7–20 long)",
                )
                .into(),
            InvalidEmail => lang.pick("邮箱格式不正确", "Not a valid e-mail address").into(),
            InvalidDate => lang
                .pick(
                    "日期无效，请按 2026-11-27 的格式填写真实日期",
                    "Not a real date; use the form 2026-11-27",
                )
                .into(),
            DateInFuture => lang.pick("日期不能晚于今天", "Date cannot be in the future").into(),
            DateTooOld => lang.pick("日期过早，请检查年份", "Date is too early; check the year").into(),
            NotANumber => lang.pick("请输入数字金额", "Enter an amount in figures").into(),
            TooManyDecimals { max } => match lang {
                Lang::Zh => format!("最多 {max} 位小数"),
                Lang::En => format!("At most {max} decimals"),
            },
            WholeUnit { unit } => match lang {
                Lang::Zh => format!("以「{unit}」计的数量只能是整数"),
                Lang::En => format!("Quantities in {unit} must be whole numbers"),
            },
            OutOfRange => lang.pick("数值超出允许范围", "Value out of range").into(),
            Negative => lang.pick("不能为负数", "Cannot be negative").into(),
            InvalidColor => lang
                .pick("颜色应为 #RRGGBB 格式", "Colour must look like #RRGGBB")
                .into(),
            UnknownChoice => lang.pick("不是可选的值", "Not one of the allowed values").into(),
            UnknownTag => lang.pick("标签不存在或已删除", "Tag does not exist or was deleted").into(),
            UnknownUser => lang
                .pick("用户不存在或已停用", "User does not exist or is disabled")
                .into(),
            TooMany { max } => match lang {
                Lang::Zh => format!("最多 {max} 项"),
                Lang::En => format!("At most {max} entries"),
            },
            MustBePositive => lang.pick("必须大于 0", "Must be greater than 0").into(),
            InvalidBarcode => lang
                .pick("条码只能是字母和数字（最多 32 位）", "A barcode is letters and digits (at most 32)")
                .into(),
            InvalidTaxCode => lang
                .pick("编码格式不正确", "Not a valid code")
                .into(),
            InvalidTrackingNo => lang
                .pick(
                    "运单号格式与所选快递公司不符",
                    "Not a tracking number of the chosen carrier",
                )
                .into(),
            TooLarge => lang.pick("文件太大（最大 256 KB）", "File too large (at most 256 KB)").into(),
            SameWarehouse => lang
                .pick("调出和调入仓库不能相同", "Source and destination are the same warehouse")
                .into(),
            EndBeforeStart => lang
                .pick("结束日期早于开始日期", "Ends before it starts")
                .into(),
            Expired => lang.pick("已过期", "Already expired").into(),
            Duplicate => lang.pick("有重复", "Contains duplicates").into(),
            UnknownProduct => lang.pick("商品不存在", "No such product").into(),
            UnknownWarehouse => lang.pick("仓库不存在或已停用", "No such warehouse").into(),
            UnknownCategory => lang.pick("分类不存在", "No such category").into(),
            UnknownCustomer => lang.pick("客户不存在", "No such customer").into(),
            ProductInactive => lang
                .pick("商品已停用或已删除", "Product is inactive or deleted")
                .into(),
        }
    }
}

/// A problem with one input field, named as the form names it (`name`, `contacts.0.mobile`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub code: ErrorCode,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> FieldError {
        FieldError {
            field: field.into(),
            code,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.code.message(lang)
    }
}

/// The kinds of record the domain talks about, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Customer,
    Tag,
    FollowUp,
    User,
    Product,
    Category,
    Warehouse,
    StockMove,
    PriceRule,
    PricingPolicy,
    Company,
    Quote,
    Order,
    Payment,
    Delivery,
    ReturnNote,
    Invoice,
    StockQuota,
}

impl Entity {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Entity::Customer => lang.pick("客户", "Customer"),
            Entity::Tag => lang.pick("标签", "Tag"),
            Entity::FollowUp => lang.pick("跟进记录", "Follow-up"),
            Entity::User => lang.pick("用户", "User"),
            Entity::Product => lang.pick("商品", "Product"),
            Entity::Category => lang.pick("商品分类", "Category"),
            Entity::Warehouse => lang.pick("仓库", "Warehouse"),
            Entity::StockMove => lang.pick("库存记录", "Stock move"),
            Entity::PriceRule => lang.pick("价格规则", "Price rule"),
            Entity::PricingPolicy => lang.pick("价格策略", "Pricing policy"),
            Entity::Company => lang.pick("公司信息", "Company details"),
            Entity::Quote => lang.pick("报价单", "Quote"),
            Entity::Order => lang.pick("订单", "Order"),
            Entity::Payment => lang.pick("收款记录", "Payment"),
            Entity::Delivery => lang.pick("发货单", "Delivery note"),
            Entity::ReturnNote => lang.pick("退货单", "Return note"),
            Entity::Invoice => lang.pick("发票", "Invoice"),
            Entity::StockQuota => lang.pick("库存额度", "Stock quota"),
        }
    }
}

/// What an actor tried to do without the right to do it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    EditCustomer,
    ViewCustomer,
    CreateCustomer,
    TransferCustomers,
    ManageTags,
    ManageUsers,
    ManageCatalog,
    RecordStock,
    ManagePricing,
    ManageCompany,
    EditQuote,
    ApproveQuote,
    EditOrder,
    ApproveOrder,
    Ship,
    RecordPayment,
    ViewReceivables,
    Invoice,
    TakeQuota,
    RecallQuota,
}

impl Action {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Action::EditCustomer => lang.pick("修改该客户", "edit this customer"),
            Action::ViewCustomer => lang.pick("查看该客户", "view this customer"),
            Action::CreateCustomer => lang.pick("新建客户", "create customers"),
            Action::TransferCustomers => lang.pick("转移客户", "transfer customers"),
            Action::ManageTags => lang.pick("管理标签", "manage tags"),
            Action::ManageUsers => lang.pick("管理用户和角色", "manage users and roles"),
            Action::ManageCatalog => {
                lang.pick("维护商品和仓库", "maintain products and warehouses")
            }
            Action::RecordStock => lang.pick("登记出入库", "record stock"),
            Action::ManagePricing => lang.pick("维护价格策略", "maintain pricing"),
            Action::ManageCompany => lang.pick("修改公司信息", "change company details"),
            Action::EditQuote => lang.pick("修改该报价", "change this quote"),
            Action::ApproveQuote => lang.pick("审批该报价", "approve this quote"),
            Action::EditOrder => lang.pick("处理该订单", "change this order"),
            Action::ApproveOrder => lang.pick("审核订单", "approve orders"),
            Action::Ship => lang.pick("发货和退货", "ship or take back goods"),
            Action::RecordPayment => lang.pick("登记收款", "record payments"),
            Action::ViewReceivables => lang.pick("查看应收账款", "view receivables"),
            Action::Invoice => lang.pick("申请和登记发票", "request and record invoices"),
            Action::TakeQuota => lang.pick("领用库存额度", "take stock quotas"),
            Action::RecallQuota => {
                lang.pick("召回其他设备的库存额度", "recall other desks' quotas")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DomainError {
    #[error("invalid input")]
    Validation { errors: Vec<FieldError> },
    #[error("{entity:?} {id} not found")]
    NotFound { entity: Entity, id: Id },
    #[error("{entity:?} {id} already exists")]
    AlreadyExists { entity: Entity, id: Id },
    #[error("{entity:?} {id} is deleted")]
    Deleted { entity: Entity, id: Id },
    #[error("{entity:?} {id} is not deleted")]
    NotDeleted { entity: Entity, id: Id },
    #[error("not allowed: {action:?}")]
    Forbidden { action: Action },
    #[error("the new owner is the current owner")]
    SameOwner,
    /// The actor was this customer's owner until someone handed it to another rep.
    #[error("customer moved to {to}")]
    CustomerMoved { to: String, by: String, at_ms: i64 },
    #[error("mutation schema {found} is newer than {supported}")]
    UnsupportedSchema { found: u32, supported: u32 },
    #[error("{entity:?}: {from:?} → {to:?} is not allowed")]
    InvalidTransition {
        entity: Entity,
        from: crate::quote::QuoteStatus,
        to: crate::quote::QuoteStatus,
    },
    #[error("needs approval")]
    NeedsApproval {
        breaches: Vec<crate::quote::LineBreach>,
    },
    #[error("nothing to approve")]
    NothingToApprove,
    #[error("quote expired")]
    QuoteExpired,
    #[error("another version is already accepted")]
    OtherVersionAccepted { number: String, version: u32 },
    #[error("a quote without lines can't be sent")]
    EmptyQuote,
    #[error("not enough stock: {available} available")]
    InsufficientStock { available: rust_decimal::Decimal },
    #[error("opening balance after other moves")]
    OpeningAfterMoves,
    #[error("SKU or barcode already used")]
    CodeTaken { code: String },
    #[error("no product with code {code}")]
    UnknownCode { code: String },
    #[error("order {action:?} not allowed from {from:?}")]
    OrderTransition {
        from: crate::order::OrderStatus,
        action: crate::order::OrderAction,
    },
    #[error("an order without lines can't be submitted")]
    EmptyOrder,
    #[error("shipping refused")]
    Shipping {
        refusal: crate::shipping::ShippingRefusal,
    },
    #[error("payment refused")]
    Payment {
        refusal: crate::receivables::PaymentRefusal,
    },
    #[error("invoice refused")]
    Invoice {
        refusal: crate::invoice::InvoiceRefusal,
    },
    #[error("stock quota refused")]
    Quota { refusal: crate::quota::QuotaRefusal },
    #[error("purchase limit")]
    PurchaseLimit {
        sku: String,
        breach: crate::order::LimitBreach,
    },
}

impl DomainError {
    pub fn field(field: &str, code: ErrorCode) -> DomainError {
        DomainError::Validation {
            errors: vec![FieldError::new(field, code)],
        }
    }

    /// The message shown to the user.
    pub fn message(&self, lang: Lang) -> String {
        use DomainError::*;
        match (self, lang) {
            (Validation { errors }, _) => {
                let parts: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{}: {}", field_label(&e.field, lang), e.message(lang)))
                    .collect();
                let head = lang.pick("输入有误", "Please correct the input");
                format!("{head} — {}", parts.join(lang.pick("；", "; ")))
            }
            (NotFound { entity, .. }, Lang::Zh) => format!("{}不存在", entity.label(lang)),
            (NotFound { entity, .. }, Lang::En) => format!("{} not found", entity.label(lang)),
            (AlreadyExists { entity, .. }, Lang::Zh) => format!("{}已存在", entity.label(lang)),
            (AlreadyExists { entity, .. }, Lang::En) => {
                format!("{} already exists", entity.label(lang))
            }
            (Deleted { entity, .. }, Lang::Zh) => format!("{}已删除", entity.label(lang)),
            (Deleted { entity, .. }, Lang::En) => format!("{} was deleted", entity.label(lang)),
            (NotDeleted { entity, .. }, Lang::Zh) => {
                format!("{}未被删除，无需恢复", entity.label(lang))
            }
            (NotDeleted { entity, .. }, Lang::En) => {
                format!("{} is not deleted", entity.label(lang))
            }
            (CustomerMoved { to, by, at_ms }, Lang::Zh) => format!(
                "该客户已于 {} 由 {by} 转给 {to}，您不能再修改它",
                china_day(*at_ms)
            ),
            (CustomerMoved { to, by, at_ms }, Lang::En) => format!(
                "This customer was moved to {to} on {} by {by}; you can no longer change it",
                china_day(*at_ms)
            ),
            (Forbidden { action }, Lang::Zh) => format!("没有权限{}", action.label(lang)),
            (Forbidden { action }, Lang::En) => {
                format!("You are not allowed to {}", action.label(lang))
            }
            (SameOwner, _) => lang
                .pick(
                    "新负责人与原负责人相同",
                    "The new owner is the current owner",
                )
                .into(),
            (InvalidTransition { entity, from, to }, Lang::Zh) => format!(
                "{}状态为「{}」，不能改为「{}」",
                entity.label(lang),
                from.label(lang),
                to.label(lang)
            ),
            (InvalidTransition { entity, from, to }, Lang::En) => format!(
                "{} is {}; it can't become {}",
                entity.label(lang),
                from.label(lang),
                to.label(lang)
            ),
            (NeedsApproval { breaches }, _) => {
                let parts: Vec<String> = breaches
                    .iter()
                    .map(|b| match lang {
                        Lang::Zh => format!("第{}行 {} {}", b.line + 1, b.sku, b.breach.message(lang)),
                        Lang::En => format!("line {} {}: {}", b.line + 1, b.sku, b.breach.message(lang)),
                    })
                    .collect();
                let head = lang.pick(
                    "需审批：价格低于权限，请经理审批后再发送",
                    "Needs approval: prices below your limit; a manager must approve before sending",
                );
                format!("{head} — {}", parts.join(lang.pick("；", "; ")))
            }
            (NothingToApprove, _) => lang
                .pick("该报价不需要审批或已审批", "This quote needs no approval")
                .into(),
            (QuoteExpired, _) => lang
                .pick("报价已过期，请新建版本", "The quote has expired; make a new version")
                .into(),
            (OtherVersionAccepted { number, version }, Lang::Zh) => {
                format!("{number} v{version} 已被接受，同一需求只能接受一个版本")
            }
            (OtherVersionAccepted { number, version }, Lang::En) => {
                format!("{number} v{version} is already accepted; only one version can be")
            }
            (EmptyQuote, _) => lang
                .pick("报价没有商品，不能发送", "A quote without lines can't be sent")
                .into(),
            (InsufficientStock { available }, Lang::Zh) => {
                format!("库存不足：可用 {}", available.normalize())
            }
            (InsufficientStock { available }, Lang::En) => {
                format!("Not enough stock: {} available", available.normalize())
            }
            (OpeningAfterMoves, _) => lang
                .pick(
                    "该仓库已有出入库记录，不能再录期初，请用盘点调整",
                    "This warehouse already has moves; use a stock-take instead of an opening balance",
                )
                .into(),
            (OrderTransition { from, action }, Lang::Zh) => format!(
                "订单状态为「{}」，不能{}",
                from.label(lang),
                action.label(lang)
            ),
            (OrderTransition { from, action }, Lang::En) => format!(
                "The order is {}; it can't {}",
                from.label(lang),
                action.label(lang)
            ),
            (Shipping { refusal }, _) => refusal.message(lang),
            (Payment { refusal }, _) => refusal.message(lang),
            (Invoice { refusal }, _) => refusal.message(lang),
            (Quota { refusal }, _) => refusal.message(lang),
            (PurchaseLimit { sku, breach }, _) => format!("{sku} {}", breach.message(lang)),
            (EmptyOrder, _) => lang
                .pick("订单没有商品，不能提交", "An order without lines can't be submitted")
                .into(),
            (UnknownCode { code }, Lang::Zh) => format!("没有编码或条码为「{code}」的商品"),
            (UnknownCode { code }, Lang::En) => format!("No product has the SKU or barcode \"{code}\""),
            (CodeTaken { code }, Lang::Zh) => format!("编码或条码 {code} 已被其他商品使用"),
            (CodeTaken { code }, Lang::En) => format!("SKU or barcode {code} is used by another product"),
            (UnsupportedSchema { .. }, _) => lang
                .pick(
                    "数据来自更新版本的应用，请升级 Fairdesk",
                    "This data comes from a newer Fairdesk; please update the app",
                )
                .into(),
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            DomainError::Validation { errors } => errors,
            _ => &[],
        }
    }
}

/// Human label of a form field, for messages that are not shown next to the field.
pub fn field_label(field: &str, lang: Lang) -> String {
    let (head, rest) = match field.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (field, None),
    };
    let label = match head {
        "name" => lang.pick("名称", "Name"),
        "code" => lang.pick("编号", "Number"),
        "changed" => lang.pick("修改的字段", "Changed fields"),
        "short_name" => lang.pick("简称", "Short name"),
        "contacts" => lang.pick("联系人", "Contact"),
        "industry" => lang.pick("行业", "Industry"),
        "province" => lang.pick("省份", "Province"),
        "city" => lang.pick("城市", "City"),
        "address" => lang.pick("地址", "Address"),
        "level" => lang.pick("等级", "Level"),
        "tag_ids" | "tags" => lang.pick("标签", "Tags"),
        "owner_id" => lang.pick("负责人", "Owner"),
        "birthday" => lang.pick("生日", "Birthday"),
        "contract_expiry" => lang.pick("合同到期", "Contract expiry"),
        "credit_limit" => lang.pick("信用额度", "Credit limit"),
        "notes" => lang.pick("备注", "Notes"),
        "source" => lang.pick("来源", "Source"),
        "color" => lang.pick("颜色", "Colour"),
        "date" => lang.pick("日期", "Date"),
        "channel" => lang.pick("方式", "Channel"),
        "content" => lang.pick("内容", "Content"),
        "next_date" => lang.pick("下次跟进", "Next follow-up"),
        "role" => lang.pick("角色", "Role"),
        "team" => lang.pick("团队", "Team"),
        "mobile" => lang.pick("手机", "Mobile"),
        "phone" => lang.pick("电话", "Phone"),
        "wechat" => lang.pick("微信", "WeChat"),
        "email" => lang.pick("邮箱", "E-mail"),
        "title" => lang.pick("职务", "Title"),
        "sku" => lang.pick("编码", "SKU"),
        "spec" => lang.pick("规格", "Spec"),
        "unit" => lang.pick("单位", "Unit"),
        "barcode" => lang.pick("条码", "Barcode"),
        "brand" => lang.pick("品牌", "Brand"),
        "tax_rate" => lang.pick("税率", "Tax rate"),
        "tax_code" => lang.pick("税收分类编码", "Tax code"),
        "tax_id" => lang.pick("税号", "Tax id"),
        "list_price" => lang.pick("标准价", "List price"),
        "member_price" => lang.pick("会员价", "Member price"),
        "cost" => lang.pick("成本", "Cost"),
        "safety_stock" => lang.pick("安全库存", "Safety stock"),
        "qty" => lang.pick("数量", "Quantity"),
        "counted" => lang.pick("盘点数量", "Counted"),
        "reason" => lang.pick("原因", "Reason"),
        "note" => lang.pick("备注", "Note"),
        "key" | "alert" => lang.pick("物流异常", "Tracking alert"),
        "as_of" => lang.pick("截止日期", "As of"),
        "payment_terms" => lang.pick("结算方式", "Payment terms"),
        "account_of" => lang.pick("收款客户", "Customer paying"),
        "allocations" => lang.pick("分配金额", "Allocation"),
        "tax_number" => lang.pick("发票号码", "Invoice number"),
        "edges" => lang.pick("账龄分段", "Aging buckets"),
        "stall_days" => lang.pick("无更新提醒天数", "Days without news"),
        "quota_days" => lang.pick("额度保留天数", "Days a quota is kept"),
        "lines" => lang.pick("行", "Line"),
        "fees" => lang.pick("费用", "Fee"),
        "unit_price" => lang.pick("单价", "Unit price"),
        "amount" => lang.pick("金额", "Amount"),
        "valid_to" | "valid_until" => lang.pick("有效期", "Valid until"),
        "header_discount_pct" => lang.pick("整单折扣", "Header discount"),
        "product" | "product_id" => lang.pick("商品", "Product"),
        "warehouse_id" | "from" | "to" => lang.pick("仓库", "Warehouse"),
        "customer_id" => lang.pick("客户", "Customer"),
        "price" => lang.pick("价格", "Price"),
        "steps" => lang.pick("阶梯", "Tiers"),
        "logo" => lang.pick("Logo", "Logo"),
        "terms" => lang.pick("条款", "Terms"),
        "ship_to" => lang.pick("收货地址", "Delivery address"),
        "label" => lang.pick("地址名称", "Label"),
        "contact" => lang.pick("收货人", "Receiver"),
        "status" => lang.pick("状态", "Status"),
        "expected_ship" => lang.pick("预计发货", "Expected shipping"),
        "quote_id" => lang.pick("报价单", "Quote"),
        "over_credit" => lang.pick("超信用额度", "Over credit limit"),
        "reject_reason" => lang.pick("驳回原因", "Rejection reason"),
        "approved_by" => lang.pick("审核人", "Approved by"),
        "warehouse_reason" => lang.pick("发货仓", "Shipping warehouse"),
        "tax_inclusive" => lang.pick("含税", "Incl. VAT"),
        "stock" => lang.pick("预留", "Reserved"),
        "shipped" => lang.pick("已发", "Shipped"),
        "paid" => lang.pick("已收款", "Paid"),
        "returned" => lang.pick("已退", "Returned"),
        "closed" => lang.pick("已关闭", "Closed"),
        "close_reason" => lang.pick("关闭原因", "Reason for closing"),
        "parcels" => lang.pick("包裹", "Parcel"),
        "tracking_no" => lang.pick("运单号", "Tracking number"),
        "carrier" => lang.pick("快递公司", "Carrier"),
        "carrier_codes" => lang.pick("快递公司查询编码", "Carrier tracking codes"),
        "driver" => lang.pick("司机", "Driver"),
        "plate" => lang.pick("车牌", "Plate"),
        "reference" => lang.pick("流水号", "Reference"),
        "method" => lang.pick("收款方式", "Method"),
        "invoice" => lang.pick("开票信息", "Invoice details"),
        "buyer" => lang.pick("发票抬头", "Buyer"),
        "address_phone" => lang.pick("地址电话", "Address and phone"),
        "bank_account" => lang.pick("开户行及账号", "Bank and account"),
        _ => return field.to_string(),
    };
    match rest.map(|r| (r, r.split_once('.'))) {
        Some((_, Some((idx, sub)))) => {
            let n = idx.parse::<usize>().map(|i| i + 1).unwrap_or(0);
            format!("{label}{n} {}", field_label(sub, lang))
        }
        // A field of a group (invoice.tax_id): the group, then the field.
        Some((r, None)) if r.parse::<usize>().is_err() => {
            format!("{label} {}", field_label(r, lang))
        }
        _ => label.to_string(),
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        })
    }
}

/// A moment as the day it was in China (UTC+8, no daylight saving): `12-03`.
fn china_day(at_ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(at_ms + 8 * 3_600_000)
        .map(|d| d.format("%m-%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_message_names_fields_in_both_languages() {
        let e = DomainError::Validation {
            errors: vec![
                FieldError::new("name", ErrorCode::Required),
                FieldError::new("contacts.0.mobile", ErrorCode::InvalidMobile),
            ],
        };
        let zh = e.message(Lang::Zh);
        assert!(zh.contains("名称: 必填"), "{zh}");
        assert!(zh.contains("联系人1 手机"), "{zh}");
        let en = e.message(Lang::En);
        assert!(en.contains("Name: Required"), "{en}");
    }

    #[test]
    fn errors_round_trip_as_json() {
        let e = DomainError::field("name", ErrorCode::TooLong { max: 100 });
        let json = serde_json::to_string(&e).unwrap();
        let back: DomainError = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
    }
}

/// How any failed command reaches the UI: the message in the user's language plus the field
/// errors, which the UI shows next to each field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReply {
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl ErrorReply {
    pub fn plain(message: impl Into<String>) -> ErrorReply {
        ErrorReply {
            message: message.into(),
            fields: Vec::new(),
        }
    }
}
