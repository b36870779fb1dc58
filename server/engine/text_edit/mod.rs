//! Text-editing helpers that fixes and config edits share, below the rules: quoting values
//! (`quote`), edits to front-matter keys that work for every YAML style and line break
//! (`keys`), repairs to front-matter that does not parse (`repair`), and the check that an
//! edit left the rest of a draft as it was (`damage`).
//!
//! Nothing here knows a rule: it works on a parsed [`Draft`](super::draft::Draft) and returns
//! [`Edit`](super::finding::Edit)s.

pub mod damage;
pub mod keys;
mod layout;
mod lines;
pub mod prose_damage;
pub mod quote;
pub mod repair;
mod scan;
mod value;

pub use keys::{push_item, remove_key, set_key, FrontMatterEdit, NewValue};

#[cfg(test)]
mod tests;
