//! PDF articles: press releases, reports, court filings. The text is taken from the text
//! layer (pdf-extract over lopdf: pure Rust, MIT), laid out in reading order by `layout`,
//! and every block keeps the page it starts on and its box there.
//!
//! What a PDF can do is bounded before it is parsed (`guard`): inflated streams, nesting and
//! the page count are capped, parsing runs on a thread of its own with a large stack, and a
//! parser panic is caught and reported as a damaged file. Scripts and attachments inside a
//! PDF are never run or extracted: only page content streams are read.

mod glyphs;
mod guard;
mod layout;
#[doc(hidden)]
pub mod write;

use super::dates;
use super::lines::retag_meta_blocks;
use crate::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use glyphs::{Collector, PageGlyphs};
use pdf_extract::{Document as Pdf, Object};
use std::path::Path;

pub use layout::LaidBlock;

/// Glyphs read from one page at most (a page of millions of characters is hostile).
const MAX_GLYPHS_PER_PAGE: usize = 200_000;
/// Glyphs read from the whole document at most (about 80 bytes each in memory): some 600
/// dense pages of text. Pages past it are not read, and the user is told.
const MAX_GLYPHS: usize = 2_000_000;

/// A PDF by its header: at the start (after whitespace or a byte order mark), or, for a file
/// named .pdf, anywhere in the first 1024 bytes (readers accept junk before it). A text
/// article that merely mentions "%PDF-" is not taken for one.
pub fn is_pdf(bytes: &[u8], ext: &str) -> bool {
    let head = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    head[start..].starts_with(b"%PDF-")
        || (ext == "pdf"
            && memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some())
}

/// Reads a PDF into a document, or says why it cannot.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document> {
    match guard::check(bytes) {
        Ok(()) => {}
        Err(guard::Refusal::Inflates(n)) => {
            return Err(CoreError::import(
                path,
                ErrorCode::ImportPdfBomb,
                format!(
                "this PDF's compressed data inflates to over {} MB: it is refused as a PDF bomb",
                n / 1_048_576
            ),
            ))
        }
        Err(guard::Refusal::Nesting(_)) => {
            return Err(CoreError::import(
                path,
                ErrorCode::ImportPdfBomb,
                format!(
                    "this PDF nests objects more than {} deep: it is refused as damaged or hostile",
                    guard::MAX_DEPTH
                ),
            ))
        }
    }
    let owned = bytes.to_vec();
    let parsed = std::thread::Builder::new()
        .name("pdf-reader".into())
        .stack_size(256 * 1024 * 1024)
        .spawn(move || std::panic::catch_unwind(move || parse(&owned)))
        .map_err(|e| CoreError::io(path, e))?
        .join();
    let parsed = match parsed {
        Ok(Ok(r)) => r,
        // A parser panic: the file is not what it claims.
        _ => Err(Failure::Damaged),
    };
    let parsed = parsed.map_err(|f| f.into_error(path))?;
    build(path, parsed, bytes)
}

/// What the parser thread found.
struct Parsed {
    pages: Vec<PageGlyphs>,
    /// Pages that could not be read (1-based).
    failed: Vec<u32>,
    /// The first page not read because the document's text is over [`MAX_GLYPHS`].
    cut_at: Option<u32>,
    meta: Metadata,
}

enum Failure {
    Damaged,
    Encrypted,
    TooManyPages(usize),
}

impl Failure {
    fn into_error(self, path: &Path) -> CoreError {
        match self {
            Failure::Damaged => CoreError::import(
                path,
                ErrorCode::ImportPdfDamaged,
                "this PDF is damaged or truncated and cannot be read",
            ),
            Failure::Encrypted => CoreError::import(
                path,
                ErrorCode::ImportPdfEncrypted,
                "this PDF is encrypted with a password: open it in a PDF viewer, save a copy \
                 without the password, and import that",
            ),
            Failure::TooManyPages(n) => CoreError::import(
                path,
                ErrorCode::ImportPdfBomb,
                format!(
                    "this PDF has {n} pages or more; the limit is {}",
                    guard::MAX_PAGES
                ),
            ),
        }
    }
}

fn parse(bytes: &[u8]) -> std::result::Result<Parsed, Failure> {
    let mut doc = match Pdf::load_mem(bytes) {
        Ok(d) => d,
        Err(pdf_extract::Error::Decryption(_)) => return Err(Failure::Encrypted),
        Err(_) => return Err(Failure::Damaged),
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Failure::Encrypted);
    }
    if doc.is_encrypted() && doc.trailer.get(b"Encrypt").is_ok() && doc.objects.is_empty() {
        return Err(Failure::Encrypted);
    }
    let count = doc.page_iter().take(guard::MAX_PAGES + 1).count();
    if count > guard::MAX_PAGES {
        return Err(Failure::TooManyPages(count));
    }
    if count == 0 {
        return Err(Failure::Damaged);
    }
    let meta = metadata(&doc);
    let mut pages = Vec::with_capacity(count);
    let mut failed = Vec::new();
    let mut budget = MAX_GLYPHS;
    let mut cut_at = None;
    for n in 1..=count as u32 {
        if budget == 0 {
            cut_at = Some(n);
            break;
        }
        let mut c = Collector {
            limit: MAX_GLYPHS_PER_PAGE.min(budget),
            ..Collector::default()
        };
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(&doc, &mut c, n).is_ok()
        }))
        .unwrap_or(false);
        if !ok {
            failed.push(n);
        }
        budget -= c.page.glyphs.len().min(budget);
        pages.push(c.page);
    }
    Ok(Parsed {
        pages,
        failed,
        cut_at,
        meta,
    })
}

/// Title, author and creation date from the document information dictionary.
fn metadata(doc: &Pdf) -> Metadata {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let field = |k: &[u8]| -> Option<String> {
        let o = info?.get(k).ok()?;
        let s = match o {
            Object::String(b, _) => decode_text_string(b),
            _ => return None,
        };
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (!s.is_empty()).then_some(s)
    };
    let title = field(b"Title").filter(|t| !is_generated_title(t));
    Metadata {
        title,
        byline: field(b"Author"),
        published: field(b"CreationDate").and_then(|d| pdf_date(&d)),
        url: None,
    }
}

/// "Microsoft Word - report.docx", "untitled", a file name: not the document's title.
fn is_generated_title(t: &str) -> bool {
    let lc = t.to_lowercase();
    lc.starts_with("microsoft word")
        || lc == "untitled"
        || lc.ends_with(".doc")
        || lc.ends_with(".docx")
        || lc.ends_with(".pdf")
        || lc.ends_with(".indd")
}

/// A PDF text string: UTF-16 with a byte order mark, or PDFDocEncoding (Latin-1 near enough).
fn decode_text_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    b.iter().map(|&c| c as char).collect()
}

/// `D:YYYYMMDDHHmmSS+hh'mm'` as RFC 3339 (or the date alone when the time is missing).
fn pdf_date(s: &str) -> Option<String> {
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let rest = &s[digits.len()..];
    let part = |a: usize, b: usize, default: &str| -> String {
        digits.get(a..b).unwrap_or(default).to_string()
    };
    let (y, mo, d) = (part(0, 4, ""), part(4, 6, "01"), part(6, 8, "01"));
    if digits.len() < 12 {
        return dates::normalize(&format!("{y}-{mo}-{d}"));
    }
    let (h, mi, sec) = (part(8, 10, "00"), part(10, 12, "00"), part(12, 14, "00"));
    let zone = match rest.chars().next() {
        Some('Z') | None => "Z".to_string(),
        Some(sign @ ('+' | '-')) => {
            let z: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
            format!(
                "{sign}{}:{}",
                z.get(0..2).unwrap_or("00"),
                z.get(2..4).unwrap_or("00")
            )
        }
        _ => "Z".to_string(),
    };
    dates::normalize(&format!("{y}-{mo}-{d}T{h}:{mi}:{sec}{zone}"))
}

fn build(path: &Path, parsed: Parsed, bytes: &[u8]) -> Result<Document> {
    let Parsed {
        pages,
        failed,
        cut_at,
        meta,
    } = parsed;
    let without_text: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.glyphs.iter().all(|g| g.text.trim().is_empty()))
        .map(|(i, _)| i as u32 + 1)
        .collect();
    if without_text.len() == pages.len() {
        let (code, message) = if failed.len() == pages.len() {
            (
                ErrorCode::ImportPdfDamaged,
                "this PDF is damaged: none of its pages could be read".to_string(),
            )
        } else {
            (
                ErrorCode::ImportPdfScan,
                "no text layer: this PDF is a scan (its pages are images). Run it through OCR \
                 (for example OCRmyPDF) and import the result"
                    .to_string(),
            )
        };
        return Err(CoreError::import(path, code, message));
    }
    let blocks = layout::lay_out(&pages);
    let mut b = DocumentBuilder::new(Format::Pdf);
    b.reserve(blocks.iter().map(|l| l.text.len() + 2).sum());
    let title_block = blocks.first().filter(|l| l.kind == BlockKind::Title);
    if title_block.is_none() {
        if let Some(t) = &meta.title {
            b.set_page(1, [0.0; 4]);
            b.begin_block(BlockKind::Title, 0);
            b.push_text(t);
        }
    }
    for l in &blocks {
        b.set_page(l.page, l.bbox);
        b.begin_block(l.kind, l.level);
        let mut lines = l.text.split('\n').peekable();
        while let Some(line) = lines.next() {
            b.push_text(line);
            if lines.peek().is_some() {
                b.push_line_break();
            }
        }
    }
    let mut meta = meta;
    let page_title = title_block.map(|l| l.text.split_whitespace().collect::<Vec<_>>().join(" "));
    // The title printed on the page wins over a metadata title that differs from it.
    if page_title.is_some() {
        meta.title = page_title;
    }
    let creation = meta.published.take();
    let mut doc = b.finish(meta, String::new(), bytes);
    retag_meta_blocks(&mut doc);
    if doc.published.is_none() {
        doc.published = creation;
    }
    let mut missing: Vec<u32> = without_text;
    missing.extend(failed);
    missing.sort_unstable();
    missing.dedup();
    if let Some(n) = cut_at {
        doc.warnings.push(format!(
            "the text from page {n} on was not imported: the document has more than {} million characters",
            MAX_GLYPHS / 1_000_000
        ));
    }
    if !missing.is_empty() {
        doc.warnings.push(format!(
            "{} without text (scanned or unreadable) {} not imported: {}",
            if missing.len() == 1 { "page" } else { "pages" },
            if missing.len() == 1 { "was" } else { "were" },
            page_list(&missing)
        ));
    }
    Ok(doc)
}

/// "2, 5–7, 9"
fn page_list(pages: &[u32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(
            pdf_date("D:20241126212000Z").as_deref(),
            Some("2024-11-26T21:20:00Z")
        );
        assert_eq!(
            pdf_date("D:20241126212000+01'00'").as_deref(),
            Some("2024-11-26T21:20:00+01:00")
        );
        assert_eq!(pdf_date("D:20241126").as_deref(), Some("2024-11-26"));
        assert_eq!(pdf_date("yesterday"), None);
    }

    #[test]
    fn sniffing_takes_a_header_not_a_mention() {
        assert!(is_pdf(b"%PDF-1.7\n", "bin"));
        assert!(is_pdf(b"\xef\xbb\xbf \n%PDF-1.4", ""));
        assert!(is_pdf(b"junk junk %PDF-1.4", "pdf"));
        assert!(!is_pdf(b"How the %PDF-1.7 header works", "md"));
    }

    #[test]
    fn page_lists() {
        assert_eq!(page_list(&[2, 5, 6, 7, 9]), "2, 5–7, 9");
        assert_eq!(page_list(&[1]), "1");
    }
}
