//! The check: claims with their status, note and sources. Shared by the library, export and
//! the window. Positions here are code-point offsets into the revision's `text` (see textpos).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of checkable content made a sentence a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ClaimKind {
    Number,
    Date,
    Quote,
    Attribution,
    Event,
    Comparison,
    Causal,
    Entity,
    Policy,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 9] = [
        ClaimKind::Number,
        ClaimKind::Date,
        ClaimKind::Quote,
        ClaimKind::Attribution,
        ClaimKind::Event,
        ClaimKind::Comparison,
        ClaimKind::Causal,
        ClaimKind::Entity,
        ClaimKind::Policy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Number => "number",
            ClaimKind::Date => "date",
            ClaimKind::Quote => "quote",
            ClaimKind::Attribution => "attribution",
            ClaimKind::Event => "event",
            ClaimKind::Comparison => "comparison",
            ClaimKind::Causal => "causal",
            ClaimKind::Entity => "entity",
            ClaimKind::Policy => "policy",
        }
    }

    pub fn parse(s: &str) -> Option<ClaimKind> {
        ClaimKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A checkable fact inside a claim, underlined in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FactKind {
    Number,
    Date,
    Person,
    Organisation,
    Place,
    Quote,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FactSpan {
    pub start: u32,
    pub end: u32,
    pub kind: FactKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Origin {
    Automatic,
    Manual,
}

/// Where a claim sits in a revision: W3C TextQuoteSelector + TextPositionSelector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub start: u32,
    pub end: u32,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
}

/// How many characters of context a selector keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

impl Anchor {
    /// The selector for `[start, end)` (code points) of `text`.
    pub fn from_text(text: &str, start: usize, end: usize) -> Anchor {
        let chars: Vec<char> = text.chars().collect();
        let end = end.min(chars.len());
        let start = start.min(end);
        let pre = start.saturating_sub(CONTEXT_CHARS);
        let post = (end + CONTEXT_CHARS).min(chars.len());
        Anchor {
            start: start as u32,
            end: end as u32,
            quote: chars[start..end].iter().collect(),
            prefix: chars[pre..start].iter().collect(),
            suffix: chars[end..post].iter().collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SourceKind {
    Web,
    Document,
    Person,
    Dataset,
    Other,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Web => "web",
            SourceKind::Document => "document",
            SourceKind::Person => "person",
            SourceKind::Dataset => "dataset",
            SourceKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        [
            SourceKind::Web,
            SourceKind::Document,
            SourceKind::Person,
            SourceKind::Dataset,
            SourceKind::Other,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Source {
    pub id: String,
    pub kind: SourceKind,
    pub title: String,
    /// A URL, or where the thing is (an archive box, a phone call).
    pub location: String,
    /// Date accessed, `YYYY-MM-DD`.
    pub accessed: Option<String>,
    pub excerpt: String,
    /// A local copy, recorded with its SHA-256 so later changes to the file show.
    pub file_path: Option<String>,
    pub file_sha256: Option<String>,
}

/// A status a claim can have: the five defaults plus the user's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StatusDef {
    /// Stable key stored with claims (`unchecked`, `verified`, …).
    pub key: String,
    pub label: String,
    /// CSS colour, e.g. `#1a7f37`.
    pub colour: String,
    /// A mark shown beside the colour, so status never depends on colour alone.
    pub mark: String,
    /// ClaimReview `ratingValue` on a 1 (false) – 5 (true) scale; `None` for unchecked.
    pub rating: Option<u8>,
    pub builtin: bool,
}

impl StatusDef {
    pub fn defaults() -> Vec<StatusDef> {
        let s = |key: &str, label: &str, colour: &str, mark: &str, rating: Option<u8>| StatusDef {
            key: key.into(),
            label: label.into(),
            colour: colour.into(),
            mark: mark.into(),
            rating,
            builtin: true,
        };
        vec![
            s("unchecked", "Unchecked", "#6e7781", "○", None),
            s("verified", "Verified", "#1a7f37", "✓", Some(5)),
            s("disputed", "Disputed", "#9a6700", "!", Some(2)),
            s("false", "False", "#cf222e", "✗", Some(1)),
            s("unverifiable", "Unverifiable", "#8250df", "?", Some(3)),
        ]
    }
}

/// One claim of a check, as stored and exported (the window gets it as `app::api::ClaimCard`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimRecord {
    /// Short, stable id (`c12`), unique within its article.
    pub id: String,
    pub anchor: Anchor,
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
