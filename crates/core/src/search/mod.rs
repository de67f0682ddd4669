//! Finding customers and products the way clerks type: characters, full pinyin, initials,
//! numbers, several words in any order, ranked.
//!
//! - `reading`: pinyin readings of names (dictionary words, polyphones, surnames);
//! - `key`: the search key of a customer or product (sections, word-start marks);
//! - `grams`: index tokens of keys and queries;
//! - `rank`: how well a word matches a key;
//! - `syllables`: pinyin syllables, to pick selective query tokens.

mod grams;
mod key;
mod rank;
mod reading;
mod syllables;

pub use grams::{grams, word_tokens, WordTokens};
pub use key::{
    customer_search_text, name_search_text, product_search_text, sections, PIECE, SECTION,
};
pub use rank::{contains, rank, rank_bytes, ABSENT, ELSEWHERE, EXACT, PREFIX, WORD_START};
pub use reading::{person_readings, reading, readings, sort_key, Reading, MAX_OTHER_READINGS};

/// Most words of one query that are looked at (the rest are ignored).
pub const MAX_WORDS: usize = 6;

/// What a search text is compared against: lower case, no spaces or dashes, ASCII digits.
pub fn normalize_query(q: &str) -> String {
    q.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).map(|c| c.to_ascii_lowercase())
            }
            c if c.is_whitespace() || c.is_control() || matches!(c, '-' | '|' | '\'') => None,
            c => Some(c.to_ascii_lowercase()),
        })
        .collect()
}

/// The words of a query, each normalised: all must match, in any order ("北京 五金",
/// "五金 1861"). Full-width spaces and commas separate words too; repeats count once.
pub fn query_words(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in q.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
    {
        let w = normalize_query(w);
        if !w.is_empty() && !out.contains(&w) && out.len() < MAX_WORDS {
            out.push(w);
        }
    }
    // A word inside another adds nothing ("上海 上" finds what "上海" finds).
    let all = out.clone();
    out.retain(|w| !all.iter().any(|o| o != w && o.contains(w.as_str())));
    out
}

/// Rank of a key for all words of a query (their ranks added), `None` when a word is missing.
pub fn score(key: &str, words: &[String]) -> Option<u32> {
    score_bytes(key.as_bytes(), words)
}

/// `score` of a key as bytes (see `rank_bytes`).
pub fn score_bytes(key: &[u8], words: &[String]) -> Option<u32> {
    let mut total = 0;
    for w in words {
        match rank_bytes(key, w) {
            ABSENT => return None,
            r => total += r as u32,
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_read_by_their_real_reading() {
        for (text, full, initials) in [
            ("重庆", "chongqing", "cq"),
            ("长沙", "changsha", "cs"),
            ("厦门", "xiamen", "xm"),
            ("成都", "chengdu", "cd"),
            (
                "重庆长江贸易有限公司",
                "chongqingchangjiangmaoyiyouxiangongsi",
                "cqcjmyyxgs",
            ),
            ("ABC贸易", "abcmaoyi", "abcmy"),
        ] {
            let r = reading(text);
            assert_eq!(
                (r.full.as_str(), r.initials.as_str()),
                (full, initials),
                "{text}"
            );
        }
        assert_eq!(reading("上海").marked_full(), "ShangHai");
        assert_eq!(reading("ABC贸易").marked_full(), "AbcMaoYi");
        assert_eq!(reading("ABC贸易").marked_initials(), "AbcMY");
        assert_eq!(reading("上海").marked_initials(), "SH");
    }

    #[test]
    fn polyphones_get_their_other_readings_too() {
        let all = readings("长兴五金");
        assert_eq!(all[0].full, "changxingwujin");
        // Another reading keeps the syllables around its character and the whole initials.
        assert!(
            all.iter()
                .any(|r| r.full == "zhangxing" && r.initials == "zxwj"),
            "{all:?}"
        );
        assert!(readings("都市").iter().any(|r| r.full == "doushi"));
        assert!(readings("都市").iter().any(|r| r.full == "dushi"));
        // Bounded: a name of many polyphones keeps a few other readings.
        let many = readings("长行重乐朝都长行重乐朝都");
        assert!(many.len() <= 1 + MAX_OTHER_READINGS, "{}", many.len());
    }

    #[test]
    fn another_reading_is_found_where_a_clerk_types_it() {
        let key = name_search_text("长兴五金");
        assert_eq!(score(&key, &query_words("zhangxing")), Some(PREFIX as u32));
        assert_eq!(score(&key, &query_words("zxwj")), Some(EXACT as u32));
        // Inside the name: a word start, never the name's prefix.
        let key = name_search_text("第一五金行");
        assert_eq!(reading("第一五金行").full, "diyiwujinhang", "{key}");
        assert_eq!(
            score(&key, &query_words("diyiwujinhang")),
            Some(EXACT as u32)
        );
        assert_eq!(
            score(&key, &query_words("wujinhang")),
            Some(WORD_START as u32)
        );
        assert_eq!(
            score(&key, &query_words("wujinxing")),
            Some(WORD_START as u32)
        );
        assert_eq!(score(&key, &query_words("dywjx")), Some(EXACT as u32));
        // The window is the other reading, not the whole name read otherwise again.
        assert_eq!(score(&key, &query_words("diyiwujinxing")), None);
    }

    #[test]
    fn surnames_get_their_surname_reading() {
        let all = person_readings("单丽华");
        assert!(
            all.iter()
                .any(|r| r.full == "shanlihua" && r.initials == "slh"),
            "{all:?}"
        );
        let all = person_readings("曾国强");
        assert!(all.iter().any(|r| r.initials == "zgq"), "{all:?}");
    }

    #[test]
    fn queries_normalise_width_case_and_separators() {
        assert_eq!(normalize_query(" CQ "), "cq");
        assert_eq!(normalize_query("138-1234 5678"), "13812345678");
        assert_eq!(normalize_query("ＡＢ１２"), "ab12");
        assert_eq!(query_words("北京  五金"), vec!["北京", "五金"]);
        assert_eq!(query_words("bj，五金"), vec!["bj", "五金"]);
        assert_eq!(query_words("上海 上"), vec!["上海"]);
        assert_eq!(query_words("  "), Vec::<String>::new());
        assert_eq!(query_words("a b c d e f g h").len(), MAX_WORDS);
    }
}
