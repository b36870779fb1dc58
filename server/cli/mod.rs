//! The command-line front ends over the engine.

pub mod check;
pub mod docs;
pub mod explain;
pub mod fix;
pub mod gates;
pub mod github;
pub mod plan;
pub mod render;
pub mod sarif;
pub mod write_back;
