//! Customer search on a real SQLite file: characters, full pinyin, initials (with the right
//! reading of polyphonic place names and surnames), phone fragments and tags.

mod common;

use common::{create, TestDb};
use fairdesk_core::customer::view::{CustomerQuery, CustomerSort};
use fairdesk_store::queries::customers;

fn names(store: &fairdesk_store::Store, text: &str) -> Vec<String> {
    let actor = store.current_actor().unwrap();
    let q = CustomerQuery {
        text: text.into(),
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
}

#[test]
fn finds_customers_by_characters_pinyin_initials_and_phone() {
    let db = TestDb::new();
    let mut store = db.open();
    create(
        &mut store,
        "重庆山城火锅食品有限公司",
        "王伟",
        "13811112222",
    );
    create(&mut store, "长沙湘江机电有限公司", "李娜", "13933334444");
    create(&mut store, "厦门鹭岛贸易有限公司", "单丽华", "13755556666");
    create(&mut store, "成都天府茶业有限公司", "曾国强", "13677778888");
    create(&mut store, "中华五金商行", "张强", "13500001234");

    assert_eq!(names(&store, "重庆"), vec!["重庆山城火锅食品有限公司"]);
    assert_eq!(names(&store, "cq"), vec!["重庆山城火锅食品有限公司"]);
    assert_eq!(names(&store, "chongqing"), vec!["重庆山城火锅食品有限公司"]);
    assert_eq!(names(&store, "ChongQing"), vec!["重庆山城火锅食品有限公司"]);
    // 重 in 重庆 is chong (that reading sorts and shows); a clerk who reads it zhong still
    // finds it: every reading of a polyphonic character is indexed.
    assert_eq!(names(&store, "zhongqing"), vec!["重庆山城火锅食品有限公司"]);
    assert_eq!(names(&store, "csxj"), vec!["长沙湘江机电有限公司"]);
    assert_eq!(names(&store, "changsha"), vec!["长沙湘江机电有限公司"]);
    assert_eq!(names(&store, "xmld"), vec!["厦门鹭岛贸易有限公司"]);
    assert_eq!(names(&store, "xiamen"), vec!["厦门鹭岛贸易有限公司"]);
    assert_eq!(names(&store, "chengdu"), vec!["成都天府茶业有限公司"]);
    // Contacts by name, surname reading and initials.
    assert_eq!(names(&store, "shanlihua"), vec!["厦门鹭岛贸易有限公司"]);
    assert_eq!(names(&store, "slh"), vec!["厦门鹭岛贸易有限公司"]);
    assert_eq!(names(&store, "zgq"), vec!["成都天府茶业有限公司"]);
    assert_eq!(names(&store, "李娜"), vec!["长沙湘江机电有限公司"]);
    // Phone fragments, typed with separators or full-width digits.
    assert_eq!(names(&store, "3333"), vec!["长沙湘江机电有限公司"]);
    assert_eq!(names(&store, "139-3333"), vec!["长沙湘江机电有限公司"]);
    assert_eq!(names(&store, "１２３４"), vec!["中华五金商行"]);
    // Pieces don't join across fields.
    assert!(names(&store, "司王伟").is_empty());
    assert_eq!(names(&store, "").len(), 5);
}

#[test]
fn lists_sort_by_pinyin_and_page() {
    let db = TestDb::new();
    let mut store = db.open();
    for (name, m) in [
        ("张家港", "1"),
        ("安徽", "2"),
        ("北京", "3"),
        ("重庆", "4"),
        ("长沙", "5"),
    ] {
        create(
            &mut store,
            &format!("{name}客户"),
            "王伟",
            &format!("1380000000{m}"),
        );
    }
    let actor = store.current_actor().unwrap();
    let page = |p: u32| {
        let q = CustomerQuery {
            sort: CustomerSort::Name,
            page: p,
            page_size: 2,
            ..Default::default()
        };
        customers::list(store.conn(), &actor, &q).unwrap()
    };
    let all: Vec<String> = (0..3).flat_map(|p| page(p).rows).map(|r| r.name).collect();
    assert_eq!(
        all,
        vec!["安徽客户", "北京客户", "长沙客户", "重庆客户", "张家港客户"]
    );
    assert_eq!(page(0).total, 5);
    assert!(page(3).rows.is_empty());
}

#[test]
fn the_search_index_follows_edits_and_deletes() {
    let db = TestDb::new();
    let mut store = db.open();
    let id = create(&mut store, "苏州园林家居有限公司", "周杰", "13600001111");
    let mut f = fairdesk_core::customer::CustomerForm::from_data(
        &customers::get(store.conn(), id).unwrap().unwrap().data,
    );
    f.name = "无锡太湖家居有限公司".into();
    store.update_customer(id, &f).unwrap();
    assert!(names(&store, "szyl").is_empty(), "old name no longer found");
    assert!(names(&store, "苏州").is_empty());
    assert_eq!(names(&store, "wxth"), vec!["无锡太湖家居有限公司"]);
    assert_eq!(names(&store, "太湖"), vec!["无锡太湖家居有限公司"]);
    store
        .submit(fairdesk_core::Mutation::DeleteCustomer { id })
        .unwrap();
    assert!(
        names(&store, "wxth").is_empty(),
        "deleted customers leave the list"
    );
    let actor = store.current_actor().unwrap();
    let bin = CustomerQuery {
        text: "wxth".into(),
        deleted: true,
        ..Default::default()
    };
    assert_eq!(
        customers::list(store.conn(), &actor, &bin).unwrap().total,
        1,
        "but are found in the bin"
    );
}

/// A first sync of many customers stores them before indexing them: they are found by a scan
/// meanwhile, local edits keep working, and the batch indexer completes the index.
#[test]
fn a_big_first_pull_is_searchable_before_and_after_its_index_is_built() {
    use fairdesk_store::RemoteRow;
    let db = TestDb::new();
    let mut store = db.open();
    let local = create(&mut store, "本地客户有限公司", "李雷", "13900000001");
    let admin = store.current_actor().unwrap();
    let mut rows = Vec::new();
    let mut rng = fastrand::Rng::with_seed(1);
    for i in 0..1500u32 {
        let id = fairdesk_store::new_id(1_795_744_800_000 + i as i64);
        let mut data = fairdesk_store::demo::customer_data(&mut rng, store.today(), &[]);
        data.name = format!("远方贸易{i:04}有限公司");
        let c = fairdesk_core::customer::Customer {
            moved: None,
            id,
            code: format!("KH-XX-202611-{i:04}"),
            data,
            owner_id: admin.user_id,
            last_follow_up: None,
            next_follow_up: None,
            deleted: false,
            meta: fairdesk_core::mutation::RowMeta {
                created_by: admin.user_id,
                created_at: 0,
                created_device: fairdesk_core::Id::NIL,
                updated_by: admin.user_id,
                updated_at: 0,
                updated_device: fairdesk_core::Id::NIL,
            },
            clocks: Default::default(),
        };
        rows.push(RemoteRow {
            entity: "customer".into(),
            id,
            doc: Some(serde_json::value::to_raw_value(&c).unwrap()),
        });
    }
    store.apply_remote_page(&rows, 1500).unwrap();
    let grams: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customer_grams", [], |r| r.get(0))
        .unwrap();
    assert_eq!(grams, 1, "only the local customer is indexed so far");
    assert_eq!(names(&store, "远方贸易0042"), vec!["远方贸易0042有限公司"]);
    assert_eq!(names(&store, "yfmy1499"), vec!["远方贸易1499有限公司"]);
    // A local edit while the index waits.
    let mut form = fairdesk_core::customer::CustomerForm::from_data(
        &customers::get(store.conn(), local).unwrap().unwrap().data,
    );
    form.name = "本地客户（改名）有限公司".into();
    store.update_customer(local, &form).unwrap();
    let mut steps = 0;
    while !store.build_search_index(400).unwrap() {
        steps += 1;
    }
    assert_eq!(steps, 3, "1,500 rows in batches of 400");
    let grams: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM customer_grams", [], |r| r.get(0))
        .unwrap();
    assert_eq!(grams, 1501);
    assert_eq!(names(&store, "远方贸易0042"), vec!["远方贸易0042有限公司"]);
    assert_eq!(names(&store, "改名"), vec!["本地客户（改名）有限公司"]);
    assert!(
        names(&store, "本地客户有限").is_empty(),
        "the old name is gone from the index"
    );
}
