//! The library through the application layer, as the window and the CLI use it.

use factdesk_core::app::{Desk, OpenOutcome, SourceInput};
use factdesk_core::model::SourceKind;
use factdesk_core::ErrorCode;
use std::path::{Path, PathBuf};

const ARTICLE: &str = "Trump and Kim to meet again\n\n\
The two leaders will meet in Hanoi, the first summit since Singapore in 2018.\n\n\
Officials said the talks would focus on denuclearisation and sanctions relief.\n\n\
Prices in Pyongyang rose 12% last year, according to the Bank of Korea.";

fn setup() -> (tempfile::TempDir, Desk, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    let file = dir.path().join("article.txt");
    std::fs::write(&file, ARTICLE).unwrap();
    (dir, desk, file)
}

fn span(text: &str, quote: &str) -> (u32, u32) {
    let b = text.find(quote).unwrap();
    let s = text[..b].chars().count() as u32;
    (s, s + quote.chars().count() as u32)
}

fn mark(desk: &mut Desk, article: &str, quote: &str) -> String {
    let text = desk.article_view(article).unwrap().text;
    let (s, e) = span(&text, quote);
    desk.add_manual_claim(article, s, e).unwrap().id
}

fn web(title: &str) -> SourceInput {
    SourceInput {
        kind: SourceKind::Web,
        title: title.into(),
        location: "https://example.org/a b(c)".into(),
        accessed: Some("2024-11-26".into()),
        excerpt: "an excerpt".into(),
        file_path: None,
    }
}

#[test]
fn reopening_an_unchanged_file_finds_the_same_article() {
    let (_d, mut desk, file) = setup();
    let first = desk.open_article(&file).unwrap();
    assert_eq!(first.outcome, OpenOutcome::New);
    assert_eq!(first.article.id, "a1");
    let again = desk.open_article(&file).unwrap();
    assert_eq!(again.outcome, OpenOutcome::Unchanged);
    assert_eq!(again.article.id, "a1");
    assert_eq!(desk.list_articles().unwrap().len(), 1);
    assert_eq!(
        first.article.title.as_deref(),
        Some("Trump and Kim to meet again")
    );
}

#[test]
fn a_whole_check_survives_a_restart_with_undo_and_redo() {
    let (dir, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let c = mark(&mut desk, &a, "The two leaders will meet in Hanoi");
    desk.set_status(&a, &c, "disputed").unwrap();
    desk.set_note(&a, &c, "Hanoi **confirmed** by two officials")
        .unwrap();
    desk.add_source(&a, &c, web("Ministry statement")).unwrap();
    let claim = desk.add_source(&a, &c, web("Agency wire")).unwrap();
    assert_eq!(claim.sources.len(), 2);
    let removed_id = claim.sources[0].id.clone();

    // Undo the second source, then reopen the library: redo still works and brings the
    // same source (same id) back.
    let u = desk.undo().unwrap();
    assert_eq!(u.change.unwrap().action, "add_source");
    drop(desk);
    let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    assert_eq!(desk.claim(&a, &c).unwrap().sources.len(), 1);
    let r = desk.redo().unwrap();
    assert_eq!(r.change.unwrap().action, "add_source");
    let claim = desk.claim(&a, &c).unwrap();
    assert_eq!(claim.status, "disputed");
    assert_eq!(claim.note, "Hanoi **confirmed** by two officials");
    assert_eq!(claim.sources.len(), 2);
    assert_eq!(claim.sources[0].id, removed_id);

    // Undo everything back to before the claim existed, then redo it all.
    for _ in 0..5 {
        assert!(desk.undo().unwrap().change.is_some());
    }
    assert!(
        desk.claim(&a, &c).is_err(),
        "undoing the mark removes the claim"
    );
    assert!(
        desk.undo().unwrap().change.is_none(),
        "an import is not undone"
    );
    for _ in 0..5 {
        assert!(desk.redo().unwrap().change.is_some());
    }
    assert_eq!(
        desk.claim(&a, &c).unwrap(),
        claim_without_time(&desk, &a, &c, &claim)
    );

    // A new change after an undo clears the redo stack.
    desk.undo().unwrap();
    desk.set_status(&a, &c, "verified").unwrap();
    assert!(desk.redo().unwrap().change.is_none());
    let hist = desk.history(Some(&a), Some(&c), 100).unwrap();
    assert_eq!(hist[0].action, "set_status");
    assert!(hist
        .iter()
        .all(|h| h.claim_id.as_deref() == Some(c.as_str())));
}

/// The claim as now stored, but with the earlier record's `updated` (redo stamps a new time).
fn claim_without_time(
    desk: &Desk,
    a: &str,
    c: &str,
    earlier: &factdesk_core::model::ClaimRecord,
) -> factdesk_core::model::ClaimRecord {
    let now = desk.claim(a, c).unwrap();
    factdesk_core::model::ClaimRecord {
        updated: now.updated.clone(),
        ..earlier.clone()
    }
}

#[test]
fn undo_of_a_status_change_leaves_later_notes_alone() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let c1 = mark(&mut desk, &a, "Officials said the talks");
    let c2 = mark(&mut desk, &a, "Prices in Pyongyang rose 12% last year");
    desk.set_status(&a, &c1, "false").unwrap();
    desk.set_note(&a, &c2, "check the bank's report").unwrap();
    desk.undo().unwrap();
    assert_eq!(desk.claim(&a, &c2).unwrap().note, "");
    desk.undo().unwrap();
    assert_eq!(desk.claim(&a, &c1).unwrap().status, "unchecked");
    assert!(desk.set_status(&a, &c1, "nonsense").is_err());
}

#[test]
fn an_edited_file_becomes_a_revision_and_claims_are_carried_over() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let moved = mark(&mut desk, &a, "Prices in Pyongyang rose 12% last year");
    let edited = mark(
        &mut desk,
        &a,
        "The two leaders will meet in Hanoi, the first summit since Singapore in 2018.",
    );
    let gone = mark(
        &mut desk,
        &a,
        "Officials said the talks would focus on denuclearisation and sanctions relief.",
    );
    desk.set_status(&a, &moved, "verified").unwrap();
    desk.set_status(&a, &edited, "verified").unwrap();
    desk.set_status(&a, &gone, "disputed").unwrap();

    let new_text = ARTICLE
        .replace(
            "Trump and Kim to meet again",
            "Trump and Kim to meet again in Vietnam, a longer headline",
        )
        .replace("in 2018.", "in June 2018.")
        .replace(
            "Officials said the talks would focus on denuclearisation and sanctions relief.\n\n",
            "",
        );
    std::fs::write(&file, &new_text).unwrap();
    let opened = desk.open_article(&file).unwrap();
    assert_eq!(opened.outcome, OpenOutcome::Revised);
    let report = opened.report.unwrap();
    // Automatic claims proposed by analysis move along too; these are the manual ones.
    assert!(report.moved.contains(&moved), "{:?}", report.moved);
    assert!(!report.moved.contains(&edited) && !report.moved.contains(&gone));
    assert!(report.needs_recheck.contains(&edited) && !report.needs_recheck.contains(&moved));
    assert!(report.orphaned.contains(&gone) && !report.orphaned.contains(&moved));
    assert_eq!(opened.article.revisions, 2);

    let view = desk.article_view(&a).unwrap();
    let get = |id: &str| view.claims.iter().find(|c| c.id == id).unwrap().clone();
    let m = get(&moved);
    assert_eq!(
        span(&view.text, "Prices in Pyongyang rose 12% last year"),
        (m.anchor.start, m.anchor.end)
    );
    assert_eq!(m.status, "verified");
    let e = get(&edited);
    assert!(
        e.needs_recheck && e.status == "verified",
        "status kept, visibly stale"
    );
    assert!(e.anchor.quote.ends_with("in June 2018."));
    let g = get(&gone);
    assert!(g.orphaned && g.status == "disputed", "orphans are kept");
    assert!(view
        .blocks
        .iter()
        .flat_map(|b| &b.runs)
        .all(|r| !r.claim_ids.contains(&gone)));
    // Checking again clears the flag.
    assert!(
        !desk
            .set_status(&a, &edited, "verified")
            .unwrap()
            .needs_recheck
    );
    // The manual claim and the proposal of the same sentence are both orphaned, both counted.
    let summary = &desk.list_articles().unwrap()[0];
    assert_eq!(summary.orphaned as usize, report.orphaned.len());
    assert!(summary.orphaned >= 1);
}

#[test]
fn runs_cover_the_text_and_name_their_claims() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let outer = mark(
        &mut desk,
        &a,
        "The two leaders will meet in Hanoi, the first summit",
    );
    let inner = mark(&mut desk, &a, "meet in Hanoi");
    let across = mark(&mut desk, &a, "Singapore in 2018.\n\nOfficials said");
    let view = desk.article_view(&a).unwrap();
    for b in &view.blocks {
        let joined: String = b.runs.iter().map(|r| r.text.as_str()).collect();
        let block: String = view
            .text
            .chars()
            .skip(b.start as usize)
            .take((b.end - b.start) as usize)
            .collect();
        assert_eq!(joined, block);
        for w in b.runs.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
    }
    let runs: Vec<_> = view.blocks.iter().flat_map(|b| b.runs.iter()).collect();
    let hanoi = runs.iter().find(|r| r.text == "meet in Hanoi").unwrap();
    // The sentence's automatic claim may cover the run too; the manual ones come in order.
    let manual: Vec<&String> = hanoi
        .claim_ids
        .iter()
        .filter(|id| **id == outer || **id == inner)
        .collect();
    assert_eq!(manual, vec![&outer, &inner]);
    assert_eq!(
        runs.iter()
            .filter(|r| r.claim_ids.contains(&across))
            .count(),
        2,
        "a claim across blocks is cut per block"
    );
    let (s, _) = span(&view.text, "meet in Hanoi");
    assert_eq!(hanoi.start, s);
}

#[test]
fn search_finds_text_claims_notes_and_sources() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let c = mark(&mut desk, &a, "Prices in Pyongyang rose 12% last year");
    desk.set_note(&a, &c, "Compare with the Zürich estimate")
        .unwrap();
    desk.add_source(&a, &c, web("Bank of Korea yearbook"))
        .unwrap();
    let kinds = |desk: &Desk, q: &str| -> Vec<(String, Option<String>)> {
        desk.search(q, 20)
            .unwrap()
            .into_iter()
            .map(|h| (format!("{:?}", h.kind), h.claim_id))
            .collect()
    };
    assert!(kinds(&desk, "denuclearisation").contains(&("Text".into(), None)));
    assert!(
        kinds(&desk, "zurich").contains(&("Claim".into(), Some(c.clone()))),
        "diacritics folded"
    );
    assert!(kinds(&desk, "yearbook").contains(&("Source".into(), Some(c.clone()))));
    assert!(
        kinds(&desk, "Pyong").contains(&("Claim".into(), Some(c.clone()))),
        "prefix search"
    );
    assert!(desk.search("\"unbalanced (", 20).is_ok());
    desk.undo().unwrap();
    assert!(
        kinds(&desk, "yearbook").is_empty(),
        "an undone source is no longer found"
    );
}

#[test]
fn backup_copies_the_library() {
    let (dir, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let c = mark(&mut desk, &a, "meet in Hanoi");
    desk.set_status(&a, &c, "verified").unwrap();
    let dest = dir.path().join("copy.sqlite3");
    desk.backup(&dest).unwrap();
    assert!(desk.backup(&dest).is_err(), "never overwrites");
    let copy = Desk::open(&dest).unwrap();
    assert_eq!(copy.claim(&a, &c).unwrap().status, "verified");
    assert_eq!(copy.library().integrity_check().unwrap(), "ok");
}

#[test]
fn a_file_that_is_not_a_library_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.sqlite3");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let err = Desk::open(&other).err().unwrap();
    assert!(err.to_string().contains("not a Factdesk library"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "just some words, not SQLite at all").unwrap();
    assert!(Desk::open(&text).is_err());
    assert_eq!(
        std::fs::read(&text).unwrap(),
        b"just some words, not SQLite at all"
    );
}

#[test]
fn settings_statuses_and_spans_are_user_changes_too() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    desk.set_settings(&factdesk_core::app::Settings {
        checker: "Ana Ruiz".into(),
        ..Default::default()
    })
    .unwrap();
    let c = mark(&mut desk, &a, "meet in Hanoi");
    assert_eq!(desk.history(None, None, 1).unwrap()[0].who, "Ana Ruiz");
    let mut def = factdesk_core::model::StatusDef::defaults()[2].clone();
    def.key = "misleading".into();
    def.label = "Misleading".into();
    def.builtin = true;
    let stored = desk.put_status(def).unwrap();
    assert!(!stored.builtin, "a user's status is never built in");
    desk.set_status(&a, &c, "misleading").unwrap();
    let text = desk.article_view(&a).unwrap().text;
    let (s, e) = span(&text, "will meet in Hanoi, the first");
    let adjusted = desk.adjust_claim_span(&a, &c, s, e).unwrap();
    assert_eq!(adjusted.anchor.quote, "will meet in Hanoi, the first");
    assert!(desk.dismiss(&a, &c).unwrap().dismissed);
    assert!(!desk.restore(&a, &c).unwrap().dismissed);
    desk.undo().unwrap();
    desk.undo().unwrap();
    desk.undo().unwrap();
    assert_eq!(desk.claim(&a, &c).unwrap().anchor.quote, "meet in Hanoi");
    assert!(desk.add_manual_claim(&a, 5, 5).is_err());
    assert!(desk.add_manual_claim(&a, 0, 100_000).is_err());
    assert!(Path::new(desk.db_path()).exists());
}

#[test]
fn search_finds_an_orphaned_claim_by_its_words() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let c = mark(&mut desk, &a, "Prices in Pyongyang rose 12% last year");
    let edited = ARTICLE.replace(
        "Prices in Pyongyang rose 12% last year, according to the Bank of Korea.",
        "The market was calm.",
    );
    std::fs::write(&file, edited).unwrap();
    let report = desk.open_article(&file).unwrap().report.unwrap();
    assert!(report.orphaned.contains(&c), "{report:?}");
    let hits = desk.search("pyongyang", 20).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.claim_id.as_deref() == Some(c.as_str())),
        "{hits:?}"
    );
    assert!(
        !hits.iter().any(|h| format!("{:?}", h.kind) == "Text"),
        "no longer in the text: {hits:?}"
    );
}

#[test]
fn a_reader_shows_the_library_while_a_save_holds_the_write_lock() {
    let (d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let claim = desk.article_view(&a).unwrap().claims[0].id.clone();
    let db = d.path().join("lib.sqlite3");
    let mut reader = Desk::open_reader(&db).unwrap();

    // Another connection in the middle of a long write, as a big article's save is.
    let mut saving = rusqlite::Connection::open(&db).unwrap();
    let tx = saving
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute("UPDATE articles SET title = 'half saved'", [])
        .unwrap();
    let started = std::time::Instant::now();
    let listed = reader.in_snapshot(|r| r.list_articles()).unwrap();
    let found = reader.in_snapshot(|r| r.search("Hanoi", 10)).unwrap();
    // Waiting for the lock would take the busy timeout (5 s) and then fail.
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].title.as_deref(),
        Some("Trump and Kim to meet again"),
        "a reader sees only committed changes"
    );
    assert!(!found.is_empty());
    tx.rollback().unwrap();

    // What the writer commits, the reader's next snapshot shows.
    desk.set_status(&a, &claim, "verified").unwrap();
    let view = reader.in_snapshot(|r| r.article_view(&a)).unwrap();
    let c = view.claims.iter().find(|c| c.id == claim).unwrap();
    assert_eq!(c.status, "verified");
}

#[test]
fn a_reader_cannot_change_the_library() {
    let (d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let claim = desk.article_view(&a).unwrap().claims[0].id.clone();
    let mut reader = Desk::open_reader(&d.path().join("lib.sqlite3")).unwrap();
    let err = reader.set_status(&a, &claim, "disputed").unwrap_err();
    assert_eq!(err.code(), ErrorCode::LibraryReadonly);
    let view = desk.article_view(&a).unwrap();
    let c = view.claims.iter().find(|c| c.id == claim).unwrap();
    assert_eq!(c.status, "unchecked");
}

#[test]
fn a_reader_never_creates_a_library() {
    let d = tempfile::tempdir().unwrap();
    let db = d.path().join("none.sqlite3");
    assert!(Desk::open_reader(&db).is_err());
    assert!(!db.exists());
}

#[test]
fn advancing_after_a_status_is_on_until_turned_off_and_keeps_the_checker() {
    let (_d, mut desk, _file) = setup();
    assert!(
        desk.settings().unwrap().advance_after_status,
        "on by default"
    );
    let mut s = desk.settings().unwrap();
    s.checker = "Ana Ruiz".into();
    s.advance_after_status = false;
    let saved = desk.set_settings(&s).unwrap();
    assert!(!saved.advance_after_status);
    assert_eq!(saved.checker, "Ana Ruiz");
    assert!(!desk.settings().unwrap().advance_after_status, "kept");
    s.advance_after_status = true;
    assert!(desk.set_settings(&s).unwrap().advance_after_status);
}

#[test]
fn an_article_is_updated_by_the_last_change_to_its_claims_not_its_import() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let listed = |desk: &Desk| {
        desk.list_articles()
            .unwrap()
            .into_iter()
            .find(|x| x.id == a)
            .unwrap()
    };
    let imported = listed(&desk).updated;
    std::thread::sleep(std::time::Duration::from_millis(20));
    let c = mark(&mut desk, &a, "meet in Hanoi");
    desk.set_status(&a, &c, "disputed").unwrap();
    let changed = listed(&desk).updated;
    assert!(changed > imported, "{changed} after {imported}");
    assert_eq!(
        changed,
        desk.history(None, None, 1).unwrap()[0].at,
        "the time of the last change"
    );
}

/// A change reads its claim once and answers with what it wrote, not a second read: the answer
/// must be the claim as the library holds it (new sources with their ids, the time stamped).
#[test]
fn every_change_answers_with_the_claim_the_library_holds() {
    let (_d, mut desk, file) = setup();
    let a = desk.open_article(&file).unwrap().article.id;
    let c = mark(&mut desk, &a, "Prices in Pyongyang rose 12% last year");
    let stored = |desk: &Desk| desk.claim(&a, &c).unwrap();
    let got = desk.set_status(&a, &c, "verified").unwrap();
    assert_eq!(got.status, "verified");
    assert_eq!(got, stored(&desk));
    let got = desk.set_note(&a, &c, "Asked the **bank**.").unwrap();
    assert_eq!(got, stored(&desk));
    let got = desk.add_source(&a, &c, web("Bank of Korea")).unwrap();
    assert!(got.sources[0].id.starts_with('s'));
    assert_eq!(got, stored(&desk));
    let got = desk.add_source(&a, &c, web("Reuters")).unwrap();
    assert_eq!(got, stored(&desk));
    let first = got.sources[0].id.clone();
    let got = desk
        .update_source(&a, &c, &first, web("Bank of Korea, 2024 report"))
        .unwrap();
    assert_eq!(got.sources[0].id, first);
    assert_eq!(got, stored(&desk));
    let got = desk.remove_source(&a, &c, &first).unwrap();
    assert_eq!(got.sources.len(), 1);
    assert_eq!(got, stored(&desk));
    let text = desk.article_view(&a).unwrap().text;
    let (s, e) = span(&text, "Prices in Pyongyang rose 12%");
    let got = desk.adjust_claim_span(&a, &c, s, e).unwrap();
    assert_eq!((got.anchor.start, got.anchor.end), (s, e));
    assert_eq!(got, stored(&desk));
    assert_eq!(desk.dismiss(&a, &c).unwrap(), stored(&desk));
    assert_eq!(desk.restore(&a, &c).unwrap(), stored(&desk));
    // Undoing the removal (under restore, dismiss and the span) brings the source back with its id.
    for _ in 0..4 {
        desk.undo().unwrap();
    }
    assert_eq!(stored(&desk).sources.len(), 2);
    assert_eq!(stored(&desk).sources[0].id, first);
    assert_eq!(
        desk.update_source(&a, &c, "s999", web("x"))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}
