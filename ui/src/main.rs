//! Fairdesk desktop UI (Leptos, client-side rendered). Talks only to Tauri commands.

mod api;
mod app;
mod beep;
mod date_input;
mod format;
mod i18n;
mod pages;
mod widgets;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
