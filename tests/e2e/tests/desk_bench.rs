//! Cold start and memory of the desk (not a test: `scripts/bench.sh desk`, which builds the
//! release app and runs this with `--ignored`). From the WebDriver session request to the
//! 工作台 showing the demo company's customer count; then customers, a quote and an order are
//! opened and the proportional set size (PSS: shared pages split between their users) of the
//! app and its WebKit processes is read from /proc. Printed as Markdown for
//! docs/BENCHMARKS.md.

use fairdesk_e2e::{press, wait_text, Driver};
use fantoccini::Locator;
use std::time::Instant;

fn parent(pid: u32) -> u32 {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so cut after ')'.
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(1))
        .and_then(|p| p.parse().ok())
        .unwrap_or(0)
}

/// (pid, command name, PSS kB, RSS kB) of the newest app process and the WebKit processes it
/// started (earlier runs' processes may still be on their way out).
fn processes() -> Vec<(u32, String, u64, u64)> {
    let all = all_processes();
    let Some(app) = all.iter().filter(|p| p.1 == "fairdesk").map(|p| p.0).max() else {
        return all;
    };
    all.into_iter()
        .filter(|p| p.0 == app || parent(p.0) == app)
        .collect()
}

fn all_processes() -> Vec<(u32, String, u64, u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let comm = comm.trim().to_string();
        if !(comm == "fairdesk"
            || comm.starts_with("WebKitWebProces")
            || comm.starts_with("WebKitNetworkP"))
        {
            continue;
        }
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let field = |name: &str| {
            rollup
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        out.push((pid, comm, field("Pss:"), field("Rss:")));
    }
    out
}

/// The app process's biggest mappings by PSS (where its memory goes).
fn top_mappings(pid: u32) -> Vec<(String, u64)> {
    let smaps = std::fs::read_to_string(format!("/proc/{pid}/smaps")).unwrap_or_default();
    let mut by_name: std::collections::HashMap<String, u64> = Default::default();
    let mut current = String::new();
    for l in smaps.lines() {
        let first = l.split_whitespace().next().unwrap_or("");
        if first.contains('-') && first.chars().next().is_some_and(|c| c.is_ascii_hexdigit()) {
            current = l.split_whitespace().nth(5).unwrap_or("[anon]").to_string();
        } else if let Some(v) = l.strip_prefix("Pss:") {
            let kb: u64 = v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0);
            *by_name.entry(current.clone()).or_default() += kb;
        }
    }
    let mut v: Vec<(String, u64)> = by_name.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    v.truncate(8);
    v
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench.sh desk"]
async fn cold_start_and_memory() {
    let mut starts = Vec::new();
    let mut last = None;
    for run in 0..3 {
        let driver = Driver::start_with_env(&[("FAIRDESK_DEMO", "1")]);
        let t = Instant::now();
        let c = driver.session().await;
        wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;
        let first = t.elapsed();
        // The demo's first start seeds the company; a clerk's every later start doesn't.
        c.close().await.unwrap();
        let t = Instant::now();
        let c = driver.session().await;
        wait_text(&c, Locator::Id("customer-count"), |t| t == "200").await;
        starts.push((first, t.elapsed()));
        if run == 2 {
            press(&c, "nav-customers").await;
            wait_text(&c, Locator::Id("customer-total"), |t| t.contains("200")).await;
            fairdesk_e2e::new_quote_with(&c, "BWB-500").await;
            press(&c, "quote-save").await;
            wait_text(&c, Locator::Id("quote-title"), |t| t.starts_with("QT-")).await;
            press(&c, "nav-orders").await;
            wait_text(&c, Locator::Id("order-list"), |t| t.contains("SO-")).await;
            c.find(Locator::Css("#order-list tbody tr"))
                .await
                .unwrap()
                .send_keys(&fantoccini::key::Key::Enter.to_string())
                .await
                .unwrap();
            wait_text(&c, Locator::Id("order-title"), |t| t.starts_with("SO-")).await;
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            last = Some(processes());
            if let Some(app) = last.as_ref().unwrap().iter().find(|p| p.1 == "fairdesk") {
                println!("app process, largest mappings by PSS:");
                for (name, kb) in top_mappings(app.0) {
                    println!("  {:>8.1} MiB  {name}", kb as f64 / 1024.0);
                }
            }
            c.close().await.unwrap();
        }
    }
    println!();
    println!("| run | first start (seeds the demo) | later start |");
    println!("|---|---|---|");
    for (i, (first, later)) in starts.iter().enumerate() {
        println!(
            "| {} | {:.2} s | {:.2} s |",
            i + 1,
            first.as_secs_f64(),
            later.as_secs_f64()
        );
    }
    println!();
    println!("| process | PSS | RSS |");
    println!("|---|---|---|");
    let procs = last.unwrap();
    for (pid, comm, pss, rss) in &procs {
        println!(
            "| {comm} ({pid}) | {:.1} MiB | {:.1} MiB |",
            *pss as f64 / 1024.0,
            *rss as f64 / 1024.0
        );
    }
    let (pss, rss): (u64, u64) = procs.iter().fold((0, 0), |a, p| (a.0 + p.2, a.1 + p.3));
    println!(
        "| **all** | **{:.1} MiB** | {:.1} MiB |",
        pss as f64 / 1024.0,
        rss as f64 / 1024.0
    );
}
