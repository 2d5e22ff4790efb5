//! The validated model: what the files mean, with names resolved to indices. Built by
//! `validate`, read by every layer above; it imports only the leaves.

pub mod contract;
pub mod correlation;
pub mod distribution;
pub mod observed;
pub mod outcome;
pub mod pathway;
pub mod scenario;

pub use contract::Contract;
pub use scenario::Scenario;
