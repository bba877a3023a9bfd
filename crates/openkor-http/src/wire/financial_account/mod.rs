//! Financial Account bodies (reference §6, §7 and the seed pages).

mod request;
mod response;

pub use request::*;
pub use response::*;
