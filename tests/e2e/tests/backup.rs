//! 设置 → 备份与恢复 in the real window: a backup made by hand is listed; restoring it asks
//! twice, then the desk says how many unsent changes go with the next sync and keeps working
//! on its data.

use fairdesk_e2e::{assert_no_ui_errors, press, screenshot, wait_text, Driver};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_is_made_and_restored_from_settings() {
    let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
    let c = fairdesk_e2e::demo_session(&driver).await;
    press(&c, "nav-settings").await;
    press(&c, "bak-now").await;
    let made = wait_text(&c, Locator::Id("bak-notice"), |t| t.contains("已备份")).await;
    let name = made.split_whitespace().last().unwrap().to_string();
    wait_text(&c, Locator::Id("bak-list"), |t| t.contains(&name)).await;
    press(&c, "bak-restore-0").await;
    wait_text(&c, Locator::Id("bak-restore-0"), |t| t.contains("再按一次")).await;
    screenshot(&c, "90-backup-confirm").await;
    press(&c, "bak-restore-0").await;
    wait_text(&c, Locator::Id("bak-notice"), |t| t.contains("已恢复")).await;
    screenshot(&c, "91-backup-restored").await;
    press(&c, "nav-dashboard").await;
    wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;
    assert_no_ui_errors(&c).await;
}
