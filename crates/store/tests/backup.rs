//! Backups of a desk on real SQLite files: made while the store is open, once a day keeping
//! the newest N, restored in place — the data goes back, the document numbers don't (no number
//! is issued twice) — and files that are not this desk's backups refused with nothing changed.

mod common;

use common::{counts, create, TestDb};
use fairdesk_store::backup::{list_backups, RestoreRefusal};
use fairdesk_store::StoreError;

fn code_of(store: &fairdesk_store::Store, id: fairdesk_core::Id) -> String {
    fairdesk_store::queries::customers::get(store.conn(), id)
        .unwrap()
        .unwrap()
        .code
}

#[test]
fn a_restored_desk_has_its_data_back_but_never_reissues_a_number() {
    let db = TestDb::new();
    let mut store = db.open();
    let dir = db.dir.path().join("backups");
    let a = create(&mut store, "备份前客户", "王伟", "13800138001");
    let backup = store.backup_now(&dir).unwrap();
    let unsent = fairdesk_store::queries::outbox::pending_count(store.conn()).unwrap();
    let b = create(&mut store, "备份后客户", "李娜", "13800138002");
    let b_code = code_of(&store, b);
    let restored = store.restore_from(&backup).unwrap();
    assert_eq!(restored.outbox, unsent, "the backup's unsent changes");
    let names: Vec<String> = store
        .conn()
        .prepare("SELECT name FROM customers ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["备份前客户"]);
    assert!(code_of(&store, a).starts_with("KH-"));
    // The next customer does not take the number the one made after the backup had.
    let c = create(&mut store, "恢复后客户", "张伟", "13800138003");
    assert_ne!(code_of(&store, c), b_code);
    // The store keeps working on the same file, and reopens.
    drop(store);
    let store = db.open();
    assert_eq!(counts(&store).0, 2);
}

#[test]
fn only_this_desks_backups_are_restored() {
    let db = TestDb::new();
    let mut store = db.open();
    create(&mut store, "本机客户", "王伟", "13800138001");
    let before = counts(&store);
    // A file that is not a database.
    let junk = db.dir.path().join("fairdesk-backup-junk.db");
    std::fs::write(&junk, "这不是数据库").unwrap();
    match store.restore_from(&junk) {
        Err(StoreError::Restore(RestoreRefusal::NotABackup)) => {}
        other => panic!("{other:?}"),
    }
    // Another desk's backup.
    let other = TestDb::new();
    let theirs = other.open();
    let file = other.dir.path().join("theirs.db");
    theirs.backup_to(&file).unwrap();
    let e = store.restore_from(&file).unwrap_err();
    assert!(matches!(e, StoreError::Restore(RestoreRefusal::OtherDesk)));
    assert!(e.message(fairdesk_core::Lang::Zh).contains("另一台电脑"));
    assert_eq!(counts(&store), before, "nothing changed");
}

#[test]
fn one_backup_a_day_and_the_newest_are_kept() {
    let db = TestDb::new();
    let store = db.open();
    let dir = db.dir.path().join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    for day in ["20261120", "20261121", "20261122", "20261123"] {
        std::fs::write(dir.join(format!("fairdesk-backup-{day}-090000.db")), "old").unwrap();
    }
    let made = store
        .daily_backup(&dir, 3)
        .unwrap()
        .expect("today's backup");
    assert!(made
        .file_name()
        .unwrap()
        .to_string_lossy()
        .contains("20261127"));
    assert_eq!(store.daily_backup(&dir, 3).unwrap(), None, "once a day");
    let names: Vec<String> = list_backups(&dir).into_iter().map(|b| b.name).collect();
    assert_eq!(
        names,
        [
            "fairdesk-backup-20261127-100000.db",
            "fairdesk-backup-20261123-090000.db",
            "fairdesk-backup-20261122-090000.db"
        ]
    );
    // The backup is a database a store opens.
    let copy = fairdesk_store::Store::open(&made).unwrap();
    assert_eq!(counts(&copy).0, counts(&store).0);
}
