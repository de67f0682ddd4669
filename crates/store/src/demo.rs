//! A demo company: reps in two teams, tags, and customers with realistic generated Chinese
//! company names, contacts and addresses across provinces, with follow-ups and reminders due.
//! Generated with a fixed seed, so every demo (and every benchmark) has the same data.

use crate::{Numbering, Store, StoreError};
use chrono::{Datelike, Days, NaiveDate};
use fairdesk_core::customer::{Contact, CustomerData, Level, ShipTo, Source};
use fairdesk_core::docnumber::prefix;
use fairdesk_core::followup::{Channel, FollowUpData};
use fairdesk_core::tag::TagData;
use fairdesk_core::user::UserData;
use fairdesk_core::{Id, Money, Mutation, Role};

pub const PLACES: &[(&str, &[&str])] = &[
    ("北京", &["北京"]),
    ("上海", &["上海"]),
    ("天津", &["天津"]),
    ("重庆", &["重庆"]),
    ("广东", &["广州", "深圳", "东莞", "佛山"]),
    ("浙江", &["杭州", "宁波", "温州", "台州"]),
    ("江苏", &["南京", "苏州", "无锡", "常州"]),
    ("福建", &["厦门", "福州", "泉州"]),
    ("湖南", &["长沙", "株洲"]),
    ("湖北", &["武汉", "宜昌"]),
    ("四川", &["成都", "绵阳"]),
    ("山东", &["济南", "青岛", "烟台"]),
    ("河南", &["郑州", "洛阳"]),
    ("安徽", &["合肥", "蚌埠"]),
    ("陕西", &["西安"]),
    ("吉林", &["长春"]),
    ("辽宁", &["沈阳", "大连"]),
    ("河北", &["石家庄", "保定"]),
];
const BRANDS: &[&str] = &[
    "恒通", "鑫达", "华盛", "金辉", "永利", "宏远", "瑞丰", "嘉禾", "天成", "博雅", "中联", "新锐",
    "盛世", "长江", "东方", "凯瑞", "德胜", "和美", "顺发", "祥云", "万家", "星河", "银桥", "联创",
];
const TRADES: &[(&str, &str)] = &[
    ("机电", "机械设备"),
    ("五金", "五金建材"),
    ("电子", "电子元器件"),
    ("包装", "包装印刷"),
    ("食品", "食品饮料"),
    ("纺织", "纺织服装"),
    ("建材", "五金建材"),
    ("化工", "化工"),
    ("家居", "家居用品"),
    ("照明", "灯具照明"),
    ("汽配", "汽车配件"),
    ("医疗器械", "医疗器械"),
];
const SUFFIXES: &[&str] = &[
    "有限公司",
    "贸易有限公司",
    "科技有限公司",
    "实业有限公司",
    "商行",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "单", "曾", "解", "欧阳", "诸葛",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "平", "刚", "桂英", "建华", "丽华", "志强", "海燕", "晓东", "雪梅", "国庆",
];
const TITLES: &[&str] = &[
    "采购经理",
    "总经理",
    "采购",
    "老板",
    "财务",
    "技术主管",
    "仓库主管",
];
const ROADS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "工业大道",
    "科技园路",
    "滨江路",
    "长安街",
    "新华路",
];
const FOLLOW_UPS: &[&str] = &[
    "电话沟通新品报价，客户有兴趣，下周再约",
    "微信发送产品目录，客户转给采购部评估",
    "上门拜访，了解年度采购计划，预计下季度下单",
    "展会交换名片，对样品质量比较满意",
    "客户反馈价格偏高，需要申请特价",
    "确认上批货已签收，询问复购意向",
];

pub struct DemoSummary {
    pub users: usize,
    pub tags: usize,
    pub customers: usize,
    pub follow_ups: usize,
    pub products: usize,
    pub quotes: usize,
    pub orders: usize,
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

pub fn person_name(rng: &mut fastrand::Rng) -> String {
    format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
}

pub fn mobile(rng: &mut fastrand::Rng) -> String {
    format!(
        "1{}{:09}",
        pick(rng, &['3', '5', '7', '8', '9']),
        rng.u32(..1_000_000_000)
    )
}

/// One generated customer profile; `today` places birthdays and contract dates near it.
pub fn customer_data(rng: &mut fastrand::Rng, today: NaiveDate, tag_ids: &[Id]) -> CustomerData {
    let (province, cities) = pick(rng, PLACES);
    let city = *pick(rng, cities);
    let (trade, industry) = pick(rng, TRADES);
    let brand = pick(rng, BRANDS);
    let name = format!("{city}{brand}{trade}{}", pick(rng, SUFFIXES));
    let contacts = (0..rng.usize(1..=3))
        .map(|i| Contact {
            name: person_name(rng),
            title: pick(rng, TITLES).to_string(),
            mobile: mobile(rng),
            phone: if i == 0 && rng.bool() {
                format!("0{}-{:08}", rng.u32(10..999), rng.u32(..100_000_000))
            } else {
                String::new()
            },
            wechat: if rng.bool() {
                format!("wx_{}", rng.u32(100_000..999_999))
            } else {
                String::new()
            },
            email: String::new(),
        })
        .collect();
    let birthday = rng.bool().then(|| {
        // Some birthdays fall in the coming week, so the reminder list is never empty.
        let offset = rng.i64(-300..60);
        let d = today
            .checked_add_signed(chrono::Duration::days(offset))
            .unwrap_or(today);
        NaiveDate::from_ymd_opt(rng.i32(1965..2000), d.month(), d.day().min(28)).unwrap_or(today)
    });
    let contract_expiry = (rng.u8(..3) == 0).then(|| today + Days::new(rng.u64(1..200)));
    let tags = tag_ids
        .iter()
        .filter(|_| rng.u8(..4) == 0)
        .copied()
        .collect();
    CustomerData {
        short_name: format!("{brand}{trade}"),
        contacts,
        industry: industry.to_string(),
        province: province.to_string(),
        city: city.to_string(),
        address: format!("{city}市{}{}号", pick(rng, ROADS), rng.u32(1..300)),
        level: *pick(rng, &Level::ALL),
        tag_ids: tags,
        birthday,
        contract_expiry,
        credit_limit: Money::from_fen(rng.i64(0..50) * 1_000_000),
        notes: String::new(),
        source: *pick(rng, &Source::ALL[1..]),
        ship_to: ship_to(&name),
        payment_terms: None,
        invoice: None,
        name,
    }
}

/// Every third demo customer also takes deliveries at a plant elsewhere. Its own generator,
/// seeded by the name, keeps the rest of the demo data as it was.
fn ship_to(name: &str) -> Vec<ShipTo> {
    let seed = name
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
    let mut rng = fastrand::Rng::with_seed(seed);
    if rng.u8(..3) != 0 {
        return Vec::new();
    }
    let (province, cities) = pick(&mut rng, PLACES);
    let city = *pick(&mut rng, cities);
    vec![ShipTo {
        label: format!("{city}工厂"),
        province: province.to_string(),
        city: city.to_string(),
        address: format!("{city}市{}{}号", pick(&mut rng, ROADS), rng.u32(1..300)),
        contact: person_name(&mut rng),
        phone: mobile(&mut rng),
    }]
}

type Builder = Box<dyn FnOnce(&mut Numbering) -> Mutation>;

/// Seeds the demo company into a store, as the current (admin) user, in one transaction.
pub fn seed(store: &mut Store, customers: usize) -> Result<DemoSummary, StoreError> {
    let actor = store.current_actor()?;
    let today = store.today();
    let mut rng = fastrand::Rng::with_seed(20261127);
    let now = store.now_ms();
    let mut builders: Vec<Builder> = Vec::new();
    let staff = [
        ("张伟", Role::Manager, "华东组"),
        ("李娜", Role::Rep, "华东组"),
        ("王强", Role::Rep, "华东组"),
        ("陈静", Role::Manager, "华南组"),
        ("刘洋", Role::Rep, "华南组"),
        ("单丽华", Role::Rep, "华南组"),
        ("赵敏", Role::Warehouse, ""),
        ("孙丽", Role::Finance, ""),
    ];
    let mut reps = Vec::new();
    for (name, role, team) in staff {
        let id = crate::new_id(now);
        if role == Role::Rep {
            reps.push(id);
        }
        builders.push(Box::new(move |_| Mutation::SaveUser {
            id,
            data: UserData {
                name: name.into(),
                role,
                team: team.into(),
                active: true,
            },
        }));
    }
    let tag_names = ["高潜力客户", "复购客户", "重点跟进", "展会获客", "价格敏感"];
    let tag_ids: Vec<Id> = tag_names.iter().map(|_| crate::new_id(now)).collect();
    for (i, (name, id)) in tag_names.iter().zip(&tag_ids).enumerate() {
        let (name, id) = (name.to_string(), *id);
        builders.push(Box::new(move |_| Mutation::CreateTag {
            id,
            data: TagData {
                name,
                color: fairdesk_core::tag::PALETTE[i % 8].into(),
            },
        }));
    }
    let mut follow_ups = 0;
    let mut first_customer = None;
    for _ in 0..customers {
        let id = crate::new_id(now);
        first_customer.get_or_insert(id);
        let data = customer_data(&mut rng, today, &tag_ids);
        let owner_id = *pick(&mut rng, &reps);
        builders.push(Box::new(move |n| Mutation::CreateCustomer {
            id,
            code: n.next(prefix::CUSTOMER),
            owner_id,
            data,
        }));
        for k in 0..rng.usize(0..3) {
            let date = today - Days::new(rng.u64(1..60) + 30 * k as u64);
            let next_date = Some(today + Days::new(rng.u64(0..20)) - Days::new(rng.u64(0..10)))
                .filter(|d| *d >= date);
            let data = FollowUpData {
                customer_id: id,
                date,
                channel: *pick(&mut rng, &Channel::ALL),
                content: pick(&mut rng, FOLLOW_UPS).to_string(),
                next_date,
            };
            let fid = crate::new_id(now);
            builders.push(Box::new(move |_| Mutation::AddFollowUp { id: fid, data }));
            follow_ups += 1;
        }
    }
    let catalog = crate::demo_catalog::catalog(store, &mut rng, first_customer);
    builders.extend(catalog.builders);
    store.submit_many(&actor, builders)?;
    let (quotes, orders) = crate::demo_sales::seed(store)?;
    Ok(DemoSummary {
        quotes,
        orders,
        products: catalog.products,
        users: staff.len(),
        tags: tag_names.len(),
        customers,
        follow_ups,
    })
}
