//! The catalog: products, their category tree and the warehouses that hold them.

use crate::error::ErrorCode;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::quantity::{check_percent, check_price, is_vat_rate, QTY_DECIMALS};
use crate::validate::Checker;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductData {
    /// 编码: what clerks type and print; unique in the company.
    pub sku: String,
    pub name: String,
    /// 规格, e.g. `500ml/304不锈钢`.
    pub spec: String,
    /// 单位: 个, 箱, 米 …
    pub unit: String,
    /// EAN-13 or the company's own; a scanner types it into the product field.
    pub barcode: String,
    pub category_id: Option<Id>,
    pub brand: String,
    /// VAT rate in percent (13, 9, 6, 3, 1, 0).
    pub tax_rate: Decimal,
    /// 税收分类编码 (19 digits), needed for e-invoices.
    pub tax_code: String,
    /// 标准价, stated on the company's price basis (含税 or 不含税, see pricing policy).
    pub list_price: Decimal,
    /// 会员价 for customers whose level counts as member.
    pub member_price: Option<Decimal>,
    /// Unit cost, for margin floors.
    pub cost: Option<Decimal>,
    pub safety_stock: Decimal,
    pub active: bool,
    /// 限购, if any.
    #[serde(default)]
    pub limit: Option<crate::order::PurchaseLimit>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: Id,
    #[serde(flatten)]
    pub data: ProductData,
    pub deleted: bool,
    pub meta: RowMeta,
    /// When each field was last written (per-field last-writer-wins, as for customers).
    #[serde(default)]
    pub clocks: std::collections::BTreeMap<String, crate::Hlc>,
}

impl Product {
    /// Usable on a new quote or order line.
    pub fn sellable(&self) -> bool {
        self.data.active && !self.deleted
    }
}

impl ProductData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.name("sku", &self.sku, true, 40);
        if self.sku.chars().any(char::is_whitespace) {
            c.push("sku", ErrorCode::ForbiddenChars);
        }
        c.name("name", &self.name, true, 100);
        c.name("spec", &self.spec, false, 100);
        c.name("unit", &self.unit, true, 10);
        if !self.barcode.is_empty()
            && (self.barcode.len() > 32
                || !self.barcode.chars().all(|ch| ch.is_ascii_alphanumeric()))
        {
            c.push("barcode", ErrorCode::InvalidBarcode);
        }
        c.name("brand", &self.brand, false, 50);
        if !is_vat_rate(self.tax_rate) {
            c.push("tax_rate", ErrorCode::UnknownChoice);
        }
        if !empty_or_code(&self.tax_code, 19, |ch| ch.is_ascii_digit()) {
            c.push("tax_code", ErrorCode::InvalidTaxCode);
        }
        for (field, price) in [
            ("list_price", Some(self.list_price)),
            ("member_price", self.member_price),
            ("cost", self.cost),
        ] {
            if let Some(Err(e)) = price.map(check_price) {
                c.push(field, e);
            }
        }
        if self.safety_stock < Decimal::ZERO {
            c.push("safety_stock", ErrorCode::Negative);
        } else if self.safety_stock.normalize().scale() > QTY_DECIMALS {
            c.push(
                "safety_stock",
                ErrorCode::TooManyDecimals { max: QTY_DECIMALS },
            );
        }
        c.finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryData {
    pub name: String,
    pub parent_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: Id,
    #[serde(flatten)]
    pub data: CategoryData,
    pub deleted: bool,
    pub meta: RowMeta,
}

/// Deepest category tree we accept (and the bound of every walk up the tree).
pub const MAX_CATEGORY_DEPTH: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarehouseData {
    pub name: String,
    pub province: String,
    pub city: String,
    pub address: String,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warehouse {
    pub id: Id,
    #[serde(flatten)]
    pub data: WarehouseData,
    pub meta: RowMeta,
}

impl WarehouseData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.name("name", &self.name, true, 40);
        c.name("province", &self.province, false, 20);
        c.name("city", &self.city, false, 20);
        c.text("address", &self.address, false, 200);
        c.finish()
    }
}

impl CategoryData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.name("name", &self.name, true, 40);
        c.finish()
    }
}

/// 公司信息 printed on every document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_id: String,
    pub bank: String,
    pub account: String,
    /// PNG or JPEG, base64; at most [`MAX_LOGO_BYTES`] once decoded.
    pub logo_base64: Option<String>,
    /// The parcel label roll the warehouse prints on.
    #[serde(default)]
    pub label_size: crate::shipping::LabelSize,
    /// The tracking service's code per carrier where the company's differs from the default.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub carrier_codes: std::collections::BTreeMap<crate::shipping::Carrier, String>,
    /// Days without tracking news before a parcel is an alert, per carrier where the company's
    /// differs from the default (3).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub stall_days: std::collections::BTreeMap<crate::shipping::Carrier, u32>,
    /// 开票依据: invoices may take goods ordered (approved) and not yet shipped, not only
    /// shipped ones. Off by default.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub invoice_on_order: bool,
    /// Days a desk keeps an unused stock quota before it goes back to the pool (7 if unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_days: Option<u32>,
}

pub const MAX_LOGO_BYTES: usize = 256 * 1024;

impl CompanyProfile {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.name("name", &self.name, true, 100);
        c.text("address", &self.address, false, 200);
        c.phone("phone", &self.phone);
        if !empty_or_code(&self.tax_id, 18, |ch| ch.is_ascii_alphanumeric()) {
            c.push("tax_id", ErrorCode::InvalidTaxCode);
        }
        c.name("bank", &self.bank, false, 60);
        c.name("account", &self.account, false, 40);
        if self
            .logo_base64
            .as_ref()
            .is_some_and(|l| l.len() > MAX_LOGO_BYTES * 4 / 3 + 4)
        {
            c.push("logo", ErrorCode::TooLarge);
        }
        // Codes as the service spells them: lower-case letters, digits, '_'; tracked carriers.
        for (carrier, code) in &self.carrier_codes {
            let code = code.trim();
            let shaped = code.len() <= 30
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            if !shaped || (!code.is_empty() && !carrier.is_tracked()) {
                c.push("carrier_codes", ErrorCode::InvalidTaxCode);
            }
        }
        if self
            .quota_days
            .is_some_and(|d| !(1..=crate::quota::MAX_KEEP_DAYS).contains(&d))
        {
            c.push("quota_days", ErrorCode::OutOfRange);
        }
        for (carrier, days) in &self.stall_days {
            if !carrier.is_tracked() || !(1..=crate::shipping::MAX_STALL_DAYS).contains(days) {
                c.push("stall_days", ErrorCode::OutOfRange);
            }
        }
        c.finish()
    }
}

/// Checks a percentage field into a checker (discounts, margins).
pub(crate) fn percent(c: &mut Checker, field: &str, v: Decimal) {
    if let Err(e) = check_percent(v) {
        c.push(field, e);
    }
}

/// Optional fixed-length codes (税收分类编码 19 digits, 统一社会信用代码 18 characters).
fn empty_or_code(value: &str, len: usize, allowed: fn(char) -> bool) -> bool {
    value.is_empty() || (value.chars().count() == len && value.chars().all(allowed))
}

/// An address read once: province and city only where the next part doesn't already say them
/// (上海 + 上海 + 上海市新华路67号 → 上海市新华路67号; 江苏 + 苏州 + 工业园区… → 江苏苏州工业园区…).
pub fn place_line(province: &str, city: &str, address: &str) -> String {
    fn base(s: &str) -> &str {
        let s = s.trim();
        [
            "特别行政区",
            "维吾尔自治区",
            "壮族自治区",
            "回族自治区",
            "自治区",
            "省",
            "市",
        ]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix).filter(|b| !b.is_empty()))
        .unwrap_or(s)
    }
    let mut out = address.trim().to_string();
    for part in [city, province] {
        let b = base(part);
        if !b.is_empty() && !out.starts_with(b) {
            out = format!("{}{out}", part.trim());
        }
    }
    out
}

/// A warehouse as lists show it: 华东仓（上海）, the city unless the name already holds it.
pub fn warehouse_label(name: &str, province: &str, city: &str) -> String {
    let place = if city.trim().is_empty() {
        province.trim()
    } else {
        city.trim()
    };
    let place = place
        .strip_suffix('市')
        .filter(|p| !p.is_empty())
        .unwrap_or(place);
    if place.is_empty() || name.contains(place) {
        name.to_string()
    } else {
        format!("{name}（{place}）")
    }
}

#[cfg(test)]
mod place_tests {
    use super::*;

    #[test]
    fn addresses_say_each_place_once() {
        assert_eq!(
            place_line("上海", "上海", "上海市新华路67号"),
            "上海市新华路67号"
        );
        assert_eq!(
            place_line("上海市", "上海市", "新华路67号"),
            "上海市新华路67号"
        );
        assert_eq!(
            place_line("江苏", "苏州", "工业园区星湖街328号"),
            "江苏苏州工业园区星湖街328号"
        );
        assert_eq!(
            place_line("广东省", "深圳市", "深圳市南山区科技园"),
            "广东省深圳市南山区科技园"
        );
        assert_eq!(place_line("", "", "新华路67号"), "新华路67号");
        assert_eq!(place_line("浙江省", "", ""), "浙江省");
    }

    #[test]
    fn warehouses_show_their_city() {
        assert_eq!(warehouse_label("华东仓", "上海", "上海"), "华东仓（上海）");
        assert_eq!(warehouse_label("广州仓", "广东", "广州市"), "广州仓");
        assert_eq!(warehouse_label("总仓", "", ""), "总仓");
        assert_eq!(warehouse_label("华北仓", "北京市", ""), "华北仓（北京）");
    }
}
