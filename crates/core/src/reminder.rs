//! 提醒 reminders: birthdays in the next 7 days, contracts expiring in the next 30 days,
//! follow-ups due today or overdue. Pure date arithmetic; the store only pre-filters rows.

use crate::ids::Id;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

pub const BIRTHDAY_WINDOW_DAYS: u64 = 7;
pub const CONTRACT_WINDOW_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    FollowUpDue,
    Birthday,
    ContractExpiry,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub kind: ReminderKind,
    pub customer_id: Id,
    pub customer_name: String,
    /// The day it falls on (this year's birthday, expiry date, follow-up date).
    pub date: NaiveDate,
    /// Days from today; negative when overdue.
    pub days: i64,
}

/// The date of the next birthday on or after `today` (29 Feb falls on 28 Feb in common years).
pub fn next_birthday(birthday: NaiveDate, today: NaiveDate) -> NaiveDate {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .expect("28 Feb exists")
    };
    let this_year = on(today.year());
    if this_year >= today {
        this_year
    } else {
        on(today.year() + 1)
    }
}

/// `MM-DD` keys of the days a birthday reminder covers from `today`, for store pre-filtering.
/// Includes `02-29` when 28 Feb is in the window of a common year.
pub fn birthday_keys(today: NaiveDate) -> Vec<String> {
    let mut keys = Vec::new();
    for i in 0..=BIRTHDAY_WINDOW_DAYS {
        let d = today + Days::new(i);
        keys.push(format!("{:02}-{:02}", d.month(), d.day()));
        if d.month() == 2 && d.day() == 28 && !d.leap_year() {
            keys.push("02-29".into());
        }
    }
    keys
}

pub fn birthday_reminder(
    id: Id,
    name: &str,
    birthday: NaiveDate,
    today: NaiveDate,
) -> Option<Reminder> {
    let next = next_birthday(birthday, today);
    let days = (next - today).num_days();
    (days <= BIRTHDAY_WINDOW_DAYS as i64).then(|| Reminder {
        kind: ReminderKind::Birthday,
        customer_id: id,
        customer_name: name.to_string(),
        date: next,
        days,
    })
}

pub fn contract_reminder(
    id: Id,
    name: &str,
    expiry: NaiveDate,
    today: NaiveDate,
) -> Option<Reminder> {
    let days = (expiry - today).num_days();
    (0..=CONTRACT_WINDOW_DAYS)
        .contains(&days)
        .then(|| Reminder {
            kind: ReminderKind::ContractExpiry,
            customer_id: id,
            customer_name: name.to_string(),
            date: expiry,
            days,
        })
}

pub fn follow_up_reminder(
    id: Id,
    name: &str,
    next: NaiveDate,
    today: NaiveDate,
) -> Option<Reminder> {
    let days = (next - today).num_days();
    (days <= 0).then(|| Reminder {
        kind: ReminderKind::FollowUpDue,
        customer_id: id,
        customer_name: name.to_string(),
        date: next,
        days,
    })
}

/// Most urgent first: overdue follow-ups, then by days, then kind.
pub fn sort(reminders: &mut [Reminder]) {
    reminders.sort_by(|a, b| {
        (a.days, a.kind, &a.customer_name).cmp(&(b.days, b.kind, &b.customer_name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn birthdays_within_seven_days_across_the_new_year() {
        let id = Id::NIL;
        let today = d("2026-12-28");
        let r = birthday_reminder(id, "x", d("1980-01-03"), today).unwrap();
        assert_eq!(r.date, d("2027-01-03"));
        assert_eq!(r.days, 6);
        assert!(birthday_reminder(id, "x", d("1980-01-05"), today).is_none());
        assert_eq!(
            birthday_reminder(id, "x", d("1990-12-28"), today)
                .unwrap()
                .days,
            0
        );
        // Yesterday's birthday is a year away, not a reminder.
        assert!(birthday_reminder(id, "x", d("1990-12-27"), today).is_none());
    }

    #[test]
    fn leap_day_birthdays_fall_on_28_february_in_common_years() {
        let r = birthday_reminder(Id::NIL, "x", d("2000-02-29"), d("2027-02-25")).unwrap();
        assert_eq!(r.date, d("2027-02-28"));
        assert!(birthday_keys(d("2027-02-25")).contains(&"02-29".to_string()));
        assert!(!birthday_keys(d("2026-11-27")).contains(&"02-29".to_string()));
        assert_eq!(birthday_keys(d("2026-11-27")).len(), 8);
    }

    #[test]
    fn contracts_in_the_next_thirty_days_and_due_follow_ups() {
        let today = d("2026-11-27");
        assert_eq!(
            contract_reminder(Id::NIL, "x", d("2026-12-27"), today)
                .unwrap()
                .days,
            30
        );
        assert!(contract_reminder(Id::NIL, "x", d("2026-12-28"), today).is_none());
        assert!(contract_reminder(Id::NIL, "x", d("2026-11-26"), today).is_none());
        assert_eq!(
            follow_up_reminder(Id::NIL, "x", d("2026-11-20"), today)
                .unwrap()
                .days,
            -7
        );
        assert!(follow_up_reminder(Id::NIL, "x", today, today).is_some());
        assert!(follow_up_reminder(Id::NIL, "x", d("2026-11-28"), today).is_none());
    }
}
