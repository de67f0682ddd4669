//! Which rows a user may receive: the domain's permission rules applied to server rows.

use fairdesk_core::permissions::{can_view_customer, Owner};
use fairdesk_core::user::User;
use fairdesk_core::{Actor, Id};
use std::collections::HashMap;

/// Entities that follow their customer: whoever may see the customer sees them.
macro_rules! CUSTOMER_ROWS {
    () => {
        "customer"
            | "follow_up"
            | "quote"
            | "order"
            | "payment"
            | "delivery"
            | "return_note"
            | "invoice"
    };
}

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

    /// How a row of this entity owned by `owner` goes to `actor`: a stock hold always goes
    /// (every desk needs the pool's figures), but without its order unless the actor may see
    /// the order; other rows go whole or not at all.
    pub fn sent(&self, actor: &Actor, entity: &str, owner: Option<Id>) -> Sent {
        match (entity, owner) {
            ("reservation", None) => Sent::Whole,
            ("reservation", Some(_)) if self.visible(actor, "order", owner) => Sent::Whole,
            ("reservation", Some(_)) => Sent::Redacted,
            _ if self.visible(actor, entity, owner) => Sent::Whole,
            _ => Sent::Not,
        }
    }

    /// May `actor` see a row of this entity owned by `owner`?
    pub fn visible(&self, actor: &Actor, entity: &str, owner: Option<Id>) -> bool {
        match (entity, owner) {
            (CUSTOMER_ROWS!(), Some(owner)) => {
                let team = self.0.get(&owner).map(String::as_str).unwrap_or("");
                can_view_customer(actor, Owner { id: owner, team })
            }
            (CUSTOMER_ROWS!(), None) => false,
            _ => true,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    Whole,
    /// Only what the pool needs ([`fairdesk_core::order::Reservation::redacted`]).
    Redacted,
    Not,
}

/// A row as `sent` says: its document (as stored, or redacted) under the id the user knows it
/// by, or `None`.
pub fn as_sent(
    sent: Sent,
    entity: &str,
    id: Id,
    doc: String,
) -> Result<(Id, Option<Box<serde_json::value::RawValue>>), serde_json::Error> {
    match sent {
        Sent::Whole => Ok((id, Some(serde_json::value::RawValue::from_string(doc)?))),
        Sent::Redacted if entity == "reservation" => {
            let hold: fairdesk_core::order::Reservation = serde_json::from_str(&doc)?;
            let hold = hold.redacted();
            Ok((hold.id, Some(serde_json::value::to_raw_value(&hold)?)))
        }
        _ => Ok((id, None)),
    }
}
