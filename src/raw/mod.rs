//! The files as written: serde types that check only form (field names, value types).
//!
//! Every value keeps its byte span ([`Sp`]) so that the validation stage, which resolves
//! names and checks meaning, can point at the user's text. The structs are deliberately
//! flat (a `type` field plus every optional parameter) rather than internally tagged enums:
//! serde buffers tagged enums, which loses spans and turns precise errors into vague ones.
//! The validator then says "`lump_sum` applies to `threshold` rules, not `rate_card`".

pub mod contract;
pub mod observed;
mod parse;
pub mod scenario;
mod spanned;

pub use parse::{Partial, parse, parse_collecting};
pub use spanned::Sp;

/// About a scenario or an observed-outcomes file: its name, what it is, its sources.
#[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileInfo {
    /// A name for reports.
    pub name: Option<Sp<String>>,
    /// What it assumes or records, in a paragraph.
    pub description: Option<Sp<String>>,
    /// Where its figures come from.
    #[serde(default)]
    pub sources: Vec<Sp<String>>,
}
