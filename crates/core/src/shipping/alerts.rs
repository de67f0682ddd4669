//! Tracking alerts (物流异常): a parcel the rep should look at before the customer calls —
//! the service says 疑难, 退签, 拒签 or 退回, or nothing new was heard for N days (N per
//! carrier, set in 设置 → 公司信息, default 3). An alert stays until someone notes what was
//! done; a later, different trouble of the same parcel is a new alert.
//!
//! Alerts are derived from the delivery's tracking wherever it is read (desk or server), so
//! they need no row of their own; the notes that close them are part of the delivery.

use super::{Carrier, Delivery, TrackState};
use crate::catalog::CompanyProfile;
use crate::error::Lang;
use crate::ids::Id;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Days without news before a parcel is an alert, when the company set nothing.
pub const DEFAULT_STALL_DAYS: u32 = 3;
/// Longest stall a company may set (a parcel quiet for two months is lost).
pub const MAX_STALL_DAYS: u32 = 60;
/// Longest note closing an alert.
pub const MAX_ALERT_NOTE: usize = 500;

/// What was done about an alert, by whom and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertNote {
    /// The alert's key (`TrackAlert::key`).
    pub key: String,
    pub note: String,
    pub by: Id,
    pub at: NaiveDateTime,
}

/// Why a parcel needs attention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertCause {
    /// The service reports trouble (疑难, 退签, 拒签, 退回).
    Trouble { state: TrackState },
    /// Nothing new since `last` for at least `days` days.
    Stalled { days: u32, last: NaiveDateTime },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackAlert {
    /// Names this trouble of this parcel: the tracking number and the state, or the time of
    /// the last event it went quiet after — a note closes exactly this one.
    pub key: String,
    pub tracking_no: String,
    pub cause: AlertCause,
}

impl TrackAlert {
    pub fn text(&self, lang: Lang) -> String {
        match &self.cause {
            AlertCause::Trouble { state } => state.label(lang).to_string(),
            AlertCause::Stalled { days, last } => match lang {
                Lang::Zh => format!(
                    "{days} 天没有新的物流信息（最后：{}）",
                    last.format("%Y-%m-%d")
                ),
                Lang::En => format!(
                    "No tracking news for {days} days (last: {})",
                    last.format("%Y-%m-%d")
                ),
            },
        }
    }
}

/// Days of silence that make an alert for a carrier's parcels in this company.
pub fn stall_days(profile: &CompanyProfile, carrier: Carrier) -> u32 {
    profile
        .stall_days
        .get(&carrier)
        .copied()
        .unwrap_or(DEFAULT_STALL_DAYS)
}

/// Every alert of a delivery as of `now`, closed ones included.
pub fn alerts(delivery: &Delivery, now: NaiveDateTime, days: u32) -> Vec<TrackAlert> {
    let mut out = Vec::new();
    for parcel in &delivery.parcels {
        let Some(track) = delivery
            .tracks
            .iter()
            .find(|t| t.tracking_no == parcel.tracking_no)
        else {
            continue;
        };
        let t = &track.tracking;
        let cause = if t.state.is_exception() {
            AlertCause::Trouble { state: t.state }
        } else if t.stalled(now, days) {
            let last = t
                .events
                .iter()
                .map(|e| e.at)
                .max()
                .expect("stalled has events");
            AlertCause::Stalled { days, last }
        } else {
            continue;
        };
        let key = match &cause {
            AlertCause::Trouble { state } => {
                format!("{}:{}", parcel.tracking_no, state_key(*state))
            }
            AlertCause::Stalled { last, .. } => {
                format!(
                    "{}:stalled:{}",
                    parcel.tracking_no,
                    last.format("%Y%m%d%H%M%S")
                )
            }
        };
        out.push(TrackAlert {
            key,
            tracking_no: parcel.tracking_no.clone(),
            cause,
        });
    }
    out
}

/// The alerts of a delivery nobody has noted yet.
pub fn open_alerts(delivery: &Delivery, now: NaiveDateTime, days: u32) -> Vec<TrackAlert> {
    let mut all = alerts(delivery, now, days);
    all.retain(|a| !delivery.alert_notes.iter().any(|n| n.key == a.key));
    all
}

fn state_key(state: TrackState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The parcel an alert key names, if it is one of the delivery's.
pub fn alert_parcel<'a>(delivery: &'a Delivery, key: &str) -> Option<&'a str> {
    let (no, rest) = key.split_once(':')?;
    (!rest.is_empty())
        .then(|| {
            delivery
                .parcels
                .iter()
                .find(|p| p.tracking_no == no)
                .map(|p| p.tracking_no.as_str())
        })
        .flatten()
}

/// An open alert with what the rep needs to act on it (the 工作台 list, the notification).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAlert {
    pub delivery_id: Id,
    pub delivery_number: String,
    pub order_id: Id,
    pub order_number: String,
    pub customer_name: String,
    pub carrier: Carrier,
    pub alert: TrackAlert,
}

/// The open alerts of these deliveries (with their customers' names) as of `now`, worst
/// first: trouble before silence, then the longest silent.
pub fn delivery_alerts(
    deliveries: &[(Delivery, String)],
    profile: &CompanyProfile,
    now: NaiveDateTime,
) -> Vec<DeliveryAlert> {
    let mut out: Vec<DeliveryAlert> = deliveries
        .iter()
        .flat_map(|(d, customer)| {
            open_alerts(d, now, stall_days(profile, d.carrier))
                .into_iter()
                .map(move |alert| DeliveryAlert {
                    delivery_id: d.id,
                    delivery_number: d.number.clone(),
                    order_id: d.order_id,
                    order_number: d.order_number.clone(),
                    customer_name: customer.clone(),
                    carrier: d.carrier,
                    alert,
                })
        })
        .collect();
    let rank = |a: &DeliveryAlert| match &a.alert.cause {
        AlertCause::Trouble { .. } => (0, None),
        AlertCause::Stalled { last, .. } => (1, Some(*last)),
    };
    out.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then(a.delivery_number.cmp(&b.delivery_number))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shipping::{ParcelTrack, TrackEvent, Tracking};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn delivery(carrier: Carrier, parcels: &[(&str, Option<(TrackState, &str)>)]) -> Delivery {
        let mut d = Delivery {
            id: Id::NIL,
            number: "FH-K7-202612-0001".into(),
            order_id: Id::NIL,
            order_number: "SO-K7-202612-0001".into(),
            customer_id: Id::NIL,
            warehouse_id: Id::NIL,
            address: String::new(),
            lines: Vec::new(),
            carrier,
            parcels: parcels
                .iter()
                .map(|(no, _)| crate::shipping::Parcel {
                    tracking_no: no.to_string(),
                })
                .collect(),
            driver: String::new(),
            plate: String::new(),
            notes: String::new(),
            status: crate::shipping::DeliveryStatus::Shipped,
            tracks: Vec::new(),
            alert_notes: Vec::new(),
            meta: crate::mutation::RowMeta::NONE,
        };
        for (no, track) in parcels {
            if let Some((state, last)) = track {
                d.tracks.push(ParcelTrack {
                    tracking_no: no.to_string(),
                    tracking: Tracking {
                        state: *state,
                        events: vec![TrackEvent {
                            at: at(last),
                            context: "快件在途".into(),
                            location: String::new(),
                        }],
                    },
                });
            }
        }
        d
    }

    #[test]
    fn trouble_and_silence_are_alerts_each_parcel_on_its_own() {
        let now = at("2026-12-04 10:00");
        // (state, last event, days) → alert text or none
        let table = [
            (TrackState::InTransit, "2026-12-03 10:00", 3, None),
            (
                TrackState::InTransit,
                "2026-12-01 10:00",
                3,
                Some("3 天没有新的物流信息（最后：2026-12-01）"),
            ),
            (TrackState::InTransit, "2026-12-01 10:00", 5, None),
            (
                TrackState::Collected,
                "2026-11-20 10:00",
                3,
                Some("3 天没有新的物流信息（最后：2026-11-20）"),
            ),
            (TrackState::Signed, "2026-11-01 10:00", 3, None),
            (TrackState::Problem, "2026-12-04 09:00", 3, Some("疑难件")),
            (TrackState::Refused, "2026-12-04 09:00", 3, Some("拒签")),
            (TrackState::Returning, "2026-12-04 09:00", 3, Some("退回中")),
            (
                TrackState::ReturnSigned,
                "2026-12-04 09:00",
                3,
                Some("退回已签收"),
            ),
        ];
        for (state, last, days, want) in table {
            let d = delivery(
                Carrier::Shunfeng,
                &[("SF1234567890123", Some((state, last)))],
            );
            let got: Vec<String> = alerts(&d, now, days)
                .iter()
                .map(|a| a.text(Lang::Zh))
                .collect();
            assert_eq!(
                got,
                want.map(String::from).into_iter().collect::<Vec<_>>(),
                "{state:?} {last} {days}"
            );
        }
        // Two parcels: only the quiet one; a parcel the service never answered for is no alert.
        let d = delivery(
            Carrier::Shunfeng,
            &[
                (
                    "SF1234567890123",
                    Some((TrackState::InTransit, "2026-12-04 08:00")),
                ),
                (
                    "SF1234567890124",
                    Some((TrackState::InTransit, "2026-11-30 08:00")),
                ),
                ("SF1234567890125", None),
            ],
        );
        let got = alerts(&d, now, 3);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].tracking_no, "SF1234567890124");
    }

    #[test]
    fn a_note_closes_one_trouble_and_a_new_one_opens_again() {
        let now = at("2026-12-04 10:00");
        let mut d = delivery(
            Carrier::Yuantong,
            &[(
                "YT1234567890123",
                Some((TrackState::InTransit, "2026-11-30 10:00")),
            )],
        );
        let first = open_alerts(&d, now, 3);
        assert_eq!(first.len(), 1);
        assert_eq!(alert_parcel(&d, &first[0].key), Some("YT1234567890123"));
        assert_eq!(alert_parcel(&d, "YT0000000000000:stalled:1"), None);
        assert_eq!(alert_parcel(&d, "YT1234567890123"), None);
        d.alert_notes.push(AlertNote {
            key: first[0].key.clone(),
            note: "已催快递".into(),
            by: Id::NIL,
            at: now,
        });
        assert!(open_alerts(&d, now, 3).is_empty());
        assert_eq!(alerts(&d, now, 3).len(), 1, "closed, not forgotten");
        // News came, then silence again: a new alert with its own key.
        d.tracks[0].tracking.events.push(TrackEvent {
            at: at("2026-12-05 10:00"),
            context: "到达【杭州转运中心】".into(),
            location: String::new(),
        });
        let later = open_alerts(&d, at("2026-12-09 10:00"), 3);
        assert_eq!(later.len(), 1);
        assert_ne!(later[0].key, first[0].key);
        // Refused after that: trouble outranks silence, and is new again.
        d.tracks[0].tracking.state = TrackState::Refused;
        let refused = open_alerts(&d, at("2026-12-09 10:00"), 3);
        assert_eq!(
            refused[0].cause,
            AlertCause::Trouble {
                state: TrackState::Refused
            }
        );
    }

    #[test]
    fn days_are_per_carrier_with_a_default_and_bounds() {
        let mut profile = CompanyProfile {
            name: "演示".into(),
            ..Default::default()
        };
        assert_eq!(stall_days(&profile, Carrier::Ems), DEFAULT_STALL_DAYS);
        profile.stall_days.insert(Carrier::Ems, 7);
        assert_eq!(stall_days(&profile, Carrier::Ems), 7);
        assert_eq!(stall_days(&profile, Carrier::Shunfeng), 3);
        assert!(profile.validate().is_ok());
        for bad in [0, MAX_STALL_DAYS + 1] {
            profile.stall_days.insert(Carrier::Ems, bad);
            let errors = profile.validate().unwrap_err();
            assert!(errors.iter().any(|e| e.field == "stall_days"), "{bad}");
        }
        profile.stall_days.clear();
        profile.stall_days.insert(Carrier::Pickup, 3);
        assert!(
            profile.validate().is_err(),
            "自提 has no tracking to be silent"
        );
        // Alerts use the company's days for the delivery's carrier.
        profile.stall_days.clear();
        profile.stall_days.insert(Carrier::Ems, 7);
        let d = delivery(
            Carrier::Ems,
            &[(
                "1234567890123",
                Some((TrackState::InTransit, "2026-11-30 10:00")),
            )],
        );
        let now = at("2026-12-04 10:00");
        assert!(delivery_alerts(&[(d.clone(), "客户".into())], &profile, now).is_empty());
        profile.stall_days.clear();
        let open = delivery_alerts(&[(d, "客户".into())], &profile, now);
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].customer_name, "客户");
    }
}
