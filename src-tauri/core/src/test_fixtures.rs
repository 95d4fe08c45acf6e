//! Where the tests and examples find `tests/fixtures/`. The sample article's files there are
//! made from `../shared` by `make fixtures` (`scripts/sample-fixtures.py`) and never committed
//! (third-party text stays out of the repo), so a test that reads one says what to run when it
//! is missing, instead of failing on "No such file". (`make test` runs `make fixtures` first,
//! which also rewrites them when a template changed.)

use std::path::{Path, PathBuf};

/// The files `make fixtures` writes, relative to `tests/fixtures/`.
pub const GENERATED: [&str; 5] = [
    "sample/trump-kim.txt",
    "sample/trump-kim.md",
    "sample/trump-kim.html",
    "sample/trump-kim.docx",
    "pdf/trump-kim.pdf",
];

/// `tests/fixtures/`.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// `tests/fixtures/REL`. Panics, naming `make fixtures`, when REL is a generated file that is
/// missing.
pub fn path(rel: &str) -> PathBuf {
    let p = dir().join(rel);
    if GENERATED.contains(&rel) && !p.is_file() {
        panic!(
            "tests/fixtures/{rel} is missing: the sample article's fixtures are made from \
             ../shared/samples/trump-kim-direct-talks.txt and are not in git. \
             Run `make fixtures` (python3 scripts/sample-fixtures.py), then the tests again."
        )
    }
    p
}

/// The sample article in one format: `txt`, `md`, `html`, `docx` or `pdf`.
pub fn sample(ext: &str) -> PathBuf {
    if ext == "pdf" {
        path("pdf/trump-kim.pdf")
    } else {
        path(&format!("sample/trump-kim.{ext}"))
    }
}
