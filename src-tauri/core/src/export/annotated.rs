//! Annotated Markdown: the article's Markdown with a footnote reference after each claim and,
//! appended, one footnote per claim (status, note and sources for people; the claim's record
//! as JSON in an HTML comment for Factdesk). Everything added is recorded in the trailer, so
//! [`read`] removes it and gives back the source byte for byte.
//!
//! ```markdown
//! The summit was the first in Hanoi.[^fd-c1]
//!
//! <!-- factdesk:export {"v":1,…} -->
//!
//! [^fd-c1]: **✓ Verified** <!-- factdesk:claim {"label":"fd\u002dc1",…} -->\
//!     Confirmed by the White House pool report.\
//!     Sources: [Pool report](<https://example.org/pool>)
//! ```

use super::insert::{apply, Target};
use super::render::push_destination;
use super::{source_line, ArticleMeta, Check};
use crate::document::{content_hash, Format};
use crate::error::{CoreError, Result};
use crate::model::{ClaimRecord, StatusDef};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt::Write;

const EXPORT_MARK: &str = "<!-- factdesk:export ";
const CLAIM_MARK: &str = "<!-- factdesk:claim ";
const SUMMARY_MARK: &str = "<!-- factdesk:summary -->";
const COMMENT_END: &str = " -->";
/// Keeps `!`, `\` or `]` before a reference from turning it into an image, an escape or a
/// reference link; invisible in every renderer.
const WORD_JOINER: char = '\u{2060}';

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    v: u32,
    /// The source's length and SHA-256: reading checks that stripping gave it back.
    len: usize,
    sha256: String,
    /// Appended between the source and this header (closers of open blocks, blank lines).
    pad: String,
    format: Format,
    rendered: bool,
    /// The revision the claims' positions count in (`Document::content_hash`).
    revision: String,
    #[serde(default)]
    article: ArticleMeta,
    #[serde(default)]
    checker: Option<String>,
    #[serde(default)]
    date: String,
    #[serde(default)]
    statuses: Vec<StatusDef>,
    #[serde(default)]
    summary: Option<Inserted>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Inserted {
    at: usize,
    text: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    /// The footnote label, and where its reference went in the source (`None`: listed in
    /// the trailer because the text had no safe place for it).
    label: String,
    at: Option<usize>,
    #[serde(default)]
    joiner: bool,
    claim: ClaimRecord,
}

impl Record {
    fn inserted(&self) -> String {
        let j = if self.joiner { "\u{2060}" } else { "" };
        format!("{j}[^{}]", self.label)
    }
}

/// Writes annotated Markdown (see the module documentation).
pub fn write(check: &Check, summary: bool) -> String {
    write_with(check, summary, &mut |_| {})
}

/// How often (in claims) writing tells its progress: often enough for the bar to move on an
/// article with 100,000 claims, rarely enough to cost nothing.
const REPORT_EVERY: usize = 2048;

/// [`write`], telling `progress` the share done (0–1): placing the references is the first
/// half, the footnotes the second.
pub fn write_with(check: &Check, summary: bool, progress: &mut dyn FnMut(f32)) -> String {
    let share = |n: usize| n as f32 / check.claims.len().max(1) as f32 / 2.0;
    let target = Target::new(check.doc);
    let src: &str = &target.source;
    let prefix = label_prefix(src);
    let mut used = HashSet::new();
    let mut inserts: Vec<(usize, String)> = Vec::with_capacity(check.claims.len() + 1);
    let mut records = Vec::with_capacity(check.claims.len());
    let summary = summary.then(|| {
        let at = target.scan.top;
        let nl = if at > 0 && !src[..at].ends_with('\n') {
            "\n"
        } else {
            ""
        };
        let text = format!("{nl}{SUMMARY_MARK}\n{}\n\n", summary_text(check));
        inserts.push((at, text.clone()));
        Inserted { at, text }
    });
    for (n, claim) in check.claims.iter().enumerate() {
        if n % REPORT_EVERY == 0 {
            progress(share(n));
        }
        let label = label_for(&prefix, &claim.id, n, &mut used);
        // An orphaned claim's anchor points at text that is gone: listed, not placed.
        let at = (!claim.orphaned)
            .then(|| target.text_range(&claim.anchor))
            .flatten()
            .and_then(|r| target.ref_point(&r));
        let joiner = at.is_some_and(|p| src[..p].ends_with(['!', '\\', ']']));
        let rec = Record {
            label,
            at,
            joiner,
            claim: claim.clone(),
        };
        if let Some(p) = at {
            inserts.push((p, rec.inserted()));
        }
        records.push(rec);
    }
    // Refs at one offset must come out in claim order, after a summary at the same offset.
    let body = apply(src, &mut inserts);
    // A blank line before the trailer, after closing whatever the source left open.
    let mut pad = target.scan.tail.clone();
    if !src.is_empty() {
        pad.push_str(if src.ends_with('\n') || !pad.is_empty() {
            "\n"
        } else {
            "\n\n"
        });
    }
    let header = Header {
        v: 1,
        len: src.len(),
        sha256: content_hash(src.as_bytes()),
        pad: pad.clone(),
        format: check.doc.format,
        rendered: target.rendered,
        revision: check.doc.content_hash.clone(),
        article: check.article.clone(),
        checker: check.checker.map(str::to_string),
        date: check.date.to_string(),
        statuses: check.statuses.to_vec(),
        summary,
    };
    let mut out = body;
    out.reserve(records.len() * 400);
    out.push_str(&pad);
    out.push_str(EXPORT_MARK);
    out.push_str(&safe_json(&header));
    out.push_str(COMMENT_END);
    out.push_str("\n\n");
    let unplaced: Vec<&Record> = records.iter().filter(|r| r.at.is_none()).collect();
    if !unplaced.is_empty() {
        out.push_str("*Checked claims without a place in the text:*");
        for r in &unplaced {
            out.push(' ');
            out.push_str(&r.inserted());
        }
        out.push_str("\n\n");
    }
    for (n, r) in records.iter().enumerate() {
        if n % REPORT_EVERY == 0 {
            progress(0.5 + share(n));
        }
        footnote(&mut out, check, r);
    }
    progress(1.0);
    out
}

fn footnote(out: &mut String, check: &Check, r: &Record) {
    let st = check.status(&r.claim.status);
    let _ = write!(out, "[^{}]: **", r.label);
    if !st.mark.is_empty() {
        push_inline(out, &st.mark);
        out.push(' ');
    }
    push_inline(out, &st.label);
    out.push_str("** ");
    out.push_str(CLAIM_MARK);
    push_safe_json(out, r);
    out.push_str(COMMENT_END);
    let mut paragraphs: Vec<String> = Vec::new();
    let note = r.claim.note.trim();
    if !note.is_empty() {
        paragraphs.extend(note_paragraphs(note));
    }
    let mut sources = String::new();
    for (i, s) in r.claim.sources.iter().enumerate() {
        sources.push_str(if i == 0 { "Sources: " } else { "; " });
        let (label, url) = source_line(s);
        match url {
            Some(u) => {
                sources.push('[');
                push_inline(&mut sources, &label);
                sources.push_str("](<");
                push_destination(&mut sources, u);
                sources.push_str(">)");
            }
            None => push_inline(&mut sources, &label),
        }
    }
    // The first paragraph continues the status line (a hard break keeps it on its own line);
    // a footnote whose note has several paragraphs keeps them, indented.
    let mut first = true;
    let n = paragraphs.len();
    for (i, p) in paragraphs.iter().enumerate() {
        out.push_str(if first { "\\\n    " } else { "\n\n    " });
        first = false;
        out.push_str(&p.replace('\n', "\n    "));
        if i + 1 == n && !sources.is_empty() {
            out.push_str("\\\n    ");
            out.push_str(&sources);
            sources.clear();
        }
    }
    if !sources.is_empty() {
        out.push_str("\\\n    ");
        out.push_str(&sources);
    }
    out.push_str("\n\n");
}

/// A note (Markdown) made safe inside a footnote: no raw HTML (so no comment can open or a
/// record appear), no footnotes of its own, no fences or setext lines that would swallow or
/// restyle what follows. Blank lines separate paragraphs.
fn note_paragraphs(note: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for line in note.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !cur.is_empty() {
                paras.push(cur.join("\n"));
                cur.clear();
            }
            continue;
        }
        let mut l = line.replace('<', "&lt;").replace("[^", "\\[^");
        let starts_block = l.starts_with("```")
            || l.starts_with("~~~")
            || l.starts_with('[')
            || l.chars().all(|c| matches!(c, '-' | '=' | '*' | '_' | ' '));
        if starts_block {
            l.insert(0, '\\');
        }
        if l.ends_with('\\') {
            // A note line ending in a backslash would escape our line break.
            l.push(' ');
        }
        cur.push(l);
    }
    if !cur.is_empty() {
        paras.push(cur.join("\n"));
    }
    paras
}

/// Inline text for people: Markdown specials escaped, no HTML, no line breaks.
fn push_inline(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '^' | '$' | '@' | '!' | '{' | '}'
            | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

fn summary_text(check: &Check) -> String {
    let mut counts: Vec<(StatusDef, usize)> = Vec::new();
    for c in check.claims {
        match counts.iter_mut().find(|(s, _)| s.key == c.status) {
            Some((_, n)) => *n += 1,
            None => counts.push((check.status(&c.status), 1)),
        }
    }
    let order = |k: &str| {
        check
            .statuses
            .iter()
            .position(|s| s.key == k)
            .unwrap_or(usize::MAX)
    };
    counts.sort_by_key(|(s, _)| order(&s.key));
    let mut s = String::from("> **Fact-check:** ");
    let n = check.claims.len();
    let _ = write!(s, "{n} claim{}", if n == 1 { "" } else { "s" });
    for (i, (st, k)) in counts.iter().enumerate() {
        s.push_str(if i == 0 { " — " } else { ", " });
        let _ = write!(s, "{k} ");
        if !st.mark.is_empty() {
            push_inline(&mut s, &st.mark);
            s.push(' ');
        }
        push_inline(&mut s, &st.label);
    }
    s.push('.');
    if let Some(who) = check.checker.filter(|w| !w.trim().is_empty()) {
        s.push_str(" Checked by ");
        push_inline(&mut s, who);
        s.push('.');
    }
    if !check.date.is_empty() {
        s.push(' ');
        push_inline(&mut s, check.date.get(..10).unwrap_or(check.date));
        s.push('.');
    }
    s
}

/// `fd-`, unless the author's text already uses footnotes so named.
fn label_prefix(src: &str) -> String {
    let mut p = String::from("fd-");
    let mut n = 1;
    while src.contains(&format!("[^{p}")) {
        p = format!("fd{n}-");
        n += 1;
    }
    p
}

fn label_for(prefix: &str, id: &str, n: usize, used: &mut HashSet<String>) -> String {
    let ok = !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let mut label = if ok {
        format!("{prefix}{id}")
    } else {
        format!("{prefix}{}", n + 1)
    };
    while !used.insert(label.clone()) {
        label = format!("{label}_");
    }
    label
}

/// JSON that can sit inside an HTML comment: `<`, `>` and `-` inside strings become `\u`
/// escapes, so `-->` (or even `--`) never appears; outside strings JSON has none of them but
/// the `-` of an exponent (`1e-5`), which stays as it is.
fn safe_json<T: Serialize>(v: &T) -> String {
    let mut out = String::new();
    push_safe_json(&mut out, v);
    out
}

fn push_safe_json<T: Serialize>(out: &mut String, v: &T) {
    let mut w = CommentSafe {
        out: Vec::with_capacity(512),
        in_string: false,
        escaped: false,
    };
    if serde_json::to_writer(&mut w, v).is_err() {
        out.push_str("null");
        return;
    }
    // Only ASCII was replaced by ASCII, so the bytes are still the UTF-8 serde wrote.
    out.push_str(&String::from_utf8_lossy(&w.out));
}

struct CommentSafe {
    out: Vec<u8>,
    in_string: bool,
    escaped: bool,
}

impl std::io::Write for CommentSafe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut from = 0;
        for (i, &b) in buf.iter().enumerate() {
            if self.escaped {
                self.escaped = false;
                continue;
            }
            match b {
                b'\\' if self.in_string => self.escaped = true,
                b'"' => self.in_string = !self.in_string,
                b'<' | b'>' | b'-' if self.in_string => {
                    self.out.extend_from_slice(&buf[from..i]);
                    self.out.extend_from_slice(match b {
                        b'<' => b"\\u003c",
                        b'>' => b"\\u003e",
                        _ => b"\\u002d",
                    });
                    from = i + 1;
                }
                _ => {}
            }
        }
        self.out.extend_from_slice(&buf[from..]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Does this Markdown carry a Factdesk check?
pub fn is_annotated(md: &str) -> bool {
    find_header(md).is_some()
}

fn find_header(md: &str) -> Option<usize> {
    let mut end = md.len();
    while let Some(i) = md[..end].rfind(EXPORT_MARK) {
        if i == 0 || md[..i].ends_with('\n') {
            return Some(i);
        }
        end = i;
    }
    None
}

/// A check read back from annotated Markdown.
#[derive(Debug, Clone)]
pub struct Annotated {
    /// The Markdown with Factdesk's additions removed: for a Markdown article, its source.
    pub source: String,
    /// True when `source` is exactly what was exported (same length and SHA-256): positions
    /// are exact. False when the file was edited since: re-anchor the claims.
    pub intact: bool,
    /// The source was Factdesk's rendering of an article in `format`, not the author's file.
    pub rendered: bool,
    pub format: Format,
    /// The revision (`Document::content_hash` of the exported article) the claims' positions
    /// count in.
    pub revision: String,
    pub claims: Vec<ClaimRecord>,
    pub statuses: Vec<StatusDef>,
    pub article: ArticleMeta,
    pub checker: Option<String>,
    pub date: String,
}

/// Reads annotated Markdown back: the check, and the source without Factdesk's additions.
pub fn read(md: &str) -> Result<Annotated> {
    let bad = |what: String| CoreError::Invalid(format!("annotated Markdown: {what}"));
    let h = find_header(md).ok_or_else(|| bad("no Factdesk record in this file".into()))?;
    let header_json = comment_body(&md[h + EXPORT_MARK.len()..])
        .ok_or_else(|| bad("the export record is not closed".into()))?;
    let header: Header = serde_json::from_str(header_json)
        .map_err(|e| bad(format!("the export record is damaged ({e})")))?;
    let mut records = Vec::new();
    let trailer = &md[h..];
    let mut from = EXPORT_MARK.len();
    while let Some(i) = trailer[from..].find(CLAIM_MARK) {
        let start = from + i + CLAIM_MARK.len();
        // Records sit on a footnote's first line; anything else only looks like one.
        let line = trailer[..from + i].rsplit('\n').next().unwrap_or("");
        if !line.starts_with("[^") {
            from = start;
            continue;
        }
        let json = comment_body(&trailer[start..])
            .ok_or_else(|| bad(format!("claim record {} is not closed", records.len() + 1)))?;
        let rec: Record = serde_json::from_str(json).map_err(|e| {
            bad(format!(
                "claim record {} is damaged ({e})",
                records.len() + 1
            ))
        })?;
        records.push(rec);
        from = start + json.len();
    }
    let body = &md[..h];
    let body = body.strip_suffix(header.pad.as_str()).unwrap_or(body);
    let mut inserts: Vec<(usize, String)> = Vec::with_capacity(records.len() + 1);
    if let Some(s) = &header.summary {
        inserts.push((s.at, s.text.clone()));
    }
    for r in &records {
        if let Some(at) = r.at {
            inserts.push((at, r.inserted()));
        }
    }
    inserts.sort_by_key(|(at, _)| *at);
    let source = remove_exact(body, &inserts).unwrap_or_else(|| remove_found(body, &inserts));
    let intact = source.len() == header.len && content_hash(source.as_bytes()) == header.sha256;
    Ok(Annotated {
        source,
        intact,
        rendered: header.rendered,
        format: header.format,
        revision: header.revision,
        claims: records.into_iter().map(|r| r.claim).collect(),
        statuses: header.statuses,
        article: header.article,
        checker: header.checker,
        date: header.date,
    })
}

/// The JSON of a comment that starts at `s`, up to ` -->`.
fn comment_body(s: &str) -> Option<&str> {
    let end = s.find(COMMENT_END)?;
    let line_end = s.find('\n').unwrap_or(s.len());
    (end < line_end).then(|| &s[..end])
}

/// Removes each insertion where the trailer says it is; `None` if any is not there.
fn remove_exact(body: &str, inserts: &[(usize, String)]) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut cursor = 0;
    let mut shift = 0;
    for (at, text) in inserts {
        let pos = at + shift;
        if pos < cursor || !body.get(pos..)?.starts_with(text.as_str()) {
            return None;
        }
        out.push_str(body.get(cursor..pos)?);
        cursor = pos + text.len();
        shift += text.len();
    }
    out.push_str(body.get(cursor..)?);
    Some(out)
}

/// The file was edited since export: remove each insertion wherever it now is.
fn remove_found(body: &str, inserts: &[(usize, String)]) -> String {
    let mut out = body.to_string();
    for (_, text) in inserts {
        if let Some(i) = out.find(text.as_str()) {
            out.replace_range(i..i + text.len(), "");
        } else if let Some(bare) = text.strip_prefix(WORD_JOINER) {
            if let Some(i) = out.find(bare) {
                out.replace_range(i..i + bare.len(), "");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, Document, DocumentBuilder, Metadata};
    use crate::export::fixture::{claim, CheckFixture};
    use crate::model::{Source, SourceKind};

    /// A Markdown document mapped the way the Markdown reader maps it: text runs verbatim.
    fn md_doc(src: &str, runs: &[&str]) -> Document {
        let mut b = DocumentBuilder::new(Format::Markdown);
        let mut from = 0;
        b.begin_block(BlockKind::Paragraph, 0);
        for r in runs {
            let at = src[from..].find(r).unwrap() + from;
            b.push_mapped(r, at);
            from = at + r.len();
        }
        b.finish(Metadata::default(), src.to_string(), src.as_bytes())
    }

    #[test]
    fn round_trip_gives_back_source_and_claims() {
        let src = "Kim met Trump in *Hanoi* in 2019. He said `x` wow!";
        let doc = md_doc(
            src,
            &[
                "Kim met Trump in ",
                "Hanoi",
                " in 2019. He said ",
                "x",
                " wow!",
            ],
        );
        let mut c1 = claim(&doc, "c1", "Kim met Trump in Hanoi", "verified");
        c1.note = "Pool report --> confirms.\n\n<!-- factdesk:claim {} -->".into();
        c1.sources.push(Source {
            id: "s1".into(),
            kind: SourceKind::Web,
            title: "Pool [report]".into(),
            location: "https://e.org/a b(c)".into(),
            accessed: Some("2024-11-27".into()),
            excerpt: String::new(),
            file_path: None,
            file_sha256: None,
        });
        let c2 = claim(&doc, "c2", "He said x", "disputed");
        let c3 = claim(&doc, "c3", "wow!", "false");
        let f = CheckFixture {
            claims: vec![c1, c2, c3],
            checker: Some("Ann".into()),
            date: "2024-11-27T10:00:00Z".into(),
            ..CheckFixture::new(doc)
        };
        let claims = &f.claims;
        let md = write(&f.check(), true);
        assert!(md.contains("*Hanoi*[^fd-c1]"), "{md}");
        assert!(md.contains("`x`[^fd-c2]"), "{md}");
        assert!(md.contains("wow!\u{2060}[^fd-c3]"), "{md}");
        assert!(md.contains("**✓ Verified**"));
        assert!(
            md.contains("[Pool \\[report\\], accessed 2024-11-27](<https://e.org/a b(c)>)"),
            "{md}"
        );
        // Summary, export record and three claim records: the note cannot open a comment.
        assert_eq!(md.matches("<!--").count(), 5, "{md}");
        let back = read(&md).unwrap();
        assert_eq!(back.source, src);
        assert!(back.intact);
        assert_eq!(&back.claims, claims);
        assert_eq!(back.checker.as_deref(), Some("Ann"));
    }

    #[test]
    fn an_edited_export_still_strips_and_says_so() {
        let src = "One claim here. Another.";
        let doc = md_doc(src, &[src]);
        let claims = vec![claim(&doc, "c1", "One claim here.", "verified")];
        let f = CheckFixture {
            claims,
            ..CheckFixture::new(doc)
        };
        let md = write(&f.check(), false).replacen("One", "The one", 1);
        let back = read(&md).unwrap();
        assert_eq!(back.source, "The one claim here. Another.");
        assert!(!back.intact);
        assert_eq!(back.claims.len(), 1);
    }

    #[test]
    fn records_never_contain_comment_syntax_and_parse_back() {
        let v = serde_json::json!({"a": "--> <!-- <b> \\\" -", "n": 1e-5, "m": -2});
        let s = safe_json(&v);
        assert!(
            !s.contains("--") && !s.contains('<') && !s.contains('>'),
            "{s}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }

    #[test]
    fn damaged_records_are_an_error_not_a_panic() {
        assert!(read("plain text").is_err());
        assert!(read("x\n<!-- factdesk:export {\"v\":1 -->\n").is_err());
        assert!(read("x\n<!-- factdesk:export {\"v\":1\n").is_err());
    }
}
