//! Fact-check archives: every format imports, re-importing updates, and a bad archive gets a
//! clear error and leaves the library as it was.

use factdesk_core::app::Desk;
use std::path::{Path, PathBuf};

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
    (dir, desk)
}

fn file(dir: &Path, name: &str, body: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

fn review(id: &str, claim: &str, rating: &str) -> String {
    serde_json::json!({
        "@context": "https://schema.org", "@type": "ClaimReview", "identifier": id,
        "claimReviewed": claim, "url": format!("https://fc.example/{id}"),
        "author": {"@type": "Organization", "name": "FC"}, "datePublished": "2021-05-01",
        "reviewRating": {"@type": "Rating", "alternateName": rating, "ratingValue": 1}
    })
    .to_string()
}

fn count(desk: &Desk) -> u32 {
    desk.archives().unwrap().iter().map(|a| a.records).sum()
}

/// A failed import: its code, and the library exactly as it was (no archive, no record, no
/// history row).
fn refused(desk: &mut Desk, path: &Path) -> (String, String) {
    let before = (
        desk.archives().unwrap(),
        desk.history(None, None, 100).unwrap().len(),
    );
    let err = desk.import_archive(path, &mut |_| {}).unwrap_err();
    assert_eq!(
        (
            desk.archives().unwrap(),
            desk.history(None, None, 100).unwrap().len()
        ),
        before,
        "a refused archive changed the library"
    );
    (err.code().to_string(), err.to_string())
}

#[test]
fn json_lines_list_json_ld_and_html_all_import() {
    let (d, mut desk) = desk();
    let lines = format!(
        "{}\n{}\n",
        review("a", "Pigs can fly.", "False"),
        review("b", "Cows moo.", "True")
    );
    let r = desk
        .import_archive(&file(d.path(), "a.jsonl", lines), &mut |_| {})
        .unwrap();
    assert_eq!(
        (r.format.as_str(), r.added, r.rejected),
        ("json-lines", 2, 0)
    );
    let list = format!(
        "[{}, {}]",
        review("c", "Fish swim.", "True"),
        review("d", "Stones float.", "False")
    );
    let r = desk
        .import_archive(&file(d.path(), "b.json", list), &mut |_| {})
        .unwrap();
    assert_eq!((r.format.as_str(), r.added), ("json-list", 2));
    let graph = format!(
        "{{\n  \"@context\": \"https://schema.org\",\n  \"@graph\": [{}, {{\"@type\": \"WebPage\"}}]\n}}",
        review("e", "The moon is cheese.", "False")
    );
    let r = desk
        .import_archive(&file(d.path(), "c.json", graph), &mut |_| {})
        .unwrap();
    assert_eq!((r.format.as_str(), r.added), ("json-ld", 1));
    let html = format!(
        "<!doctype html><html><head><script type=\"application/ld+json\">{{\"@type\":\"Organization\"}}</script>\
         <script type=\"application/ld+json\">{}</script></head><body>Fact check</body></html>",
        review("f", "Snow is hot.", "False")
    );
    let r = desk
        .import_archive(&file(d.path(), "d.html", html), &mut |_| {})
        .unwrap();
    assert_eq!((r.format.as_str(), r.added), ("html", 1));
    assert_eq!(count(&desk), 6);
    let names: Vec<String> = desk
        .archives()
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["a.jsonl", "b.json", "c.json", "d.html"]);
}

#[test]
fn reimporting_updates_and_never_duplicates() {
    let (d, mut desk) = desk();
    let p = file(
        d.path(),
        "a.jsonl",
        format!(
            "{}\n{}\n",
            review("a", "Pigs can fly.", "False"),
            review("b", "Cows moo.", "True")
        ),
    );
    desk.import_archive(&p, &mut |_| {}).unwrap();
    let again = desk.import_archive(&p, &mut |_| {}).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
    // The same identifier with a new verdict updates it; without identifier, url + claim is the key.
    let no_id =
        r#"{"@type":"ClaimReview","claimReviewed":"Rain is dry.","url":"https://fc.example/rain"}"#;
    std::fs::write(
        &p,
        format!(
            "{}\n{no_id}\n{no_id}\n",
            review("a", "Pigs can fly.", "Mostly false")
        ),
    )
    .unwrap();
    let r = desk.import_archive(&p, &mut |_| {}).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (1, 1, 1));
    assert_eq!(count(&desk), 3);
    let m = desk.match_text("Pigs can fly", 1).unwrap();
    assert_eq!(m[0].rating.as_deref(), Some("Mostly false"));
    let removed = desk.remove_archive("a.jsonl").unwrap();
    assert_eq!(removed.records, 3);
    assert!(desk.archives().unwrap().is_empty());
    assert!(desk.match_text("Pigs can fly", 1).unwrap().is_empty());
}

#[test]
fn a_bad_record_is_named_by_its_line_and_the_good_ones_import() {
    let (d, mut desk) = desk();
    let body = format!(
        "{}\n{{\"@type\":\"ClaimReview\",\"claimReviewed\":42}}\nnot json\n{}\n",
        review("a", "Pigs can fly.", "False"),
        review("b", "Cows moo.", "True")
    );
    let r = desk
        .import_archive(&file(d.path(), "a.jsonl", body), &mut |_| {})
        .unwrap();
    assert_eq!((r.added, r.rejected), (2, 2));
    assert_eq!(
        r.errors[0].to_string(),
        "line 2: `claimReviewed` must be a string, not a number"
    );
    assert!(
        r.errors[1]
            .to_string()
            .starts_with("line 3: not valid JSON"),
        "{}",
        r.errors[1]
    );
    let list = format!(
        "[{}, {{\"claimReviewed\": \"x\", \"reviewRating\": 5}}]",
        review("c", "Fish swim.", "True")
    );
    let r = desk
        .import_archive(&file(d.path(), "b.json", list), &mut |_| {})
        .unwrap();
    assert_eq!(
        r.errors[0].to_string(),
        "record 2: `reviewRating` must be an object, not a number"
    );
}

#[test]
fn truncated_json_is_refused_whole() {
    let (d, mut desk) = desk();
    let full = format!(
        "[{}, {}]",
        review("a", "Pigs can fly.", "False"),
        review("b", "Cows moo.", "True")
    );
    let cut = &full[..full.len() - 30];
    let (code, msg) = refused(&mut desk, &file(d.path(), "cut.json", cut));
    assert_eq!(code, "archive.truncated", "{msg}");
    assert!(msg.contains("cut off"), "{msg}");
    let lines = format!(
        "{}\n{}",
        review("a", "Pigs can fly.", "False"),
        review("b", "Cows moo.", "True")
    );
    let cut = &lines[..lines.len() - 10];
    let (code, msg) = refused(&mut desk, &file(d.path(), "cut.jsonl", cut));
    assert_eq!(code, "archive.truncated", "{msg}");
    assert!(msg.contains("line 2"), "{msg}");
}

#[test]
fn wrong_types_everywhere_are_refused() {
    let (d, mut desk) = desk();
    let body = "{\"@type\":\"ClaimReview\",\"claimReviewed\":[\"a\"]}\n{\"@type\":\"ClaimReview\",\"claimReviewed\":\"x\",\"author\":7}\n";
    let (code, msg) = refused(&mut desk, &file(d.path(), "types.jsonl", body));
    assert_eq!(code, "archive.no_valid_record");
    assert!(
        msg.contains("line 1: `claimReviewed` must be a string, not a list"),
        "{msg}"
    );
    assert!(msg.contains("and 1 more"), "{msg}");
    let (code, _) = refused(&mut desk, &file(d.path(), "num.json", "42"));
    assert_eq!(code, "archive.format");
}

#[test]
fn a_ten_megabyte_string_is_refused() {
    let (d, mut desk) = desk();
    let big = "a".repeat(10 << 20);
    let (code, msg) = refused(
        &mut desk,
        &file(d.path(), "string.json", format!("\"{big}\"")),
    );
    assert_eq!(code, "archive.format", "{msg}");
    let record = format!("{{\"@type\":\"ClaimReview\",\"claimReviewed\":\"{big}\"}}\n");
    let (code, msg) = refused(&mut desk, &file(d.path(), "field.jsonl", record));
    assert_eq!(code, "archive.no_valid_record");
    assert!(
        msg.contains("line 1: `claimReviewed` is 10,485,760 characters long"),
        "{msg}"
    );
}

#[test]
fn html_without_claimreview_is_refused() {
    let (d, mut desk) = desk();
    let html = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"x\"}</script></head><body>hi</body></html>";
    let (code, msg) = refused(&mut desk, &file(d.path(), "page.html", html));
    assert_eq!(code, "archive.no_claimreview", "{msg}");
    assert!(msg.contains("HTML page holds no ClaimReview"), "{msg}");
    let (code, _) = refused(&mut desk, &file(d.path(), "empty.json", "  \n"));
    assert_eq!(code, "archive.empty");
}

#[test]
fn a_large_archive_streams_with_progress() {
    let (d, mut desk) = desk();
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&review(
            &format!("r{i}"),
            &format!("Claim number {i} about topic {}", i % 97),
            "False",
        ));
        body.push('\n');
    }
    let p = file(d.path(), "big.jsonl", body);
    let mut seen = Vec::new();
    let r = desk.import_archive(&p, &mut |p| seen.push(p)).unwrap();
    assert_eq!(r.added, 20_000);
    assert!(seen.len() >= 10, "progress reported {} times", seen.len());
    assert!(seen.windows(2).all(|w| w[0].records < w[1].records));
    assert!(seen.iter().any(|p| p.bytes > 0 && p.total_bytes > 0));
}
