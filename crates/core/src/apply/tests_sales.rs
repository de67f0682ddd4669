//! Catalog, stock and quote mutations through `apply`: rules, permissions, bad input.

use super::tests::{id, World};
use super::*;
use crate::actor::Role;
use crate::catalog::{ProductData, WarehouseData};
use crate::error::{DomainError, ErrorCode};
use crate::pricing::PriceSource;
use crate::quote::{QuoteData, QuoteLine, QuoteStatus};
use crate::stock::StockEntry;
use rust_decimal::Decimal;
use std::str::FromStr;

pub(super) fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub(super) const CUSTOMER: u8 = 10;
pub(super) const PRODUCT: u8 = 30;
pub(super) const EAST: u8 = 40;
pub(super) const SOUTH: u8 = 41;
const QUOTE: u8 = 60;

pub(super) fn product(sku: &str) -> ProductData {
    ProductData {
        sku: sku.into(),
        name: "不锈钢保温杯".into(),
        spec: "500ml".into(),
        unit: "个".into(),
        barcode: "6901234567892".into(),
        category_id: None,
        brand: "示范".into(),
        tax_rate: d("13"),
        tax_code: String::new(),
        list_price: d("100"),
        member_price: None,
        cost: Some(d("60")),
        safety_stock: d("10"),
        active: true,
        limit: None,
    }
}

pub(super) fn warehouse(name: &str) -> WarehouseData {
    WarehouseData {
        name: name.into(),
        province: "上海".into(),
        city: "上海".into(),
        address: String::new(),
        active: true,
    }
}

/// A rep's customer, a product and two warehouses with 50 in the east.
pub(super) fn setup() -> World {
    let mut w = World::new();
    let (admin, rep1) = (w.admin.clone(), w.rep1.clone());
    w.create(&rep1, id(CUSTOMER), rep1.user_id);
    w.ok(
        &admin,
        Mutation::CreateProduct {
            id: id(PRODUCT),
            data: product("CUP-500"),
        },
    );
    w.ok(
        &admin,
        Mutation::SaveWarehouse {
            id: id(EAST),
            data: warehouse("华东仓"),
        },
    );
    w.ok(
        &admin,
        Mutation::SaveWarehouse {
            id: id(SOUTH),
            data: warehouse("华南仓"),
        },
    );
    w.ok(
        &admin,
        Mutation::RecordStock {
            id: id(90),
            entry: StockEntry::Opening {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                qty: d("50"),
            },
        },
    );
    w
}

fn on_hand(w: &World, wh: u8) -> Decimal {
    w.mem.stock_level(id(PRODUCT), id(wh)).unwrap().on_hand
}

fn line(qty: &str, price: &str, source: PriceSource) -> QuoteLine {
    QuoteLine {
        product_id: id(PRODUCT),
        sku: String::new(),
        name: String::new(),
        spec: String::new(),
        unit: String::new(),
        qty: d(qty),
        warehouse_id: Some(id(EAST)),
        list_price: Decimal::ZERO,
        unit_price: d(price),
        segments: vec![],
        source,
        tax_rate: d("13"),
    }
}

fn quote_data(lines: Vec<QuoteLine>) -> QuoteData {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    QuoteData {
        customer_id: id(CUSTOMER),
        date,
        valid_until: date + chrono::Days::new(30),
        tax_inclusive: true,
        header_discount_pct: Decimal::ZERO,
        lines,
        fees: vec![],
        terms: String::new(),
        notes: String::new(),
    }
}

fn save(lines: Vec<QuoteLine>) -> Mutation {
    Mutation::SaveQuote {
        id: id(QUOTE),
        number: "QT-K7-202611-0001".into(),
        data: quote_data(lines),
    }
}

fn manual(reason: &str) -> PriceSource {
    PriceSource::Manual {
        reason: reason.into(),
    }
}

#[test]
fn stock_is_the_sum_of_its_moves() {
    let mut w = setup();
    let admin = w.admin.clone();
    w.ok(
        &admin,
        Mutation::RecordStock {
            id: id(91),
            entry: StockEntry::Receipt {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                qty: d("13"),
                note: "采购".into(),
            },
        },
    );
    w.ok(
        &admin,
        Mutation::RecordStock {
            id: id(92),
            entry: StockEntry::Transfer {
                product_id: id(PRODUCT),
                from: id(EAST),
                to: id(SOUTH),
                qty: d("20"),
                note: String::new(),
            },
        },
    );
    assert_eq!((on_hand(&w, EAST), on_hand(&w, SOUTH)), (d("43"), d("20")));
    // A stock-take records the difference, with its reason.
    let out = w.ok(
        &admin,
        Mutation::RecordStock {
            id: id(93),
            entry: StockEntry::Count {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                counted: d("40"),
                reason: "破损".into(),
            },
        },
    );
    assert_eq!(on_hand(&w, EAST), d("40"));
    assert!(
        matches!(&out.effects[0], Effect::PutStockMove(m) if m.qty == d("-3") && m.note == "破损")
    );
    // Both halves of a transfer have distinct, reproducible ids.
    let ids: Vec<Id> = w
        .mem
        .moves
        .iter()
        .filter(|m| m.entry_id == id(92))
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, vec![id(92), catalog::paired_id(id(92))]);
}

#[test]
fn quantities_follow_their_unit_s_precision_everywhere() {
    let mut w = setup();
    let admin = w.admin.clone();
    let before = w.mem.moves.len();
    // 个 is counted whole: a stock receipt of 1.5 个 is refused and writes nothing.
    let receipt = |qty: &str| Mutation::RecordStock {
        id: id(95),
        entry: StockEntry::Receipt {
            product_id: id(PRODUCT),
            warehouse_id: id(EAST),
            qty: d(qty),
            note: String::new(),
        },
    };
    let err = w.err(&admin, receipt("1.5"));
    assert!(format!("{err:?}").contains("WholeUnit"), "{err:?}");
    assert_eq!(w.mem.moves.len(), before);
    // A quote line of 1.5 个 is refused at the line's quantity.
    let err = w.err(&admin, save(vec![line("1.5", "100", manual("试单"))]));
    assert!(format!("{err:?}").contains("lines.0.qty"), "{err:?}");
    // The company lets 个 take one decimal: the same receipt goes through.
    let mut units = crate::units::UnitTable::default();
    units
        .0
        .iter_mut()
        .find(|r| r.unit == "个")
        .unwrap()
        .decimals = 1;
    w.ok(&admin, Mutation::SaveUnits { units });
    w.ok(&admin, receipt("1.5"));
    // Only a manager of the company's settings may change the table.
    let rep = w.rep1.clone();
    w.err(
        &rep,
        Mutation::SaveUnits {
            units: crate::units::UnitTable::default(),
        },
    );
}

#[test]
fn bad_stock_entries_change_nothing() {
    let mut w = setup();
    let (admin, rep1) = (w.admin.clone(), w.rep1.clone());
    let moves = w.mem.moves.len();
    let cases = vec![
        (
            admin.clone(),
            StockEntry::Transfer {
                product_id: id(PRODUCT),
                from: id(EAST),
                to: id(SOUTH),
                qty: d("51"),
                note: String::new(),
            },
        ),
        (
            admin.clone(),
            StockEntry::Receipt {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                qty: d("0"),
                note: String::new(),
            },
        ),
        (
            admin.clone(),
            StockEntry::Receipt {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                qty: d("-3"),
                note: String::new(),
            },
        ),
        (
            admin.clone(),
            StockEntry::Receipt {
                product_id: id(99),
                warehouse_id: id(EAST),
                qty: d("3"),
                note: String::new(),
            },
        ),
        (
            admin.clone(),
            StockEntry::Count {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                counted: d("3"),
                reason: String::new(),
            },
        ),
        (
            admin.clone(),
            StockEntry::Opening {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                qty: d("3"),
            },
        ),
        (
            rep1,
            StockEntry::Receipt {
                product_id: id(PRODUCT),
                warehouse_id: id(EAST),
                qty: d("3"),
                note: String::new(),
            },
        ),
    ];
    for (actor, entry) in cases {
        let e = w.err(
            &actor,
            Mutation::RecordStock {
                id: id(95),
                entry: entry.clone(),
            },
        );
        assert!(!e.message(crate::Lang::Zh).is_empty(), "{entry:?}");
    }
    assert_eq!(w.mem.moves.len(), moves);
    let e = w.err(
        &admin,
        Mutation::RecordStock {
            id: id(95),
            entry: StockEntry::Transfer {
                product_id: id(PRODUCT),
                from: id(EAST),
                to: id(SOUTH),
                qty: d("51"),
                note: String::new(),
            },
        },
    );
    assert_eq!(e.message(crate::Lang::Zh), "库存不足：可用 50");
}

#[test]
fn skus_and_barcodes_are_unique_and_product_edits_merge_per_field() {
    let mut w = setup();
    let admin = w.admin.clone();
    let e = w.err(
        &admin,
        Mutation::CreateProduct {
            id: id(31),
            data: product("CUP-500"),
        },
    );
    assert_eq!(
        e,
        DomainError::CodeTaken {
            code: "CUP-500".into()
        }
    );
    let mut a = product("CUP-500");
    a.name = "保温杯（新）".into();
    let mut b = product("CUP-500");
    b.list_price = d("120");
    let env_a = w.env(
        &admin,
        Mutation::UpdateProduct {
            id: id(PRODUCT),
            data: a,
            changed: vec!["name".into()],
        },
    );
    let env_b = w.env(
        &admin,
        Mutation::UpdateProduct {
            id: id(PRODUCT),
            data: b,
            changed: vec!["list_price".into()],
        },
    );
    // Applied in reverse order (as a server may receive them), both edits survive.
    for env in [env_b, env_a] {
        let out = apply(&w.mem, &env).unwrap();
        w.mem.commit(out);
    }
    let p = &w.mem.products[&id(PRODUCT)];
    assert_eq!(
        (p.data.name.as_str(), p.data.list_price),
        ("保温杯（新）", d("120"))
    );
}

#[test]
fn a_quote_is_saved_sent_and_accepted_with_its_product_snapshot() {
    let mut w = setup();
    let rep1 = w.rep1.clone();
    w.ok(&rep1, save(vec![line("5", "100", PriceSource::List)]));
    let q = &w.mem.quotes[&id(QUOTE)];
    assert_eq!(
        (q.version, q.need_id, q.owner_id),
        (1, id(QUOTE), rep1.user_id)
    );
    assert_eq!(
        (q.data.lines[0].sku.as_str(), q.data.lines[0].list_price),
        ("CUP-500", d("100"))
    );
    assert!(!q.needs_approval());
    w.ok(
        &rep1,
        Mutation::SetQuoteStatus {
            id: id(QUOTE),
            to: QuoteStatus::Sent,
        },
    );
    // A sent quote is no longer edited in place: that is what versions are for.
    let e = w.err(&rep1, save(vec![line("6", "100", PriceSource::List)]));
    assert!(matches!(e, DomainError::InvalidTransition { .. }));
    w.ok(
        &rep1,
        Mutation::SetQuoteStatus {
            id: id(QUOTE),
            to: QuoteStatus::Accepted,
        },
    );
    let e = w.err(
        &rep1,
        Mutation::SetQuoteStatus {
            id: id(QUOTE),
            to: QuoteStatus::Rejected,
        },
    );
    assert_eq!(
        e.message(crate::Lang::Zh),
        "报价单状态为「已接受」，不能改为「已拒绝」"
    );
}

#[test]
fn versions_share_the_number_and_only_one_is_accepted() {
    let mut w = setup();
    let rep1 = w.rep1.clone();
    w.ok(&rep1, save(vec![line("5", "100", PriceSource::List)]));
    w.ok(
        &rep1,
        Mutation::NewQuoteVersion {
            id: id(61),
            from: id(QUOTE),
        },
    );
    w.ok(
        &rep1,
        Mutation::NewQuoteVersion {
            id: id(62),
            from: id(QUOTE),
        },
    );
    let v3 = &w.mem.quotes[&id(62)];
    assert_eq!(
        (v3.number.as_str(), v3.version, v3.need_id),
        ("QT-K7-202611-0001", 3, id(QUOTE))
    );
    assert_eq!(v3.display_number(), "QT-K7-202611-0001 v3");
    for q in [QUOTE, 62] {
        w.ok(
            &rep1,
            Mutation::SetQuoteStatus {
                id: id(q),
                to: QuoteStatus::Sent,
            },
        );
    }
    w.ok(
        &rep1,
        Mutation::SetQuoteStatus {
            id: id(62),
            to: QuoteStatus::Accepted,
        },
    );
    let e = w.err(
        &rep1,
        Mutation::SetQuoteStatus {
            id: id(QUOTE),
            to: QuoteStatus::Accepted,
        },
    );
    assert_eq!(
        e,
        DomainError::OtherVersionAccepted {
            number: "QT-K7-202611-0001".into(),
            version: 3
        }
    );
}

#[test]
fn a_price_below_the_floor_needs_a_managers_approval_before_sending() {
    let mut w = setup();
    let (admin, rep1, rep2) = (w.admin.clone(), w.rep1.clone(), w.rep2.clone());
    // 20 % off by hand: beyond the rep's 10 %.
    w.ok(&rep1, save(vec![line("5", "80", manual("老客户"))]));
    assert!(w.mem.quotes[&id(QUOTE)].needs_approval());
    let e = w.err(
        &rep1,
        Mutation::SetQuoteStatus {
            id: id(QUOTE),
            to: QuoteStatus::Sent,
        },
    );
    let msg = e.message(crate::Lang::Zh);
    assert!(
        msg.starts_with("需审批") && msg.contains("第1行 CUP-500 折扣 20% 超出权限（最多 10%）"),
        "{msg}"
    );
    assert_eq!(
        w.mem.quotes[&id(QUOTE)].status,
        QuoteStatus::Draft,
        "nothing changed"
    );
    // Reps (own or other) can't approve; a manager of another team neither.
    for who in [&rep1, &rep2] {
        assert!(matches!(
            w.err(who, Mutation::ApproveQuote { id: id(QUOTE) }),
            DomainError::Forbidden { .. }
        ));
    }
    let south_mgr = crate::Actor {
        user_id: id(77),
        role: Role::Manager,
        team: "华南组".into(),
        device_id: id(200),
    };
    assert!(matches!(
        w.err(&south_mgr, Mutation::ApproveQuote { id: id(QUOTE) }),
        DomainError::Forbidden { .. }
    ));
    w.ok(&admin, Mutation::ApproveQuote { id: id(QUOTE) });
    w.ok(
        &rep1,
        Mutation::SetQuoteStatus {
            id: id(QUOTE),
            to: QuoteStatus::Sent,
        },
    );
    // Rule prices are policy, not discretion: a list-price quote never needs approval.
    let mut w = setup();
    let rep1 = w.rep1.clone();
    w.ok(
        &rep1,
        save(vec![line(
            "5",
            "95",
            PriceSource::Manual {
                reason: "凑整".into(),
            },
        )]),
    );
    assert!(!w.mem.quotes[&id(QUOTE)].needs_approval());
    // A header discount is discretionary too.
    let mut data = quote_data(vec![line("5", "100", PriceSource::List)]);
    data.header_discount_pct = d("15");
    w.ok(
        &rep1,
        Mutation::SaveQuote {
            id: id(QUOTE),
            number: String::new(),
            data,
        },
    );
    assert!(w.mem.quotes[&id(QUOTE)].needs_approval());
}

#[test]
fn bad_quotes_are_refused_and_nothing_is_stored() {
    let mut w = setup();
    let (rep1, rep2, admin) = (w.rep1.clone(), w.rep2.clone(), w.admin.clone());
    let mut unknown = line("1", "100", PriceSource::List);
    unknown.product_id = id(99);
    let cases: Vec<(crate::Actor, Mutation, &str)> = vec![
        (
            rep1.clone(),
            save(vec![line("0", "100", PriceSource::List)]),
            "lines.0.qty",
        ),
        (
            rep1.clone(),
            save(vec![line("-1", "100", PriceSource::List)]),
            "lines.0.qty",
        ),
        (rep1.clone(), save(vec![unknown]), "lines.0.product"),
        (
            rep1.clone(),
            save(vec![line("1", "50", manual(""))]),
            "lines.0.reason",
        ),
        (
            rep2.clone(),
            save(vec![line("1", "100", PriceSource::List)]),
            "",
        ),
    ];
    for (actor, m, field) in cases {
        let e = w.err(&actor, m);
        if !field.is_empty() {
            assert_eq!(e.field_errors()[0].field, field, "{e:?}");
        } else {
            assert!(matches!(e, DomainError::Forbidden { .. }));
        }
    }
    assert!(w.mem.quotes.is_empty());
    // A deleted product can't be quoted.
    w.ok(&admin, Mutation::DeleteProduct { id: id(PRODUCT) });
    let e = w.err(&rep1, save(vec![line("1", "100", PriceSource::List)]));
    assert_eq!(e.field_errors()[0].code, ErrorCode::ProductInactive);
    // An empty quote can be drafted but not sent.
    w.ok(&rep1, save(vec![]));
    assert_eq!(
        w.err(
            &rep1,
            Mutation::SetQuoteStatus {
                id: id(QUOTE),
                to: QuoteStatus::Sent
            }
        ),
        DomainError::EmptyQuote
    );
}

#[test]
fn an_expired_quote_shows_as_expired_and_cannot_be_accepted() {
    let mut w = setup();
    let rep1 = w.rep1.clone();
    let mut data = quote_data(vec![line("1", "100", PriceSource::List)]);
    data.date = data.date - chrono::Days::new(40);
    data.valid_until = data.date + chrono::Days::new(30);
    w.ok(
        &rep1,
        Mutation::SaveQuote {
            id: id(QUOTE),
            number: "QT-1".into(),
            data,
        },
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    assert_eq!(
        w.mem.quotes[&id(QUOTE)].shown_status(today),
        QuoteStatus::Expired
    );
    assert_eq!(
        w.err(
            &rep1,
            Mutation::SetQuoteStatus {
                id: id(QUOTE),
                to: QuoteStatus::Sent
            }
        ),
        DomainError::QuoteExpired
    );
    // A new version starts today and is valid again.
    w.ok(
        &rep1,
        Mutation::NewQuoteVersion {
            id: id(61),
            from: id(QUOTE),
        },
    );
    assert_eq!(
        w.mem.quotes[&id(61)].shown_status(today),
        QuoteStatus::Draft
    );
}

#[test]
fn saving_an_expired_contract_price_is_refused() {
    let mut w = setup();
    let admin = w.admin.clone();
    let data = crate::pricing::PriceRuleData {
        name: "2025年合同".into(),
        kind: crate::pricing::PriceRuleKind::Contract {
            customer_id: id(CUSTOMER),
            product_id: id(PRODUCT),
            price: d("80"),
        },
        valid_from: None,
        valid_to: chrono::NaiveDate::from_ymd_opt(2025, 12, 31),
        active: true,
    };
    let e = w.err(&admin, Mutation::SavePriceRule { id: id(70), data });
    assert_eq!(e.field_errors()[0].code, ErrorCode::Expired);
    assert!(w.mem.rules.is_empty());
}
