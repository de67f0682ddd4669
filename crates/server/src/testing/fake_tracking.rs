//! A stand-in for the carriers' tracking service (快递100), since no real one can be reached
//! here: real HTTP on loopback, its wire format — form fields `customer`, `param`, `sign`
//! checked as the service checks them, `state` codes and events, and its error answers (no
//! result yet, wrong signature, wrong phone for 顺丰, asked too often).

use crate::tracking::kuaidi100::sign;
use axum::extract::{Form, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Parcel {
    /// Last four digits the service wants (顺丰), if any.
    phone: Option<String>,
    state: i64,
    /// (time, context, place), newest first.
    events: Vec<(String, String, String)>,
}

#[derive(Default)]
struct Book {
    parcels: HashMap<String, Parcel>,
    last_asked: HashMap<String, Instant>,
    min_gap: Duration,
    queries: usize,
    /// The company code of the last signed query.
    last_com: String,
}

#[derive(Clone)]
struct Fake {
    customer: String,
    key: String,
    book: Arc<Mutex<Book>>,
}

pub struct FakeTracking {
    /// The query endpoint.
    pub url: String,
    pub customer: String,
    pub key: String,
    book: Arc<Mutex<Book>>,
    _rt: tokio::runtime::Runtime,
}

fn error(code: &str, message: &str) -> Json<Value> {
    Json(json!({ "result": false, "returnCode": code, "message": message }))
}

async fn query(State(f): State<Fake>, Form(form): Form<HashMap<String, String>>) -> Json<Value> {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let param = get("param");
    f.book.lock().unwrap().queries += 1;
    if get("customer") != f.customer || get("sign") != sign(&param, &f.key, &f.customer) {
        return error("503", "验证签名失败");
    }
    let Ok(p) = serde_json::from_str::<Value>(&param) else {
        return error("400", "参数错误");
    };
    let num = p["num"].as_str().unwrap_or_default().to_string();
    let mut book = f.book.lock().unwrap();
    book.last_com = p["com"].as_str().unwrap_or_default().to_string();
    let gap = book.min_gap;
    if let Some(last) = book.last_asked.get(&num) {
        if last.elapsed() < gap {
            return error("502", "查询太频繁，请稍后再查");
        }
    }
    book.last_asked.insert(num.clone(), Instant::now());
    let Some(parcel) = book.parcels.get(&num) else {
        return error("500", "查询无结果，请隔段时间再查");
    };
    if let Some(want) = &parcel.phone {
        if p["phone"].as_str() != Some(want.as_str()) {
            return error("408", "快递公司参数异常：验证码错误");
        }
    }
    Json(json!({
        "message": "ok", "nu": num, "ischeck": if parcel.state == 3 { "1" } else { "0" },
        "com": p["com"], "status": "200", "condition": "F00",
        "state": parcel.state.to_string(),
        "data": parcel.events.iter().map(|(t, c, a)| json!({
            "time": t, "ftime": t, "context": c, "areaName": a
        })).collect::<Vec<_>>(),
    }))
}

impl FakeTracking {
    pub fn start(customer: &str, key: &str) -> FakeTracking {
        let book = Arc::new(Mutex::new(Book::default()));
        let fake = Fake {
            customer: customer.into(),
            key: key.into(),
            book: book.clone(),
        };
        let rt = tokio::runtime::Runtime::new().unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}/poll/query.do", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/poll/query.do", post(query))
            .with_state(fake);
        rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeTracking {
            url,
            customer: customer.into(),
            key: key.into(),
            book,
            _rt: rt,
        }
    }

    /// What the service knows of a parcel: its state code and events (time, context,
    /// place), newest first; `phone`: the last four digits it insists on (顺丰).
    pub fn set(&self, num: &str, phone: Option<&str>, state: i64, events: &[(&str, &str, &str)]) {
        self.book.lock().unwrap().parcels.insert(
            num.into(),
            Parcel {
                phone: phone.map(str::to_string),
                state,
                events: events
                    .iter()
                    .map(|(t, c, a)| (t.to_string(), c.to_string(), a.to_string()))
                    .collect(),
            },
        );
    }

    /// Answers "too often" to a second query of a number within `gap`.
    pub fn min_gap(&self, gap: Duration) {
        self.book.lock().unwrap().min_gap = gap;
    }

    /// The company code the last signed query named.
    pub fn last_com(&self) -> String {
        self.book.lock().unwrap().last_com.clone()
    }

    /// How many queries arrived (signed or not).
    pub fn queries(&self) -> usize {
        self.book.lock().unwrap().queries
    }
}
