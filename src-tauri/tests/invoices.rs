//! 发票 through Tauri's IPC layer on the demo company's SQLite file: the 待开票 queue, a request
//! beyond what shipped refused with nothing stored, the batch workbook written where asked,
//! a file that is not a workbook or has no number column refused readably, and the platform's
//! list imported to mark the request 已开票.

mod common;

use fairdesk_store::Store;
use serde_json::{json, Value};

fn count(path: &std::path::Path, sql: &str) -> i64 {
    let store = Store::open(path).unwrap();
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn message(err: &Value) -> String {
    err["message"].as_str().unwrap_or_default().to_string()
}

fn list(rows: &[(&str, &str, &str, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["数电发票号码", "开票日期", "价税合计", "备注"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (n, d, t, remark)) in rows.iter().enumerate() {
        for (c, v) in [n, d, t, remark].iter().enumerate() {
            s.write_string(r as u32 + 1, c as u16, **v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn invoices_are_requested_exported_and_marked_issued_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fairdesk.db");
    let mut store = Store::open(&path).unwrap();
    store.seed_demo(50).unwrap();
    let today = store.today();
    let (_app, webview) = common::app(store, None);
    let call = |cmd: &str, body: Value| common::ipc(&webview, cmd, body);

    let queue = call("invoice_queue", json!({})).unwrap();
    let order = &queue[0];
    let left: f64 = order["lines"][0]["left"].as_str().unwrap().parse().unwrap();
    let pick = |qty: String| {
        json!({ "data": {
            "customer_id": order["customer_id"],
            "lines": [{ "order_id": order["order_id"], "line": order["lines"][0]["line"], "qty": qty }],
            "notes": "",
        }})
    };
    // Nothing waits yet: the batch file is refused, not written empty.
    let file = dir.path().join("批量开票.xlsx");
    let e = call("invoice_batch_xlsx", json!({ "path": file, "open": false })).unwrap_err();
    assert!(message(&e).contains("没有待开票"));
    // Beyond what shipped: refused, readably, and nothing stored.
    let e = call("invoice_request", pick(format!("{}", left + 1.0))).unwrap_err();
    assert!(message(&e).contains("可开票数量只剩"));
    assert_eq!(count(&path, "SELECT count(*) FROM invoices"), 0);
    let made = call("invoice_request", pick(format!("{left}"))).unwrap();
    let (id, number) = (made[0].clone(), made[1].as_str().unwrap().to_string());
    assert!(number.starts_with("KP-"), "{number}");
    assert!(call("invoice_queue", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .is_empty());

    let written = call("invoice_batch_xlsx", json!({ "path": file, "open": false })).unwrap();
    assert_eq!(written.as_str().unwrap(), file.to_str().unwrap());
    assert!(std::fs::metadata(&file).unwrap().len() > 5000);

    // Files that are not the platform's list: clear errors, nothing changes.
    let e = call(
        "invoice_import",
        json!({ "bytes": b"PK not really".to_vec() }),
    )
    .unwrap_err();
    assert!(message(&e).contains("不是 Excel"), "{e}");
    let mut other = rust_xlsxwriter::Workbook::new();
    other
        .add_worksheet()
        .write_string(0, 0, "客户名称")
        .unwrap();
    let e = call(
        "invoice_import",
        json!({ "bytes": other.save_to_buffer().unwrap() }),
    )
    .unwrap_err();
    assert!(message(&e).contains("发票号码"), "{e}");
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM invoices WHERE status = 'requested'"
        ),
        1
    );

    // The platform's list: the request is issued under its number.
    let view = call("invoice_get", json!({ "id": id })).unwrap();
    let total = view["row"]["total"].as_str().unwrap().to_string();
    let tax_number = format!("{:02}440000000000000042", chrono_year(today) % 100);
    let bytes = list(&[(
        &tax_number,
        &today.to_string(),
        &total,
        &format!("{number} 订单"),
    )]);
    let result = call("invoice_import", json!({ "bytes": bytes })).unwrap();
    assert_eq!(result[0]["kind"], "issue", "{result}");
    let view = call("invoice_get", json!({ "id": id })).unwrap();
    assert_eq!(view["invoice"]["status"], "issued");
    assert_eq!(view["row"]["tax_number"], tax_number.as_str());
    // The same list again changes nothing.
    let again = call(
        "invoice_import",
        json!({ "bytes": list(&[(&tax_number, &today.to_string(), &total, &number)]) }),
    )
    .unwrap();
    assert_eq!(again[0]["kind"], "already");

    // The company invoices on order: the demo's approved, unshipped order waits in 待开票 too.
    assert!(call("invoice_queue", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .is_empty());
    let mut profile = call("company_get", json!({})).unwrap();
    profile["invoice_on_order"] = json!(true);
    call("company_save", json!({ "profile": profile })).unwrap();
    let queue = call("invoice_queue", json!({})).unwrap();
    assert_eq!(queue.as_array().unwrap().len(), 1, "{queue}");
    assert_ne!(queue[0]["order_id"], order["order_id"]);
}

fn chrono_year(d: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    d.year()
}
