//! Pinyin syllables, to pick the selective trigrams of a long pinyin query word.
//!
//! Keys are full of pinyin, so trigrams inside common finals ("ang", "han", "ngs") are in most
//! index rows: asking the index for them costs a long posting list and narrows nothing. The
//! trigrams that start a syllable or cross into the next ("cha", "gsh", "sha" of chang|sha)
//! are what tell words apart.

use pinyin::ToPinyinMulti;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The longest pinyin syllable (zhuang, shuang, chuang).
const LONGEST: usize = 6;

/// Every syllable the dictionary reads a character as, ü typed as v (and as u).
fn syllables() -> &'static HashSet<String> {
    static ALL: OnceLock<HashSet<String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut set = HashSet::new();
        for c in '\u{4E00}'..='\u{9FFF}' {
            if let Some(multi) = c.to_pinyin_multi() {
                for r in multi {
                    let s = r.plain();
                    set.insert(s.replace('ü', "v"));
                    set.insert(s.replace('ü', "u"));
                }
            }
        }
        set
    })
}

/// Where the syllables of `word` (lower-case ASCII letters) start, if it reads as pinyin
/// throughout (a syllable may end the word unfinished: the clerk is still typing).
pub fn starts(word: &str) -> Option<Vec<usize>> {
    let all = syllables();
    let b = word.as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    // Longest syllable first, backtracking: a word has few readings.
    fn split(all: &HashSet<String>, w: &str, at: usize, out: &mut Vec<usize>) -> bool {
        if at == w.len() {
            return true;
        }
        out.push(at);
        for end in (at + 1..=(at + LONGEST).min(w.len())).rev() {
            let piece = &w[at..end];
            let unfinished = end == w.len() && all.iter().any(|s| s.starts_with(piece));
            if (all.contains(piece) || unfinished) && split(all, w, end, out) {
                return true;
            }
        }
        out.pop();
        false
    }
    let mut out = Vec::new();
    split(all, word, 0, &mut out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_words_split_into_syllables() {
        assert_eq!(starts("changsha"), Some(vec![0, 5]));
        assert_eq!(starts("beijing"), Some(vec![0, 3]));
        assert_eq!(starts("zhuangshi"), Some(vec![0, 6]));
        assert_eq!(starts("lvyou"), Some(vec![0, 2]));
        // Still typing: the last syllable is unfinished.
        assert_eq!(starts("shanghaish"), Some(vec![0, 5, 8]));
        assert_eq!(starts("stanley"), None);
        assert_eq!(starts("wx12"), None);
    }
}
