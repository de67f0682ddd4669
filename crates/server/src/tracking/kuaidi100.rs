//! 快递100's real-time query API and its subscription callback, on the wire as the service
//! publishes them: a form POST of `customer`, `param` (JSON: com, num, phone, resultv2) and
//! `sign` = upper-case MD5 of param + key + customer; the answer has `state` and `data[]`
//! events (time, context, location), or `result: false` with a `returnCode` and a message. The
//! callback is a form POST of `param` and `sign` = upper-case MD5 of param + salt, answered with
//! `{"result":true,"returnCode":"200","message":"成功"}`.

use fairdesk_core::shipping::{TrackEvent, TrackState, Tracking};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

/// What the callback must answer when the push was taken.
pub const CALLBACK_OK: &str = r#"{"result":true,"returnCode":"200","message":"成功"}"#;

/// The account: customer id and key, from the server's configuration.
#[derive(Clone, Debug)]
pub struct Account {
    /// The query endpoint (the service's, or a test double's on loopback).
    pub url: String,
    pub customer: String,
    pub key: String,
}

/// One parcel to ask about.
#[derive(Clone, Debug, Serialize)]
pub struct Query {
    /// The service's company code (`shunfeng`, `yuantong`, …).
    pub com: String,
    pub num: String,
    /// The receiver's phone (or its last four digits): 顺丰 answers only with it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub phone: String,
    /// "4": events carry their place.
    pub resultv2: String,
}

impl Query {
    pub fn new(com: &str, num: &str, phone: &str) -> Query {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let last4 = digits[digits.len().saturating_sub(4)..].to_string();
        Query {
            com: com.to_string(),
            num: num.to_string(),
            phone: last4,
            resultv2: "4".into(),
        }
    }
}

/// What the service answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Track(Tracking),
    /// Nothing known about the number yet (a parcel just handed over): ask again later.
    NoResult(String),
    /// Asked too often: back off, the number's next query waits.
    RateLimited(String),
    /// The service refused the request itself (signature, key, parameters): tracking is
    /// misconfigured, not the parcel's fault.
    Refused {
        code: String,
        message: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum TrackError {
    #[error("tracking service unreachable: {0}")]
    Http(String),
    #[error("tracking service answered something unreadable: {0}")]
    Unreadable(String),
}

fn md5_upper(text: &str) -> String {
    hex::encode_upper(Md5::digest(text.as_bytes()))
}

/// `sign` of a query: upper-case MD5 of param + key + customer.
pub fn sign(param: &str, key: &str, customer: &str) -> String {
    md5_upper(&format!("{param}{key}{customer}"))
}

/// The form fields of a query, in the order the service documents them.
pub fn form(account: &Account, query: &Query) -> Vec<(&'static str, String)> {
    let param = serde_json::to_string(query).unwrap_or_default();
    let sign = sign(&param, &account.key, &account.customer);
    vec![
        ("customer", account.customer.clone()),
        ("param", param),
        ("sign", sign),
    ]
}

/// The service's numbers arrive as strings ("3") or numbers (3).
fn code(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

#[derive(Deserialize)]
struct Event {
    #[serde(default)]
    time: String,
    #[serde(default)]
    ftime: String,
    #[serde(default)]
    context: String,
    #[serde(default, rename = "areaName")]
    area_name: Option<String>,
    #[serde(default)]
    location: Option<String>,
}

/// A tracking result (`state` + `data`), as in a query's answer or a callback's `lastResult`.
fn tracking(v: &serde_json::Value) -> Result<Tracking, TrackError> {
    let state = v
        .get("state")
        .and_then(code)
        .and_then(TrackState::from_code)
        .ok_or_else(|| TrackError::Unreadable(format!("state {:?}", v.get("state"))))?;
    let data: Vec<Event> = serde_json::from_value(
        v.get("data")
            .cloned()
            .unwrap_or(serde_json::Value::Array(vec![])),
    )
    .map_err(|e| TrackError::Unreadable(e.to_string()))?;
    let mut events = Vec::with_capacity(data.len());
    for e in data {
        let text = if e.ftime.is_empty() {
            &e.time
        } else {
            &e.ftime
        };
        let at = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S")
            .map_err(|_| TrackError::Unreadable(format!("event time {text:?}")))?;
        events.push(TrackEvent {
            at,
            context: e.context,
            location: e.location.or(e.area_name).unwrap_or_default(),
        });
    }
    // Newest first, whatever order the service used.
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    Ok(Tracking { state, events })
}

/// Reads a query's answer.
pub fn parse(body: &str) -> Result<Answer, TrackError> {
    let v: serde_json::Value =
        serde_json::from_str(body).map_err(|e| TrackError::Unreadable(e.to_string()))?;
    if v.get("result").and_then(|r| r.as_bool()) == Some(false) || v.get("state").is_none() {
        let code = v
            .get("returnCode")
            .and_then(code)
            .map(|c| c.to_string())
            .unwrap_or_default();
        let message = v
            .get("message")
            .and_then(|m| m.as_str())
            .unwrap_or_default()
            .to_string();
        return Ok(match code.as_str() {
            // 查询无结果，请隔段时间再查
            "500" => Answer::NoResult(message),
            // 服务器繁忙 / 查询太频繁
            "502" => Answer::RateLimited(message),
            _ if message.contains("频繁") => Answer::RateLimited(message),
            _ => Answer::Refused { code, message },
        });
    }
    tracking(&v).map(Answer::Track)
}

/// Asks the service about one parcel.
pub fn query(
    client: &reqwest::blocking::Client,
    account: &Account,
    q: &Query,
) -> Result<Answer, TrackError> {
    let resp = client
        .post(&account.url)
        .form(&form(account, q))
        .send()
        .map_err(|e| TrackError::Http(e.to_string()))?;
    let body = resp.text().map_err(|e| TrackError::Http(e.to_string()))?;
    parse(&body)
}

/// A subscription push, checked: its signature (param + salt) must match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Push {
    /// polling, shutdown (signed for), abort (3 days without result, 60 days unchanged), …
    pub status: String,
    pub message: String,
    pub num: String,
    pub com: String,
    pub tracking: Tracking,
}

/// Reads a callback's `param` after checking `sign` against the configured salt. `None`:
/// the signature does not match (someone else posting to the public address).
pub fn callback(param: &str, sign: &str, salt: &str) -> Result<Option<Push>, TrackError> {
    if !md5_upper(&format!("{param}{salt}")).eq_ignore_ascii_case(sign.trim()) {
        return Ok(None);
    }
    let v: serde_json::Value =
        serde_json::from_str(param).map_err(|e| TrackError::Unreadable(e.to_string()))?;
    let last = v
        .get("lastResult")
        .ok_or_else(|| TrackError::Unreadable("no lastResult".into()))?;
    let text = |v: &serde_json::Value, k: &str| {
        v.get(k)
            .and_then(|x| x.as_str())
            .unwrap_or_default()
            .to_string()
    };
    Ok(Some(Push {
        status: text(&v, "status"),
        message: text(&v, "message"),
        num: text(last, "nu"),
        com: text(last, "com"),
        tracking: tracking(last)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shaped like the service's published example of a query answer (state as a string,
    /// newest event first, `ftime` beside `time`, the place with resultv2).
    const ANSWER: &str = r#"{
        "message": "ok", "nu": "SF1234567890123", "ischeck": "1", "com": "shunfeng",
        "status": "200", "condition": "F00", "state": "3",
        "data": [
            {"time": "2026-12-03 14:02:11", "ftime": "2026-12-03 14:02:11",
             "context": "[重庆市]快件已签收，签收人：本人", "areaName": "重庆,重庆市", "status": "签收"},
            {"time": "2026-12-03 08:30:00", "ftime": "2026-12-03 08:30:00",
             "context": "[重庆市]快件交给张师傅，正在派送途中", "areaName": "重庆,重庆市", "status": "派件"},
            {"time": "2026-12-01 18:10:45", "ftime": "2026-12-01 18:10:45",
             "context": "[杭州市]顺丰速运 已收取快件", "areaName": "浙江,杭州市", "status": "揽收"}
        ]
    }"#;

    #[test]
    fn a_published_style_answer_reads_as_state_and_events_newest_first() {
        let Answer::Track(t) = parse(ANSWER).unwrap() else {
            panic!()
        };
        assert_eq!(t.state, TrackState::Signed);
        assert_eq!(t.events.len(), 3);
        assert_eq!(t.events[0].context, "[重庆市]快件已签收，签收人：本人");
        assert_eq!(t.events[0].location, "重庆,重庆市");
        assert_eq!(t.events[2].at.to_string(), "2026-12-01 18:10:45");
        // Numbers as numbers, events oldest first: the same reading.
        let turned = r#"{"state": 5, "data": [
            {"time": "2026-12-01 18:10:45", "context": "已收取"},
            {"time": "2026-12-03 08:30:00", "context": "派送中"}]}"#;
        let Answer::Track(t) = parse(turned).unwrap() else {
            panic!()
        };
        assert_eq!(t.state, TrackState::OutForDelivery);
        assert_eq!(t.events[0].context, "派送中");
    }

    #[test]
    fn errors_say_what_to_do_next() {
        let cases = [
            (
                r#"{"result": false, "returnCode": "500", "message": "查询无结果，请隔段时间再查"}"#,
                "no result",
            ),
            (
                r#"{"result": false, "returnCode": "502", "message": "查询太频繁"}"#,
                "rate",
            ),
            (
                r#"{"result": false, "returnCode": "503", "message": "验证签名失败"}"#,
                "refused",
            ),
            (
                r#"{"result": false, "returnCode": "601", "message": "POLL:KEY已过期"}"#,
                "refused",
            ),
        ];
        for (body, want) in cases {
            let got = parse(body).unwrap();
            let kind = match got {
                Answer::NoResult(_) => "no result",
                Answer::RateLimited(_) => "rate",
                Answer::Refused { .. } => "refused",
                Answer::Track(_) => "track",
            };
            assert_eq!(kind, want, "{body}");
        }
        assert!(parse("<html>502 Bad Gateway</html>").is_err());
        assert!(parse(r#"{"state": "99", "data": []}"#).is_err());
        assert!(parse(r#"{"state": "0", "data": [{"time": "yesterday"}]}"#).is_err());
    }

    #[test]
    fn the_signature_is_upper_case_md5_of_param_key_customer() {
        // MD5("abc") is the RFC 1321 test vector.
        assert_eq!(sign("a", "b", "c"), "900150983CD24FB0D6963F7D28E17F72");
        let account = Account {
            url: String::new(),
            customer: "C0FFEE".into(),
            key: "secret".into(),
        };
        let q = Query::new("shunfeng", "SF1234567890123", "138-0013-8000");
        assert_eq!(q.phone, "8000", "顺丰 takes the last four digits");
        let f = form(&account, &q);
        assert_eq!(f[0], ("customer", "C0FFEE".to_string()));
        assert_eq!(
            f[1].1,
            r#"{"com":"shunfeng","num":"SF1234567890123","phone":"8000","resultv2":"4"}"#
        );
        assert_eq!(f[2].1, sign(&f[1].1, "secret", "C0FFEE"));
    }

    #[test]
    fn a_callback_is_taken_only_with_the_right_signature() {
        let param = format!(
            r#"{{"status":"shutdown","message":"","lastResult":{}}}"#,
            ANSWER
        );
        let good = md5_upper(&format!("{param}salty"));
        let push = callback(&param, &good, "salty").unwrap().unwrap();
        assert_eq!(push.status, "shutdown");
        assert_eq!(push.num, "SF1234567890123");
        assert_eq!(push.tracking.state, TrackState::Signed);
        assert_eq!(callback(&param, &good, "other").unwrap(), None);
        assert_eq!(callback(&param, "", "salty").unwrap(), None);
        let v: serde_json::Value = serde_json::from_str(CALLBACK_OK).unwrap();
        assert_eq!(v["returnCode"], "200");
    }
}
