//! The command-line front ends over the engine.

pub mod check;
pub mod docs;
pub mod explain;
pub mod plan;
pub mod render;
