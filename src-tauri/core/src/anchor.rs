//! Re-anchoring: carrying claims over to a new revision of their article's text.
//!
//! A claim is held by a W3C-style selector (quote + prefix + suffix + position, in code points).
//! On a new text each claim is placed, in order of preference:
//! 1. its quote at its old position (shifted by the move of the claim before it), with context;
//! 2. its quote elsewhere, the occurrence whose prefix/suffix context matches best;
//! 3. a fuzzy match: a span bounded by its context or by the ends of its quote whose text is
//!    close enough to the old quote (the claim then needs re-checking);
//! 4. nowhere: orphaned, keeping its old selector.
//!
//! Invariant: a claim placed as [`Placement::Exact`] or [`Placement::Moved`] sits on text equal
//! to its old quote; a [`Placement::Changed`] one sits on text at least [`MIN_SIMILARITY`]
//! similar to it. Nothing else is ever attached.

use crate::model::{Anchor, CONTEXT_CHARS};
use crate::textpos::CharIndex;
use memchr::memmem;

/// How alike (0–1) a changed claim's new text must be to its old quote to stay attached.
pub const MIN_SIMILARITY: f64 = 0.6;

/// Bytes searched on each side of where a claim is expected before searching the whole text.
const WINDOW: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Placement {
    /// Same text at the same position.
    Exact,
    /// Same text, at another position.
    Moved,
    /// The text changed; the new span is the closest match (similarity in 0–1).
    Changed { similarity: f64 },
    /// No place found; the anchor is the old one.
    Orphaned,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reanchored {
    pub anchor: Anchor,
    pub placement: Placement,
}

/// Places every anchor on `text`. The result is in the order of `anchors`.
pub fn reanchor(text: &str, anchors: &[Anchor]) -> Vec<Reanchored> {
    let idx = CharIndex::new(text);
    let mut order: Vec<usize> = (0..anchors.len()).collect();
    order.sort_by_key(|&i| (anchors[i].start, anchors[i].end));
    let mut out: Vec<Option<Reanchored>> = vec![None; anchors.len()];
    // Edits shift everything after them alike: the last claim's move predicts the next one's.
    let mut shift: i64 = 0;
    for i in order {
        let a = &anchors[i];
        let r = place(text, &idx, a, shift);
        if r.placement != Placement::Orphaned {
            shift = r.anchor.start as i64 - a.start as i64;
        }
        out[i] = Some(r);
    }
    out.into_iter().flatten().collect()
}

/// Places one anchor on `text` (no shift hint).
pub fn reanchor_one(text: &str, anchor: &Anchor) -> Reanchored {
    place(text, &CharIndex::new(text), anchor, 0)
}

/// The selector for the byte range `[b0, b1)` of `text`, positions in code points.
pub fn anchor_at(text: &str, idx: &CharIndex, b0: usize, b1: usize) -> Anchor {
    let prefix_from = text[..b0]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(b, _)| b);
    let suffix_to = text[b1..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(text.len(), |(b, _)| b1 + b);
    Anchor {
        start: idx.to_char(text, b0) as u32,
        end: idx.to_char(text, b1) as u32,
        quote: text[b0..b1].to_string(),
        prefix: text[prefix_from..b0].to_string(),
        suffix: text[b1..suffix_to].to_string(),
    }
}

fn place(text: &str, idx: &CharIndex, a: &Anchor, shift: i64) -> Reanchored {
    let expected_char = (a.start as i64 + shift).max(0) as usize;
    let expected = idx.to_byte(text, expected_char);
    let full_ctx = a.prefix.chars().count() + a.suffix.chars().count();
    let found = |b0: usize| {
        let b1 = b0 + a.quote.len();
        let anchor = anchor_at(text, idx, b0, b1);
        let placement = if anchor.start == a.start {
            Placement::Exact
        } else {
            Placement::Moved
        };
        Reanchored { anchor, placement }
    };
    if a.quote.is_empty() {
        return orphan(a);
    }
    // Fast path: where it was expected, with its context intact.
    for at in [expected, idx.to_byte(text, a.start as usize)] {
        if text[at..].starts_with(&a.quote) && context_score(text, at, a) == full_ctx {
            return found(at);
        }
    }
    let finder = memmem::Finder::new(a.quote.as_bytes());
    let (lo, hi) = window(text, expected, a.quote.len());
    let best_near = best_occurrence(text, a, &finder, lo, hi, expected);
    let best = match best_near {
        Some((at, score)) if score == full_ctx => Some((at, score)),
        near => {
            let global = best_occurrence(text, a, &finder, 0, text.len(), expected);
            match (near, global) {
                (Some(n), Some(g)) if g.1 > n.1 => Some(g),
                (Some(n), _) => Some(n),
                (None, g) => g,
            }
        }
    };
    if let Some((at, _)) = best {
        return found(at);
    }
    match fuzzy(text, a, expected) {
        Some((b0, b1, similarity)) => Reanchored {
            anchor: anchor_at(text, idx, b0, b1),
            placement: Placement::Changed { similarity },
        },
        None => orphan(a),
    }
}

fn orphan(a: &Anchor) -> Reanchored {
    Reanchored {
        anchor: a.clone(),
        placement: Placement::Orphaned,
    }
}

/// A byte window around `at`, widened to char boundaries.
fn window(text: &str, at: usize, len: usize) -> (usize, usize) {
    let mut lo = at.saturating_sub(WINDOW + len);
    let mut hi = (at + len + WINDOW).min(text.len());
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    (lo, hi)
}

/// The occurrence of the quote in `text[lo..hi]` with the most matching context, nearest to
/// `expected` among equals: (byte offset, context score).
fn best_occurrence(
    text: &str,
    a: &Anchor,
    finder: &memmem::Finder,
    lo: usize,
    hi: usize,
    expected: usize,
) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for rel in finder.find_iter(&text.as_bytes()[lo..hi]) {
        let at = lo + rel;
        let score = context_score(text, at, a);
        let better = match best {
            None => true,
            Some((b, s)) => {
                score > s || (score == s && at.abs_diff(expected) < b.abs_diff(expected))
            }
        };
        if better {
            best = Some((at, score));
        }
    }
    best
}

/// How many characters of the anchor's prefix and suffix match the text around `at`.
fn context_score(text: &str, at: usize, a: &Anchor) -> usize {
    let before = a
        .prefix
        .chars()
        .rev()
        .zip(text[..at].chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let after_at = at + a.quote.len();
    let after = match text.get(after_at..) {
        Some(rest) => a
            .suffix
            .chars()
            .zip(rest.chars())
            .take_while(|(x, y)| x == y)
            .count(),
        None => 0,
    };
    before + after
}

/// The span near `expected` most like the old quote, bounded by the old context or the old
/// quote's own first and last words: (start byte, end byte, similarity).
fn fuzzy(text: &str, a: &Anchor, expected: usize) -> Option<(usize, usize, f64)> {
    let qlen = a.quote.len();
    let (mut starts, mut ends) = context_bounds(text, a, expected);
    // Repeated short pieces could make this quadratic; the nearest few are the plausible ones.
    nearest(&mut starts, expected, 8);
    nearest(&mut ends, expected, 8);
    // When only one end of the claim survived, guess the other from the quote's length,
    // snapped to where its first or last character occurs.
    let first = a.quote.chars().next().map(String::from).unwrap_or_default();
    let last = a
        .quote
        .chars()
        .next_back()
        .map(String::from)
        .unwrap_or_default();
    let derived_ends = ends_after(text, &starts, &last, qlen);
    let derived_starts = starts_before(text, &ends, &first, qlen);
    ends.extend(derived_ends);
    starts.extend(derived_starts);
    nearest(&mut starts, expected, 16);
    nearest(&mut ends, expected, 16);
    most_similar(text, a, &starts, &ends)
}

/// Where the claim may start and end near `expected`: after the old prefix or at the quote's
/// first words; before the old suffix or after the quote's last words.
fn context_bounds(text: &str, a: &Anchor, expected: usize) -> (Vec<usize>, Vec<usize>) {
    let (lo, hi) = window(text, expected, a.quote.len() * 2);
    let region = &text.as_bytes()[lo..hi];
    let tail = |s: &str, n: usize| -> String {
        let k = s.chars().count();
        s.chars().skip(k.saturating_sub(n)).collect()
    };
    let head = |s: &str, n: usize| -> String { s.chars().take(n).collect() };
    let piece = (a.quote.chars().count() / 3).clamp(1, 16);
    let prefix_tail = tail(&a.prefix, 16);
    let suffix_head = head(&a.suffix, 16);
    let quote_head = head(&a.quote, piece);
    let quote_tail = tail(&a.quote, piece);
    let mut starts: Vec<usize> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    if !prefix_tail.is_empty() {
        starts.extend(memmem::find_iter(region, &prefix_tail).map(|r| lo + r + prefix_tail.len()));
    } else {
        starts.push(0);
    }
    starts.extend(memmem::find_iter(region, &quote_head).map(|r| lo + r));
    if !suffix_head.is_empty() {
        ends.extend(memmem::find_iter(region, &suffix_head).map(|r| lo + r));
    } else {
        ends.push(text.len());
    }
    ends.extend(memmem::find_iter(region, &quote_tail).map(|r| lo + r + quote_tail.len()));
    (starts, ends)
}

/// Sorted, deduplicated, then the `k` nearest to `expected`.
fn nearest(v: &mut Vec<usize>, expected: usize, k: usize) {
    v.sort_unstable();
    v.dedup();
    v.sort_by_key(|&b| b.abs_diff(expected));
    v.truncate(k);
}

/// For each start, ends about a quote's length after it: the nearest few after an occurrence
/// of the quote's `last` character, and the start plus the quote's length.
fn ends_after(text: &str, starts: &[usize], last: &str, qlen: usize) -> Vec<usize> {
    starts
        .iter()
        .flat_map(|&s| {
            let (lo, hi) = (floor(text, s + qlen / 2), floor(text, s + qlen * 2));
            let mut v: Vec<usize> = memmem::find_iter(&text.as_bytes()[lo..hi], last)
                .map(|r| lo + r + last.len())
                .collect();
            v.sort_by_key(|&e| e.abs_diff(s + qlen));
            v.truncate(3);
            v.push(floor(text, s + qlen));
            v
        })
        .collect()
}

/// For each end, starts about a quote's length before it (the mirror of [`ends_after`]).
fn starts_before(text: &str, ends: &[usize], first: &str, qlen: usize) -> Vec<usize> {
    ends.iter()
        .flat_map(|&e| {
            let (lo, hi) = (
                floor(text, e.saturating_sub(qlen * 2)),
                floor(text, e.saturating_sub(qlen / 2)),
            );
            let mut v: Vec<usize> = memmem::find_iter(&text.as_bytes()[lo..hi], first)
                .map(|r| lo + r)
                .collect();
            v.sort_by_key(|&s| s.abs_diff(e.saturating_sub(qlen)));
            v.truncate(3);
            v.push(floor(text, e.saturating_sub(qlen)));
            v
        })
        .collect()
}

/// Of the spans from a start to an end (half to twice the quote's length, spaces trimmed), the
/// one most like the quote, if it is like enough.
fn most_similar(
    text: &str,
    a: &Anchor,
    starts: &[usize],
    ends: &[usize],
) -> Option<(usize, usize, f64)> {
    let qlen = a.quote.len();
    let mut best: Option<(usize, usize, f64)> = None;
    for &s in starts {
        for &e in ends {
            if e <= s || (e - s) * 2 < qlen || e - s > qlen * 2 {
                continue;
            }
            let (s, e) = trim_ws(text, s, e);
            if e <= s {
                continue;
            }
            let sim = similarity(&a.quote, &text[s..e]);
            if sim >= MIN_SIMILARITY && best.is_none_or(|b| sim > b.2) {
                best = Some((s, e, sim));
            }
        }
    }
    best
}

/// The nearest char boundary at or before `at` (clamped to the text).
fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn trim_ws(text: &str, s: usize, e: usize) -> (usize, usize) {
    let span = &text[s..e];
    let lead = span.len() - span.trim_start().len();
    let trail = span.len() - span.trim_end().len();
    (s + lead, (e - trail).max(s + lead))
}

/// Similarity in 0–1: edit distance for sentence-sized texts, character bigrams for long ones.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.len() <= 2000 && b.len() <= 2000 {
        strsim::normalized_levenshtein(a, b)
    } else {
        strsim::sorensen_dice(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn anchor(text: &str, quote: &str) -> Anchor {
        let b0 = text.find(quote).unwrap();
        anchor_at(text, &CharIndex::new(text), b0, b0 + quote.len())
    }

    fn at<'a>(text: &'a str, a: &Anchor) -> &'a str {
        let idx = CharIndex::new(text);
        &text[idx.to_byte(text, a.start as usize)..idx.to_byte(text, a.end as usize)]
    }

    #[test]
    fn unchanged_text_keeps_every_claim_in_place() {
        let text = "Kim’s talks. The summit was the first. Prices rose 5% in May.";
        let a = anchor(text, "Prices rose 5% in May.");
        let r = reanchor(text, std::slice::from_ref(&a));
        assert_eq!(r[0].placement, Placement::Exact);
        assert_eq!(r[0].anchor, a);
    }

    #[test]
    fn a_claim_moves_with_inserted_text_before_it() {
        let old = "Intro.\n\nPrices rose 5% in May.";
        let new = "Intro with a much longer opening — café.\n\nPrices rose 5% in May.";
        let r = reanchor(new, &[anchor(old, "Prices rose 5% in May.")]);
        assert_eq!(r[0].placement, Placement::Moved);
        assert_eq!(at(new, &r[0].anchor), "Prices rose 5% in May.");
    }

    #[test]
    fn duplicate_quotes_are_told_apart_by_context() {
        let old = "In 2019 the deal failed. It was signed. In 2020 the deal held. It was signed.";
        let quote_ctx = "In 2020 the deal held. ";
        let b0 = old.find(quote_ctx).unwrap() + quote_ctx.len();
        let a = anchor_at(old, &CharIndex::new(old), b0, b0 + "It was signed.".len());
        // The first sentence moves to the end; the claim must follow its own context.
        let new = "In 2020 the deal held. It was signed. In 2019 the deal failed. It was signed.";
        let r = reanchor_one(new, &a);
        let start = r.anchor.start as usize;
        assert_eq!(&new[start..start + 14], "It was signed.");
        assert_eq!(&new[..start], "In 2020 the deal held. ");
    }

    #[test]
    fn an_edited_claim_is_changed_not_lost() {
        let old = "Intro.\n\nPrices rose 5% in May, the agency said.\n\nEnd.";
        let new = "Intro.\n\nPrices rose 7% in May, the agency said.\n\nEnd.";
        let r = reanchor(
            new,
            &[anchor(old, "Prices rose 5% in May, the agency said.")],
        );
        assert!(matches!(r[0].placement, Placement::Changed { similarity } if similarity > 0.9));
        assert_eq!(
            at(new, &r[0].anchor),
            "Prices rose 7% in May, the agency said."
        );
    }

    #[test]
    fn a_deleted_claim_is_orphaned() {
        let old = "Intro.\n\nPrices rose 5% in May, the agency said.\n\nEnd of the story.";
        let new = "Intro.\n\nEnd of the story.";
        let a = anchor(old, "Prices rose 5% in May, the agency said.");
        let r = reanchor(new, std::slice::from_ref(&a));
        assert_eq!(r[0].placement, Placement::Orphaned);
        assert_eq!(r[0].anchor, a);
    }

    const WORDS: &[&str] = &[
        "the",
        "minister",
        "said",
        "prices",
        "rose",
        "by",
        "five",
        "percent",
        "in",
        "May",
        "talks",
        "Hanoi",
        "summit",
        "first",
        "ever",
        "meeting",
        "between",
        "leaders",
        "café",
        "Kim’s",
        "🤣",
        "report",
        "agency",
        "budget",
        "deficit",
        "fell",
        "sharply",
        "after",
        "vote",
        "council",
        "Zürich",
        "growth",
        "unemployment",
        "record",
        "highest",
        "since",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 4..12)
            .prop_map(|w| format!("{}.", w.join(" ")))
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Insert(usize, String),
        Delete(usize),
        Replace(usize, String),
        Touch(usize, String),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), sentence()).prop_map(|(i, s)| Edit::Insert(i, s)),
            any::<usize>().prop_map(Edit::Delete),
            (any::<usize>(), sentence()).prop_map(|(i, s)| Edit::Replace(i, s)),
            (any::<usize>(), prop::sample::select(WORDS))
                .prop_map(|(i, w)| Edit::Touch(i, w.to_string())),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Sentences are claims; random edits insert, delete, replace or retouch sentences.
        /// Each old sentence is tracked to where it really went (or that it is gone).
        #[test]
        fn claims_follow_random_edits(
            sentences in prop::collection::vec(sentence(), 3..25),
            edits in prop::collection::vec(edit(), 0..8),
        ) {
            // Each sentence gets a unique tag so "the right place" is well defined.
            let old: Vec<String> = sentences.iter().enumerate()
                .map(|(i, s)| format!("[{i}] {s}")).collect();
            let old_text = old.join(" ");
            let mut cur: Vec<(Option<usize>, String)> =
                old.iter().cloned().enumerate().map(|(i, s)| (Some(i), s)).collect();
            for e in &edits {
                let n = cur.len();
                match e.clone() {
                    Edit::Insert(i, s) => cur.insert(i % (n + 1), (None, format!("[new] {s}"))),
                    Edit::Delete(i) if n > 1 => { cur.remove(i % n); }
                    Edit::Delete(_) => {}
                    Edit::Replace(i, s) => cur[i % n] = (None, format!("[rep] {s}")),
                    Edit::Touch(i, w) => {
                        // A word inside the sentence, so its old text is gone.
                        let k = i % n;
                        let at = cur[k].1.find(' ').unwrap_or(0);
                        cur[k].0 = None;
                        cur[k].1.insert_str(at, &format!(" {w}"));
                    }
                }
            }
            let new_text = cur.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join(" ");
            let idx = CharIndex::new(&old_text);
            let mut anchors = Vec::new();
            let mut b = 0;
            for s in &old {
                anchors.push(anchor_at(&old_text, &idx, b, b + s.len()));
                b += s.len() + 1;
            }
            let placed = reanchor(&new_text, &anchors);
            let new_idx = CharIndex::new(&new_text);
            let mut new_pos = std::collections::HashMap::new();
            let mut b = 0;
            for (orig, s) in &cur {
                if let Some(i) = orig { new_pos.insert(*i, new_idx.to_char(&new_text, b) as u32); }
                b += s.len() + 1;
            }
            for (i, r) in placed.iter().enumerate() {
                let got = at(&new_text, &r.anchor);
                match r.placement {
                    Placement::Exact | Placement::Moved => {
                        prop_assert_eq!(got, old[i].as_str());
                        // Unchanged text goes to its own place, never to a look-alike.
                        prop_assert_eq!(Some(&r.anchor.start), new_pos.get(&i));
                    }
                    Placement::Changed { similarity: sim } => {
                        prop_assert!(sim >= MIN_SIMILARITY);
                        prop_assert!(similarity(&old[i], got) >= MIN_SIMILARITY);
                        prop_assert!(!new_pos.contains_key(&i), "an intact claim was marked changed");
                    }
                    Placement::Orphaned => prop_assert!(!new_pos.contains_key(&i), "an intact claim was orphaned"),
                }
            }
        }
    }
}
