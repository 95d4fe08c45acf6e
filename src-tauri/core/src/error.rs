//! One error type for the whole engine. Every variant has a stable [`ErrorCode`] for the UI
//! and scripts, and a one-line message that names the file and the problem.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// Declares [`ErrorCode`] with each code's wire string once: serde's name, `as_str` and `ALL`.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:tt,)*) => {
        /// What went wrong, for machines: the window (the TypeScript union `ErrorCode`, in
        /// `IpcError.code`) and tests. The wire form is the string (`"library.corrupt"`); it
        /// never changes for a code that exists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[ts(export)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The wire string (what serde writes).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// Nothing of that id or name (article, claim, source, archive).
    NotFound = "not_found",
    /// A request that cannot be carried out as asked (bad id, span, setting…).
    Invalid = "invalid",
    /// The library refused a change for a reason of its own (SQLite).
    Library = "library",
    /// Reading or writing a file failed.
    Io = "io",
    /// The window's own plumbing failed (a dialog, a background task).
    Internal = "internal",
    /// The system could not open a link in the browser.
    OpenLink = "open_link",
    /// The file is not there.
    ImportMissing = "import.missing",
    /// A folder was named, not a file.
    ImportFolder = "import.folder",
    /// The file may not be read.
    ImportPermission = "import.permission",
    /// The file is over the size an article may have.
    ImportTooLarge = "import.too_large",
    /// The file is empty (or holds only white space).
    ImportEmpty = "import.empty",
    /// The file is not text (nor a format Factdesk reads).
    ImportBinary = "import.binary",
    /// The text's encoding could not be told or decoded.
    ImportEncoding = "import.encoding",
    /// The text holds NUL characters.
    ImportNul = "import.nul",
    /// A format Factdesk does not read (e.g. an old .doc).
    ImportUnsupported = "import.unsupported",
    /// Read, but no article text was found.
    ImportNoText = "import.no_text",
    /// The page could not be read as HTML.
    ImportHtml = "import.html",
    /// Elements nested deeper than allowed.
    ImportTooDeep = "import.too_deep",
    /// A Word or OpenDocument part is not well-formed XML.
    ImportXml = "import.xml",
    /// A Word or OpenDocument archive is damaged.
    ImportZip = "import.zip",
    /// A .docx or .odt that is not a zip archive.
    ImportNotZip = "import.not_zip",
    /// An archive that would decompress past the limit.
    ImportZipBomb = "import.zip_bomb",
    /// A PDF whose streams or nesting go past the limits.
    ImportPdfBomb = "import.pdf_bomb",
    /// A PDF that cannot be read.
    ImportPdfDamaged = "import.pdf_damaged",
    /// A PDF protected by a password.
    ImportPdfEncrypted = "import.pdf_encrypted",
    /// A PDF with no text (a scan: OCR it first).
    ImportPdfScan = "import.pdf_scan",
    /// A Factdesk export whose record cannot be read back.
    ImportExportRecord = "import.export_record",
    /// The archive file is empty.
    ArchiveEmpty = "archive.empty",
    /// Not a format of fact-check archive Factdesk reads.
    ArchiveFormat = "archive.format",
    /// The archive file cannot be read.
    ArchiveIo = "archive.io",
    /// No ClaimReview in the file.
    ArchiveNoClaimreview = "archive.no_claimreview",
    /// No record of the file could be imported.
    ArchiveNoValidRecord = "archive.no_valid_record",
    /// The archive is not valid JSON.
    ArchiveSyntax = "archive.syntax",
    /// The archive, or one record, is over the size allowed.
    ArchiveTooLarge = "archive.too_large",
    /// The archive ends in the middle of a record.
    ArchiveTruncated = "archive.truncated",
    /// The library file is damaged (the window offers to restore a backup).
    LibraryCorrupt = "library.corrupt",
    /// The library file or its folder cannot be written.
    LibraryReadonly = "library.readonly",
    /// The disk is full.
    LibraryFull = "library.full",
    /// Another process held the library too long.
    LibraryBusy = "library.busy",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{path}: {message}")]
    Import {
        path: PathBuf,
        code: ErrorCode,
        message: String,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("library: {0}")]
    Library(String),
    /// The library file itself is in trouble: damaged (`library.corrupt`), not writable
    /// (`library.readonly`), the disk is full (`library.full`), or another process held it
    /// too long (`library.busy`). `path` is empty when SQLite reported it mid-query.
    #[error("{}{message}", path_prefix(path))]
    LibraryFile {
        path: PathBuf,
        code: ErrorCode,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl CoreError {
    /// Stable machine-readable code (`import.empty`, `not_found`, …) for the UI and `--json`.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Import { code, .. } => *code,
            CoreError::NotFound(_) => ErrorCode::NotFound,
            CoreError::Invalid(_) => ErrorCode::Invalid,
            CoreError::Library(_) => ErrorCode::Library,
            CoreError::LibraryFile { code, .. } => *code,
            CoreError::Io { .. } => ErrorCode::Io,
        }
    }

    pub fn import(path: impl Into<PathBuf>, code: ErrorCode, message: impl Into<String>) -> Self {
        CoreError::Import {
            path: path.into(),
            code,
            message: message.into(),
        }
    }

    pub fn library_file(
        path: impl Into<PathBuf>,
        code: ErrorCode,
        message: impl Into<String>,
    ) -> Self {
        CoreError::LibraryFile {
            path: path.into(),
            code,
            message: message.into(),
        }
    }

    /// Names the library file in an error SQLite reported without it.
    pub fn in_library(self, library: &std::path::Path) -> Self {
        match self {
            CoreError::LibraryFile {
                path,
                code,
                message,
            } if path.as_os_str().is_empty() => CoreError::LibraryFile {
                path: library.to_path_buf(),
                code,
                message,
            },
            e => e,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CoreError::Io {
            path: path.into(),
            source,
        }
    }
}

fn path_prefix(path: &std::path::Path) -> String {
    if path.as_os_str().is_empty() {
        "library: ".into()
    } else {
        format!("{}: ", path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wire strings the UI and scripts match on: changing one breaks them.
    const WIRE: &[&str] = &[
        "not_found",
        "invalid",
        "library",
        "io",
        "internal",
        "open_link",
        "import.missing",
        "import.folder",
        "import.permission",
        "import.too_large",
        "import.empty",
        "import.binary",
        "import.encoding",
        "import.nul",
        "import.unsupported",
        "import.no_text",
        "import.html",
        "import.too_deep",
        "import.xml",
        "import.zip",
        "import.not_zip",
        "import.zip_bomb",
        "import.pdf_bomb",
        "import.pdf_damaged",
        "import.pdf_encrypted",
        "import.pdf_scan",
        "import.export_record",
        "archive.empty",
        "archive.format",
        "archive.io",
        "archive.no_claimreview",
        "archive.no_valid_record",
        "archive.syntax",
        "archive.too_large",
        "archive.truncated",
        "library.corrupt",
        "library.readonly",
        "library.full",
        "library.busy",
    ];

    #[test]
    fn codes_serialize_to_their_known_strings_and_back() {
        let wire: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(wire, WIRE);
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn every_error_has_a_code() {
        let io = || std::io::Error::other("x");
        let cases = [
            (
                CoreError::import("a.txt", ErrorCode::ImportEmpty, "x"),
                "import.empty",
            ),
            (CoreError::NotFound("x".into()), "not_found"),
            (CoreError::Invalid("x".into()), "invalid"),
            (CoreError::Library("x".into()), "library"),
            (
                CoreError::library_file("", ErrorCode::LibraryCorrupt, "x"),
                "library.corrupt",
            ),
            (CoreError::io("a.txt", io()), "io"),
        ];
        for (e, wire) in cases {
            // A new variant must be added here: this match has no catch-all.
            match &e {
                CoreError::Import { .. }
                | CoreError::NotFound(_)
                | CoreError::Invalid(_)
                | CoreError::Library(_)
                | CoreError::LibraryFile { .. }
                | CoreError::Io { .. } => {}
            }
            assert_eq!(e.code().as_str(), wire, "{e}");
            assert!(ErrorCode::ALL.contains(&e.code()));
        }
    }
}
