//! `fd_pool_id(hold_id)`: a stock hold's key in the pool (`core::order::pool_id`), for the
//! migration that keys existing holds by it.

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "fd_pool_id",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let id: fairdesk_core::Id = ctx
                .get::<String>(0)?
                .parse()
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            Ok(fairdesk_core::order::pool_id(id).to_string())
        },
    )
}
