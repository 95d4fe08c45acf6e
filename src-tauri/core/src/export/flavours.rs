//! Other Markdown flavours, written on request (they are for other tools; Factdesk re-imports
//! the annotated default). Both wrap the claim itself:
//!
//! CriticMarkup: `{==The summit was in Hanoi.==}{>>✓ Verified — Pool report confirms. — Sources: https://e.org/pool<<}`
//!
//! Pandoc spans: `[The summit was in Hanoi.]{.claim #fd-c1 status="verified" label="Verified" note="Pool report confirms." sources="https://e.org/pool"}`
//!
//! Claims that cross another claim, or have no safe place (code, HTML), get the comment alone
//! after the nearest safe point.

use super::insert::{apply, Target};
use super::{source_line, Check};
use crate::model::ClaimRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Critic,
    Pandoc,
}

pub fn write(check: &Check, flavour: Flavour) -> String {
    let target = Target::new(check.doc);
    let src: &str = &target.source;
    // (offset, class, order, text): at one offset, closings (inner first) before openings
    // (outer first), so nested spans stay nested.
    let mut marks: Vec<(usize, u8, usize, String)> = Vec::new();
    // The placed spans that contain the current start, outermost first: placed spans never
    // cross, so those form a chain, and a new span crosses one of them exactly when it crosses
    // the innermost (see `crosses`). A scan of every placed span made 20,000 claims take 7 s.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut spans: Vec<(usize, usize, &ClaimRecord)> = Vec::new();
    let mut alone: Vec<(usize, &ClaimRecord)> = Vec::new();
    for c in check.claims.iter().filter(|c| !c.orphaned) {
        let Some(range) = target.text_range(&c.anchor) else {
            continue;
        };
        match target.span_points(&range) {
            Some((s, e)) => spans.push((s, e, c)),
            None => {
                if let Some(p) = target.ref_point(&range) {
                    alone.push((p, c));
                }
            }
        }
    }
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    for (s, e, c) in spans {
        while open.last().is_some_and(|&(_, pe)| pe <= s) {
            open.pop();
        }
        if crosses(open.last().copied(), (s, e)) {
            if let Some(p) = target.mark_after(e, false) {
                alone.push((p, c));
            }
            continue;
        }
        open.push((s, e));
        let (open, close) = match flavour {
            Flavour::Critic => (
                "{==".to_string(),
                format!("==}}{}", critic_comment(check, c)),
            ),
            Flavour::Pandoc => ("[".to_string(), format!("]{}", pandoc_attrs(check, c))),
        };
        marks.push((s, 1, usize::MAX - e, open));
        marks.push((e, 0, usize::MAX - s, close));
    }
    for (p, c) in alone {
        let text = match flavour {
            Flavour::Critic => critic_comment(check, c),
            Flavour::Pandoc => format!("[]{}", pandoc_attrs(check, c)),
        };
        marks.push((p, 2, 0, text));
    }
    marks.sort_by_key(|a| (a.0, a.1, a.2));
    let mut ins: Vec<(usize, String)> = marks.into_iter().map(|(p, _, _, t)| (p, t)).collect();
    let mut out = apply(src, &mut ins);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Whether span `(s, e)` may not be placed given `inner`, the innermost placed span still open
/// at `s` (spans come by start, longest first): it would cross it (`ps < s < pe < e`) or it is
/// the very same span. A span further out ends at or after `inner`, so if `(s, e)` does not
/// cross `inner` it crosses none; a same-start span placed earlier is at least as long.
fn crosses(inner: Option<(usize, usize)>, (s, e): (usize, usize)) -> bool {
    inner.is_some_and(|(ps, pe)| (ps < s && pe < e) || (ps, pe) == (s, e))
}

fn sources_text(c: &ClaimRecord) -> String {
    c.sources
        .iter()
        .map(|s| {
            let (label, url) = source_line(s);
            match url {
                Some(u) if label != u => format!("{label} {u}"),
                Some(u) => u.to_string(),
                None => label,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn critic_comment(check: &Check, c: &ClaimRecord) -> String {
    let st = check.status(&c.status);
    let mut parts = vec![format!("{} {}", st.mark, st.label).trim().to_string()];
    if !c.note.trim().is_empty() {
        parts.push(one_line(&c.note));
    }
    if !c.sources.is_empty() {
        parts.push(format!("Sources: {}", one_line(&sources_text(c))));
    }
    // `<<}` would end the comment early.
    let body = parts.join(" — ").replace("<<}", "<< }");
    format!("{{>>{body}<<}}")
}

fn pandoc_attrs(check: &Check, c: &ClaimRecord) -> String {
    let st = check.status(&c.status);
    let q = |s: &str| {
        let s = one_line(s);
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for ch in s.chars() {
            if ch == '"' || ch == '\\' {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('"');
        out
    };
    let id_ok = !c.id.is_empty()
        && c.id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let mut a = String::from("{.claim");
    if id_ok {
        a.push_str(&format!(" #fd-{}", c.id));
    }
    a.push_str(&format!(" status={} label={}", q(&st.key), q(&st.label)));
    if !c.note.trim().is_empty() {
        a.push_str(&format!(" note={}", q(&c.note)));
    }
    if !c.sources.is_empty() {
        a.push_str(&format!(" sources={}", q(&sources_text(c))));
    }
    a.push('}');
    a
}

#[cfg(test)]
mod tests {
    use super::crosses;
    use proptest::prelude::*;

    /// Which spans get placed, decided as the writer does (a chain of open spans)…
    fn placed_by_chain(spans: &[(usize, usize)]) -> Vec<bool> {
        let mut open: Vec<(usize, usize)> = Vec::new();
        spans
            .iter()
            .map(|&(s, e)| {
                while open.last().is_some_and(|&(_, pe)| pe <= s) {
                    open.pop();
                }
                let ok = !crosses(open.last().copied(), (s, e));
                if ok {
                    open.push((s, e));
                }
                ok
            })
            .collect()
    }

    /// …and by the definition: against every span placed so far.
    fn placed_by_definition(spans: &[(usize, usize)]) -> Vec<bool> {
        let mut placed: Vec<(usize, usize)> = Vec::new();
        spans
            .iter()
            .map(|&(s, e)| {
                let bad = placed
                    .iter()
                    .any(|&(ps, pe)| (ps < s && s < pe && pe < e) || (ps, pe) == (s, e));
                if !bad {
                    placed.push((s, e));
                }
                !bad
            })
            .collect()
    }

    proptest! {
        #[test]
        fn the_chain_places_exactly_the_spans_that_cross_nothing(
            raw in prop::collection::vec((0usize..40, 1usize..12), 0..60)
        ) {
            let mut spans: Vec<(usize, usize)> = raw.into_iter().map(|(s, l)| (s, s + l)).collect();
            spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            prop_assert_eq!(placed_by_chain(&spans), placed_by_definition(&spans));
        }
    }

    #[test]
    fn crossing_nested_and_repeated_spans() {
        // A nested span is placed, its repeat is not; one that starts inside (0, 10) and ends
        // after it crosses it; one after everything is placed.
        let spans = [(0, 10), (2, 5), (2, 5), (3, 12), (11, 14)];
        assert_eq!(
            placed_by_chain(&spans),
            vec![true, true, false, false, true]
        );
    }
}
