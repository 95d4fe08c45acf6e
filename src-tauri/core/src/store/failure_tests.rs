//! A write that fails (full disk, read-only library) is reported with its code and leaves the
//! library exactly as it was: every change is one transaction.

use crate::app::Desk;
use crate::error::ErrorCode;
use rusqlite::OpenFlags;
use std::path::{Path, PathBuf};

fn desk_with_claim(dir: &Path) -> (PathBuf, Desk, String, String) {
    let db = dir.join("lib.sqlite3");
    let file = dir.join("a.txt");
    std::fs::write(
        &file,
        "Heading\n\nThe minister said prices rose 12% in May.\n\nThe council voted on Tuesday.",
    )
    .unwrap();
    let mut desk = Desk::open(&db).unwrap();
    let a = desk.open_article(&file).unwrap().article.id;
    let c = desk.add_manual_claim(&a, 9, 50).unwrap().id;
    desk.set_status(&a, &c, "verified").unwrap();
    desk.set_note(&a, &c, "first note").unwrap();
    (db, desk, a, c)
}

/// Everything a user could see of the library.
fn state(desk: &Desk) -> String {
    format!(
        "{:?}\n{:?}\n{:?}",
        desk.list_articles().unwrap(),
        desk.history(None, None, 1000).unwrap(),
        desk.library()
            .conn()
            .query_row("SELECT count(*) FROM claims", [], |r| r.get::<_, i64>(0))
            .unwrap()
    )
}

#[test]
fn a_full_disk_fails_with_a_clear_code_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, mut desk, a, c) = desk_with_claim(dir.path());
    let other = dir.path().join("b.txt");
    std::fs::write(&other, "Another article. ".repeat(5000)).unwrap();
    let before = state(&desk);
    let claim = desk.claim(&a, &c).unwrap();
    // The disk is full: SQLite may not grow the file by a single page.
    let pages: i64 = desk
        .library()
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    desk.library()
        .conn()
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let err = desk
        .set_note(&a, &c, &"a long note ".repeat(20_000))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::LibraryFull, "{err}");
    assert!(
        err.to_string().contains("lib.sqlite3"),
        "names the file: {err}"
    );
    let err = desk.open_article(&other).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LibraryFull, "{err}");
    assert_eq!(state(&desk), before, "no partial write");
    assert_eq!(desk.claim(&a, &c).unwrap(), claim);
    assert_eq!(desk.library().integrity_check().unwrap(), "ok");
    // Space again: work goes on.
    desk.library()
        .conn()
        .pragma_update(None, "max_page_count", 1_000_000_000i64)
        .unwrap();
    desk.set_note(&a, &c, "second note").unwrap();
    assert!(desk.undo().unwrap().next_undo.is_some());
    assert_eq!(desk.claim(&a, &c).unwrap().note, "first note");
}

#[test]
fn a_library_that_cannot_be_written_fails_with_a_clear_code_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut desk, a, c) = desk_with_claim(dir.path());
    let before = state(&desk);
    // As a write-protected file behaves (tests run as root, where permissions do not stop
    // writes): SQLite refuses every write on this connection.
    desk.library()
        .conn()
        .pragma_update(None, "query_only", true)
        .unwrap();
    let err = desk.set_status(&a, &c, "false").unwrap_err();
    assert_eq!(err.code(), ErrorCode::LibraryReadonly, "{err}");
    assert!(
        err.to_string().contains("lib.sqlite3"),
        "names the file: {err}"
    );
    assert_eq!(desk.undo().unwrap_err().code(), ErrorCode::LibraryReadonly);
    assert_eq!(state(&desk), before, "no partial write");
    assert_eq!(desk.claim(&a, &c).unwrap().status, "verified");
    drop(desk);
    // Opened read-only (a write-protected file or folder): refused at once, untouched.
    let bytes = std::fs::read(&db).unwrap();
    let err = match crate::store::Library::open_with(&db, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(_) => panic!("opened a read-only library for writing"),
        Err(e) => e,
    };
    assert_eq!(err.code(), ErrorCode::LibraryReadonly, "{err}");
    assert!(err.to_string().contains("lib.sqlite3"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn a_change_reaches_the_database_file_itself_within_the_flush_interval() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut desk, a, c) = desk_with_claim(dir.path());
    desk.set_note(&a, &c, "flushed note").unwrap();
    // What a power cut would leave: the database file without the write-ahead log.
    let on_disk = || -> Option<String> {
        let uri = format!("file:{}?immutable=1", db.display());
        let conn = rusqlite::Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )
        .ok()?;
        conn.query_row("SELECT note FROM claims WHERE num = ?1", [&c[1..]], |r| {
            r.get(0)
        })
        .ok()
    };
    let deadline = std::time::Instant::now() + super::flush::FLUSH_EVERY * 6;
    while on_disk().as_deref() != Some("flushed note") {
        assert!(
            std::time::Instant::now() < deadline,
            "not checkpointed: {:?}",
            on_disk()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(desk.claim(&a, &c).unwrap().note, "flushed note");
}
