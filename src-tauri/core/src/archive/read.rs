//! Reads a fact-check archive file as a stream of ClaimReview records: JSON Lines, a JSON
//! array, one JSON-LD object (a ClaimReview or a `@graph` of them), or an HTML page with
//! ClaimReview JSON-LD in `<script type="application/ld+json">`.
//!
//! JSON Lines and arrays are read one record at a time, so an archive of any length is never
//! held in memory. A record that cannot be read is reported with its line (or index) and the
//! reading goes on; a file that cannot be read at all (not JSON, cut off in the middle, no
//! ClaimReview anywhere) is one error, and the caller writes nothing.

use super::record::{is_claim_review, review_from_json, ReviewRecord};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

/// The largest HTML page read (it is read whole to find its scripts).
const MAX_HTML_BYTES: u64 = 64 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveFormat {
    JsonLines,
    JsonArray,
    JsonObject,
    Html,
}

/// A record that was not imported, and where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct RecordError {
    /// `line 4`, `record 12`, `script 2, record 1`.
    pub at: String,
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

pub type Item = std::result::Result<ReviewRecord, RecordError>;

/// Counts the bytes read, for progress.
struct Counting<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

fn bad(path: &Path, code: ErrorCode, message: impl Into<String>) -> CoreError {
    CoreError::import(path, code, message)
}

/// Reads `path`, calling `each` with every record (or its error) in file order and
/// `progress(bytes read, file size)` now and then. `each` may stop the reading by failing.
pub fn read_archive(
    path: &Path,
    each: &mut dyn FnMut(Item) -> Result<()>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ArchiveFormat> {
    let file = File::open(path).map_err(|e| CoreError::io(path, e))?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut r = BufReader::with_capacity(
        256 << 10,
        Counting {
            inner: file,
            read: Rc::new(Cell::new(0)),
        },
    );
    // Skip a byte order mark and leading white space, counting lines.
    let mut line = 1usize;
    let first = loop {
        let buf = r.fill_buf().map_err(|e| CoreError::io(path, e))?;
        let Some(&b) = buf.first() else {
            return Err(bad(
                path,
                ErrorCode::ArchiveEmpty,
                "the file is empty; no ClaimReview to import",
            ));
        };
        if buf.starts_with(b"\xEF\xBB\xBF") {
            r.consume(3);
        } else if b.is_ascii_whitespace() {
            if b == b'\n' {
                line += 1;
            }
            r.consume(1);
        } else {
            break b;
        }
    };
    match first {
        b'<' => read_html(path, r, each).map(|()| ArchiveFormat::Html),
        b'[' => read_array(path, r, total, each, progress).map(|()| ArchiveFormat::JsonArray),
        b'{' => {
            // JSON Lines if the first line is a whole JSON value; else one (pretty) object.
            let mut first_line = Vec::new();
            r.read_until(b'\n', &mut first_line)
                .map_err(|e| CoreError::io(path, e))?;
            match serde_json::from_slice::<Value>(&first_line) {
                Ok(v) => {
                    read_lines(path, r, line, v, total, each, progress)?;
                    Ok(ArchiveFormat::JsonLines)
                }
                Err(_) => {
                    let rest = first_line.as_slice().chain(r);
                    let v: Value = serde_json::from_reader(rest)
                        .map_err(|e| syntax(path, &e, line - 1))?;
                    let n = expand(v, "record", &mut |at, v| each(convert(at, &v)))?;
                    if n == 0 {
                        return Err(no_review(path, "this JSON-LD object"));
                    }
                    Ok(ArchiveFormat::JsonObject)
                }
            }
        }
        b'"' | b'0'..=b'9' | b'-' | b't' | b'f' | b'n' => Err(bad(
            path,
            ErrorCode::ArchiveFormat,
            "the file holds a single JSON value that is not an object or a list; \
             a fact-check archive is ClaimReview objects (JSON-LD, a JSON list, JSON Lines or an HTML page)",
        )),
        _ => Err(bad(
            path,
            ErrorCode::ArchiveFormat,
            "not a fact-check archive: expected ClaimReview JSON-LD, a JSON list, JSON Lines \
             or an HTML page",
        )),
    }
}

fn no_review(path: &Path, what: &str) -> CoreError {
    bad(
        path,
        ErrorCode::ArchiveNoClaimreview,
        format!("{what} holds no ClaimReview (schema.org `\"@type\": \"ClaimReview\"` with a `claimReviewed`)"),
    )
}

/// A JSON syntax error as a file-level error; `skipped` lines before the parser's first.
fn syntax(path: &Path, e: &serde_json::Error, skipped: usize) -> CoreError {
    let line = e.line() + skipped;
    if e.classify() == serde_json::error::Category::Eof {
        bad(
            path,
            ErrorCode::ArchiveTruncated,
            format!("the file ends in the middle of a record (line {line}): it was cut off; nothing was imported"),
        )
    } else if e.classify() == serde_json::error::Category::Io {
        bad(path, ErrorCode::ArchiveIo, format!("cannot be read: {e}"))
    } else {
        bad(
            path,
            ErrorCode::ArchiveSyntax,
            format!(
                "not valid JSON at line {line}, column {}: {}; nothing was imported",
                e.column(),
                message_of(e)
            ),
        )
    }
}

/// serde_json's message without its own " at line … column …".
fn message_of(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn convert(at: String, v: &Value) -> Item {
    review_from_json(v).map_err(|message| RecordError { at, message })
}

/// The records in one JSON value: the value itself, the items of a list, or the ClaimReviews
/// of a `@graph` (other nodes of a graph are not records and are passed over). Returns how many
/// were given to `each`.
fn expand(
    v: Value,
    label: &str,
    each: &mut dyn FnMut(String, Value) -> Result<()>,
) -> Result<usize> {
    match v {
        Value::Array(items) => {
            let n = items.len();
            for (i, item) in items.into_iter().enumerate() {
                each(format!("{label} {}", i + 1), item)?;
            }
            Ok(n)
        }
        Value::Object(mut o) if o.contains_key("@graph") => {
            let graph = o.remove("@graph").unwrap_or(Value::Null);
            let Value::Array(nodes) = graph else {
                each(label.to_string(), Value::Object(o))?;
                return Ok(1);
            };
            let mut n = 0;
            for (i, node) in nodes.into_iter().enumerate() {
                if is_claim_review(&node) == Some(true) {
                    each(format!("{label}, @graph item {}", i + 1), node)?;
                    n += 1;
                }
            }
            Ok(n)
        }
        v => {
            each(label.to_string(), v)?;
            Ok(1)
        }
    }
}

fn read_lines(
    path: &Path,
    mut r: BufReader<Counting<File>>,
    first_no: usize,
    first: Value,
    total: u64,
    each: &mut dyn FnMut(Item) -> Result<()>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let mut no = first_no;
    expand(first, &format!("line {no}"), &mut |at, v| {
        each(convert(at, &v))
    })?;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = r
            .read_until(b'\n', &mut buf)
            .map_err(|e| CoreError::io(path, e))?;
        if n == 0 {
            break;
        }
        no += 1;
        if no.is_multiple_of(1024) {
            progress(r.get_ref().read.get(), total);
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match serde_json::from_slice::<Value>(&buf) {
            Ok(v) => {
                expand(v, &format!("line {no}"), &mut |at, v| each(convert(at, &v)))?;
            }
            Err(e) => {
                let last =
                    !buf.ends_with(b"\n") || r.fill_buf().map(|b| b.is_empty()).unwrap_or(true);
                if last && e.classify() == serde_json::error::Category::Eof {
                    return Err(bad(
                        path,
                        ErrorCode::ArchiveTruncated,
                        format!("the last record (line {no}) is cut off in the middle: the file is incomplete; nothing was imported"),
                    ));
                }
                each(Err(RecordError {
                    at: format!("line {no}"),
                    message: format!("not valid JSON ({}, column {})", message_of(&e), e.column()),
                }))?;
            }
        }
    }
    progress(r.get_ref().read.get(), total);
    Ok(())
}

/// Calls `each` for every item of the top-level JSON list as it is parsed.
struct EachItem<'a> {
    each: &'a mut dyn FnMut(usize, Value) -> Result<()>,
    failed: &'a mut Option<CoreError>,
}

impl<'de> Visitor<'de> for EachItem<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of ClaimReview objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut i = 0;
        while let Some(v) = seq.next_element::<Value>()? {
            i += 1;
            if let Err(e) = (self.each)(i, v) {
                *self.failed = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

fn read_array(
    path: &Path,
    r: BufReader<Counting<File>>,
    total: u64,
    each: &mut dyn FnMut(Item) -> Result<()>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let read = r.get_ref().read.clone();
    let mut de = serde_json::Deserializer::from_reader(r);
    let mut failed = None;
    let mut count = 0usize;
    let mut seen = |i: usize, v: Value| -> Result<()> {
        count += 1;
        if i.is_multiple_of(1024) {
            progress(read.get(), total);
        }
        each(convert(format!("record {i}"), &v))
    };
    let out = (&mut de).deserialize_seq(EachItem {
        each: &mut seen,
        failed: &mut failed,
    });
    if let Some(e) = failed {
        return Err(e);
    }
    out.and_then(|()| de.end())
        .map_err(|e| syntax(path, &e, 0))?;
    if count == 0 {
        return Err(no_review(path, "this JSON list"));
    }
    progress(total, total);
    Ok(())
}

fn read_html(
    path: &Path,
    r: BufReader<Counting<File>>,
    each: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<()> {
    let mut bytes = Vec::new();
    r.take(MAX_HTML_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CoreError::io(path, e))?;
    if bytes.len() as u64 > MAX_HTML_BYTES {
        return Err(bad(
            path,
            ErrorCode::ArchiveTooLarge,
            "an HTML page over 64 MB is not read; export its ClaimReviews as JSON Lines",
        ));
    }
    let html = String::from_utf8_lossy(&bytes);
    let mut found = 0usize;
    for (n, script) in ld_json_scripts(&html).into_iter().enumerate() {
        let label = format!("script {}", n + 1);
        let v: Value = match serde_json::from_str(script.trim()) {
            Ok(v) => v,
            Err(e) => {
                each(Err(RecordError {
                    at: label,
                    message: format!("its JSON-LD is not valid JSON ({})", e),
                }))?;
                continue;
            }
        };
        // In a page, only ClaimReview nodes are records; a WebPage or Organization is not.
        let mut nodes = Vec::new();
        expand(v, &label, &mut |at, v| {
            nodes.push((at, v));
            Ok(())
        })?;
        for (at, v) in nodes {
            if is_claim_review(&v) == Some(true) {
                found += 1;
                each(convert(at, &v))?;
            }
        }
    }
    if found == 0 {
        return Err(no_review(path, "this HTML page"));
    }
    Ok(())
}

/// The contents of every `<script type="application/ld+json">` element.
fn ld_json_scripts(html: &str) -> Vec<&str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<script") {
        let tag_start = from + i;
        let Some(j) = lower[tag_start..].find('>') else {
            break;
        };
        let tag_end = tag_start + j + 1;
        let tag = &lower[tag_start..tag_end];
        let Some(k) = lower[tag_end..].find("</script") else {
            break;
        };
        let body_end = tag_end + k;
        if tag.contains("application/ld+json") {
            out.push(&html[tag_end..body_end]);
        }
        from = body_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ld_json_scripts;

    #[test]
    fn finds_ld_json_scripts_only() {
        let html = r#"<html><script>var a = 1;</script><SCRIPT type="application/ld+json">{"a":1}</SCRIPT>
            <script type='application/ld+json' id=x>[2]</script></html>"#;
        assert_eq!(ld_json_scripts(html), vec![r#"{"a":1}"#, "[2]"]);
    }
}
