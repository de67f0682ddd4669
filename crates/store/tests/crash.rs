//! Killing the process in the middle of writing loses nothing already committed and leaves no
//! half-written mutation: after restart every customer has exactly its outbox and audit rows
//! and the device sequence has no gaps.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "FAIRDESK_CRASH_CHILD_DB";

/// Runs only as the child process: writes customers as fast as it can until killed.
#[test]
fn crash_child_writer() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = fairdesk_store::Store::open(std::path::Path::new(&path)).unwrap();
    for i in 0.. {
        common::create(&mut store, &format!("崩溃测试客户{i}"), "王伟", "");
    }
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn killing_the_writer_mid_stream_keeps_every_mutation_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut last = 0;
    for round in 0..4 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash_child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Let it write for a while (different each round), then kill it without warning.
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(20));
            let n = rusqlite::Connection::open(&path)
                .ok()
                .and_then(|c| {
                    c.query_row("SELECT count(*) FROM customers", [], |r| r.get::<_, i64>(0))
                        .ok()
                })
                .unwrap_or(0);
            if n >= last + 20 + round * 15 || start.elapsed() > Duration::from_secs(30) {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let store = common::open_at(&path);
        let conn = store.conn();
        let customers = count(conn, "SELECT count(*) FROM customers");
        assert!(customers > last, "round {round}: the writer made progress");
        last = customers;
        assert_eq!(customers, count(conn, "SELECT count(*) FROM customer_docs"));
        assert_eq!(
            customers,
            count(
                conn,
                "SELECT count(*) FROM outbox WHERE name = 'create_customer'"
            )
        );
        assert_eq!(
            customers,
            count(
                conn,
                "SELECT count(*) FROM audit_log WHERE entity = 'customer' AND action = 'create'"
            )
        );
        let (n, max_seq) = conn
            .query_row("SELECT count(*), max(seq) FROM outbox", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })
            .unwrap();
        assert_eq!(n, max_seq, "round {round}: outbox sequence has no gaps");
        assert_eq!(count(conn, "SELECT next_seq FROM device"), max_seq + 1);
        assert_eq!(
            count(conn, "SELECT count(DISTINCT code) FROM customers"),
            customers,
            "numbers unique"
        );
    }
}
