//! A large document analysed on several threads gives exactly what one thread gives: the same
//! sentences, scores, claims, reasons and facts, in the same order, and the same JSON contract.

use factdesk_core::analysis::{analyze, Analysis, AnalyzeOptions, PARALLEL_MIN_BYTES};
use factdesk_core::contract;
use factdesk_core::import::{import_bytes, ImportOptions};
use factdesk_core::Document;
use std::path::Path;

/// Real articles repeated past the parallel threshold, with paragraphs of a quotation that
/// stays open at a block's end and names that appear capitalised only far from their first use.
fn large_article(ext: &str) -> Document {
    let mut parts = Vec::new();
    for name in ["sample/trump-kim.md", "sample/trump-kim.txt"] {
        parts.push(std::fs::read_to_string(factdesk_core::test_fixtures::path(name)).unwrap());
    }
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 4 * PARALLEL_MIN_BYTES {
        i += 1;
        for p in &parts {
            text.push_str(p);
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "\"The committee met {i} times and never voted. It was a farce,\n\n\
             said nobody. Officials in cityname{i} reported 1,{i:03} cases on March {d}.\n\n\
             Update {i}: Zorblat reported a record. He said it was the first time.\n\n",
            d = i % 28 + 1
        ));
    }
    text.push_str("The report by Quarnex Holdings said sales rose 4% in 2024.\n");
    import_bytes(
        Path::new(&format!("big.{ext}")),
        text.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap()
}

fn with_threads(doc: &Document, threads: usize) -> Analysis {
    analyze(
        doc,
        &AnalyzeOptions {
            threads: Some(threads),
            ..Default::default()
        },
    )
}

fn json(doc: &Document, a: &Analysis) -> Vec<u8> {
    let mut out = Vec::new();
    contract::write_json(&contract::report("big.md", doc, a), &mut out).unwrap();
    out
}

#[test]
fn several_threads_give_the_single_thread_result() {
    for ext in ["md", "txt"] {
        let doc = large_article(ext);
        assert!(doc.text.len() > PARALLEL_MIN_BYTES && doc.blocks.len() > 100);
        let one = with_threads(&doc, 1);
        assert!(one.sentences.len() > 1000 && one.claims.len() > 500);
        let one_json = json(&doc, &one);
        for threads in [2, 3, 7, doc.blocks.len() + 5] {
            let many = with_threads(&doc, threads);
            assert_eq!(many.sentences, one.sentences, "{ext}, {threads} threads");
            assert_eq!(many.claims, one.claims, "{ext}, {threads} threads");
            assert!(json(&doc, &many) == one_json, "{ext}, {threads} threads");
        }
        // The default picks its own thread count and still agrees.
        let auto = analyze(&doc, &AnalyzeOptions::default());
        assert_eq!(auto.sentences, one.sentences);
        assert_eq!(auto.claims, one.claims);
    }
}

#[test]
fn a_name_seen_only_in_another_part_still_counts() {
    // "Quarnex" is capitalised mid-sentence only in the last block, so on its own the first
    // block would not know the sentence-initial "Quarnex" is a name.
    let mut text = String::from("Quarnex reported 12 deaths on Monday.\n\n");
    while text.len() < 2 * PARALLEL_MIN_BYTES {
        text.push_str("Critics were not convinced by the plan at all.\n\n");
    }
    let quarnex = |doc: &Document, a: &Analysis| {
        a.claims[0]
            .facts
            .iter()
            .any(|(r, _)| &doc.text[r.clone()] == "Quarnex")
    };
    // Without the last block the first sentence's "Quarnex" is not known as a name.
    let head = import_bytes(
        Path::new("n.txt"),
        text.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(!quarnex(&head, &with_threads(&head, 4)));
    text.push_str("The board of Quarnex met on Monday.\n");
    let doc = import_bytes(
        Path::new("n.txt"),
        text.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    let one = with_threads(&doc, 1);
    let many = with_threads(&doc, 4);
    assert_eq!(many.claims, one.claims);
    assert_eq!(one.claims[0].range.start, 0);
    assert!(quarnex(&doc, &one) && quarnex(&doc, &many));
}
