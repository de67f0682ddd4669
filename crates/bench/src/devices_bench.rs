//! `scripts/bench.sh devices [n]`: n desks (default 200) syncing against one server at the
//! same moment — each a real SQLite store that logs in, then pushes its own new customers and
//! pulls the company's data, all released together. Reports failures and per-desk times.

use crate::{ms, percentile};
use fairdesk_core::customer::{ContactForm, CustomerForm};
use fairdesk_server::testing::{Pg, TestServer, PASSWORD};
use fairdesk_store::Store;
use fairdesk_sync::client::{connect, sync_once, SyncClient};
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// Customers already on the server, so every first sync has something to bring.
const EXISTING: usize = 2_000;
/// New customers each desk creates offline before it syncs.
const PER_DESK: usize = 5;

fn form(name: String) -> CustomerForm {
    CustomerForm {
        name,
        contacts: vec![ContactForm {
            name: "王伟".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

pub fn run(devices: usize) {
    let server = TestServer::start_with(Pg::start_with(true));
    {
        let dir = tempfile::tempdir().unwrap();
        let mut seed = Store::open(&dir.path().join("seed.db")).unwrap();
        let mut client = SyncClient::new(&server.base);
        connect(&mut seed, &mut client, "demo", "boss", PASSWORD).unwrap();
        for i in 0..EXISTING {
            seed.create_customer(&form(format!("已有客户{i:05}有限公司")), None, true)
                .unwrap();
        }
        sync_once(&mut seed, &client, |_| {}).unwrap();
    }
    let ready = Barrier::new(devices + 1);
    let logins = ["boss", "lina", "wangqiang", "zhangwei"];
    // Each login runs a quarter of the desks: more than a user's default device limit.
    for login in logins {
        let limit = (devices / logins.len() + 2) as i32;
        fairdesk_server::admin::set_device_limit(
            &mut server.pool.get().unwrap(),
            "demo",
            login,
            limit,
        )
        .unwrap();
    }
    let mut started = Instant::now();
    let results: Vec<Result<(Duration, usize), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..devices)
            .map(|d| {
                let (base, ready) = (server.base.clone(), &ready);
                scope.spawn(move || {
                    let dir = tempfile::tempdir().unwrap();
                    let prepared = (|| -> Result<(Store, SyncClient), String> {
                        let mut store =
                            Store::open(&dir.path().join("desk.db")).map_err(|e| e.to_string())?;
                        let mut client = SyncClient::new(&base);
                        connect(&mut store, &mut client, "demo", logins[d % 4], PASSWORD)
                            .map_err(|e| e.to_string())?;
                        for i in 0..PER_DESK {
                            store
                                .create_customer(&form(format!("第{d}台新客户{i}")), None, true)
                                .map_err(|e| e.to_string())?;
                        }
                        Ok((store, client))
                    })();
                    ready.wait();
                    let (mut store, client) = prepared?;
                    let t = Instant::now();
                    let report =
                        sync_once(&mut store, &client, |_| {}).map_err(|e| e.to_string())?;
                    if report.pushed != PER_DESK || report.rejected != 0 {
                        return Err(format!("desk {d}: {report:?}"));
                    }
                    Ok((t.elapsed(), report.pulled))
                })
            })
            .collect();
        ready.wait();
        started = Instant::now();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let wall = started.elapsed();
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    let mut times: Vec<Duration> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|x| x.0))
        .collect();
    let pulled: usize = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|x| x.1))
        .sum();
    let on_server = server
        .pool
        .get()
        .unwrap()
        .query_one("SELECT count(*) FROM rows WHERE entity = 'customer'", &[])
        .unwrap()
        .get::<_, i64>(0);
    println!("| measurement | result |\n|---|---|");
    println!("| desks syncing at once (each: push {PER_DESK} new customers, pull from zero) | {devices} |");
    println!(
        "| desks that failed | {} {:?} |",
        failures.len(),
        failures.iter().take(3).collect::<Vec<_>>()
    );
    println!(
        "| wall time until the last desk finished | {:.1} s |",
        wall.as_secs_f64()
    );
    if !times.is_empty() {
        println!(
            "| one desk's sync: p50 / p95 / max | {} / {} / {} |",
            ms(percentile(&mut times, 0.5)),
            ms(percentile(&mut times, 0.95)),
            ms(percentile(&mut times, 1.0))
        );
    }
    println!(
        "| rows pulled in all / pushed customers on the server | {pulled} / {} of {} |",
        on_server - EXISTING as i64,
        devices * PER_DESK
    );
}
