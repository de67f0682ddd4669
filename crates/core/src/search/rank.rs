//! How well a query word matches a search key, and a case-insensitive substring test.

use super::key::{PIECE, SECTION};

/// Ranks, best first. A multi-word query adds its words' ranks.
pub const EXACT: u8 = 0;
pub const PREFIX: u8 = 1;
pub const WORD_START: u8 = 2;
pub const ELSEWHERE: u8 = 3;
pub const ABSENT: u8 = 4;

/// Where `needle` (lower case) occurs in `hay`, ignoring ASCII case, from byte `from` on.
fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let upper = first.to_ascii_uppercase();
    let mut at = from;
    while at + needle.len() <= hay.len() {
        let i = at + memchr::memchr2(first, upper, &hay[at..=hay.len() - needle.len()])?;
        if hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// `needle` (lower case) is in `hay`, ignoring ASCII case (keys mark word starts upper case).
pub fn contains(hay: &str, needle: &str) -> bool {
    needle.is_empty() || find_ci(hay.as_bytes(), needle.as_bytes(), 0).is_some()
}

/// A match at byte `i` of a name piece is at a word start: an upper-case mark or a Chinese
/// character (every character begins a word of a name for a clerk typing it).
fn at_word_start(piece: &[u8], i: usize) -> bool {
    piece[i].is_ascii_uppercase() || piece[i] >= 0x80
}

/// The rank of `word` (normalised, lower case) in `key`.
pub fn rank(key: &str, word: &str) -> u8 {
    rank_bytes(key.as_bytes(), word)
}

/// `rank` of a key as bytes: SQLite hands a key over without a UTF-8 check (that check was a
/// tenth of a search's time). Only ASCII bytes are compared by case and matches are whole
/// words, so no character boundary matters.
pub fn rank_bytes(key: &[u8], word: &str) -> u8 {
    if word.is_empty() {
        return EXACT;
    }
    let w = word.as_bytes();
    // Most candidates of a long word hold its trigrams but not the word: one pass over the
    // whole key says so before its pieces are looked at.
    if find_ci(key, w, 0).is_none() {
        return ABSENT;
    }
    let mut parts = key.splitn(3, |b| *b == SECTION as u8);
    let (ids, names) = (parts.next().unwrap_or(b""), parts.next().unwrap_or(b""));
    let other = parts.next().unwrap_or(b"");
    let mut best = ABSENT;
    for (is_name, section) in [(false, ids), (true, names)] {
        for p in section.split(|b| *b == PIECE as u8) {
            if p.len() < w.len() {
                continue;
            }
            if p[..w.len()].eq_ignore_ascii_case(w) {
                if p.len() == w.len() {
                    return EXACT;
                }
                best = PREFIX;
                continue;
            }
            if best <= WORD_START {
                continue;
            }
            let mut from = 1;
            while let Some(i) = find_ci(p, w, from) {
                if is_name && at_word_start(p, i) {
                    best = WORD_START;
                    break;
                }
                best = ELSEWHERE;
                from = i + 1;
            }
        }
    }
    if best == ABSENT && find_ci(other, w, 0).is_some() {
        best = ELSEWHERE;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_test_ignores_the_case_of_marks() {
        assert!(contains("ShangHai", "shanghai"));
        assert!(contains("ShangHai", "ghai"));
        assert!(contains("上海SH", "上海"));
        assert!(!contains("ShangHai", "hh"));
        assert!(contains("abc", ""));
        assert!(!contains("ab", "abc"));
    }

    #[test]
    fn ranks_go_exact_prefix_word_start_elsewhere() {
        let key = format!(
            "khk72026110042{SECTION}上海宏达五金|ShangHaiHongDaWuJin|SHHDWJ{SECTION}王丽|wangli|wl|13812345678"
        );
        assert_eq!(rank(&key, "khk72026110042"), EXACT);
        assert_eq!(rank(&key, "shhdwj"), EXACT);
        assert_eq!(rank(&key, "sh"), PREFIX);
        assert_eq!(rank(&key, "上海"), PREFIX);
        assert_eq!(rank(&key, "五金"), WORD_START);
        assert_eq!(rank(&key, "wujin"), WORD_START);
        assert_eq!(rank(&key, "hd"), WORD_START);
        assert_eq!(rank(&key, "anghai"), ELSEWHERE, "inside a syllable");
        assert_eq!(rank(&key, "wl"), ELSEWHERE, "a contact");
        assert_eq!(rank(&key, "1381"), ELSEWHERE);
        assert_eq!(rank(&key, "0042"), ELSEWHERE, "inside the number");
        assert_eq!(rank(&key, "zz"), ABSENT);
    }
}
