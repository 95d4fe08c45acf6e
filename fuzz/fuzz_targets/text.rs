//! Untrusted bytes through the text reader (the .txt extension steers sniffing; the bytes may
//! still be sniffed as another format, which is part of what is tested). Any result is fine;
//! a panic, hang or overflow is a finding.
#![no_main]

use factdesk_core::import::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let opts = ImportOptions {
        max_bytes: 1 << 20,
        ..Default::default()
    };
    let _ = import_bytes(Path::new("fuzz.txt"), data, &opts);
});
