//! Claim detection on the labelled dev articles (Wikinews, CC BY 2.5; read from
//! ../shared/eval/data, see its ATTRIBUTION.md), measured the way ../shared/eval/scoring.py
//! measures it, plus the sample article's Hanoi sentence.

use factdesk_core::analysis::{analyze, Analysis, AnalyzeOptions};
use factdesk_core::import::{import_path, ImportOptions};
use factdesk_core::model::ClaimKind;
use factdesk_core::Document;
use std::path::{Path, PathBuf};

/// Third-party data is read where it lives, in `../shared/eval/data` (never copied here).
fn data() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/data");
    if d.join("claims_dev.jsonl").is_file() {
        Some(d)
    } else {
        eprintln!("SKIPPED: ../shared/eval/data/claims_dev.jsonl is absent");
        None
    }
}

fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201c}' | '\u{201d}' => '"',
        '\u{2013}' | '\u{2014}' => '-',
        c => c,
    }
}

/// The text without whitespace, with each kept char's byte offset in the original.
struct Squashed {
    chars: Vec<char>,
    at: Vec<usize>,
}

impl Squashed {
    fn new(text: &str) -> Self {
        let (mut chars, mut at) = (Vec::new(), Vec::new());
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() {
                chars.push(fold(c));
                at.push(i);
            }
        }
        Squashed { chars, at }
    }

    /// Squashed span of a byte range of the original.
    fn span(&self, start: usize, end: usize) -> (usize, usize) {
        (
            self.at.partition_point(|&b| b < start),
            self.at.partition_point(|&b| b < end),
        )
    }

    fn locate(&self, needle: &str, from: usize) -> Option<(usize, usize)> {
        let n: Vec<char> = needle
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(fold)
            .collect();
        let find = |from: usize| {
            (from..=self.chars.len().saturating_sub(n.len()))
                .find(|&i| self.chars[i..i + n.len()] == n[..])
        };
        find(from).or_else(|| find(0)).map(|i| (i, i + n.len()))
    }
}

struct Judged {
    label: u8,
    proposed: bool,
    score: f32,
}

fn judge(doc: &Document, a: &Analysis, rows: &[(u8, String)]) -> Vec<Judged> {
    let sq = Squashed::new(&doc.text);
    let claims: Vec<(usize, usize)> = a
        .claims
        .iter()
        .map(|c| sq.span(c.range.start, c.range.end))
        .collect();
    let sentences: Vec<((usize, usize), f32)> = a
        .sentences
        .iter()
        .map(|s| (sq.span(s.range.start, s.range.end), s.score))
        .collect();
    let overlaps = |x: (usize, usize), y: (usize, usize)| x.0 < y.1 && y.0 < x.1;
    let mut cursor = 0;
    rows.iter()
        .map(|(label, text)| {
            let loc = sq
                .locate(text, cursor)
                .expect("gold sentence found in the text");
            cursor = loc.1;
            Judged {
                label: *label,
                proposed: claims.iter().any(|&c| overlaps(c, loc)),
                score: sentences
                    .iter()
                    .filter(|(s, _)| overlaps(*s, loc))
                    .map(|(_, sc)| *sc)
                    .fold(0.0, f32::max),
            }
        })
        .collect()
}

fn average_precision(judged: &[Judged]) -> f64 {
    let mut ranked: Vec<&Judged> = judged.iter().collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    let (mut hits, mut total) = (0.0, 0.0);
    for (k, j) in ranked.iter().enumerate() {
        if j.label == 2 {
            hits += 1.0;
            total += hits / (k as f64 + 1.0);
        }
    }
    total / hits
}

#[test]
fn dev_articles_meet_the_claim_targets() {
    let Some(data) = data() else { return };
    let gold = std::fs::read_to_string(data.join("claims_dev.jsonl")).unwrap();
    let mut by_doc: Vec<(String, Vec<(u8, String)>)> = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = row["doc"].as_str().unwrap().to_string();
        let item = (
            row["label"].as_u64().unwrap() as u8,
            row["text"].as_str().unwrap().to_string(),
        );
        match by_doc.last_mut() {
            Some((d, rows)) if *d == doc => rows.push(item),
            _ => by_doc.push((doc, vec![item])),
        }
    }
    let mut judged = Vec::new();
    for (doc_id, rows) in &by_doc {
        let dir = data.join("articles");
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{doc_id}-"))
            })
            .unwrap();
        let doc = import_path(&file, &ImportOptions::default()).unwrap();
        let a = analyze(&doc, &AnalyzeOptions::default());
        judged.extend(judge(&doc, &a, rows));
    }
    let rate = |labels: &[u8], want: bool| {
        let all: Vec<&Judged> = judged
            .iter()
            .filter(|j| labels.contains(&j.label))
            .collect();
        all.iter().filter(|j| j.proposed == want).count() as f64 / all.len() as f64
    };
    let recall_factual = rate(&[1, 2], true);
    let recall_central = rate(&[2], true);
    let rejection = rate(&[0], false);
    let balanced = (recall_factual + rejection) / 2.0;
    let ap = average_precision(&judged);
    let figures = format!(
        "recall(factual) {recall_factual:.3} recall(central) {recall_central:.3} \
         rejection {rejection:.3} balanced {balanced:.3} AP(central) {ap:.3}"
    );
    // The scorer is trained on other articles (eval/labels); these three are unseen by it.
    // They hold only 12 non-factual sentences (one is 4 points of balance), so balance is
    // held to a smoke-test floor here; the cross-validated news figures (`make eval`) are the
    // measure.
    assert!(recall_central >= 0.95, "{figures}");
    assert!(balanced >= 0.80, "{figures}");
    assert!(ap >= 0.80, "{figures}");
}

#[test]
fn the_hanoi_sentence_is_an_event_and_comparison_claim_with_its_reason() {
    let doc = import_path(
        &factdesk_core::test_fixtures::sample("txt"),
        &ImportOptions::default(),
    )
    .unwrap();
    let a = analyze(&doc, &AnalyzeOptions::default());
    let claim = a
        .claims
        .iter()
        .find(|c| doc.text[c.range.clone()].starts_with("The First was in Hanoi"))
        .expect("the Hanoi sentence is proposed");
    let text = &doc.text[claim.range.clone()];
    assert!(text.ends_with("side of the border."), "{text}");
    assert!(claim.kinds.contains(ClaimKind::Event), "{:?}", claim.kinds);
    assert!(
        claim.kinds.contains(ClaimKind::Comparison),
        "{:?}",
        claim.kinds
    );
    assert!(
        claim
            .reasons
            .iter()
            .any(|r| r.contains("first time in history")),
        "{:?}",
        claim.reasons
    );
    assert!(claim
        .facts
        .iter()
        .any(|(r, _)| &doc.text[r.clone()] == "Hanoi"));
}

#[test]
fn min_score_controls_what_is_proposed() {
    let doc = import_path(
        &factdesk_core::test_fixtures::sample("txt"),
        &ImportOptions::default(),
    )
    .unwrap();
    let all = analyze(
        &doc,
        &AnalyzeOptions {
            min_score: 0.0,
            ..Default::default()
        },
    );
    let default = analyze(&doc, &AnalyzeOptions::default());
    let strict = analyze(
        &doc,
        &AnalyzeOptions {
            min_score: 0.9,
            min_factual: None,
            ..Default::default()
        },
    );
    assert!(all.claims.len() > default.claims.len());
    assert!(default.claims.len() > strict.claims.len());
    assert!(strict.claims.iter().all(|c| c.score >= 0.9));
    assert_eq!(all.sentences, default.sentences);
}
