//! 库存额度 through Tauri's IPC layer on the demo company's SQLite file, with no server: a take
//! waits for the server's answer and holds nothing meanwhile (the pool is untouched), the
//! panel says so; bad requests, a return with nothing held and a recall of a desk that holds
//! nothing are refused readably and store nothing.

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

#[test]
fn a_quota_asked_offline_waits_for_the_server_and_bad_requests_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fairdesk.db");
    let mut store = Store::open(&path).unwrap();
    store.seed_demo(20).unwrap();
    let (_app, webview) = common::app(store, None);
    let call = |cmd: &str, body: Value| common::ipc(&webview, cmd, body);

    let rows = call(
        "stock_list",
        json!({ "query": "BWB-500", "warehouse_id": null, "limit": 50, "offset": 0 }),
    )
    .unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["warehouse"].as_str().unwrap().starts_with("华东仓"))
        .unwrap()
        .clone();
    let (product, wh) = (row["product_id"].clone(), row["warehouse_id"].clone());
    let available = row["available"].as_str().unwrap().to_string();
    let ask =
        |qty: &str| json!({ "lines": [{ "product_id": product, "warehouse_id": wh, "qty": qty }] });

    // Asked with no server: nothing granted yet, the pool as it was.
    let take = call("quota_take", ask("30")).unwrap();
    let grants = call("quota_grants", json!({ "take_id": take })).unwrap();
    assert_eq!(grants[0]["asked"], "30");
    assert_eq!(grants[0]["qty"], "0");
    assert!(grants[0].get("answered").is_none(), "{grants}");
    let panel = call("quota_rows", json!({})).unwrap();
    assert_eq!(panel[0]["waiting"], "30");
    assert_eq!(panel[0]["outstanding"], "0");
    assert_eq!(panel[0]["mine"], true);
    let rows = call(
        "stock_list",
        json!({ "query": "BWB-500", "warehouse_id": wh, "limit": 50, "offset": 0 }),
    )
    .unwrap();
    assert_eq!(rows[0]["available"].as_str().unwrap(), available);
    assert_eq!(rows[0]["quota"], "0");
    let status = call("sync_status", json!({}));
    if let Ok(s) = status {
        assert_eq!(s["quota_held"], "0");
    }

    // Bad requests: refused with the field named, nothing stored.
    let stored = "SELECT count(*) FROM stock_quotas";
    assert_eq!(count(&path, stored), 1);
    for (body, says) in [
        (ask("0"), "数量"),
        (ask("-5"), "数量"),
        (json!({ "lines": [] }), "行"),
        (
            json!({ "lines": [
                { "product_id": product, "warehouse_id": wh, "qty": "3" },
                { "product_id": product, "warehouse_id": wh, "qty": "4" },
            ]}),
            "重复",
        ),
    ] {
        let e = call("quota_take", body.clone()).unwrap_err();
        assert!(message(&e).contains(says), "{body}: {e}");
    }
    assert_eq!(count(&path, stored), 1);
    let e = call("quota_return", json!({ "keys": [] })).unwrap_err();
    assert_eq!(message(&e), "本机没有可归还的额度");
    let device = panel[0]["device_id"].clone();
    let e = call("quota_recall", json!({ "device_id": device })).unwrap_err();
    assert_eq!(message(&e), "该设备没有额度可召回");
    assert_eq!(count(&path, stored), 1);
}
