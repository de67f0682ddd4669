//! Polyphonic characters in real place names and business words: a name is found by its
//! standard reading (full pinyin and initials), and its best reading — the one lists sort by —
//! is that reading. The list and its sources (民政部《中华人民共和国行政区划简册》 for the
//! places, 《现代汉语词典》第7版 / 《新华字典》 for the readings) are in data/polyphone_names.tsv.

use fairdesk_core::search::{name_search_text, query_words, reading, readings, score};

fn entries() -> Vec<(String, String, String)> {
    include_str!("data/polyphone_names.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "{l}");
            (cols[0].into(), cols[1].into(), cols[2].into())
        })
        .collect()
}

#[test]
fn the_list_is_long_enough_and_mostly_places() {
    let all = entries();
    let places = all.iter().filter(|e| e.2 == "place").count();
    assert!(all.len() >= 100, "{}", all.len());
    assert!(places >= 90, "{places}");
}

#[test]
fn every_name_is_found_by_its_standard_reading() {
    let mut missing = Vec::new();
    for (name, pinyin, _) in entries() {
        let full: String = pinyin.split(' ').collect();
        let initials: String = pinyin.split(' ').filter_map(|s| s.chars().next()).collect();
        // As the start of a company name: the key a customer of that name gets.
        let key = name_search_text(&format!("{name}贸易有限公司"));
        for q in [&full, &initials] {
            if score(&key, &query_words(q)).is_none() {
                missing.push(format!("{name} by {q}"));
            }
        }
    }
    assert!(missing.is_empty(), "not found: {missing:?}");
}

#[test]
fn the_best_reading_is_the_standard_one() {
    let mut wrong = Vec::new();
    for (name, pinyin, _) in entries() {
        let full: String = pinyin.split(' ').collect();
        let best = reading(&name).full;
        if best != full {
            wrong.push(format!("{name}: {best} (want {full})"));
        }
    }
    assert!(wrong.is_empty(), "{} wrong: {wrong:?}", wrong.len());
}

#[test]
fn other_readings_of_a_name_are_bounded() {
    for (name, _, _) in entries() {
        assert!(readings(&name).len() <= 1 + fairdesk_core::search::MAX_OTHER_READINGS);
    }
}
