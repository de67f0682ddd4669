//! Why an invoice was not requested, issued, withdrawn or reversed.

use crate::error::Lang;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum InvoiceRefusal {
    /// More of an order line than was shipped (less returned) and not yet invoiced.
    MoreThanInvoiceable {
        order: String,
        sku: String,
        left: Decimal,
    },
    /// The customer has no 开票信息 (or a 专票 buyer lacks its 纳税人识别号).
    NoBuyerDetails,
    /// An order of another customer.
    OtherCustomer { order: String },
    /// Orders priced with and without tax can't share an invoice (是否含税 is per invoice).
    MixedPriceBasis,
    /// The product has no 税收分类编码.
    NoTaxCode { sku: String },
    /// The request number is longer than the platform's 20-character 流水号.
    NumberTooLong,
    /// Only a 待开票 request can be issued or withdrawn; only an issued one reversed.
    WrongState { state: String },
    /// Another invoice already holds this 数电票 number.
    NumberUsed { number: String },
    /// Red-letter of more than is left unreversed on a line.
    MoreThanReversible { name: String, left: Decimal },
    /// 开票有误 / 服务中止 reverse the whole invoice only.
    WholeOnly,
}

impl InvoiceRefusal {
    pub fn message(&self, lang: Lang) -> String {
        use InvoiceRefusal::*;
        match (self, lang) {
            (MoreThanInvoiceable { order, sku, left }, Lang::Zh) => format!(
                "订单 {order} 的 {sku} 可开票数量只剩 {}（已发货未开票）",
                left.normalize()
            ),
            (MoreThanInvoiceable { order, sku, left }, Lang::En) => format!(
                "Only {} of {sku} on order {order} is shipped and not yet invoiced",
                left.normalize()
            ),
            (NoBuyerDetails, _) => lang
                .pick(
                    "客户的开票信息不完整（专票须有抬头和纳税人识别号），请先在客户资料中填写",
                    "The customer's invoice details are missing (a special invoice needs the title and tax id)",
                )
                .into(),
            (OtherCustomer { order }, Lang::Zh) => format!("订单 {order} 属于其他客户"),
            (OtherCustomer { order }, Lang::En) => {
                format!("Order {order} belongs to another customer")
            }
            (MixedPriceBasis, _) => lang
                .pick(
                    "含税价和不含税价的订单不能开在同一张发票上",
                    "Orders priced with and without tax can't share an invoice",
                )
                .into(),
            (NoTaxCode { sku }, Lang::Zh) => {
                format!("商品 {sku} 没有税收分类编码，请先在商品资料中填写")
            }
            (NoTaxCode { sku }, Lang::En) => format!("Product {sku} has no tax classification code"),
            (NumberTooLong, _) => lang
                .pick(
                    "开票申请编号超过 20 个字符（电子税务局发票流水号的上限）",
                    "The request number is longer than the platform's 20 characters",
                )
                .into(),
            (WrongState { state }, Lang::Zh) => format!("发票状态为「{state}」，不能这样操作"),
            (WrongState { state }, Lang::En) => format!("The invoice is {state}; that can't be done"),
            (NumberUsed { number }, Lang::Zh) => format!("发票号码 {number} 已登记在另一张发票上"),
            (NumberUsed { number }, Lang::En) => {
                format!("Invoice number {number} is already on another invoice")
            }
            (MoreThanReversible { name, left }, Lang::Zh) => {
                format!("{name} 最多还能红冲 {}", left.normalize())
            }
            (MoreThanReversible { name, left }, Lang::En) => {
                format!("At most {} of {name} can still be reversed", left.normalize())
            }
            (WholeOnly, _) => lang
                .pick(
                    "开票有误或服务中止只能全额红冲",
                    "Invoice-was-wrong and service-stopped reverse the whole invoice only",
                )
                .into(),
        }
    }
}
