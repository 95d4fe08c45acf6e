//! The parallel Markdown reader against one whole parse. A real file is read on threads only
//! from 256 KB and in pieces of 64 KB, beyond what a fuzzer explores; here the pieces are a few
//! bytes (the first input byte chooses how many), so every join between runs is exercised. A
//! document that differs from the one-pass document in any byte is a finding.
#![no_main]

use factdesk_core::import::markdown_parallel_agrees;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&size, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let min_piece = 1 + usize::from(size % 64);
    if let Err(how) = markdown_parallel_agrees(src, min_piece) {
        panic!("the parallel Markdown reader differs from one pass ({how}) on {src:?}");
    }
});
