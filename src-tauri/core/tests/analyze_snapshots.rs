//! The `factdesk analyze --json` contract on the sample article in each format, pinned by insta
//! snapshots in `tests/snapshots/`: the fields and every sentence's span (the article's text is
//! redacted: it is not the project's to copy). The scores, and which sentences are proposed as
//! claims, come from the claim scorer's learned weights (`make train`), so they are not pinned:
//! sentence scores are redacted, and the claims are checked against the contract here and
//! pinned by their fields only.
//!
//! The JSON is made by the calls `factdesk analyze --json` makes (`cli/analyze.rs`): import,
//! analyse with the default options, `contract::report`, `contract::write_json` (which
//! `write_json_to`, the CLI's streaming writer, matches byte for byte; see `contract.rs`).
//! Update: `INSTA_UPDATE=always cargo test -p factdesk-core --test analyze_snapshots`.

use factdesk_core::analysis::{analyze, AnalyzeOptions};
use factdesk_core::contract;
use factdesk_core::import::{import_path, ImportOptions};
use serde_json::{json, Value};

/// The contract of `file`, as `factdesk analyze --json` writes it (the path as given: `name`).
fn analyze_json(file: &str) -> Value {
    // Made from ../shared by `make fixtures` (not in git); says so when missing.
    let path = factdesk_core::test_fixtures::path(&format!("sample/{file}"));
    let doc = import_path(&path, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let analysis = analyze(&doc, &AnalyzeOptions::default());
    let mut out = Vec::new();
    contract::write_json(&contract::report(file, &doc, &analysis), &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

fn num(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not a count: {v}"))
}

/// Checks each claim against the contract; returns the claims replaced by what is pinned:
/// their fields (the same for every claim).
fn claims_shape(report: &Value) -> Value {
    let chars: Vec<char> = report["text"].as_str().unwrap().chars().collect();
    let sentences = report["sentences"].as_array().unwrap();
    let starts: Vec<u64> = sentences.iter().map(|s| num(s, "start")).collect();
    let ends: Vec<u64> = sentences.iter().map(|s| num(s, "end")).collect();
    let claims = report["claims"].as_array().unwrap();
    assert!(!claims.is_empty(), "the sample has claims");
    let mut fields: Option<Vec<String>> = None;
    for c in claims {
        let keys: Vec<String> = c.as_object().unwrap().keys().cloned().collect();
        assert_eq!(fields.get_or_insert_with(|| keys.clone()), &keys, "{c}");
        let (s, e) = (num(c, "start"), num(c, "end"));
        // A claim is one sentence, or a quotation over several of one paragraph.
        assert!(
            starts.contains(&s) && ends.contains(&e) && s < e,
            "claim not on sentence bounds: {c}"
        );
        let text: String = chars[s as usize..e as usize].iter().collect();
        assert_eq!(c["text"].as_str(), Some(text.as_str()), "{c}");
        let score = c["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{c}");
        assert!(c["kinds"].as_array().unwrap().iter().all(Value::is_string));
        assert!(c["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string));
    }
    json!({ "fields": fields.unwrap() })
}

fn check(file: &str) {
    let mut report = analyze_json(file);
    let sentences = report["sentences"].as_array().unwrap();
    assert!(sentences
        .windows(2)
        .all(|w| num(&w[0], "end") <= num(&w[1], "start")));
    for s in sentences {
        let score = s["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{s}");
    }
    report["claims"] = claims_shape(&report);
    insta::assert_json_snapshot!(file.replace(['.', '-'], "_"), report, {
        ".sentences[].score" => "[score: learned weights]",
        // The article's own words stay in ../shared (third-party text is not copied here).
        ".text" => "[the article's text]",
    });
}

#[test]
fn sample_txt() {
    check("trump-kim.txt");
}

#[test]
fn sample_md() {
    check("trump-kim.md");
}

#[test]
fn sample_html() {
    check("trump-kim.html");
}

#[test]
fn sample_docx() {
    check("trump-kim.docx");
}
