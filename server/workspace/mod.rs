//! The drafts on disk: which files under a folder are drafts (honouring `.gitignore`, `.ignore`
//! and configured exclusions), and their facts for the cross-file rules. The one place the
//! sequence rules touch the file system; the rules themselves are in `engine::sequence`.

pub mod exclude;
pub mod load;
pub mod walk;
