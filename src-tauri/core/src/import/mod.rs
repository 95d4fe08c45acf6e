//! Reading article files into a [`Document`]: one reader per format behind [`import_path`].
//! The format is sniffed from the bytes, not only the extension.

mod text;

use crate::document::Document;
use crate::error::{CoreError, Result};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files larger than this are refused before they are read.
    pub max_bytes: u64,
}

pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Reads and imports one file. Every failure names the file and the problem.
pub fn import_path(path: &Path, opts: &ImportOptions) -> Result<Document> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CoreError::import(path, "import.missing", "no such file"),
        std::io::ErrorKind::PermissionDenied => CoreError::import(
            path,
            "import.permission",
            "permission denied: the file cannot be read",
        ),
        _ => CoreError::io(path, e),
    })?;
    if meta.is_dir() {
        return Err(CoreError::import(
            path,
            "import.folder",
            "this is a folder, not an article file",
        ));
    }
    if meta.len() > opts.max_bytes {
        return Err(CoreError::import(
            path,
            "import.too_large",
            format!(
                "the file is {} MB; the limit is {} MB",
                meta.len() / 1_000_000,
                opts.max_bytes / 1_000_000
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => CoreError::import(
            path,
            "import.permission",
            "permission denied: the file cannot be read",
        ),
        _ => CoreError::io(path, e),
    })?;
    import_bytes(path, &bytes, opts)
}

/// Imports bytes already in memory; `path` names them in errors and guides sniffing.
pub fn import_bytes(path: &Path, bytes: &[u8], opts: &ImportOptions) -> Result<Document> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(CoreError::import(
            path,
            "import.too_large",
            "the file is over the size limit",
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(CoreError::import(path, "import.empty", "the file is empty"));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| CoreError::import(path, "import.encoding", "the file is not valid UTF-8 text"),
    )?;
    Ok(text::read(text, bytes))
}
