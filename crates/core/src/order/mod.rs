//! 销售订单 rules that need no storage yet: the state machine, payment terms and their
//! schedule, purchase limits (限购) and the nearest-warehouse suggestion. Orders as stored
//! documents, their mutations and reservations build on these (issue 4).

mod credit;
mod doc;
mod limits;
mod status;
mod terms;
mod view;
mod warehouse;

pub use credit::{CreditCheck, RECEIVABLE};
pub use doc::{pool_id, reservation_id, LineStock, Order, OrderData, OrderLine, Reservation};
pub use limits::{check_limit, LimitBreach, PurchaseLimit};
pub use status::{next_status, OrderAction, OrderStatus};
pub use terms::{due_date, Due, Installment, PaymentTerms};
pub use view::{released, OrderQueue, OrderRow, OrderView, PaidState};
pub use warehouse::{distance, region, suggest_warehouse, Suggestion, WarehouseOffer};
