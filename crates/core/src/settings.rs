//! Company-wide singletons that sync like rows: the pricing policy and the company details.
//! Each is stored under the nil id.

use crate::catalog::CompanyProfile;
use crate::mutation::RowMeta;
use crate::pricing::PricingPolicy;
use crate::units::UnitTable;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDoc {
    pub policy: PricingPolicy,
    pub meta: RowMeta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyDoc {
    pub profile: CompanyProfile,
    /// Units of measure and their precision (the default table until edited).
    #[serde(default)]
    pub units: UnitTable,
    pub meta: RowMeta,
}
