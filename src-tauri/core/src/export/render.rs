//! A clean Markdown rendering of a document that did not come from Markdown (text, HTML,
//! Word), with a map from the document's text to the Markdown written, so claims can be
//! annotated in it exactly as in a Markdown source.

use crate::document::{BlockKind, Document, SourceSpan};

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
        let text = &doc.text[block.range.clone()];
        let base = block.range.start;
        if block.kind == BlockKind::Code {
            let longest = longest_run(text, '`');
            let fence = "`".repeat(longest.max(2) + 1);
            out.s.push_str(&fence);
            out.s.push('\n');
            out.verbatim(base, text);
            out.s.push('\n');
            out.s.push_str(&fence);
            continue;
        }
        let (first, rest): (String, String) = match block.kind {
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
        };
        let heading = matches!(block.kind, BlockKind::Title | BlockKind::Heading);
        out.s.push_str(&first);
        let mut line_start = true;
        for (off, ch) in text.char_indices() {
            let at = base + off;
            while links.peek().is_some_and(|l| l.range.end <= at) {
                if let Some(l) = links.next() {
                    if l.range.start >= base {
                        close_link(&mut out.s, &l.href);
                    }
                }
            }
            if links.peek().is_some_and(|l| l.range.start == at) {
                out.s.push('[');
            }
            if ch == '\n' {
                if heading {
                    out.s.push(' ');
                } else {
                    // A hard line break, as the document had one.
                    out.s.push_str("\\\n");
                    out.s.push_str(&rest);
                    line_start = true;
                }
                continue;
            }
            let escape = match ch {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '{' | '}'
                | '^' | '$' | '@' | '!' => true,
                '#' | '+' | '-' | '=' => line_start,
                '.' | ')' => ordered_marker_before(&text[..off]),
                _ => false,
            };
            if escape {
                out.s.push('\\');
            }
            out.mapped(at, ch);
            line_start = false;
        }
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

struct Out {
    s: String,
    map: Vec<SourceSpan>,
}

impl Out {
    fn mapped(&mut self, text_at: usize, ch: char) {
        let src = self.s.len();
        self.s.push(ch);
        self.map_run(text_at, src, ch.len_utf8());
    }

    fn verbatim(&mut self, text_at: usize, s: &str) {
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

/// `](<href>)`, with what would end the destination escaped.
fn close_link(s: &mut String, href: &str) {
    s.push_str("](<");
    for c in href.chars() {
        match c {
            '<' | '>' | '\\' => {
                s.push('\\');
                s.push(c);
            }
            '\n' | '\r' => s.push_str("%0A"),
            _ => s.push(c),
        }
    }
    s.push_str(">)");
}

/// True when the line so far is only digits (so `1.` or `1)` would start a list).
fn ordered_marker_before(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or(before);
    !line.is_empty() && line.len() <= 9 && line.bytes().all(|b| b.is_ascii_digit())
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
