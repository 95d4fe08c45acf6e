//! Fact-check archives: schema.org ClaimReview records from fact-checking sites (or from
//! Factdesk's own ClaimReview export), kept in the library so that "checked before" matching
//! (`crate::matching`) can find them.
//!
//! - `read` streams a file (JSON Lines, a JSON list, a JSON-LD object, an HTML page) into
//!   records; `record` turns one JSON object into a [`ReviewRecord`] or says what is wrong.
//! - The library keeps them (`store::archive`): one transaction per import, so a file that
//!   cannot be read leaves the library as it was; a bad record is reported by its line or
//!   index and the good ones are imported. Re-importing updates a record (key: `identifier`,
//!   else `url` + `claimReviewed`), never duplicates it.

mod read;
mod record;

pub use read::{read_archive, ArchiveFormat, Item, RecordError};
pub use record::{review_from_json, ReviewRecord, MAX_CLAIM_CHARS, MAX_FIELD_CHARS};

use serde::Serialize;
use ts_rs::TS;

/// An imported archive file, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArchiveSummary {
    /// `k1`, `k2`, … (the name works too).
    pub id: String,
    /// The file's name; importing a file of the same name again updates this archive.
    pub name: String,
    pub path: String,
    pub imported: String,
    pub records: u32,
}

/// What one `archive import` did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub archive: ArchiveSummary,
    /// json-lines, json-list, json-ld, html.
    pub format: String,
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Records not imported: how many, and the first 100 with their line or index.
    pub rejected: u32,
    pub errors: Vec<RecordError>,
}

/// How far an import is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub records: u32,
    pub bytes: u64,
    pub total_bytes: u64,
}

pub fn archive_id(n: i64) -> String {
    format!("k{n}")
}

pub(crate) const MAX_ERRORS_KEPT: usize = 100;
