//! What screens show about customers: list queries, rows, the detail page, duplicate hits.
//! Shared by the store (which fills them) and the UI (which renders them).

use super::Customer;
use crate::audit::FieldChange;
use crate::followup::FollowUp;
use crate::ids::Id;
use crate::tag::Tag;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    /// By pinyin of the name (A → Z).
    #[default]
    Name,
    /// A search's best matches first (exact, prefix, word start, elsewhere), then the most
    /// recently changed; without a search, by name.
    Relevance,
    Newest,
    RecentlyUpdated,
    NextFollowUp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerQuery {
    /// Characters, full pinyin, pinyin initials, mobile or phone fragment, code.
    pub text: String,
    /// Customers carrying all of these tags.
    pub tag_ids: Vec<Id>,
    pub owner_id: Option<Id>,
    /// The recycle bin: deleted customers only.
    pub deleted: bool,
    pub sort: CustomerSort,
    /// 0-based page.
    pub page: u32,
    pub page_size: u32,
}

impl Default for CustomerQuery {
    fn default() -> Self {
        CustomerQuery {
            text: String::new(),
            tag_ids: Vec::new(),
            owner_id: None,
            deleted: false,
            sort: CustomerSort::Name,
            page: 0,
            page_size: 50,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRef {
    pub id: Id,
    pub name: String,
    pub color: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub id: Id,
    pub code: String,
    pub name: String,
    pub level: String,
    pub province: String,
    pub city: String,
    pub contact: String,
    pub mobile: String,
    pub owner_name: String,
    pub tags: Vec<TagRef>,
    pub next_follow_up: Option<NaiveDate>,
    pub updated_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub total: u64,
    /// `total` is a lower bound: a search matched more customers than it ranks.
    #[serde(default)]
    pub more: bool,
    pub page: u32,
    pub page_size: u32,
    pub rows: Vec<CustomerRow>,
}

/// One line of a record's history, from the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at_ms: i64,
    pub user_name: String,
    pub device_id: Id,
    pub action: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerDetail {
    pub customer: Customer,
    pub owner_name: String,
    pub tags: Vec<Tag>,
    pub follow_ups: Vec<FollowUp>,
    pub history: Vec<HistoryEntry>,
}

/// An existing customer that looks like the one being created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateHit {
    pub id: Id,
    pub code: String,
    pub name: String,
    pub owner_name: String,
    /// "name" or "mobile"
    pub reason: String,
}

/// The answer to "create this customer".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum CreateCustomer {
    Created {
        id: Id,
        code: String,
    },
    /// Not created: these look like the same customer. Ask the user, then create again with
    /// the duplicates confirmed.
    PossibleDuplicates {
        hits: Vec<DuplicateHit>,
    },
}
