//! What the desktop shell asks for, in one call each: forms are parsed by the domain, turned
//! into mutations and submitted. Keeps the Tauri commands one line long.

use crate::queries::customers;
use crate::{Receipt, Store, StoreError};
pub use fairdesk_core::customer::view::CreateCustomer;
use fairdesk_core::customer::{CustomerField, CustomerForm};
use fairdesk_core::docnumber::prefix;
use fairdesk_core::followup::FollowUpForm;
use fairdesk_core::tag::TagData;
use fairdesk_core::user::UserData;
use fairdesk_core::{DomainError, Id, Mutation};

fn invalid(errors: Vec<fairdesk_core::FieldError>) -> StoreError {
    StoreError::Domain(DomainError::Validation { errors })
}

impl Store {
    /// Creates a customer owned by `owner` (the current user when `None`).
    pub fn create_customer(
        &mut self,
        form: &CustomerForm,
        owner: Option<Id>,
        confirmed: bool,
    ) -> Result<CreateCustomer, StoreError> {
        let actor = self.current_actor()?;
        let data = form.parse(self.today()).map_err(invalid)?;
        if !confirmed {
            let mobiles: Vec<String> = data.mobiles().map(String::from).collect();
            let hits = customers::duplicates(self.conn(), &data.name, &mobiles, None)?;
            if !hits.is_empty() {
                return Ok(CreateCustomer::PossibleDuplicates { hits });
            }
        }
        let id = self.new_id();
        let owner_id = owner.unwrap_or(actor.user_id);
        let mut code = String::new();
        self.submit_as(&actor, |n| {
            code = n.next(prefix::CUSTOMER);
            Mutation::CreateCustomer {
                id,
                code: code.clone(),
                owner_id,
                data,
            }
        })?;
        Ok(CreateCustomer::Created { id, code })
    }

    /// Saves an edited profile: only the fields that changed travel (for per-field merges).
    /// Returns `None` when nothing changed (and nothing is written).
    pub fn update_customer(
        &mut self,
        id: Id,
        form: &CustomerForm,
    ) -> Result<Option<Receipt>, StoreError> {
        let data = form.parse(self.today()).map_err(invalid)?;
        let current = customers::get(self.conn(), id)?.ok_or(DomainError::NotFound {
            entity: fairdesk_core::error::Entity::Customer,
            id,
        })?;
        let changes = CustomerField::diff(&current.data, &data);
        if changes.is_empty() {
            return Ok(None);
        }
        self.submit(Mutation::UpdateCustomer { id, changes })
            .map(Some)
    }

    /// Hands all live customers of `from_owner` to `to_owner` in one mutation; returns how many
    /// moved.
    pub fn transfer_all_customers(
        &mut self,
        from_owner: Id,
        to_owner: Id,
    ) -> Result<u64, StoreError> {
        let moved: i64 = self.conn().query_row(
            "SELECT count(*) FROM customers WHERE owner_id = ?1 AND deleted = 0",
            [from_owner.to_string()],
            |r| r.get(0),
        )?;
        self.submit(Mutation::TransferAllCustomers {
            from_owner,
            to_owner,
        })?;
        Ok(moved as u64)
    }

    pub fn add_follow_up(&mut self, form: &FollowUpForm) -> Result<Id, StoreError> {
        let data = form.parse(self.today()).map_err(invalid)?;
        let id = self.new_id();
        self.submit(Mutation::AddFollowUp { id, data })?;
        Ok(id)
    }

    /// Creates (`id = None`) or updates a tag.
    pub fn save_tag(&mut self, id: Option<Id>, data: TagData) -> Result<Id, StoreError> {
        let data = TagData {
            name: data.name.trim().to_string(),
            color: data.color.trim().to_lowercase(),
        };
        match id {
            Some(id) => self.submit(Mutation::UpdateTag { id, data }).map(|_| id),
            None => {
                let id = self.new_id();
                self.submit(Mutation::CreateTag { id, data }).map(|_| id)
            }
        }
    }

    /// Creates (`id = None`) or updates a user.
    pub fn save_user(&mut self, id: Option<Id>, data: UserData) -> Result<Id, StoreError> {
        let id = id.unwrap_or_else(|| self.new_id());
        let data = UserData {
            name: data.name.trim().to_string(),
            team: data.team.trim().to_string(),
            ..data
        };
        self.submit(Mutation::SaveUser { id, data }).map(|_| id)
    }
}

impl Store {
    /// Today's reminders for the desktop notification, at most once a day per desk: returns
    /// `None` when today's were already shown (or there are none).
    pub fn daily_reminder_digest(
        &mut self,
    ) -> Result<Option<Vec<fairdesk_core::reminder::Reminder>>, StoreError> {
        let today = self.today().to_string();
        if self.setting("reminders_notified_on")?.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        let actor = self.current_actor()?;
        let list = crate::queries::reminders::for_actor(self.conn(), &actor, self.today())?;
        if list.is_empty() {
            return Ok(None);
        }
        self.set_setting("reminders_notified_on", &today)?;
        Ok(Some(list))
    }

    /// Products below their safety stock, once a day, for the people who buy and store them
    /// (warehouse and admin); `None` when already told today, not their job, or nothing is low.
    pub fn daily_stock_digest(
        &mut self,
    ) -> Result<Option<Vec<fairdesk_core::stock::SafetyAlert>>, StoreError> {
        let today = self.today().to_string();
        let actor = self.current_actor()?;
        if !matches!(
            actor.role,
            fairdesk_core::Role::Warehouse | fairdesk_core::Role::Admin
        ) || self.setting("stock_notified_on")?.as_deref() == Some(today.as_str())
        {
            return Ok(None);
        }
        let list = crate::queries::catalog::below_safety(self.conn())?;
        if list.is_empty() {
            return Ok(None);
        }
        self.set_setting("stock_notified_on", &today)?;
        Ok(Some(list))
    }

    /// Seeds the demo company once per database.
    pub fn seed_demo(&mut self, customers: usize) -> Result<crate::demo::DemoSummary, StoreError> {
        if self.setting("demo_seeded")?.is_some() {
            return Err(StoreError::DemoExists);
        }
        let summary = crate::demo::seed(self, customers)?;
        self.set_setting("demo_seeded", &self.today().to_string())?;
        Ok(summary)
    }
}
