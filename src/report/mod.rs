//! Tables and text for people, rendered from the analyses' result types. A report computes
//! nothing: what it shows was settled or summarised by [`crate::analysis`].

pub mod breakeven;
pub mod charts;
pub mod compare;
pub mod diagram;
pub mod explain;
pub mod grid;
pub mod html;
mod html_more;
pub mod run_table;
pub mod sensitivity;
pub mod settle;
pub mod split_table;
pub mod stress;
pub mod summary;
pub mod sweep;
pub mod workbook;
pub mod workshop;
