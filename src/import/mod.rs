//! Importing a deal from a public record: a contract skeleton and an observed-outcomes file
//! that sibyl reads, written as text so that every value keeps a comment saying where it
//! came from.
//!
//! An import never guesses silently. A value the record gives is written with a citation
//! (table, line, row and column; or, from JSON, line and JSON pointer); a value it does not give, or gives in a form that cannot
//! be read, is written as a placeholder marked `# TODO` with the record's raw text quoted,
//! so that the skeleton passes `sibyl check` at once and a person can see what is left to
//! fill in. The files' comments are English, like the example contracts; what the command
//! prints about them is in the user's language.

pub mod indigo;
mod writer;
