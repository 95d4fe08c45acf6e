//! Structure-aware: random bytes rarely make a valid zip, so the `docx` target mostly tests the
//! zip layer. Here the input becomes the XML parts inside a well-formed .docx (document, styles,
//! footnotes, separated by two NUL bytes) and the content of an .odt, so the XML readers see it.
#![no_main]

use factdesk_core::import::{import_bytes, ImportOptions};
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;

fn zip(parts: &[(&str, &[u8])]) -> Option<Vec<u8>> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        w.start_file(*name, opts).ok()?;
        w.write_all(body).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let mut parts: Vec<&[u8]> = vec![data];
    if let Some(i) = data.windows(2).position(|w| w == [0, 0]) {
        let (a, rest) = (&data[..i], &data[i + 2..]);
        parts = vec![a];
        match rest.windows(2).position(|w| w == [0, 0]) {
            Some(j) => parts.extend([&rest[..j], &rest[j + 2..]]),
            None => parts.push(rest),
        }
    }
    let get = |k: usize| parts.get(k).copied().unwrap_or(b"");
    let opts = ImportOptions {
        max_bytes: 1 << 20,
        ..Default::default()
    };
    let content_types: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;
    if let Some(docx) = zip(&[
        ("[Content_Types].xml", content_types),
        ("word/document.xml", get(0)),
        ("word/styles.xml", get(1)),
        ("word/footnotes.xml", get(2)),
    ]) {
        let _ = import_bytes(Path::new("fuzz.docx"), &docx, &opts);
    }
    if let Some(odt) = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", data),
    ]) {
        let _ = import_bytes(Path::new("fuzz.odt"), &odt, &opts);
    }
});
