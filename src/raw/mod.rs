//! The files as written: serde types that check only form (field names, value types).
//!
//! Every value keeps its byte span ([`Sp`]) so that the validation stage, which resolves
//! names and checks meaning, can point at the user's text. The structs are deliberately
//! flat (a `type` field plus every optional parameter) rather than internally tagged enums:
//! serde buffers tagged enums, which loses spans and turns precise errors into vague ones.
//! The validator then says "`lump_sum` applies to `threshold` rules, not `rate_card`".

pub mod contract;
pub mod observed;
pub mod scenario;
mod spanned;

pub use spanned::Sp;
