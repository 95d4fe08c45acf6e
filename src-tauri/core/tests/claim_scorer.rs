//! The learned claim scorer: its weights are fresh for the data and code, and on the sample
//! and the fixtures it proposes, ranks and explains the way a checker expects.

use factdesk_core::analysis::training::input_hash;
use factdesk_core::analysis::{analyze, scorer, Analysis, AnalyzeOptions};
use factdesk_core::import::{import_path, ImportOptions};
use factdesk_core::Document;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> Option<PathBuf> {
    let s = repo().join("../shared");
    if s.join("eval/data/news").is_dir() {
        Some(s)
    } else {
        eprintln!("SKIPPED: ../shared/eval is absent, so the training inputs cannot be hashed");
        None
    }
}

fn open(path: &Path) -> (Document, Analysis) {
    let doc = import_path(path, &ImportOptions::default()).expect("fixture imports");
    let a = analyze(&doc, &AnalyzeOptions::default());
    (doc, a)
}

fn sample() -> PathBuf {
    factdesk_core::test_fixtures::sample("txt")
}

#[test]
fn embedded_weights_are_a_weights_file() {
    let w = scorer::embedded().expect("model/claim_scorer.bin parses");
    assert!(w.threshold > 0.0 && w.threshold < 1.0, "{}", w.threshold);
}

#[test]
fn weights_are_fresh_for_the_labels_the_data_and_the_code() {
    let Some(shared) = shared() else { return };
    let w = scorer::embedded().expect("weights");
    let now = input_hash(&repo(), &shared).expect("inputs readable");
    assert!(
        w.input_hash == now,
        "the claim scorer's weights are stale: the labels, the training data or the feature code \
         changed since they were trained. Run `make train` and commit src-tauri/core/model/."
    );
}

#[test]
fn the_hanoi_sentence_is_proposed_among_the_top_three_with_a_reason_a_checker_can_use() {
    let (doc, a) = open(&sample());
    let hanoi = a
        .claims
        .iter()
        .find(|c| doc.text[c.range.clone()].contains("Hanoi"))
        .expect("the Hanoi sentence is proposed");
    let better = a.sentences.iter().filter(|s| s.score > hanoi.score).count();
    assert!(
        better < 3,
        "{better} sentences score above the Hanoi sentence"
    );
    let reasons = hanoi.reasons.to_vec();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("first time") || r.contains("Hanoi")),
        "{reasons:?}"
    );
}

#[test]
fn a_quotation_over_several_sentences_is_one_claim() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("quote.txt");
    std::fs::write(
        &path,
        "Minister defends the budget\n\nThe minister said on Monday: \u{201c}We cut taxes by 3 \
         percent in 2023. It's very simple. Nobody paid more. We kept every promise.\u{201d} \
         Critics disagreed.\n",
    )
    .expect("write");
    let (doc, a) = open(&path);
    let quote: Vec<_> = a
        .claims
        .iter()
        .filter(|c| doc.text[c.range.clone()].contains("3 percent"))
        .collect();
    assert_eq!(quote.len(), 1);
    let text = &doc.text[quote[0].range.clone()];
    assert!(text.contains("We kept every promise."), "{text}");
    assert!(!a
        .claims
        .iter()
        .any(|c| doc.text[c.range.clone()].trim() == "It's very simple."));
}

/// Every readable fixture article.
fn fixture_articles() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![repo().join("tests/fixtures")];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = p.to_string_lossy();
            if p.is_dir() {
                if !name.contains("fuzz") && !name.contains("hostile") {
                    dirs.push(p);
                }
            } else if ["txt", "md", "html", "docx"]
                .iter()
                .any(|x| p.extension().is_some_and(|e| e == *x))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_proposal_says_why_and_no_dateline_is_proposed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dateline.txt");
    std::fs::write(
        &path,
        "George Bush arrives in Middle East\n\nTuesday, January 28, 2014\n\nEvansville, \
         Indiana, United States -\n\nThe president landed in Kuwait on Friday, the first stop of \
         a nine-day trip to the Middle East.\n",
    )
    .expect("write");
    let (doc, a) = open(&path);
    let said = |c: &factdesk_core::analysis::ClaimCandidate| doc.text[c.range.clone()].to_string();
    assert!(
        !a.claims.iter().any(|c| said(c).contains("Evansville")),
        "{:?}",
        a.claims.iter().map(said).collect::<Vec<_>>()
    );
    let headline = a
        .claims
        .iter()
        .find(|c| said(c).starts_with("George Bush"))
        .expect("the headline is proposed");
    assert!(
        headline.reasons.iter().any(|r| r == "the headline"),
        "{:?}",
        headline.reasons
    );
    let mut checked = 0;
    for path in fixture_articles().into_iter().chain([path.clone()]) {
        let Ok(doc) = import_path(&path, &ImportOptions::default()) else {
            continue;
        };
        let a = analyze(&doc, &AnalyzeOptions::default());
        for c in &a.claims {
            assert!(
                !c.reasons.is_empty(),
                "{}: {:?} is proposed without a reason",
                path.display(),
                &doc.text[c.range.clone()]
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} claims checked");
}

#[test]
fn no_reason_names_a_sentence_initial_ordinary_word_as_a_name() {
    let mut checked = 0;
    for path in fixture_articles() {
        let Ok(doc) = import_path(&path, &ImportOptions::default()) else {
            continue;
        };
        let a = analyze(&doc, &AnalyzeOptions::default());
        let lower = doc.text.to_lowercase();
        for c in &a.claims {
            let sentence =
                doc.text[c.range.clone()].trim_start_matches(|ch: char| !ch.is_alphanumeric());
            for r in c.reasons.iter() {
                let Some(rest) = [
                    "name '",
                    "named person '",
                    "named organisation '",
                    "place '",
                ]
                .iter()
                .find_map(|p| r.strip_prefix(p)) else {
                    continue;
                };
                let name = rest.split('\'').next().unwrap_or_default();
                checked += 1;
                if name.contains(' ') || !sentence.starts_with(name) {
                    continue;
                }
                // An ordinary word: the article also writes it in lower case, as a word.
                let word = name.to_lowercase();
                let ordinary = lower.match_indices(&word).any(|(i, _)| {
                    let before = doc.text[..i].chars().next_back();
                    let after = doc.text[i + word.len()..].chars().next();
                    doc.text[i..].starts_with(&word)
                        && !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                });
                assert!(
                    !ordinary,
                    "{}: reason {r:?} names the sentence-initial ordinary word {name:?}",
                    path.display()
                );
            }
        }
    }
    assert!(checked > 10, "only {checked} name reasons seen");
}

#[test]
fn a_lone_ordinal_an_honorific_or_a_nationality_is_not_a_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("names.txt");
    std::fs::write(
        &path,
        "Talks\n\nThe First meeting was held in Hanoi in 2019, officials said. The North Korean \
         side rejected the offer on 3 May, the ministry said. He met Mr. Smith in Paris on 4 May \
         and signed the deal.\n",
    )
    .expect("write");
    let (_, a) = open(&path);
    let reasons: Vec<String> = a.claims.iter().flat_map(|c| c.reasons.to_vec()).collect();
    for bad in ["'First'", "'North Korean'", "'Mr'", "'The'"] {
        assert!(
            !reasons
                .iter()
                .any(|r| r.contains(bad) && !r.starts_with("wording")),
            "{bad} in {reasons:?}"
        );
    }
}

#[test]
fn the_library_remembers_fewer_or_more_proposals_for_articles_opened_later() {
    use factdesk_core::app::{Desk, Proposals, Settings};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("lib.sqlite3");
    let text = std::fs::read_to_string(sample()).expect("sample");
    let mut counts = Vec::new();
    for (k, level) in [Proposals::Fewer, Proposals::Default, Proposals::More]
        .into_iter()
        .enumerate()
    {
        {
            let mut desk = Desk::open(&db).expect("library");
            let s = desk.settings().expect("settings");
            desk.set_settings(&Settings {
                proposals: level,
                ..s
            })
            .expect("saved");
        }
        // Reopened: the level is the library's, not the session's.
        let mut desk = Desk::open(&db).expect("library");
        assert_eq!(desk.settings().expect("settings").proposals, level);
        let file = dir.path().join(format!("article-{k}.txt"));
        std::fs::write(&file, format!("{text}\n\nCopy {k}.")).expect("write");
        let opened = desk.open_article(&file).expect("opens");
        counts.push(desk.claims(&opened.article.id).expect("claims").len());
    }
    assert!(counts[0] < counts[1] && counts[1] < counts[2], "{counts:?}");
}
