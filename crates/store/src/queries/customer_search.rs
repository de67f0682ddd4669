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

    /// Its candidates are its matches: the index says it exactly (owners and tags match as
    /// they are).
    fn exact(&self) -> bool {
        self.tokens.as_ref().is_some_and(|t| t.exact)
    }

    /// The live customers it may match: the index's candidates for the key, the owners' and
    /// the tagged customers. `None`: any row may (a word the index has no token for).
    fn candidates(&self, conn: &Connection) -> Result<Option<HashSet<i64>>, StoreError> {
        let Some(t) = self.tokens.as_ref().filter(|t| !t.contains.is_empty()) else {
            return Ok(None);
        };
        let mut set = index_rows(conn, &t.contains)?;
        if !self.owners.is_empty() {
            let marks = vec!["?"; self.owners.len()].join(",");
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT rid FROM customers WHERE owner_id IN ({marks}) AND deleted = 0"
            ))?;
            for rid in stmt.query_map(rusqlite::params_from_iter(&self.owners), |r| r.get(0))? {
                set.insert(rid?);
            }
        }
        set.extend(self.tagged.iter().copied());
        Ok(Some(set))
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
    by_rows: &'a str,
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
        let filter = if extra.is_empty() {
            self.filter
        } else {
            self.by_rows
        };
        let sql = format!(
            "SELECT c.rid, c.search, c.owner_id, {} {filter}{extra}{order} LIMIT {limit}",
            self.sort_col
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

impl Reader<'_> {
    /// Like `rows`, but each row's score for `words` (`fd_score`'s argument) is computed
    /// inside SQLite: a candidate that doesn't match costs no copy of its key. Rows come
    /// without key or owner, with their score (`None`: no match).
    fn scored(
        &self,
        extra: &str,
        extra_args: &[Value],
        words: &str,
        mut each: impl FnMut(Option<u32>, Row) -> bool,
    ) -> Result<(), StoreError> {
        let filter = if extra.is_empty() {
            self.filter
        } else {
            self.by_rows
        };
        // `?1` is the words; the filter's and the extra's plain `?`s number on from it.
        let sql = format!(
            "SELECT c.rid, fd_score(c.search, ?1), {} {filter}{extra}",
            self.sort_col
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let words = Value::Text(words.to_string());
        let args = std::iter::once(&words).chain(self.args).chain(extra_args);
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let row = Row {
                rid: r.get(0)?,
                search: String::new(),
                owner: String::new(),
                sort: r.get(2)?,
            };
            if !each(r.get::<_, Option<u32>>(1)?, row) {
                break;
            }
        }
        Ok(())
    }

    /// Row numbers in view, in the list's `order`, until `each` says stop. Reads only an index
    /// when the filter's columns and the order are in one (the admin's list).
    fn walk(
        &self,
        order: &str,
        mut each: impl FnMut(i64) -> Result<bool, StoreError>,
    ) -> Result<(), StoreError> {
        let sql = format!("SELECT c.rid {}{order}", self.filter);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(self.args))?;
        while let Some(r) = rows.next()? {
            if !each(r.get(0)?)? {
                break;
            }
        }
        Ok(())
    }

    /// One row by its number (it is in view: it came from `walk`).
    fn row(&self, rid: i64) -> Result<Row, StoreError> {
        let sql = format!(
            "SELECT c.rid, c.search, c.owner_id, {} FROM customers c WHERE c.rid = ?1",
            self.sort_col
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row([rid], |r| {
            Ok(Row {
                rid: r.get(0)?,
                search: r.get(1)?,
                owner: r.get(2)?,
                sort: r.get(3)?,
            })
        })?)
    }
}

/// The live customers whose index rows hold all `tokens` (deleted ones are not indexed).
fn index_rows(conn: &Connection, tokens: &[String]) -> Result<HashSet<i64>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT rowid FROM customer_grams WHERE customer_grams MATCH ?1")?;
    let rows = stmt.query_map([quote(tokens)], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many index rows hold all `tokens`, counting up to `upto + 1`.
fn count_upto(conn: &Connection, tokens: &[String], upto: usize) -> Result<usize, StoreError> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM customer_grams WHERE customer_grams MATCH ?1
             LIMIT ?2)",
        )?
        .query_row(rusqlite::params![quote(tokens), upto as i64 + 1], |r| {
            r.get(0)
        })?;
    Ok(n as usize)
}

/// How many index rows hold all `tokens`, counting up to `CAP + 1`.
fn index_count(conn: &Connection, tokens: &[String]) -> Result<usize, StoreError> {
    count_upto(conn, tokens, CAP)
}

/// Candidates read one by one when they may be more than the matches (a long word's
/// trigrams): up to this many, all are read, so the count stays exact past `CAP` too.
const READ_ALL: usize = 3 * CAP;

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
    /// The same filter for rows looked up by row number (no index on its columns).
    pub by_rows: &'a str,
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
        by_rows,
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
        by_rows,
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

    // Dense (more than CAP matches) before reading rows? When the index's rows are the rows
    // in view (an admin) and its candidates are the matches, they are counted; a short word
    // is dense when more than CAP pieces or words start with it.
    let dense_known = if !all_visible {
        false
    } else if words.iter().all(Word::exact) {
        // The keys matching every word may be more than enough; owners and tags only add.
        let key_tokens: Vec<String> = words
            .iter()
            .filter_map(|w| w.tokens.as_ref())
            .flat_map(|t| t.contains.clone())
            .collect();
        if index_count(conn, &key_tokens)? > CAP {
            true
        } else if words.iter().any(Word::has_alternatives) {
            let mut sets = Vec::new();
            for w in &words {
                sets.push(w.candidates(conn)?.unwrap_or_default());
            }
            sets.sort_by_key(HashSet::len);
            let (first, rest) = sets.split_first().expect("a word");
            first
                .iter()
                .filter(|rid| rest.iter().all(|s| s.contains(rid)))
                .nth(CAP)
                .is_some()
        } else {
            index_count(conn, &key_only)? > CAP
        }
    } else {
        match words.as_slice() {
            [w] => match &w.tokens {
                Some(t) if t.short => {
                    let starts = [t.prefix.clone(), t.word_start.clone()];
                    let mut dense = false;
                    for tag in starts.into_iter().flatten() {
                        if index_count(conn, &[tag])? > CAP {
                            dense = true;
                            break;
                        }
                    }
                    dense
                }
                _ => false,
            },
            _ => false,
        }
    };
    if !dense_known {
        // Candidates are read until more than CAP of them really match — or all of them,
        // when they are few enough: a long word's trigrams have more candidates than matches,
        // and having read them all ranks every match exactly. (Counted while reading, not
        // asked of the index first: that was a second pass over the same posting lists.)
        let bounded = !key_only.is_empty() && !words.iter().any(Word::has_alternatives);
        let mut hits: Vec<(u32, Row)> = Vec::new();
        let mut read = 0usize;
        let mut complete = true;
        let mut keep = |score: Option<u32>, row: Row| {
            read += 1;
            if let Some(score) = score {
                hits.push((score, row));
            }
            let go = (bounded && read <= READ_ALL) || hits.len() <= CAP;
            complete &= go;
            go
        };
        if words.iter().any(Word::has_alternatives) {
            reader.rows(&extra, &extra_args, "", None, |row| {
                keep(matches(&row), row)
            })?;
        } else {
            // Only the key can match: SQLite scores the candidates, so one that doesn't match
            // costs no copy of its key.
            let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
            let words_arg = texts.join(&crate::search_fn::WORDS.to_string());
            reader.scored(&extra, &extra_args, &words_arg, keep)?;
        }
        if complete {
            return Ok(ranked_page(hits, sort, offset, limit));
        }
    }

    // Dense: more than CAP matches. The page is read by walking the list's order on its index
    // (row numbers only) and testing each row number against the words' candidate sets; a row
    // is read only when the index alone can't say whether, or how well, it matches.
    let need = (offset + limit).min(CAP);
    let mut page: Vec<i64> = Vec::new();
    let mut taken: HashSet<i64> = HashSet::new();
    let single = match words.as_slice() {
        // Ranks 0–2 come from the key alone; an owner or tag match is rank 3, walked.
        [w] if sort == CustomerSort::Relevance => w.tokens.as_ref().map(|t| (w, t)),
        _ => None,
    };
    if let Some((word, t)) = single {
        // Rank classes from the index: exact, prefix and word-start tokens, each with the
        // word's own tokens unless the class token alone is exact.
        let with = |tag: &str| {
            let mut v = vec![tag.to_string()];
            if !t.short {
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
        // The dense rank (and any after it) in recency order until the page is full. Every
        // better rank is on the page already, so a row of this rank's candidates that isn't
        // taken has this rank — known without reading it when the candidates are exact.
        let mut rank = last;
        while page.len() < need && rank <= ELSEWHERE {
            let (members, exact) = match classes.get(rank as usize) {
                Some(Some(tokens)) => (Some(index_rows(conn, tokens)?), t.short && rank > 0),
                Some(None) => (None, false),
                None => (word.candidates(conn)?, word.exact()),
            };
            reader.walk(order, |rid| {
                if taken.contains(&rid) || members.as_ref().is_some_and(|m| !m.contains(&rid)) {
                    return Ok(true);
                }
                if exact || matches(&reader.row(rid)?) == Some(rank as u32) {
                    taken.insert(rid);
                    page.push(rid);
                }
                Ok(page.len() < need)
            })?;
            rank += 1;
        }
    } else if sort == CustomerSort::Relevance {
        page = several_words_by_relevance(&reader, &words, all_visible, order, need, &matches)?;
    } else {
        // Another order: matches in the list's order.
        let mut sets = Vec::new();
        for w in &words {
            sets.push(w.candidates(conn)?);
        }
        let exact = words.iter().all(Word::exact);
        reader.walk(order, |rid| {
            if sets.iter().flatten().any(|s| !s.contains(&rid)) {
                return Ok(true);
            }
            if exact || matches(&reader.row(rid)?).is_some() {
                page.push(rid);
            }
            Ok(page.len() < need)
        })?;
    }
    Ok(Found {
        rids: page.into_iter().skip(offset).take(limit).collect(),
        total: CAP as u64,
        more: true,
    })
}

/// One query word's rank classes from the index: equal, prefix, word start (candidates, or
/// exactly the rows of that rank or better when the word is exact), and all it may match.
struct Classes {
    better: [HashSet<i64>; 3],
    members: Option<HashSet<i64>>,
    exact: bool,
}

impl Classes {
    fn of(conn: &Connection, w: &Word) -> Result<Classes, StoreError> {
        let mut better: [HashSet<i64>; 3] = Default::default();
        if let Some(t) = &w.tokens {
            let tags = [Some(&t.equal), t.prefix.as_ref(), t.word_start.as_ref()];
            for (set, tag) in better.iter_mut().zip(tags) {
                if let Some(tag) = tag {
                    let mut tokens = vec![tag.clone()];
                    if !t.short {
                        tokens.extend(t.contains.clone());
                    }
                    *set = index_rows(conn, &tokens)?;
                }
            }
        }
        Ok(Classes {
            better,
            members: w.candidates(conn)?,
            exact: w.exact(),
        })
    }

    /// The word's rank in a row it matches (exact words only).
    fn rank(&self, rid: i64) -> u32 {
        self.better
            .iter()
            .position(|s| s.contains(&rid))
            .unwrap_or(ELSEWHERE as usize) as u32
    }
}

/// The first `need` matches of several words by relevance (ranks added, ties by the list's
/// order) when they are thousands. A row better than "elsewhere" for every word is in some
/// word's rank classes: those rows are few enough to score from the index (or read, for
/// words the index can't rank exactly), so how many rows each score has is known. The list's
/// index is then walked, each row put under its score, until the scores the page needs are
/// complete; the rows matching every word only "elsewhere" come last, in walking order.
fn several_words_by_relevance(
    reader: &Reader,
    words: &[Word],
    all_visible: bool,
    order: &str,
    need: usize,
    matches: &dyn Fn(&Row) -> Option<u32>,
) -> Result<Vec<i64>, StoreError> {
    let classes: Vec<Classes> = words
        .iter()
        .map(|w| Classes::of(reader.conn, w))
        .collect::<Result<_, _>>()?;
    let exact = classes.iter().all(|c| c.exact);
    let member = |rid: &i64| {
        classes
            .iter()
            .all(|c| c.members.as_ref().is_none_or(|m| m.contains(rid)))
    };
    let view: Option<HashSet<i64>> = if all_visible {
        None
    } else {
        let mut set = HashSet::new();
        reader.walk("", |rid| {
            set.insert(rid);
            Ok(true)
        })?;
        Some(set)
    };
    let worst = ELSEWHERE as u32 * words.len() as u32;
    let mut score: HashMap<i64, u32> = HashMap::new();
    for rid in classes.iter().flat_map(|c| c.better.iter().flatten()) {
        if score.contains_key(rid)
            || !member(rid)
            || view.as_ref().is_some_and(|v| !v.contains(rid))
        {
            continue;
        }
        let s = if exact {
            Some(classes.iter().map(|c| c.rank(*rid)).sum())
        } else {
            matches(&reader.row(*rid)?)
        };
        if let Some(s) = s.filter(|s| *s < worst) {
            score.insert(*rid, s);
        }
    }
    let mut count = vec![0usize; worst as usize + 1];
    for s in score.values() {
        count[*s as usize] += 1;
    }
    let mut found: Vec<Vec<i64>> = vec![Vec::new(); worst as usize + 1];
    // The page is settled when every score before the page's last is complete.
    let settled = |found: &[Vec<i64>]| {
        let mut before = 0;
        for (s, rows) in found.iter().enumerate() {
            if before + rows.len() >= need {
                return true;
            }
            if s < worst as usize && rows.len() < count[s] {
                return false;
            }
            before += count[s];
        }
        false
    };
    reader.walk(order, |rid| {
        if let Some(s) = score.get(&rid) {
            found[*s as usize].push(rid);
        } else if member(&rid) && (exact || matches(&reader.row(rid)?).is_some()) {
            found[worst as usize].push(rid);
        } else {
            return Ok(true);
        }
        Ok(!settled(&found))
    })?;
    Ok(found.into_iter().flatten().take(need).collect())
}
