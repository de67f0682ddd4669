//! Which rows a user may receive: the domain's permission rules applied to server rows.

use fairdesk_core::permissions::{can_view_customer, Owner};
use fairdesk_core::user::User;
use fairdesk_core::{Actor, Id};
use std::collections::HashMap;

/// Teams of the company's users, for the owner checks.
pub struct Teams(HashMap<Id, String>);

impl Teams {
    pub fn load(
        tx: &mut impl postgres::GenericClient,
        org: uuid::Uuid,
    ) -> Result<Teams, postgres::Error> {
        let mut map = HashMap::new();
        for row in tx.query(
            "SELECT doc FROM rows WHERE org_id = $1 AND entity = 'user'",
            &[&org],
        )? {
            let doc: serde_json::Value = row.get(0);
            if let Ok(u) = serde_json::from_value::<User>(doc) {
                map.insert(u.id, u.data.team);
            }
        }
        Ok(Teams(map))
    }

    /// May `actor` see a row of this entity owned by `owner`?
    pub fn visible(&self, actor: &Actor, entity: &str, owner: Option<Id>) -> bool {
        match (entity, owner) {
            ("customer" | "follow_up" | "quote" | "order", Some(owner)) => {
                let team = self.0.get(&owner).map(String::as_str).unwrap_or("");
                can_view_customer(actor, Owner { id: owner, team })
            }
            ("customer" | "follow_up" | "quote" | "order", None) => false,
            _ => true,
        }
    }
}
