//! A payment received: for an order (its prepayment releases it; never more than the order
//! still owes), or on a customer's account (按客户收款), settling the customer's receivables
//! oldest due first or by hand (`allocations`, never more than a receivable has open), the
//! rest staying as the customer's advance (预收款) for goods shipped later.

use crate::error::{ErrorCode, Lang};
use crate::ids::Id;
use crate::money::Money;
use crate::mutation::RowMeta;
use crate::validate::Checker;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// 银行转账 (对公)
    BankTransfer,
    Cash,
    Alipay,
    WeChat,
    /// 承兑汇票
    Acceptance,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 6] = [
        PaymentMethod::BankTransfer,
        PaymentMethod::Cash,
        PaymentMethod::Alipay,
        PaymentMethod::WeChat,
        PaymentMethod::Acceptance,
        PaymentMethod::Other,
    ];

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => lang.pick("银行转账", "Bank transfer"),
            PaymentMethod::Cash => lang.pick("现金", "Cash"),
            PaymentMethod::Alipay => lang.pick("支付宝", "Alipay"),
            PaymentMethod::WeChat => lang.pick("微信支付", "WeChat Pay"),
            PaymentMethod::Acceptance => lang.pick("承兑汇票", "Bank acceptance"),
            PaymentMethod::Other => lang.pick("其他", "Other"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Alipay => "alipay",
            PaymentMethod::WeChat => "we_chat",
            PaymentMethod::Acceptance => "acceptance",
            PaymentMethod::Other => "other",
        }
    }
}

/// By hand: how much of a payment settles one receivable (a delivery's id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub receivable_id: Id,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentData {
    /// The order it pays; `None` for a payment on the customer's account.
    pub order_id: Option<Id>,
    /// The customer whose account a payment on account is for (an order's payment takes the
    /// order's customer). Not `customer_id`: the payment row has that already.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_of: Option<Id>,
    /// On account only: which receivables it settles, by hand; the rest goes oldest due first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<Allocation>,
    pub amount: Money,
    /// The day the money arrived (the bank's value date), not the day it was typed in.
    pub date: NaiveDate,
    pub method: PaymentMethod,
    /// Who paid (付款人) when it isn't the customer itself: its boss, a sister company.
    #[serde(default)]
    pub payer: String,
    /// 流水号 / 回单号: what finds the payment on the statement.
    #[serde(default)]
    pub reference: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub id: Id,
    /// The order's customer (payments replicate with it).
    pub customer_id: Id,
    #[serde(flatten)]
    pub data: PaymentData,
    pub meta: RowMeta,
}

/// Why a payment was not recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PaymentRefusal {
    /// More than the order still owes.
    MoreThanOpen { open: Money },
    /// A draft or cancelled order takes no money.
    OrderNotLive,
    /// Money was received for the order: cancelling it needs the money back first (refunds
    /// come with receivables).
    PaidOrderCancel { paid: Money },
    /// By hand, more than a receivable has open (or one not of this customer).
    MoreThanReceivableOpen { number: String, open: Money },
}

impl PaymentRefusal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PaymentRefusal::MoreThanOpen { open }, Lang::Zh) => {
                format!("收款金额超过订单未收金额 ¥{open}")
            }
            (PaymentRefusal::MoreThanOpen { open }, Lang::En) => {
                format!("More than the order still owes (¥{open})")
            }
            (PaymentRefusal::OrderNotLive, _) => lang
                .pick(
                    "草稿或已取消的订单不能收款",
                    "A draft or cancelled order can't take payments",
                )
                .into(),
            (PaymentRefusal::PaidOrderCancel { paid }, Lang::Zh) => {
                format!("订单已收款 ¥{paid}，不能直接取消：请先与财务办理退款")
            }
            (PaymentRefusal::MoreThanReceivableOpen { number, open }, Lang::Zh) => {
                format!("分配到 {number} 的金额超过其未收金额 ¥{open}")
            }
            (PaymentRefusal::MoreThanReceivableOpen { number, open }, Lang::En) => {
                format!("More is allocated to {number} than is open on it (¥{open})")
            }
            (PaymentRefusal::PaidOrderCancel { paid }, Lang::En) => {
                format!(
                    "¥{paid} was received for this order: refund it with finance before cancelling"
                )
            }
        }
    }
}

impl PaymentData {
    /// Shape checks: a positive amount, a real date not after `today` nor before 2020.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        if self.amount.is_negative() || self.amount == Money::ZERO {
            c.push("amount", ErrorCode::MustBePositive);
        }
        if self.date > today {
            c.push("date", ErrorCode::DateInFuture);
        } else if self.date < NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or(today) {
            c.push("date", ErrorCode::DateTooOld);
        }
        if self.order_id.is_none() && self.account_of.is_none() {
            c.push("account_of", ErrorCode::Required);
        }
        if self.order_id.is_some() && !self.allocations.is_empty() {
            // An order's payment settles that order; by-hand allocation is for payments on
            // account.
            c.push("allocations", ErrorCode::OutOfRange);
        }
        let mut allocated = Money::ZERO;
        for (i, a) in self.allocations.iter().enumerate() {
            if a.amount.is_negative() || a.amount == Money::ZERO {
                c.push(format!("allocations.{i}.amount"), ErrorCode::MustBePositive);
            }
            if self.allocations[..i]
                .iter()
                .any(|b| b.receivable_id == a.receivable_id)
            {
                c.push(
                    format!("allocations.{i}.receivable_id"),
                    ErrorCode::Duplicate,
                );
            }
            allocated = allocated + a.amount;
        }
        if allocated > self.amount {
            c.push("allocations", ErrorCode::OutOfRange);
        }
        if self.allocations.len() > 500 {
            c.push("allocations", ErrorCode::TooMany { max: 500 });
        }
        c.text("payer", &self.payer, false, 100);
        c.text("reference", &self.reference, false, 100);
        c.finish()
    }
}

/// What the payments add up to.
pub fn paid_total(payments: &[Payment]) -> Money {
    payments.iter().fold(Money::ZERO, |a, p| {
        Money::round(a.decimal() + p.data.amount.decimal())
    })
}
