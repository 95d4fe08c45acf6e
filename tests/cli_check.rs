//! A whole check from the command line, as a script would do it: import the sample, dispute
//! the Hanoi claim with a note and two sources, undo and redo, re-import an edited copy, and
//! find the claim carried over with its check.

use std::path::Path;
use std::process::Command;

fn factdesk(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run factdesk");
    assert!(
        out.status.success(),
        "factdesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn hanoi(db: &Path) -> serde_json::Value {
    let claims: serde_json::Value =
        serde_json::from_str(&factdesk(db, &["claims", "a1", "--json"])).expect("claims json");
    claims
        .as_array()
        .and_then(|a| {
            a.iter().find(|c| {
                c["anchor"]["quote"]
                    .as_str()
                    .is_some_and(|q| q.contains("The First was in Hanoi"))
            })
        })
        .cloned()
        .expect("the Hanoi sentence is a proposed claim")
}

#[test]
fn a_whole_check_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("factdesk-cli-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = dir.join("library.sqlite3");
    let article = dir.join("article.txt");
    let sample =
        std::fs::read_to_string(factdesk_core::test_fixtures::sample("txt")).expect("sample");
    std::fs::write(&article, &sample).expect("write article");

    factdesk(&db, &["import", article.to_str().expect("utf-8 path")]);
    let id = hanoi(&db)["id"].as_str().expect("id").to_string();
    factdesk(&db, &["tag", "a1", &id, "disputed"]);
    factdesk(
        &db,
        &["note", "a1", &id, "First summit: Singapore, June 2018."],
    );
    factdesk(
        &db,
        &[
            "source",
            "add",
            "a1",
            &id,
            "--title",
            "Reuters",
            "--location",
            "https://www.reuters.com/x",
        ],
    );
    factdesk(
        &db,
        &[
            "source",
            "add",
            "a1",
            &id,
            "--kind",
            "document",
            "--title",
            "State Dept. chronology",
        ],
    );
    assert_eq!(hanoi(&db)["sources"].as_array().map(Vec::len), Some(2));

    factdesk(&db, &["undo"]);
    assert_eq!(
        hanoi(&db)["sources"].as_array().map(Vec::len),
        Some(1),
        "undo removes the second source"
    );
    factdesk(&db, &["redo"]);
    assert_eq!(
        hanoi(&db)["sources"].as_array().map(Vec::len),
        Some(2),
        "redo brings it back"
    );

    // The editor adds a paragraph above: the claim moves but keeps its check.
    std::fs::write(
        &article,
        sample.replacen(
            "During his first term",
            "Editor's note: updated.\nDuring his first term",
            1,
        ),
    )
    .expect("edit");
    factdesk(&db, &["import", article.to_str().expect("utf-8 path")]);
    let c = hanoi(&db);
    assert_eq!(c["id"], id.as_str());
    assert_eq!(c["status"], "disputed");
    assert_eq!(c["note"], "First summit: Singapore, June 2018.");
    assert_eq!(c["orphaned"], false);
    assert!(c["anchor"]["start"].as_u64() > Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `match --batch` contract the retrieval scorer (`../shared/eval/retrieval`) runs: one JSON
/// line per query, matches best first with id, score, origin, claim, rating and url.
#[test]
fn archive_import_and_match_batch_keep_the_scorers_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("lib.sqlite3");
    let archive = dir.path().join("archive.jsonl");
    std::fs::write(
        &archive,
        concat!(
            r#"{"@type":"ClaimReview","identifier":"fc-1","claimReviewed":"Wind turbines cause cancer in people who live near them.","reviewRating":{"alternateName":"False"},"url":"https://fc.example/1"}"#,
            "\n",
            r#"{"@type":"ClaimReview","identifier":"fc-2","claimReviewed":"The Golden Gate Bridge was painted blue in 1950.","reviewRating":{"alternateName":"False"}}"#,
            "\n"
        ),
    )
    .expect("archive");
    factdesk(&db, &["archive", "import", archive.to_str().expect("path")]);
    let queries = dir.path().join("queries.tsv");
    std::fs::write(&queries, "q1\tDo wind turbines give cancer to people living near them?\nq2\tzebra saxophone quantum\n").expect("queries");
    let out = factdesk(
        &db,
        &[
            "match",
            "--batch",
            queries.to_str().expect("path"),
            "--top",
            "5",
            "--json",
        ],
    );
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["query"], "q1");
    let first = &lines[0]["matches"][0];
    assert_eq!(first["id"], "fc-1");
    assert_eq!(first["origin"], "archive");
    assert_eq!(first["rating"], "False");
    assert_eq!(first["url"], "https://fc.example/1");
    assert!(first["score"].as_f64().is_some());
    assert_eq!(lines[1]["matches"], serde_json::json!([]));
    let list = factdesk(&db, &["archive", "list", "--json"]);
    assert!(list.contains("\"records\":2"), "{list}");
}

#[test]
fn a_mistyped_subcommand_is_refused_with_a_suggestion_not_opened() {
    let dir = tempfile_dir("mistyped");
    let out = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .current_dir(&dir)
        .args(["improt", "story.txt"])
        .env("FACTDESK_DB", dir.join("library.sqlite3"))
        .output()
        .expect("run factdesk");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unrecognized subcommand 'improt'"), "{err}");
    assert!(err.contains("'import'"), "a suggestion: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn no_display_is_one_line_and_exit_1_without_a_backtrace() {
    let dir = tempfile_dir("no-display");
    let article = dir.join("story.txt");
    std::fs::write(&article, "The bridge opened in 1932.").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_factdesk"))
        .arg(&article)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("FACTDESK_DB", dir.join("library.sqlite3"))
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run factdesk");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains("no display"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("gtk"), "{err}");
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("factdesk-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
