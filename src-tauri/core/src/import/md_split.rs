//! Cutting a long Markdown source into pieces that pulldown-cmark parses one at a time with
//! exactly the events (offsets shifted) it gives for the whole source. pulldown-cmark builds a
//! tree of the whole input before the first event; on a 10 MB article that tree is tens of
//! megabytes of fresh memory, and the page faults cost more than the parsing. Pieces of about
//! [`PIECE`] bytes keep it small and warm.
//!
//! A cut goes only where the whole-source parse has nothing open: before a line starting with a
//! letter or `#` at column 0 right after an empty line. Such a line closes every list, quote,
//! footnote, table, paragraph and indented code, and is no lazy continuation. What can still
//! stay open across it, or reach from one piece into another, and how each is handled:
//! - fenced code and HTML blocks that end at a marker, not a blank line: no cut after the first
//!   line that may open one;
//! - pulldown-cmark's metadata blocks (`---` … `---`/`...`, recognised anywhere): no cut between
//!   a line that may open one and its closing line;
//! - link reference and footnote definitions, which serve the whole document: no cut between
//!   a definition and any bracket whose label might name it (compared coarsely, so that labels
//!   pulldown-cmark deems equal always compare equal here), and none at all when the expansion
//!   budget pulldown-cmark keeps per parse could run out;
//! - anything this scan cannot read with certainty: no cut.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// Pieces are at least this long (but for the last): small enough to stay in cache, large
/// enough that starting a parser is noise.
pub const PIECE: usize = 64 * 1024;

/// pulldown-cmark stops expanding link references after `max(len, 100_000)` bytes of
/// destinations and titles; under this bound no piece and no whole parse can get there.
const EXPANSION_BUDGET: usize = 100_000;

/// The pieces of `src`, in order, covering it exactly; each but the last at least `min` long.
pub fn pieces(src: &str, min: usize) -> Vec<Range<usize>> {
    let b = src.as_bytes();
    let whole = std::iter::once(0..b.len()).collect();
    // Lone CRs end lines for pulldown-cmark; this scan reads lines by their LF.
    if b.len() < min.saturating_mul(2)
        || memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'))
    {
        return whole;
    }
    // No cut at or after the first line that may open a block ending at a marker.
    let limit = first_open_ended_line(b);
    let Some(mut fences) = definition_fences(b) else {
        return whole;
    };
    fences.extend(metadata_fences(b));
    fences.sort_unstable_by_key(|r| r.start);
    let mut fences = fences.into_iter().peekable();
    let mut reach = 0; // no cut in `..=reach` of the fences seen so far
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = min;
    while let Some(cut) = next_cut(b, from, limit) {
        while let Some(f) = fences.next_if(|f| f.start < cut) {
            reach = reach.max(f.end);
        }
        if cut <= reach {
            from = cut;
            continue;
        }
        out.push(start..cut);
        start = cut;
        from = cut + min;
    }
    out.push(start..b.len());
    out
}

/// The first line start at or after `from` (and before `limit`) that follows an empty line
/// and starts with an ASCII letter or `#`.
fn next_cut(b: &[u8], mut from: usize, limit: usize) -> Option<usize> {
    while from < limit {
        let nl = from + memchr::memchr(b'\n', b.get(from..limit)?)?;
        // `nl` ends a line; is the next line empty ("\n" or "\r\n")?
        let empty_end = match b.get(nl + 1..) {
            Some([b'\n', ..]) => nl + 2,
            Some([b'\r', b'\n', ..]) => nl + 3,
            _ => {
                from = nl + 1;
                continue;
            }
        };
        if empty_end < limit && matches!(b[empty_end], b'#' | b'a'..=b'z' | b'A'..=b'Z') {
            return Some(empty_end);
        }
        from = empty_end - 1;
    }
    None
}

fn line_start(b: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &b[..at]).map_or(0, |i| i + 1)
}

fn line_end(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i)
}

/// Where the first line starts that may open a fenced code block or an HTML block of a kind
/// that a blank line does not end (script, pre, style, textarea, comment, processing
/// instruction, declaration, CDATA), whatever containers it is in; `b.len()` if none.
fn first_open_ended_line(b: &[u8]) -> usize {
    let mut first = b.len();
    for fence in [&b"```"[..], b"~~~"] {
        if let Some(at) =
            memchr::memmem::find_iter(&b[..first], fence).find(|&at| opens_line(b, at))
        {
            first = line_start(b, at);
        }
    }
    let html = memchr::memchr_iter(b'<', &b[..first]).find(|&at| {
        let tag = &b[at + 1..b.len().min(at + 12)];
        opens_line(b, at)
            && (matches!(tag.first(), Some(b'!' | b'?'))
                || ["script", "pre", "style", "textarea"].iter().any(|t| {
                    tag.len() >= t.len() && tag[..t.len()].eq_ignore_ascii_case(t.as_bytes())
                }))
    });
    html.map_or(first, |at| line_start(b, at))
}

/// Whether only indentation and container marks (quote, list) precede `at` on its line.
fn opens_line(b: &[u8], at: usize) -> bool {
    b[line_start(b, at)..at].iter().all(|c| {
        matches!(
            c,
            b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'
        )
    })
}

/// A line pulldown-cmark takes for the end of a metadata block: `---` or `...` at column 0,
/// then only spaces.
fn closes_metadata(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    (line.starts_with(b"---") || line.starts_with(b"..."))
        && line.get(3) != Some(&line[0])
        && line[3..].iter().all(|&c| c == b' ')
}

/// For every line that may open a metadata block (one ending in `---` after anything but a
/// dash, then whitespace), the range up to its closing line: pulldown-cmark looks for that
/// closing line through the rest of whatever text it was given.
fn metadata_fences(b: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(b, b"---") {
        let le = line_end(b, at);
        let after = &b[at + 3..le];
        if !after.iter().all(u8::is_ascii_whitespace) || (at > 0 && b[at - 1] == b'-') {
            continue;
        }
        // The next line must be neither blank nor a closing line.
        let next = (le + 1).min(b.len());
        let next_end = line_end(b, next);
        let first = &b[next..next_end];
        if first.iter().all(u8::is_ascii_whitespace) || closes_metadata(first) {
            continue;
        }
        let mut ls = next_end + 1;
        while ls < b.len() {
            let le = line_end(b, ls);
            if closes_metadata(&b[ls..le]) {
                out.push(at..le);
                break;
            }
            ls = le + 1;
        }
    }
    out
}

/// A coarse key for a link or footnote label: two labels pulldown-cmark matches (Unicode case
/// folding, whitespace collapsed) always get the same key. Only ASCII letters and digits count,
/// lower-cased, minus the letters some non-ASCII character folds into (ſ→s, K→k, ﬁ→fi, ŉ→ʼn,
/// ǰ→ǰ, ẖ→ẖ, ẗ→ẗ, ẘ→ẘ, ẙ→ẙ, ẚ→aʾ, ß→ss, İ→i̇).
fn label_key(label: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in label {
        let k = KEY_BYTE[usize::from(c)];
        if k != 0 {
            h = (h ^ u64::from(k)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// What each byte contributes to a label key: 0 for nothing.
const KEY_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let l = (c as u8).to_ascii_lowercase();
        let folded_into = matches!(
            l,
            b's' | b'f' | b'k' | b'i' | b'l' | b'n' | b't' | b'j' | b'h' | b'w' | b'y' | b'a'
        );
        if l.is_ascii_alphanumeric() && !folded_into {
            t[c] = l;
        }
        c += 1;
    }
    t
};

/// Ranges between each definition (`[label]:`) and every bracket that might refer to it, or
/// `None` when a definition cannot be read with certainty or link references could exhaust
/// pulldown-cmark's expansion budget.
fn definition_fences(b: &[u8]) -> Option<Vec<Range<usize>>> {
    // key -> (first and last position of a definition or a bracket with that key,
    //         longest link definition with it: bounds one expansion)
    let mut defs: HashMap<u64, (usize, usize, usize), BuildHasherDefault<KeyHasher>> =
        HashMap::default();
    for at in memchr::memmem::find_iter(b, b"]:") {
        // A label that holds a bracket cannot be read here: no cut at all.
        let open = memchr::memrchr2(b'[', b']', &b[..at]).filter(|&o| b[o] == b'[')?;
        let label = &b[open + 1..at];
        let span = if label.first() == Some(&b'^') {
            0
        } else {
            // A definition cannot run past a blank line.
            memchr::memmem::find(&b[at..], b"\n\n").map_or(b.len() - at, |n| n)
        };
        let e = defs.entry(label_key(label)).or_insert((open, open, 0));
        e.1 = open;
        e.2 = e.2.max(span);
    }
    if defs.is_empty() {
        return Some(Vec::new());
    }
    let mut budget = 0usize;
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'[', &b[at..]) {
        let open = at + i;
        let Some(j) = memchr::memchr2(b'[', b']', &b[open + 1..]) else {
            break;
        };
        let close = open + 1 + j;
        if b[close] == b']' {
            if let Some(e) = defs.get_mut(&label_key(&b[open + 1..close])) {
                e.0 = e.0.min(open);
                e.1 = e.1.max(open);
                budget = budget.saturating_add(e.2);
            }
        }
        at = close;
    }
    if budget >= EXPANSION_BUDGET {
        return None;
    }
    Some(defs.into_values().map(|(s, e, _)| s..e).collect())
}

/// The keys are hashes already.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Parser};

    /// An event and, unless it starts or ends a tag, its source range: the reader reads no
    /// tag's range, and an empty list item's range can end one byte later at a cut.
    fn seen(e: &Event, r: Range<usize>) -> (String, Option<Range<usize>>) {
        let r = (!matches!(e, Event::Start(_) | Event::End(_))).then_some(r);
        (format!("{e:?}"), r)
    }

    pub fn whole(src: &str) -> Vec<(String, Option<Range<usize>>)> {
        Parser::new_ext(src, super::super::markdown::options())
            .into_offset_iter()
            .map(|(e, r)| seen(&e, r))
            .collect()
    }

    pub fn pieced(src: &str, min: usize) -> Vec<(String, Option<Range<usize>>)> {
        let mut out = Vec::new();
        for p in pieces(src, min) {
            let at = p.start;
            for (e, r) in
                Parser::new_ext(&src[p], super::super::markdown::options()).into_offset_iter()
            {
                out.push(seen(&e, r.start + at..r.end + at));
            }
        }
        out
    }

    /// Cutting wherever it may (pieces of one byte and up) must not change a single event.
    fn assert_same(src: &str) {
        let p = pieces(src, 1);
        assert_eq!(p.first().map(|r| r.start), Some(0));
        assert_eq!(p.last().map(|r| r.end), Some(src.len()));
        assert!(p.windows(2).all(|w| w[0].end == w[1].start));
        assert_eq!(whole(src), pieced(src, 1), "pieces {p:?} of {src:?}");
    }

    fn cuts(src: &str) -> usize {
        pieces(src, 1).len() - 1
    }

    #[test]
    fn cuts_between_sections_with_local_footnotes() {
        let sec = |i: usize| {
            format!("## Section {i}\n\nText with a note[^{i}] and **bold**.\n\n- a\n  - b\n\n[^{i}]: The note.\n\n")
        };
        let src: String = (0..20).map(sec).collect();
        // Two places per section: before "## Section" and before "Text".
        assert_eq!(cuts(&src), 39, "{:?}", pieces(&src, 1));
        assert_same(&src);
        // With front matter first, the same.
        let src = format!("---\ntitle: T\n\nauthor: A\n---\n\n{src}");
        // Not before "author:" inside the front matter: first after it, at "## Section 0".
        let p = pieces(&src, 1);
        assert_eq!(p.get(1).map(|r| r.start), Some(29), "{p:?}");
        assert_same(&src);
    }

    #[test]
    fn no_cut_between_a_reference_and_its_definition() {
        let src = "Intro [one][x] and [^n] here.\n\nMiddle text.\n\nMore text.\n\n[X]: https://example.com \"t\"\n\n[^N]: Note.\n";
        assert_eq!(cuts(src), 0);
        assert_same(src);
        // A label pulldown-cmark folds (long s, Kelvin sign) still keeps them together.
        let src = "See [ſtar] and [\u{212a}ey].\n\nMiddle.\n\n[star]: /s\n\n[key]: /k\n";
        assert_eq!(cuts(src), 0);
        assert_same(src);
        // Unrelated text between unrelated sections may still be cut.
        let src = "Para one.\n\nPara two [a].\n\n[a]: /a\n\nPara three.\n";
        assert!(cuts(src) >= 2);
        assert_same(src);
    }

    #[test]
    fn no_cut_after_a_fence_or_an_open_ended_html_block() {
        for opener in [
            "```",
            "~~~",
            "  ```rust",
            "<script>",
            "<!-- c",
            "<pre>",
            "<?x",
            "- ```",
            "> ```",
        ] {
            let src =
                format!("Para.\n\nPara.\n\n{opener}\n\nText inside\n\n# Not a heading\n\nend\n");
            assert_eq!(pieces(&src, 1).last().map(|p| p.start), Some(7), "{src:?}");
            assert_same(&src);
        }
    }

    #[test]
    fn no_cut_inside_a_metadata_block_anywhere() {
        let src = "Para.\n\n---\ntitle: x\n\nNot cut here\n\n...\n\nAfter.\n";
        let p = pieces(src, 1);
        assert!(!p.iter().any(|r| (8..=38).contains(&r.start)), "{p:?}");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_same(src);
        // A thematic break followed by a blank line opens nothing.
        let src = "Para.\n\n---\n\nCut here.\n\n---\n\nAnd here.\n";
        assert_eq!(cuts(src), 2);
        assert_same(src);
    }

    #[test]
    fn lone_carriage_returns_and_crlf() {
        assert_eq!(cuts("Para.\r\rPara two.\r\rThree\r"), 0);
        let src = "Para.\r\n\r\nPara two.\r\n\r\n# Three\r\n";
        assert_eq!(cuts(src), 2);
        assert_same(src);
    }

    #[test]
    fn too_many_reference_expansions_mean_no_cut() {
        let url = "x".repeat(2000);
        let mut src = format!("[r]: /{url}\n\n");
        for _ in 0..60 {
            src.push_str("Link [r] here.\n\n");
        }
        assert_eq!(cuts(&src), 0);
    }

    /// Lines and line groups that open, close or continue every kind of block.
    pub(crate) const FRAGMENTS: &[&str] = &[
        "# Heading\n",
        "Heading\n===\n",
        "Para text *em* **strong** `code`.\n",
        "lazy line\n",
        "\n",
        "\n\n",
        "  \n",
        "- item\n",
        "- item\n\n  continued\n",
        "  - nested\n",
        "1. one\n",
        "* star\n",
        "> quote\n",
        "> > deep\n",
        "```\n",
        "```rust\n",
        "~~~\n",
        "    indented code\n",
        "<div>\n",
        "</div>\n",
        "<script>\n",
        "</script>\n",
        "<!-- c\n",
        "-->\n",
        "<pre>\n",
        "---\n",
        "...\n",
        "***\n",
        "key: value\n",
        "| a | b |\n",
        "|---|---|\n",
        "| 1 | 2 |\n",
        "Note[^1] here.\n",
        "[^1]: Foot.\n",
        "[^1]:\n    Indented note.\n",
        "See [l] and [t][L].\n",
        "[l]: /url \"Title\"\n",
        "[L]:\n  /u\n  'multi\nline'\n",
        "[ſ]: /s\n",
        "[s] link\n",
        "- [x] task\n",
        "Line\r\n",
        "\r\n",
        "Word\\\nbreak\n",
        "<span>x</span>\n",
        "[a\\]b]: /e\n",
        "Text with [brackets] and ]: odd.\n",
        "A\n",
        "#tag\n",
        "z\n",
        "\r",
        "Text\r```\r",
        "---\nkey: value\n",
        "\nZed\n\n",
        "-\n",
        "2.\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn pieces_give_the_events_of_the_whole(parts in proptest::collection::vec(0..FRAGMENTS.len(), 0..40)) {
            let src: String = parts.iter().map(|&i| FRAGMENTS[i]).collect();
            let p = pieces(&src, 1);
            prop_assert_eq!(whole(&src), pieced(&src, 1), "pieces {:?} of {:?}", p, src);
        }
    }
}
