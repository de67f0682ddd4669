//! Which warehouse should ship to an address. The distance model is coarse on purpose (SMEs
//! know their 华东仓 serves 华东): same city 0, same province 1, same region 2, a neighbouring
//! region 3, anywhere else 4, with China's seven customary regions. The warehouse that has all
//! the goods wins; among those the nearest; if none has everything, the one with the most.

use crate::error::Lang;
use crate::ids::Id;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

const REGIONS: &[(&str, &[&str])] = &[
    ("华北", &["北京", "天津", "河北", "山西", "内蒙古"]),
    ("东北", &["辽宁", "吉林", "黑龙江"]),
    (
        "华东",
        &[
            "上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "台湾",
        ],
    ),
    ("华中", &["河南", "湖北", "湖南"]),
    ("华南", &["广东", "广西", "海南", "香港", "澳门"]),
    ("西南", &["重庆", "四川", "贵州", "云南", "西藏"]),
    ("西北", &["陕西", "甘肃", "青海", "宁夏", "新疆"]),
];

const NEIGHBOURS: &[(&str, &str)] = &[
    ("华北", "东北"),
    ("华北", "华东"),
    ("华北", "华中"),
    ("华北", "西北"),
    ("华东", "华中"),
    ("华东", "华南"),
    ("华中", "华南"),
    ("华中", "西南"),
    ("华中", "西北"),
    ("华南", "西南"),
    ("西南", "西北"),
];

/// The region of a province (`浙江` → `华东`).
pub fn region(province: &str) -> Option<&'static str> {
    REGIONS
        .iter()
        .find(|(_, ps)| ps.contains(&province))
        .map(|(r, _)| *r)
}

/// 0 same city … 4 far away (see the module comment).
pub fn distance(from: (&str, &str), to: (&str, &str)) -> u8 {
    let ((fp, fc), (tp, tc)) = (from, to);
    if fp == tp && fc == tc && !fc.is_empty() {
        return 0;
    }
    if fp == tp {
        return 1;
    }
    match (region(fp), region(tp)) {
        (Some(a), Some(b)) if a == b => 2,
        (Some(a), Some(b)) if NEIGHBOURS.iter().any(|n| *n == (a, b) || *n == (b, a)) => 3,
        _ => 4,
    }
}

/// A warehouse and how much of the order it can supply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseOffer {
    pub id: Id,
    pub name: String,
    pub province: String,
    pub city: String,
    /// Quantity it can supply (per line, at most what the line needs), summed.
    pub covered: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub warehouse_id: Id,
    pub reason: String,
}

/// The warehouse to ship an order of `needed` units to (`province`, `city`), and why.
pub fn suggest_warehouse(
    offers: &[WarehouseOffer],
    needed: Decimal,
    to: (&str, &str),
    lang: Lang,
) -> Option<Suggestion> {
    let dist = |o: &WarehouseOffer| distance((&o.province, &o.city), to);
    let best = offers
        .iter()
        .max_by(|a, b| a.covered.cmp(&b.covered).then(dist(b).cmp(&dist(a))))?;
    let nearest = offers.iter().map(dist).min()?;
    let full = best.covered >= needed;
    let reason = match (full, dist(best) == nearest, lang) {
        (true, true, Lang::Zh) => format!("{}：最近且有货", best.name),
        (true, true, Lang::En) => format!("{}: nearest with everything in stock", best.name),
        (true, false, Lang::Zh) => format!("{}：唯一备齐全部货物的仓库", best.name),
        (true, false, Lang::En) => format!("{}: the one that has everything", best.name),
        (false, _, Lang::Zh) => format!("{}：货最全（仍缺货）", best.name),
        (false, _, Lang::En) => format!("{}: has the most (still short)", best.name),
    };
    Some(Suggestion {
        warehouse_id: best.id,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(n: u8, name: &str, province: &str, city: &str, covered: i64) -> WarehouseOffer {
        WarehouseOffer {
            id: Id::v7(1, [n; 10]),
            name: name.into(),
            province: province.into(),
            city: city.into(),
            covered: Decimal::from(covered),
        }
    }

    #[test]
    fn distances_follow_city_province_and_region() {
        assert_eq!(distance(("浙江", "杭州"), ("浙江", "杭州")), 0);
        assert_eq!(distance(("浙江", "杭州"), ("浙江", "宁波")), 1);
        assert_eq!(distance(("上海", "上海"), ("浙江", "杭州")), 2);
        assert_eq!(distance(("上海", "上海"), ("广东", "广州")), 3);
        assert_eq!(distance(("上海", "上海"), ("新疆", "乌鲁木齐")), 4);
        assert_eq!(region("重庆"), Some("西南"));
    }

    #[test]
    fn the_nearest_warehouse_that_has_everything_wins() {
        let east = offer(1, "华东仓", "上海", "上海", 100);
        let south = offer(2, "华南仓", "广东", "广州", 100);
        let north = offer(3, "华北仓", "北京", "北京", 100);
        let to_hangzhou = ("浙江", "杭州");
        let s = suggest_warehouse(
            &[south.clone(), east.clone(), north.clone()],
            Decimal::from(100),
            to_hangzhou,
            Lang::Zh,
        )
        .unwrap();
        assert_eq!(
            (s.warehouse_id, s.reason.as_str()),
            (east.id, "华东仓：最近且有货")
        );
        // The nearest is short: the one with everything, further away.
        let short_east = offer(1, "华东仓", "上海", "上海", 40);
        let s = suggest_warehouse(
            &[short_east.clone(), south.clone()],
            Decimal::from(100),
            to_hangzhou,
            Lang::Zh,
        )
        .unwrap();
        assert_eq!(
            (s.warehouse_id, s.reason.as_str()),
            (south.id, "华南仓：唯一备齐全部货物的仓库")
        );
        // Nobody has everything: the one with most, marked short.
        let s = suggest_warehouse(
            &[short_east.clone(), offer(2, "华南仓", "广东", "广州", 60)],
            Decimal::from(100),
            to_hangzhou,
            Lang::Zh,
        )
        .unwrap();
        assert_eq!(s.reason, "华南仓：货最全（仍缺货）");
        assert_eq!(
            suggest_warehouse(&[], Decimal::ONE, to_hangzhou, Lang::Zh),
            None
        );
    }
}
