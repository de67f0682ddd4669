//! Users of the company and their roles. Locally an admin manages them in Settings; with a
//! sync server they come from the server.

use crate::actor::Role;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::validate::Checker;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserData {
    pub name: String,
    pub role: Role,
    /// Team name; managers see the customers of their team.
    pub team: String,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Id,
    #[serde(flatten)]
    pub data: UserData,
    pub meta: RowMeta,
}

impl UserData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.name("name", &self.name, true, 30);
        c.name("team", &self.team, false, 30);
        c.finish()
    }
}
