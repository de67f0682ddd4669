//! Who performs a change: user, role, team and device. Every mutation carries one.

use crate::ids::Id;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 老板/管理员
    Admin,
    /// 销售经理: sees the team
    Manager,
    /// 销售: sees own customers and documents
    Rep,
    /// 仓管
    Warehouse,
    /// 财务
    Finance,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Manager,
        Role::Rep,
        Role::Warehouse,
        Role::Finance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Rep => "rep",
            Role::Warehouse => "warehouse",
            Role::Finance => "finance",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        match (self, lang) {
            (Role::Admin, Zh) => "管理员",
            (Role::Manager, Zh) => "销售经理",
            (Role::Rep, Zh) => "销售",
            (Role::Warehouse, Zh) => "仓管",
            (Role::Finance, Zh) => "财务",
            (Role::Admin, En) => "Admin",
            (Role::Manager, En) => "Sales manager",
            (Role::Rep, En) => "Sales rep",
            (Role::Warehouse, En) => "Warehouse",
            (Role::Finance, En) => "Finance",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Id,
    pub role: Role,
    /// Team name ("华东组"); empty when the user is in no team. Managers see their team.
    pub team: String,
    pub device_id: Id,
}
