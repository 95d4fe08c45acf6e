//! A clean Markdown rendering of a document that did not come from Markdown (text, HTML,
//! Word, PDF: a `<!-- page N -->` line before the first block of each page), with a map from the document's text to the Markdown written, so claims can be
//! annotated in it exactly as in a Markdown source.

use crate::document::{Block, BlockKind, Document, Link, SourceSpan};

pub(crate) fn render(doc: &Document) -> (String, Vec<SourceSpan>) {
    let mut out = Out {
        s: String::with_capacity(doc.text.len() + doc.text.len() / 8),
        map: Vec::new(),
    };
    let mut links = doc.links.iter().peekable();
    for (i, block) in doc.blocks.iter().enumerate() {
        if i > 0 {
            out.s.push_str("\n\n");
        }
        // A paged source's page breaks, as comments the Markdown reader takes back as pages.
        if let Some(page) = doc
            .page_of(i)
            .filter(|&p| i == 0 || doc.page_of(i - 1) != Some(p))
        {
            out.s.push_str(&crate::import::page_marker(page));
            out.s.push_str("\n\n");
        }
        let text = &doc.text[block.range.clone()];
        let base = block.range.start;
        if block.kind == BlockKind::Code {
            out.code_block(base, text);
            continue;
        }
        let (first, rest) = line_prefixes(block);
        out.s.push_str(&first);
        let heading = matches!(block.kind, BlockKind::Title | BlockKind::Heading);
        out.inline(text, base, heading, &rest, &mut links);
        let end = block.range.end;
        while links.peek().is_some_and(|l| l.range.end <= end) {
            if let Some(l) = links.next() {
                close_link(&mut out.s, &l.href);
            }
        }
    }
    out.s.push('\n');
    (out.s, out.map)
}

type Links<'a> = std::iter::Peekable<std::slice::Iter<'a, Link>>;

/// What starts a block's first line and each line after it.
fn line_prefixes(block: &Block) -> (String, String) {
    match block.kind {
        BlockKind::Title => ("# ".into(), String::new()),
        BlockKind::Heading => {
            let n = usize::from(block.level).clamp(1, 6);
            (format!("{} ", "#".repeat(n)), String::new())
        }
        BlockKind::Quote | BlockKind::Post => ("> ".into(), "> ".into()),
        BlockKind::ListItem => {
            let indent = "  ".repeat(usize::from(block.level.max(1)) - 1);
            (format!("{indent}- "), format!("{indent}  "))
        }
        _ => (String::new(), String::new()),
    }
}

/// Whether byte `c` must be escaped here so it reads as text and not as Markdown.
fn needs_escape(c: u8, line_start: bool, digits: usize) -> bool {
    match c {
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'~' | b'&' | b'{'
        | b'}' | b'^' | b'$' | b'@' | b'!' => true,
        b'#' | b'+' | b'-' | b'=' => line_start,
        b'.' | b')' => digits > 0,
        _ => false,
    }
}

struct Out {
    s: String,
    map: Vec<SourceSpan>,
}

impl Out {
    /// A fenced code block, its text verbatim.
    fn code_block(&mut self, base: usize, text: &str) {
        let longest = longest_run(text, '`');
        let fence = "`".repeat(longest.max(2) + 1);
        self.s.push_str(&fence);
        self.s.push('\n');
        self.verbatim(base, text);
        self.s.push('\n');
        self.s.push_str(&fence);
    }

    /// A block's text (at `base` in the document), escaped, with its links and line breaks.
    fn inline(&mut self, text: &str, base: usize, heading: bool, rest: &str, links: &mut Links) {
        // Plain runs are copied (and mapped) whole; only specials are looked at one by one.
        let bytes = text.as_bytes();
        let (mut run, mut i) = (0, 0);
        let mut line_start = true;
        // The line so far is 1–9 digits: `.` or `)` now would start an ordered list.
        // (Digits are counted only from a line's start.)
        let mut digits = 0usize;
        loop {
            let at = base + i;
            if links
                .peek()
                .is_some_and(|l| l.range.end <= at || l.range.start == at)
            {
                self.verbatim(base + run, &text[run..i]);
                run = i;
                self.links_at(links, base, at, i < bytes.len());
            }
            let Some(&c) = bytes.get(i) else {
                break;
            };
            if c == b'\n' {
                self.verbatim(base + run, &text[run..i]);
                if heading {
                    self.s.push(' ');
                } else {
                    // A hard line break, as the document had one.
                    self.s.push_str("\\\n");
                    self.s.push_str(rest);
                }
                i += 1;
                run = i;
                line_start = !heading;
                digits = 0;
                continue;
            }
            if needs_escape(c, line_start, digits) {
                self.verbatim(base + run, &text[run..i]);
                self.s.push('\\');
                run = i;
            }
            digits = if c.is_ascii_digit() && (line_start || digits > 0) && digits < 9 {
                digits + 1
            } else {
                0
            };
            line_start = false;
            i += 1;
        }
        self.verbatim(base + run, &text[run..]);
    }

    /// At document position `at`: closes the links of this block that end here, and opens the
    /// one that starts here (when there is text left in the block).
    fn links_at(&mut self, links: &mut Links, base: usize, at: usize, more: bool) {
        while links.peek().is_some_and(|l| l.range.end <= at) {
            if let Some(l) = links.next() {
                if l.range.start >= base && l.range.start < at {
                    close_link(&mut self.s, &l.href);
                }
            }
        }
        if more && links.peek().is_some_and(|l| l.range.start == at) {
            self.s.push('[');
        }
    }

    fn verbatim(&mut self, text_at: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        let src = self.s.len();
        self.s.push_str(s);
        self.map_run(text_at, src, s.len());
    }

    fn map_run(&mut self, text_start: usize, src_start: usize, len: usize) {
        if let Some(last) = self.map.last_mut() {
            if last.text_start + last.len == text_start && last.src_start + last.len == src_start {
                last.len += len;
                return;
            }
        }
        self.map.push(SourceSpan {
            text_start,
            src_start,
            len,
        });
    }
}

/// `](<href>)`, with what would end the destination or open HTML percent-encoded.
fn close_link(s: &mut String, href: &str) {
    s.push_str("](<");
    push_destination(s, href);
    s.push_str(">)");
}

/// A link destination inside `<…>`: what could end it or open HTML is percent-encoded.
pub(super) fn push_destination(out: &mut String, url: &str) {
    for c in url.trim().chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            _ => out.push(c),
        }
    }
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for x in s.chars() {
        cur = if x == c { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentBuilder, Format, Metadata};

    #[test]
    fn renders_structure_escapes_text_and_maps_every_character() {
        let mut b = DocumentBuilder::new(Format::Html);
        b.begin_block(BlockKind::Title, 0);
        b.push_text("Kim *really* met [Trump]");
        b.begin_block(BlockKind::Paragraph, 0);
        let at = b.text().len();
        b.push_text("1. First");
        b.add_link(at, "https://e.com/a b)");
        b.push_line_break();
        b.push_text("# not a heading");
        b.begin_block(BlockKind::ListItem, 2);
        b.push_text("item");
        let doc = b.finish(Metadata::default(), String::new(), b"x");
        let (md, map) = render(&doc);
        assert_eq!(
            md,
            "# Kim \\*really\\* met \\[Trump\\]\n\n[1\\. First](<https://e.com/a b)>)\\\n\\# not a heading\n\n  - item\n"
        );
        for (i, ch) in doc.text.char_indices().filter(|&(_, c)| c != '\n') {
            let span = map
                .iter()
                .find(|s| s.text_start <= i && i < s.text_start + s.len);
            let Some(s) = span else {
                panic!("character {i} ({ch:?}) is not mapped");
            };
            assert_eq!(
                md[s.src_start + (i - s.text_start)..].chars().next(),
                Some(ch)
            );
        }
    }
}
