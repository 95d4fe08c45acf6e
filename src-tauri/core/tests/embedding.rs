//! The embedding re-ranker of "checked before" matching: a paraphrase found through meaning,
//! not shared words; sentence vectors stored on archive import and renewed on re-import.
//! Archive and texts are written here.

use factdesk_core::matching::embed;
use factdesk_core::matching::{find_matches_with, MatchQuery, Weights};
use factdesk_core::store::Library;
use std::path::{Path, PathBuf};

fn write_archive(dir: &Path, name: &str, records: &[(&str, &str, &str)]) -> PathBuf {
    let mut body = String::new();
    for (id, claim, title) in records {
        body.push_str(
            &serde_json::json!({
                "@type": "ClaimReview", "identifier": id, "claimReviewed": claim, "name": title,
                "reviewRating": {"@type": "Rating", "alternateName": "False"},
                "author": {"@type": "Organization", "name": "Example Checks"},
            })
            .to_string(),
        );
        body.push('\n');
    }
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// Three records the words of the query cannot tell apart: each shares "Ohio" and
/// "quitting" with it, at the same length; only "physicians" = "doctors" decides.
const RECORDS: &[(&str, &str, &str)] = &[
    (
        "fc-doctors",
        "Ohio doctors are quitting.",
        "Are Ohio doctors quitting?",
    ),
    (
        "fc-farmers",
        "Ohio farmers are quitting.",
        "Are Ohio farmers quitting?",
    ),
    (
        "fc-teachers",
        "Ohio teachers are quitting.",
        "Are Ohio teachers quitting?",
    ),
    (
        "fc-turbines",
        "Wind turbines cause cancer in people who live near them.",
        "Do wind turbines cause cancer?",
    ),
];

const QUERY: &str = "Ohio physicians are quitting";

fn matches(lib: &Library, text: &str, bm25_only: bool, w: &Weights) -> Vec<(String, f64)> {
    let q = MatchQuery {
        text,
        top: 3,
        first_stage_only: bm25_only,
        ..MatchQuery::default()
    };
    let m = find_matches_with(lib, &q, w).unwrap();
    m.into_iter().map(|m| (m.id, m.score)).collect()
}

fn top_id(lib: &Library, text: &str) -> String {
    let m = matches(lib, text, false, &Weights::default());
    m.first().map(|m| m.0.clone()).unwrap_or_default()
}

#[test]
fn a_paraphrase_the_words_cannot_tell_ranks_first_through_the_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let p = write_archive(dir.path(), "a.jsonl", RECORDS);
    lib.import_archive(&p, &mut |_| {}).unwrap();
    // BM25 alone gives the three the same score: it cannot put the doctors first.
    let bm25 = matches(&lib, QUERY, true, &Weights::default());
    assert_eq!(bm25.len(), 3);
    assert!(bm25.iter().all(|m| m.1 == bm25[0].1), "{bm25:?}");
    // The lexical re-ranker cannot either (a tie at best); the vectors can.
    let lexical = Weights {
        embedding: 0.0,
        ..Weights::default()
    };
    let lex = matches(&lib, QUERY, false, &lexical);
    let doctors = lex
        .iter()
        .find(|m| m.0 == "fc-doctors")
        .map_or(0.0, |m| m.1);
    assert!(
        lex.iter().any(|m| m.0 != "fc-doctors" && m.1 >= doctors),
        "{lex:?}"
    );
    let fused = matches(&lib, QUERY, false, &Weights::default());
    assert_eq!(fused[0].0, "fc-doctors", "{fused:?}");
    assert!(fused[0].1 > fused[1].1);
}

fn stored(db: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT identifier, embedding FROM archive_reviews ORDER BY identifier")
        .unwrap();
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows
}

#[test]
fn vectors_are_stored_on_import_and_renewed_on_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let p = write_archive(dir.path(), "a.jsonl", RECORDS);
    {
        let mut lib = Library::open(&db).unwrap();
        lib.import_archive(&p, &mut |_| {}).unwrap();
    }
    let first = stored(&db);
    assert_eq!(first.len(), RECORDS.len());
    let m = embed::model().expect("the built-in model");
    let (claim, title) = (RECORDS[3].1, RECORDS[3].2);
    let want = m.to_blob(&m.embed(&embed::review_text(claim, title)).unwrap());
    assert_eq!(first[3].1.as_deref(), Some(want.as_slice()));
    assert!(first.iter().all(|(_, v)| v.is_some()));

    // The same file again changes nothing; a changed claim gets a new vector.
    let mut changed = RECORDS.to_vec();
    changed[3].1 = "Wind farms in Ohio kill more birds than cats do.";
    let p2 = write_archive(dir.path(), "a.jsonl", &changed);
    {
        let mut lib = Library::open(&db).unwrap();
        let r = lib.import_archive(&p2, &mut |_| {}).unwrap();
        assert_eq!((r.updated, r.unchanged), (1, 3));
    }
    let second = stored(&db);
    assert_ne!(second[3].1, first[3].1);
    assert_eq!(second[0].1, first[0].1);
    let want = m.to_blob(&m.embed(&embed::review_text(changed[3].1, title)).unwrap());
    assert_eq!(second[3].1.as_deref(), Some(want.as_slice()));
}

#[test]
fn a_library_from_before_the_vectors_gets_them_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let p = write_archive(dir.path(), "a.jsonl", RECORDS);
    {
        let mut lib = Library::open(&db).unwrap();
        lib.import_archive(&p, &mut |_| {}).unwrap();
    }
    // Back to schema 4: no column, as a library written before this version.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "ALTER TABLE archive_reviews DROP COLUMN embedding;
             ALTER TABLE claims DROP COLUMN embedding; PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    let lib = Library::open(&db).unwrap();
    assert!(stored(&db).iter().all(|(_, v)| v.is_some()));
    assert_eq!(top_id(&lib, QUERY), "fc-doctors");
}

#[test]
fn a_stale_or_missing_vector_is_computed_again_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let p = write_archive(dir.path(), "a.jsonl", RECORDS);
    let mut lib = Library::open(&db).unwrap();
    lib.import_archive(&p, &mut |_| {}).unwrap();
    {
        // Another model's vectors (wrong fingerprint) and none at all.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "UPDATE archive_reviews SET embedding = zeroblob(260) WHERE identifier = 'fc-doctors';
             UPDATE archive_reviews SET embedding = NULL WHERE identifier <> 'fc-doctors';",
        )
        .unwrap();
    }
    assert_eq!(top_id(&lib, QUERY), "fc-doctors");
}

#[test]
fn a_checked_claim_of_the_library_has_its_vector_and_is_found_by_it() {
    use factdesk_core::app::Desk;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lib.sqlite3");
    let mut desk = Desk::open(&db).unwrap();
    let text =
        "Ohio teachers are quitting. Ohio farmers are quitting. Ohio doctors are quitting.\n";
    let p = dir.path().join("article.txt");
    std::fs::write(&p, text).unwrap();
    let a = desk.open_article(&p).unwrap().article.id;
    let body = desk.article_view(&a).unwrap().text;
    // The doctors' claim comes last: a tie of the words would put it after the others.
    for (quote, status) in [
        ("Ohio teachers are quitting.", "disputed"),
        ("Ohio farmers are quitting.", "disputed"),
        ("Ohio doctors are quitting.", "false"),
    ] {
        let b = body.find(quote).unwrap();
        let s = body[..b].chars().count() as u32;
        let e = s + quote.chars().count() as u32;
        // The analysis may have found the claim already.
        let found = desk
            .claims(&a)
            .unwrap()
            .into_iter()
            .find(|c| c.anchor.start == s && c.anchor.end == e);
        let id = match found {
            Some(c) => c.id,
            None => desk.add_manual_claim(&a, s, e).unwrap().id,
        };
        desk.set_status(&a, &id, status).unwrap();
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (with, all): (i64, i64) = conn
        .query_row("SELECT count(embedding), count(*) FROM claims", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(all >= 3);
    assert_eq!(with, all);
    let m = desk.match_text(QUERY, 3).unwrap();
    assert_eq!(m[0].claim, "Ohio doctors are quitting.", "{m:?}");
}

#[test]
fn a_record_sharing_no_word_with_the_claim_is_found_by_its_vector() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let mut records: Vec<_> = RECORDS
        .iter()
        .filter(|r| r.0 != "fc-doctors")
        .copied()
        .collect();
    records.push((
        "fc-physicians",
        "Physicians resign in droves.",
        "Mass resignations of physicians?",
    ));
    let p = write_archive(dir.path(), "a.jsonl", &records);
    lib.import_archive(&p, &mut |_| {}).unwrap();
    // No word in common: BM25 proposes only the farmers and the teachers ("quit"); the
    // nearest vectors add the physicians, who then rank above the unrelated turbines.
    let text = "Doctors quit their jobs";
    let has = |m: &[(String, f64)]| m.iter().any(|m| m.0 == "fc-physicians");
    assert!(!has(&matches(&lib, text, true, &Weights::default())));
    let without = Weights {
        neighbours: 0,
        ..Weights::default()
    };
    assert!(!has(&matches(&lib, text, false, &without)));
    let fused = matches(&lib, text, false, &Weights::default());
    assert!(has(&fused), "{fused:?}");
    let at = |id: &str| fused.iter().position(|m| m.0 == id);
    assert!(at("fc-turbines").is_none_or(|t| at("fc-physicians") < Some(t)));
}
