//! After every sync a desk equals the server's state for what its user may see (issue 10):
//! holds of orders the user may not see stay in the pool (redacted), a refused mutation's local
//! effects are put back to the server's state in the same sync, a former owner's refused edit
//! says why, and an order the server found short is announced. Real PostgreSQL, real SQLite
//! files, real HTTP on loopback; every desk is compared with the server table by table.

mod common;

use common::desks::{cup_in_stock, cup_order, desk, Desk};
use common::{assert_converged, Server};
use fairdesk_core::order::{OrderAction, OrderStatus};
use fairdesk_core::stock::StockEntry;
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::{catalog, orders};
use rust_decimal::Decimal;

fn act(d: &mut Desk, id: Id, action: OrderAction, reason: &str) {
    d.store
        .submit(Mutation::OrderAct {
            id,
            action,
            reason: reason.into(),
        })
        .unwrap();
}

/// A submitted order for `qty` cups of a new customer of this desk's user.
fn order_cups(d: &mut Desk, customer: &str, cup: Id, wh: Id, qty: i64) -> (Id, Id) {
    let customer = d.create(customer);
    let (id, _) = d
        .store
        .create_order(cup_order(customer, cup, wh, qty))
        .unwrap();
    act(d, id, OrderAction::Submit, "");
    (customer, id)
}

/// (on hand, available) of the cup in its only warehouse, as the desk's stock screen reads it.
fn pool(d: &Desk, cup: Id) -> (Decimal, Decimal) {
    let level = catalog::product_stock(d.store.conn(), cup).unwrap();
    (level[0].on_hand, level[0].available)
}

/// Down to 10 cups: a stock-take finds 10 of the 50.
fn only_ten_left(boss: &mut Desk, cup: Id, wh: Id) {
    boss.store
        .create_with(|id| Mutation::RecordStock {
            id,
            entry: StockEntry::Count {
                product_id: cup,
                warehouse_id: wh,
                counted: Decimal::from(10),
                reason: "盘亏".into(),
            },
        })
        .unwrap();
}

/// Two reps, offline, each order the last 10 units. The server gives Lina 10 and marks Wang's
/// order 缺货 10 — and both desks then show nothing available, with the hold of the order the
/// other rep can't see kept in the pool without its order. Wang is told his order is short.
/// Then the boss moves Lina's customer to Wang: her desk keeps the pool right, his desk gets the
/// order with its hold.
#[test]
fn holds_stay_in_the_pool_after_revokes_and_reassignment() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    only_ten_left(&mut boss, cup, wh);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let mut wang = desk(&s, "wangqiang");
    let (lina_customer, lina_order) = order_cups(&mut lina, "展会客户甲", cup, wh, 10);
    let (_, wang_order) = order_cups(&mut wang, "展会客户乙", cup, wh, 10);
    assert_eq!(pool(&wang, cup), (Decimal::from(10), Decimal::ZERO));
    lina.sync();
    wang.sync();
    lina.sync();
    boss.sync();

    let short = orders::get(wang.store.conn(), wang_order).unwrap().unwrap();
    assert_eq!(
        short.stock[0].short,
        Decimal::from(10),
        "the server's decision"
    );
    for (who, d) in [("lina", &lina), ("wang", &wang), ("boss", &boss)] {
        assert_eq!(
            pool(d, cup),
            (Decimal::from(10), Decimal::ZERO),
            "{who}: on hand 10, all held by Lina's order"
        );
    }
    // Wang's desk holds Lina's hold, but not which order it is for.
    let holds: Vec<(String, String)> = wang
        .store
        .conn()
        .prepare("SELECT id, order_id FROM stock_reservations WHERE qty_milli > 0")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(
        holds[0].1,
        Id::NIL.to_string(),
        "no order on a redacted hold"
    );
    assert!(!holds[0].0.contains(&lina_order.to_string()[..8]));
    assert!(orders::get(wang.store.conn(), lina_order)
        .unwrap()
        .is_none());
    // Wang is told, so the customer can be.
    let notice = wang
        .store
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.kind == "short")
        .expect("a 缺货 notice on Wang's desk");
    assert_eq!(notice.entity_id, Some(wang_order));
    assert_eq!(notice.entity.as_deref(), Some("order"));
    assert!(notice.reason.contains("BWB-500 缺 10"), "{}", notice.reason);
    assert!(
        wang.store.conflict_count().unwrap() >= 1,
        "the top bar counts it"
    );
    assert!(
        lina.store
            .conflicts()
            .unwrap()
            .iter()
            .all(|c| c.kind != "short"),
        "Lina's order was not short"
    );
    assert_converged(&s, &lina.store, "lina");
    assert_converged(&s, &wang.store, "wang");
    assert_converged(&s, &boss.store, "boss");

    // The boss hands Lina's customer to Wang.
    boss.store
        .submit(Mutation::ReassignCustomer {
            id: lina_customer,
            to_owner: wang.store.server_user().unwrap().unwrap(),
        })
        .unwrap();
    boss.sync();
    lina.sync();
    wang.sync();
    assert!(orders::get(lina.store.conn(), lina_order)
        .unwrap()
        .is_none());
    assert_eq!(pool(&lina, cup), (Decimal::from(10), Decimal::ZERO));
    let moved = orders::get(wang.store.conn(), lina_order).unwrap().unwrap();
    assert_eq!(moved.stock[0].reserved, Decimal::from(10));
    assert_eq!(
        pool(&wang, cup),
        (Decimal::from(10), Decimal::ZERO),
        "not twice"
    );
    let on_wang: i64 = wang
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM stock_reservations WHERE order_id = ?1",
            [lina_order.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_wang, 1, "the hold now whole, its redacted twin replaced");
    assert_converged(&s, &lina.store, "lina");
    assert_converged(&s, &wang.store, "wang");
    assert_converged(&s, &boss.store, "boss");
}

/// The manager approves an order on his desk while the admin, offline, rejects it: the reject
/// is refused, and in the same sync the admin's desk gets back the approved order and its holds.
#[test]
fn a_refused_reject_puts_back_the_order_and_its_holds() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let (wh, cup) = cup_in_stock(&mut boss, None);
    boss.sync();
    let mut lina = desk(&s, "lina");
    let mut zhang = desk(&s, "zhangwei");
    let (_, order) = order_cups(&mut lina, "驳回测试有限公司", cup, wh, 11);
    lina.sync();
    zhang.sync();
    boss.sync();
    act(&mut zhang, order, OrderAction::Approve, "");
    act(&mut boss, order, OrderAction::Reject, "价格不对");
    assert_eq!(pool(&boss, cup), (Decimal::from(50), Decimal::from(50)));
    zhang.sync();
    let report = boss.sync();
    assert_eq!(report.rejected, 1);
    let back = orders::get(boss.store.conn(), order).unwrap().unwrap();
    assert_eq!(back.status, OrderStatus::Approved);
    assert_eq!(back.stock[0].reserved, Decimal::from(11));
    assert_eq!(pool(&boss, cup), (Decimal::from(50), Decimal::from(39)));
    // The refused reject left no trace in the order's history on the admin's desk.
    let history = boss.store.order_view(order).unwrap().history;
    assert!(history.iter().all(|h| h.action != "reject"), "{history:?}");
    lina.sync();
    for (who, d) in [("boss", &boss), ("zhang", &zhang), ("lina", &lina)] {
        assert_converged(&s, &d.store, who);
    }
}

/// The manager deletes a tag while a rep, offline, tags her customer with it and writes a note
/// in the same edit. The push is refused (标签不存在或已删除), and the rep's desk loses the note,
/// the tag and the search keys they added — the server has neither.
#[test]
fn a_refused_tag_and_note_leave_the_desk() {
    use fairdesk_core::tag::TagData;
    let s = Server::start();
    let mut zhang = desk(&s, "zhangwei");
    let tag = zhang
        .store
        .create_with(|id| Mutation::CreateTag {
            id,
            data: TagData {
                name: "展会线索".into(),
                color: "#3366ff".into(),
            },
        })
        .unwrap();
    zhang.sync();
    let mut lina = desk(&s, "lina");
    let customer = lina.create("杭州西湖茶叶有限公司");
    lina.sync();
    zhang.sync();
    zhang.store.submit(Mutation::DeleteTag { id: tag }).unwrap();
    zhang.sync();
    lina.edit(customer, |f| {
        f.tag_ids = vec![tag];
        f.notes = "龙井大客户".into();
    });
    let before = lina.customer(customer).unwrap();
    assert_eq!(before.data.tag_ids, vec![tag], "offline, the desk took it");
    let report = lina.sync();
    assert_eq!(report.rejected, 1);
    let conflict = &lina.store.conflicts().unwrap()[0];
    assert!(conflict.reason.contains("标签"), "{}", conflict.reason);
    let after = lina.customer(customer).unwrap();
    assert!(after.data.tag_ids.is_empty());
    assert_eq!(after.data.notes, "");
    let search: String = lina
        .store
        .conn()
        .query_row(
            "SELECT search FROM customers WHERE id = ?1",
            [customer.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !search.contains("龙井"),
        "the note's search keys are gone too"
    );
    // Further syncs keep it that way.
    lina.sync();
    for (who, d) in [("lina", &lina), ("zhang", &zhang)] {
        assert_converged(&s, &d.store, who);
    }
}

/// Lina edits her customer offline after the boss moved it to Wang: the refusal says to whom,
/// by whom and when, and its link does not open a customer her desk no longer has.
#[test]
fn a_former_owners_edit_is_refused_with_the_reason() {
    let s = Server::start();
    let mut boss = desk(&s, "boss");
    let mut lina = desk(&s, "lina");
    let wang = desk(&s, "wangqiang");
    let customer = lina.create("苏州园林机械有限公司");
    lina.sync();
    boss.sync();
    boss.store
        .submit(Mutation::ReassignCustomer {
            id: customer,
            to_owner: wang.store.server_user().unwrap().unwrap(),
        })
        .unwrap();
    boss.sync();
    lina.edit(customer, |f| f.city = "苏州".into());
    assert_eq!(lina.sync().rejected, 1);
    let conflict = lina
        .store
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "update_customer")
        .unwrap();
    let today = chrono::DateTime::from_timestamp_millis(common::now_ms() + 8 * 3_600_000)
        .unwrap()
        .format("%m-%d")
        .to_string();
    assert_eq!(
        conflict.reason,
        format!("该客户已于 {today} 由 老板 转给 王强，您不能再修改它")
    );
    assert!(conflict.reason_en.contains("moved to 王强"));
    assert_eq!(conflict.entity_id, Some(customer));
    assert_eq!(
        conflict.entity, None,
        "no link to a customer the desk doesn't have"
    );
    assert!(lina.customer(customer).is_none());
    assert_converged(&s, &lina.store, "lina");
}

/// A desk back from a week offline reports its push as it goes (answered of pending), then the
/// pull; both end in a converged desk.
#[test]
fn a_long_outbox_reports_push_and_pull_progress() {
    use fairdesk_sync::client::{sync_once, SyncProgress};
    let s = Server::start();
    let mut lina = desk(&s, "lina");
    for i in 0..450 {
        lina.create(&format!("离线客户{i}"));
    }
    let mut seen = Vec::new();
    sync_once(&mut lina.store, &lina.client, |p| seen.push(p)).unwrap();
    let pushes: Vec<(u64, u64)> = seen
        .iter()
        .filter_map(|p| match p {
            SyncProgress::Push { sent, total } => Some((*sent, *total)),
            _ => None,
        })
        .collect();
    assert_eq!(pushes, vec![(0, 450), (200, 450), (400, 450), (450, 450)]);
    assert!(
        seen.iter()
            .any(|p| matches!(p, SyncProgress::Pull { done, .. } if *done >= 450)),
        "{seen:?}"
    );
    assert_converged(&s, &lina.store, "lina");
}
