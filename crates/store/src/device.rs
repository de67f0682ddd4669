//! This desk's identity (device id and document-number code), its mutation sequence and
//! clock, and per-device document numbering.

use crate::StoreError;
use chrono::NaiveDate;
use fairdesk_core::{docnumber, Hlc, Id};
use rusqlite::{Connection, OptionalExtension};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Device {
    pub id: Id,
    /// Two characters in every document number made here, e.g. `K7`.
    pub code: String,
}

pub fn load_or_create(conn: &Connection, now_ms: i64) -> Result<Device, StoreError> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT device_id, device_code FROM device WHERE singleton = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, code)) = row {
        let id = id
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("device id: {e}")))?;
        return Ok(Device { id, code });
    }
    let id = crate::new_id(now_ms);
    let mut random = [0u8; 2];
    getrandom::fill(&mut random).expect("OS random source");
    let code = docnumber::device_code(random);
    conn.execute(
        "INSERT INTO device (singleton, device_id, device_code, next_seq, hlc, created_at)
         VALUES (1, ?1, ?2, 1, ?3, ?4)",
        rusqlite::params![
            id.to_string(),
            code,
            serde_json::to_string(&Hlc::zero(id))?,
            now_ms
        ],
    )?;
    Ok(Device { id, code })
}

/// Allocates document numbers inside the write transaction, so a number is used exactly
/// when its mutation commits.
pub struct Numbering<'a> {
    pub(crate) tx: &'a Connection,
    pub(crate) device_code: &'a str,
    pub(crate) today: NaiveDate,
    pub(crate) error: Option<rusqlite::Error>,
}

impl Numbering<'_> {
    /// The next number of a series this month, e.g. `KH-K7-202611-0001`.
    pub fn next(&mut self, prefix: &str) -> String {
        let period = docnumber::period(self.today);
        let n: Result<i64, rusqlite::Error> = self.tx.query_row(
            "INSERT INTO doc_series (prefix, period, next) VALUES (?1, ?2, 2)
             ON CONFLICT (prefix, period) DO UPDATE SET next = next + 1
             RETURNING next - 1",
            [prefix, period.as_str()],
            |r| r.get(0),
        );
        match n {
            Ok(n) => docnumber::format(prefix, self.device_code, &period, n as u64),
            Err(e) => {
                self.error.get_or_insert(e);
                String::new()
            }
        }
    }
}
