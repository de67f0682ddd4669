//! 账龄分析 as an Excel workbook, for finance to file, filter and send on: one sheet per
//! customer, one per rep, the open items; amounts are numbers (sums work in Excel) in ¥ with
//! two decimals, each table with its total row. Written by `rust_xlsxwriter`.

use fairdesk_core::error::Lang;
use fairdesk_core::receivables::{Aging, ReceivablesReport};
use fairdesk_core::Money;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// A money cell's value. Excel keeps every number as an IEEE double, so the cell can't hold
/// a decimal; what it holds must read back as the same amount to the fen. The amount goes in
/// as whole fen (at most 99,999,999,999,999 anywhere, below 2^53, so exactly) divided by 100:
/// the nearest double to the amount, which Excel's ¥ format (and any reader rounding to two
/// decimals) shows as exactly that amount. Sums in Excel are Excel's; the totals the report
/// itself computed are written as their own cells.
fn yuan(m: Money) -> f64 {
    m.to_fen().map_or(0.0, |fen| fen as f64 / 100.0)
}

struct Styles {
    head: Format,
    money: Format,
    total: Format,
    total_money: Format,
}

fn header(sheet: &mut Worksheet, row: u32, titles: &[String], s: &Styles) -> Result<(), XlsxError> {
    for (c, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, title, &s.head)?;
    }
    Ok(())
}

fn buckets(
    sheet: &mut Worksheet,
    row: u32,
    from: u16,
    aging: &Aging,
    money: &Format,
) -> Result<u16, XlsxError> {
    let mut col = from;
    for b in &aging.buckets {
        sheet.write_number_with_format(row, col, yuan(*b), money)?;
        col += 1;
    }
    sheet.write_number_with_format(row, col, yuan(aging.total), money)?;
    Ok(col + 1)
}

/// The workbook of a receivables report, in the UI language.
pub fn aging_xlsx(
    report: &ReceivablesReport,
    company: &str,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en).to_string();
    let s = Styles {
        head: Format::new().set_bold().set_background_color("#EEF1F5"),
        money: Format::new().set_num_format("#,##0.00"),
        total: Format::new().set_bold(),
        total_money: Format::new().set_bold().set_num_format("#,##0.00"),
    };
    let basis = match report.basis {
        fairdesk_core::receivables::AgingBasis::Due => pick("按到期日", "by due date"),
        fairdesk_core::receivables::AgingBasis::Document => pick("按单据日期", "by document date"),
    };
    let title = format!(
        "{company} {} {} {basis}",
        pick("账龄分析", "Receivables aging"),
        report.as_of
    );
    let mut book = Workbook::new();

    // By customer.
    let sheet = book
        .add_worksheet()
        .set_name(pick("按客户", "By customer"))?;
    sheet.write_string_with_format(0, 0, &title, &s.total)?;
    let mut titles = vec![pick("客户", "Customer"), pick("业务员", "Rep")];
    titles.extend(report.labels.iter().cloned());
    titles.push(pick("未收余额", "Open"));
    titles.push(pick("预收款", "Advances"));
    header(sheet, 2, &titles, &s)?;
    let mut row = 3;
    for c in &report.customers {
        sheet.write_string(row, 0, &c.name)?;
        sheet.write_string(row, 1, &c.owner)?;
        let next = buckets(sheet, row, 2, &c.aging, &s.money)?;
        sheet.write_number_with_format(row, next, yuan(c.advance), &s.money)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, pick("合计", "Total"), &s.total)?;
    let next = buckets(sheet, row, 2, &report.total, &s.total_money)?;
    sheet.write_number_with_format(row, next, yuan(report.advance), &s.total_money)?;
    sheet.set_column_width(0, 30)?;
    sheet.set_freeze_panes(3, 1)?;

    // By rep.
    let sheet = book.add_worksheet().set_name(pick("按业务员", "By rep"))?;
    sheet.write_string_with_format(0, 0, &title, &s.total)?;
    let mut titles = vec![pick("业务员", "Rep")];
    titles.extend(report.labels.iter().cloned());
    titles.push(pick("未收余额", "Open"));
    header(sheet, 2, &titles, &s)?;
    let mut row = 3;
    for r in &report.reps {
        sheet.write_string(row, 0, &r.owner)?;
        buckets(sheet, row, 1, &r.aging, &s.money)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, pick("合计", "Total"), &s.total)?;
    buckets(sheet, row, 1, &report.total, &s.total_money)?;

    // Open items.
    let sheet = book
        .add_worksheet()
        .set_name(pick("未收明细", "Open items"))?;
    sheet.write_string_with_format(0, 0, &title, &s.total)?;
    let titles: Vec<String> = [
        ("单据", "Document"),
        ("订单号", "Order"),
        ("客户", "Customer"),
        ("单据日期", "Date"),
        ("到期日", "Due"),
        ("应收金额", "Amount"),
        ("未收余额", "Open"),
        ("逾期天数", "Days overdue"),
    ]
    .iter()
    .map(|(zh, en)| pick(zh, en))
    .collect();
    header(sheet, 2, &titles, &s)?;
    let mut row = 3;
    for l in &report.open {
        let r = &l.item.receivable;
        sheet.write_string(row, 0, &r.number)?;
        sheet.write_string(row, 1, &r.order_number)?;
        sheet.write_string(row, 2, &l.customer_name)?;
        sheet.write_string(row, 3, r.date.to_string())?;
        sheet.write_string(row, 4, r.due.to_string())?;
        sheet.write_number_with_format(row, 5, yuan(r.amount), &s.money)?;
        sheet.write_number_with_format(row, 6, yuan(l.item.open), &s.money)?;
        sheet.write_number(row, 7, l.days_overdue as f64)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, pick("合计", "Total"), &s.total)?;
    sheet.write_number_with_format(row, 6, yuan(report.total.total), &s.total_money)?;
    sheet.set_column_width(2, 30)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_cells_read_back_to_the_fen() {
        for s in [
            "0.01",
            "0.10",
            "1334.57",
            "-88.88",
            "101334.56",
            "12345678901.23",
            "999999999999.99",
        ] {
            let m = Money::parse(s).unwrap();
            let back = format!("{:.2}", yuan(m));
            assert_eq!(Money::parse(&back).unwrap(), m, "{s}");
        }
    }
}
