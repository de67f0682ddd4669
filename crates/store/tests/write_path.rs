//! The write path on a real SQLite file: one mutation = row + outbox + audit, or nothing.

mod common;

use common::{add_user, counts, create, form, TestDb};
use fairdesk_core::customer::view::CustomerQuery;
use fairdesk_core::customer::{ContactForm, CustomerForm};
use fairdesk_core::error::ErrorCode;
use fairdesk_core::followup::{Channel, FollowUpForm};
use fairdesk_core::tag::TagData;
use fairdesk_core::{DomainError, Mutation, Role};
use fairdesk_store::queries::{customers, outbox, reminders};
use fairdesk_store::{CreateCustomer, StoreError};

fn field_errors(e: StoreError) -> Vec<(String, ErrorCode)> {
    match e {
        StoreError::Domain(DomainError::Validation { errors }) => {
            errors.into_iter().map(|e| (e.field, e.code)).collect()
        }
        other => panic!("expected validation error, got {other:?}"),
    }
}

#[test]
fn a_mutation_writes_row_outbox_and_audit_together_with_gapless_sequence() {
    let db = TestDb::new();
    let mut store = db.open();
    let before = counts(&store);
    let id = create(&mut store, "重庆长江机电有限公司", "单丽华", "13812345678");
    let after = counts(&store);
    assert_eq!(after.0, before.0 + 1);
    assert_eq!(after.1, before.1 + 1);
    assert_eq!(after.2, before.2 + 1);
    let c = customers::get(store.conn(), id).unwrap().unwrap();
    assert_eq!(c.code, format!("KH-{}-202611-0001", store.device().code));
    assert_eq!(c.meta.created_device, store.device().id);
    // A refused mutation takes neither a sequence number nor a document number.
    let mut bad = form("", "x", "1");
    bad.contacts.clear();
    assert!(store.create_customer(&bad, None, true).is_err());
    let id2 = create(&mut store, "长沙湘江食品商行", "曾国强", "13912345678");
    let c2 = customers::get(store.conn(), id2).unwrap().unwrap();
    assert_eq!(c2.code, format!("KH-{}-202611-0002", store.device().code));
    let seqs: Vec<i64> = store
        .conn()
        .prepare("SELECT seq FROM outbox ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "gapless");
    let pending = outbox::pending(store.conn(), 100).unwrap();
    assert_eq!(pending.last().unwrap().mutation.name(), "create_customer");
    assert_eq!(pending.last().unwrap().device_seq as usize, seqs.len());
}

#[test]
fn bad_input_gives_clear_errors_and_stores_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    create(&mut store, "已有客户", "王伟", "13800000001");
    let before = counts(&store);
    let cases: Vec<(CustomerForm, &str, ErrorCode)> = vec![
        (
            form("  ", "王伟", "13800000002"),
            "name",
            ErrorCode::Required,
        ),
        (
            form("甲公司", "王伟", "1380000"),
            "contacts.0.mobile",
            ErrorCode::InvalidMobile,
        ),
        (
            form(&"长".repeat(101), "王伟", ""),
            "name",
            ErrorCode::TooLong { max: 100 },
        ),
        (
            CustomerForm {
                birthday: "2026-02-30".into(),
                ..form("乙公司", "王伟", "")
            },
            "birthday",
            ErrorCode::InvalidDate,
        ),
        (
            CustomerForm {
                contract_expiry: "2026-13-45".into(),
                ..form("丙公司", "王伟", "")
            },
            "contract_expiry",
            ErrorCode::InvalidDate,
        ),
        (
            CustomerForm {
                birthday: "2030-01-01".into(),
                ..form("丁公司", "王伟", "")
            },
            "birthday",
            ErrorCode::DateInFuture,
        ),
        (
            form("x'); DROP TABLE customers; --", "王伟", ""),
            "name",
            ErrorCode::ForbiddenChars,
        ),
        (
            CustomerForm {
                credit_limit: "1e9; DELETE".into(),
                ..form("戊公司", "王伟", "")
            },
            "credit_limit",
            ErrorCode::NotANumber,
        ),
    ];
    for (f, field, code) in cases {
        let errors = field_errors(store.create_customer(&f, None, true).unwrap_err());
        assert!(
            errors.contains(&(field.to_string(), code.clone())),
            "{field}: {errors:?}"
        );
        assert_eq!(counts(&store), before, "nothing stored for {field}");
    }
    let err = store
        .create_customer(&form("", "", "123"), None, true)
        .unwrap_err();
    let msg = err.message(fairdesk_core::Lang::Zh);
    assert!(
        msg.contains("名称: 必填") && msg.contains("手机号格式不正确"),
        "{msg}"
    );
}

#[test]
fn sql_looking_free_text_is_stored_verbatim_and_harmless() {
    let db = TestDb::new();
    let mut store = db.open();
    let notes = "'; DROP TABLE customers; -- 100% _真_ \\";
    let f = CustomerForm {
        notes: notes.into(),
        ..form("安全测试有限公司", "王伟", "")
    };
    let CreateCustomer::Created { id, .. } = store.create_customer(&f, None, true).unwrap() else {
        panic!()
    };
    assert_eq!(
        customers::get(store.conn(), id)
            .unwrap()
            .unwrap()
            .data
            .notes,
        notes
    );
    let actor = store.current_actor().unwrap();
    for q in ["'; DROP TABLE customers; --", "%", "_", "\\"] {
        let page = customers::list(
            store.conn(),
            &actor,
            &CustomerQuery {
                text: q.into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(page.total, 0, "{q:?} is matched literally");
    }
    assert_eq!(counts(&store).0, 1);
}

#[test]
fn the_duplicate_warning_names_the_existing_record() {
    let db = TestDb::new();
    let mut store = db.open();
    let first = create(&mut store, "厦门海湾贸易有限公司", "林芳", "13700001111");
    let before = counts(&store);
    for f in [
        form("厦门海湾贸易有限公司", "别人", ""),
        form("另一家公司", "林芳", "137 0000 1111"),
    ] {
        match store.create_customer(&f, None, false).unwrap() {
            CreateCustomer::PossibleDuplicates { hits } => {
                assert_eq!(hits.len(), 1);
                assert_eq!(hits[0].id, first);
            }
            other => panic!("expected a warning, got {other:?}"),
        }
        assert_eq!(counts(&store), before);
    }
    // Confirmed by the user: created anyway.
    assert!(matches!(
        store
            .create_customer(&form("另一家公司", "林芳", "13700001111"), None, true)
            .unwrap(),
        CreateCustomer::Created { .. }
    ));
}

#[test]
fn data_survives_reopening_and_the_device_keeps_its_identity() {
    let db = TestDb::new();
    let (device, id) = {
        let mut store = db.open();
        (
            store.device().clone(),
            create(&mut store, "苏州园林家居有限公司", "周杰", ""),
        )
    };
    let store = db.open();
    assert_eq!(store.device(), &device);
    assert_eq!(
        customers::get(store.conn(), id).unwrap().unwrap().data.name,
        "苏州园林家居有限公司"
    );
    assert_eq!(
        outbox::pending_count(store.conn()).unwrap(),
        2,
        "admin bootstrap + create"
    );
}

#[test]
fn edits_send_only_changed_fields_and_appear_in_history() {
    let db = TestDb::new();
    let mut store = db.open();
    let id = create(&mut store, "杭州西湖茶业有限公司", "陈静", "13600000000");
    let mut f = CustomerForm::from_data(&customers::get(store.conn(), id).unwrap().unwrap().data);
    assert!(
        store.update_customer(id, &f).unwrap().is_none(),
        "no change, no mutation"
    );
    f.city = "杭州".into();
    f.contacts.push(ContactForm {
        name: "赵敏".into(),
        mobile: "13900000000".into(),
        ..Default::default()
    });
    store.update_customer(id, &f).unwrap().unwrap();
    let last = outbox::pending(store.conn(), 100).unwrap().pop().unwrap();
    match last.mutation {
        Mutation::UpdateCustomer { changes, .. } => {
            let keys: Vec<&str> = changes.iter().map(|c| c.key()).collect();
            assert_eq!(keys, vec!["contacts", "city"]);
        }
        other => panic!("{other:?}"),
    }
    let actor = store.current_actor().unwrap();
    let detail = customers::detail(store.conn(), &actor, id).unwrap();
    let update = &detail.history[0];
    assert_eq!(update.action, "update");
    assert_eq!(update.user_name, "管理员");
    let city = update.changes.iter().find(|c| c.field == "city").unwrap();
    assert_eq!(
        (city.before.as_str(), city.after.as_str()),
        (Some(""), Some("杭州"))
    );
}

#[test]
fn reps_see_own_customers_managers_their_team_and_transfer_moves_all() {
    let db = TestDb::new();
    let mut store = db.open();
    let admin = store.current_actor().unwrap().user_id;
    let mgr = add_user(&mut store, "张伟", Role::Manager, "华东组");
    let rep_a = add_user(&mut store, "李娜", Role::Rep, "华东组");
    let rep_b = add_user(&mut store, "刘洋", Role::Rep, "华南组");
    for (rep, n) in [(rep_a, 3), (rep_b, 2)] {
        for i in 0..n {
            let f = form(&format!("客户{rep}-{i}"), "王伟", "");
            store.create_customer(&f, Some(rep), true).unwrap();
        }
    }
    let total = |store: &fairdesk_store::Store| {
        let actor = store.current_actor().unwrap();
        customers::list(store.conn(), &actor, &CustomerQuery::default())
            .unwrap()
            .total
    };
    store.set_current_user(rep_a).unwrap();
    assert_eq!(total(&store), 3);
    store.set_current_user(mgr).unwrap();
    assert_eq!(total(&store), 3, "manager sees the 华东组 team");
    store.set_current_user(rep_b).unwrap();
    assert_eq!(total(&store), 2);
    let other = customers::list(
        store.conn(),
        &fairdesk_core::Actor {
            user_id: rep_a,
            ..store.current_actor().unwrap()
        },
        &CustomerQuery::default(),
    )
    .unwrap()
    .rows[0]
        .id;
    assert!(matches!(
        customers::detail(store.conn(), &store.current_actor().unwrap(), other),
        Err(StoreError::Domain(DomainError::Forbidden { .. }))
    ));
    // Rep A leaves: all of A's customers go to B in one action.
    assert!(store
        .submit(Mutation::TransferAllCustomers {
            from_owner: rep_a,
            to_owner: rep_b
        })
        .is_err());
    store.set_current_user(admin).unwrap();
    let before = counts(&store).1;
    store
        .submit(Mutation::TransferAllCustomers {
            from_owner: rep_a,
            to_owner: rep_b,
        })
        .unwrap();
    assert_eq!(counts(&store).1, before + 1, "one mutation");
    store.set_current_user(rep_b).unwrap();
    assert_eq!(total(&store), 5);
    store.set_current_user(rep_a).unwrap();
    assert_eq!(total(&store), 0);
}

#[test]
fn soft_delete_hides_and_restore_brings_back() {
    let db = TestDb::new();
    let mut store = db.open();
    let id = create(&mut store, "青岛海风食品有限公司", "孙丽", "");
    let actor = store.current_actor().unwrap();
    store.submit(Mutation::DeleteCustomer { id }).unwrap();
    let live = customers::list(store.conn(), &actor, &CustomerQuery::default()).unwrap();
    let bin = customers::list(
        store.conn(),
        &actor,
        &CustomerQuery {
            deleted: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((live.total, bin.total), (0, 1));
    assert!(
        customers::get(store.conn(), id).unwrap().unwrap().deleted,
        "row kept as tombstone"
    );
    store.submit(Mutation::RestoreCustomer { id }).unwrap();
    assert_eq!(
        customers::list(store.conn(), &actor, &CustomerQuery::default())
            .unwrap()
            .total,
        1
    );
}

#[test]
fn tags_filter_and_reminders_follow_the_calendar() {
    let db = TestDb::new();
    let mut store = db.open();
    let hot = store
        .save_tag(
            None,
            TagData {
                name: "高潜力客户".into(),
                color: "#D9363E".into(),
            },
        )
        .unwrap();
    let repeat = store
        .save_tag(
            None,
            TagData {
                name: "复购客户".into(),
                color: "#389e0d".into(),
            },
        )
        .unwrap();
    let today = store.today();
    assert_eq!(today.to_string(), "2026-11-27");
    let mk =
        |name: &str, tags: Vec<fairdesk_core::Id>, birthday: &str, expiry: &str| CustomerForm {
            tag_ids: tags,
            birthday: birthday.into(),
            contract_expiry: expiry.into(),
            ..form(name, "王伟", "")
        };
    let mut ids = Vec::new();
    for f in [
        mk("甲", vec![hot], "1980-12-01", ""),
        mk("乙", vec![hot, repeat], "1980-12-05", "2026-12-20"),
        mk("丙", vec![repeat], "1980-11-26", "2027-03-01"),
    ] {
        let CreateCustomer::Created { id, .. } = store.create_customer(&f, None, true).unwrap()
        else {
            panic!()
        };
        ids.push(id);
    }
    let actor = store.current_actor().unwrap();
    let with = |tags: Vec<fairdesk_core::Id>| {
        let q = CustomerQuery {
            tag_ids: tags,
            ..Default::default()
        };
        let mut names: Vec<String> = customers::list(store.conn(), &actor, &q)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.name)
            .collect();
        names.sort();
        names
    };
    assert_eq!(with(vec![hot]), vec!["乙", "甲"]);
    assert_eq!(with(vec![hot, repeat]), vec!["乙"]);
    store
        .add_follow_up(&FollowUpForm {
            customer_id: ids[2],
            date: "2026-11-20".into(),
            channel: Channel::Wechat,
            content: "发了报价".into(),
            next_date: "2026-11-25".into(),
        })
        .unwrap();
    let actor = store.current_actor().unwrap();
    let list = reminders::for_actor(store.conn(), &actor, today).unwrap();
    let got: Vec<(String, &str, i64)> = list
        .iter()
        .map(|r| {
            (
                r.customer_name.clone(),
                match r.kind {
                    fairdesk_core::reminder::ReminderKind::Birthday => "birthday",
                    fairdesk_core::reminder::ReminderKind::ContractExpiry => "contract",
                    fairdesk_core::reminder::ReminderKind::FollowUpDue => "follow_up",
                },
                r.days,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("丙".to_string(), "follow_up", -2),
            ("甲".to_string(), "birthday", 4),
            ("乙".to_string(), "contract", 23),
        ]
    );
    // Tag colour was normalised; an invalid colour is refused.
    let err = store
        .save_tag(
            Some(hot),
            TagData {
                name: "x".into(),
                color: "red".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        field_errors(err),
        vec![("color".to_string(), ErrorCode::InvalidColor)]
    );
}

#[test]
fn the_demo_company_seeds_reps_tags_customers_and_due_reminders() {
    let db = TestDb::new();
    let mut store = db.open();
    let summary = fairdesk_store::demo::seed(&mut store, 200).unwrap();
    assert_eq!(summary.customers, 200);
    let actor = store.current_actor().unwrap();
    let page = customers::list(store.conn(), &actor, &CustomerQuery::default()).unwrap();
    assert_eq!(page.total, 200);
    let provinces: std::collections::HashSet<String> = customers::list(
        store.conn(),
        &actor,
        &CustomerQuery {
            page_size: 200,
            ..Default::default()
        },
    )
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.province)
    .collect();
    assert!(provinces.len() >= 10, "{provinces:?}");
    assert!(!reminders::for_actor(store.conn(), &actor, store.today())
        .unwrap()
        .is_empty());
    assert!(
        fairdesk_store::queries::users::list(store.conn())
            .unwrap()
            .len()
            >= 9
    );
}

#[test]
fn the_daily_notification_digest_comes_once_a_day_and_only_with_something_due() {
    let db = TestDb::new();
    let mut store = db.open();
    assert_eq!(store.daily_reminder_digest().unwrap(), None, "nothing due");
    let f = CustomerForm {
        birthday: "1990-11-29".into(),
        ..form("有生日的客户", "王伟", "")
    };
    store.create_customer(&f, None, true).unwrap();
    let digest = store
        .daily_reminder_digest()
        .unwrap()
        .expect("a digest once something is due");
    assert_eq!(digest.len(), 1);
    assert_eq!(digest[0].customer_name, "有生日的客户");
    assert_eq!(
        store.daily_reminder_digest().unwrap(),
        None,
        "already shown today"
    );
    drop(store);
    // The next day it comes again (the birthday is still ahead).
    let tomorrow = common::NOW + 86_400_000;
    let mut store =
        fairdesk_store::Store::open_with_clock(&db.path(), Box::new(move || tomorrow)).unwrap();
    assert_eq!(
        store.daily_reminder_digest().unwrap().map(|d| d[0].days),
        Some(1)
    );
}

#[test]
fn the_demo_company_is_created_once_per_database() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(20).unwrap();
    let before = counts(&store);
    assert!(matches!(store.seed_demo(20), Err(StoreError::DemoExists)));
    assert_eq!(counts(&store), before);
}

/// A pulled customer carrying a field clock far in the future (a colleague's broken clock)
/// doesn't drag this desk's clock along: its next mutation is stamped near its own time. A
/// clock a few seconds ahead is still observed (ordinary skew between desks).
#[test]
fn a_far_future_clock_in_a_pull_does_not_carry_the_desk_clock() {
    use fairdesk_core::Hlc;
    use fairdesk_store::RemoteRow;
    let db = TestDb::new();
    let mut store = db.open();
    let id = common::create(&mut store, "钟表测试有限公司", "王伟", "13800000001");
    let doc: String = store
        .conn()
        .query_row(
            "SELECT doc FROM customer_docs WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let node = fairdesk_store::new_id(common::NOW);
    let stamp = |ms: u64| Hlc {
        ms,
        counter: 0,
        node,
    };
    doc["clocks"]["city"] = serde_json::to_value(stamp(1 << 62)).unwrap();
    doc["clocks"]["notes"] = serde_json::to_value(stamp(common::NOW as u64 + 3_000)).unwrap();
    store
        .apply_remote_page(
            &[RemoteRow {
                entity: "customer".into(),
                id,
                doc: Some(serde_json::value::to_raw_value(&doc).unwrap()),
            }],
            1,
        )
        .unwrap();
    let receipt = store
        .submit(fairdesk_core::Mutation::DeleteCustomer { id })
        .unwrap();
    assert!(
        receipt.hlc.ms < (common::NOW as u64) + 60_000,
        "{:?}",
        receipt.hlc
    );
    assert!(
        receipt.hlc.ms >= common::NOW as u64 + 3_000,
        "the small skew is observed"
    );
}
