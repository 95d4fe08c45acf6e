//! "Checked before": matching claims against archived fact-checks and the library's earlier
//! checks, adopting an earlier verdict (one undoable step), and the ClaimReview round trip.

use factdesk_core::app::Desk;
use factdesk_core::export::{ExportFormat, ExportOptions};
use factdesk_core::matching::{CandidateOrigin, MatchLevel};
use factdesk_core::ErrorCode;
use std::path::{Path, PathBuf};

const ARCHIVE: &[(&str, &str, &str, &str)] = &[
    (
        "fc-vaccine-chips",
        "COVID-19 vaccines contain microchips that let governments track people.",
        "False",
        "2021-05-02",
    ),
    (
        "fc-unemployment-2019",
        "Unemployment in Ohio fell to 3.9 percent in 2019.",
        "True",
        "2020-01-10",
    ),
    (
        "fc-unemployment-2021",
        "Unemployment in Ohio fell to 5.1 percent in 2021.",
        "Mostly false",
        "2022-01-10",
    ),
    (
        "fc-bridge",
        "The Golden Gate Bridge was painted blue for the first time in 1950.",
        "False",
        "2019-06-01",
    ),
    (
        "fc-wind",
        "Wind turbines cause cancer in people who live near them.",
        "False",
        "2019-04-03",
    ),
];

fn write_archive(dir: &Path) -> PathBuf {
    let mut body = String::new();
    for (id, claim, rating, date) in ARCHIVE {
        body.push_str(
            &serde_json::json!({
                "@type": "ClaimReview", "identifier": id, "claimReviewed": claim,
                "url": format!("https://fc.example/{id}"), "datePublished": date,
                "author": {"@type": "Organization", "name": "Example Checks"},
                "reviewRating": {"@type": "Rating", "alternateName": rating},
                "reviewBody": "We found no evidence.\nMore detail here."
            })
            .to_string(),
        );
        body.push('\n');
    }
    let p = dir.join("small-archive.jsonl");
    std::fs::write(&p, body).unwrap();
    p
}

fn desk_with_archive() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    let p = write_archive(dir.path());
    desk.import_archive(&p, &mut |_| {}).unwrap();
    (dir, desk)
}

fn span(text: &str, quote: &str) -> (u32, u32) {
    let b = text.find(quote).unwrap();
    let s = text[..b].chars().count() as u32;
    (s, s + quote.chars().count() as u32)
}

fn open_with_claims(
    desk: &mut Desk,
    dir: &Path,
    name: &str,
    text: &str,
    quotes: &[&str],
) -> (String, Vec<String>) {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    let a = desk.open_article(&p).unwrap().article.id;
    let body = desk.article_view(&a).unwrap().text;
    let mut ids = Vec::new();
    for q in quotes {
        let (s, e) = span(&body, q);
        let existing = desk
            .claims(&a)
            .unwrap()
            .into_iter()
            .find(|c| c.anchor.start == s && c.anchor.end == e);
        ids.push(match existing {
            Some(c) => c.id,
            None => desk.add_manual_claim(&a, s, e).unwrap().id,
        });
    }
    (a, ids)
}

#[test]
fn a_paraphrase_finds_the_archived_check_as_the_same_claim() {
    let (_d, desk) = desk_with_archive();
    let m = desk
        .match_text(
            "Governments track people through microchips hidden in the COVID vaccines",
            3,
        )
        .unwrap();
    assert_eq!(m[0].id, "fc-vaccine-chips");
    assert_eq!(m[0].origin, CandidateOrigin::Archive);
    assert_eq!(m[0].rating.as_deref(), Some("False"));
    assert_eq!(
        m[0].url.as_deref(),
        Some("https://fc.example/fc-vaccine-chips")
    );
    assert_ne!(m[0].level, MatchLevel::Weak);
    assert!(desk
        .match_text("zebra quantum saxophone", 3)
        .unwrap()
        .is_empty());
}

#[test]
fn a_different_year_lowers_the_match() {
    let (_d, desk) = desk_with_archive();
    let m = desk
        .match_text("Ohio unemployment fell to 5.1 percent in 2021", 2)
        .unwrap();
    assert_eq!(m[0].id, "fc-unemployment-2021");
    let m = desk
        .match_text("Ohio unemployment fell in 2019", 2)
        .unwrap();
    assert_eq!(m[0].id, "fc-unemployment-2019");
    assert!(m[0].score > m[1].score);
}

#[test]
fn very_short_texts_never_auto_confirm() {
    let (_d, desk) = desk_with_archive();
    let m = desk.match_text("Wind turbines", 1).unwrap();
    assert_eq!(m[0].id, "fc-wind");
    assert_ne!(m[0].level, MatchLevel::Same);
}

#[test]
fn checked_claims_of_other_articles_are_earlier_checks() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    let first = "Town news\n\nThe mayor said the new library cost 4 million dollars to build.\n\nIt opened on Monday.";
    let (a1, c1) = open_with_claims(
        &mut desk,
        dir.path(),
        "one.txt",
        first,
        &["The mayor said the new library cost 4 million dollars to build."],
    );
    let later = "More news\n\nThe new library cost 4 million dollars to build, the mayor said.\n\nReaders queued.";
    let (a2, c2) = open_with_claims(
        &mut desk,
        dir.path(),
        "two.txt",
        later,
        &["The new library cost 4 million dollars to build, the mayor said."],
    );
    // Unchecked claims are not earlier checks.
    assert!(desk.article_matches(&a2).unwrap().is_empty());
    desk.set_status(&a1, &c1[0], "disputed").unwrap();
    // The marked claim finds it (a proposal of the same sentence may find it too).
    let found = desk.article_matches(&a2).unwrap();
    let mine = found
        .iter()
        .find(|f| f.claim_id == c2[0])
        .expect("the marked claim finds the earlier check");
    assert!(found
        .iter()
        .all(|f| f.claim_id == c2[0] || f.matches[0].id == format!("{a1}/{}", c1[0])));
    let m = &mine.matches[0];
    assert_eq!(
        (m.origin, m.id.as_str()),
        (CandidateOrigin::Library, format!("{a1}/{}", c1[0]).as_str())
    );
    assert_eq!(m.rating.as_deref(), Some("Disputed"));
    // An article's own claims are never its earlier checks; undoing the status removes it.
    assert!(desk.article_matches(&a1).unwrap().is_empty());
    desk.undo().unwrap();
    assert!(desk.article_matches(&a2).unwrap().is_empty());
}

#[test]
fn adopting_an_earlier_verdict_is_one_undoable_step() {
    let (d, mut desk) = desk_with_archive();
    let text = "Health\n\nMicrochips in the COVID-19 vaccines let governments track people, a post claimed.\n\nDoctors disagree.";
    let quote = "Microchips in the COVID-19 vaccines let governments track people, a post claimed.";
    let (a, ids) = open_with_claims(&mut desk, d.path(), "post.txt", text, &[quote]);
    let found = desk.article_matches(&a).unwrap();
    let mine = found
        .iter()
        .find(|c| c.claim_id == ids[0])
        .expect("the claim has an earlier check");
    assert_eq!(mine.matches[0].id, "fc-vaccine-chips");
    let history_before = desk.history(Some(&a), None, 100).unwrap().len();
    let before = desk.claim(&a, &ids[0]).unwrap();
    let after = desk.adopt_match(&a, &ids[0], "fc-vaccine-chips").unwrap();
    assert_eq!(after.status, "false");
    let added = after.sources.last().unwrap();
    assert_eq!(added.location, "https://fc.example/fc-vaccine-chips");
    assert!(added.title.contains("microchips"), "{}", added.title);
    assert_eq!(
        desk.history(Some(&a), None, 100).unwrap().len(),
        history_before + 1
    );
    desk.undo().unwrap();
    let undone = desk.claim(&a, &ids[0]).unwrap();
    assert_eq!(
        (undone.status, undone.sources),
        (before.status, before.sources)
    );
    let err = desk.adopt_match(&a, &ids[0], "fc-wind").unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn an_exported_check_imported_as_an_archive_finds_each_claim_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    let text = "Budget day\n\n\
        The council raised parking fees by 20 percent in March.\n\n\
        Crime in the city centre fell for the third year running.\n\n\
        The new tram line will open in 2027, two years late.\n\n\
        Schools will get 300 more teachers next year.\n\n\
        The mayor thanked the volunteers.";
    let quotes = [
        "The council raised parking fees by 20 percent in March.",
        "Crime in the city centre fell for the third year running.",
        "The new tram line will open in 2027, two years late.",
        "Schools will get 300 more teachers next year.",
    ];
    let (a, ids) = open_with_claims(&mut desk, dir.path(), "budget.txt", text, &quotes);
    for (id, status) in ids
        .iter()
        .zip(["verified", "false", "disputed", "unverifiable"])
    {
        desk.set_status(&a, id, status).unwrap();
    }
    let export = desk
        .export_article(&a, ExportFormat::Claimreview, &ExportOptions::default())
        .unwrap();
    let file = dir.path().join("budget-claimreview.json");
    std::fs::write(&file, export).unwrap();
    let fresh_dir = tempfile::tempdir().unwrap();
    let mut fresh = Desk::open(&fresh_dir.path().join("lib.sqlite3")).unwrap();
    let r = fresh.import_archive(&file, &mut |_| {}).unwrap();
    assert_eq!(r.added, 4, "{r:?}");
    for (q, status) in quotes
        .iter()
        .zip(["Verified", "False", "Disputed", "Unverifiable"])
    {
        let m = fresh.match_text(q, 5).unwrap();
        assert_eq!(m[0].claim, *q);
        assert_eq!(m[0].rating.as_deref(), Some(status));
        assert_eq!(m[0].level, MatchLevel::Same);
    }
}

#[test]
fn recurring_claims_list_each_articles_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    let q = "The river flooded 300 homes in the spring of 2023.";
    let (a1, c1) = open_with_claims(
        &mut desk,
        dir.path(),
        "one.txt",
        &format!("One\n\n{q}\n\nEnd."),
        &[q],
    );
    let q2 = "The river flooded 300 homes in the spring of 2023!";
    let (a2, c2) = open_with_claims(
        &mut desk,
        dir.path(),
        "two.txt",
        &format!("Two\n\nOthers wrote it too. {q2}\n\nFin."),
        &[q2],
    );
    assert!(desk
        .recurring_claims(10)
        .unwrap()
        .iter()
        .all(|r| r.articles >= 2));
    desk.set_status(&a1, &c1[0], "verified").unwrap();
    desk.set_status(&a2, &c2[0], "disputed").unwrap();
    let rec = desk.recurring_claims(10).unwrap();
    let group = rec
        .iter()
        .find(|r| r.quote.starts_with("The river flooded"))
        .expect("a recurring claim");
    assert_eq!(group.articles, 2);
    let verdicts: Vec<(&str, &str)> = group
        .occurrences
        .iter()
        .map(|o| (o.article_id.as_str(), o.status.as_str()))
        .collect();
    assert_eq!(
        verdicts,
        [(a1.as_str(), "verified"), (a2.as_str(), "disputed")]
    );
}

#[test]
fn a_claim_about_another_year_is_never_the_same_claim() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    let p = dir.path().join("floods.jsonl");
    std::fs::write(
        &p,
        r#"{"@type":"ClaimReview","identifier":"floods-2021","claimReviewed":"Floods closed 40 schools across Kent in the winter of 2021.","reviewRating":{"alternateName":"True"}}"#,
    )
    .unwrap();
    desk.import_archive(&p, &mut |_| {}).unwrap();
    let same = desk
        .match_text(
            "Floods closed 40 schools across Kent in the winter of 2021",
            1,
        )
        .unwrap();
    assert_eq!(same[0].level, MatchLevel::Same);
    let other = desk
        .match_text(
            "Floods closed 40 schools across Kent in the winter of 2019",
            1,
        )
        .unwrap();
    assert_eq!(other[0].id, "floods-2021");
    assert_ne!(
        other[0].level,
        MatchLevel::Same,
        "similarity {}",
        other[0].similarity
    );
    assert!(other[0].similarity < same[0].similarity);
}
