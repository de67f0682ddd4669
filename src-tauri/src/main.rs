// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's accelerated compositing costs ~90 MiB in the web process where the GPU is
    // software-rendered (measured: 208 → 121 MiB PSS, docs/BENCHMARKS.md); a form-and-table
    // app doesn't need it. Set before GTK starts; a user's own setting wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    fairdesk_app::run();
}
