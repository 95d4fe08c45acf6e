//! The `factdesk analyze --json` contract (DESIGN.md, "The analyze contract"): positions in
//! code points, every sentence with its score, the proposed claims with kinds and reasons.

use crate::analysis::Analysis;
use crate::document::Document;
use crate::model::{ClaimKind, FactSpan};
use crate::textpos::CharIndex;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AnalyzeReport<'a> {
    pub path: String,
    pub format: &'static str,
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub published: Option<&'a str>,
    pub text: &'a str,
    pub sentences: Vec<SentenceOut>,
    pub claims: Vec<ClaimOut<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SentenceOut {
    pub start: usize,
    pub end: usize,
    pub score: f32,
}

#[derive(Debug, Serialize)]
pub struct ClaimOut<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub score: f32,
    pub kinds: Vec<ClaimKind>,
    pub reasons: Vec<String>,
    /// The checkable facts inside the claim (numbers, dates, names, quotations); left out of
    /// `analyze --json` (the contract) to keep it lean, filled for the window and the library.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactSpan>,
}

pub fn report<'a>(path: &str, doc: &'a Document, analysis: &Analysis) -> AnalyzeReport<'a> {
    report_with(path, doc, analysis, false)
}

/// Like [`report`]; `with_facts` adds each claim's fact spans.
pub fn report_with<'a>(
    path: &str,
    doc: &'a Document,
    analysis: &Analysis,
    with_facts: bool,
) -> AnalyzeReport<'a> {
    let idx = CharIndex::new(&doc.text);
    let ch = |b: usize| idx.to_char(&doc.text, b);
    AnalyzeReport {
        path: path.to_string(),
        format: doc.format.as_str(),
        title: doc.title.as_deref(),
        byline: doc.byline.as_deref(),
        published: doc.published.as_deref(),
        text: &doc.text,
        sentences: analysis
            .sentences
            .iter()
            .map(|s| SentenceOut {
                start: ch(s.range.start),
                end: ch(s.range.end),
                score: round3(s.score),
            })
            .collect(),
        claims: analysis
            .claims
            .iter()
            .map(|c| ClaimOut {
                start: ch(c.range.start),
                end: ch(c.range.end),
                text: &doc.text[c.range.clone()],
                score: round3(c.score),
                kinds: c.kinds.clone(),
                reasons: c.reasons.clone(),
                facts: c
                    .facts
                    .iter()
                    .filter(|_| with_facts)
                    .map(|(r, kind)| FactSpan {
                        start: ch(r.start) as u32,
                        end: ch(r.end) as u32,
                        kind: *kind,
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}
