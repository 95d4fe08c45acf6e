//! The `factdesk analyze --json` contract (DESIGN.md, "The analyze contract"): positions in
//! code points, every sentence with its score, the proposed claims with kinds and reasons.
//!
//! The report borrows the document and the analysis and serialises straight from them: no
//! per-sentence copies, and byte offsets become code points with one running cursor (offsets
//! come in order), so a 10 MB article streams out in one pass.

use crate::analysis::{Analysis, ClaimCandidate, Sentence};
use crate::document::Document;
use crate::model::FactSpan;
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};
use std::cell::Cell;

#[derive(Debug)]
pub struct AnalyzeReport<'a> {
    pub path: String,
    pub format: &'static str,
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub published: Option<&'a str>,
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub claims: &'a [ClaimCandidate],
    /// Adds each claim's fact spans (left out of `analyze --json` to keep it lean; the window
    /// and the library want them).
    pub with_facts: bool,
}

pub fn report<'a>(path: &str, doc: &'a Document, analysis: &'a Analysis) -> AnalyzeReport<'a> {
    report_with(path, doc, analysis, false)
}

/// Like [`report`]; `with_facts` adds each claim's fact spans.
pub fn report_with<'a>(
    path: &str,
    doc: &'a Document,
    analysis: &'a Analysis,
    with_facts: bool,
) -> AnalyzeReport<'a> {
    AnalyzeReport {
        path: path.to_string(),
        format: doc.format.as_str(),
        title: doc.title.as_deref(),
        byline: doc.byline.as_deref(),
        published: doc.published.as_deref(),
        text: &doc.text,
        sentences: &analysis.sentences,
        claims: &analysis.claims,
        with_facts,
    }
}

/// A score as the contract shows it: three decimals.
pub fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// Byte offset → code-point offset, moving from the last answer; cheap when offsets come in
/// order, correct in any order.
struct CharCursor<'t> {
    text: &'t [u8],
    byte: Cell<usize>,
    ch: Cell<usize>,
}

impl<'t> CharCursor<'t> {
    fn new(text: &'t str) -> Self {
        CharCursor {
            text: text.as_bytes(),
            byte: Cell::new(0),
            ch: Cell::new(0),
        }
    }

    fn to_char(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let (b0, c0) = (self.byte.get(), self.ch.get());
        let ch = if byte >= b0 {
            c0 + count_chars(&self.text[b0..byte])
        } else {
            c0 - count_chars(&self.text[byte..b0])
        };
        self.byte.set(byte);
        self.ch.set(ch);
        ch
    }
}

/// Code points in UTF-8 bytes: every byte that is not a continuation byte starts one.
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c as i8) >= -0x40).count()
}

impl Serialize for AnalyzeReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("AnalyzeReport", 8)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("format", self.format)?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("byline", &self.byline)?;
        st.serialize_field("published", &self.published)?;
        st.serialize_field("text", self.text)?;
        st.serialize_field("sentences", &SentencesOut(self))?;
        st.serialize_field("claims", &ClaimsOut(self))?;
        st.end()
    }
}

struct SentencesOut<'r, 'a>(&'r AnalyzeReport<'a>);

impl Serialize for SentencesOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cur = CharCursor::new(self.0.text);
        let mut seq = s.serialize_seq(Some(self.0.sentences.len()))?;
        for x in self.0.sentences {
            seq.serialize_element(&SentenceOut {
                start: cur.to_char(x.range.start),
                end: cur.to_char(x.range.end),
                score: round3(x.score),
            })?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct SentenceOut {
    start: usize,
    end: usize,
    score: f32,
}

struct ClaimsOut<'r, 'a>(&'r AnalyzeReport<'a>);

impl Serialize for ClaimsOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let cur = CharCursor::new(r.text);
        let mut seq = s.serialize_seq(Some(r.claims.len()))?;
        for c in r.claims {
            seq.serialize_element(&ClaimOut {
                cur: &cur,
                text: r.text,
                claim: c,
                with_facts: r.with_facts,
            })?;
        }
        seq.end()
    }
}

struct ClaimOut<'r, 't> {
    cur: &'r CharCursor<'t>,
    text: &'t str,
    claim: &'r ClaimCandidate,
    with_facts: bool,
}

impl Serialize for ClaimOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.claim;
        let facts = self.with_facts && !c.facts.is_empty();
        let mut st = s.serialize_struct("ClaimOut", if facts { 7 } else { 6 })?;
        st.serialize_field("start", &self.cur.to_char(c.range.start))?;
        st.serialize_field("end", &self.cur.to_char(c.range.end))?;
        st.serialize_field("text", &self.text[c.range.clone()])?;
        st.serialize_field("score", &round3(c.score))?;
        st.serialize_field("kinds", &c.kinds)?;
        st.serialize_field("reasons", &c.reasons)?;
        if facts {
            st.serialize_field(
                "facts",
                &FactsOut {
                    cur: self.cur,
                    claim: c,
                },
            )?;
        } else {
            st.skip_field("facts")?;
        }
        st.end()
    }
}

struct FactsOut<'r, 't> {
    cur: &'r CharCursor<'t>,
    claim: &'r ClaimCandidate,
}

impl Serialize for FactsOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.claim.facts.len()))?;
        for (r, kind) in &self.claim.facts {
            seq.serialize_element(&FactSpan {
                start: self.cur.to_char(r.start) as u32,
                end: self.cur.to_char(r.end) as u32,
                kind: *kind,
            })?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_counts_code_points_in_any_order() {
        let text = "Kim’s 🤣 talks — café ".repeat(20);
        let cur = CharCursor::new(&text);
        let all: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(ci, (b, _))| (b, ci))
            .collect();
        for &(b, ci) in all.iter().chain(all.iter().rev()).step_by(7) {
            assert_eq!(cur.to_char(b), ci);
        }
        assert_eq!(cur.to_char(text.len()), text.chars().count());
    }
}
