//! Index tokens of search keys, and the tokens a query needs.
//!
//! Within each piece of a key, every run of one, two and three adjacent letters, digits or
//! characters is a token (unigrams, bigrams, trigrams), so a query of up to three characters
//! is one token that is present exactly when the query is a substring of a piece. Longer
//! queries become a few trigrams that must all be present (candidates the store confirms).
//!
//! Tokens longer than three characters can't come from a gram; they carry ranking facts:
//! - `pfx` + the first 1–3 characters of an id or a name piece (the piece starts with it),
//! - `wds` + 1–3 characters from a word start inside a name (a character, a syllable, an
//!   initial, an ASCII word),
//! - `eqx` + a hash of a whole id or name piece (the query is exactly it),
//! - `jn` + trigrams across punctuation (wx_12 → wx1, x12), so WeChat ids and codes with
//!   separators are found through selective tokens.

use super::key::{sections, PIECE};

const PREFIX: &str = "pfx";
const WORD_START: &str = "wds";
const EXACT: &str = "eqx";
const JOINED: &str = "jn";

/// FNV-1a of the lower-cased piece: the exact-match token's name.
fn piece_hash(piece: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in piece.bytes() {
        h ^= b.to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{EXACT}{h:016x}")
}

/// A character of a token: one FTS5's `unicode61` tokenizer also keeps in a token (letters and
/// digits of the scripts clerks type). Anything else separates tokens on both sides — a token
/// the tokenizer would split in two would make the query a phrase, which `detail=none` can't
/// answer.
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || (matches!(c as u32,
            0x00C0..=0x024F      // Latin letters with diacritics
            | 0x0370..=0x03FF    // Greek
            | 0x0400..=0x04FF    // Cyrillic
            | 0x3040..=0x30FF    // kana
            | 0x3400..=0x4DBF    // CJK extension A
            | 0x4E00..=0x9FFF    // CJK unified ideographs
            | 0xAC00..=0xD7AF    // Hangul
            | 0xF900..=0xFAFF    // CJK compatibility ideographs
            | 0x20000..=0x2FA1F) // CJK extensions B–F, compatibility supplement
            && c.is_alphanumeric())
}

fn runs(piece: &str) -> impl Iterator<Item = &str> {
    piece
        .split(|c: char| !is_token_char(c))
        .filter(|r| !r.is_empty())
}

fn push_grams(run: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = run.chars().map(|c| c.to_ascii_lowercase()).collect();
    for i in 0..chars.len() {
        // A lone letter or digit would be in nearly every key: its huge posting list makes
        // every write slower and narrows nothing. A Chinese character alone is selective.
        let first = if chars[i].is_ascii() { 2 } else { 1 };
        for n in first..=3 {
            if i + n <= chars.len() {
                out.push(chars[i..i + n].iter().collect());
            }
        }
    }
}

/// The first 1–3 characters of `s`, lower-cased, behind `tag`.
fn push_starts(tag: &str, s: &str, out: &mut Vec<String>) {
    let mut t = String::from(tag);
    for c in s.chars().take_while(|c| is_token_char(*c)).take(3) {
        t.push(c.to_ascii_lowercase());
        out.push(t.clone());
    }
}

/// All index tokens of a search key, space-separated.
pub fn grams(search_text: &str) -> String {
    let mut out: Vec<String> = Vec::with_capacity(search_text.len() * 2);
    let (ids, names, other) = sections(search_text);
    for (section, text) in [(0, ids), (1, names), (2, other)] {
        for piece in text.split(PIECE).filter(|p| !p.is_empty()) {
            let mut n_runs = 0;
            for run in runs(piece) {
                push_grams(run, &mut out);
                n_runs += 1;
            }
            if n_runs > 1 {
                let joined: String = runs(piece).collect();
                let chars: Vec<char> = joined.chars().map(|c| c.to_ascii_lowercase()).collect();
                for w in chars.windows(3) {
                    out.push(format!("{JOINED}{}", w.iter().collect::<String>()));
                }
            }
            if section == 2 {
                continue;
            }
            push_starts(PREFIX, piece, &mut out);
            out.push(piece_hash(piece));
            if section == 1 {
                for (i, c) in piece.char_indices().skip(1) {
                    if c.is_ascii_uppercase() || (!c.is_ascii() && is_token_char(c)) {
                        push_starts(WORD_START, &piece[i..], &mut out);
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out.join(" ")
}

/// The index tokens of one query word (normalised, lower case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordTokens {
    /// Tokens every key containing the word has.
    pub contains: Vec<String>,
    /// `contains` is exactly "the word is a substring of a piece" (no confirmation needed).
    pub exact: bool,
    /// The word is at most three letters, digits or characters: `prefix` and `word_start`
    /// alone say exactly where it starts a piece or a word (no confirmation needed).
    pub short: bool,
    /// Keys with an id or name piece that starts with the word (exact when `short`).
    pub prefix: Option<String>,
    /// Keys with a word inside a name starting with the word (exact when `short`).
    pub word_start: Option<String>,
    /// Keys with an id or name piece equal to the word (a hash: confirm).
    pub equal: String,
}

/// Most trigrams one word of a query asks the index for: every one of them narrows the
/// candidates (a long word's trigrams can all occur apart), each costs a posting list.
const MAX_TRIGRAMS: usize = 8;

/// Overlapping trigrams of `chars` (`tag` before each), at most `MAX_TRIGRAMS` spread evenly,
/// the last one always included.
fn trigrams(chars: &[char], tag: &str) -> Vec<String> {
    if chars.len() < 3 {
        return Vec::new();
    }
    let n = chars.len() - 2;
    let step = n.div_ceil(MAX_TRIGRAMS).max(1);
    let gram = |i: usize| format!("{tag}{}", chars[i..i + 3].iter().collect::<String>());
    let mut out: Vec<String> = (0..n).step_by(step).map(gram).collect();
    out.push(gram(n - 1));
    out
}

/// A pinyin word's trigrams that start a syllable or cross into one (see `syllables`).
fn syllable_trigrams(chars: &[char], starts: &[usize]) -> Vec<String> {
    let gram = |i: usize| chars[i..i + 3].iter().collect::<String>();
    let mut out = Vec::new();
    for &s in starts {
        if s > 0 && s + 2 <= chars.len() {
            out.push(gram(s - 1));
        }
        if s + 3 <= chars.len() {
            out.push(gram(s));
        }
    }
    if out.is_empty() {
        out.push(gram(chars.len() - 3));
    }
    if out.len() > MAX_TRIGRAMS {
        // Spread over the word, its end included.
        let n = out.len();
        out = (0..MAX_TRIGRAMS)
            .map(|k| out[k * (n - 1) / (MAX_TRIGRAMS - 1)].clone())
            .collect();
    }
    out
}

/// Tokens of a normalised query word; `None` for a word with no letter, digit or character.
pub fn word_tokens(word: &str) -> Option<WordTokens> {
    let pieces: Vec<&str> = runs(word).collect();
    if pieces.is_empty() {
        return None;
    }
    let mut contains = Vec::new();
    for run in &pieces {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 && chars[0].is_ascii() {
            // No token for one ASCII letter or digit (see push_grams).
        } else if chars.len() <= 3 {
            contains.push(run.to_string());
        } else if let Some(starts) = super::syllables::starts(run) {
            contains.extend(syllable_trigrams(&chars, &starts));
        } else {
            contains.extend(trigrams(&chars, ""));
        }
    }
    if pieces.len() > 1 {
        let joined: Vec<char> = pieces.concat().chars().collect();
        contains.extend(trigrams(&joined, JOINED));
    }
    contains.sort();
    contains.dedup();
    let single = pieces.len() == 1 && pieces[0].len() == word.len();
    let short = single && word.chars().count() <= 3;
    let exact = short && !contains.is_empty();
    let starts = |tag: &str| {
        let mut v = Vec::new();
        push_starts(tag, word, &mut v);
        v.pop()
    };
    Some(WordTokens {
        contains,
        exact,
        short,
        prefix: starts(PREFIX),
        word_start: starts(WORD_START),
        equal: piece_hash(word),
    })
}

#[cfg(test)]
mod tests {
    use super::super::key::SECTION;
    use super::*;

    fn tokens(key: &str) -> Vec<String> {
        grams(key).split(' ').map(String::from).collect()
    }

    #[test]
    fn every_substring_query_of_a_piece_is_found_by_its_tokens() {
        let key = format!("khk7{SECTION}重庆火锅|ChongQingHuoGuo|CQHG{SECTION}13812345678|wx_5");
        let t = tokens(&key);
        for q in [
            "重庆",
            "庆火锅",
            "cq",
            "chongq",
            "1381234",
            "重",
            "wx",
            "c",
            "5",
        ] {
            let w = word_tokens(q).expect(q);
            assert!(w.contains.iter().all(|g| t.contains(g)), "{q}");
        }
        assert!(
            !t.iter().any(|g| g.contains('|')),
            "no token crosses a piece"
        );
        assert!(
            t.contains(&"jnwx5".to_string()),
            "joined across the separator"
        );
        assert!(t.contains(&"pfxcho".to_string()) && t.contains(&"pfx重庆".to_string()));
        assert!(
            t.contains(&"wdsqin".to_string()),
            "syllable start inside the name"
        );
        assert!(t.contains(&"wdshg".to_string()), "initials inside the name");
        assert!(!t.contains(&"wdshon".to_string()), "not a syllable start");
        assert!(
            !t.iter().any(|g| g.starts_with("pfx13")),
            "no prefix tokens of other fields"
        );
        assert!(t.contains(&word_tokens("cqhg").unwrap().equal));
    }

    #[test]
    fn query_words_become_few_selective_tokens() {
        let w = word_tokens("changsha").unwrap();
        assert_eq!(w.contains, vec!["cha", "gsh", "sha"]);
        assert!(!w.exact && !w.short);
        let w = word_tokens("guangzhoushibaiyunqu").unwrap();
        assert!(w.contains.contains(&"gua".to_string()), "the first trigram");
        assert!(w.contains.len() <= MAX_TRIGRAMS, "{:?}", w.contains);
        assert!(w.contains.contains(&"nqu".to_string()), "the last trigram");
        let w = word_tokens("cq").unwrap();
        assert_eq!(w.contains, vec!["cq"]);
        assert!(w.exact && w.short);
        assert_eq!(w.prefix.as_deref(), Some("pfxcq"));
        let w = word_tokens("s").unwrap();
        assert!(w.contains.is_empty() && !w.exact && w.short);
        let w = word_tokens("wx_12").unwrap();
        assert_eq!(w.contains, vec!["12", "jnwx1", "jnx12", "wx"]);
        assert!(!w.exact);
        assert_eq!(word_tokens("_"), None);
        // Characters the tokenizer would split on never end up inside a token.
        assert_eq!(
            word_tokens("abⓐcd").unwrap().contains,
            vec!["ab", "cd", "jnabc", "jnbcd"]
        );
        assert_eq!(word_tokens("ⓐ"), None);
    }
}
