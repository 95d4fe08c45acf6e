//! Plain text: the first line is the headline; bylines, datelines and timestamps are
//! recognised; `>`-marked, indented or fully quoted lines are quotes; a post line followed by
//! its "— Name (@handle) date" line is one Post block. Files that separate paragraphs with
//! blank lines have their hard-wrapped lines joined; otherwise every line is a paragraph.

use super::lines::{by_prefix, is_dateline, is_post_attribution, is_timestamp, looks_like_name};
use crate::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};

pub fn read(text: &str, bytes: &[u8]) -> Document {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end()).collect();
    let joined = uses_blank_line_paragraphs(&lines);
    let indented_quotes = indentation_marks_quotes(&lines);
    let mut b = DocumentBuilder::new(Format::Text);
    let mut meta = Metadata::default();
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.trim().is_empty());
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let line = raw.trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if meta.title.is_none() {
            meta.title = Some(line.split_whitespace().collect::<Vec<_>>().join(" "));
            emit(&mut b, BlockKind::Title, &[line]);
            i += 1;
            continue;
        }
        if line.starts_with('>') {
            let mut quote = Vec::new();
            while i < lines.len() && lines[i].trim_start().starts_with('>') {
                let body = lines[i].trim_start()[1..].trim();
                if body.is_empty() || !joined {
                    emit(&mut b, BlockKind::Quote, &quote);
                    quote.clear();
                }
                if !body.is_empty() {
                    quote.push(body);
                }
                i += 1;
            }
            emit(&mut b, BlockKind::Quote, &quote);
            continue;
        }
        if let Some(date) = is_timestamp(line) {
            meta.published.get_or_insert(date);
            emit(&mut b, BlockKind::Timestamp, &[line]);
            i += 1;
            continue;
        }
        let prev_ts = previous_nonblank(&lines, i).is_some_and(|l| is_timestamp(l).is_some());
        let next_ts = next_nonblank(&lines, i).is_some_and(|l| is_timestamp(l).is_some());
        let is_last = next_nonblank(&lines, i).is_none();
        let byline = by_prefix(line).map(str::to_string).or_else(|| {
            ((prev_ts || next_ts || is_last) && looks_like_name(line)).then(|| line.to_string())
        });
        if let Some(name) = byline {
            meta.byline.get_or_insert(name);
            emit(&mut b, BlockKind::Byline, &[line]);
            i += 1;
            continue;
        }
        if is_dateline(line) {
            emit(&mut b, BlockKind::Dateline, &[line]);
            i += 1;
            continue;
        }
        // A paragraph: one line, or in blank-line files every line up to the next blank one.
        let mut para = vec![line];
        let mut j = i + 1;
        while joined && !blank(j) && !is_special(lines[j]) {
            if lines.get(j + 1).is_some_and(|l| is_post_attribution(l)) {
                break;
            }
            para.push(lines[j].trim());
            j += 1;
        }
        if lines.get(j).is_some_and(|l| is_post_attribution(l)) {
            let text = para.join(" ");
            emit(&mut b, BlockKind::Post, &[&text, lines[j].trim()]);
            i = j + 1;
            continue;
        }
        let kind = if (indented_quotes && raw.starts_with([' ', '\t'])) || fully_quoted(line) {
            BlockKind::Quote
        } else {
            BlockKind::Paragraph
        };
        let text = para.join(" ");
        emit(&mut b, kind, &[&text]);
        i = j;
    }
    b.finish(meta, String::new(), bytes)
}

/// One block whose lines are joined with "\n".
fn emit(b: &mut DocumentBuilder, kind: BlockKind, lines: &[&str]) {
    if lines.is_empty() {
        return;
    }
    b.begin_block(kind, 0);
    for (k, l) in lines.iter().enumerate() {
        if k > 0 {
            b.push_line_break();
        }
        b.push_text(l);
    }
    b.end_block();
}

fn is_special(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('>') || is_post_attribution(t) || is_timestamp(t).is_some()
}

fn previous_nonblank<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    lines[..i]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .copied()
}

fn next_nonblank<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    lines[i + 1..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .copied()
}

/// True when the file puts blank lines between paragraphs and wraps lines inside them, so
/// that consecutive lines belong to one paragraph.
fn uses_blank_line_paragraphs(lines: &[&str]) -> bool {
    let mut groups = 0;
    let mut wrapped = 0;
    let mut run = 0;
    for l in lines.iter().chain(std::iter::once(&"")) {
        if l.trim().is_empty() {
            if run > 0 {
                groups += 1;
            }
            if run > 1 {
                wrapped += 1;
            }
            run = 0;
        } else {
            run += 1;
        }
    }
    groups >= 2 && wrapped >= 1
}

/// Indentation means a quote only where most lines are not indented.
fn indentation_marks_quotes(lines: &[&str]) -> bool {
    let nonblank = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let indented = lines
        .iter()
        .filter(|l| !l.trim().is_empty() && l.starts_with([' ', '\t']))
        .count();
    indented > 0 && indented * 4 < nonblank
}

/// A whole line inside quotation marks: “…” or "…".
fn fully_quoted(line: &str) -> bool {
    let inner = line
        .strip_prefix('“')
        .and_then(|r| r.strip_suffix('”'))
        .or_else(|| line.strip_prefix('"').and_then(|r| r.strip_suffix('"')));
    inner.is_some_and(|s| !s.contains(['“', '”', '"']) && s.len() > 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> Document {
        read(s, s.as_bytes())
    }

    fn kinds(d: &Document) -> Vec<BlockKind> {
        d.blocks.iter().map(|b| b.kind).collect()
    }

    #[test]
    fn sample_article_structure_and_metadata() {
        // Read at run time: the sample is made from ../shared by `make fixtures`, not in git.
        let src = std::fs::read_to_string(crate::test_fixtures::sample("txt")).unwrap();
        let src = src.as_str();
        let lines: Vec<&str> = src.lines().collect();
        let d = doc(src);
        assert_eq!(d.title.as_deref(), Some(lines[0]));
        assert_eq!(d.byline.as_deref(), Some("Tyler Durden"));
        assert_eq!(d.published.as_deref(), Some("2024-11-26T21:20:00Z"));
        let k = kinds(&d);
        assert_eq!(k[0], BlockKind::Title);
        assert_eq!(k[k.len() - 2], BlockKind::Byline);
        assert_eq!(k[k.len() - 1], BlockKind::Timestamp);
        let post = d
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Post)
            .map(|b| d.block_text(b));
        // The embedded post: its text, then its attribution line ("— Name (@handle) date").
        assert_eq!(post, Some(format!("{}\n{}", lines[14], lines[15]).as_str()));
        assert!(lines[15].starts_with("— "), "{}", lines[15]);
        // Every line of the file is visible in the text.
        for line in src.lines().filter(|l| !l.trim().is_empty()) {
            assert!(d.text.contains(line.trim()), "missing: {line}");
        }
        assert_eq!(
            d.blocks.len(),
            src.lines().filter(|l| !l.is_empty()).count() - 1
        );
    }

    #[test]
    fn blank_line_paragraphs_join_wrapped_lines() {
        let d = doc("Headline here\n\nFirst paragraph is\nwrapped over two lines.\n\nSecond one\nalso wraps.\n");
        assert_eq!(
            d.text,
            "Headline here\n\nFirst paragraph is wrapped over two lines.\n\nSecond one also wraps."
        );
    }

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        let d = doc("Headline\nLine one.\nLine two.\n");
        assert_eq!(
            kinds(&d),
            [BlockKind::Title, BlockKind::Paragraph, BlockKind::Paragraph]
        );
    }

    #[test]
    fn quotes_by_marker_indent_and_quotation_marks() {
        let d = doc("Head\nIntro line.\n> A quoted line of text.\n    An indented quotation from the report.\nNormal text again.\nMore text.\nAnd more.\n“An entire line that is one long quotation.”\n");
        assert_eq!(
            kinds(&d),
            [
                BlockKind::Title,
                BlockKind::Paragraph,
                BlockKind::Quote,
                BlockKind::Quote,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Paragraph,
                BlockKind::Quote
            ]
        );
        assert!(d.text.contains("\n\nA quoted line of text.\n\n"));
    }

    #[test]
    fn byline_with_by_and_datelines() {
        let d = doc("Head\nBy Jane Doe\nWASHINGTON (Reuters) -\nNovember 26, 2024\nStory text.\n");
        assert_eq!(d.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(d.published.as_deref(), Some("2024-11-26"));
        assert_eq!(
            kinds(&d),
            [
                BlockKind::Title,
                BlockKind::Byline,
                BlockKind::Dateline,
                BlockKind::Timestamp,
                BlockKind::Paragraph
            ]
        );
    }
}
