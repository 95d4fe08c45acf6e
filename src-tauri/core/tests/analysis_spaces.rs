//! Web pages and French or Swiss copy put no-break, narrow no-break and thin spaces between
//! words and inside numbers. They must neither crash the analysis nor shift what it finds:
//! the same text with plain spaces gives the same claims and the same facts.

use factdesk_core::analysis::{analyze, AnalyzeOptions};
use factdesk_core::import::{import_bytes, ImportOptions};
use std::path::Path;

const ARTICLE: &str = "Le Monde reported on Tuesday that President Emmanuel Macron spent \
$3.5 billion on 12 May 2019, the first time in history a French leader had done so.\n\n\
“We will not pay,” said Olaf Scholz, adding that 40 % of the 1 200 firms had left Berlin.\n\n\
The World Health Organization said cases rose 12% in 2023, according to Reuters.\n";

/// Each claim as its quote and its facts, with every kind of space written as a plain one.
fn claims(text: &str) -> Vec<(String, Vec<String>)> {
    let doc = import_bytes(
        Path::new("a.txt"),
        text.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("import failed: {e}"));
    let plain = |s: &str| s.replace(['\u{a0}', '\u{202f}', '\u{2009}', '\u{2002}'], " ");
    analyze(&doc, &AnalyzeOptions::default())
        .claims
        .iter()
        .map(|c| {
            let facts = c
                .facts
                .iter()
                .map(|(r, _)| plain(&doc.text[r.clone()]))
                .collect();
            (plain(&doc.text[c.range.clone()]), facts)
        })
        .collect()
}

#[test]
fn wide_spaces_find_the_same_claims_and_facts_as_plain_ones() {
    let reference = claims(ARTICLE);
    assert!(reference.len() >= 3, "{reference:?}");
    assert!(reference
        .iter()
        .any(|(_, f)| f.iter().any(|f| f == "$3.5 billion")));
    for space in ['\u{a0}', '\u{202f}', '\u{2009}', '\u{2002}'] {
        let wide = ARTICLE.replace(' ', &space.to_string());
        assert_eq!(claims(&wide), reference, "with U+{:04X}", space as u32);
    }
}

#[test]
fn a_fuzzer_found_article_with_narrow_spaces_is_analysed() {
    // Found by the `roundtrip` fuzz target: a token boundary was computed inside U+202F.
    let bytes = include_bytes!("../../../tests/fixtures/fuzz/roundtrip-narrow-nbsp.md");
    let doc = import_bytes(Path::new("a.md"), bytes, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("import failed: {e}"));
    let a = analyze(&doc, &AnalyzeOptions::default());
    assert!(!a.claims.is_empty());
    for c in &a.claims {
        for (r, _) in &c.facts {
            assert!(
                doc.text.get(r.clone()).is_some(),
                "fact {r:?} splits a character"
            );
        }
    }
}
