// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Linux (WebKitGTK): no accelerated compositing. On office PCs without a GPU driver it is
    // software GL, whose layers cost the web process about 90 MiB for nothing a form needs
    // (docs/BENCHMARKS.md, "Cold start and memory"). Set before WebKit starts; a value already
    // in the environment wins (WEBKIT_DISABLE_COMPOSITING_MODE=0 turns compositing back on).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    fairdesk_app::run();
}
