//! Reads that combine several tables for the catalog, stock and quote screens: the price and
//! stock of a product on a customer's quote, a quote with its versions, comparisons.

use crate::queries::{catalog, quotes};
use crate::{Store, StoreError};
use fairdesk_core::catalog::CompanyProfile;
use fairdesk_core::docnumber::prefix;
use fairdesk_core::error::{DomainError, Entity, ErrorCode};
use fairdesk_core::ids::Id;
use fairdesk_core::pricing::{price, PriceFor, PricingPolicy};
use fairdesk_core::quote::QuoteData;
use fairdesk_core::quote::{compare, totals, Comparison, LineInfo, Quote, QuoteView};
use fairdesk_core::settings::{CompanyDoc, PolicyDoc};
use fairdesk_core::Mutation;
use rust_decimal::Decimal;

impl Store {
    /// Creates version 1 of a new quote under the next QT number of this desk.
    pub fn create_quote(&mut self, data: QuoteData) -> Result<(Id, String), StoreError> {
        let actor = self.current_actor()?;
        let id = self.new_id();
        let mut number = String::new();
        self.submit_as(&actor, |n| {
            number = n.next(prefix::QUOTE);
            Mutation::SaveQuote {
                id,
                number: number.clone(),
                data,
            }
        })?;
        Ok((id, number))
    }

    /// Submits a mutation that creates a row under a fresh id, and returns the id.
    pub fn create_with(&mut self, build: impl FnOnce(Id) -> Mutation) -> Result<Id, StoreError> {
        let id = self.new_id();
        self.submit(build(id))?;
        Ok(id)
    }

    fn singleton<T: serde::de::DeserializeOwned>(
        &self,
        entity: &str,
    ) -> Result<Option<T>, StoreError> {
        use rusqlite::OptionalExtension;
        let doc: Option<String> = self
            .conn()
            .query_row(
                "SELECT doc FROM singletons WHERE entity = ?1",
                [entity],
                |r| r.get(0),
            )
            .optional()?;
        doc.map(|d| crate::queries::parse_doc(&d)).transpose()
    }

    /// The company's pricing policy (defaults until someone saves one).
    pub fn pricing_policy(&self) -> Result<PricingPolicy, StoreError> {
        Ok(self
            .singleton::<PolicyDoc>("pricing_policy")?
            .map(|d| d.policy)
            .unwrap_or_default())
    }

    pub fn company(&self) -> Result<CompanyProfile, StoreError> {
        Ok(self
            .singleton::<CompanyDoc>("company")?
            .map(|d| d.profile)
            .unwrap_or_default())
    }

    /// The company's units of measure and their precision (the default table until edited).
    pub fn units(&self) -> Result<fairdesk_core::units::UnitTable, StoreError> {
        Ok(self
            .singleton::<CompanyDoc>("company")?
            .map(|d| d.units)
            .unwrap_or_default())
    }

    /// A quote line for `qty` of the product with this SKU or barcode, priced for the customer
    /// as the quote screen prices it, from the first warehouse that has the quantity (else the
    /// first one).
    pub fn priced_line(
        &self,
        customer: Id,
        code: &str,
        qty: Decimal,
    ) -> Result<fairdesk_core::quote::QuoteLine, StoreError> {
        let p = catalog::product_by_code(self.conn(), code)?
            .ok_or_else(|| DomainError::field("product", ErrorCode::UnknownProduct))?;
        let info = self.line_info(customer, p.id, qty)?;
        let warehouse = info
            .stock
            .iter()
            .find(|s| s.available >= qty)
            .or(info.stock.first())
            .map(|s| s.warehouse_id);
        Ok(fairdesk_core::quote::QuoteLine {
            product_id: p.id,
            sku: p.data.sku.clone(),
            name: p.data.name.clone(),
            spec: p.data.spec.clone(),
            unit: p.data.unit.clone(),
            qty,
            warehouse_id: warehouse,
            list_price: p.data.list_price,
            unit_price: info.priced.unit_price,
            segments: info.priced.segments,
            source: info.priced.source,
            tax_rate: p.data.tax_rate,
        })
    }

    /// Price, last price and stock of a product for a customer's quote line.
    pub fn line_info(
        &self,
        customer_id: Id,
        product_id: Id,
        qty: Decimal,
    ) -> Result<LineInfo, StoreError> {
        let conn = self.conn();
        let product = catalog::product(conn, product_id)?
            .filter(|p| p.sellable())
            .ok_or_else(|| DomainError::field("product", ErrorCode::UnknownProduct))?;
        let customer =
            crate::queries::customers::get(conn, customer_id)?.ok_or(DomainError::NotFound {
                entity: Entity::Customer,
                id: customer_id,
            })?;
        let categories = catalog::category_chain(conn, product.data.category_id)?;
        let rules = catalog::rules_for(conn, product.id, &categories, customer_id)?;
        let priced = price(
            &self.pricing_policy()?,
            &rules,
            PriceFor {
                product: &product,
                categories: &categories,
                customer_id,
                level: customer.data.level,
                qty: if qty > Decimal::ZERO {
                    qty
                } else {
                    Decimal::ONE
                },
                date: self.today(),
            },
        );
        Ok(LineInfo {
            last_price: quotes::last_price(conn, customer_id, product.id)?,
            stock: catalog::product_stock(conn, product.id)?,
            product,
            priced,
        })
    }

    /// A quote as its screen shows it: totals, stock per line, every version of the need.
    pub fn quote_view(&self, id: Id) -> Result<QuoteView, StoreError> {
        let conn = self.conn();
        let q = quotes::get(conn, id)?.ok_or(DomainError::NotFound {
            entity: Entity::Quote,
            id,
        })?;
        let customer_name = crate::queries::customers::get(conn, q.data.customer_id)?
            .map(|c| c.data.name)
            .unwrap_or_default();
        let today = self.today();
        let stock = q
            .data
            .lines
            .iter()
            .map(|l| catalog::product_stock(conn, l.product_id))
            .collect::<Result<Vec<_>, _>>()?;
        let versions = quotes::versions(conn, q.need_id)?
            .into_iter()
            .map(|v| quotes::row(v, customer_name.clone(), today))
            .collect();
        let approved_by_name = match q.approved_by {
            Some(u) => crate::queries::users::get(conn, u)?.map(|u| u.data.name),
            None => None,
        };
        Ok(QuoteView {
            status: q.shown_status(today),
            totals: totals(&q.data),
            customer_name,
            stock,
            versions,
            approved_by_name,
            history: crate::queries::customers::history(conn, q.id)?,
            quote: q,
        })
    }

    /// The chosen versions of one need side by side (all of them when `ids` is empty).
    pub fn compare_versions(&self, need_id: Id, ids: &[Id]) -> Result<Comparison, StoreError> {
        let all: Vec<Quote> = quotes::versions(self.conn(), need_id)?
            .into_iter()
            .filter(|q| ids.is_empty() || ids.contains(&q.id))
            .collect();
        Ok(compare(&all))
    }
}
