//! The same article as text, Markdown, a saved web page and a Word file: every reader must
//! give the same headline and the same body text.

use factdesk_core::document::{BlockKind, Document};
use factdesk_core::import::{import_path, ImportOptions};

fn fixture(ext: &str) -> Document {
    let p = factdesk_core::test_fixtures::sample(ext);
    import_path(&p, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Story paragraphs in order, whitespace folded (a post's two lines, a quote's paragraphs).
fn body(d: &Document) -> String {
    d.blocks
        .iter()
        .filter(|b| {
            matches!(
                b.kind,
                BlockKind::Paragraph | BlockKind::Quote | BlockKind::Post | BlockKind::ListItem
            )
        })
        .map(|b| d.block_text(b))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn four_formats_one_article() {
    let txt = fixture("txt");
    let want_title = "Trump Said To Be Weighing Direct Talks With North Korea’s Kim";
    let want_body = body(&txt);
    assert!(
        want_body.starts_with("During his first term"),
        "{want_body}"
    );
    assert!(
        want_body.ends_with("heavy weaponry on Ukraine’s side."),
        "{want_body}"
    );
    for ext in ["txt", "md", "html", "docx"] {
        let d = fixture(ext);
        assert_eq!(d.title.as_deref(), Some(want_title), "{ext}");
        assert_eq!(d.blocks[0].kind, BlockKind::Title, "{ext}");
        assert_eq!(d.block_text(&d.blocks[0]), want_title, "{ext}");
        assert_eq!(body(&d), want_body, "{ext}: body differs");
        assert_eq!(d.byline.as_deref(), Some("Tyler Durden"), "{ext}");
        assert!(
            d.published
                .as_deref()
                .is_some_and(|p| p.starts_with("2024-11-2")),
            "{ext}: {:?}",
            d.published
        );
    }
}

/// Share of the words that line up: 1 − word-level edit distance / longer length.
fn token_similarity(a: &str, b: &str) -> f64 {
    let a: Vec<&str> = a.split_whitespace().collect();
    let b: Vec<&str> = b.split_whitespace().collect();
    let d = strsim::generic_levenshtein(&a, &b);
    1.0 - d as f64 / a.len().max(b.len()).max(1) as f64
}

/// The PDF (made from the Markdown by `scripts/make-pdf-corpus.sh`: one column, a running
/// header, "Page N of M" footers, hyphenated line ends, two pages) reads as the same article.
#[test]
fn the_pdf_gives_the_same_headline_and_body() {
    let txt = fixture("txt");
    let pdf = fixture("pdf");
    let want_title = "Trump Said To Be Weighing Direct Talks With North Korea’s Kim";
    assert_eq!(pdf.title.as_deref(), Some(want_title));
    assert_eq!(pdf.blocks[0].kind, BlockKind::Title);
    assert_eq!(pdf.block_text(&pdf.blocks[0]), want_title);
    let (want, got) = (body(&txt), body(&pdf));
    let sim = token_similarity(&want, &got);
    assert!(
        sim >= 0.98,
        "token similarity {sim:.4}\nwant: {want}\ngot:  {got}"
    );
    // Nothing of the page furniture, and no hyphen left from a line break.
    for junk in ["ZeroHedge | Geopolitical", "Page 1 of 2", "Page 2 of 2"] {
        assert!(!pdf.text.contains(junk), "{junk}");
    }
    assert!(!got.contains("- "), "a line-end hyphen survived: {got}");
    assert_eq!(pdf.byline.as_deref(), Some("Tyler Durden"));
    assert!(pdf
        .published
        .as_deref()
        .is_some_and(|p| p.starts_with("2024-11-2")));
    // Every block knows its page; the article runs over two.
    assert_eq!(pdf.places.len(), pdf.blocks.len());
    assert_eq!(pdf.page_of(0), Some(1));
    assert_eq!(pdf.page_of(pdf.blocks.len() - 1), Some(2));
}

#[test]
fn the_embedded_post_is_one_block_in_text_markdown_and_html() {
    for ext in ["txt", "md", "html"] {
        let d = fixture(ext);
        let post = d.blocks.iter().find(|b| b.kind == BlockKind::Post);
        let text = post.map(|b| d.block_text(b)).unwrap_or_default();
        assert!(
            text.ends_with("— Kolja Barghoorn (@MitAktien) July 21, 2024"),
            "{ext}: {text:?}"
        );
        assert!(
            text.contains("pic.twitter.com/iGJ10hlbAK\n"),
            "{ext}: {text:?}"
        );
    }
}

#[test]
fn the_saved_page_drops_its_chrome_and_keeps_links() {
    let d = fixture("html");
    for chrome in [
        "Markets slide",
        "Subscribe to Premium",
        "Great article",
        "All rights",
        "tracker",
        "Geopolitical",
    ] {
        assert!(!d.text.contains(chrome), "{chrome} leaked");
    }
    assert!(d.links.iter().any(|l| l.href == "https://t.co/iGJ10hlbAK"));
}
