//! The desktop's commands through Tauri's IPC layer (tauri::test), on a real SQLite file.

mod common;

use fairdesk_store::Store;
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::WebviewWindow;

struct Desk {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    _app: tauri::App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fairdesk.db");
    let (app, webview) = common::app(Store::open(&path).unwrap(), None);
    Desk {
        _dir: dir,
        path,
        _app: app,
        webview,
    }
}

impl Desk {
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        common::ipc(&self.webview, cmd, body)
    }

    fn ok(&self, cmd: &str, body: Value) -> Value {
        self.call(cmd, body)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn outbox(&self) -> i64 {
        rusqlite_count(&self.path, "SELECT count(*) FROM outbox")
    }
}

fn rusqlite_count(path: &std::path::Path, sql: &str) -> i64 {
    let store = Store::open(path).unwrap();
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn form(name: &str, mobile: &str) -> Value {
    json!({
        "name": name, "short_name": "", "industry": "", "province": "重庆", "city": "重庆",
        "address": "", "level": "B", "tag_ids": [], "birthday": "", "contract_expiry": "",
        "credit_limit": "20000", "notes": "", "source": "fair",
        "contacts": [{ "name": "单丽华", "title": "采购", "mobile": mobile, "phone": "", "wechat": "", "email": "" }]
    })
}

#[test]
fn create_search_edit_and_read_a_customer_through_ipc() {
    let d = desk();
    let status = d.ok("app_status", json!({}));
    assert_eq!(status["pending"], 1, "the bootstrap admin is in the outbox");
    assert_eq!(status["lang"], "zh-CN");
    let created = d.ok("customer_create", json!({ "form": form("重庆山城火锅食品有限公司", "13812345678"), "owner_id": null, "confirmed": false }));
    assert_eq!(created["result"], "created");
    let id = created["id"].as_str().unwrap().to_string();
    assert!(created["code"].as_str().unwrap().starts_with("KH-"));

    let page = d.ok("customer_list", json!({ "query": { "text": "cq", "tag_ids": [], "owner_id": null, "deleted": false, "sort": "name", "page": 0, "page_size": 50 } }));
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["name"], "重庆山城火锅食品有限公司");
    assert_eq!(page["rows"][0]["mobile"], "13812345678");

    let mut edited = form("重庆山城火锅食品有限公司", "13812345678");
    edited["address"] = json!("渝中区解放碑 88 号");
    d.ok("customer_update", json!({ "id": id, "form": edited }));
    let detail = d.ok("customer_get", json!({ "id": id }));
    assert_eq!(detail["customer"]["address"], "渝中区解放碑 88 号");
    assert_eq!(detail["owner_name"], "管理员");
    assert_eq!(detail["history"][0]["action"], "update");
    assert_eq!(d.ok("app_status", json!({}))["pending"], 3);
}

#[test]
fn bad_input_comes_back_as_field_errors_in_the_desk_language_and_stores_nothing() {
    let d = desk();
    let before = d.outbox();
    let err = d
        .call(
            "customer_create",
            json!({ "form": form("", "12345"), "owner_id": null, "confirmed": true }),
        )
        .unwrap_err();
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["name", "contacts.0.mobile"]);
    assert_eq!(err["fields"][1]["code"], "invalid_mobile");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("手机号格式不正确"),
        "{err}"
    );
    d.ok("set_language", json!({ "lang": "en" }));
    let err = d
        .call(
            "customer_create",
            json!({ "form": form("", ""), "owner_id": null, "confirmed": true }),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("Name: Required"),
        "{err}"
    );
    // Malformed arguments are refused by the IPC layer before reaching the store.
    assert!(d
        .call("customer_get", json!({ "id": "not-a-uuid" }))
        .is_err());
    assert!(d
        .call("customer_list", json!({ "query": { "text": 5 } }))
        .is_err());
    assert_eq!(d.outbox(), before);
}

#[test]
fn duplicates_are_reported_before_anything_is_stored() {
    let d = desk();
    d.ok("customer_create", json!({ "form": form("厦门鹭岛贸易有限公司", "13700001111"), "owner_id": null, "confirmed": false }));
    let before = d.outbox();
    let dup = d.ok(
        "customer_create",
        json!({ "form": form("另一家", "13700001111"), "owner_id": null, "confirmed": false }),
    );
    assert_eq!(dup["result"], "possible_duplicates");
    assert_eq!(dup["hits"][0]["name"], "厦门鹭岛贸易有限公司");
    assert_eq!(dup["hits"][0]["reason"], "mobile");
    assert_eq!(d.outbox(), before);
    let created = d.ok(
        "customer_create",
        json!({ "form": form("另一家", "13700001111"), "owner_id": null, "confirmed": true }),
    );
    assert_eq!(created["result"], "created");
}

#[test]
fn roles_tags_follow_ups_and_reminders_through_ipc() {
    let d = desk();
    let rep = d.ok("user_save", json!({ "id": null, "data": { "name": "李娜", "role": "rep", "team": "华东组", "active": true } }));
    let tag = d.ok(
        "tag_save",
        json!({ "id": null, "data": { "name": "高潜力客户", "color": "#d9363e" } }),
    );
    let mut f = form("长沙湘江机电有限公司", "13933334444");
    f["tag_ids"] = json!([tag]);
    let created = d.ok(
        "customer_create",
        json!({ "form": f, "owner_id": rep, "confirmed": true }),
    );
    let id = created["id"].clone();
    d.ok("follow_up_add", json!({ "form": { "customer_id": id, "date": "", "channel": "visit", "content": "上门拜访，客户要报价", "next_date": "" } }));
    let tags = d.ok("tag_list", json!({}));
    assert_eq!(tags[0]["customers"], 1);
    // The rep sees only her own customer; the admin's own customer is hidden from her.
    d.ok(
        "customer_create",
        json!({ "form": form("管理员的客户", "13500000000"), "owner_id": null, "confirmed": true }),
    );
    d.ok("user_switch", json!({ "id": rep }));
    let page = d.ok("customer_list", json!({ "query": { "text": "", "tag_ids": [], "owner_id": null, "deleted": false, "sort": "name", "page": 0, "page_size": 50 } }));
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["tags"][0]["name"], "高潜力客户");
    // A rep cannot manage tags or users.
    assert!(d
        .call(
            "tag_save",
            json!({ "id": null, "data": { "name": "x", "color": "#000000" } })
        )
        .unwrap_err()["message"]
        .as_str()
        .unwrap()
        .contains("没有权限"));
    let reminders = d.ok("reminder_list", json!({}));
    assert!(reminders.as_array().unwrap().is_empty());
    assert_eq!(d.ok("app_status", json!({}))["user"]["name"], "李娜");
}

#[test]
fn bulk_tagging_through_ipc_tags_every_selected_customer() {
    let d = desk();
    let tag = d.ok(
        "tag_save",
        json!({ "id": null, "data": { "name": "复购客户", "color": "#389e0d" } }),
    );
    let ids: Vec<Value> = (0..3)
        .map(|i| d.ok("customer_create", json!({ "form": form(&format!("客户{i}"), ""), "owner_id": null, "confirmed": true }))["id"].clone())
        .collect();
    d.ok(
        "customers_tag",
        json!({ "tag_id": tag, "customer_ids": ids, "add": true }),
    );
    assert_eq!(d.ok("tag_list", json!({}))[0]["customers"], 3);
    let filtered = d.ok("customer_list", json!({ "query": { "text": "", "tag_ids": [tag], "owner_id": null, "deleted": false, "sort": "name", "page": 0, "page_size": 50 } }));
    assert_eq!(filtered["total"], 3);
    let err = d
        .call(
            "customers_tag",
            json!({ "tag_id": ids[0], "customer_ids": ids, "add": true }),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("标签不存在"),
        "{err}"
    );
}

#[test]
fn a_direct_order_is_drafted_edited_and_submitted_through_ipc() {
    let d = desk();
    d.ok("seed_demo", json!({}));
    let created = d.ok(
        "customer_create",
        json!({ "form": form("重庆山城火锅食品有限公司", "13812345678"), "owner_id": null, "confirmed": true }),
    );
    let customer = created["id"].clone();
    let id = d.ok("order_new", json!({ "customer_id": customer }));
    let before = d.outbox();

    // Bad input: an unknown product, a quantity that isn't a number, an address the customer
    // doesn't have — each refused with nothing written.
    let err = d
        .call(
            "order_add_line",
            json!({ "id": id, "code": "NO-SUCH", "qty": "2" }),
        )
        .unwrap_err();
    assert!(err["message"].as_str().unwrap().contains("商品"), "{err}");
    assert!(d
        .call(
            "order_add_line",
            json!({ "id": id, "code": "BWB-500", "qty": "两个" })
        )
        .is_err());
    assert!(d
        .call("order_set_address", json!({ "id": id, "index": 5 }))
        .is_err());
    assert_eq!(d.outbox(), before);

    d.ok(
        "order_add_line",
        json!({ "id": id, "code": "BWB-500", "qty": "3" }),
    );
    let view = d.ok("order_get", json!({ "id": id }));
    assert_eq!(view["order"]["lines"][0]["sku"], "BWB-500");
    assert_eq!(view["order"]["lines"][0]["qty"], "3");
    assert_eq!(view["addresses"].as_array().unwrap().len(), 1);
    d.ok(
        "order_act",
        json!({ "id": id, "action": "submit", "reason": "" }),
    );
    // In 待审核 (beside the demo's own order waiting there).
    let rows = d.ok("order_list", json!({ "queue": "to_approve" }));
    let ours: Vec<&Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == id)
        .collect();
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0]["status"], "submitted");
    // A submitted order is no longer a draft: its lines can't change.
    assert!(d
        .call(
            "order_add_line",
            json!({ "id": id, "code": "BWB-500", "qty": "1" })
        )
        .is_err());
}

#[test]
fn units_carry_their_precision_through_ipc() {
    let d = desk();
    d.ok("seed_demo", json!({}));
    let units = d.ok("units_get", json!({}));
    let whole = |table: &Value, unit: &str| {
        table
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["unit"] == unit)
            .map(|u| u["decimals"].clone())
    };
    assert_eq!(whole(&units, "个"), Some(json!(0)));
    assert_eq!(whole(&units, "kg"), Some(json!(3)));
    let created = d.ok(
        "customer_create",
        json!({ "form": form("重庆山城火锅食品有限公司", "13812345678"), "owner_id": null, "confirmed": true }),
    );
    let id = d.ok("order_new", json!({ "customer_id": created["id"] }));
    let before = d.outbox();
    // 1.5 个 is refused with a clear message; nothing is written.
    let err = d
        .call(
            "order_add_line",
            json!({ "id": id, "code": "BWB-500", "qty": "1.5" }),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("整数"),
        "a whole-number unit says so: {err}"
    );
    assert_eq!(d.outbox(), before);
    // A table with a blank unit is refused whole, naming the row.
    let err = d
        .call(
            "units_save",
            json!({ "units": [{ "unit": " ", "decimals": 0 }] }),
        )
        .unwrap_err();
    assert!(err.to_string().contains("units.0.unit"), "{err}");
    assert_eq!(whole(&d.ok("units_get", json!({})), "个"), Some(json!(0)));
    // The company lets 个 take one decimal: the same line is taken.
    let mut table = units.clone();
    for u in table.as_array_mut().unwrap() {
        if u["unit"] == "个" {
            u["decimals"] = json!(1);
        }
    }
    d.ok("units_save", json!({ "units": table }));
    d.ok(
        "order_add_line",
        json!({ "id": id, "code": "BWB-500", "qty": "1.5" }),
    );
    let view = d.ok("order_get", json!({ "id": id }));
    assert_eq!(view["order"]["lines"][0]["qty"], "1.5");
}

/// Dates as clerks type them, whatever the computer's locale: 1985/3/8 and 20271231 are
/// stored as 1985-03-08 and 2027-12-31; 02/03/2026 (which order?) is refused and stores nothing.
#[test]
fn dates_typed_the_chinese_way_are_taken_through_ipc() {
    let d = desk();
    let mut f = form("重庆山城火锅食品有限公司", "13812345678");
    f["birthday"] = json!("1985/3/8");
    f["contract_expiry"] = json!("20271231");
    let created = d.ok(
        "customer_create",
        json!({ "form": f, "owner_id": null, "confirmed": true }),
    );
    let detail = d.ok("customer_get", json!({ "id": created["id"] }));
    assert_eq!(detail["customer"]["birthday"], "1985-03-08", "{detail}");
    assert_eq!(detail["customer"]["contract_expiry"], "2027-12-31");
    let before = d.outbox();
    let mut f = form("成都天府茶业有限公司", "13912345678");
    f["birthday"] = json!("02/03/2026");
    let err = d
        .call(
            "customer_create",
            json!({ "form": f, "owner_id": null, "confirmed": true }),
        )
        .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "birthday", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("2026-11-27"),
        "{err}"
    );
    assert_eq!(d.outbox(), before);
}

/// 款到发货 through IPC: the demo's approved order waits for its payment; bad payments and
/// bad deliveries are refused with nothing written; after the payment it ships in part, the
/// rest is closed with a reason, and one unit comes back.
#[test]
fn an_order_is_paid_shipped_closed_and_returned_through_ipc() {
    let d = desk();
    d.ok("seed_demo", json!({}));
    let waiting = d.ok("order_list", json!({ "queue": "awaiting_payment" }));
    let order = waiting[0]["id"].clone();
    let view = d.ok("picking_get", json!({ "order_id": order }));
    assert_eq!(view["released"], false);
    let wh = view["lines"][0]["warehouse_id"].clone();
    let ship = |qty: &str, tracking: &str| {
        json!({ "data": {
            "order_id": order, "warehouse_id": wh, "lines": [{ "line": 0, "qty": qty }],
            "carrier": "shunfeng", "parcels": [{ "tracking_no": tracking }]
        }})
    };
    let before = d.outbox();
    let err = d
        .call("delivery_ship", ship("1", "SF1234567890501"))
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("须先收款"),
        "{err}"
    );

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let today = fairdesk_core::mutation::local_date(now).to_string();
    let pay = |amount: &str, date: &str| {
        json!({ "data": { "order_id": order, "amount": amount, "date": date,
                           "method": "bank_transfer", "reference": "回单 77" } })
    };
    // Not a number, nothing, more than owed, a date in the future: refused, nothing written.
    assert!(d.call("payment_record", pay("一千", &today)).is_err());
    let err = d.call("payment_record", pay("0", &today)).unwrap_err();
    assert!(!err["fields"].as_array().unwrap().is_empty(), "{err}");
    let err = d
        .call("payment_record", pay("99999999", &today))
        .unwrap_err();
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("超过订单未收金额"),
        "{err}"
    );
    assert!(d.call("payment_record", pay("1", "2099-01-01")).is_err());
    assert_eq!(d.outbox(), before);

    let money = d.ok("order_payments", json!({ "order_id": order }));
    let open = money["open"].as_str().unwrap().to_string();
    d.ok("payment_record", pay(&open, &today));
    let money = d.ok("order_payments", json!({ "order_id": order }));
    assert_eq!(money["open"], "0.00");
    assert_eq!(money["released"], true);
    let queue = d.ok("order_list", json!({ "queue": "to_ship" }));
    assert!(queue.as_array().unwrap().iter().any(|r| r["id"] == order));

    // A tracking number of the wrong shape: the field says so, nothing is written.
    let before = d.outbox();
    let err = d.call("delivery_ship", ship("1", "SF12")).unwrap_err();
    assert_eq!(err["fields"][0]["field"], "parcels.0.tracking_no", "{err}");
    assert_eq!(d.outbox(), before);

    let number = d.ok("delivery_ship", ship("2", "SF1234567890502"));
    assert!(number.as_str().unwrap().starts_with("FH-"), "{number}");
    let view = d.ok("picking_get", json!({ "order_id": order }));
    assert_eq!(view["status"], "partially_shipped");
    assert_eq!(view["lines"][0]["shipped"], "2");
    let delivery = view["deliveries"][0]["id"].clone();

    // The customer doesn't want the rest: a reason is required, then the holds go.
    assert!(d
        .call(
            "order_close_rest",
            json!({ "order_id": order, "reason": "" })
        )
        .is_err());
    d.ok(
        "order_close_rest",
        json!({ "order_id": order, "reason": "客户不要了" }),
    );
    let view = d.ok("picking_get", json!({ "order_id": order }));
    assert_eq!(view["status"], "shipped");
    assert_eq!(view["lines"][0]["held"], "0");
    assert_eq!(view["close_reason"], "客户不要了");

    // One of the two comes back; three can't.
    let back = |qty: &str| {
        json!({ "data": { "delivery_id": delivery, "warehouse_id": wh,
                           "lines": [{ "line": 0, "qty": qty }], "reason": "质量问题" } })
    };
    assert!(d.call("delivery_return", back("3")).is_err());
    let th = d.ok("delivery_return", back("1"));
    assert!(th.as_str().unwrap().starts_with("TH-"), "{th}");
    let view = d.ok("picking_get", json!({ "order_id": order }));
    assert_eq!(view["lines"][0]["returned"], "1");

    // No tracking news on a desk without a server: no alerts; closing one that isn't there
    // names the field and writes nothing.
    assert_eq!(d.ok("tracking_alerts", json!({})), json!([]));
    let before = d.outbox();
    let err = d
        .call(
            "track_alert_close",
            json!({ "delivery_id": delivery, "key": "SF1234567890999:refused", "note": "已处理" }),
        )
        .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "key", "{err}");
    assert_eq!(d.outbox(), before);

    // 应收 as of today: the delivery was paid in advance, so nothing of this order is open;
    // what was paid beyond the goods kept (the closed rest, the unit returned) is an advance.
    let report = d.ok("receivables_report", json!({ "as_of": "" }));
    assert_eq!(report["as_of"], today);
    assert_eq!(report["labels"].as_array().unwrap().len(), 6);
    assert!(!report["open"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["item"]["receivable"]["order_id"] == order));
    assert_ne!(report["advance"], "0.00", "{report}");
    let by_basis = d.ok(
        "receivables_report",
        json!({ "as_of": today.replace('-', "/"), "basis": "document", "edges": [15, 45] }),
    );
    assert_eq!(by_basis["labels"][1], "1–15 天");
    // The same as an Excel workbook where the user says.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("账龄.xlsx");
    let written = d.ok(
        "receivables_xlsx",
        json!({ "as_of": today, "path": file.to_string_lossy(), "open": false }),
    );
    assert_eq!(written, file.to_string_lossy().as_ref());
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    // A day that doesn't exist is refused by name.
    let err = d
        .call("receivables_report", json!({ "as_of": "2026-13-45" }))
        .unwrap_err();
    assert_eq!(err["fields"][0]["field"], "as_of", "{err}");
}
