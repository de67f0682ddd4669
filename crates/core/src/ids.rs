//! Row ids: UUIDv7, generated on the device. The core takes the clock and the random bits
//! as arguments so that it stays free of I/O (and deterministic in tests).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub Uuid);

impl Id {
    /// A UUIDv7 from a Unix time in milliseconds and 10 random bytes.
    pub fn v7(unix_ms: u64, random: [u8; 10]) -> Id {
        Id(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
    }

    /// The nil id, used where "nobody" must be spelled out (e.g. a system actor).
    pub const NIL: Id = Id(Uuid::nil());
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self)
    }
}

impl FromStr for Id {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v7_ids_sort_by_time_and_carry_version_7() {
        let a = Id::v7(1_700_000_000_000, [9; 10]);
        let b = Id::v7(1_700_000_000_001, [0; 10]);
        assert!(a < b, "later ids sort after earlier ones");
        assert_eq!(a.0.get_version_num(), 7);
        assert_eq!(a.to_string().parse::<Id>().unwrap(), a);
    }
}
