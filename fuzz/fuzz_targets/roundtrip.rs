//! The lossless promise, under arbitrary Markdown: import it with the real reader, take the
//! claims Factdesk proposes (with notes and statuses drawn from the input), export annotated
//! Markdown and read it back. The claims must come back exactly and, for a Markdown article,
//! the source byte for byte (but for a leading byte order mark, which the export drops). A mismatch (an assert) is a finding, as is a panic or hang.
#![no_main]

use factdesk_core::app::proposed_claims;
use factdesk_core::document::Format;
use factdesk_core::export::{annotated, export, ArticleMeta, Check, ExportFormat, ExportOptions};
use factdesk_core::import::{import_bytes, ImportOptions};
use factdesk_core::model::StatusDef;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const STATUSES: [&str; 5] = ["unchecked", "verified", "disputed", "false", "unverifiable"];

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let opts = ImportOptions {
        max_bytes: 1 << 20,
        ..Default::default()
    };
    let Ok(doc) = import_bytes(Path::new("fuzz.md"), data, &opts) else {
        return;
    };
    // Notes reuse pieces of the input, so comment closers and footnote syntax end up in them.
    let claims: Vec<_> = proposed_claims(&doc)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let mut r = c.into_record(i as i64 + 1, "2024-11-27T10:00:00Z");
            r.status = STATUSES[i % STATUSES.len()].into();
            r.note = src.chars().skip(i * 7).take(40).collect();
            r.dismissed = i % 4 == 3;
            r
        })
        .collect();
    let statuses = StatusDef::defaults();
    let article = ArticleMeta::from_document(&doc);
    let check = Check {
        doc: &doc,
        claims: &claims,
        statuses: &statuses,
        article: &article,
        checker: Some("Fuzz"),
        date: "2024-11-27T10:00:00Z",
    };
    let summary = data.first().is_some_and(|b| b & 1 == 1);
    let out_opts = ExportOptions { summary, ..ExportOptions::default() };
    let md = match export(&check, ExportFormat::AnnotatedMd, &out_opts) {
        Ok(md) => md,
        Err(e) => panic!("export failed on an imported article: {e}"),
    };
    let back = match annotated::read(&md) {
        Ok(back) => back,
        Err(e) => panic!("our own export does not read back: {e}"),
    };
    assert_eq!(back.claims, claims, "claims changed in the round trip");
    if doc.format == Format::Markdown {
        // The export is UTF-8 without a byte order mark; everything after it comes back.
        let expected = src.strip_prefix('\u{feff}').unwrap_or(src);
        assert_eq!(back.source, expected, "the Markdown source changed in the round trip");
        assert!(back.intact);
    }
});
