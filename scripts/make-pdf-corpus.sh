#!/usr/bin/env bash
# Writes the PDF test corpus into tests/fixtures/pdf/ from the project's own fixtures
# (src-tauri/core/examples/pdf_corpus.rs), then encrypts one file with a user password using
# qpdf (Debian's `qpdf`, Apache-2.0; needed only to regenerate the corpus, not to test).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/pdf
# trump-kim.pdf is made from the sample article's .md, itself made from ../shared (git-ignored).
python3 scripts/sample-fixtures.py
cargo run -q -p factdesk-core --example pdf_corpus -- "$out"
qpdf --encrypt secret secret 256 -- "$out/to-encrypt.pdf" "$out/encrypted.pdf"
rm "$out/to-encrypt.pdf"
ls -l "$out"
