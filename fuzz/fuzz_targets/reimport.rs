//! Files that claim to be Factdesk exports come from other people too: arbitrary text through
//! the annotated-Markdown and W3C Web Annotation readers. An error is fine; a panic, hang or
//! overflow is a finding.
#![no_main]

use factdesk_core::export::{annotated, w3c};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = annotated::is_annotated(&text);
    let _ = annotated::read(&text);
    let _ = w3c::read(&text);
});
