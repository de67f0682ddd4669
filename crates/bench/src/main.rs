//! `scripts/bench.sh [customers]`: generates customers through the real write path into a
//! fresh SQLite file, then measures search and mutation latency. Prints a Markdown table.

use fairdesk_core::customer::view::CustomerQuery;
use fairdesk_core::customer::CustomerField;
use fairdesk_core::{Id, Mutation, Role};
use fairdesk_store::demo::customer_data;
use fairdesk_store::queries::customers;
use fairdesk_store::{Numbering, Store};
use std::time::{Duration, Instant};

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

type Builder = Box<dyn FnOnce(&mut Numbering) -> Mutation>;

mod aging_bench;
mod devices_bench;
mod initial_sync_bench;
mod invoices_bench;
mod payments_bench;
mod sales_bench;
mod sync_bench;
mod tracking_bench;

/// Wall-clock time, Unix milliseconds (the benches that talk to the server stamp mutations).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("sync") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
        return sync_bench::run(n);
    }
    if args.first().map(String::as_str) == Some("initial") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(100_000);
        return initial_sync_bench::run(n);
    }
    if args.first().map(String::as_str) == Some("aging") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(200_000);
        return aging_bench::run(n);
    }
    if args.first().map(String::as_str) == Some("payment") {
        return payments_bench::run();
    }
    if args.first().map(String::as_str) == Some("invoices") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1_000);
        return invoices_bench::run(n);
    }
    if args.first().map(String::as_str) == Some("devices") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(200);
        return devices_bench::run(n);
    }
    if args.first().map(String::as_str) == Some("tracking") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
        return tracking_bench::run(n);
    }
    if args.first().map(String::as_str) == Some("sales") {
        let n = args
            .get(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(1_000_000);
        return sales_bench::run(n);
    }
    let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    // FAIRDESK_BENCH_DB keeps the generated database for inspection and later runs.
    let path = std::env::var("FAIRDESK_BENCH_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().join("bench.db"));
    // An existing FAIRDESK_BENCH_DB with customers is measured again as it is (no generation).
    let reuse = path.exists();
    let mut store = Store::open(&path).unwrap();
    let admin = store.current_actor().unwrap();
    let mut rng = fastrand::Rng::with_seed(7);
    let start = Instant::now();
    let (reps, rep_names, ids) = if reuse {
        existing(&store)
    } else {
        generate(&mut store, &admin, &mut rng, n)
    };
    let load = start.elapsed();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);

    // Yardstick: what this machine's SQLite does with the same rows, measured in the same run,
    // so figures compare across machines that differ 2–4× in speed.
    let scan = {
        let mut s = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let _: i64 = store
                .conn()
                .query_row(
                    "SELECT count(*) FROM customers WHERE instr(search, '五金') > 0",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            s.push(t.elapsed());
        }
        percentile(&mut s, 0.5)
    };
    let commit = {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.pragma_update(None, "synchronous", "FULL").unwrap();
        raw.execute_batch("CREATE TABLE IF NOT EXISTS yardstick (k INTEGER PRIMARY KEY, v TEXT)")
            .unwrap();
        let mut s = Vec::new();
        for i in 0..200 {
            let t = Instant::now();
            raw.execute(
                "INSERT OR REPLACE INTO yardstick (k, v) VALUES (1, ?1)",
                [format!("v{i}")],
            )
            .unwrap();
            s.push(t.elapsed());
        }
        percentile(&mut s, 0.5)
    };
    let ratio = |d: Duration, base: Duration| d.as_secs_f64() / base.as_secs_f64();

    // Single mutations: one transaction each (row + outbox + audit), fsync'd (synchronous=FULL).
    let mut samples = Vec::new();
    for i in 0..1000 {
        let id = ids[rng.usize(..ids.len())];
        let t = Instant::now();
        store
            .submit(Mutation::UpdateCustomer {
                id,
                changes: vec![CustomerField::Notes(format!("跟进备注 {i}"))],
            })
            .unwrap();
        samples.push(t.elapsed());
    }
    let (m50, m99) = (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
    );

    let n = ids.len();
    if reuse {
        println!(
            "customers: {n}, kept from an earlier run, database {:.0} MB",
            size as f64 / 1e6
        );
    } else {
        println!(
            "customers: {n}, generated through the write path in {:.1} s, database {:.0} MB",
            load.as_secs_f64(),
            size as f64 / 1e6
        );
    }
    println!(
        "yardsticks: raw SQLite full scan of the {n} search keys with instr('五金') p50 {}; \
         raw one-row fsync'd commit p50 {}",
        ms(scan),
        ms(commit)
    );
    println!();
    println!("| measurement | p50 | p95 | p99 | p95 ÷ yardstick |");
    println!("|---|---|---|---|---|");
    println!(
        "| update customer mutation (row + outbox + audit, fsync) | {} | | {} | p50 {:.2}× commit |",
        ms(m50),
        ms(m99),
        ratio(m50, commit)
    );

    let rep_actor = {
        let mut a = admin.clone();
        a.user_id = reps[0];
        a.role = Role::Rep;
        a
    };
    let owner = rep_names[3].clone();
    let queries: Vec<(&str, String)> = vec![
        ("name characters", "五金".into()),
        ("pinyin initials", "cq".into()),
        ("full pinyin", "changsha".into()),
        ("contact name", "丽华".into()),
        ("mobile fragment", "13812".into()),
        ("no match", "zzzzqqq".into()),
        ("WeChat id fragment", "wx_12".into()),
        ("short prefix", "sh".into()),
        ("one letter", "s".into()),
        ("two words", "北京 五金".into()),
        ("initials + word", "bj 五金".into()),
        ("word + digits", "五金 1861".into()),
        ("owner's name", owner),
    ];
    // FAIRDESK_BENCH_ONLY="changsha" measures that query alone (for a profiler).
    let only = std::env::var("FAIRDESK_BENCH_ONLY").ok();
    let mut all = Vec::new();
    for (label, text) in queries
        .iter()
        .filter(|(_, t)| only.as_ref().is_none_or(|o| o == t))
    {
        for (who, actor) in [("admin", &admin), ("rep", &rep_actor)] {
            let q = CustomerQuery {
                text: text.to_string(),
                sort: fairdesk_core::customer::view::CustomerSort::Relevance,
                ..Default::default()
            };
            let mut s = Vec::new();
            let mut total = String::new();
            for _ in 0..40 {
                let t = Instant::now();
                let page = customers::list(store.conn(), actor, &q).unwrap();
                total = format!("{}{}", page.total, if page.more { "+" } else { "" });
                s.push(t.elapsed());
            }
            all.extend(s.iter().copied());
            let p95 = percentile(&mut s, 0.95);
            println!(
                "| search \"{text}\" ({label}, {who}, {total} hits) | {} | {} | {} | {:.2}× scan |",
                ms(percentile(&mut s, 0.5)),
                ms(p95),
                ms(percentile(&mut s, 0.99)),
                ratio(p95, scan)
            );
        }
    }
    let p95 = percentile(&mut all, 0.95);
    println!(
        "| **all searches** | {} | {} | {} | {:.2}× scan |",
        ms(percentile(&mut all, 0.5)),
        ms(p95),
        ms(percentile(&mut all, 0.99)),
        ratio(p95, scan)
    );
    let mut pages = Vec::new();
    for p in [0u32, 10, 100, 1000] {
        let q = CustomerQuery {
            page: p,
            ..Default::default()
        };
        let t = Instant::now();
        customers::list(store.conn(), &admin, &q).unwrap();
        pages.push((p, t.elapsed()));
    }
    for (p, d) in pages {
        println!(
            "| list page {p} (50 rows, sorted by pinyin) | {} | | |",
            ms(d)
        );
    }
}

/// 20 reps and `n` customers through the real write path.
fn generate(
    store: &mut Store,
    admin: &fairdesk_core::Actor,
    rng: &mut fastrand::Rng,
    n: usize,
) -> (Vec<Id>, Vec<String>, Vec<Id>) {
    let mut reps = Vec::new();
    let mut rep_names = Vec::new();
    let mut name_rng = fastrand::Rng::with_seed(11);
    for i in 0..20 {
        let team = if i < 10 { "华东组" } else { "华南组" };
        let mut name = fairdesk_store::demo::person_name(&mut name_rng);
        while rep_names.contains(&name) {
            name = fairdesk_store::demo::person_name(&mut name_rng);
        }
        rep_names.push(name.clone());
        reps.push(
            store
                .save_user(
                    None,
                    fairdesk_core::user::UserData {
                        name,
                        role: Role::Rep,
                        team: team.into(),
                        active: true,
                    },
                )
                .unwrap(),
        );
    }
    let today = store.today();
    let mut ids: Vec<Id> = Vec::with_capacity(n);
    while ids.len() < n {
        let batch = (n - ids.len()).min(2000);
        let mut builders: Vec<Builder> = Vec::with_capacity(batch);
        for _ in 0..batch {
            let id = store.new_id();
            ids.push(id);
            let data = customer_data(rng, today, &[]);
            let owner_id = reps[rng.usize(..reps.len())];
            builders.push(Box::new(move |num| Mutation::CreateCustomer {
                id,
                code: num.next("KH"),
                owner_id,
                data,
            }));
        }
        store.submit_many(admin, builders).unwrap();
    }
    (reps, rep_names, ids)
}

/// The reps (in the order they were made) and customers of a kept bench database.
fn existing(store: &Store) -> (Vec<Id>, Vec<String>, Vec<Id>) {
    let conn = store.conn();
    let mut stmt = conn
        .prepare("SELECT id, name FROM users WHERE role = 'rep' ORDER BY rowid")
        .unwrap();
    let users: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut stmt = conn
        .prepare("SELECT id FROM customers ORDER BY rid")
        .unwrap();
    let ids: Vec<Id> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|s| s.unwrap().parse().unwrap())
        .collect();
    let reps = users.iter().map(|(id, _)| id.parse().unwrap()).collect();
    (reps, users.into_iter().map(|(_, n)| n).collect(), ids)
}
