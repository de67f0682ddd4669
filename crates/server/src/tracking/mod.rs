//! Parcel tracking: the company server, not each desk, asks the carriers' tracking service
//! (desks are often offline, and the service's push callbacks need a public address). The
//! adapter for 快递100 speaks its wire format; no key configured means tracking is off.

pub mod callback;
pub mod kuaidi100;
pub mod poller;
