//! `fd_contains(haystack, needle)`: substring test for customer search, registered on every
//! connection. A SIMD substring search (memchr) scans the 100k search keys several times
//! faster than `LIKE '%…%'`, which folds case and walks the pattern character by character.

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "fd_contains",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            // The needle is the same for every row: build its searcher once per statement.
            let finder = ctx.get_or_create_aux(1, |v| -> rusqlite::Result<_> {
                let needle = v
                    .as_str()
                    .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
                Ok(memchr::memmem::Finder::new(needle.as_bytes()).into_owned())
            })?;
            let hay = ctx.get_raw(0).as_str().unwrap_or("");
            Ok(finder.find(hay.as_bytes()).is_some())
        },
    )
}
