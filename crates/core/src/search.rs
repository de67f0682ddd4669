//! Search keys for Chinese names: characters, full pinyin and pinyin initials.
//!
//! Per-character readings come from the `pinyin` crate (Unicode Han readings). A character's
//! most common reading is wrong in many place names and surnames (重庆 is chongqing, not
//! zhongqing; the surname 单 is shan), so words are first matched, longest first, against
//! a phrase table, and person names also get their surname reading.

use crate::customer::Customer;
use pinyin::ToPinyin;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Place names and common words whose characters read differently than on their own.
const PHRASES: &[(&str, &str)] = &[
    ("重庆", "chong qing"),
    ("长沙", "chang sha"),
    ("长春", "chang chun"),
    ("长治", "chang zhi"),
    ("长安", "chang an"),
    ("长江", "chang jiang"),
    ("长城", "chang cheng"),
    ("长寿", "chang shou"),
    ("厦门", "xia men"),
    ("大厦", "da sha"),
    ("成都", "cheng du"),
    ("首都", "shou du"),
    ("京都", "jing du"),
    ("都江堰", "du jiang yan"),
    ("蚌埠", "beng bu"),
    ("六安", "lu an"),
    ("六盘水", "liu pan shui"),
    ("乐山", "le shan"),
    ("乐清", "yue qing"),
    ("乐器", "yue qi"),
    ("音乐", "yin yue"),
    ("快乐", "kuai le"),
    ("番禺", "pan yu"),
    ("台州", "tai zhou"),
    ("丽水", "li shui"),
    ("丽江", "li jiang"),
    ("东莞", "dong guan"),
    ("铅山", "yan shan"),
    ("洪洞", "hong tong"),
    ("单县", "shan xian"),
    ("茌平", "chi ping"),
    ("荥阳", "xing yang"),
    ("亳州", "bo zhou"),
    ("涡阳", "guo yang"),
    ("蔚县", "yu xian"),
    ("尉氏", "yu shi"),
    ("西藏", "xi zang"),
    ("朝阳", "chao yang"),
    ("朝鲜", "chao xian"),
    ("济南", "ji nan"),
    ("济宁", "ji ning"),
    ("银行", "yin hang"),
    ("行业", "hang ye"),
    ("商行", "shang hang"),
    ("车行", "che hang"),
    ("重工", "zhong gong"),
    ("重型", "zhong xing"),
    ("会计", "kuai ji"),
    ("供应", "gong ying"),
    ("供应链", "gong ying lian"),
    ("单位", "dan wei"),
    ("数据", "shu ju"),
    ("调味", "tiao wei"),
    ("调料", "tiao liao"),
    ("空调", "kong tiao"),
    ("便利", "bian li"),
    ("传媒", "chuan mei"),
    ("还原", "huan yuan"),
    ("省会", "sheng hui"),
    ("石家庄", "shi jia zhuang"),
    ("呼和浩特", "hu he hao te"),
    ("哈尔滨", "ha er bin"),
    ("乌鲁木齐", "wu lu mu qi"),
    ("阿坝", "a ba"),
    ("喀什", "ka shi"),
];

/// Surnames that read differently from the character's common reading.
const SURNAMES: &[(&str, &str)] = &[
    ("尉迟", "yu chi"),
    ("万俟", "mo qi"),
    ("长孙", "zhang sun"),
    ("单于", "chan yu"),
    ("澹台", "tan tai"),
    ("单", "shan"),
    ("曾", "zeng"),
    ("解", "xie"),
    ("朴", "piao"),
    ("区", "ou"),
    ("仇", "qiu"),
    ("查", "zha"),
    ("盖", "ge"),
    ("覃", "qin"),
    ("翟", "zhai"),
    ("秘", "bi"),
    ("乐", "yue"),
    ("缪", "miao"),
    ("召", "shao"),
    ("种", "chong"),
    ("员", "yun"),
    ("繁", "po"),
    ("句", "gou"),
    ("牟", "mou"),
    ("折", "she"),
    ("么", "yao"),
    ("沈", "shen"),
    ("宁", "ning"),
    ("柏", "bai"),
    ("贲", "ben"),
    ("隗", "wei"),
    ("冼", "xian"),
    ("尉", "wei"),
    ("长", "chang"),
    ("重", "chong"),
    ("都", "du"),
    ("薄", "bo"),
    ("任", "ren"),
];

fn phrases() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| PHRASES.iter().copied().collect())
}

/// Full pinyin and initials of a text, e.g. 重庆 → ("chongqing", "cq").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    pub full: String,
    pub initials: String,
}

impl Reading {
    fn push_syllables(&mut self, syllables: &str) {
        for s in syllables.split(' ') {
            self.full.push_str(s);
            self.initials.extend(s.chars().next());
        }
    }

    fn push_char(&mut self, c: char) {
        if let Some(p) = c.to_pinyin() {
            self.push_syllables(p.plain());
        } else if c.is_ascii_alphanumeric() {
            let c = c.to_ascii_lowercase();
            self.full.push(c);
            self.initials.push(c);
        }
    }
}

const MAX_PHRASE_CHARS: usize = 4;

/// Reading of a text, word-aware (place names and words from the phrase table).
pub fn reading(text: &str) -> Reading {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Reading::default();
    let mut i = 0;
    let mut buf = String::new();
    'outer: while i < chars.len() {
        for len in (2..=MAX_PHRASE_CHARS.min(chars.len() - i)).rev() {
            buf.clear();
            buf.extend(&chars[i..i + len]);
            if let Some(syllables) = phrases().get(buf.as_str()) {
                out.push_syllables(syllables);
                i += len;
                continue 'outer;
            }
        }
        out.push_char(chars[i]);
        i += 1;
    }
    out
}

/// Readings of a person's name: the word reading and, when the name starts with a surname
/// that reads differently, the surname reading too (单丽华 → shanlihua as well as danlihua).
pub fn person_readings(name: &str) -> Vec<Reading> {
    let base = reading(name);
    let mut out = vec![base.clone()];
    for (surname, syllables) in SURNAMES {
        if let Some(rest) = name.strip_prefix(surname) {
            let mut r = Reading::default();
            r.push_syllables(syllables);
            let tail = reading(rest);
            r.full.push_str(&tail.full);
            r.initials.push_str(&tail.initials);
            if r != base {
                out.push(r);
            }
            break;
        }
    }
    out
}

/// What a search query is compared against: lower case, no spaces or dashes, ASCII digits.
pub fn normalize_query(q: &str) -> String {
    q.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).map(|c| c.to_ascii_lowercase())
            }
            c if c.is_whitespace() || matches!(c, '-' | '|' | '\'') => None,
            c => Some(c.to_ascii_lowercase()),
        })
        .collect()
}

/// One line holding everything a customer can be found by, pieces separated by `|` so that a
/// query never matches across two fields.
pub fn customer_search_text(c: &Customer) -> String {
    let d = &c.data;
    let mut parts: Vec<String> = Vec::with_capacity(24);
    let add_word = |parts: &mut Vec<String>, text: &str, person: bool| {
        if text.is_empty() {
            return;
        }
        parts.push(normalize_query(text));
        let readings = if person {
            person_readings(text)
        } else {
            vec![reading(text)]
        };
        for r in readings {
            parts.push(r.full);
            parts.push(r.initials);
        }
    };
    // A customer may be a person (个体户): its name gets the surname reading too.
    add_word(&mut parts, &d.name, true);
    add_word(&mut parts, &d.short_name, false);
    add_word(&mut parts, &d.province, false);
    add_word(&mut parts, &d.city, false);
    for ct in &d.contacts {
        add_word(&mut parts, &ct.name, true);
        for v in [&ct.mobile, &ct.phone, &ct.wechat] {
            if !v.is_empty() {
                parts.push(normalize_query(v).replace(['(', ')', '+'], ""));
            }
        }
    }
    parts.push(c.code.to_ascii_lowercase());
    parts.retain(|p| !p.is_empty());
    parts.dedup();
    parts.join("|")
}

/// Everything a product can be found by: SKU, barcode, name with its pinyin and initials,
/// spec and brand, `|`-separated like customers.
pub fn product_search_text(p: &crate::catalog::Product) -> String {
    let d = &p.data;
    let mut parts = vec![
        normalize_query(&d.sku),
        d.barcode.clone(),
        normalize_query(&d.name),
    ];
    let r = reading(&d.name);
    parts.push(r.full);
    parts.push(r.initials);
    parts.push(normalize_query(&d.spec));
    parts.push(normalize_query(&d.brand));
    parts.retain(|p| !p.is_empty());
    parts.join("|")
}

/// Index tokens of a search key: within each piece, every run of three and of two adjacent
/// letters/digits/characters (trigrams, bigrams), plus every Chinese character alone. A
/// substring query then becomes a few tokens that must all be present, so the store looks
/// candidates up in an inverted index instead of scanning every customer.
pub fn grams(search_text: &str) -> String {
    // Tokens are slices of the key itself: no allocation per token (this runs for every
    // customer written or pulled).
    let mut tokens: Vec<&str> = Vec::with_capacity(search_text.len());
    for piece in search_text.split(|c: char| !c.is_alphanumeric()) {
        let bounds: Vec<usize> = piece
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(piece.len()))
            .collect();
        let chars = bounds.len() - 1;
        for i in 0..chars {
            for n in [2, 3] {
                if i + n <= chars {
                    tokens.push(&piece[bounds[i]..bounds[i + n]]);
                }
            }
            let one = &piece[bounds[i]..bounds[i + 1]];
            if !one.is_ascii() {
                tokens.push(one);
            }
        }
    }
    tokens.sort_unstable();
    tokens.dedup();
    tokens.join(" ")
}

/// The index tokens that every match of a normalised query contains, or `None` when the
/// index can't narrow it (a single ASCII character) and the store must scan. Each run of
/// letters/digits in the query contributes: longer runs non-overlapping trigrams (plus the
/// last one) — few, selective tokens; the store confirms candidates with a substring test.
pub fn query_grams(query: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for piece in query.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = piece.chars().collect();
        let gram = |i: usize, n: usize| chars[i..i + n].iter().collect::<String>();
        match chars.len() {
            0 => {}
            1 if chars[0].is_ascii() => {}
            1 => out.push(chars[0].to_string()),
            2 => out.push(gram(0, 2)),
            len => {
                out.extend((0..=len - 3).step_by(3).map(|i| gram(i, 3)));
                out.push(gram(len - 3, 3));
            }
        }
    }
    out.sort();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

/// A key that sorts Chinese names in pinyin order (as clerks expect A→Z lists to be sorted).
pub fn sort_key(name: &str) -> String {
    let r = reading(name);
    format!("{}{}", r.full, name)
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
        // Not a surname position: no extra reading.
        assert_eq!(person_readings("王单").len(), 1);
    }

    #[test]
    fn grams_cover_every_substring_query_of_two_or_more_characters() {
        let key = "重庆火锅|chongqing|cq|13812345678|wx_5";
        let grams = grams(key);
        let tokens: Vec<&str> = grams.split(' ').collect();
        for q in ["重庆", "庆火锅", "cq", "chongq", "1381234", "重", "wx"] {
            let needed = query_grams(q).expect(q);
            assert!(needed.iter().all(|g| tokens.contains(&g.as_str())), "{q}");
        }
        assert!(!tokens.contains(&"|c"), "no token crosses a piece boundary");
        assert!(!tokens.contains(&"x_"), "separators split pieces");
        assert_eq!(query_grams("c"), None, "one ASCII letter: scan");
        assert_eq!(
            query_grams("wx_5").unwrap(),
            vec!["wx"],
            "pieces around a separator"
        );
        assert_eq!(query_grams("_"), None);
        assert_eq!(query_grams("cqc").unwrap(), vec!["cqc"]);
        assert_eq!(query_grams("changsha").unwrap(), vec!["cha", "ngs", "sha"]);
        assert_eq!(query_grams("cq").unwrap(), vec!["cq"]);
    }

    #[test]
    fn queries_normalise_width_case_and_separators() {
        assert_eq!(normalize_query(" CQ "), "cq");
        assert_eq!(normalize_query("138-1234 5678"), "13812345678");
        assert_eq!(normalize_query("ＡＢ１２"), "ab12");
    }
}
