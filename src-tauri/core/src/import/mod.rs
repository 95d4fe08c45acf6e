//! Reading article files into a [`Document`]: one reader per format behind [`import_path`].
//! The format is sniffed from the bytes, not only the extension.
//!
//! Every refusal is a [`CoreError::Import`] naming the file, with a stable code:
//! `import.missing`, `import.permission`, `import.folder`, `import.too_large`, `import.empty`,
//! `import.binary`, `import.nul`, `import.encoding`, `import.not_zip`, `import.zip_bomb`,
//! `import.zip`, `import.xml`, `import.unsupported`, `import.too_deep`, `import.html`, `import.no_text`,
//! and for PDF `import.pdf_scan`, `import.pdf_encrypted`, `import.pdf_damaged`, `import.pdf_bomb`.

mod dates;
mod decode;
mod docx;
mod html;
mod lines;
mod markdown;
mod md_split;
pub mod pdf;
mod sniff;
mod text;

use crate::document::{Document, Format};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files larger than this are refused before they are read.
    pub max_bytes: u64,
    /// How many threads parse a long Markdown file. `None`: one per core for a file over
    /// [`MARKDOWN_PARALLEL_MIN_BYTES`], one for a smaller one. `Some(n)`: up to `n` (never more
    /// than one per ~64 KB piece). The document is the same whatever the number.
    pub threads: Option<usize>,
}

#[cfg(fuzzing)]
pub use markdown::parallel_agrees as markdown_parallel_agrees;
pub use markdown::PARALLEL_MIN_BYTES as MARKDOWN_PARALLEL_MIN_BYTES;

pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            threads: None,
        }
    }
}

/// The line that marks where page `page` of a paged source begins, in Factdesk's Markdown.
pub fn page_marker(page: u32) -> String {
    format!("<!-- page {page} -->")
}

/// The page of a [`page_marker`] line (surrounding whitespace allowed), or `None`.
pub fn parse_page_marker(s: &str) -> Option<u32> {
    let n = s.trim().strip_prefix("<!-- page ")?.strip_suffix(" -->")?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n.parse().ok().filter(|&p| p > 0)
}

/// Reads and imports one file. Every failure names the file and the problem.
pub fn import_path(path: &Path, opts: &ImportOptions) -> Result<Document> {
    let bytes = read_file(path, opts, |_| {})?;
    import_bytes(path, &bytes, opts)
}

/// Reads an article file's bytes (refusing folders and files over the limit before reading),
/// telling `progress` the share read so far (0–1).
pub fn read_file(
    path: &Path,
    opts: &ImportOptions,
    mut progress: impl FnMut(f32),
) -> Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_dir() {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportFolder,
            "this is a folder, not an article file",
        ));
    }
    if meta.len() > opts.max_bytes {
        return Err(too_large(path, meta.len(), opts));
    }
    let mut file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let expected = meta.len().max(1) as f32;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(path, e)),
        };
        bytes.extend_from_slice(&chunk[..n]);
        // A file that grows while it is read is still held to the limit.
        if bytes.len() as u64 > opts.max_bytes {
            return Err(too_large(path, bytes.len() as u64, opts));
        }
        progress(bytes.len() as f32 / expected);
    }
    Ok(bytes)
}

/// The import error for an OS error on `path` (missing, permission, folder).
pub fn io_error(path: &Path, e: std::io::Error) -> CoreError {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            CoreError::import(path, ErrorCode::ImportMissing, "no such file")
        }
        std::io::ErrorKind::PermissionDenied => CoreError::import(
            path,
            ErrorCode::ImportPermission,
            "permission denied: the file cannot be read",
        ),
        std::io::ErrorKind::IsADirectory => CoreError::import(
            path,
            ErrorCode::ImportFolder,
            "this is a folder, not an article file",
        ),
        _ => CoreError::io(path, e),
    }
}

fn too_large(path: &Path, len: u64, opts: &ImportOptions) -> CoreError {
    CoreError::import(
        path,
        ErrorCode::ImportTooLarge,
        format!(
            "the file is {:.1} MB; the limit is {:.1} MB",
            len as f64 / 1_048_576.0,
            opts.max_bytes as f64 / 1_048_576.0
        ),
    )
}

/// Imports bytes already in memory; `path` names them in errors and guides sniffing.
pub fn import_bytes(path: &Path, bytes: &[u8], opts: &ImportOptions) -> Result<Document> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(too_large(path, bytes.len() as u64, opts));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportEmpty,
            "the file is empty",
        ));
    }
    let ext = sniff::extension(path);
    if pdf::is_pdf(bytes, &ext) {
        return finish(path, pdf::read(path, bytes)?);
    }
    if ext == "pdf" {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportPdfDamaged,
            "this .pdf file is damaged or not a real PDF (it has no PDF header)",
        ));
    }
    if sniff::is_zip(bytes) {
        return finish(path, docx::read(path, bytes, opts.max_bytes)?);
    }
    if matches!(ext.as_str(), "docx" | "odt") {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportNotZip,
            format!("this .{ext} file is damaged or not a real .{ext} (it is not a zip archive)"),
        ));
    }
    let decoded = decode::decode(path, bytes)?;
    if decoded.trim().is_empty() {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportEmpty,
            "the file has no text",
        ));
    }
    let doc = match sniff::text_format(&decoded, &ext) {
        // Markdown keeps its source as decoded: export inserts into those very bytes.
        Format::Markdown => markdown::read(decoded, bytes, opts.threads),
        Format::Html => html::read(path, decode::normalize_newlines(decoded), bytes)?,
        Format::Text | Format::Docx | Format::Odt | Format::Pdf => {
            text::read(&decode::normalize_newlines(decoded), bytes)
        }
    };
    finish(path, doc)
}

fn finish(path: &Path, doc: Document) -> Result<Document> {
    if doc.text.trim().is_empty() {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportNoText,
            format!("no article text found in this {} file", doc.format.as_str()),
        ));
    }
    Ok(doc)
}
