//! Search keys: one line per customer or product holding everything it can be found by.
//!
//! Layout: `ids ␞ names ␞ other`, pieces inside a section separated by `|`, so that a query
//! never matches across two fields:
//! - ids: the customer number, or a product's SKU and barcode;
//! - names: the name (and short name), each with its pinyin readings — the best one first,
//!   then the other readings of its polyphonic characters;
//! - other: province, city, contacts with their readings, phones, WeChat, spec, brand.
//!
//! In the ids and names sections a word start is kept in upper case (ShangHai, the initials
//! SH, AbcTrading): search compares case-insensitively, and ranking tells a match at a word
//! start from one inside a word without reading the name again.

use super::normalize_query;
use super::reading::{person_readings, readings, Reading};
use crate::catalog::Product;
use crate::customer::Customer;

/// Separates the key's sections (a control character: no mutation string may hold one).
pub const SECTION: char = '\u{1e}';
pub const PIECE: char = '|';

#[derive(Default)]
struct Key {
    sections: [Vec<String>; 3],
}

const IDS: usize = 0;
const NAMES: usize = 1;
const OTHER: usize = 2;

impl Key {
    fn push(&mut self, section: usize, piece: String) {
        if !piece.is_empty() && !self.sections[section].contains(&piece) {
            self.sections[section].push(piece);
        }
    }

    /// A name: its characters (word starts marked) and every reading, marked.
    fn name(&mut self, section: usize, text: &str, all: Vec<Reading>) {
        if text.trim().is_empty() {
            return;
        }
        self.push(section, marked_text(text));
        for r in all {
            self.push(section, r.marked_full());
            self.push(section, r.marked_initials());
        }
    }

    /// A plain field: normalised text and its readings, unmarked.
    fn plain(&mut self, text: &str, all: Vec<Reading>) {
        if text.trim().is_empty() {
            return;
        }
        self.push(OTHER, normalize_query(text));
        for r in all {
            self.push(OTHER, r.full);
            self.push(OTHER, r.initials);
        }
    }

    fn finish(self) -> String {
        let [ids, names, other] = self.sections;
        let sep = PIECE.to_string();
        format!(
            "{}{SECTION}{}{SECTION}{}",
            ids.join(&sep),
            names.join(&sep),
            other.join(&sep)
        )
    }
}

/// The text as a query would be normalised, with the first letter of each ASCII word in
/// upper case ("ABC Trading" → "AbcTrading").
fn marked_text(text: &str) -> String {
    let normal = normalize_query(text);
    let mut out = String::with_capacity(normal.len());
    let mut prev_word = false;
    // Word starts come from the original text (normalising drops the spaces between words).
    let mut starts = text.chars().filter_map(|c| {
        let word = c.is_ascii_alphanumeric();
        let start = word && !prev_word;
        prev_word = word;
        (c.is_ascii_alphanumeric() || !(c.is_whitespace() || matches!(c, '-' | '|' | '\'')))
            .then_some(start)
    });
    for c in normal.chars() {
        let start = starts.next().unwrap_or(false);
        if start && c.is_ascii_lowercase() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Everything a customer can be found by (see the module's layout).
pub fn customer_search_text(c: &Customer) -> String {
    let d = &c.data;
    let mut key = Key::default();
    key.push(IDS, normalize_query(&c.code));
    // A customer may be a person (个体户): its name gets the surname reading too.
    key.name(NAMES, &d.name, person_readings(&d.name));
    key.name(NAMES, &d.short_name, readings(&d.short_name));
    key.plain(&d.province, readings(&d.province));
    key.plain(&d.city, readings(&d.city));
    for ct in &d.contacts {
        key.plain(&ct.name, person_readings(&ct.name));
        for v in [&ct.mobile, &ct.phone, &ct.wechat] {
            key.push(OTHER, normalize_query(v).replace(['(', ')', '+'], ""));
        }
    }
    key.finish()
}

/// Everything a product can be found by: SKU and barcode, name with its readings, spec and
/// brand.
pub fn product_search_text(p: &Product) -> String {
    let d = &p.data;
    let mut key = Key::default();
    key.push(IDS, normalize_query(&d.sku));
    key.push(IDS, normalize_query(&d.barcode));
    key.name(NAMES, &d.name, readings(&d.name));
    key.push(OTHER, normalize_query(&d.spec));
    key.plain(&d.brand, readings(&d.brand));
    key.finish()
}

/// A key of one name only (a user's or a tag's), ranked like a customer's name.
pub fn name_search_text(name: &str) -> String {
    let mut key = Key::default();
    key.name(NAMES, name, person_readings(name));
    key.finish()
}

/// The ids, names and other sections of a key.
pub fn sections(key: &str) -> (&str, &str, &str) {
    let mut it = key.splitn(3, SECTION);
    let ids = it.next().unwrap_or("");
    let names = it.next().unwrap_or("");
    let other = it.next().unwrap_or("");
    (ids, names, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_are_marked_where_they_start() {
        assert_eq!(marked_text("ABC Trading"), "AbcTrading");
        assert_eq!(marked_text("上海 abc-def 公司"), "上海AbcDef公司");
        assert_eq!(marked_text("3m中国"), "3m中国");
        assert_eq!(marked_text("x"), "X");
    }
}
