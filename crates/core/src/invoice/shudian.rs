//! The tax platform's batch-issue file (数电票批量开票, template V260401) as rows of text, and
//! the platform's invoice list read back to mark requests 已开票. Writing and reading the xlsx
//! itself is the print crate's; the layout and the rules of what goes where live here.
//!
//! Layout (docs/INVOICES.md): sheet `1-发票基本信息`, 39 columns, and `2-发票明细信息`, 14
//! columns, each with a 填表说明 on row 1, the 必填 hints on row 2, headers on row 3 and data
//! from row 4, every cell text; sheets `3-特定业务信息` and `4-附加要素信息` are written empty;
//! a hidden sheet `excelVersion` holds the template version in A4.

use super::{Invoice, InvoiceStatus};
use crate::customer::InvoiceKind;
use crate::ids::Id;
use crate::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The template version the file follows (`excelVersion`!A4).
pub const TEMPLATE_VERSION: &str = "pt:20260401";
pub const BASIC_SHEET: &str = "1-发票基本信息";
pub const DETAIL_SHEET: &str = "2-发票明细信息";
pub const SPECIAL_SHEET: &str = "3-特定业务信息";
pub const EXTRA_SHEET: &str = "4-附加要素信息";
pub const VERSION_SHEET: &str = "excelVersion";
/// Row 3 holds the headers; data starts on row 4 (0-based: 2 and 3).
pub const HEADER_ROW: u32 = 2;
pub const FIRST_DATA_ROW: u32 = 3;

pub const BASIC_NOTE: &str = "填表说明：仅支持数电发票的导入开具；发票流水号为导入开具区分发票的唯一标识，用于关联发票的明细信息；当开具的发票类型为专票时，购买方纳税人识别号必填；所有内容输入均为文本格式输入。";
pub const DETAIL_NOTE: &str = "填表说明：全部数据使用文本输入；系统将根据发票流水号将发票明细与发票基本信息进行关联；金额为必填项，填写“数量”、“单价”的任意一项时，系统将依据“金额”=“单价”×“数量”计算未填写项。";

pub const BASIC_HEADERS: [&str; 39] = [
    "发票流水号",
    "发票类型",
    "特定业务类型",
    "是否含税",
    "受票方自然人标识",
    "购买方名称",
    "购买方纳税人识别号",
    "购买方证件类型",
    "购买方证件号码",
    "购买方国籍（或地区）",
    "购买方地址",
    "购买方所在地区（报废产品收购必填）",
    "购买方所在地区（报废产品收购必填）",
    "购买方所在地区（报废产品收购必填）",
    "购买方所在地区（报废产品收购必填）",
    "购买方详细地址（报废产品收购必填）",
    "购买方电话",
    "购买方开户银行",
    "购买方银行账号",
    "是否展示购买方地址电话银行账号",
    "是否开具涉税专业服务发票品目",
    "涉税专业服务协议编号",
    "备注",
    "报废产品销售类型",
    "每千克煤炭\n发热量",
    "干基全硫",
    "干燥无灰基挥发分",
    "销售方开户行",
    "销售方银行账号",
    "是否展示销售方地址电话银行账号",
    "购买方邮箱",
    "购买方经办人姓名",
    "购买方经办人证件类型",
    "购买方经办人证件号码",
    "经办人国籍(地区)",
    "经办人自然人纳税人识别号",
    "放弃享受减按1%征收率\n原因",
    "收款人",
    "复核人",
];

pub const BASIC_HINTS: [&str; 39] = [
    "必填\n(限20字符)",
    "必填\n(限10字符)",
    "非必填\n(限10字符)",
    "必填(是/否)\n(限2字符)",
    "非必填(是/否)\n(限2字符)",
    "必填\n(限100字符)",
    "专票必填\n(限20字符)",
    "非必填\n(限40字符)",
    "非必填\n(限30字符)",
    "非必填\n(限40字符)",
    "有条件必填\n(限100字符)",
    "有条件必填\n(限100字符)",
    "有条件必填\n(限100字符)",
    "有条件必填\n(限100字符)",
    "有条件必填\n(限100字符)",
    "有条件必填\n(限100字符)",
    "有条件必填\n(限50字符)",
    "非必填\n(限100字符)",
    "非必填\n(限100字符)",
    "非必填\n（限20字符）",
    "非必填(是/否)\n（限2字符）",
    "有条件必填\n（限20字符）",
    "非必填\n(限230字符)",
    "有条件必填\n（限24字符）",
    "非必填\n(限5字符)\n单位(千卡)",
    "非必填\n(限6字符)\n保留两位小数\n(%)",
    "非必填\n(限6字符)\n保留两位小数\n(%)",
    "非必填\n(限100字符)",
    "非必填\n(限60字符)",
    "非必填\n（限20字符）",
    "非必填\n(限72字符)",
    "非必填\n(限150字符)",
    "非必填\n(限40字符)",
    "非必填\n(限30字符)",
    "非必填\n(限40字符)",
    "非必填\n(限20字符)",
    "非必填\n(限100字符)",
    "非必填\n(限16字符)",
    "非必填\n(限16字符)",
];

pub const DETAIL_HEADERS: [&str; 14] = [
    "发票流水号",
    "项目名称",
    "商品和服务税收编码",
    "规格型号",
    "单位",
    "数量",
    "单价",
    "金额",
    "税率",
    "折扣金额",
    "是否使用优惠政策",
    "优惠政策类型",
    "即征即退类型",
    "煤炭种类",
];

pub const DETAIL_HINTS: [&str; 14] = [
    "必填\n（限20字符)",
    "必填\n（限100字符)",
    "必填\n（限20字符)",
    "非必填\n（限40字符)",
    "有条件必填\n（限22字符)",
    "有条件必填\n（限16字符)\n最大保留13位小数",
    "有条件必填\n（限16字符)\n最大保留13位小数",
    "必填\n（限16字符)\n保留两位小数",
    "必填\n（限8字符)\n以小数形式填写，如“0.13”代表税率13%",
    "非必填\n（限16字符)\n保留两位小数，系统据此添加折扣行",
    "非必填（是/否）\n（限2字符)",
    "非必填\n（限15字符)",
    "非必填\n(限46字符)",
    "非必填\n（限15字符)",
];

pub const SPECIAL_HEADERS: [&str; 48] = [
    "发票流水号",
    "建筑服务发生地",
    "发生地详细地址",
    "建筑项目名称",
    "土地增值税项目编号",
    "跨地市标志",
    "跨区域涉税事项报验管理编号",
    "起运地",
    "到达地",
    "运输工具种类",
    "运输工具牌号",
    "运输货物名称",
    "产权证书/不动产权证号码",
    "不动产地址",
    "不动产详细地址",
    "不动产单元代码/网签合同备案编码",
    "土地增值税项目编号",
    "核定计税价格",
    "实际成交含税金额",
    "跨地市标志",
    "面积单位",
    "产权证书/不动产权证号码",
    "不动产地址",
    "不动产详细地址",
    "租赁期起",
    "租赁期止",
    "跨地市标志",
    "面积单位",
    "车牌号",
    "保险单号",
    "车牌号/船舶登记号",
    "税款所属期起",
    "税款所属期止",
    "代收车船税金额",
    "滞纳金金额",
    "金额合计",
    "车辆识别代码/车架号码",
    "出行人",
    "出行人证件类型",
    "出行人证件号码",
    "出行日期",
    "出发地",
    "到达地",
    "交通工具类型",
    "等级",
    "是否用于办理拖拉机和联合收割机登记",
    "发动机号码",
    "底盘号/机架号",
];

pub const SPECIAL_HINTS: [&str; 48] = [
    "必填\n（限20字符)",
    "必填\n合计（限120字符)",
    "必填\n合计（限120字符)",
    "必填\n（限80字符)",
    "非必填\n（限20字符)",
    "必填(是/否)\n（限2字符)",
    "非必填\n（限50字符）)",
    "必填\n（限80字符)",
    "必填\n（限80字符)",
    "必填\n（限40字符)",
    "必填\n（限40字符)",
    "必填\n（限80字符)",
    "非必填\n（限40字符)",
    "必填\n合计（限120字符)",
    "必填\n合计（限120字符)",
    "非必填\n（限28字符)",
    "非必填\n（限20字符)",
    "非必填\n（限20字符)",
    "必填\n（限20字符)",
    "必填(是/否)\n（限2字符)",
    "必填\n（限12字符)",
    "必填\n（限40字符)",
    "必填\n合计（限120字符)",
    "必填\n合计（限120字符)",
    "必填\n（限12字符)",
    "必填\n（限12字符)",
    "必填(是/否)\n（限2字符)",
    "必填\n（限20字符）",
    "非必填\n（限20字符)",
    "必填\n（限40字符)",
    "必填\n（限40字符)",
    "必填\n（限40字符)",
    "必填\n（限40字符)",
    "必填\n（限10字符)",
    "必填\n（限10字符)",
    "必填\n（限10字符)",
    "必填\n（限17字符)",
    "必填\n（限20字符)",
    "必填\n（限20字符)",
    "必填\n（限20字符)",
    "必填\n（限40字符)",
    "必填\n（限80字符)",
    "必填\n（限80字符)",
    "必填\n（限20字符)",
    "必填\n（限8字符)",
    "必填(是/否)\n（限2字符)",
    "非必填\n（限40字符)",
    "非必填\n（限30字符)",
];

pub const EXTRA_HEADERS: [&str; 3] = ["发票流水号", "附加要素名称", "附加要素内容"];

pub const EXTRA_HINTS: [&str; 3] = [
    "必填项\n（限20字符)",
    "必填项\n（限50字符)",
    "必填项\n（限300字符)",
];

/// One invoice's rows: its row of sheet 1 and its lines' rows of sheet 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchInvoice {
    pub basic: Vec<String>,
    pub details: Vec<Vec<String>>,
}

/// The batch file's rows of `invoices`: blue requests waiting (待开票) only. Red-letter invoices
/// are issued on the platform from the original (红字发票信息确认单), not by batch import.
pub fn batch_rows(invoices: &[Invoice]) -> Vec<BatchInvoice> {
    invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Requested && !i.is_red())
        .map(batch_invoice)
        .collect()
}

fn batch_invoice(inv: &Invoice) -> BatchInvoice {
    let mut basic = vec![String::new(); BASIC_HEADERS.len()];
    let yes_no = |b: bool| if b { "是" } else { "否" }.to_string();
    let (address, phone) = split_last_number(&inv.buyer.address_phone);
    let (bank, account) = split_last_number(&inv.buyer.bank_account);
    basic[0] = inv.number.clone();
    basic[1] = match inv.kind {
        InvoiceKind::Special => "增值税专用发票",
        InvoiceKind::Normal => "普通发票",
    }
    .into();
    basic[3] = yes_no(inv.tax_inclusive);
    basic[5] = inv.buyer.title.clone();
    basic[6] = inv.buyer.tax_id.clone();
    basic[10] = address.clone();
    basic[16] = phone.clone();
    basic[17] = bank.clone();
    basic[18] = account.clone();
    let shows_address = !address.is_empty() || !phone.is_empty();
    let shows_bank = !bank.is_empty() || !account.is_empty();
    basic[19] = match (shows_address, shows_bank) {
        (true, true) => "展示地址、电话、开户银行及银行账号",
        (true, false) => "展示地址、电话",
        (false, true) => "展示开户银行、银行账号",
        (false, false) => "",
    }
    .into();
    basic[22] = remark(inv);
    let details = inv
        .lines
        .iter()
        .map(|l| {
            let mut row = vec![String::new(); DETAIL_HEADERS.len()];
            let stated = l.stated_amount(inv.tax_inclusive);
            row[0] = inv.number.clone();
            row[1] = l.name.clone();
            row[2] = l.tax_code.clone();
            row[3] = l.spec.clone();
            row[4] = l.unit.clone();
            row[5] = l.qty.normalize().to_string();
            // The unit price only when 金额 = 单价 × 数量 exactly; otherwise the platform
            // derives it from 金额 and 数量 (a split line's last piece carries the fen).
            if Money::round(l.qty * l.unit_price) == stated {
                row[6] = l.unit_price.normalize().to_string();
            }
            row[7] = stated.plain();
            row[8] = rate_text(l.rate);
            row
        })
        .collect();
    BatchInvoice { basic, details }
}

/// 税率 as the platform wants it: 13% → `0.13`, 0% → `0`.
pub fn rate_text(percent: Decimal) -> String {
    (percent / Decimal::ONE_HUNDRED).normalize().to_string()
}

/// 备注: the request's number first (the platform's invoice list carries 备注 back, and that is
/// how its numbers are matched to requests), the orders, then finance's note; ≤ 230 characters.
pub fn remark(inv: &Invoice) -> String {
    let mut orders: Vec<&str> = Vec::new();
    for l in &inv.lines {
        if !orders.contains(&l.order_number.as_str()) {
            orders.push(&l.order_number);
        }
    }
    let mut s = format!("{} 订单 {}", inv.number, orders.join(" "));
    if !inv.notes.is_empty() {
        s.push(' ');
        s.push_str(&inv.notes);
    }
    s.chars().take(230).collect()
}

/// "杭州市西湖区文三路 90 号 0571-88886666" → (address, phone); the same for a bank and its
/// account: the last word when it is made of digits (and dashes or spaces of a number).
fn split_last_number(s: &str) -> (String, String) {
    let s = s.trim();
    match s.rsplit_once(char::is_whitespace) {
        Some((head, tail))
            if tail.chars().filter(|c| c.is_ascii_digit()).count() >= 5
                && tail.chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            (head.trim().to_string(), tail.to_string())
        }
        _ => (s.to_string(), String::new()),
    }
}

/// One invoice of the platform's list (全量发票查询 export, or a file of 发票流水号 and numbers).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformRow {
    /// The row in the file (1-based), for messages.
    pub row: u32,
    /// 发票流水号, when the file has one.
    pub serial: String,
    /// 备注 (holds the request's number when the file came from this app).
    pub remark: String,
    /// 数电发票号码 (or 发票号码).
    pub number: String,
    pub date: Option<NaiveDate>,
    /// 价税合计, when the file has it.
    pub total: Option<Money>,
}

/// What became of one row of an imported platform list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowMatch {
    /// This request is now issued under `number`.
    Issue {
        row: u32,
        invoice_id: Id,
        request: String,
        number: String,
        date: NaiveDate,
    },
    /// Already issued under this number: nothing to do.
    Already { row: u32, request: String },
    /// Not one of ours, or not usable; the reason in Chinese and English.
    Skip {
        row: u32,
        why_zh: String,
        why_en: String,
    },
}

/// Matches the platform's rows to the requests (by 流水号, else by the request number in
/// 备注), checking the number's shape and the total.
pub fn match_platform_rows(rows: &[PlatformRow], invoices: &[Invoice]) -> Vec<RowMatch> {
    rows.iter()
        .map(|r| {
            let skip = |zh: String, en: String| RowMatch::Skip {
                row: r.row,
                why_zh: zh,
                why_en: en,
            };
            let found = invoices.iter().find(|i| {
                (!r.serial.is_empty() && r.serial.trim() == i.number)
                    || r.remark.split_whitespace().any(|w| w == i.number)
            });
            let Some(inv) = found else {
                return skip(
                    "没有对应的开票申请（流水号或备注中没有本系统的申请编号）".into(),
                    "No request of this app (no request number in 流水号 or 备注)".into(),
                );
            };
            let Some(date) = r.date else {
                return skip("缺少开票日期".into(), "No issue date".into());
            };
            let number = r.number.trim().to_string();
            if !super::tax_number_ok(&number, date) {
                return skip(
                    format!("发票号码「{number}」不是 20 位数电票号码"),
                    format!("\"{number}\" is not a 20-digit e-invoice number"),
                );
            }
            if let Some(total) = r.total {
                if total != inv.total() {
                    return skip(
                        format!(
                            "价税合计 ¥{total} 与申请 {} 的 ¥{} 不符",
                            inv.number,
                            inv.total()
                        ),
                        format!(
                            "Total ¥{total} differs from {}'s ¥{}",
                            inv.number,
                            inv.total()
                        ),
                    );
                }
            }
            match (&inv.status, &inv.issued) {
                (InvoiceStatus::Requested, _) => RowMatch::Issue {
                    row: r.row,
                    invoice_id: inv.id,
                    request: inv.number.clone(),
                    number,
                    date,
                },
                (InvoiceStatus::Issued, Some(i)) if i.number == number => RowMatch::Already {
                    row: r.row,
                    request: inv.number.clone(),
                },
                _ => skip(
                    format!(
                        "申请 {} 的状态为「{}」",
                        inv.number,
                        inv.state_label(crate::Lang::Zh)
                    ),
                    format!(
                        "Request {} is {}",
                        inv.number,
                        inv.state_label(crate::Lang::En)
                    ),
                ),
            }
        })
        .collect()
}
