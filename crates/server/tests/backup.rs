//! A desk restored from an older backup, on real PostgreSQL, SQLite and HTTP: the backup's
//! outbox holds a change the server already has — re-sent, answered, not applied twice; the
//! pull brings back what was made after the backup; the next document number is not one the
//! desk already issued; the desk equals the server row by row.

mod common;

use common::desks::desk;
use common::{assert_converged, Server, ServerExt};

#[test]
fn a_restored_desk_resyncs_without_doubling_or_reissuing_anything() {
    let s = Server::start();
    let mut lina = desk(&s, "lina");
    let dir = tempfile::tempdir().unwrap();
    // A change made offline, then the backup, then it is synced and more is made.
    let a = lina.create("备份前客户");
    let backup = lina.store.backup_now(dir.path()).unwrap();
    assert_eq!(lina.sync().rejected, 0);
    let b = lina.create("备份后客户");
    assert_eq!(lina.sync().rejected, 0);
    let code = |d: &common::desks::Desk, id| {
        fairdesk_store::queries::customers::get(d.store.conn(), id)
            .unwrap()
            .map(|c| c.code)
    };
    let b_code = code(&lina, b).unwrap();
    let mutations = s.count("SELECT count(*) FROM mutations");

    let restored = lina.store.restore_from(&backup).unwrap();
    assert_eq!(restored.outbox, 1);
    assert_eq!(code(&lina, b), None, "the backup predates it");
    let report = lina.sync();
    assert_eq!(report.rejected, 0);
    assert_eq!(
        s.count("SELECT count(*) FROM mutations"),
        mutations,
        "the backup's change was answered again, not applied twice"
    );
    assert_eq!(
        code(&lina, b).as_deref(),
        Some(b_code.as_str()),
        "back from the server"
    );
    assert!(code(&lina, a).is_some());
    let c = lina.create("恢复后客户");
    assert_ne!(code(&lina, c).unwrap(), b_code, "no number issued twice");
    assert_eq!(lina.sync().rejected, 0);
    assert_eq!(
        s.count("SELECT count(*) FROM rows WHERE entity = 'customer'"),
        s.count("SELECT count(DISTINCT doc->>'code') FROM rows WHERE entity = 'customer'")
    );
    assert_converged(&s, &lina.store, "lina");
}
