//! The one failure every area's reads share: storage could not answer. Kept apart from
//! `apply` so that an area's reader trait needs nothing of the write path.

/// A storage failure while reading state; the whole mutation is abandoned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);
