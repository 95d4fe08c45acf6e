//! One error type for the whole engine. Every variant has a stable `code` for the UI and
//! scripts, and a one-line message that names the file and the problem.

use std::path::PathBuf;

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{path}: {message}")]
    Import {
        path: PathBuf,
        code: &'static str,
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
        code: &'static str,
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
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Import { code, .. } => code,
            CoreError::NotFound(_) => "not_found",
            CoreError::Invalid(_) => "invalid",
            CoreError::Library(_) => "library",
            CoreError::LibraryFile { code, .. } => code,
            CoreError::Io { .. } => "io",
        }
    }

    pub fn import(
        path: impl Into<PathBuf>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        CoreError::Import {
            path: path.into(),
            code,
            message: message.into(),
        }
    }

    pub fn library_file(
        path: impl Into<PathBuf>,
        code: &'static str,
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
