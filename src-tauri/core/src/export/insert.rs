//! The Markdown an annotation goes into (the article's own source, or a rendering of it) and
//! where a claim's marks go in it. Everything is insertion by byte offset: never re-serialise.

use super::mdscan::Scan;
use super::render::render;
use crate::document::{Document, Format, SourceSpan};
use crate::model::Anchor;
use crate::textpos::CharIndex;
use std::borrow::Cow;
use std::ops::Range;

pub(crate) struct Target<'a> {
    doc: &'a Document,
    pub source: Cow<'a, str>,
    map: Cow<'a, [SourceSpan]>,
    /// The source is Factdesk's rendering, not the author's file.
    pub rendered: bool,
    pub scan: Scan,
    idx: CharIndex,
}

impl<'a> Target<'a> {
    pub fn new(doc: &'a Document) -> Target<'a> {
        let (source, map, rendered) = if doc.format == Format::Markdown && !doc.source.is_empty() {
            (
                Cow::Borrowed(doc.source.as_str()),
                Cow::Borrowed(doc.source_map.as_slice()),
                false,
            )
        } else {
            let (s, m) = render(doc);
            (Cow::Owned(s), Cow::Owned(m), true)
        };
        let scan = Scan::new(&source);
        Target {
            doc,
            source,
            map,
            rendered,
            scan,
            idx: CharIndex::new(&doc.text),
        }
    }

    /// The claim's byte range in the document's text, without surrounding whitespace.
    pub fn text_range(&self, a: &Anchor) -> Option<Range<usize>> {
        let text = &self.doc.text;
        let s = self.idx.to_byte(text, a.start as usize);
        let e = self.idx.to_byte(text, a.end as usize);
        let piece = text.get(s..e)?;
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        (s + lead < e - trail).then(|| s + lead..e - trail)
    }

    fn block_of(&self, at: usize) -> Option<Range<usize>> {
        let blocks = &self.doc.blocks;
        let i = blocks.partition_point(|b| b.range.end < at);
        blocks
            .get(i)
            .filter(|b| b.range.start <= at)
            .map(|b| b.range.clone())
    }

    /// Source offset for text offset `at`: `Ok` when mapped, else the nearest mapped point
    /// after it in the same block (`Err(p, false)`), or the end of the last mapped run before
    /// it (`Err(p, true)`: the reference belongs at the end of that container).
    fn locate(&self, at: usize, end_side: bool) -> Option<Result<usize, (usize, bool)>> {
        let map = &self.map;
        let i = if end_side {
            map.partition_point(|s| s.text_start + s.len < at)
        } else {
            map.partition_point(|s| s.text_start + s.len <= at)
        };
        if let Some(s) = map.get(i) {
            if s.text_start <= at && at <= s.text_start + s.len {
                return Some(Ok(s.src_start + (at - s.text_start)));
            }
        }
        let block = self.block_of(at)?;
        if let Some(s) = map.get(i).filter(|s| s.text_start < block.end) {
            return Some(Err((s.src_start, false)));
        }
        map[..i]
            .last()
            .filter(|s| s.text_start >= block.start)
            .map(|s| Err((s.src_start + s.len, true)))
    }

    /// Where the reference to a claim goes, or `None` when the text has no safe place for it.
    pub fn ref_point(&self, range: &Range<usize>) -> Option<usize> {
        let (p, to_end) = match self.locate(range.end, true)? {
            Ok(p) => (p, false),
            Err(x) => x,
        };
        self.mark_after(p, to_end)
    }

    /// Where a mark that stands alone (a reference, a comment) goes at or after source byte `p`.
    pub fn mark_after(&self, p: usize, to_container_end: bool) -> Option<usize> {
        let q = self.scan.place_after(&self.source, p, to_container_end)?;
        Some(before_loose_delimiters(&self.source, q))
    }

    /// Where a span around the claim opens and closes, or `None`.
    pub fn span_points(&self, range: &Range<usize>) -> Option<(usize, usize)> {
        let s = match self.locate(range.start, false)? {
            Ok(p) | Err((p, false)) => p,
            Err((_, true)) => return None,
        };
        let e = match self.locate(range.end, true)? {
            Ok(p) | Err((p, _)) => p,
        };
        let s = self.scan.place_before(s)?;
        if e <= s {
            return None;
        }
        self.scan.widen(s, e)
    }
}

/// A reference starts with `[`, punctuation: right after a run of `*`, `_` or `~` that follows a
/// space or punctuation, it would let that run open emphasis or strikethrough (a run followed by
/// punctuation is left-flanking then). Just before such a run the run keeps the neighbours it had,
/// so the reference goes there. A delimiter escaped by a backslash is not part of the run.
fn before_loose_delimiters(src: &str, q: usize) -> usize {
    let b = src.as_bytes();
    let mut s = q;
    while s > 0 && matches!(b[s - 1], b'*' | b'_' | b'~') {
        s -= 1;
    }
    let backslashes = b[..s].iter().rev().take_while(|&&c| c == b'\\').count();
    if backslashes % 2 == 1 {
        s += 1;
    }
    if s >= q {
        return q;
    }
    match src[..s].chars().next_back() {
        Some(c) if c.is_alphanumeric() => q,
        _ => s,
    }
}

/// Applies insertions, sorted by offset (stable: equal offsets keep their order).
pub(crate) fn apply(src: &str, ins: &mut [(usize, String)]) -> String {
    ins.sort_by_key(|(at, _)| *at);
    let extra: usize = ins.iter().map(|(_, s)| s.len()).sum();
    let mut out = String::with_capacity(src.len() + extra);
    let mut at = 0;
    for (p, s) in ins.iter() {
        out.push_str(&src[at..*p]);
        out.push_str(s);
        at = *p;
    }
    out.push_str(&src[at..]);
    out
}
