//! The demo company's catalog: categories, products with barcodes and tax codes, three
//! warehouses with opening stock, company details and a few price rules (tier, promotion,
//! contract), so every screen of the quote flow has something real to show.

use crate::{Numbering, Store};
use chrono::Days;
use fairdesk_core::catalog::{CategoryData, CompanyProfile, ProductData, WarehouseData};
use fairdesk_core::pricing::{PriceRuleData, PriceRuleKind, RulePrice, Target, TierStep};
use fairdesk_core::stock::StockEntry;
use fairdesk_core::{Id, Mutation};
use rust_decimal::Decimal;

pub type Builder = Box<dyn FnOnce(&mut Numbering) -> Mutation>;

/// (SKU, name, spec, unit, category index, list price in fen, cost in fen, tax %)
type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
    i64,
    i64,
    u32,
);

const PRODUCTS: &[DemoProduct] = &[
    (
        "BWB-500",
        "不锈钢保温杯",
        "500ml/304",
        "个",
        0,
        4550,
        2600,
        13,
    ),
    (
        "BWB-350",
        "不锈钢保温杯",
        "350ml/304",
        "个",
        0,
        3850,
        2100,
        13,
    ),
    ("BWH-1L", "真空保温壶", "1L/316", "个", 0, 8900, 5200, 13),
    (
        "MKB-300",
        "陶瓷马克杯",
        "300ml 定制印字",
        "个",
        0,
        1800,
        800,
        13,
    ),
    ("BJB-A5", "皮面笔记本", "A5/100页", "本", 1, 2600, 1200, 13),
    ("QMB-05", "商务签字笔", "0.5mm 黑", "支", 1, 350, 120, 13),
    ("WJD-10", "帆布文件袋", "A4 拉链", "个", 1, 1200, 500, 13),
    ("YDP-20K", "移动电源", "20000mAh", "个", 2, 12900, 8200, 13),
    ("SJX-C2", "数据线", "USB-C 2m", "条", 2, 2900, 1100, 13),
    ("LYE-T3", "蓝牙耳机", "T3 降噪", "副", 2, 19900, 12800, 13),
    ("CDQ-65", "氮化镓充电器", "65W", "个", 2, 9900, 5600, 13),
    ("SBB-A4", "手提纸袋", "A4 牛皮", "个", 3, 180, 60, 13),
    ("LHB-M", "礼盒", "中号 磁吸", "个", 3, 1500, 700, 13),
    ("CYE-500", "有机绿茶", "500g 罐装", "罐", 4, 16800, 9800, 9),
    ("HCY-250", "红茶礼盒", "250g", "盒", 4, 12800, 7600, 9),
];

const CATEGORIES: &[&str] = &["杯壶", "办公文具", "数码配件", "包装", "茶叶"];

/// (name, province, city)
const WAREHOUSES: &[(&str, &str, &str)] = &[
    ("华东仓", "上海", "上海"),
    ("华南仓", "广东", "广州"),
    ("华北仓", "北京", "北京"),
];

pub struct Catalog {
    pub builders: Vec<Builder>,
    pub products: usize,
}

/// Builders for the demo catalog; `contract_customer` gets a contract price on the first
/// product.
pub fn catalog(store: &Store, rng: &mut fastrand::Rng, contract_customer: Option<Id>) -> Catalog {
    let now = store.now_ms();
    let today = store.today();
    let mut b: Vec<Builder> = Vec::new();
    b.push(Box::new(|_| Mutation::SaveCompany {
        profile: CompanyProfile {
            name: "杭州示范贸易有限公司".into(),
            address: "浙江省杭州市西湖区文三路 100 号".into(),
            phone: "0571-88886666".into(),
            tax_id: "91330100MA2B3C4D5E".into(),
            bank: "招商银行杭州分行".into(),
            account: "5719 0000 1234 5678".into(),
            logo_base64: None,
            label_size: Default::default(),
            carrier_codes: Default::default(),
            stall_days: Default::default(),
            invoice_on_order: false,
            quota_days: None,
        },
    }));
    let cats: Vec<Id> = CATEGORIES.iter().map(|_| crate::new_id(now)).collect();
    for (name, id) in CATEGORIES.iter().zip(&cats) {
        let (name, id) = (name.to_string(), *id);
        b.push(Box::new(move |_| Mutation::SaveCategory {
            id,
            data: CategoryData {
                name,
                parent_id: None,
            },
        }));
    }
    let whs: Vec<Id> = WAREHOUSES.iter().map(|_| crate::new_id(now)).collect();
    for ((name, province, city), id) in WAREHOUSES.iter().zip(&whs) {
        let id = *id;
        let data = WarehouseData {
            name: name.to_string(),
            province: province.to_string(),
            city: city.to_string(),
            address: String::new(),
            active: true,
        };
        b.push(Box::new(move |_| Mutation::SaveWarehouse { id, data }));
    }
    let fen = |f: i64| Decimal::new(f, 2);
    let mut ids = Vec::new();
    for (i, (sku, name, spec, unit, cat, list, cost, tax)) in PRODUCTS.iter().enumerate() {
        let id = crate::new_id(now);
        ids.push(id);
        let data = ProductData {
            sku: sku.to_string(),
            name: name.to_string(),
            spec: spec.to_string(),
            unit: unit.to_string(),
            barcode: format!("6901234{:05}{}", 10 + i, i % 10),
            category_id: Some(cats[*cat]),
            brand: "示范".into(),
            tax_rate: Decimal::from(*tax),
            tax_code: if *tax == 9 {
                "1010199000000000000"
            } else {
                "1060512990000000000"
            }
            .into(),
            list_price: fen(*list),
            member_price: Some(fen(list * 92 / 100)),
            cost: Some(fen(*cost)),
            safety_stock: Decimal::from(20),
            active: true,
            // A promotional item: at most 20 per order, 50 per customer a month.
            limit: (i == 12).then(|| fairdesk_core::order::PurchaseLimit {
                per_order: Some(Decimal::from(20)),
                per_period: Some(Decimal::from(50)),
                period_days: 30,
            }),
        };
        b.push(Box::new(move |_| Mutation::CreateProduct { id, data }));
        // The first product is short on purpose: 50 in 华东仓, so a quote for more shows red.
        for (w, wh) in whs.iter().enumerate() {
            let qty = if i == 0 {
                [50, 0, 30][w]
            } else {
                rng.i64(0..400)
            };
            let (pid, wid) = (id, *wh);
            let entry_id = crate::new_id(now);
            b.push(Box::new(move |_| Mutation::RecordStock {
                id: entry_id,
                entry: StockEntry::Opening {
                    product_id: pid,
                    warehouse_id: wid,
                    qty: Decimal::from(qty),
                },
            }));
        }
    }
    // 阶梯价 on the 350 ml cup, a promotion on tea, a contract price for one customer.
    let rules = [
        PriceRuleData {
            name: "保温杯批量价".into(),
            kind: PriceRuleKind::Tier {
                target: Target::Product(ids[1]),
                graduated: false,
                steps: vec![
                    TierStep {
                        min_qty: Decimal::from(100),
                        price: RulePrice::Fixed(fen(3500)),
                    },
                    TierStep {
                        min_qty: Decimal::from(500),
                        price: RulePrice::Fixed(fen(3200)),
                    },
                ],
            },
            valid_from: None,
            valid_to: None,
            active: true,
        },
        PriceRuleData {
            name: "茶叶年末促销".into(),
            kind: PriceRuleKind::Promotion {
                target: Target::Category(cats[4]),
                price: RulePrice::DiscountPct(Decimal::from(15)),
            },
            valid_from: Some(today - Days::new(7)),
            valid_to: Some(today + Days::new(30)),
            active: true,
        },
    ];
    for data in rules {
        let id = crate::new_id(now);
        b.push(Box::new(move |_| Mutation::SavePriceRule { id, data }));
    }
    if let Some(customer_id) = contract_customer {
        let id = crate::new_id(now);
        let data = PriceRuleData {
            name: "年度合同".into(),
            kind: PriceRuleKind::Contract {
                customer_id,
                product_id: ids[2],
                price: fen(7900),
            },
            valid_from: Some(today - Days::new(60)),
            valid_to: Some(today + Days::new(300)),
            active: true,
        };
        b.push(Box::new(move |_| Mutation::SavePriceRule { id, data }));
    }
    Catalog {
        builders: b,
        products: PRODUCTS.len(),
    }
}
