//! Where Factdesk may insert into a Markdown source without changing how it parses:
//! never inside code, HTML, links, images, front matter or the author's own footnotes, never
//! between emphasis and its closing delimiter, and only at the end of a word, where `[^…]`
//! can neither join a link nor change how delimiters pair.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use std::ops::Range;

/// The options Factdesk's Markdown reader uses: CommonMark + GFM tables, footnotes, task lists.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Longer delimiter runs than this are not closing runs worth stepping over.
const MAX_RUN: usize = 16;

pub(crate) struct Scan {
    /// Merged, sorted, disjoint: no insertion strictly inside these.
    forbidden: Vec<Range<usize>>,
    /// Code blocks, HTML blocks, footnote definitions (merged, sorted): a claim ending in one
    /// has no place in its container (anything added would change the block).
    blocks: Vec<Range<usize>>,
    /// Every emphasis/strong/strikethrough range, sorted by start.
    emphasis: Vec<Range<usize>>,
    /// `emphasis_reach[i]`: the furthest end among `emphasis[..=i]` (never decreases), to find
    /// the emphasis ranges that reach into a container by binary search.
    emphasis_reach: Vec<usize>,
    /// (start of the closing delimiter run, end of the emphasis), sorted.
    closers: Vec<(usize, usize)>,
    /// Blocks holding inline text (paragraphs, headings, table cells, list items), by start.
    containers: Vec<Range<usize>>,
    /// Where a summary may go: after front matter, else 0.
    pub top: usize,
    /// What closes a construct left open at the end of the file (an unclosed code fence or
    /// HTML block would otherwise swallow everything appended).
    pub tail: String,
}

impl Scan {
    pub fn new(src: &str) -> Scan {
        let mut forbidden = Vec::new();
        let mut blocks = Vec::new();
        let mut emphasis = Vec::new();
        let mut closers = Vec::new();
        let mut containers = Vec::new();
        let mut top = 0;
        let mut depth = 0usize;
        let mut last_top: Option<(TopKind, Range<usize>)> = None;
        for (ev, r) in Parser::new_ext(src, options()).into_offset_iter() {
            match ev {
                Event::Start(tag) => {
                    if depth == 0 {
                        let kind = match &tag {
                            Tag::CodeBlock(CodeBlockKind::Fenced(_)) => TopKind::Fence,
                            Tag::HtmlBlock => TopKind::Html,
                            _ => TopKind::Other,
                        };
                        last_top = Some((kind, r.clone()));
                    }
                    depth += 1;
                    match tag {
                        Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item => {
                            // Without the blank lines a list item's range runs on over.
                            let end = r.start + src[r.clone()].trim_end().len();
                            containers.push(r.start..end)
                        }
                        Tag::MetadataBlock(_) => {
                            if r.start == 0 {
                                top = r.end;
                            }
                            forbidden.push(r)
                        }
                        Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::FootnoteDefinition(_) => {
                            blocks.push(r.clone());
                            forbidden.push(r)
                        }
                        Tag::Link { .. } | Tag::Image { .. } => forbidden.push(r),
                        Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {
                            let body = &src[r.clone()];
                            // Keep at least one byte: `***` alone is not all closer.
                            let kept = body.trim_end_matches(['*', '_', '~']).len().max(1);
                            let run = body.len().saturating_sub(kept).min(MAX_RUN);
                            closers.push((r.end - run, r.end));
                            emphasis.push(r);
                        }
                        _ => {}
                    }
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Code(_)
                | Event::InlineHtml(_)
                | Event::Html(_)
                | Event::FootnoteReference(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_) => forbidden.push(r),
                _ => {}
            }
        }
        let merged = merge(forbidden);
        let blocks = merge(blocks);
        closers.sort_unstable();
        containers.sort_by_key(|r| r.start);
        emphasis.sort_by_key(|r| r.start);
        let emphasis_reach = emphasis
            .iter()
            .scan(0, |far, r| {
                *far = r.end.max(*far);
                Some(*far)
            })
            .collect();
        let tail = last_top
            .map(|(kind, r)| tail_closer(src, kind, r))
            .unwrap_or_default();
        Scan {
            forbidden: merged,
            blocks,
            emphasis,
            emphasis_reach,
            closers,
            containers,
            top,
            tail,
        }
    }

    /// The innermost inline container holding `p` (its end counts as inside).
    fn container(&self, p: usize) -> Option<Range<usize>> {
        let i = self.containers.partition_point(|r| r.start <= p);
        self.containers[..i]
            .iter()
            .rev()
            .find(|r| r.end >= p)
            .cloned()
    }

    fn in_block(&self, p: usize) -> bool {
        let i = self.blocks.partition_point(|r| r.start <= p);
        self.blocks[..i].last().is_some_and(|r| p <= r.end)
    }

    fn forbidden_at(&self, p: usize) -> Option<&Range<usize>> {
        let i = self.forbidden.partition_point(|r| r.start < p);
        self.forbidden[..i].last().filter(|r| p < r.end)
    }

    /// The first safe insertion point at or after `p` in the same inline container; `None`
    /// when there is none (inside a code block, HTML block, footnote of the author's…).
    pub fn place_after(&self, src: &str, p: usize, to_container_end: bool) -> Option<usize> {
        let c = self.container(p)?;
        if self.in_block(p) {
            return None;
        }
        let mut p = if to_container_end { c.end } else { p };
        loop {
            if p > c.end {
                return None;
            }
            if let Some(f) = self.forbidden_at(p) {
                if f.start <= c.start {
                    // The whole container is off limits (a footnote of the author's…).
                    return None;
                }
                p = f.end;
                continue;
            }
            let i = self.closers.partition_point(|&(s, _)| s <= p);
            // Closing runs are a few bytes long: only the last ones before `p` can hold it.
            let near = self.closers[..i]
                .iter()
                .rev()
                .take_while(|&&(s, _)| s + MAX_RUN > p)
                .find(|&&(_, e)| p < e);
            if let Some(&(_, end)) = near {
                if end <= c.end {
                    p = end;
                    continue;
                }
            }
            // A reference goes at the end of a word: next to delimiters or brackets it could
            // pair with emphasis or join a link differently in some renderers.
            let mut next = src[p..].chars();
            match next.next() {
                None => return Some(p),
                Some(_) if p >= c.end => return Some(p),
                Some(ch) if ch.is_whitespace() => return Some(p),
                // A backslash hard break must stay at the end of its line.
                Some('\\') if next.next() == Some('\n') => return Some(p),
                Some(ch) => p += ch.len_utf8(),
            }
        }
    }

    /// The last safe point at or before `p` to open a span, in the same container.
    pub fn place_before(&self, p: usize) -> Option<usize> {
        let c = self.container(p)?;
        if self.in_block(p) {
            return None;
        }
        let mut p = p;
        loop {
            if p < c.start {
                return None;
            }
            match self.forbidden_at(p) {
                Some(f) if f.start <= c.start => return None,
                Some(f) => p = f.start,
                None => return Some(p),
            }
        }
    }

    /// Widens `[s, e)` until no emphasis, link or code is cut in half; `None` when that
    /// would leave the container.
    pub fn widen(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        let c = self.container(s)?;
        if e > c.end {
            return None;
        }
        // The span never leaves `c`, so ranges that do not reach into `c` can neither overlap
        // it nor stop it; skipping them keeps this linear in the claims (a scan of every range
        // made 20,000 claims take 10 s).
        let emphasis = in_container(&self.emphasis, &self.emphasis_reach, &c);
        let forbidden = in_container(&self.forbidden, &self.forbidden, &c);
        widen_among(s, e, &c, emphasis, forbidden)
    }
}

/// [`Scan::widen`] against the given emphasis and forbidden ranges, inside container `c`.
fn widen_among(
    s: usize,
    e: usize,
    c: &Range<usize>,
    emphasis: &[Range<usize>],
    forbidden: &[Range<usize>],
) -> Option<(usize, usize)> {
    let (mut s, mut e) = (s, e);
    loop {
        let (s0, e0) = (s, e);
        for r in emphasis.iter().chain(forbidden.iter()) {
            if r.start >= e {
                continue;
            }
            // Overlapping without nesting either way: the span would cut it in half.
            let overlap = r.start < e && r.end > s;
            let nested = (r.start <= s && r.end >= e) || (r.start >= s && r.end <= e);
            let cut = overlap && !nested;
            if cut {
                s = s.min(r.start);
                e = e.max(r.end);
            }
        }
        if s < c.start || e > c.end {
            return None;
        }
        if (s, e) == (s0, e0) {
            return Some((s, e));
        }
    }
}

/// The ranges (sorted by start) that reach into `c`; `reach[i]` is the furthest end among
/// `ranges[..=i]` (for disjoint sorted ranges, the ranges themselves).
fn in_container<'r, R: Reach>(
    ranges: &'r [Range<usize>],
    reach: &[R],
    c: &Range<usize>,
) -> &'r [Range<usize>] {
    let from = reach.partition_point(|r| r.reach() <= c.start);
    let to = ranges.partition_point(|r| r.start < c.end);
    ranges.get(from..to.max(from)).unwrap_or_default()
}

/// How far a prefix of ranges reaches: a number kept for it, or a disjoint range's own end.
trait Reach {
    fn reach(&self) -> usize;
}

impl Reach for usize {
    fn reach(&self) -> usize {
        *self
    }
}

impl Reach for Range<usize> {
    fn reach(&self) -> usize {
        self.end
    }
}

/// Sorted, disjoint union of the ranges.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

#[derive(Clone, Copy)]
enum TopKind {
    Fence,
    Html,
    Other,
}

fn tail_closer(src: &str, kind: TopKind, r: Range<usize>) -> String {
    if !src[r.end..].trim().is_empty() {
        return String::new();
    }
    let block = &src[r.clone()];
    let nl = if src.ends_with('\n') { "" } else { "\n" };
    match kind {
        TopKind::Fence => {
            let open = block.trim_start_matches(' ');
            let Some(c) = open.chars().next() else {
                return String::new();
            };
            let n = open.len() - open.trim_start_matches(c).len();
            let mut lines = block.lines();
            lines.next();
            let closed = lines.next_back().is_some_and(|l| {
                let l = l.trim();
                l.len() >= n && l.chars().all(|x| x == c)
            });
            if closed {
                String::new()
            } else {
                format!("{nl}{}\n", c.to_string().repeat(n))
            }
        }
        TopKind::Html => {
            let lower = block.to_ascii_lowercase();
            let lower = lower.trim_start();
            let end = ["script", "pre", "style", "textarea"]
                .iter()
                .find(|t| {
                    lower.starts_with(&format!("<{t}"))
                        && lower[1 + t.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| c.is_whitespace() || c == '>')
                })
                .map(|t| format!("</{t}>"))
                .or_else(|| lower.starts_with("<!--").then(|| "-->".to_string()))
                .or_else(|| lower.starts_with("<?").then(|| "?>".to_string()))
                .or_else(|| lower.starts_with("<![cdata[").then(|| "]]>".to_string()))
                .or_else(|| lower.starts_with("<!").then(|| ">".to_string()));
            match end {
                Some(end) if !lower[2..].contains(&end) => format!("{nl}{end}\n"),
                _ => String::new(),
            }
        }
        TopKind::Other => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `widen` as first written: every range of the document considered for every span.
    fn widen_over_all(scan: &Scan, s: usize, e: usize) -> Option<(usize, usize)> {
        let c = scan.container(s)?;
        if e > c.end {
            return None;
        }
        widen_among(s, e, &c, &scan.emphasis, &scan.forbidden)
    }

    proptest! {
        #[test]
        fn widening_looks_only_inside_the_container_and_agrees_with_a_full_scan(
            src in "([a-c ]{0,6}|\\*{1,3}|_{1,2}|~~|`|\\[|\\]\\(u\\)|<b>|\n|\n\n|- |> |# ){0,40}",
            points in prop::collection::vec((0usize..200, 0usize..200), 1..20),
        ) {
            let scan = Scan::new(&src);
            for (a, b) in points {
                let (s, e) = (a.min(b) % (src.len() + 1), a.max(b) % (src.len() + 1));
                if s < e && src.is_char_boundary(s) && src.is_char_boundary(e) {
                    prop_assert_eq!(scan.widen(s, e), widen_over_all(&scan, s, e), "{:?} {}..{}", src, s, e);
                }
            }
        }
    }

    #[test]
    fn references_skip_code_links_and_closing_emphasis() {
        let src = "A *bold* claim with `code` and [a link](http://x.y) here.\n";
        let s = Scan::new(src);
        let in_code = src.find("ode").unwrap();
        assert_eq!(s.place_after(src, in_code, false), src.find(" and"));
        let in_link = src.find("link").unwrap();
        assert_eq!(s.place_after(src, in_link, false), src.find(" here"));
        let end_bold = src.find("d*").unwrap() + 1;
        assert_eq!(s.place_after(src, end_bold, false), Some(end_bold + 1));
    }

    #[test]
    fn nothing_is_placed_in_code_blocks_or_html_blocks() {
        let src = "Para.\n\n```\ncode here\n```\n\n<div>\nhtml text\n</div>\n";
        let s = Scan::new(src);
        assert_eq!(s.place_after(src, src.find("here").unwrap(), false), None);
        assert_eq!(s.place_after(src, src.find("html").unwrap(), false), None);
        // At the end of the word, after its full stop.
        assert_eq!(s.place_after(src, 4, false), Some(5));
    }

    #[test]
    fn open_fences_and_comments_at_the_end_get_closed() {
        assert_eq!(Scan::new("a\n\n```rust\nfn x()").tail, "\n```\n");
        assert_eq!(Scan::new("a\n\n~~~~\nx\n~~~~\n").tail, "");
        assert_eq!(Scan::new("a\n\n<!-- open\nmore\n").tail, "-->\n");
        assert_eq!(Scan::new("a\n\n<pre>\nx\n").tail, "</pre>\n");
        assert_eq!(Scan::new("a\n\n<div>\nx\n").tail, "");
    }

    #[test]
    fn front_matter_is_skipped_for_the_summary() {
        let src = "---\ntitle: X\n---\n\nBody.\n";
        assert_eq!(&src[Scan::new(src).top..], "\n\nBody.\n");
    }
}
