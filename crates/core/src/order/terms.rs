//! Payment terms (付款条件) from templates, and the schedule they produce for an order:
//! what is due, how much, and when.

use crate::error::Lang;
use crate::money::Money;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentTerms {
    /// 款到发货: everything before the goods leave.
    PayBeforeShipping,
    /// 预付 N%，发货前付清: a prepayment now, the balance before shipping.
    Prepay { percent: u8 },
    /// 月结 N 天: the whole amount N days after shipping.
    Net { days: u16 },
    /// 货到付款
    CashOnDelivery,
}

/// When an installment falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Due {
    /// On a date (prepayments: the order date).
    On(NaiveDate),
    BeforeShipping,
    OnDelivery,
    /// A number of days after shipping (the date is known once shipped).
    DaysAfterShipping(u16),
}

impl Due {
    /// When, as the order screen says it.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Due::On(d), _) => d.to_string(),
            (Due::BeforeShipping, _) => lang.pick("发货前", "before shipping").into(),
            (Due::OnDelivery, _) => lang.pick("货到时", "on delivery").into(),
            (Due::DaysAfterShipping(n), Lang::Zh) => format!("发货后 {n} 天"),
            (Due::DaysAfterShipping(n), Lang::En) => format!("{n} days after shipping"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    pub label: String,
    pub amount: Money,
    pub due: Due,
}

impl PaymentTerms {
    /// The templates offered on an order.
    pub const TEMPLATES: [PaymentTerms; 5] = [
        PaymentTerms::PayBeforeShipping,
        PaymentTerms::Prepay { percent: 30 },
        PaymentTerms::Net { days: 30 },
        PaymentTerms::Net { days: 60 },
        PaymentTerms::CashOnDelivery,
    ];

    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (PaymentTerms::PayBeforeShipping, _) => {
                lang.pick("款到发货", "Payment before shipping").into()
            }
            (PaymentTerms::Prepay { percent }, Lang::Zh) => format!("预付{percent}%，发货前付清"),
            (PaymentTerms::Prepay { percent }, Lang::En) => {
                format!("{percent}% prepayment, balance before shipping")
            }
            (PaymentTerms::Net { days }, Lang::Zh) => format!("月结{days}天"),
            (PaymentTerms::Net { days }, Lang::En) => format!("Net {days} days"),
            (PaymentTerms::CashOnDelivery, _) => lang.pick("货到付款", "Cash on delivery").into(),
        }
    }

    /// Sensible numbers: a prepayment of 1–99 %, 1–365 days of credit.
    pub fn is_valid(self) -> bool {
        match self {
            PaymentTerms::Prepay { percent } => (1..=99).contains(&percent),
            PaymentTerms::Net { days } => (1..=365).contains(&days),
            PaymentTerms::PayBeforeShipping | PaymentTerms::CashOnDelivery => true,
        }
    }

    /// Must money arrive before the warehouse may ship?
    pub fn needs_payment_before_shipping(self) -> bool {
        matches!(
            self,
            PaymentTerms::PayBeforeShipping | PaymentTerms::Prepay { .. }
        )
    }

    /// The installments of an order of `total` placed on `date`. Amounts are exact and add
    /// up to the total (the balance takes the rounding).
    pub fn schedule(self, total: Money, date: NaiveDate, lang: Lang) -> Vec<Installment> {
        let one = |label: &str, due| {
            vec![Installment {
                label: label.to_string(),
                amount: total,
                due,
            }]
        };
        match self {
            PaymentTerms::PayBeforeShipping => {
                one(lang.pick("全款", "Full payment"), Due::BeforeShipping)
            }
            PaymentTerms::CashOnDelivery => {
                one(lang.pick("货到付款", "On delivery"), Due::OnDelivery)
            }
            PaymentTerms::Net { days } => {
                one(lang.pick("月结", "Net"), Due::DaysAfterShipping(days))
            }
            PaymentTerms::Prepay { percent } => {
                let pre =
                    Money::round(total.decimal() * Decimal::from(percent) / Decimal::ONE_HUNDRED);
                let balance = Money::round(total.decimal() - pre.decimal());
                vec![
                    Installment {
                        label: lang.pick("预付款", "Prepayment").into(),
                        amount: pre,
                        due: Due::On(date),
                    },
                    Installment {
                        label: lang.pick("尾款", "Balance").into(),
                        amount: balance,
                        due: Due::BeforeShipping,
                    },
                ]
            }
        }
    }

    /// May an approved order go to the warehouse queue, given what was paid so far?
    /// 款到发货 needs the whole amount, 预付 needs its prepayment; the others need nothing.
    pub fn may_release(self, total: Money, paid: Money, date: NaiveDate) -> bool {
        match self {
            PaymentTerms::PayBeforeShipping => paid >= total,
            PaymentTerms::Prepay { .. } => {
                let pre = self.schedule(total, date, Lang::Zh)[0].amount;
                paid >= pre
            }
            PaymentTerms::Net { .. } | PaymentTerms::CashOnDelivery => true,
        }
    }
}

/// The due date of an installment once the shipping date is known.
pub fn due_date(due: Due, shipped: NaiveDate) -> NaiveDate {
    match due {
        Due::On(d) => d,
        Due::BeforeShipping | Due::OnDelivery => shipped,
        Due::DaysAfterShipping(n) => shipped + Days::new(n as u64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn schedules_add_up_to_the_total() {
        let total = Money::parse("1000.01").unwrap();
        let s = PaymentTerms::Prepay { percent: 30 }.schedule(total, day(27), Lang::Zh);
        assert_eq!(s[0].amount, Money::parse("300.00").unwrap());
        assert_eq!(s[1].amount, Money::parse("700.01").unwrap());
        assert_eq!(
            (s[0].due, s[1].due),
            (Due::On(day(27)), Due::BeforeShipping)
        );
        assert_eq!(
            PaymentTerms::Prepay { percent: 30 }.label(Lang::Zh),
            "预付30%，发货前付清"
        );
        let net = PaymentTerms::Net { days: 30 }.schedule(total, day(27), Lang::Zh);
        assert_eq!(net.len(), 1);
        assert_eq!(
            due_date(net[0].due, day(28)),
            NaiveDate::from_ymd_opt(2026, 12, 28).unwrap()
        );
    }

    #[test]
    fn prepayment_terms_hold_the_order_until_paid() {
        let total = Money::parse("1000").unwrap();
        let (none, some, all) = (Money::ZERO, Money::parse("300").unwrap(), total);
        let prepay = PaymentTerms::Prepay { percent: 30 };
        assert!(!prepay.may_release(total, none, day(27)));
        assert!(!prepay.may_release(total, Money::parse("299.99").unwrap(), day(27)));
        assert!(prepay.may_release(total, some, day(27)));
        assert!(!PaymentTerms::PayBeforeShipping.may_release(total, some, day(27)));
        assert!(PaymentTerms::PayBeforeShipping.may_release(total, all, day(27)));
        assert!(PaymentTerms::Net { days: 30 }.may_release(total, none, day(27)));
        assert!(PaymentTerms::CashOnDelivery.may_release(total, none, day(27)));
        assert!(prepay.needs_payment_before_shipping());
        assert!(!PaymentTerms::CashOnDelivery.needs_payment_before_shipping());
    }
}
