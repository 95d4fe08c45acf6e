//! Bytes to text: byte-order marks, UTF-16, UTF-8, and legacy encodings guessed with chardetng.
//! Refuses binary files and text that no encoding explains, instead of showing mojibake.

use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use std::path::Path;

/// Decodes a text file. Line endings are left as they are (Markdown keeps its source bytes).
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|e| {
            CoreError::import(
                path,
                ErrorCode::ImportEncoding,
                format!(
                    "the file starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to() + 3
                ),
            )
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_strict(path, UTF_16LE, rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_strict(path, UTF_16BE, rest);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportBinary,
            format!("this is {kind}, not an article"),
        ));
    }
    if let Some(enc) = bom_less_utf16(bytes) {
        return decode_strict(path, enc, bytes);
    }
    if let Some(at) = memchr0(bytes) {
        if looks_binary(bytes) {
            return Err(CoreError::import(
                path,
                ErrorCode::ImportBinary,
                "this is a binary file, not an article",
            ));
        }
        return Err(CoreError::import(
            path,
            ErrorCode::ImportNul,
            format!("the file contains NUL bytes (first at byte {at}): it is not plain text"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => decode_legacy(path, bytes),
    }
}

fn decode_strict(path: &Path, enc: &'static Encoding, bytes: &[u8]) -> Result<String> {
    let text = enc
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| {
            CoreError::import(
                path,
                ErrorCode::ImportEncoding,
                format!("the file is marked as {} but is not valid", enc.name()),
            )
        })?;
    if text.contains('\0') {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportNul,
            "the file contains NUL characters: it is not plain text",
        ));
    }
    Ok(text.into_owned())
}

/// Not UTF-8: ask chardetng, and accept its guess only when the result reads like text.
fn decode_legacy(path: &Path, bytes: &[u8]) -> Result<String> {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let (enc, plausible) = det.guess_assess(None, false);
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes);
    match text {
        Some(t) if plausible && reads_like_text(&t) => Ok(t.into_owned()),
        _ => Err(CoreError::import(
            path,
            ErrorCode::ImportEncoding,
            "the text is neither UTF-8 nor a known legacy encoding",
        )),
    }
}

/// Legacy decoders map almost any byte to something; real text has (almost) no control
/// characters, while random or corrupted bytes decode to many of them.
fn reads_like_text(s: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in s.chars() {
        total += 1;
        let control = (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            || c == '\u{fffd}'
            || ('\u{e000}'..='\u{f8ff}').contains(&c);
        if control {
            bad += 1;
        }
    }
    bad * 200 <= total
}

fn memchr0(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

/// UTF-16 without a byte-order mark: ASCII-heavy text has a NUL in every other byte.
fn bom_less_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = head.len() / 2;
    let (mut even0, mut odd0) = (0, 0);
    for p in head.chunks_exact(2) {
        even0 += usize::from(p[0] == 0);
        odd0 += usize::from(p[1] == 0);
    }
    if odd0 * 10 >= pairs * 6 && even0 == 0 {
        Some(UTF_16LE)
    } else if even0 * 10 >= pairs * 6 && odd0 == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 10 > head.len()
}

/// Well-known binary formats, named so the message tells the user what they opened.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"%PDF-", "a PDF file"),
        (b"\x7FELF", "an executable (ELF)"),
        (b"\xCF\xFA\xED\xFE", "an executable (Mach-O)"),
        (b"\xCA\xFE\xBA\xBE", "an executable or Java class file"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"BZh", "a bzip2 archive"),
        (b"\xFD7zXZ\x00", "an xz archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
        (b"SQLite format 3\x00", "an SQLite database"),
        (b"\x00asm", "a WebAssembly module"),
        (b"OggS", "an Ogg audio or video file"),
        (b"ID3", "an MP3 audio file"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Office file (.doc): save it as .docx",
        ),
        (b"{\\rtf", "an RTF file: save it as .docx or plain text"),
    ];
    for (magic, kind) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(kind);
        }
    }
    if bytes.starts_with(b"RIFF") && bytes.len() >= 12 {
        return Some("a RIFF media file (image, audio or video)");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("an MP4/QuickTime media file");
    }
    // "MZ" also starts some words; a PE header has binary bytes right after it.
    if bytes.starts_with(b"MZ") && bytes.len() >= 64 && bytes[2..64].contains(&0) {
        return Some("a Windows executable");
    }
    None
}

/// CRLF and lone CR become LF.
pub fn normalize_newlines(s: String) -> String {
    if !s.contains('\r') {
        return s;
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(b: &[u8]) -> Result<String> {
        decode(Path::new("a.txt"), b)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(dec("caf\u{e9}".as_bytes()).unwrap(), "caf\u{e9}");
        assert_eq!(dec(b"\xEF\xBB\xBFcaf\xC3\xA9").unwrap(), "caf\u{e9}");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Kim’s talks".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Kim’s talks".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(dec(&le).unwrap(), "Kim’s talks");
        assert_eq!(dec(&be).unwrap(), "Kim’s talks");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "Plain headline\nBody text here."
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(dec(&le).unwrap(), "Plain headline\nBody text here.");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Café says “hello” – naïve" in windows-1252.
        let b =
            b"Caf\xE9 says \x93hello\x94 \x96 na\xEFve r\xE9sum\xE9 d\xE9j\xE0 vu, the d\xE9but.";
        assert_eq!(
            dec(b).unwrap(),
            "Café says “hello” – naïve résumé déjà vu, the début."
        );
    }

    #[test]
    fn garbage_bytes_are_refused_with_encoding_error() {
        let b: Vec<u8> = (0..400u32)
            .map(|i| [0x81u8, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0xC3][i as usize % 8])
            .collect();
        let e = dec(&b).unwrap_err();
        assert!(
            matches!(
                e.code(),
                ErrorCode::ImportEncoding | ErrorCode::ImportBinary
            ),
            "{e}"
        );
    }

    #[test]
    fn nul_bytes_in_text_are_refused() {
        let e = dec(b"Headline\nSome text\x00 with a NUL in the middle of the story.").unwrap_err();
        assert_eq!(e.code(), ErrorCode::ImportNul);
        assert!(e.to_string().contains("byte 18"), "{e}");
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n".into()), "a\nb\nc\n");
    }
}
