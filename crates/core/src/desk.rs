//! What the desktop reports about this desk to its UI (top bar, dashboard).

use crate::error::Lang;
use crate::user::User;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppStatus {
    /// The code in this desk's document numbers.
    pub device_code: String,
    /// Who works at the desk now.
    pub user: User,
    /// Mutations in the outbox, not yet synced.
    pub pending: u64,
    pub lang: Lang,
    /// Customers the current user sees.
    pub customers: u64,
}
