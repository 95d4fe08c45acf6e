//! Sentences, check-worthiness and claim candidates: explainable rules, no model download.

mod claims;
mod lexicon;
pub mod sentences;

use crate::document::Document;
use crate::model::{ClaimKind, FactKind};
use std::ops::Range;

/// The default sensitivity: sentences at or above this are proposed.
pub const DEFAULT_MIN_SCORE: f32 = 0.2;

#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Sentences scoring below this are not proposed as claims.
    pub min_score: f32,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            min_score: DEFAULT_MIN_SCORE,
        }
    }
}

/// A sentence of the document's text (byte range) and its check-worthiness in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimCandidate {
    pub range: Range<usize>,
    pub score: f32,
    pub kinds: Vec<ClaimKind>,
    pub reasons: Vec<String>,
    /// Checkable facts inside the claim (byte ranges into the document text).
    pub facts: Vec<(Range<usize>, FactKind)>,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub sentences: Vec<Sentence>,
    pub claims: Vec<ClaimCandidate>,
}

pub fn analyze(doc: &Document, opts: &AnalyzeOptions) -> Analysis {
    analyze_with(doc, opts, |_| {})
}

/// [`analyze`], telling `progress` after each block the share of the text done (0–1).
pub fn analyze_with(
    doc: &Document,
    opts: &AnalyzeOptions,
    mut progress: impl FnMut(f32),
) -> Analysis {
    let mut out = Analysis::default();
    let mut scratch = claims::Scratch::default();
    let names = mid_sentence_names(&doc.text);
    let text = &doc.text;
    let total = doc.text.len().max(1) as f32;
    for block in &doc.blocks {
        progress(block.range.start as f32 / total);
        let base = block.range.start;
        // A quotation may run over several sentences of a paragraph.
        let mut quote_open = false;
        sentences::split_block_into(doc.block_text(block), block.kind, |r| {
            let range = base + r.start..base + r.end;
            let s = claims::score(
                text,
                range.clone(),
                block.kind,
                &mut quote_open,
                &mut scratch,
                &names,
            );
            out.sentences.push(Sentence {
                range: range.clone(),
                score: s.score,
            });
            // Reasons and facts are written out only for the sentences proposed.
            if s.score >= opts.min_score && s.has_kinds() {
                let a = claims::explain(text, &s, &scratch);
                out.claims.push(ClaimCandidate {
                    range,
                    score: a.score,
                    kinds: a.kinds,
                    reasons: a.reasons,
                    facts: a.facts,
                });
            }
        });
    }
    out
}

/// Words the article writes capitalised in the middle of a sentence: its names. A capitalised
/// first word of a sentence counts as a name only if it is one of these.
fn mid_sentence_names(text: &str) -> lexicon::FnvSet<&str> {
    let b = text.as_bytes();
    let mut set = lexicon::FnvSet::default();
    // Every capitalised word follows a space.
    for space in memchr::memchr_iter(b' ', b) {
        let i = space + 1;
        if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
            continue;
        }
        let prev = b[..i - 1].iter().rposition(|&c| c != b' ');
        if prev.is_some_and(|p| b[p].is_ascii_lowercase() || b[p].is_ascii_digit() || b[p] == b',')
        {
            let len = b[i..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .unwrap_or(b.len() - i);
            set.insert(&text[i..i + len]);
        }
    }
    set
}
