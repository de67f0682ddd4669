//! Desks with their own store (a real SQLite file) and sync engine, logged in to the test server.

use super::{Server, PASSWORD};
use fairdesk_core::customer::view::CustomerQuery;
use fairdesk_core::customer::{ContactForm, CustomerForm};
use fairdesk_core::{Id, Mutation};
use fairdesk_store::queries::customers;
use fairdesk_store::{CreateCustomer, Store};
use fairdesk_sync::client::{connect, sync_once, SyncClient};

pub struct Desk {
    _dir: tempfile::TempDir,
    pub store: Store,
    pub client: SyncClient,
}

pub fn desk(s: &Server, login: &str) -> Desk {
    desk_with_clock(s, login, fairdesk_store::system_clock())
}

/// A desk whose wall clock is `clock` (a desk whose date is off, or days passing).
pub fn desk_with_clock(s: &Server, login: &str, clock: fairdesk_store::Clock) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_with_clock(&dir.path().join("fairdesk.db"), clock).unwrap();
    let mut client = SyncClient::new(&s.base);
    connect(&mut store, &mut client, "demo", login, PASSWORD).unwrap();
    let mut d = Desk {
        _dir: dir,
        store,
        client,
    };
    d.sync();
    d
}

impl Desk {
    pub fn sync(&mut self) -> fairdesk_sync::client::SyncReport {
        sync_once(&mut self.store, &self.client, |_| {}).unwrap()
    }

    pub fn create(&mut self, name: &str) -> Id {
        let form = CustomerForm {
            name: name.into(),
            contacts: vec![ContactForm {
                name: "王伟".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        match self.store.create_customer(&form, None, true).unwrap() {
            CreateCustomer::Created { id, .. } => id,
            other => panic!("{other:?}"),
        }
    }

    pub fn edit(&mut self, id: Id, f: impl FnOnce(&mut CustomerForm)) {
        let mut form =
            CustomerForm::from_data(&customers::get(self.store.conn(), id).unwrap().unwrap().data);
        f(&mut form);
        self.store.update_customer(id, &form).unwrap();
    }

    pub fn names(&self) -> Vec<String> {
        let actor = self.store.current_actor().unwrap();
        let mut v: Vec<String> = customers::list(
            self.store.conn(),
            &actor,
            &CustomerQuery {
                page_size: 200,
                ..Default::default()
            },
        )
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
        v.sort();
        v
    }

    /// Submit, approve, … an order on this desk (no reason).
    pub fn act(&mut self, id: Id, action: fairdesk_core::order::OrderAction) {
        self.store
            .submit(Mutation::OrderAct {
                id,
                action,
                reason: String::new(),
            })
            .unwrap();
    }

    pub fn customer(&self, id: Id) -> Option<fairdesk_core::customer::Customer> {
        customers::get(self.store.conn(), id).unwrap()
    }
}

/// A warehouse with 50 cups in it (list ¥100, cost ¥60, and the given purchase limit), made
/// on the boss's desk.
pub fn cup_in_stock(
    boss: &mut Desk,
    limit: Option<fairdesk_core::order::PurchaseLimit>,
) -> (Id, Id) {
    use fairdesk_core::catalog::WarehouseData;
    use fairdesk_core::stock::StockEntry;
    use rust_decimal::Decimal;
    let wh = boss
        .store
        .create_with(|id| Mutation::SaveWarehouse {
            id,
            data: WarehouseData {
                name: "华东仓".into(),
                province: "上海".into(),
                city: "上海".into(),
                address: String::new(),
                active: true,
            },
        })
        .unwrap();
    let cup = boss
        .store
        .create_with(|id| Mutation::CreateProduct {
            id,
            data: cup(limit),
        })
        .unwrap();
    boss.store
        .create_with(|id| Mutation::RecordStock {
            id,
            entry: StockEntry::Opening {
                product_id: cup,
                warehouse_id: wh,
                qty: Decimal::from(50),
            },
        })
        .unwrap();
    (wh, cup)
}

// Not every test binary uses both.
#[allow(unused_imports)]
pub use fairdesk_server::testing::{cup, cup_order};

/// The rep's order (submitted on her desk, approved by the boss), all of `qty` shipped by the
/// warehouse's desk with one parcel `tracking`; every desk involved synced. The delivery's id.
#[allow(dead_code)]
pub fn order_shipped(
    rep: &mut Desk,
    boss: &mut Desk,
    warehouse: &mut Desk,
    data: fairdesk_core::order::OrderData,
    tracking: &str,
) -> (Id, Id) {
    use fairdesk_core::order::OrderAction;
    use fairdesk_core::shipping::{Carrier, DeliveryData};
    let (wh, qty) = (data.lines[0].warehouse_id, data.lines[0].qty);
    let (order, _) = rep.store.create_order(data).unwrap();
    rep.act(order, OrderAction::Submit);
    rep.sync();
    boss.sync();
    boss.act(order, OrderAction::Approve);
    boss.sync();
    warehouse.sync();
    let (delivery, _) = warehouse
        .store
        .ship(DeliveryData::new(
            order,
            wh,
            Carrier::Shunfeng,
            [(0, qty)],
            [tracking.to_string()],
        ))
        .unwrap();
    assert_eq!(warehouse.sync().rejected, 0);
    (order, delivery)
}
