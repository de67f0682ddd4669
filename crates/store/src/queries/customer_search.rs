//! Customer search: every word of the query must match — the customer's search key, its
//! owner's name or one of its tags — and matches are ranked exact → prefix → word start →
//! elsewhere (words' ranks added), ties by recent activity (last change first).
//!
//! Most searches have few matches: their candidates come from the token index, every one is
//! checked against its key and ranked, and the count is exact. A short common word ("sh",
//! "五金" over 100k customers) matches thousands; ranking them all would read thousands of
//! rows, so the ranks come from index tokens instead (`grams`: exact, prefix and word-start
//! tokens), a dense rank is read by walking the recency index until the page is full, and
//! the count says "at least `CAP`". Pages past `CAP` of such a search are not offered.

use crate::StoreError;
use fairdesk_core::customer::view::CustomerSort;
use fairdesk_core::search::{self, WordTokens, ABSENT, ELSEWHERE};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// Most matches ranked one by one; beyond, a search is "dense".
pub const CAP: usize = 2000;

pub struct Found {
    pub rids: Vec<i64>,
    pub total: u64,
    /// `total` is a lower bound: more customers match.
    pub more: bool,
}

/// One query word and what, besides the key, it may match.
struct Word {
    text: String,
    tokens: Option<WordTokens>,
    /// Users whose name it matches: their customers match.
    owners: Vec<String>,
    /// Customers carrying a tag whose name it matches.
    tagged: HashSet<i64>,
}

impl Word {
    fn has_alternatives(&self) -> bool {
        !self.owners.is_empty() || !self.tagged.is_empty()
    }

    /// The word's rank in this row, `ABSENT` if it doesn't match.
    fn rank(&self, row: &Row) -> u8 {
        match search::rank(&row.search, &self.text) {
            ABSENT if self.owners.contains(&row.owner) || self.tagged.contains(&row.rid) => {
                ELSEWHERE
            }
            r => r,
        }
    }
}

struct Row {
    rid: i64,
    search: String,
    owner: String,
    /// The list order's column (the last change for 相关度).
    sort: Value,
}

fn words_of(conn: &Connection, words: &[String], deleted: bool) -> Result<Vec<Word>, StoreError> {
    let users: Vec<(String, String)> = conn
        .prepare_cached("SELECT id, name FROM users")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let tags: Vec<(String, String)> = conn
        .prepare_cached("SELECT id, name FROM tags WHERE deleted = 0")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let user_keys: Vec<(String, String)> = users
        .into_iter()
        .map(|(id, name)| (id, search::name_search_text(&name)))
        .collect();
    let tag_keys: Vec<(String, String)> = tags
        .into_iter()
        .map(|(id, name)| (id, search::name_search_text(&name)))
        .collect();
    let mut out = Vec::new();
    for w in words {
        let owners: Vec<String> = user_keys
            .iter()
            .filter(|(_, k)| search::rank(k, w) != ABSENT)
            .map(|(id, _)| id.clone())
            .collect();
        let mut tagged = HashSet::new();
        for (tag, _) in tag_keys
            .iter()
            .filter(|(_, k)| search::rank(k, w) != ABSENT)
        {
            let mut stmt = conn.prepare_cached(
                "SELECT c.rid FROM customer_tags ct JOIN customers c ON c.id = ct.customer_id
                 WHERE ct.tag_id = ?1 AND c.deleted = ?2",
            )?;
            for rid in stmt.query_map(rusqlite::params![tag, deleted], |r| r.get(0))? {
                tagged.insert(rid?);
            }
        }
        out.push(Word {
            text: w.clone(),
            tokens: search::word_tokens(w),
            owners,
            tagged,
        });
    }
    Ok(out)
}

fn quote(tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rows of `filter` (plus `extra` conditions), in `order`, at most `limit`.
struct Reader<'a> {
    conn: &'a Connection,
    filter: &'a str,
    args: &'a [Value],
    sort_col: &'a str,
}

impl Reader<'_> {
    fn rows(
        &self,
        extra: &str,
        extra_args: &[Value],
        order: &str,
        limit: Option<usize>,
        mut each: impl FnMut(Row) -> bool,
    ) -> Result<(), StoreError> {
        let limit = limit.map_or(-1, |l| l as i64);
        let sql = format!(
            "SELECT c.rid, c.search, c.owner_id, {} {}{extra}{order} LIMIT {limit}",
            self.sort_col, self.filter
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let args = self.args.iter().chain(extra_args);
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let row = Row {
                rid: r.get(0)?,
                search: r.get(1)?,
                owner: r.get(2)?,
                sort: r.get(3)?,
            };
            if !each(row) {
                break;
            }
        }
        Ok(())
    }
}

/// How many index rows hold all `tokens`, counting up to `CAP + 1`.
fn index_count(conn: &Connection, tokens: &[String]) -> Result<usize, StoreError> {
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM customer_grams WHERE customer_grams MATCH ?1
             LIMIT {})",
            CAP + 1
        ))?
        .query_row([quote(tokens)], |r| r.get(0))?;
    Ok(n as usize)
}

fn sort_column(sort: CustomerSort) -> (&'static str, &'static str) {
    match sort {
        // Ties: the newest row first for time orders, the older for the name (index order).
        CustomerSort::Relevance | CustomerSort::RecentlyUpdated => {
            ("c.updated_at", " ORDER BY c.updated_at DESC, c.rid DESC")
        }
        CustomerSort::Name => ("c.sort_key", " ORDER BY c.sort_key, c.rid"),
        CustomerSort::Newest => ("c.created_at", " ORDER BY c.created_at DESC, c.rid DESC"),
        CustomerSort::NextFollowUp => (
            "c.next_follow_up",
            " ORDER BY c.next_follow_up IS NULL, c.next_follow_up, c.rid",
        ),
    }
}

fn cmp_sort(sort: CustomerSort, a: &Row, b: &Row) -> std::cmp::Ordering {
    use rusqlite::types::Value::*;
    let v = |r: &Row| match &r.sort {
        Text(s) => (false, s.clone(), 0),
        Integer(i) => (false, String::new(), *i),
        _ => (true, String::new(), 0),
    };
    match sort {
        CustomerSort::Relevance | CustomerSort::RecentlyUpdated | CustomerSort::Newest => {
            v(b).2.cmp(&v(a).2).then(b.rid.cmp(&a.rid))
        }
        CustomerSort::Name | CustomerSort::NextFollowUp => v(a).cmp(&v(b)).then(a.rid.cmp(&b.rid)),
    }
}

/// All matches sorted, the page cut out, the count exact.
fn ranked_page(
    mut hits: Vec<(u32, Row)>,
    sort: CustomerSort,
    offset: usize,
    limit: usize,
) -> Found {
    hits.sort_by(|(sa, a), (sb, b)| match sort {
        CustomerSort::Relevance => sa.cmp(sb).then_with(|| cmp_sort(sort, a, b)),
        _ => cmp_sort(sort, a, b),
    });
    Found {
        total: hits.len() as u64,
        rids: hits
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(_, r)| r.rid)
            .collect(),
        more: false,
    }
}

/// What a search looks at: the list's filter and what it sees.
pub struct Scope<'a> {
    /// `FROM customers c WHERE …` with its arguments.
    pub filter: &'a str,
    pub args: &'a [Value],
    pub deleted: bool,
    /// The actor sees every customer and no owner or tag filter is set.
    pub all_visible: bool,
    /// The token index is complete.
    pub indexed: bool,
}

/// The page `[offset, offset + limit)` of the customers of `filter` matching every word.
pub fn find(
    conn: &Connection,
    scope: &Scope,
    words: &[String],
    sort: CustomerSort,
    offset: usize,
    limit: usize,
) -> Result<Found, StoreError> {
    let Scope {
        filter,
        args,
        deleted,
        all_visible,
        indexed,
    } = *scope;
    let words = words_of(conn, words, deleted)?;
    let (sort_col, order) = sort_column(sort);
    let reader = Reader {
        conn,
        filter,
        args,
        sort_col,
    };
    // Narrow by the index: the tokens of words that match only through the key, in one
    // MATCH; a word that may match through its owner or a tag narrows with alternatives.
    let mut extra = String::new();
    let mut extra_args: Vec<Value> = Vec::new();
    let key_only: Vec<String> = words
        .iter()
        .filter(|w| !w.has_alternatives())
        .filter_map(|w| w.tokens.as_ref())
        .flat_map(|t| t.contains.clone())
        .collect();
    if !key_only.is_empty() {
        extra.push_str(
            " AND c.rid IN (SELECT rowid FROM customer_grams WHERE customer_grams MATCH ?)",
        );
        extra_args.push(Value::Text(quote(&key_only)));
    }
    // A word without index tokens (punctuation, one ASCII letter) narrows nothing: every row
    // is checked.
    for w in words.iter().filter(|w| {
        w.has_alternatives() && w.tokens.as_ref().is_some_and(|t| !t.contains.is_empty())
    }) {
        let mut alts = Vec::new();
        if let Some(t) = &w.tokens {
            alts.push("c.rid IN (SELECT rowid FROM customer_grams WHERE customer_grams MATCH ?)");
            extra_args.push(Value::Text(quote(&t.contains)));
        }
        let owners = vec!["?"; w.owners.len()].join(",");
        let owner_cond = format!("c.owner_id IN ({owners})");
        if !w.owners.is_empty() {
            alts.push(&owner_cond);
            extra_args.extend(w.owners.iter().map(|o| Value::Text(o.clone())));
        }
        let tagged: Vec<String> = w.tagged.iter().map(|r| r.to_string()).collect();
        let tag_cond = format!("c.rid IN ({})", tagged.join(","));
        if !tagged.is_empty() {
            alts.push(&tag_cond);
        }
        extra.push_str(&format!(" AND ({})", alts.join(" OR ")));
    }
    let matches = |row: &Row| -> Option<u32> {
        let mut total = 0;
        for w in &words {
            match w.rank(row) {
                ABSENT => return None,
                r => total += r as u32,
            }
        }
        Some(total)
    };

    if !indexed {
        // A first sync's rows wait for the token index: every row is checked.
        let mut hits: Vec<(u32, Row)> = Vec::new();
        reader.rows("", &[], "", None, |row| {
            if let Some(score) = matches(&row) {
                hits.push((score, row));
            }
            true
        })?;
        return Ok(ranked_page(hits, sort, offset, limit));
    }

    // Dense before reading rows? Only the index is counted (an admin sees every customer).
    // Only when every word's tokens are exact does the index count equal the matches.
    let all_exact = words
        .iter()
        .all(|w| w.tokens.as_ref().is_some_and(|t| t.exact));
    let dense_index =
        all_visible && all_exact && !key_only.is_empty() && index_count(conn, &key_only)? > CAP;
    if !dense_index {
        // Candidates are read until more than CAP of them really match (a long word's
        // trigrams may have many more candidates than matches).
        let mut hits: Vec<(u32, Row)> = Vec::new();
        reader.rows(&extra, &extra_args, "", None, |row| {
            if let Some(score) = matches(&row) {
                hits.push((score, row));
            }
            hits.len() <= CAP
        })?;
        if hits.len() <= CAP {
            return Ok(ranked_page(hits, sort, offset, limit));
        }
    }

    // Dense: at least CAP candidates.
    let need = (offset + limit).min(CAP);
    let mut page: Vec<i64> = Vec::new();
    let mut taken: HashSet<i64> = HashSet::new();
    let single = match words.as_slice() {
        // Ranks 0–2 come from the key alone; an owner or tag match is rank 3, walked.
        [w] if sort == CustomerSort::Relevance => w.tokens.as_ref(),
        _ => None,
    };
    if let Some(t) = single {
        // Ranks from the index: exact, prefix and word-start tokens, each with the word's
        // own tokens unless those are exact already.
        let with = |tag: &str| {
            let mut v = vec![tag.to_string()];
            if !t.exact {
                v.extend(t.contains.clone());
            }
            v
        };
        let mut classes: Vec<Option<Vec<String>>> = vec![Some(with(&t.equal))];
        classes.push(t.prefix.as_deref().map(with));
        classes.push(t.word_start.as_deref().map(with));
        let mut by_rank: HashMap<u8, Vec<Row>> = HashMap::new();
        let mut dense_from: Option<u8> = None;
        for (rank, tokens) in classes.iter().enumerate() {
            // A word that starts with punctuation has no prefix token: read its ranks from here
            // on by walking.
            let Some(tokens) = tokens else {
                dense_from = Some(rank as u8);
                break;
            };
            if index_count(conn, tokens)? > CAP {
                dense_from = Some(rank as u8);
                break;
            }
            let cond =
                " AND c.rid IN (SELECT rowid FROM customer_grams WHERE customer_grams MATCH ?)";
            reader.rows(
                cond,
                &[Value::Text(quote(tokens))],
                "",
                Some(CAP + 1),
                |row| {
                    if let Some(score) = matches(&row) {
                        by_rank.entry(score as u8).or_default().push(row);
                    }
                    true
                },
            )?;
        }
        let last = dense_from.unwrap_or(ELSEWHERE);
        for rank in 0..last {
            let mut rows = by_rank.remove(&rank).unwrap_or_default();
            rows.sort_by(|a, b| cmp_sort(sort, a, b));
            for r in rows {
                if taken.insert(r.rid) {
                    page.push(r.rid);
                }
            }
            if page.len() >= need {
                break;
            }
        }
        // The dense rank (and any after it) in recency order, read until the page is full:
        // every row is checked against its key (dense means most rows read are matches), no
        // index condition (SQLite would first collect all of the index's matches).
        let mut rank = last;
        while page.len() < need && rank <= ELSEWHERE {
            reader.rows("", &[], order, None, |row| {
                if !taken.contains(&row.rid) && matches(&row) == Some(rank as u32) {
                    taken.insert(row.rid);
                    page.push(row.rid);
                }
                page.len() < need
            })?;
            rank += 1;
        }
    } else {
        // Several words, or another order: matches in the list's order.
        reader.rows("", &[], order, None, |row| {
            if matches(&row).is_some() {
                page.push(row.rid);
            }
            page.len() < need
        })?;
    }
    Ok(Found {
        rids: page.into_iter().skip(offset).take(limit).collect(),
        total: CAP as u64,
        more: true,
    })
}
