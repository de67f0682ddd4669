//! Invoices through `apply`: requests from shipped goods only (never the same goods twice),
//! issuing under a 数电票 number, withdrawing, red-letter full and partial, and refusals that
//! change nothing.

use super::tests::{id, World};
use super::tests_sales::{d, setup, CUSTOMER, PRODUCT};
use super::tests_shipping::{approved, give_back, order, ship, staff, ORDER};
use super::*;
use crate::actor::Role;
use crate::customer::{InvoiceInfo, InvoiceKind};
use crate::error::{DomainError, ErrorCode};
use crate::invoice::{
    InvoiceAction, InvoicePick, InvoiceRefusal, InvoiceRequestData, InvoiceStatus, RedLetterData,
    RedPick, RedReason, Reversal,
};
use crate::money::Money;
use crate::order::PaymentTerms;
use chrono::NaiveDate;

const TAX_NO: &str = "26332000000000012345";

/// An approved 月结 order (10 + 5 from 华东仓, 3 from 华南仓), 4 of line 0 and 5 of line 1
/// shipped; the customer has 专票 details and the product its 税收分类编码.
pub(super) fn shipped() -> (World, crate::Actor) {
    let mut w = setup();
    let c = w.mem.customers.get_mut(&id(CUSTOMER)).unwrap();
    c.data.invoice = Some(InvoiceInfo {
        title: "杭州西湖茶具有限公司".into(),
        tax_id: "91330100799655058B".into(),
        address_phone: "杭州市西湖区文三路 100 号 0571-88886666".into(),
        bank_account: "工商银行文三路支行 1202020209900012345".into(),
        kind: InvoiceKind::Special,
    });
    w.mem.products.get_mut(&id(PRODUCT)).unwrap().data.tax_code = "1070101010100000000".into();
    approved(&mut w, PaymentTerms::Net { days: 30 });
    let admin = w.admin.clone();
    let keeper = staff(&mut w, Role::Warehouse, 61);
    w.ok(
        &keeper,
        ship(1, &[(0, "4"), (1, "5")], &["SF1234567890123"]),
    );
    let finance = staff(&mut w, Role::Finance, 62);
    let _ = admin;
    (w, finance)
}

fn request(n: u8, picks: &[(usize, &str)]) -> Mutation {
    Mutation::RequestInvoice {
        id: id(n),
        number: format!("KP-K7-202611-{n:04}"),
        data: InvoiceRequestData {
            customer_id: id(CUSTOMER),
            lines: picks
                .iter()
                .map(|(line, qty)| InvoicePick {
                    order_id: id(ORDER),
                    line: *line,
                    qty: d(qty),
                })
                .collect(),
            notes: String::new(),
        },
    }
}

fn issue(n: u8, number: &str, day: &str) -> Mutation {
    Mutation::InvoiceAct {
        id: id(n),
        action: InvoiceAction::Issue {
            number: number.into(),
            date: day.parse::<NaiveDate>().unwrap(),
        },
    }
}

fn red(n: u8, of: u8, reason: RedReason, picks: &[(usize, &str)]) -> Mutation {
    Mutation::RedLetterInvoice {
        id: id(n),
        number: format!("KP-K7-202611-{n:04}"),
        data: RedLetterData {
            invoice_id: id(of),
            reason,
            lines: picks
                .iter()
                .map(|(line, qty)| RedPick {
                    line: *line,
                    qty: d(qty),
                })
                .collect(),
        },
    }
}

fn invoiced(w: &World) -> Vec<rust_decimal::Decimal> {
    order(w).invoiced.clone()
}

/// Everything a refused invoice mutation must leave alone.
fn state(w: &World) -> String {
    let mut invoices: Vec<String> = w.mem.invoices.values().map(|i| format!("{i:?}")).collect();
    invoices.sort();
    format!("{:?}{invoices:?}", w.mem.orders.get(&id(ORDER)))
}

#[test]
fn requests_take_shipped_goods_once_and_refuse_the_rest() {
    let (mut w, finance) = shipped();
    let refusal = |r| DomainError::Invoice { refusal: r };
    let rep = w.rep1.clone();
    let keeper = staff(&mut w, Role::Warehouse, 63);
    type Case = (&'static str, crate::Actor, Mutation, DomainError);
    let cases: Vec<Case> = vec![
        (
            "goods not shipped (line 2 is still in 华南仓)",
            finance.clone(),
            request(20, &[(2, "1")]),
            refusal(InvoiceRefusal::MoreThanInvoiceable {
                order: "SO-K7-202611-0001".into(),
                sku: String::new(),
                left: d("0"),
            }),
        ),
        (
            "more than shipped",
            finance.clone(),
            request(20, &[(0, "5")]),
            refusal(InvoiceRefusal::MoreThanInvoiceable {
                order: "SO-K7-202611-0001".into(),
                sku: String::new(),
                left: d("4"),
            }),
        ),
        (
            "zero",
            finance.clone(),
            request(20, &[(0, "0")]),
            DomainError::field("lines.0.qty", ErrorCode::MustBePositive),
        ),
        (
            "negative",
            finance.clone(),
            request(20, &[(0, "-1")]),
            DomainError::field("lines.0.qty", ErrorCode::MustBePositive),
        ),
        (
            "the same line twice",
            finance.clone(),
            request(20, &[(0, "1"), (0, "1")]),
            DomainError::field("lines.1.line", ErrorCode::Duplicate),
        ),
        (
            "a rep",
            rep,
            request(20, &[(0, "1")]),
            DomainError::Forbidden {
                action: crate::error::Action::Invoice,
            },
        ),
        (
            "the warehouse",
            keeper,
            request(20, &[(0, "1")]),
            DomainError::Forbidden {
                action: crate::error::Action::Invoice,
            },
        ),
    ];
    for (what, actor, m, want) in cases {
        let before = state(&w);
        let got = w.err(&actor, m);
        match (&got, &want) {
            (
                DomainError::Invoice {
                    refusal: InvoiceRefusal::MoreThanInvoiceable { left, .. },
                },
                DomainError::Invoice {
                    refusal: InvoiceRefusal::MoreThanInvoiceable { left: want, .. },
                },
            ) => assert_eq!(left, want, "{what}"),
            _ => assert_eq!(got, want, "{what}"),
        }
        assert_eq!(state(&w), before, "{what}: nothing changed");
    }

    // 4 of line 0 (¥100 含税, 13%): 400.00 = 353.98 + 46.02, computed on the line.
    w.ok(&finance, request(20, &[(0, "4"), (1, "2")]));
    let inv = &w.mem.invoices[&id(20)];
    assert_eq!(inv.status, InvoiceStatus::Requested);
    assert_eq!(inv.kind, InvoiceKind::Special);
    assert!(inv.tax_inclusive);
    assert_eq!(inv.lines[0].amount, Money::from_fen(35398));
    assert_eq!(inv.lines[0].tax, Money::from_fen(4602));
    assert_eq!(inv.lines[0].tax_code, "1070101010100000000");
    assert_eq!(inv.total(), Money::from_fen(60000));
    assert_eq!(invoiced(&w), vec![d("4"), d("2"), d("0")]);
    // The same goods again: refused, readably, and nothing changes.
    let before = state(&w);
    let e = w.err(&finance, request(21, &[(0, "1")]));
    assert!(
        e.message(crate::Lang::Zh).contains("可开票数量只剩 0"),
        "{e:?}"
    );
    assert_eq!(state(&w), before);
    // What is left of line 1 still goes.
    w.ok(&finance, request(21, &[(1, "3")]));
    assert_eq!(invoiced(&w), vec![d("4"), d("5"), d("0")]);
}

#[test]
fn requests_need_buyer_details_tax_codes_and_a_short_number() {
    let (mut w, finance) = shipped();
    let before = state(&w);
    let mut long = request(20, &[(0, "1")]);
    if let Mutation::RequestInvoice { number, .. } = &mut long {
        *number = "KP-K7AB-202611-000123".into();
    }
    assert_eq!(
        w.err(&finance, long),
        DomainError::Invoice {
            refusal: InvoiceRefusal::NumberTooLong
        }
    );
    w.mem.products.get_mut(&id(PRODUCT)).unwrap().data.tax_code = String::new();
    assert!(matches!(
        w.err(&finance, request(20, &[(0, "1")])),
        DomainError::Invoice {
            refusal: InvoiceRefusal::NoTaxCode { .. }
        }
    ));
    w.mem.products.get_mut(&id(PRODUCT)).unwrap().data.tax_code = "1070101010100000000".into();
    let c = w.mem.customers.get_mut(&id(CUSTOMER)).unwrap();
    c.data.invoice.as_mut().unwrap().tax_id = String::new();
    assert_eq!(
        w.err(&finance, request(20, &[(0, "1")])),
        DomainError::Invoice {
            refusal: InvoiceRefusal::NoBuyerDetails
        },
        "a 专票 without the buyer's tax id"
    );
    w.mem.customers.get_mut(&id(CUSTOMER)).unwrap().data.invoice = None;
    assert_eq!(
        w.err(&finance, request(20, &[(0, "1")])),
        DomainError::Invoice {
            refusal: InvoiceRefusal::NoBuyerDetails
        }
    );
    assert_eq!(state(&w), before);
}

#[test]
fn issuing_checks_the_number_and_withdrawing_gives_the_goods_back() {
    let (mut w, finance) = shipped();
    w.ok(&finance, request(20, &[(0, "4")]));
    w.ok(&finance, request(21, &[(1, "5")]));
    let before = state(&w);
    for (number, day, field) in [
        ("2633200000000001234", "2026-11-27", "tax_number"),
        ("2633200000000001234X", "2026-11-27", "tax_number"),
        ("25332000000000012345", "2026-11-27", "tax_number"),
        (TAX_NO, "2026-11-28", "date"),
    ] {
        let e = w.err(&finance, issue(20, number, day));
        assert!(
            matches!(&e, DomainError::Validation { errors } if errors[0].field == field),
            "{number} {day}: {e:?}"
        );
        assert_eq!(state(&w), before, "{number}");
    }
    w.ok(&finance, issue(20, TAX_NO, "2026-11-27"));
    let inv = &w.mem.invoices[&id(20)];
    assert_eq!(inv.status, InvoiceStatus::Issued);
    assert_eq!(inv.issued.as_ref().unwrap().number, TAX_NO);
    let before = state(&w);
    assert!(matches!(
        w.err(&finance, issue(21, TAX_NO, "2026-11-27")),
        DomainError::Invoice {
            refusal: InvoiceRefusal::NumberUsed { .. }
        }
    ));
    assert!(matches!(
        w.err(&finance, issue(20, TAX_NO, "2026-11-27")),
        DomainError::Invoice {
            refusal: InvoiceRefusal::WrongState { .. }
        }
    ));
    let withdraw = |n: u8, reason: &str| Mutation::InvoiceAct {
        id: id(n),
        action: InvoiceAction::Withdraw {
            reason: reason.into(),
        },
    };
    assert!(matches!(
        w.err(&finance, withdraw(21, " ")),
        DomainError::Validation { .. }
    ));
    assert!(matches!(
        w.err(&finance, withdraw(20, "开错了")),
        DomainError::Invoice {
            refusal: InvoiceRefusal::WrongState { .. }
        }
    ));
    assert_eq!(state(&w), before);
    assert_eq!(invoiced(&w), vec![d("4"), d("5"), d("0")]);
    w.ok(&finance, withdraw(21, "客户要分两张开"));
    assert_eq!(w.mem.invoices[&id(21)].status, InvoiceStatus::Withdrawn);
    assert_eq!(invoiced(&w), vec![d("4"), d("0"), d("0")]);
    w.ok(&finance, request(22, &[(1, "5")]));
}

#[test]
fn red_letter_full_and_partial_and_never_twice() {
    let (mut w, finance) = shipped();
    w.ok(&finance, request(20, &[(0, "4"), (1, "5")]));
    let before = state(&w);
    assert!(
        matches!(
            w.err(&finance, red(30, 20, RedReason::GoodsReturned, &[(0, "2")])),
            DomainError::Invoice {
                refusal: InvoiceRefusal::WrongState { .. }
            }
        ),
        "a request not yet issued can't be reversed (withdraw it instead)"
    );
    w.ok(&finance, issue(20, TAX_NO, "2026-11-27"));
    let before_red = state(&w);
    assert_ne!(before, before_red);
    for (what, m, want) in [
        (
            "开票有误 reverses the whole invoice only",
            red(30, 20, RedReason::WrongInvoice, &[(0, "2")]),
            InvoiceRefusal::WholeOnly,
        ),
        (
            "more than was invoiced",
            red(30, 20, RedReason::GoodsReturned, &[(0, "5")]),
            InvoiceRefusal::MoreThanReversible {
                name: "不锈钢保温杯".into(),
                left: d("4"),
            },
        ),
    ] {
        assert_eq!(
            w.err(&finance, m),
            DomainError::Invoice { refusal: want },
            "{what}"
        );
        assert_eq!(state(&w), before_red, "{what}");
    }
    // Half of line 0 comes back (销货退回): a negative request pointing to the original.
    w.ok(&finance, red(30, 20, RedReason::GoodsReturned, &[(0, "2")]));
    let r = w.mem.invoices[&id(30)].clone();
    assert_eq!(r.red_of.as_ref().unwrap().tax_number, TAX_NO);
    assert_eq!(r.lines[0].qty, d("-2"));
    assert_eq!(r.total(), Money::from_fen(-20000));
    assert_eq!(r.lines[0].tax, Money::from_fen(-2301));
    assert_eq!(w.mem.invoices[&id(20)].reversal(), Reversal::Part);
    // The rest of line 0 can be reversed once more, not beyond.
    assert!(matches!(
        w.err(&finance, red(31, 20, RedReason::GoodsReturned, &[(0, "3")])),
        DomainError::Invoice {
            refusal: InvoiceRefusal::MoreThanReversible { .. }
        }
    ));
    // The goods go back to the order once the red invoice is issued, not before.
    assert_eq!(invoiced(&w), vec![d("4"), d("5"), d("0")]);
    w.ok(&finance, issue(30, "26332000000000012346", "2026-11-27"));
    assert_eq!(invoiced(&w), vec![d("2"), d("5"), d("0")]);
    // The rest of the invoice: its two halves of line 0 add up to the original exactly.
    w.ok(
        &finance,
        red(31, 20, RedReason::GoodsReturned, &[(0, "2"), (1, "5")]),
    );
    let orig = &w.mem.invoices[&id(20)];
    assert_eq!(orig.reversal(), Reversal::Full);
    let reds = [&w.mem.invoices[&id(30)], &w.mem.invoices[&id(31)]];
    let red_total = reds.iter().fold(Money::ZERO, |a, r| a + r.total());
    assert_eq!(red_total, Money::round(-orig.total().decimal()));
    let red_tax = reds.iter().fold(Money::ZERO, |a, r| a + r.tax());
    assert_eq!(red_tax, Money::round(-orig.tax().decimal()));
    // Withdrawing a red request makes its lines reversible again.
    w.ok(
        &finance,
        Mutation::InvoiceAct {
            id: id(31),
            action: InvoiceAction::Withdraw {
                reason: "客户改为折让".into(),
            },
        },
    );
    assert_eq!(w.mem.invoices[&id(20)].reversal(), Reversal::Part);
    assert_eq!(invoiced(&w), vec![d("2"), d("5"), d("0")]);
}

#[test]
fn a_return_after_invoicing_leaves_a_line_over_invoiced_until_red_letter() {
    let (mut w, finance) = shipped();
    w.ok(&finance, request(20, &[(0, "4")]));
    w.ok(&finance, issue(20, TAX_NO, "2026-11-27"));
    let keeper = staff(&mut w, Role::Warehouse, 64);
    w.ok(
        &keeper,
        give_back(40, 1, &[(0, "1")], super::tests_sales::EAST),
    );
    // Shipped 4, returned 1, invoiced 4: one is over-invoiced, and nothing more is invoiceable.
    assert_eq!(order(&w).invoiceable(0), d("-1"));
    let proposal = crate::invoice::red_proposal(order(&w), &w.mem.invoices[&id(20)], false);
    assert_eq!(
        proposal,
        vec![RedPick {
            line: 0,
            qty: d("1")
        }]
    );
    w.ok(&finance, red(30, 20, RedReason::GoodsReturned, &[(0, "1")]));
    w.ok(&finance, issue(30, "26332000000000012346", "2026-11-27"));
    assert_eq!(order(&w).invoiceable(0), d("0"));
}

#[test]
fn a_company_that_invoices_on_order_may_invoice_goods_not_yet_shipped() {
    let (mut w, finance) = shipped();
    let admin = w.admin.clone();
    // Line 2 (3 from 华南仓) has not shipped: refused by default.
    assert!(matches!(
        w.err(&finance, request(20, &[(2, "3")])),
        DomainError::Invoice {
            refusal: InvoiceRefusal::MoreThanInvoiceable { .. }
        }
    ));
    w.ok(
        &admin,
        Mutation::SaveCompany {
            profile: crate::catalog::CompanyProfile {
                name: "示范公司".into(),
                invoice_on_order: true,
                ..Default::default()
            },
        },
    );
    // Now what was ordered (and approved) counts: 10 − 4 shipped of line 0 too, but not more.
    assert!(matches!(
        w.err(&finance, request(20, &[(2, "4")])),
        DomainError::Invoice {
            refusal: InvoiceRefusal::MoreThanInvoiceable { .. }
        }
    ));
    w.ok(&finance, request(20, &[(0, "10"), (2, "3")]));
    assert_eq!(invoiced(&w), vec![d("10"), d("0"), d("3")]);
}
