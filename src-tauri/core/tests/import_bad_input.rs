//! Every kind of bad file gets a one-line error naming the file and the problem, with a
//! stable code, and never a panic.

use factdesk_core::import::{import_bytes, import_path, ImportOptions};
use factdesk_core::ErrorCode;
use std::path::{Path, PathBuf};

fn code_of(path: &str, bytes: &[u8]) -> String {
    let err = import_bytes(Path::new(path), bytes, &ImportOptions::default())
        .expect_err("bad input must be refused");
    let msg = err.to_string();
    assert!(msg.starts_with(path), "message must name the file: {msg}");
    assert!(!msg.contains('\n'), "message must be one line: {msg}");
    err.code().to_string()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factdesk-import-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn empty_and_whitespace_files() {
    assert_eq!(code_of("empty.txt", b""), "import.empty");
    assert_eq!(code_of("blank.md", b" \n\r\n\t "), "import.empty");
    assert_eq!(code_of("bom.txt", b"\xEF\xBB\xBF\n"), "import.empty");
}

#[test]
fn binary_files_are_named() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
    assert_eq!(code_of("photo.txt", png), "import.binary");
    let err = import_bytes(Path::new("photo.txt"), png, &ImportOptions::default()).unwrap_err();
    assert!(err.to_string().contains("PNG image"), "{err}");
    let elf = std::fs::read("/proc/self/exe").unwrap();
    assert_eq!(
        code_of("prog", &elf[..elf.len().min(1 << 20)]),
        "import.binary"
    );
    let random_controls: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 32) as u8).collect();
    assert_eq!(code_of("noise.bin", &random_controls), "import.binary");
}

#[test]
fn over_the_size_limit() {
    let opts = ImportOptions {
        max_bytes: 1000,
        ..Default::default()
    };
    let big = vec![b'a'; 1001];
    let err = import_bytes(Path::new("big.txt"), &big, &opts).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportTooLarge);
    let dir = tempdir("large");
    let p = dir.join("big.txt");
    std::fs::write(&p, &big).unwrap();
    let err = import_path(&p, &opts).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportTooLarge);
    assert!(err.to_string().contains("limit"), "{err}");
}

#[test]
fn invalid_utf8_that_is_no_legacy_encoding() {
    let mut b = b"Headline\n".to_vec();
    for i in 0..300u32 {
        b.extend_from_slice(&[0x81, 0x8D, (i % 20) as u8 + 1, 0x9D]);
    }
    assert_eq!(code_of("broken.txt", &b), "import.encoding");
}

#[test]
fn docx_that_is_not_a_zip() {
    assert_eq!(
        code_of("letter.docx", b"Dear editor, this is text."),
        "import.not_zip"
    );
}

#[test]
fn nul_bytes() {
    assert_eq!(
        code_of("nul.txt", b"Headline\nStory with a \x00 in it.\n"),
        "import.nul"
    );
}

#[test]
fn ten_megabyte_line_without_newline_imports() {
    let line = "word ".repeat(2 * 1024 * 1024);
    let doc = import_bytes(
        Path::new("long.txt"),
        line.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(doc.text.len(), line.trim_end().len());
}

#[test]
fn folder_missing_and_unreadable() {
    let dir = tempdir("paths");
    let err = import_path(&dir, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportFolder);
    let missing = dir.join("nope.txt");
    let err = import_path(&missing, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportMissing);
    assert!(err.to_string().starts_with(&missing.display().to_string()));

    let locked = dir.join("locked.txt");
    std::fs::write(&locked, "Headline\nText.\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads a mode-000 file anyway (CI runs as root), so only then is the mapping of the
    // OS error checked directly instead of through the file system.
    if std::fs::read(&locked).is_err() {
        let err = import_path(&locked, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ImportPermission);
    } else {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let err = factdesk_core::import::io_error(&locked, denied);
        assert_eq!(err.code(), ErrorCode::ImportPermission);
        assert!(err.to_string().starts_with(&locked.display().to_string()));
    }
}

#[test]
fn html_nested_100_000_deep_is_refused_without_overflow() {
    let html = format!(
        "<!doctype html><html><body>{}text",
        "<div><b>".repeat(50_000)
    );
    assert_eq!(code_of("deep.html", html.as_bytes()), "import.too_deep");
}

#[test]
fn a_plain_zip_is_not_an_article() {
    assert_eq!(
        code_of(
            "archive.zip",
            b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
        ),
        "import.unsupported"
    );
}
