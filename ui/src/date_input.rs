//! The app's own date field: shown and typed as 2026-12-03 whatever the computer's locale
//! (WebKit's `<input type="date">` follows the OS and showed 01/02/2027), accepting
//! 2026/12/3, 20261203 and 2026年12月3日 too, with a calendar that works by keyboard.

use crate::i18n::{lang, t};
use chrono::{Datelike, Duration, NaiveDate};
use fairdesk_core::validate::parse_date;
use fairdesk_core::Lang;
use leptos::prelude::*;

/// What was typed, as the date field stores it: `2026-12-03`, empty, or the text unchanged
/// when it is not a date (the form's check then marks it).
pub fn normalise(typed: &str) -> String {
    match parse_date(typed) {
        Some(d) => d.to_string(),
        None => typed.trim().to_string(),
    }
}

fn month_title(d: NaiveDate) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang() {
        Lang::Zh => format!("{}年{}月", d.year(), d.month()),
        Lang::En => format!("{} {}", EN[d.month0() as usize], d.year()),
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    let months = d.year() * 12 + d.month0() as i32 + n;
    let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
    (1..=d.day())
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(y, m, day))
        .unwrap_or(d)
}

pub fn today() -> NaiveDate {
    let ms = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&fairdesk_core::mutation::shanghai())
                .date_naive()
        })
        .unwrap_or_default()
}

/// A date field. `value` is what it shows; `on_set` gets the normalised text when the clerk
/// leaves the field, presses Enter or picks a day.
#[component]
pub fn DateInput(
    id: &'static str,
    #[prop(into)] value: Signal<String>,
    on_set: Callback<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // The day the calendar's cursor is on.
    let cursor = RwSignal::new(today());
    let typed_bad = move || {
        let v = value.get();
        !v.trim().is_empty() && parse_date(&v).is_none()
    };
    let set = move |text: String| on_set.run(normalise(&text));
    let pick = move |d: NaiveDate| {
        on_set.run(d.to_string());
        open.set(false);
        crate::widgets::focus(id);
    };
    let show_calendar = move || {
        cursor.set(parse_date(&value.get_untracked()).unwrap_or_else(today));
        open.set(true);
        // The calendar takes the keyboard once it is drawn.
        request_animation_frame(move || crate::widgets::focus(&format!("{id}-calendar")));
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if key == "Enter" {
            set(event_target_value(&ev));
        } else if (key == "ArrowDown" && ev.alt_key()) || key == "F4" {
            ev.prevent_default();
            show_calendar();
        }
    };
    let grid_key = move |ev: web_sys::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" => Some(Duration::days(-1)),
            "ArrowRight" => Some(Duration::days(1)),
            "ArrowUp" => Some(Duration::days(-7)),
            "ArrowDown" => Some(Duration::days(7)),
            "PageUp" => {
                cursor.update(|c| *c = add_months(*c, -1));
                None
            }
            "PageDown" => {
                cursor.update(|c| *c = add_months(*c, 1));
                None
            }
            "Enter" | " " => {
                ev.prevent_default();
                pick(cursor.get_untracked());
                return;
            }
            "Escape" => {
                open.set(false);
                crate::widgets::focus(id);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(s) = step {
            cursor.update(|c| *c += s);
        }
    };
    let weekdays = move || match lang() {
        Lang::Zh => ["一", "二", "三", "四", "五", "六", "日"],
        Lang::En => ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
    };
    let days = move || {
        let first = first_of_month(cursor.get());
        let start = first - Duration::days(first.weekday().num_days_from_monday() as i64);
        (0..42)
            .map(move |i| start + Duration::days(i))
            .collect::<Vec<_>>()
    };
    view! {
        <span class="date-field" class:invalid=typed_bad>
            <input id=id type="text" inputmode="numeric" autocomplete="off" placeholder="2026-12-03"
                prop:disabled=move || disabled.get()
                prop:value=move || value.get()
                on:change=move |ev| set(event_target_value(&ev))
                on:keydown=on_key />
            <button type="button" class="date-pick" id=format!("{id}-pick") title=t("date.calendar")
                prop:disabled=move || disabled.get()
                on:click=move |_| if open.get_untracked() { open.set(false) } else { show_calendar() }>
                "▾"
            </button>
            {move || open.get().then(|| view! {
                <div class="calendar" id=format!("{id}-calendar") role="dialog" tabindex="0"
                    on:keydown=grid_key>
                    <div class="calendar-head">
                        <button type="button" on:click=move |_| cursor.update(|c| *c = add_months(*c, -1))>"‹"</button>
                        <span class="calendar-title">{move || month_title(cursor.get())}</span>
                        <button type="button" on:click=move |_| cursor.update(|c| *c = add_months(*c, 1))>"›"</button>
                    </div>
                    <div class="calendar-grid">
                        {weekdays().into_iter().map(|w| view! { <span class="wd">{w}</span> }).collect_view()}
                        {move || {
                            let month = cursor.get().month();
                            let chosen = parse_date(&value.get());
                            days().into_iter().map(|d| {
                                let other = d.month() != month;
                                let is_cursor = d == cursor.get();
                                view! {
                                    <button type="button" class="day" class:other=other class:cursor=is_cursor
                                        class:chosen=chosen == Some(d) class:today=d == today()
                                        data-date=d.to_string()
                                        on:click=move |_| pick(d)>{d.day()}</button>
                                }
                            }).collect_view()
                        }}
                    </div>
                    <div class="calendar-foot">
                        <button type="button" class="link" on:click=move |_| pick(today())>{t("date.today")}</button>
                        <button type="button" class="link" on:click=move |_| { on_set.run(String::new()); open.set(false); }>{t("date.clear")}</button>
                    </div>
                </div>
            })}
        </span>
    }
}
