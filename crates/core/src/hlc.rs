//! Hybrid logical clock. Stamped on every mutation when the user makes the edit (not when it
//! syncs), so that last-writer-wins per field follows the order users actually worked in.
//! Ties on time and counter are broken by the device id, so two clocks never compare equal.

use crate::ids::Id;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// How far ahead of the receiver's clock a stamp may be: a device whose clock is wrong by more
/// is clamped on the server and ignored by other desks, so it can't win every later edit.
pub const MAX_AHEAD_MS: u64 = 5 * 60_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (physical part).
    pub ms: u64,
    /// Logical counter within the same millisecond.
    pub counter: u32,
    /// The device that issued it (tie breaker).
    pub node: Id,
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.ms, self.counter, self.node).cmp(&(other.ms, other.counter, other.node))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hlc {
    pub fn zero(node: Id) -> Hlc {
        Hlc {
            ms: 0,
            counter: 0,
            node,
        }
    }

    /// The next timestamp for a local event, given the wall clock.
    /// Monotonic even if the wall clock steps backwards.
    pub fn tick(self, wall_ms: u64) -> Hlc {
        if wall_ms > self.ms {
            Hlc {
                ms: wall_ms,
                counter: 0,
                node: self.node,
            }
        } else {
            Hlc {
                ms: self.ms,
                counter: self.counter + 1,
                node: self.node,
            }
        }
    }

    /// Merge a timestamp received from elsewhere (e.g. pulled from the server), so that
    /// later local events order after everything this device has seen.
    pub fn observe(self, remote: Hlc, wall_ms: u64) -> Hlc {
        let ms = wall_ms.max(self.ms).max(remote.ms);
        let counter = if ms == self.ms && ms == remote.ms {
            self.counter.max(remote.counter) + 1
        } else if ms == self.ms {
            self.counter + 1
        } else if ms == remote.ms {
            remote.counter + 1
        } else {
            0
        };
        Hlc {
            ms,
            counter,
            node: self.node,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u8) -> Id {
        Id::v7(1, [n; 10])
    }

    #[test]
    fn tick_is_monotonic_even_when_the_wall_clock_goes_back() {
        let c0 = Hlc::zero(node(1)).tick(1000);
        let c1 = c0.tick(900);
        let c2 = c1.tick(900);
        assert!(c0 < c1 && c1 < c2);
        assert_eq!(c2.ms, 1000);
        assert_eq!(c2.counter, 2);
        assert!(c2.tick(2000) > c2);
    }

    #[test]
    fn observe_orders_after_the_remote_event() {
        let local = Hlc::zero(node(1)).tick(1000);
        let remote = Hlc {
            ms: 5000,
            counter: 3,
            node: node(2),
        };
        let merged = local.observe(remote, 1200);
        assert!(merged > remote);
        assert!(merged.tick(1300) > remote);
    }

    #[test]
    fn equal_time_and_counter_break_ties_by_device() {
        let a = Hlc {
            ms: 1,
            counter: 0,
            node: node(1),
        };
        let b = Hlc {
            ms: 1,
            counter: 0,
            node: node(2),
        };
        assert_ne!(a.cmp(&b), Ordering::Equal);
    }
}
