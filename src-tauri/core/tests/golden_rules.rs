//! The English "Golden Rules" of sentence splitting (pragmatic_segmenter, via pySBD), run the
//! way the scorer runs them: each input written to a .txt file, imported, then analysed.

use factdesk_core::analysis::{analyze, AnalyzeOptions};
use factdesk_core::import::{import_bytes, ImportOptions};
use std::path::{Path, PathBuf};

/// Third-party data is read where it lives, in `../shared/eval/data` (never copied here).
fn data() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/data");
    if d.join("golden_rules_en.json").is_file() {
        Some(d)
    } else {
        eprintln!("SKIPPED: ../shared/eval/data/golden_rules_en.json is absent");
        None
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn all_48_golden_rules_pass() {
    let Some(data) = data() else { return };
    let raw = std::fs::read_to_string(data.join("golden_rules_en.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let rules = json["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 48);
    let mut failed = Vec::new();
    for rule in rules {
        let input = rule["input"].as_str().unwrap();
        let expected: Vec<String> = rule["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| squash(e.as_str().unwrap()))
            .collect();
        let doc = import_bytes(
            Path::new("rule.txt"),
            input.as_bytes(),
            &ImportOptions::default(),
        )
        .unwrap();
        let a = analyze(&doc, &AnalyzeOptions::default());
        let got: Vec<String> = a
            .sentences
            .iter()
            .map(|s| squash(&doc.text[s.range.clone()]))
            .filter(|s| !s.is_empty())
            .collect();
        if got != expected {
            failed.push(format!(
                "rule {} ({}): got {got:?}",
                rule["id"], rule["name"]
            ));
        }
    }
    assert!(failed.is_empty(), "failed rules:\n{}", failed.join("\n"));
}
