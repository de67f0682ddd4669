//! Two desktop stores (real SQLite files) and the server (real PostgreSQL) on loopback:
//! offline work on both sides converges, visibility follows ownership, nothing is lost or
//! applied twice.

mod common;

use common::desks::{cup_in_stock, cup_order, desk, Desk};
use common::{assert_converged, Server, ServerExt, PASSWORD};
use fairdesk_core::customer::CustomerForm;
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::{customers, outbox};
use fairdesk_store::{CreateCustomer, Store};
use fairdesk_sync::client::{connect, sync_once, SyncClient};

#[test]
fn offline_edits_on_two_desks_converge_and_ownership_moves_rows() {
    let s = Server::start();
    let mut lina = desk(&s, "lina");
    let mut boss = desk(&s, "boss");
    assert_eq!(
        lina.store.current_actor().unwrap().user_id,
        lina.store.server_user().unwrap().unwrap(),
        "the desk works as the account"
    );

    // Lina creates a customer offline (her local bootstrap admin is adopted too) and syncs.
    let id = lina.create("重庆山城火锅食品有限公司");
    let report = lina.sync();
    assert_eq!(outbox::pending_count(lina.store.conn()).unwrap(), 0);
    assert_eq!((report.pushed, report.rejected), (1, 0));
    // The administrator her fresh desk made for itself was never uploaded.
    assert!(lina.store.conflicts().unwrap().is_empty());
    assert_eq!(
        s.count("SELECT count(*) FROM rows WHERE entity = 'user' AND doc->>'name' = '管理员'"),
        0
    );
    boss.sync();
    assert_eq!(boss.names(), vec!["重庆山城火锅食品有限公司"]);

    // Both edit offline: different fields both survive; the same field goes to the newer edit.
    boss.edit(id, |f| f.city = "重庆".into());
    lina.edit(id, |f| f.notes = "老客户，月结".into());
    boss.edit(id, |f| f.industry = "餐饮".into());
    std::thread::sleep(std::time::Duration::from_millis(5));
    lina.edit(id, |f| f.industry = "食品".into());
    lina.sync();
    boss.sync();
    lina.sync();
    let (a, b) = (lina.customer(id).unwrap(), boss.customer(id).unwrap());
    assert_eq!(a.data, b.data, "converged");
    assert_eq!(a.data.city, "重庆");
    assert_eq!(a.data.notes, "老客户，月结");
    assert_eq!(
        a.data.industry, "食品",
        "the newer edit of the same field wins"
    );
    // The boss's older value is kept in the server's history and shown on the boss's desk.
    let lost = boss.store.conflicts().unwrap();
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert_eq!(lost[0].entity_id, Some(id));
    assert!(lost[0].reason.contains("行业: 餐饮"), "{}", lost[0].reason);
    assert_eq!(
        s.count("SELECT count(*) FROM lost_writes WHERE field = 'industry' AND value->>'value' = '餐饮'"),
        1
    );

    // A replayed push changes nothing: the server answers the same and stores nothing new.
    let mutations = s.count("SELECT count(*) FROM mutations");
    let seq = s.count("SELECT seq FROM orgs WHERE slug = 'demo'");
    lina.sync();
    boss.sync();
    assert_eq!(s.count("SELECT count(*) FROM mutations"), mutations);
    assert_eq!(s.count("SELECT seq FROM orgs WHERE slug = 'demo'"), seq);

    // The boss gives the customer to 王强: it leaves Lina's desk at her next sync.
    let wang: Id = fairdesk_store::queries::users::list(boss.store.conn())
        .unwrap()
        .into_iter()
        .find(|u| u.data.name == "王强")
        .unwrap()
        .id;
    boss.store
        .submit(Mutation::ReassignCustomer { id, to_owner: wang })
        .unwrap();
    boss.sync();
    lina.sync();
    assert!(lina.customer(id).is_none(), "removed from Lina's device");
    assert!(lina.names().is_empty());
    let mut wang_desk = desk(&s, "wangqiang");
    assert_eq!(wang_desk.names(), vec!["重庆山城火锅食品有限公司"]);
    assert_eq!(
        wang_desk.customer(id).unwrap().data,
        boss.customer(id).unwrap().data
    );
    let _ = wang_desk.sync();
    // Every desk now equals the server, table by table.
    for (who, d) in [
        ("lina", &mut lina),
        ("boss", &mut boss),
        ("wang_desk", &mut wang_desk),
    ] {
        d.sync();
        assert_converged(&s, &d.store, who);
    }
}

#[test]
fn a_rejected_mutation_leaves_the_outbox_as_a_conflict_and_the_server_version_returns() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let mut lina = desk(&s, "lina");
    let id = lina.create("长沙湘江机电有限公司");
    lina.sync();
    boss.sync();
    // The boss deletes it while Lina, offline, edits it.
    boss.store.submit(Mutation::DeleteCustomer { id }).unwrap();
    lina.edit(id, |f| f.city = "长沙".into());
    boss.sync();
    let report = lina.sync();
    assert_eq!(report.rejected, 1);
    let conflict = lina
        .store
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "update_customer")
        .unwrap();
    assert_eq!(conflict.entity_id, Some(id));
    assert!(conflict.reason.contains("已删除"), "{}", conflict.reason);
    assert_eq!(outbox::pending_count(lina.store.conn()).unwrap(), 0);
    assert!(
        lina.customer(id).unwrap().deleted,
        "the server's version came back"
    );
    // Every desk now equals the server, table by table.
    for (who, d) in [("boss", &mut boss), ("lina", &mut lina)] {
        d.sync();
        assert_converged(&s, &d.store, who);
    }
}

const KILL_CHILD: &str = "FAIRDESK_SYNC_CHILD";

/// Runs only as the child process: syncs a desk until killed.
#[test]
fn sync_child() {
    let Ok(spec) = std::env::var(KILL_CHILD) else {
        return;
    };
    let mut parts = spec.splitn(3, '|');
    let (db, base, token) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let mut store = Store::open(std::path::Path::new(db)).unwrap();
    let client = SyncClient::new(base).with_token(token);
    loop {
        sync_once(&mut store, &client, |_| {}).unwrap();
    }
}

#[test]
fn killing_the_desktop_during_push_or_pull_loses_nothing_and_duplicates_nothing() {
    let s = Server::start();
    // Another desk fills the server, so that pulls take several pages.
    let mut boss = desk(&s, "boss");
    for i in 0..1500 {
        boss.create(&format!("服务器上的客户{i}"));
    }
    boss.sync();
    // This desk has work of its own waiting to be pushed.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fairdesk.db");
    let mut store = Store::open(&db).unwrap();
    let mut client = SyncClient::new(&s.base);
    let login = connect(&mut store, &mut client, "demo", "boss", PASSWORD).unwrap();
    let mut mine = Vec::new();
    for i in 0..400 {
        let form = CustomerForm {
            name: format!("本机客户{i}"),
            ..Default::default()
        };
        if let CreateCustomer::Created { id, .. } =
            store.create_customer(&form, None, true).unwrap()
        {
            mine.push(id);
        }
    }
    drop(store);
    for round in 0..4u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "sync_child", "--nocapture", "--test-threads=1"])
            .env(
                KILL_CHILD,
                format!("{}|{}|{}", db.display(), s.base, login.token),
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(150 + round * 120));
        child.kill().unwrap(); // SIGKILL, mid push or mid pull
        child.wait().unwrap();
    }
    // Restart: the desk finishes its sync.
    let mut store = Store::open(&db).unwrap();
    let client = SyncClient::new(&s.base).with_token(&login.token);
    sync_once(&mut store, &client, |_| {}).unwrap();
    assert_eq!(outbox::pending_count(store.conn()).unwrap(), 0);
    // Every local customer reached the server exactly once, and the desk has all of them.
    let on_server = s.count("SELECT count(*) FROM rows WHERE entity = 'customer'");
    assert_eq!(on_server, 1500 + 400);
    let accepted = s.count("SELECT count(*) FROM mutations WHERE result->>'status' = 'accepted'");
    assert_eq!(accepted as usize, 1500 + 400, "each create applied once");
    let local: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customers", [], |r| r.get(0))
        .unwrap();
    assert_eq!(local, on_server);
    for id in mine {
        assert!(customers::get(store.conn(), id).unwrap().is_some());
    }
    assert_converged(&s, &store, "the restarted desk");
}

/// A catalog, stock and a quote below the rep's floor travel through the server: the rep's
/// desk sees the boss's stock, the manager approves on his desk, another team never sees it.
#[test]
fn stock_and_a_quote_needing_approval_travel_between_desks() {
    use fairdesk_core::pricing::PriceSource;
    use fairdesk_core::quote::{QuoteData, QuoteLine, QuoteStatus};
    use fairdesk_core::stock::StockEntry;
    use fairdesk_store::queries::{catalog, quotes};
    use rust_decimal::Decimal;

    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let mut lina = desk(&s, "lina");
    let mut zhang = desk(&s, "zhangwei");
    let mut wang = desk(&s, "wangqiang");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    // Stock is the warehouse's and the admin's to record, whatever a desk sends.
    zhang.sync();
    assert!(
        zhang
            .store
            .create_with(|id| Mutation::RecordStock {
                id,
                entry: StockEntry::Receipt {
                    product_id: cup,
                    warehouse_id: wh,
                    qty: Decimal::from(5),
                    note: String::new()
                },
            })
            .is_err(),
        "a sales manager does not record stock"
    );
    boss.sync();

    // Lina sees the product with its stock and quotes 20 % below list by hand.
    lina.sync();
    let customer = lina.create("杭州西湖茶叶有限公司");
    let info = lina
        .store
        .line_info(customer, cup, Decimal::from(10))
        .unwrap();
    assert_eq!(info.stock[0].on_hand, Decimal::from(50));
    let today = lina.store.today();
    let line = QuoteLine {
        product_id: cup,
        sku: String::new(),
        name: String::new(),
        spec: String::new(),
        unit: String::new(),
        qty: Decimal::from(10),
        warehouse_id: Some(wh),
        list_price: Decimal::ZERO,
        unit_price: Decimal::from(80),
        segments: vec![],
        source: PriceSource::Manual {
            reason: "老客户".into(),
        },
        tax_rate: Decimal::from(13),
    };
    let (quote, _) = lina
        .store
        .create_quote(QuoteData::new(customer, today, true, vec![line]))
        .unwrap();
    assert!(lina
        .store
        .submit(Mutation::SetQuoteStatus {
            id: quote,
            to: QuoteStatus::Sent
        })
        .is_err());
    let report = lina.sync();
    assert_eq!(report.rejected, 0);
    assert_eq!(
        s.count("SELECT count(*) FROM rows WHERE entity = 'quote' AND (doc->>'breaches') <> '[]'"),
        1
    );

    // The manager of her team sees it needing approval and approves it on his desk.
    zhang.sync();
    assert!(quotes::get(zhang.store.conn(), quote)
        .unwrap()
        .unwrap()
        .needs_approval());
    zhang
        .store
        .submit(Mutation::ApproveQuote { id: quote })
        .unwrap();
    zhang.sync();
    lina.sync();
    lina.store
        .submit(Mutation::SetQuoteStatus {
            id: quote,
            to: QuoteStatus::Sent,
        })
        .unwrap();
    lina.sync();
    boss.sync();
    assert_eq!(
        quotes::get(boss.store.conn(), quote)
            .unwrap()
            .unwrap()
            .status,
        QuoteStatus::Sent
    );
    // Another team's rep has the catalog and the stock, never the quote.
    wang.sync();
    assert!(quotes::get(wang.store.conn(), quote).unwrap().is_none());
    assert_eq!(
        catalog::product_stock(wang.store.conn(), cup).unwrap()[0].on_hand,
        Decimal::from(50)
    );
    // Every desk now equals the server, table by table.
    for (who, d) in [
        ("boss", &mut boss),
        ("lina", &mut lina),
        ("zhang", &mut zhang),
        ("wang", &mut wang),
    ] {
        d.sync();
        assert_converged(&s, &d.store, who);
    }
}

/// Two reps at two desks both take 30 of the last 50 offline: each desk believed it had
/// them, the server's pool decides — the later push is 缺货 10, and both desks learn it.
#[test]
fn orders_taken_offline_on_two_desks_share_one_stock_pool() {
    use fairdesk_core::order::OrderAction;
    use rust_decimal::Decimal;

    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let mut wang = desk(&s, "wangqiang");
    let mut orders = Vec::new();
    for d in [&mut lina, &mut wang] {
        let customer = d.create("展会客户有限公司");
        let data = cup_order(customer, cup, wh, 30);
        let id = d
            .store
            .create_with(|id| Mutation::SaveOrder {
                id,
                number: format!("SO-{id}"),
                data,
            })
            .unwrap();
        d.store
            .submit(Mutation::OrderAct {
                id,
                action: OrderAction::Submit,
                reason: String::new(),
            })
            .unwrap();
        let local = fairdesk_store::queries::orders::get(d.store.conn(), id)
            .unwrap()
            .unwrap();
        assert_eq!(
            local.stock[0].reserved,
            Decimal::from(30),
            "offline, the desk holds all 30"
        );
        orders.push(id);
    }
    lina.sync();
    wang.sync();
    lina.sync();
    let first = fairdesk_store::queries::orders::get(lina.store.conn(), orders[0])
        .unwrap()
        .unwrap();
    let second = fairdesk_store::queries::orders::get(wang.store.conn(), orders[1])
        .unwrap()
        .unwrap();
    assert_eq!(
        (first.stock[0].reserved, first.stock[0].short),
        (Decimal::from(30), Decimal::ZERO)
    );
    assert_eq!(
        (second.stock[0].reserved, second.stock[0].short),
        (Decimal::from(20), Decimal::from(10))
    );
    // Every desk's pool now matches the server's: nothing left to promise.
    boss.sync();
    let level = fairdesk_store::queries::catalog::product_stock(boss.store.conn(), cup).unwrap();
    assert_eq!(
        (level[0].on_hand, level[0].available),
        (Decimal::from(50), Decimal::ZERO)
    );
    // Every desk now equals the server, table by table.
    for (who, d) in [
        ("boss", &mut boss),
        ("lina", &mut lina),
        ("wang", &mut wang),
    ] {
        d.sync();
        assert_converged(&s, &d.store, who);
    }
}

/// 限购 per customer and month, checked by the server against every desk's orders: two desks
/// each order 30 for the same customer offline; with 40 allowed, the later one is refused and
/// comes back to its desk as a conflict with the reason.
#[test]
fn a_purchase_limit_counts_the_orders_of_every_desk() {
    use fairdesk_core::order::{OrderAction, PurchaseLimit};
    use rust_decimal::Decimal;

    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let limit = PurchaseLimit {
        per_order: None,
        per_period: Some(Decimal::from(40)),
        period_days: 30,
    };
    let (wh, cup) = cup_in_stock(&mut boss, Some(limit));
    boss.sync();
    let mut lina = desk(&s, "lina");
    let customer = lina.create("限购测试有限公司");
    lina.sync();
    boss.sync();
    let order = |d: &mut Desk| {
        let data = cup_order(customer, cup, wh, 30);
        let (id, _) = d.store.create_order(data).unwrap();
        d.store
            .submit(Mutation::OrderAct {
                id,
                action: OrderAction::Submit,
                reason: String::new(),
            })
            .unwrap();
        id
    };
    let first = order(&mut lina);
    let refused = order(&mut boss);
    assert_eq!(lina.sync().rejected, 0);
    let report = boss.sync();
    assert!(report.rejected >= 1, "{report:?}");
    let conflicts = boss.store.conflicts().unwrap();
    assert!(
        conflicts
            .iter()
            .any(|c| c.reason.contains("限购：每位客户 30 天内最多 40，已购 30")),
        "{conflicts:?}"
    );
    assert!(
        fairdesk_store::queries::orders::get(boss.store.conn(), first)
            .unwrap()
            .is_some()
    );
    // The server holds only the first order; the refused one is gone from the desk that made
    // it too, and so are its 30 held cups.
    assert_eq!(
        s.count("SELECT count(*) FROM rows WHERE entity = 'order'"),
        1
    );
    assert!(
        fairdesk_store::queries::orders::get(boss.store.conn(), refused)
            .unwrap()
            .is_none()
    );
    let level = fairdesk_store::queries::catalog::product_stock(boss.store.conn(), cup).unwrap();
    assert_eq!(
        level[0].available,
        Decimal::from(20),
        "50 on hand, 30 held for the first order"
    );
    for (who, d) in [("boss", &mut boss), ("lina", &mut lina)] {
        d.sync();
        assert_converged(&s, &d.store, who);
    }
}

/// The manager approves one order on his desk; the rep, not yet synced, submits another for
/// the same customer. Her desk sees nothing owed, the server sees the approved ¥3,000 and
/// flags the new order 超信用额度 — and the rep's desk learns it on the next sync.
#[test]
fn an_order_approved_on_another_desk_counts_against_the_credit_limit() {
    use fairdesk_core::order::OrderAction;
    use fairdesk_core::Money;
    use fairdesk_store::queries::orders;

    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let customer = lina.create("信用测试有限公司");
    lina.edit(customer, |f| f.credit_limit = "5000".into());
    let submit_order = |d: &mut Desk, qty: i64| {
        let data = cup_order(customer, cup, wh, qty);
        let (id, _) = d.store.create_order(data).unwrap();
        d.act(id, OrderAction::Submit);
        id
    };
    let first = submit_order(&mut lina, 30);
    lina.sync();
    boss.sync();
    boss.act(first, OrderAction::Approve);
    boss.sync();

    let second = submit_order(&mut lina, 25);
    let local = orders::get(lina.store.conn(), second).unwrap().unwrap();
    assert!(!local.over_credit, "offline, the desk knows of no approval");
    assert_eq!(lina.sync().rejected, 0);
    let synced = orders::get(lina.store.conn(), second).unwrap().unwrap();
    assert!(synced.over_credit, "¥3,000 owed + ¥2,500 > ¥5,000");
    assert_eq!(synced.credit.open, Money::from_fen(300_000));
    assert_eq!(synced.credit.limit, Money::from_fen(500_000));

    // The rep's desk shows who approved her first order, and the boss's edit of her customer,
    // in their histories (learned from the pull, not made on her desk).
    let history = lina.store.order_view(first).unwrap().history;
    let approval = history
        .iter()
        .find(|h| h.action == "approve")
        .expect("approval");
    let boss_id = boss.store.current_actor().unwrap().user_id;
    let boss_name = fairdesk_store::queries::users::get(boss.store.conn(), boss_id)
        .unwrap()
        .unwrap()
        .data
        .name;
    assert_eq!(approval.user_name, boss_name);
    assert!(approval
        .changes
        .iter()
        .any(|c| c.field == "status" && c.after == "approved"));
    assert_eq!(
        history.iter().filter(|h| h.action == "submit").count(),
        1,
        "her own submit once, not again when it came back"
    );
    boss.edit(customer, |f| f.notes = "大客户，先发货".into());
    boss.sync();
    lina.sync();
    let history = customers::history(lina.store.conn(), customer).unwrap();
    assert_eq!(history[0].user_name, boss_name);
    assert_eq!(history[0].action, "update");
    assert_eq!(history[0].changes[0].field, "notes");
    // Every desk now equals the server, table by table.
    for (who, d) in [("boss", &mut boss), ("lina", &mut lina)] {
        d.sync();
        assert_converged(&s, &d.store, who);
    }
}

/// A desk's first sync brings the company's orders without writing a history line for each
/// (a first sync of 200,000 orders would write 200,000); an order made elsewhere after that
/// arrives with its "create" line, naming who made it.
#[test]
fn a_first_sync_writes_no_history_later_orders_arrive_with_theirs() {
    use fairdesk_core::order::OrderAction;
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    let customer = boss.create("杭州西湖茶叶有限公司");
    let order = |d: &mut Desk| {
        let (id, _) = d
            .store
            .create_order(cup_order(customer, cup, wh, 2))
            .unwrap();
        d.act(id, OrderAction::Submit);
        id
    };
    let first = order(&mut boss);
    boss.sync();

    let mut second_desk = desk(&s, "boss");
    second_desk.sync();
    let pulled: i64 = second_desk
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE mutation_id = 'pulled'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pulled, 0, "no history written by the first sync");
    assert!(second_desk
        .store
        .order_view(first)
        .unwrap()
        .history
        .is_empty());

    let later = order(&mut boss);
    boss.sync();
    second_desk.sync();
    let history = second_desk.store.order_view(later).unwrap().history;
    assert!(history.iter().any(|h| h.action == "create"), "{history:?}");
}
