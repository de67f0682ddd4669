//! Customer tags (高潜力客户, 复购客户 …): company-wide names with a colour.

use crate::error::ErrorCode;
use crate::ids::Id;
use crate::mutation::RowMeta;
use crate::validate::{is_color, Checker};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagData {
    pub name: String,
    /// `#RRGGBB`
    pub color: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: Id,
    #[serde(flatten)]
    pub data: TagData,
    pub deleted: bool,
    pub meta: RowMeta,
}

/// A tag with how many live customers carry it (the tag list and filter).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub tag: Tag,
    pub customers: u64,
}

/// Colours offered in the tag editor.
pub const PALETTE: [&str; 8] = [
    "#d9363e", "#fa8c16", "#d4b106", "#389e0d", "#08979c", "#1677ff", "#722ed1", "#8c8c8c",
];

impl TagData {
    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut c = Checker::default();
        c.name("name", &self.name, true, 20);
        if !is_color(&self.color) {
            c.push("color", ErrorCode::InvalidColor);
        }
        c.finish()
    }
}
