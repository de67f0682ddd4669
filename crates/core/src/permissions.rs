//! Who may see and change what. The desktop uses these rules to filter lists; the server
//! enforces the same rules on every pushed mutation.

use crate::actor::{Actor, Role};
use crate::ids::Id;

/// Which customers an actor sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    /// Customers owned by members of this team (and the actor's own).
    Team {
        team: String,
        me: Id,
    },
    /// Only the actor's own customers.
    Own(Id),
}

pub fn customer_scope(actor: &Actor) -> Scope {
    match actor.role {
        // Warehouse and finance need every customer to ship and invoice, read-only.
        Role::Admin | Role::Warehouse | Role::Finance => Scope::All,
        Role::Manager if !actor.team.is_empty() => Scope::Team {
            team: actor.team.clone(),
            me: actor.user_id,
        },
        Role::Manager | Role::Rep => Scope::Own(actor.user_id),
    }
}

/// The owner of a record as the rules need it: who, and in which team.
#[derive(Clone, Copy, Debug)]
pub struct Owner<'a> {
    pub id: Id,
    pub team: &'a str,
}

fn manages(actor: &Actor, owner: Owner) -> bool {
    actor.role == Role::Manager
        && (owner.id == actor.user_id || (!actor.team.is_empty() && owner.team == actor.team))
}

pub fn can_view_customer(actor: &Actor, owner: Owner) -> bool {
    match customer_scope(actor) {
        Scope::All => true,
        Scope::Team { .. } => manages(actor, owner),
        Scope::Own(me) => owner.id == me,
    }
}

/// Logging a payment reminder on a customer: whoever may see its receivables — finance for
/// every customer (finance doesn't edit customers), reps and managers for those they see.
pub fn can_remind_customer(actor: &Actor, owner: Owner) -> bool {
    actor.role != Role::Warehouse && can_view_customer(actor, owner)
}

pub fn can_edit_customer(actor: &Actor, owner: Owner) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Manager => manages(actor, owner),
        Role::Rep => owner.id == actor.user_id,
        Role::Warehouse | Role::Finance => false,
    }
}

/// Creating a customer for `owner` (reps only for themselves, managers for their team).
pub fn can_create_customer_for(actor: &Actor, owner: Owner) -> bool {
    can_edit_customer(actor, owner)
}

/// Moving customers between reps: admins anywhere, managers within their team.
pub fn can_transfer(actor: &Actor, from: Owner, to: Owner) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Manager => manages(actor, from) && manages(actor, to),
        _ => false,
    }
}

pub fn can_manage_tags(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager)
}

pub fn can_manage_users(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

/// Products, categories and warehouses: admins and sales managers.
pub fn can_manage_catalog(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager)
}

/// Receipts, stock-takes and transfers: admins and the warehouse.
pub fn can_record_stock(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Warehouse)
}

/// Deliveries and returns: admins and the warehouse.
pub fn can_ship(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Warehouse)
}

/// Payments received: admins and finance.
pub fn can_record_payment(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Finance)
}

/// Invoices (开票申请, 登记号码, 红字): finance and admins.
pub fn can_invoice(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Finance)
}

/// 出差备货: the desks that sell (reps, their managers, admins) take quotas for themselves.
pub fn can_take_quota(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager | Role::Rep)
}

/// Recalling another desk's quota: admins and sales managers.
pub fn can_recall_quota(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager)
}

/// Price rules, levels and floors: admins and sales managers.
pub fn can_manage_pricing(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager)
}

pub fn can_manage_company(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

/// Quotes follow their customer: whoever may edit the customer may quote to it.
pub fn can_edit_quote(actor: &Actor, owner: Owner) -> bool {
    can_edit_customer(actor, owner)
}

/// Approving a price below the floor: admins, and managers for their team.
pub fn can_approve(actor: &Actor, owner: Owner) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Manager => manages(actor, owner),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, team: &str, n: u8) -> Actor {
        Actor {
            user_id: Id::v7(1, [n; 10]),
            role,
            team: team.into(),
            device_id: Id::NIL,
        }
    }

    #[test]
    fn reps_see_and_edit_only_their_own() {
        let rep = actor(Role::Rep, "华东组", 1);
        let other = actor(Role::Rep, "华东组", 2);
        let own = Owner {
            id: rep.user_id,
            team: "华东组",
        };
        let theirs = Owner {
            id: other.user_id,
            team: "华东组",
        };
        assert!(can_view_customer(&rep, own) && can_edit_customer(&rep, own));
        assert!(!can_view_customer(&rep, theirs) && !can_edit_customer(&rep, theirs));
        assert!(!can_transfer(&rep, own, theirs));
    }

    #[test]
    fn managers_see_their_team_only() {
        let mgr = actor(Role::Manager, "华东组", 1);
        let east = Owner {
            id: Id::v7(1, [5; 10]),
            team: "华东组",
        };
        let south = Owner {
            id: Id::v7(1, [6; 10]),
            team: "华南组",
        };
        assert!(can_view_customer(&mgr, east) && can_edit_customer(&mgr, east));
        assert!(!can_view_customer(&mgr, south));
        assert!(!can_transfer(&mgr, east, south));
    }

    #[test]
    fn warehouse_and_finance_read_but_do_not_edit() {
        for role in [Role::Warehouse, Role::Finance] {
            let a = actor(role, "", 1);
            let o = Owner {
                id: Id::v7(1, [9; 10]),
                team: "x",
            };
            assert!(can_view_customer(&a, o));
            assert!(!can_edit_customer(&a, o));
            assert!(!can_manage_tags(&a));
        }
    }
}
