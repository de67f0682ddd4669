//! What the carriers' tracking service says about a parcel: its state (the service's codes),
//! the events, and which of them need someone to act before the customer calls. The server
//! polls the service (desks are often offline); these rules are shared so that the desks read
//! the same states the server decided on.

use crate::error::Lang;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// A parcel's state as the tracking service reports it (快递100's `state` codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackState {
    /// 0 在途
    InTransit,
    /// 1 揽收
    Collected,
    /// 2 疑难: the carrier has a problem with it.
    Problem,
    /// 3 签收
    Signed,
    /// 4 退签: signed for by the sender after coming back.
    ReturnSigned,
    /// 5 派件
    OutForDelivery,
    /// 6 退回: on its way back.
    Returning,
    /// 7 转投: handed to another carrier.
    Redirected,
    /// 8, 10–13 清关 (international parcels).
    Customs,
    /// 14 拒签: the receiver refused it.
    Refused,
}

impl TrackState {
    /// The service's code; unknown codes are `None` (kept as the last known state).
    pub fn from_code(code: i64) -> Option<TrackState> {
        Some(match code {
            0 => TrackState::InTransit,
            1 => TrackState::Collected,
            2 => TrackState::Problem,
            3 => TrackState::Signed,
            4 => TrackState::ReturnSigned,
            5 => TrackState::OutForDelivery,
            6 => TrackState::Returning,
            7 => TrackState::Redirected,
            8 | 10..=13 => TrackState::Customs,
            14 => TrackState::Refused,
            _ => return None,
        })
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TrackState::InTransit => lang.pick("运输中", "In transit"),
            TrackState::Collected => lang.pick("已揽收", "Collected"),
            TrackState::Problem => lang.pick("疑难件", "Problem"),
            TrackState::Signed => lang.pick("已签收", "Delivered"),
            TrackState::ReturnSigned => lang.pick("退回已签收", "Returned to sender"),
            TrackState::OutForDelivery => lang.pick("派件中", "Out for delivery"),
            TrackState::Returning => lang.pick("退回中", "Returning"),
            TrackState::Redirected => lang.pick("转投", "Redirected"),
            TrackState::Customs => lang.pick("清关中", "In customs"),
            TrackState::Refused => lang.pick("拒签", "Refused"),
        }
    }

    /// Nothing more will happen: polling stops.
    pub fn is_final(self) -> bool {
        matches!(self, TrackState::Signed | TrackState::ReturnSigned)
    }

    /// Someone must act (call the carrier, the customer): an alert to the order's rep.
    pub fn is_exception(self) -> bool {
        matches!(
            self,
            TrackState::Problem
                | TrackState::ReturnSigned
                | TrackState::Returning
                | TrackState::Refused
        )
    }
}

/// One event of a parcel's journey, as the service words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackEvent {
    /// Local time of the event (Asia/Shanghai), as the service reports it.
    pub at: NaiveDateTime,
    pub context: String,
    #[serde(default)]
    pub location: String,
}

/// A parcel's tracking as last heard: state and events, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub state: TrackState,
    pub events: Vec<TrackEvent>,
}

impl Tracking {
    /// No new event for `days` days while the parcel is still travelling (default 3 per
    /// carrier): as much an exception as a 疑难 state, since nobody else will notice.
    pub fn stalled(&self, now: NaiveDateTime, days: u32) -> bool {
        if self.state.is_final() {
            return false;
        }
        match self.events.iter().map(|e| e.at).max() {
            Some(last) => now - last >= chrono::Duration::days(days as i64),
            None => false,
        }
    }

    /// Why this parcel needs attention, if it does (for the alert's text).
    pub fn exception(&self, now: NaiveDateTime, days: u32, lang: Lang) -> Option<String> {
        if self.state.is_exception() {
            return Some(self.state.label(lang).to_string());
        }
        self.stalled(now, days).then(|| match lang {
            Lang::Zh => format!("{days} 天没有新的物流信息"),
            Lang::En => format!("No tracking news for {days} days"),
        })
    }
}

/// A parcel's tracking on its delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelTrack {
    pub tracking_no: String,
    #[serde(flatten)]
    pub tracking: Tracking,
}

/// The delivery with what the service now says of one of its parcels: `None` when that is
/// nothing new (or the number is not on it). Signed for, every parcel: the delivery is 已签收.
pub fn with_tracking(
    delivery: &super::Delivery,
    tracking_no: &str,
    tracking: &Tracking,
) -> Option<super::Delivery> {
    if !delivery
        .parcels
        .iter()
        .any(|p| p.tracking_no == tracking_no)
    {
        return None;
    }
    let mut after = delivery.clone();
    match after
        .tracks
        .iter_mut()
        .find(|t| t.tracking_no == tracking_no)
    {
        Some(t) if t.tracking == *tracking => return None,
        Some(t) => t.tracking = tracking.clone(),
        None => after.tracks.push(ParcelTrack {
            tracking_no: tracking_no.to_string(),
            tracking: tracking.clone(),
        }),
    }
    let signed = |no: &str| {
        after
            .tracks
            .iter()
            .any(|t| t.tracking_no == no && t.tracking.state == TrackState::Signed)
    };
    if delivery.parcels.iter().all(|p| signed(&p.tracking_no)) {
        after.status = super::DeliveryStatus::Delivered;
    }
    Some(after)
}

/// The order once everything it shipped is signed for: 已发货 → 已完成. `None` while a line is
/// open or a delivery is still on its way.
pub fn completed_order(
    order: &crate::order::Order,
    deliveries: &[super::Delivery],
) -> Option<crate::order::Order> {
    use crate::order::{next_status, OrderAction, OrderStatus};
    if order.status != OrderStatus::Shipped
        || deliveries.is_empty()
        || deliveries
            .iter()
            .any(|d| d.status != super::DeliveryStatus::Delivered)
    {
        return None;
    }
    let mut after = order.clone();
    after.status = next_status(order.status, OrderAction::Complete)?;
    Some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn the_services_codes_and_what_they_mean_for_the_rep() {
        let table = [
            (0, TrackState::InTransit, false, false),
            (1, TrackState::Collected, false, false),
            (2, TrackState::Problem, false, true),
            (3, TrackState::Signed, true, false),
            (4, TrackState::ReturnSigned, true, true),
            (5, TrackState::OutForDelivery, false, false),
            (6, TrackState::Returning, false, true),
            (7, TrackState::Redirected, false, false),
            (8, TrackState::Customs, false, false),
            (12, TrackState::Customs, false, false),
            (14, TrackState::Refused, false, true),
        ];
        for (code, state, last, alert) in table {
            let s = TrackState::from_code(code).unwrap();
            assert_eq!(s, state, "{code}");
            assert_eq!(s.is_final(), last, "{code}");
            assert_eq!(s.is_exception(), alert, "{code}");
        }
        assert_eq!(TrackState::from_code(9), None);
        assert_eq!(TrackState::from_code(-1), None);
    }

    #[test]
    fn a_parcel_without_news_for_n_days_is_an_exception_until_signed_for() {
        let mut t = Tracking {
            state: TrackState::InTransit,
            events: vec![
                TrackEvent {
                    at: at("2026-12-01 09:00:00"),
                    context: "快件已到达【上海转运中心】".into(),
                    location: "上海".into(),
                },
                TrackEvent {
                    at: at("2026-11-30 18:00:00"),
                    context: "顺丰速运 已收取快件".into(),
                    location: "杭州".into(),
                },
            ],
        };
        assert_eq!(t.exception(at("2026-12-03 08:59:59"), 3, Lang::Zh), None);
        assert_eq!(
            t.exception(at("2026-12-04 09:00:00"), 3, Lang::Zh)
                .as_deref(),
            Some("3 天没有新的物流信息")
        );
        t.state = TrackState::Signed;
        assert_eq!(t.exception(at("2026-12-30 09:00:00"), 3, Lang::Zh), None);
        t.state = TrackState::Refused;
        assert_eq!(
            t.exception(at("2026-12-01 10:00:00"), 3, Lang::Zh)
                .as_deref(),
            Some("拒签")
        );
    }
}
