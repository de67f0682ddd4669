//! The 数电票 batch file read back with calamine (an independent xlsx reader) — the template's
//! sheets in order, its 39 and 14 headers on row 3, data from row 4, every cell text, the
//! hidden version sheet — and the platform's invoice list read into rows.

use calamine::{Data, Reader, Xlsx};
use fairdesk_core::customer::{InvoiceInfo, InvoiceKind};
use fairdesk_core::ids::Id;
use fairdesk_core::invoice::shudian::{BASIC_HEADERS, DETAIL_HEADERS};
use fairdesk_core::invoice::{Invoice, InvoiceLine, InvoiceStatus};
use fairdesk_core::Money;
use fairdesk_print::{batch_xlsx, read_platform_list, ListError};
use rust_decimal::Decimal;
use std::io::Cursor;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn line(name: &str, qty: &str, price: &str, amount: &str, tax: &str) -> InvoiceLine {
    InvoiceLine {
        order_id: Id::NIL,
        order_number: "SO-K7-202612-0001".into(),
        line: 0,
        product_id: Id::NIL,
        name: name.into(),
        spec: "500ml".into(),
        unit: "个".into(),
        tax_code: "1070101010100000000".into(),
        qty: d(qty),
        unit_price: d(price),
        rate: d("13"),
        amount: Money::parse(amount).unwrap(),
        tax: Money::parse(tax).unwrap(),
    }
}

fn invoice(n: u8, kind: InvoiceKind, lines: Vec<InvoiceLine>) -> Invoice {
    Invoice {
        id: Id(uuid::Uuid::from_bytes([n; 16])),
        number: format!("KP-K7-202612-{n:04}"),
        customer_id: Id::NIL,
        kind,
        buyer: InvoiceInfo {
            title: "重庆山城火锅食品有限公司".into(),
            tax_id: "91500000MA5U7A2B3C".into(),
            address_phone: String::new(),
            bank_account: String::new(),
            kind,
        },
        tax_inclusive: false,
        lines,
        order_ids: vec![Id::NIL],
        status: InvoiceStatus::Requested,
        issued: None,
        red_of: None,
        reversed: Vec::new(),
        notes: String::new(),
        withdraw_reason: None,
        meta: fairdesk_core::mutation::RowMeta::NONE,
    }
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row},{col}) is not text: {other:?}"),
    }
}

#[test]
fn the_batch_file_has_the_templates_sheets_headers_and_text_cells() {
    let invoices = [
        invoice(
            1,
            InvoiceKind::Special,
            vec![
                line("不锈钢保温杯", "10", "88.5", "885.00", "115.05"),
                line("茶盘", "2", "120.333", "240.66", "31.29"),
            ],
        ),
        invoice(
            2,
            InvoiceKind::Normal,
            vec![line("玻璃杯", "1.5", "10", "15.00", "1.95")],
        ),
    ];
    let bytes = batch_xlsx(&invoices).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "1-发票基本信息",
            "excelVersion",
            "2-发票明细信息",
            "3-特定业务信息",
            "4-附加要素信息"
        ]
    );
    let hidden: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(hidden, ["excelVersion"]);
    let version = book.worksheet_range("excelVersion").unwrap();
    assert_eq!(text(&version, 3, 0), "pt:20260401");

    let basic = book.worksheet_range("1-发票基本信息").unwrap();
    assert!(text(&basic, 0, 0).starts_with("填表说明"));
    assert_eq!(text(&basic, 1, 0), "必填\n(限20字符)");
    let headers: Vec<String> = (0..39).map(|c| text(&basic, 2, c)).collect();
    assert_eq!(headers, BASIC_HEADERS);
    assert_eq!(basic.get_size().1, 39, "39 columns, A–AM");
    let col = |name: &str| BASIC_HEADERS.iter().position(|h| *h == name).unwrap() as u32;
    assert_eq!(text(&basic, 3, 0), "KP-K7-202612-0001");
    assert_eq!(text(&basic, 3, col("发票类型")), "增值税专用发票");
    assert_eq!(text(&basic, 4, col("发票类型")), "普通发票");
    assert_eq!(text(&basic, 3, col("是否含税")), "否");
    assert_eq!(
        text(&basic, 3, col("购买方纳税人识别号")),
        "91500000MA5U7A2B3C"
    );
    assert_eq!(
        basic.get_size().0,
        5,
        "one row per invoice after the three of the template"
    );

    let detail = book.worksheet_range("2-发票明细信息").unwrap();
    let headers: Vec<String> = (0..14).map(|c| text(&detail, 2, c)).collect();
    assert_eq!(headers, DETAIL_HEADERS);
    let row = |r: u32| -> Vec<String> { (0..9).map(|c| text(&detail, r, c)).collect() };
    assert_eq!(
        row(3),
        [
            "KP-K7-202612-0001",
            "不锈钢保温杯",
            "1070101010100000000",
            "500ml",
            "个",
            "10",
            "88.5",
            "885.00",
            "0.13"
        ]
    );
    assert_eq!(
        row(4)[6],
        "",
        "a split line's piece carries 240.66, not 2 × 120.333 = 240.67: the platform derives 单价"
    );
    assert_eq!(row(5)[0], "KP-K7-202612-0002");
    assert_eq!(row(5)[5], "1.5");
    // Every data cell is text, none a number (the platform reads text only).
    for r in 3..6 {
        for c in 0..14 {
            let _ = text(&detail, r, c);
        }
    }
}

/// A workbook shaped like the platform's invoice list: a title row, then the headers.
fn platform_list(rows: &[[&str; 5]], total_as_number: bool) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet().set_name("发票基础信息").unwrap();
    s.write_string(0, 0, "全量发票查询导出结果").unwrap();
    for (c, h) in ["数电发票号码", "购买方名称", "开票日期", "价税合计", "备注"]
        .iter()
        .enumerate()
    {
        s.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if c == 3 && total_as_number {
                s.write_number((r + 2) as u32, c as u16, v.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                s.write_string((r + 2) as u32, c as u16, *v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_platforms_list_reads_into_rows() {
    let bytes = platform_list(
        &[
            [
                "26332000000000000001",
                "重庆山城火锅食品有限公司",
                "2026-12-03 10:21:05",
                "1271.01",
                "KP-K7-202612-0001 订单 SO-K7-202612-0001",
            ],
            [
                "26332000000000000002",
                "佛山和美照明有限公司",
                "2026年12月04日",
                "16.95",
                "",
            ],
        ],
        true,
    );
    let rows = read_platform_list(&bytes).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].row, 3);
    assert_eq!(rows[0].number, "26332000000000000001");
    assert_eq!(rows[0].date, Some("2026-12-03".parse().unwrap()));
    assert_eq!(rows[0].total, Some(Money::parse("1271.01").unwrap()));
    assert!(rows[0].remark.starts_with("KP-K7-202612-0001"));
    assert_eq!(rows[1].date, Some("2026-12-04".parse().unwrap()));
    assert_eq!(rows[1].total, Some(Money::parse("16.95").unwrap()));

    // Not an invoice list, not a workbook: clear errors.
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "客户名称").unwrap();
    assert!(matches!(
        read_platform_list(&book.save_to_buffer().unwrap()),
        Err(ListError::NoNumberColumn)
    ));
    assert!(matches!(
        read_platform_list(b"%PDF-1.7 not a workbook"),
        Err(ListError::NotXlsx(_))
    ));
}
