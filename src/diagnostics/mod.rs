//! Errors about the user's files.
//!
//! Every problem sibyl finds in a contract, scenario or observed-outcomes file becomes a
//! [`Diagnostic`]: which file, which bytes (rendered as line and column with the text
//! marked), what is wrong in plain words, and what to do about it. Validation collects
//! as many as it can before stopping, so one `check` shows every problem at once.

mod diagnostic;
mod render;
mod source;
mod suggest;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use render::{ColorChoice, render, render_all};
pub use source::Source;
pub use suggest::{did_you_mean, suggestion_hint};
