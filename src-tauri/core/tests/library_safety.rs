//! A damaged library is refused with `library.corrupt` and left byte for byte as it was; the
//! daily automatic backups can be restored (by the app layer and `factdesk restore-backup`),
//! keeping the damaged file aside.

use factdesk_core::app::{self, Desk};
use factdesk_core::cli::{dispatch, Launch};
use factdesk_core::ErrorCode;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ARTICLE: &str = "Trump and Kim to meet again\n\n\
The two leaders will meet in Hanoi, the first summit since Singapore in 2018.\n\n\
Prices in Pyongyang rose 12% last year, according to the Bank of Korea.";

/// A library with one article and a claim marked `status`; returns (db, article, claim).
fn library(dir: &Path, status: &str) -> (PathBuf, String, String) {
    let db = dir.join("lib.sqlite3");
    let file = dir.join("article.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    let mut desk = Desk::open(&db).unwrap();
    let a = desk.open_article(&file).unwrap().article.id;
    let text = desk.article_view(&a).unwrap().text;
    let b = text.find("meet in Hanoi").unwrap();
    let s = text[..b].chars().count() as u32;
    let c = desk.add_manual_claim(&a, s, s + 13).unwrap().id;
    desk.set_status(&a, &c, status).unwrap();
    (db, a, c)
}

fn open_err(db: &Path) -> factdesk_core::CoreError {
    match Desk::open(db) {
        Ok(_) => panic!("{} opened", db.display()),
        Err(e) => e,
    }
}

#[test]
fn a_library_with_a_garbage_header_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, _) = library(dir.path(), "verified");
    let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    f.write_all(&[0xA5; 100]).unwrap();
    drop(f);
    let before = std::fs::read(&db).unwrap();
    let err = open_err(&db);
    assert_eq!(err.code(), ErrorCode::LibraryCorrupt);
    assert!(err.to_string().contains(&db.display().to_string()), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "never written to");
    // Also after a second attempt (the window retrying).
    assert_eq!(open_err(&db).code(), ErrorCode::LibraryCorrupt);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_truncated_library_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, _) = library(dir.path(), "verified");
    let len = std::fs::metadata(&db).unwrap().len();
    assert!(len >= 3 * 4096, "a library of several pages ({len})");
    for cut in [len - 4096, len / 2, 1000, 60] {
        let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.set_len(cut).unwrap();
        drop(f);
        let before = std::fs::read(&db).unwrap();
        let err = open_err(&db);
        assert_eq!(err.code(), ErrorCode::LibraryCorrupt, "cut at {cut}: {err}");
        assert!(err.to_string().contains("truncated"), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "cut at {cut}");
    }
}

#[test]
fn damage_inside_the_file_is_reported_as_corrupt_not_as_a_generic_error() {
    let dir = tempfile::tempdir().unwrap();
    let (db, a, _) = library(dir.path(), "verified");
    // Every page after the first overwritten: the header is fine, the tables are not.
    let len = std::fs::metadata(&db).unwrap().len();
    let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    f.seek(SeekFrom::Start(4096)).unwrap();
    f.write_all(&vec![0x5A; (len - 4096) as usize]).unwrap();
    drop(f);
    let before = std::fs::read(&db).unwrap();
    let err = match Desk::open(&db) {
        Err(e) => e,
        // The schema page survived: the first read of a table fails instead.
        Ok(desk) => desk.claims(&a).unwrap_err(),
    };
    assert_eq!(err.code(), ErrorCode::LibraryCorrupt, "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn the_first_open_of_a_day_backs_up_and_restoring_brings_the_backup_back() {
    let dir = tempfile::tempdir().unwrap();
    let (db, a, c) = library(dir.path(), "verified");
    assert_eq!(app::latest_backup(&db), None, "nothing backed up before");
    let none = app::restore_library(&db, None).unwrap_err();
    assert_eq!(none.code(), ErrorCode::NotFound, "{none}");
    assert!(app::set_aside_files(&db).is_empty(), "nothing moved");
    // The next open (the next start of the app) makes today's backup, once.
    let mut desk = Desk::open(&db).unwrap();
    assert!(desk.backup_error().is_none());
    let backup = app::latest_backup(&db).expect("a backup");
    let day = chrono::Local::now().format("%Y%m%d").to_string();
    assert_eq!(
        backup,
        dir.path()
            .join("backups")
            .join(format!("lib-{day}.sqlite3"))
    );
    let stamp = std::fs::read(&backup).unwrap();
    desk.set_status(&a, &c, "disputed").unwrap();
    drop(desk);
    drop(Desk::open(&db).unwrap());
    assert_eq!(std::fs::read(&backup).unwrap(), stamp, "one backup a day");

    // The library is damaged; restore.
    let mut f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    f.write_all(b"garbage garbage garbage garbage").unwrap();
    drop(f);
    let damaged = std::fs::read(&db).unwrap();
    assert_eq!(open_err(&db).code(), ErrorCode::LibraryCorrupt);
    let done = app::restore_library(&db, None).unwrap();
    assert_eq!(done.backup, backup.to_string_lossy());
    let kept = app::set_aside_files(&db);
    assert_eq!(kept.len(), 1);
    assert_eq!(done.kept, [kept[0].to_string_lossy()]);
    assert_eq!(done.kept_now.as_deref(), Some(&*kept[0].to_string_lossy()));
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        damaged,
        "damaged file kept"
    );
    assert_eq!(std::fs::read(&backup).unwrap(), stamp, "backup only read");
    let desk = Desk::open(&db).unwrap();
    assert_eq!(
        desk.claim(&a, &c).unwrap().status,
        "verified",
        "backup's data"
    );
    assert_eq!(desk.library().integrity_check().unwrap(), "ok");
}

#[test]
fn a_damaged_backup_is_not_restored_and_nothing_is_moved() {
    let dir = tempfile::tempdir().unwrap();
    let (db, a, c) = library(dir.path(), "false");
    let bad = dir.path().join("bad-backup.sqlite3");
    std::fs::write(&bad, b"SQLite format 3\0 but nothing after").unwrap();
    let err = app::restore_backup(&db, &bad).unwrap_err();
    assert_eq!(err.code(), ErrorCode::LibraryCorrupt, "{err}");
    assert!(app::set_aside_files(&db).is_empty());
    assert_eq!(
        Desk::open(&db).unwrap().claim(&a, &c).unwrap().status,
        "false"
    );
    assert!(app::restore_backup(&db, &dir.path().join("missing")).is_err());
}

#[test]
fn only_the_newest_seven_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _, _) = library(dir.path(), "verified");
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    for d in 1..=9 {
        std::fs::copy(&db, backups.join(format!("lib-2020010{d}.sqlite3"))).unwrap();
    }
    // Another library's backups in the same folder are not this one's.
    std::fs::copy(&db, backups.join("other-20200101.sqlite3")).unwrap();
    drop(Desk::open(&db).unwrap());
    let names: Vec<String> = factdesk_core::store::backups::list(&db)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let day = chrono::Local::now().format("%Y%m%d").to_string();
    let mut want: Vec<String> = (4..=9).map(|d| format!("lib-2020010{d}.sqlite3")).collect();
    want.push(format!("lib-{day}.sqlite3"));
    assert_eq!(names, want);
    assert!(backups.join("other-20200101.sqlite3").exists());
}

fn cli(args: &[&str]) -> ExitCode {
    match dispatch(args.iter().map(|s| s.to_string())) {
        Launch::Exit(code) => code,
        Launch::Window { .. } => panic!("a subcommand opened the window"),
    }
}

#[test]
fn restore_backup_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (db, a, c) = library(dir.path(), "verified");
    let dbs = db.to_str().unwrap();
    // No backup yet: a clear failure, nothing moved.
    assert_eq!(
        cli(&["factdesk", "--db", dbs, "restore-backup"]),
        ExitCode::FAILURE
    );
    assert!(app::set_aside_files(&db).is_empty());
    drop(Desk::open(&db).unwrap());
    let mut desk = Desk::open(&db).unwrap();
    desk.set_status(&a, &c, "disputed").unwrap();
    drop(desk);
    std::fs::write(&db, b"not a library any more").unwrap();
    assert_eq!(
        cli(&["factdesk", "--db", dbs, "restore-backup"]),
        ExitCode::SUCCESS
    );
    assert_eq!(
        Desk::open(&db).unwrap().claim(&a, &c).unwrap().status,
        "verified"
    );
    assert_eq!(app::set_aside_files(&db).len(), 1);
    // An explicit backup file works too.
    let copy = dir.path().join("copy.sqlite3");
    Desk::open(&db).unwrap().backup(&copy).unwrap();
    let args = [
        "factdesk",
        "--db",
        dbs,
        "restore-backup",
        copy.to_str().unwrap(),
    ];
    assert_eq!(cli(&args), ExitCode::SUCCESS);
    assert_eq!(app::set_aside_files(&db).len(), 2);
}
