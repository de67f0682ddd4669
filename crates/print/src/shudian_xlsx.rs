//! The tax platform's batch-issue workbook (数电票批量开票, template V260401) written with
//! `rust_xlsxwriter`, and the platform's invoice list read back with `calamine`. The layout —
//! which sheet, which column, what text — is `fairdesk_core::invoice::shudian`'s.

use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate};
use fairdesk_core::invoice::shudian::{
    batch_rows, PlatformRow, BASIC_HEADERS, BASIC_HINTS, BASIC_NOTE, BASIC_SHEET, DETAIL_HEADERS,
    DETAIL_HINTS, DETAIL_NOTE, DETAIL_SHEET, EXTRA_HEADERS, EXTRA_HINTS, EXTRA_SHEET,
    FIRST_DATA_ROW, HEADER_ROW, SPECIAL_HEADERS, SPECIAL_HINTS, SPECIAL_SHEET, TEMPLATE_VERSION,
    VERSION_SHEET,
};
use fairdesk_core::invoice::Invoice;
use fairdesk_core::Money;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::io::Cursor;

/// Rows 1–3 of a sheet: the 填表说明 merged across its width, the 必填 hints and the headers;
/// every column formatted as text (`@`), as the template's are.
fn head(
    sheet: &mut Worksheet,
    note: &str,
    hints: &[&str],
    headers: &[&str],
    text: &Format,
) -> Result<(), XlsxError> {
    let last = headers.len() as u16 - 1;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.merge_range(0, 0, 0, last, note, &wrap)?;
    sheet.set_row_height(0, 60)?;
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDEBF7");
    for (c, (hint, header)) in hints.iter().zip(headers).enumerate() {
        sheet.set_column_format(c as u16, text)?;
        sheet.set_column_width(c as u16, 16)?;
        sheet.write_string_with_format(1, c as u16, *hint, &wrap)?;
        sheet.write_string_with_format(HEADER_ROW, c as u16, *header, &bold)?;
    }
    Ok(())
}

/// The batch file of the requests among `invoices` that wait for the platform (blue, 待开票).
pub fn batch_xlsx(invoices: &[Invoice]) -> Result<Vec<u8>, XlsxError> {
    let rows = batch_rows(invoices);
    let text = Format::new().set_num_format("@");
    let mut book = Workbook::new();
    let basic = book.add_worksheet().set_name(BASIC_SHEET)?;
    head(basic, BASIC_NOTE, &BASIC_HINTS, &BASIC_HEADERS, &text)?;
    basic.set_freeze_panes(FIRST_DATA_ROW, 1)?;
    for (i, inv) in rows.iter().enumerate() {
        let r = FIRST_DATA_ROW + i as u32;
        for (c, v) in inv.basic.iter().enumerate() {
            if !v.is_empty() {
                basic.write_string_with_format(r, c as u16, v, &text)?;
            }
        }
    }
    let version = book.add_worksheet().set_name(VERSION_SHEET)?;
    version.write_string(3, 0, TEMPLATE_VERSION)?;
    version.set_hidden(true);
    let detail = book.add_worksheet().set_name(DETAIL_SHEET)?;
    head(detail, DETAIL_NOTE, &DETAIL_HINTS, &DETAIL_HEADERS, &text)?;
    let mut r = FIRST_DATA_ROW;
    for inv in &rows {
        for line in &inv.details {
            for (c, v) in line.iter().enumerate() {
                if !v.is_empty() {
                    detail.write_string_with_format(r, c as u16, v, &text)?;
                }
            }
            r += 1;
        }
    }
    let special = book.add_worksheet().set_name(SPECIAL_SHEET)?;
    head(
        special,
        "填表说明：特定业务信息，无特定业务时无需填写。",
        &SPECIAL_HINTS,
        &SPECIAL_HEADERS,
        &text,
    )?;
    let extra = book.add_worksheet().set_name(EXTRA_SHEET)?;
    head(
        extra,
        "填表说明：1、根据纳税人业务需要，无附加要素时无需填写；2、附加要素名称不可填写成“备注”。",
        &EXTRA_HINTS,
        &EXTRA_HEADERS,
        &text,
    )?;
    book.save_to_buffer()
}

/// Why the platform's list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error("not an xlsx workbook: {0}")]
    NotXlsx(String),
    /// No header row with an invoice number column in the first rows of any sheet.
    #[error("no invoice number column (数电发票号码 / 发票号码)")]
    NoNumberColumn,
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A date as the platform's lists write it: `2026-12-03`, `2026-12-03 10:11:12`, `2026/12/03`,
/// `2026年12月03日`, or an Excel date serial.
fn cell_date(d: &Data) -> Option<NaiveDate> {
    let serial = |f: f64| {
        NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(f.trunc() as u64))
    };
    match d {
        Data::DateTime(dt) => serial(dt.as_f64()),
        Data::Float(f) if *f > 20000.0 && *f < 80000.0 => serial(*f),
        _ => {
            let s = cell_text(d);
            let s = s.split_whitespace().next().unwrap_or("");
            let s = s.replace(['年', '月', '/'], "-").replace('日', "");
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
        }
    }
}

/// The rows of the platform's invoice list (全量发票查询's export, or any sheet with a header
/// row naming 数电发票号码 or 发票号码, and 发票流水号 or 备注, 开票日期, 价税合计).
pub fn read_platform_list(bytes: &[u8]) -> Result<Vec<PlatformRow>, ListError> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| ListError::NotXlsx(e.to_string()))?;
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let rows: Vec<&[Data]> = range.rows().collect();
        for (h, header) in rows.iter().take(10).enumerate() {
            let names: Vec<String> = header
                .iter()
                .map(|c| cell_text(c).replace(['\n', ' '], ""))
                .collect();
            let col = |want: &[&str]| want.iter().find_map(|w| names.iter().position(|n| n == w));
            let Some(number) = col(&["数电发票号码", "数电票号码", "发票号码"])
            else {
                continue;
            };
            let serial = col(&["发票流水号"]);
            let remark = col(&["备注"]);
            let date = col(&["开票日期"]);
            let total = col(&["价税合计"]);
            let at = |row: &[Data], c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(cell_text)
                    .unwrap_or_default()
            };
            let mut out = Vec::new();
            for (i, row) in rows.iter().enumerate().skip(h + 1) {
                let n = at(row, Some(number));
                if n.is_empty() {
                    continue;
                }
                out.push(PlatformRow {
                    row: (range.start().map_or(0, |s| s.0) as usize + i + 1) as u32,
                    serial: at(row, serial),
                    remark: at(row, remark),
                    number: n,
                    date: date.and_then(|c| row.get(c)).and_then(cell_date),
                    total: Some(at(row, total))
                        .filter(|t| !t.is_empty())
                        .and_then(|t| Money::parse(&t.replace([',', '¥'], "")).ok()),
                });
            }
            return Ok(out);
        }
    }
    Err(ListError::NoNumberColumn)
}
