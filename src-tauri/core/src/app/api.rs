//! The window's side of the application: every type that crosses to the window, in one
//! place. Types made for the window are defined here; the library's and the model's types the
//! window also receives are re-exported, so the shell (`src-tauri/src`) names its types from
//! this module only. Each has `#[ts(export)]` and becomes `ui/src/lib/bindings/<Name>.ts`; a
//! test checks that every binding is named here. Also here: the window's limits and the rule
//! for which links it may open, so the shell holds no rule of its own.

use crate::analysis::AnalyzeOptions;
use crate::error::{CoreError, Result};
use crate::export::{ExportFormat, ExportOptions};
use crate::model::SourceKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use super::backups::BackupRestored;
pub use super::checked::{ClaimMatches, ClaimOccurrence, RecurringClaim};
pub use super::recent::{FileState, LibraryOpened, RecentArticle};
pub use super::view::{ArticleView, BlockView, Run};
pub use crate::archive::{ArchiveSummary, ImportProgress, ImportReport, RecordError};
pub use crate::document::{BlockKind, Format};
pub use crate::error::ErrorCode;
pub use crate::matching::{CandidateOrigin, Match, MatchLevel};
use crate::model::ClaimRecord;
pub use crate::model::{ClaimKind, FactKind, FactSpan, Origin, Source, StatusDef};
pub use crate::progress::{Progress, Stage};
pub use crate::store::{HistoryRow, HistoryState, ReanchorReport, SearchHit, SearchKind};

/// How many changes a claim's history panel shows.
pub const HISTORY_SHOWN: usize = 200;
/// How many results the library search shows.
pub const SEARCH_SHOWN: usize = 50;
/// How many recurring claims the library screen lists.
pub const RECURRING_SHOWN: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StatusCount {
    pub status: String,
    pub count: u32,
}

/// Where a claim sits, as the window needs it: its place in the current revision and its words.
/// (The stored anchor's 32 characters of context on each side are for re-anchoring only.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct QuoteSpan {
    /// Code points, like every position the window gets.
    pub start: u32,
    pub end: u32,
    pub quote: String,
}

/// A claim as the window shows it: the stored record without its anchor's context. A 1 MB
/// article has over 12,000 claims; their context was 1.1 MB of the 9.6 MB its view sent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClaimCard {
    /// Short, stable id (`c12`), unique within its article.
    pub id: String,
    pub anchor: QuoteSpan,
    pub origin: Origin,
    pub kinds: Vec<ClaimKind>,
    pub score: f32,
    pub reasons: Vec<String>,
    pub facts: Vec<FactSpan>,
    pub status: String,
    /// Markdown.
    pub note: String,
    pub sources: Vec<Source>,
    pub dismissed: bool,
    /// The claim's text changed in a new revision: its status is stale until re-checked.
    pub needs_recheck: bool,
    /// No place for it was found in the current revision; kept, never deleted.
    pub orphaned: bool,
    /// RFC 3339.
    pub updated: String,
}

impl From<ClaimRecord> for ClaimCard {
    fn from(c: ClaimRecord) -> ClaimCard {
        // No `..`: a field added to the record must be placed here or dropped on purpose.
        let ClaimRecord {
            id,
            anchor,
            origin,
            kinds,
            score,
            reasons,
            facts,
            status,
            note,
            sources,
            dismissed,
            needs_recheck,
            orphaned,
            updated,
        } = c;
        ClaimCard {
            id,
            anchor: QuoteSpan {
                start: anchor.start,
                end: anchor.end,
                quote: anchor.quote,
            },
            origin,
            kinds,
            score,
            reasons,
            facts,
            status,
            note,
            sources,
            dismissed,
            needs_recheck,
            orphaned,
            updated,
        }
    }
}

/// An article as listed in the library.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ArticleSummary {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub format: String,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub revisions: u32,
    pub created: String,
    pub updated: String,
    /// Claims neither dismissed nor orphaned.
    pub claims: u32,
    /// Of those, how many have each status (statuses with none are left out).
    pub counts: Vec<StatusCount>,
    pub orphaned: u32,
    pub needs_recheck: u32,
    pub dismissed: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum OpenOutcome {
    /// First time in the library.
    New,
    /// Already there with the same content.
    Unchanged,
    /// The file changed: a new revision, claims carried over (see the report).
    Revised,
}

/// What opening a file found, for the command line (the window gets [`OpenedView`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenedArticle {
    pub article: ArticleSummary,
    pub outcome: OpenOutcome,
    pub report: Option<ReanchorReport>,
    /// What the file held that could not be imported (a PDF's pages without text).
    pub warnings: Vec<String>,
}

/// What the window's Open gets back, in one call: what opening found, and the review
/// screen's data (`view.article` is the article's summary).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OpenedView {
    pub outcome: OpenOutcome,
    pub report: Option<ReanchorReport>,
    /// What the file held that could not be imported (a PDF's pages without text).
    pub warnings: Vec<String>,
    pub view: ArticleView,
}

/// A source as the user enters it; its id, and the SHA-256 of a local file, are the library's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SourceInput {
    pub kind: SourceKind,
    pub title: String,
    pub location: String,
    /// `YYYY-MM-DD`.
    pub accessed: Option<String>,
    #[serde(default)]
    pub excerpt: String,
    pub file_path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// The checker's name: recorded in history, and the author of ClaimReview exports.
    pub checker: String,
    /// How many sentences the analysis proposes in articles opened from now on.
    #[serde(default)]
    pub proposals: Proposals,
    /// After a status key (1–9) the window moves on to the next claim. On unless turned off.
    #[serde(default = "on")]
    pub advance_after_status: bool,
}

/// How many claims to propose: the checker's "show fewer / more proposals", per library.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Proposals {
    /// Only likely central claims (numbers, events, decisions, attributed facts).
    Fewer,
    /// Likely central claims and sentences likely to hold checkable facts: the threshold
    /// chosen by cross-validation to keep 95 % of central claims.
    #[default]
    Default,
    /// Lower thresholds: misses fewer claims, proposes more sentences.
    More,
}

impl Proposals {
    pub fn as_str(self) -> &'static str {
        match self {
            Proposals::Fewer => "fewer",
            Proposals::Default => "default",
            Proposals::More => "more",
        }
    }

    /// The level named `s`; anything else is the default.
    pub fn parse(s: &str) -> Self {
        match s {
            "fewer" => Proposals::Fewer,
            "more" => Proposals::More,
            _ => Proposals::Default,
        }
    }

    /// The analysis options for this level.
    pub fn analyze_options(self) -> AnalyzeOptions {
        let mut o = AnalyzeOptions::default();
        match self {
            // "Only likely central claims": the score is a calibrated probability, so
            // likely means at least even odds (and never below the default threshold).
            Proposals::Fewer => {
                o.min_factual = None;
                o.min_score = o.min_score.max(0.5);
            }
            Proposals::Default => {}
            Proposals::More => {
                o.min_score /= 2.0;
                o.min_factual = o.min_factual.map(|m| (m - 0.25).max(0.3));
            }
        }
        o
    }
}

fn on() -> bool {
    true
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            checker: String::new(),
            proposals: Proposals::default(),
            advance_after_status: true,
        }
    }
}

/// What undo or redo did, and what comes next (for the Edit menu).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct UndoOutcome {
    /// The change undone or redone; `None` when there was nothing to do.
    pub change: Option<HistoryRow>,
    pub next_undo: Option<String>,
    pub next_redo: Option<String>,
}

/// The Export dialog's request: where to write which format, with which claims.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct ExportRequest {
    pub article: String,
    #[ts(
        type = "\"annotated-md\" | \"critic\" | \"pandoc\" | \"json\" | \"claimreview\" | \"csv\" | \"report\""
    )]
    pub format: ExportFormat,
    pub path: String,
    pub statuses: Vec<String>,
    pub summary: bool,
    pub skip_dismissed: bool,
}

impl ExportRequest {
    pub fn options(&self) -> ExportOptions {
        ExportOptions {
            summary: self.summary,
            statuses: self.statuses.clone(),
            skip_dismissed: self.skip_dismissed,
            ..ExportOptions::default()
        }
    }
}

/// The link a source's "open" may hand to the system browser: a web address (http or https)
/// with no control characters, trimmed. Anything else (`file:`, `javascript:`, a program's
/// own scheme) is refused, since the link comes from article or archive text.
pub fn web_link(url: &str) -> Result<&str> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://"))
        && !trimmed.chars().any(char::is_control)
    {
        Ok(trimmed)
    } else {
        Err(CoreError::Invalid(format!(
            "only web links can be opened: {trimmed}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every TypeScript binding the window uses is a type this module defines or re-exports
    /// (the shell's own `IpcError` aside), so the window's contract is read in one file.
    #[test]
    fn every_binding_is_a_type_of_this_module() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/bindings");
        // The module above its tests: a name only a test mentions does not count.
        let source = include_str!("api.rs")
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default();
        let named = |name: &str| {
            source
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|word| word == name)
        };
        let mut bindings = Vec::new();
        for entry in std::fs::read_dir(dir).expect("the UI's bindings folder") {
            let file = entry.expect("a bindings entry").file_name();
            let file = file.to_string_lossy();
            if let Some(name) = file.strip_suffix(".ts") {
                bindings.push(name.to_string());
            }
        }
        assert!(bindings.len() > 30, "bindings found: {bindings:?}");
        let outside: Vec<&String> = bindings
            .iter()
            .filter(|b| b.as_str() != "IpcError" && !named(b))
            .collect();
        assert!(
            outside.is_empty(),
            "window types not in app::api: {outside:?}"
        );
    }

    #[test]
    fn only_web_links_are_opened() {
        assert_eq!(
            web_link("  https://example.org/a ").ok(),
            Some("https://example.org/a")
        );
        assert_eq!(
            web_link("HTTP://example.org").ok(),
            Some("HTTP://example.org")
        );
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "example.org",
            "https://example.org/\u{0}x",
            "mailto:a@b.c",
        ] {
            let err = web_link(bad).err().map(|e| e.code());
            assert_eq!(err, Some(ErrorCode::Invalid), "{bad:?}");
        }
    }

    #[test]
    fn an_export_request_keeps_the_dialogs_choices() {
        let request: ExportRequest = serde_json::from_str(
            r#"{"article":"a1","format":"csv","path":"/tmp/x.csv","statuses":["verified"],
                "summary":true,"skip_dismissed":false}"#,
        )
        .expect("the window's request");
        let o = request.options();
        assert_eq!(o.statuses, vec!["verified".to_string()]);
        assert!(o.summary && !o.skip_dismissed);
        assert_eq!(request.format, ExportFormat::Csv);
    }
}
