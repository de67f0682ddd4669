//! Pinyin readings of Chinese names: the best reading (for sorting and display) and the other
//! readings of polyphonic characters (for finding).
//!
//! Each character's readings come from the `pinyin` crate (Unicode Han readings, pinyin-data).
//! Its first reading is wrong in many words and place names (重庆 is chongqing, 厦门 xiamen), so
//! words are first matched, longest first, against a phrase dictionary generated from
//! pypinyin's (`data/phrases.txt`, see scripts/gen-phrases.py) and a short table of place names
//! that dictionary reads wrong. Person names also get their surname reading.

use pinyin::{ToPinyin, ToPinyinMulti};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Words the phrase dictionary lacks or reads wrong (checked against 《现代汉语词典》 and the
/// official pinyin of the place; the test list in tests/data/polyphone_names.tsv).
const OVERRIDES: &[(&str, &str)] = &[
    ("长治", "chang zhi"),
    ("长葛", "chang ge"),
    ("长垣", "chang yuan"),
    ("长丰", "chang feng"),
    ("长泰", "chang tai"),
    ("长阳", "chang yang"),
    ("长岭", "chang ling"),
    ("长海", "chang hai"),
    ("长宁", "chang ning"),
    ("长清", "chang qing"),
    ("长武", "chang wu"),
    ("长顺", "chang shun"),
    ("长白", "chang bai"),
    ("长兴", "chang xing"),
    ("长江", "chang jiang"),
    ("长城", "chang cheng"),
    ("长安", "chang an"),
    ("闵行", "min hang"),
    ("都匀", "du yun"),
    ("都昌", "du chang"),
    ("都安", "du an"),
    ("都兰", "du lan"),
    ("宜都", "yi du"),
    ("丰都", "feng du"),
    ("新都", "xin du"),
    ("郫都", "pi du"),
    ("花都", "hua du"),
    ("宁都", "ning du"),
    ("于都", "yu du"),
    ("都市", "du shi"),
    ("朝阳", "chao yang"),
    ("阿勒泰", "a le tai"),
    ("浚县", "xun xian"),
    ("单县", "shan xian"),
    ("六合", "lu he"),
    ("洪洞", "hong tong"),
    ("涡阳", "guo yang"),
    ("荥经", "ying jing"),
    ("解州", "xie zhou"),
    ("漯河", "luo he"),
    ("筠连", "jun lian"),
    ("珲春", "hun chun"),
    ("繁峙", "fan shi"),
    ("中牟", "zhong mou"),
    ("费县", "bi xian"),
    ("什邡", "shi fang"),
    ("宕昌", "tan chang"),
    ("还款", "huan kuan"),
    ("差旅", "chai lv"),
    ("重工", "zhong gong"),
    ("重型", "zhong xing"),
    ("行业", "hang ye"),
    ("商行", "shang hang"),
    ("车行", "che hang"),
    ("供应链", "gong ying lian"),
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

const PHRASE_FILE: &str = include_str!("../../data/phrases.txt");

/// Longest word looked up in the dictionary, in characters.
const MAX_PHRASE_CHARS: usize = 4;

/// Other readings kept per text beyond the best one (a name of many polyphones would
/// otherwise multiply its search key).
pub const MAX_OTHER_READINGS: usize = 6;

/// Syllables kept before and after the character of another reading: enough for the word
/// a clerk types (五金行 → wujinhang, 长兴 → zhangxing), not the whole name again.
const WINDOW_BEFORE: usize = 2;
const WINDOW_AFTER: usize = 1;

/// Marks a name piece that starts inside the name (not a token character: no prefix token).
pub const INSIDE: char = '~';

fn phrases() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&str, &str> = PHRASE_FILE
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect();
        map.extend(OVERRIDES.iter().copied());
        map
    })
}

/// Full pinyin and initials of a text, e.g. 重庆 → ("chongqing", "cq"), with where each
/// syllable starts in `full` (for marking word starts in search keys).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// The full pinyin — of the whole text, or for another reading only of the syllables
    /// around the character read otherwise (see `readings`).
    pub full: String,
    pub initials: String,
    pub starts: Vec<usize>,
    /// Where each word starts in `initials`: every syllable's letter, an ASCII word's first.
    pub initial_starts: Vec<usize>,
    /// `full` begins inside the text (another reading's window), not at its start.
    pub starts_inside: bool,
    /// `full` ends before the text does.
    pub ends_inside: bool,
}

impl Reading {
    fn push_syllable(&mut self, s: &str) {
        self.starts.push(self.full.len());
        self.full.push_str(s);
        self.initial_starts.push(self.initials.len());
        self.initials.extend(s.chars().next());
    }

    fn push_syllables(&mut self, syllables: &str) {
        for s in syllables.split(' ') {
            self.push_syllable(s);
        }
    }

    /// `full` with the first letter of every syllable in upper case: ShangHai. A window
    /// inside the text starts with `~` (it never ranks as the name's prefix) and one that stops
    /// before the text's end ends with it (it never ranks as the whole name).
    pub fn marked_full(&self) -> String {
        let mut marked = mark(&self.full, &self.starts);
        if self.starts_inside {
            marked.insert(0, INSIDE);
        }
        if self.ends_inside {
            marked.push(INSIDE);
        }
        marked
    }

    /// `initials` with word starts in upper case: SH for 上海, AbcMY for ABC贸易.
    pub fn marked_initials(&self) -> String {
        mark(&self.initials, &self.initial_starts)
    }
}

fn mark(text: &str, starts: &[usize]) -> String {
    let mut out = text.as_bytes().to_vec();
    for &i in starts {
        if let Some(b) = out.get_mut(i) {
            *b = b.to_ascii_uppercase();
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// One character of a text with its readings: the best one (from a dictionary word when the
/// character is part of one) and the others; or an ASCII letter/digit.
struct Unit {
    best: String,
    others: Vec<String>,
    /// Inside a dictionary word: its other readings are less likely meant.
    in_word: bool,
    ascii: Option<char>,
}

/// A syllable as clerks type it: ü as v (lü → lv), the way pinyin input methods take it.
fn typed(syllable: &str) -> String {
    syllable.replace('ü', "v")
}

fn other_readings(c: char, best: &str) -> Vec<String> {
    let mut others: Vec<String> = Vec::new();
    let mut add = |r: String| {
        if r != best && !others.contains(&r) {
            others.push(r);
        }
    };
    if let Some(multi) = c.to_pinyin_multi() {
        for r in multi {
            add(typed(r.plain()));
        }
    }
    // Some type ü as u (lu for 旅).
    if best.contains('v') {
        add(best.replace('v', "u"));
    }
    others
}

fn units(text: &str) -> Vec<Unit> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    let mut buf = String::new();
    'outer: while i < chars.len() {
        for len in (2..=MAX_PHRASE_CHARS.min(chars.len() - i)).rev() {
            buf.clear();
            buf.extend(&chars[i..i + len]);
            if let Some(syllables) = phrases().get(buf.as_str()) {
                for (c, best) in chars[i..i + len].iter().zip(syllables.split(' ')) {
                    out.push(Unit {
                        best: best.to_string(),
                        others: other_readings(*c, best),
                        in_word: true,
                        ascii: None,
                    });
                }
                i += len;
                continue 'outer;
            }
        }
        let c = chars[i];
        if let Some(p) = c.to_pinyin() {
            let best = typed(p.plain());
            out.push(Unit {
                others: other_readings(c, &best),
                best,
                in_word: false,
                ascii: None,
            });
        } else if c.is_ascii_alphanumeric() {
            out.push(Unit {
                best: String::new(),
                others: Vec::new(),
                in_word: false,
                ascii: Some(c.to_ascii_lowercase()),
            });
        }
        i += 1;
    }
    out
}

fn assemble(units: &[Unit], swap: Option<(usize, &str)>) -> Reading {
    let mut r = Reading::default();
    let mut ascii = String::new();
    let flush = |r: &mut Reading, ascii: &mut String| {
        if !ascii.is_empty() {
            // A run of letters/digits reads as one word (ABC贸易 → abc maoyi, initials abcmy).
            r.starts.push(r.full.len());
            r.full.push_str(ascii);
            r.initial_starts.push(r.initials.len());
            r.initials.push_str(ascii);
            ascii.clear();
        }
    };
    for (i, u) in units.iter().enumerate() {
        if let Some(c) = u.ascii {
            ascii.push(c);
            continue;
        }
        flush(&mut r, &mut ascii);
        match swap {
            Some((at, other)) if at == i => r.push_syllable(other),
            _ => r.push_syllable(&u.best),
        }
    }
    flush(&mut r, &mut ascii);
    r
}

/// Best reading of a text, word-aware (dictionary words and place names).
pub fn reading(text: &str) -> Reading {
    assemble(&units(text), None)
}

/// The best reading first, then readings where one polyphonic character takes another of its
/// readings (长兴 read as zhangxing too, 都市 as doushi too) — at most `MAX_OTHER_READINGS`
/// of them: characters outside dictionary words first, in order.
///
/// Another reading's full pinyin is only the window of syllables around that character (two
/// before, one after: 长兴五金 → zhangxing, 第一五金行 → wujinhang); its initials are the whole
/// name's. Repeating the whole name's pinyin for each reading made keys several times longer
/// and gave long pinyin queries thousands of false candidates to read (docs/BENCHMARKS.md).
pub fn readings(text: &str) -> Vec<Reading> {
    let units = units(text);
    let mut out = vec![assemble(&units, None)];
    // Characters outside dictionary words first: their best reading is a guess.
    let order = (0..units.len())
        .filter(|&i| !units[i].in_word)
        .chain((0..units.len()).filter(|&i| units[i].in_word));
    'all: for i in order {
        for other in &units[i].others {
            if out.len() > MAX_OTHER_READINGS {
                break 'all;
            }
            let r = window_reading(&units, i, other);
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

/// Unit `at` read as `other`: the window's full pinyin, the whole text's initials.
fn window_reading(units: &[Unit], at: usize, other: &str) -> Reading {
    // The window stops at letters and digits: they are no syllables.
    let han = |i: usize| units[i].ascii.is_none();
    let mut lo = at;
    while lo > 0 && at - lo < WINDOW_BEFORE && han(lo - 1) {
        lo -= 1;
    }
    let mut hi = at;
    while hi + 1 < units.len() && hi - at < WINDOW_AFTER && han(hi + 1) {
        hi += 1;
    }
    let window = assemble(&units[lo..=hi], Some((at - lo, other)));
    let whole = assemble(units, Some((at, other)));
    Reading {
        full: window.full,
        starts: window.starts,
        initials: whole.initials,
        initial_starts: whole.initial_starts,
        starts_inside: lo > 0,
        ends_inside: hi + 1 < units.len(),
    }
}

/// Readings of a person's name: its readings and, when the name starts with a surname that
/// reads differently, the surname reading too (单丽华 → shanlihua as well as danlihua).
pub fn person_readings(name: &str) -> Vec<Reading> {
    let mut out = readings(name);
    for (surname, syllables) in SURNAMES {
        if let Some(rest) = name.strip_prefix(surname) {
            let mut r = Reading::default();
            r.push_syllables(syllables);
            let tail = reading(rest);
            let (offset, initial_offset) = (r.full.len(), r.initials.len());
            r.full.push_str(&tail.full);
            r.initials.push_str(&tail.initials);
            r.starts.extend(tail.starts.iter().map(|s| s + offset));
            r.initial_starts
                .extend(tail.initial_starts.iter().map(|s| s + initial_offset));
            if !out.contains(&r) {
                out.push(r);
            }
            break;
        }
    }
    out
}

/// A key that sorts Chinese names in pinyin order (as clerks expect A→Z lists to be sorted).
pub fn sort_key(name: &str) -> String {
    let r = reading(name);
    format!("{}{}", r.full, name)
}
