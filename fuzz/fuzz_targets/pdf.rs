//! Untrusted bytes through the PDF reader: the guard (inflate caps, nesting), lopdf and
//! pdf-extract (their panics are caught and reported as a damaged file, so the panic hook here
//! does not abort on them), and Factdesk's layout (whose panics reach libFuzzer: a finding).
//! Any result is fine; a crash, hang, overflow or unbounded memory is a finding.
#![no_main]

use factdesk_core::import::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::Once;

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts in its panic hook; the reader catches the PDF parsers' panics on
    // purpose, so the hook must not abort. A panic that escapes is still caught by
    // libfuzzer-sys and aborts there.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let opts = ImportOptions {
        max_bytes: 1 << 20,
        ..Default::default()
    };
    let _ = import_bytes(Path::new("fuzz.pdf"), data, &opts);
});
