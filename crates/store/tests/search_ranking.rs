//! Searching the way clerks type, on a real SQLite file: several words in any order, the
//! best matches first, the owner's name and tags, and the same order whether a search has a
//! few matches (ranked one by one) or thousands (ranked from the index).

mod common;

use common::{add_user, form, TestDb};
use fairdesk_core::actor::Role;
use fairdesk_core::customer::view::{CustomerQuery, CustomerSort};
use fairdesk_core::tag::TagData;
use fairdesk_core::Id;
use fairdesk_store::queries::customers;
use fairdesk_store::Store;

fn search(store: &Store, text: &str, page: u32, page_size: u32) -> (Vec<String>, u64, bool) {
    let actor = store.current_actor().unwrap();
    let q = CustomerQuery {
        text: text.into(),
        sort: CustomerSort::Relevance,
        page,
        page_size,
        ..Default::default()
    };
    let p = customers::list(store.conn(), &actor, &q).unwrap();
    (
        p.rows.into_iter().map(|r| r.name).collect(),
        p.total,
        p.more,
    )
}

fn names(store: &Store, text: &str) -> Vec<String> {
    search(store, text, 0, 200).0
}

fn add(store: &mut Store, name: &str, contact: &str, mobile: &str, owner: Option<Id>) -> Id {
    let mut f = form(name, contact, mobile);
    f.city = String::new();
    match store.create_customer(&f, owner, true).unwrap() {
        fairdesk_store::CreateCustomer::Created { id, .. } => id,
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_word_must_match_in_any_order() {
    let db = TestDb::new();
    let mut store = db.open();
    add(
        &mut store,
        "北京宏达五金有限公司",
        "王伟",
        "18612345678",
        None,
    );
    add(
        &mut store,
        "北京鑫源电器有限公司",
        "李娜",
        "13900001111",
        None,
    );
    add(&mut store, "上海五金城", "张强", "18611112222", None);
    add(&mut store, "天津五金机电", "赵敏", "13512345678", None);
    assert_eq!(names(&store, "北京 五金"), vec!["北京宏达五金有限公司"]);
    assert_eq!(names(&store, "五金 北京"), vec!["北京宏达五金有限公司"]);
    assert_eq!(names(&store, "bj 五金"), vec!["北京宏达五金有限公司"]);
    assert_eq!(names(&store, "bj wujin"), vec!["北京宏达五金有限公司"]);
    let mut both = names(&store, "五金 1861");
    both.sort();
    assert_eq!(both, vec!["上海五金城", "北京宏达五金有限公司"]);
    assert!(names(&store, "北京 天津").is_empty());
    assert!(names(&store, "北京 zzz").is_empty());
}

#[test]
fn exact_then_prefix_then_word_start_then_elsewhere() {
    let db = TestDb::new();
    let mut store = db.open();
    // Created oldest first: within a rank the most recently changed comes first.
    add(&mut store, "保定华兴机械厂", "宋浩", "13100000001", None); // contact initials sh
    add(&mut store, "绍兴纺织品公司", "刘洋", "13100000002", None);
    add(&mut store, "深圳电子科技", "陈晨", "13100000003", None);
    add(&mut store, "北京上海路商店", "周杰", "13100000004", None);
    add(&mut store, "上海机电", "吴磊", "13100000005", None);
    add(&mut store, "SH", "孙丽", "13100000006", None);
    let got = names(&store, "sh");
    assert_eq!(
        got,
        vec![
            "SH",             // the whole name
            "上海机电",       // starts with sh (initials and pinyin), newest first
            "深圳电子科技",   // shenzhen
            "绍兴纺织品公司", // shaoxing
            "北京上海路商店", // a word inside the name: 上海
            "保定华兴机械厂", // only a contact's initials (宋浩)
        ]
    );
    // A number: the customer's own number first.
    let code = {
        let actor = store.current_actor().unwrap();
        let all = customers::list(store.conn(), &actor, &CustomerQuery::default()).unwrap();
        all.rows
            .iter()
            .find(|r| r.name == "深圳电子科技")
            .unwrap()
            .code
            .clone()
    };
    assert_eq!(names(&store, &code)[0], "深圳电子科技");
}

#[test]
fn the_owner_and_tags_are_searchable() {
    let db = TestDb::new();
    let mut store = db.open();
    let wang = add_user(&mut store, "王强", Role::Rep, "华东组");
    let li = add_user(&mut store, "李芳", Role::Rep, "华东组");
    add(&mut store, "杭州丝绸", "钱多", "13300000001", Some(wang));
    add(&mut store, "宁波港务", "孙立", "13300000002", Some(wang));
    add(&mut store, "苏州园林", "王强", "13300000003", Some(li));
    add(&mut store, "无锡电机", "周正", "13300000004", Some(li));
    // 王强's own customers and the one whose contact is called 王强.
    let mut got = names(&store, "王强");
    got.sort();
    assert_eq!(got, vec!["宁波港务", "杭州丝绸", "苏州园林"]);
    assert_eq!(names(&store, "wangqiang").len(), 3);
    // One letter that is also in owners' names (wangqiang): every customer with a w somewhere.
    let w = names(&store, "w");
    assert!(
        w.contains(&"宁波港务".to_string()) && w.contains(&"无锡电机".to_string()),
        "{w:?}"
    );
    assert_eq!(names(&store, "wq 宁波"), vec!["宁波港务"]);

    let vip = store
        .save_tag(
            None,
            TagData {
                name: "重点客户".into(),
                color: "#d03050".into(),
            },
        )
        .unwrap();
    let mut f = form("无锡纺织", "何平", "13300000005");
    f.tag_ids = vec![vip];
    store.create_customer(&f, Some(li), true).unwrap();
    assert_eq!(names(&store, "重点"), vec!["无锡纺织"]);
    assert_eq!(names(&store, "zdkh"), vec!["无锡纺织"]);
    assert_eq!(names(&store, "重点 无锡"), vec!["无锡纺织"]);
}

/// Every match of `text` ranked one by one from its key and its owner's name, in `sort`'s
/// order: what the list must show, dense or not.
fn reference(store: &Store, text: &str, sort: CustomerSort) -> Vec<String> {
    use fairdesk_core::search::{name_search_text, query_words, rank, ABSENT, ELSEWHERE};
    let words = query_words(text);
    let owners: std::collections::HashMap<String, String> = store
        .conn()
        .prepare("SELECT id, name FROM users")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, name_search_text(&r.get::<_, String>(1)?)))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut all: Vec<((u32, String, i64, i64), String)> = store
        .conn()
        .prepare(
            "SELECT search, updated_at, name, rid, owner_id, sort_key FROM customers
             WHERE deleted = 0",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })
        .unwrap()
        .filter_map(|r| {
            let (key, updated, name, rid, owner, sort_key) = r.unwrap();
            let mut score = 0;
            for w in &words {
                score += match rank(&key, w) {
                    ABSENT if rank(&owners[&owner], w) != ABSENT => ELSEWHERE,
                    ABSENT => return None,
                    r => r,
                } as u32;
            }
            // Same rank: the last changed first, then the newest row; by name: the older row.
            Some(match sort {
                CustomerSort::Relevance => ((score, String::new(), -updated, -rid), name),
                _ => ((0, sort_key, rid, 0), name),
            })
        })
        .collect();
    all.sort();
    all.into_iter().map(|(_, name)| name).collect()
}

/// Thousands of matches are ranked from the index; the page must be exactly what ranking
/// every match one by one gives — for short and long words, initials, an owner's name,
/// several words and another order — and deleted customers are never among them.
#[test]
fn a_dense_search_ranks_like_a_sparse_one() {
    let db = TestDb::new();
    let mut store = db.open();
    let shen = add_user(&mut store, "沈军", Role::Rep, "华东组");
    let cities = [
        "上海", "深圳", "绍兴", "沈阳", "汕头", "北京", "保定", "杭州",
    ];
    let trades = ["五金", "机电", "商贸", "食品", "上海路", "纺织"];
    // More candidates than the store reads one by one (READ_ALL), so the dense paths run.
    let actor = store.current_actor().unwrap();
    let today = store.today();
    let mut ids = Vec::new();
    type Builder = Box<dyn FnOnce(&mut fairdesk_store::Numbering) -> fairdesk_core::Mutation>;
    for batch in 0..13 {
        let mut builders: Vec<Builder> = Vec::new();
        for i in batch * 500..(batch + 1) * 500 {
            let name = format!(
                "{}{}{}号店",
                cities[i % cities.len()],
                trades[(i / cities.len()) % trades.len()],
                i
            );
            let contact = if i % 7 == 0 { "宋浩" } else { "刘洋" };
            let mut f = form(&name, contact, &format!("139{i:08}"));
            f.city = String::new();
            let data = f.parse(today).unwrap();
            let owner_id = if i % 5 != 0 { shen } else { actor.user_id };
            let id = store.new_id();
            ids.push(id);
            builders.push(Box::new(move |num| {
                fairdesk_core::Mutation::CreateCustomer {
                    id,
                    code: num.next("KH"),
                    owner_id,
                    data,
                }
            }));
        }
        store.submit_many(&actor, builders).unwrap();
    }
    // The newest rows, which would lead every recency order, are deleted.
    for id in ids.iter().rev().take(30) {
        store
            .submit(fairdesk_core::Mutation::DeleteCustomer { id: *id })
            .unwrap();
    }
    for (text, sort, dense) in [
        ("sh", CustomerSort::Relevance, true),
        ("s", CustomerSort::Relevance, true),
        ("上海", CustomerSort::Relevance, false),
        ("shanghai", CustomerSort::Relevance, false),
        ("haodian", CustomerSort::Relevance, true),
        // 5,500 matches among few enough candidates to read them all: counted exactly.
        ("liuyang", CustomerSort::Relevance, false),
        ("沈军", CustomerSort::Relevance, true),
        ("shenjun", CustomerSort::Relevance, true),
        ("s 店", CustomerSort::Relevance, true),
        ("店 ly", CustomerSort::Relevance, true),
        ("s", CustomerSort::Name, true),
        ("shen", CustomerSort::Name, true),
    ] {
        let all = reference(&store, text, sort);
        assert!(all.len() > CAP || !dense, "{text}: {} matches", all.len());
        if text == "liuyang" {
            assert!(all.len() > CAP, "counted exactly past CAP: {}", all.len());
        }
        for page in [0u32, 1, 3] {
            let actor = store.current_actor().unwrap();
            let q = CustomerQuery {
                text: text.into(),
                sort,
                page,
                page_size: 50,
                ..Default::default()
            };
            let p = customers::list(store.conn(), &actor, &q).unwrap();
            let got: Vec<String> = p.rows.into_iter().map(|r| r.name).collect();
            let want: Vec<String> = all
                .iter()
                .skip(page as usize * 50)
                .take(50)
                .cloned()
                .collect();
            assert_eq!(got, want, "{text} ({sort:?}) page {page}");
            // Dense: "at least CAP" (exact when every candidate could be read one by one).
            if dense {
                assert!(p.more && p.total == CAP as u64, "{text}: {}", p.total);
            } else {
                assert_eq!((p.total, p.more), (all.len() as u64, false), "{text}");
            }
        }
    }
    // The trash is searched too (its rows are not in the token index).
    let actor = store.current_actor().unwrap();
    let q = CustomerQuery {
        text: "号店".into(),
        deleted: true,
        ..Default::default()
    };
    assert_eq!(customers::list(store.conn(), &actor, &q).unwrap().total, 30);
}

/// Matches ranked one by one before a search counts as dense (the store's `CAP`).
const CAP: usize = 2000;

/// On the demo company (200 customers): "sh" puts the names that start with sh (上海, 深圳,
/// 绍兴, 沈阳, 山东…) before any that match only inside or through a contact; "bj" puts 北京
/// first; a customer's number finds it first; a polyphone read either way finds the same.
#[test]
fn the_demo_company_ranks_the_way_clerks_expect() {
    let db = TestDb::new();
    let mut store = db.open();
    store.seed_demo(200).unwrap();
    let actor = store.current_actor().unwrap();
    let ranked = |text: &str| -> Vec<(u32, String)> {
        let q = CustomerQuery {
            text: text.into(),
            sort: CustomerSort::Relevance,
            page_size: 200,
            ..Default::default()
        };
        let words = fairdesk_core::search::query_words(text);
        customers::list(store.conn(), &actor, &q)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| {
                let key: String = store
                    .conn()
                    .query_row(
                        "SELECT search FROM customers WHERE id = ?1",
                        [r.id.to_string()],
                        |row| row.get(0),
                    )
                    .unwrap();
                // Matched through the owner or a tag (单丽华 reads shanlihua): rank 3.
                (
                    fairdesk_core::search::score(&key, &words).unwrap_or(3),
                    r.name,
                )
            })
            .collect()
    };
    for q in ["sh", "bj", "cq", "五金"] {
        let got = ranked(q);
        assert!(!got.is_empty(), "{q}");
        let ranks: Vec<u32> = got.iter().map(|g| g.0).collect();
        let mut sorted = ranks.clone();
        sorted.sort();
        assert_eq!(ranks, sorted, "{q}: best matches first: {got:?}");
    }
    // 上海, 深圳, 沈阳 and 石家庄 customers all come before any that match "sh" only inside a
    // name, through a contact or through their owner (单丽华).
    let sh = ranked("sh");
    let cities = ["上海", "深圳", "沈阳", "石家庄"];
    let last_city = sh
        .iter()
        .rposition(|g| cities.iter().any(|c| g.1.starts_with(c)))
        .unwrap();
    let first_weak = sh.iter().position(|g| g.0 >= 2).unwrap();
    assert!(last_city < first_weak, "{sh:?}");
    assert!(ranked("bj")[0].1.starts_with("北京"), "{:?}", ranked("bj"));
    // The 10th customer's number finds it first.
    let q = CustomerQuery {
        page_size: 10,
        ..Default::default()
    };
    let tenth = customers::list(store.conn(), &actor, &q).unwrap().rows[9].clone();
    assert_eq!(ranked(&tenth.code)[0].1, tenth.name);
    // Month and sequence as typed without the dash: 202612-0010 → 2026120010.
    let parts: Vec<&str> = tenth.code.rsplit('-').take(2).collect();
    let digits = format!("{}{}", parts[1], parts[0]);
    assert_eq!(
        ranked(&digits)[0].1,
        tenth.name,
        "the number without its dashes"
    );
}
