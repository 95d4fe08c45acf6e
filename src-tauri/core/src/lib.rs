//! Factdesk's engine. Everything that is not window plumbing lives here:
//! reading articles, finding claims, the library, and export. No Tauri dependency.

pub mod analysis;
pub mod anchor;
pub mod app;
pub mod archive;
pub mod cli;
pub mod contract;
pub mod document;
pub mod error;
pub mod export;
pub mod import;
pub mod matching;
pub mod memory;
pub mod model;
pub mod progress;
pub mod store;
#[doc(hidden)]
pub mod test_fixtures;
pub mod textpos;

pub use document::{Block, BlockKind, Document, Format};
pub use error::{CoreError, ErrorCode, Result};
