//! PDF import on the corpus of `tests/fixtures/pdf` (made by `scripts/make-pdf-corpus.sh`)
//! and on hostile files made here: reading order, page furniture, footnotes, tables, and a
//! clear refusal for what cannot be read.

use factdesk_core::document::{BlockKind, Document};
use factdesk_core::import::pdf::write::{assemble, long_report};
use factdesk_core::import::{import_bytes, import_path, ImportOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// `trump-kim.pdf` is made by `make fixtures` (from ../shared), the others are in git.
fn corpus(name: &str) -> PathBuf {
    factdesk_core::test_fixtures::path(&format!("pdf/{name}"))
}

fn read(name: &str) -> Document {
    import_path(&corpus(name), &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn refusal(name: &str, bytes: &[u8]) -> (String, String) {
    match import_bytes(Path::new(name), bytes, &ImportOptions::default()) {
        Ok(d) => panic!("{name} was imported: {:?}", d.text),
        Err(e) => (e.code().to_string(), e.to_string()),
    }
}

fn kinds_and_texts(d: &Document) -> Vec<(BlockKind, &str)> {
    d.blocks.iter().map(|b| (b.kind, d.block_text(b))).collect()
}

#[test]
fn two_columns_read_in_order_with_headings_footnotes_and_a_table() {
    let d = read("report-two-columns.pdf");
    let blocks = kinds_and_texts(&d);
    assert_eq!(blocks[0].0, BlockKind::Title);
    // The title's short second line sits in the left column's region: it is still the title.
    assert_eq!(
        blocks[0].1,
        "Kell reservoir at 25: the Valley Water Authority names new homes for three retired pumping stations"
    );
    assert_eq!(blocks[1].0, BlockKind::Paragraph);
    // The left column's paragraphs come before the right column's, and the paragraph that
    // runs from one column into the next is one block.
    let pos = |needle: &str| {
        d.text
            .find(needle)
            .unwrap_or_else(|| panic!("missing {needle:?} in {}", d.text))
    };
    assert!(pos("The Valley Water Authority celebrated") < pos("Engineers, former staff"));
    assert!(pos("Background") < pos("We want to thank all of the families"));
    assert!(pos("We want to thank") < pos("Not all were pleased"));
    assert!(
        blocks.iter().any(|(k, t)| *k == BlockKind::Paragraph
            && t.contains("one of the buildings, and that the board chose the three proposals")),
        "a paragraph split across the columns was not joined: {blocks:#?}"
    );
    assert!(blocks.contains(&(BlockKind::Heading, "Background")));
    // Footnotes are their own blocks, after the story; not inside its paragraphs.
    let notes: Vec<&str> = blocks
        .iter()
        .filter(|(k, _)| *k == BlockKind::Footnote)
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(
        notes,
        vec![
            "1 Figures from the authority's annual report.",
            "2 The three buildings were named at the ceremony."
        ]
    );
    // A table's rows, cell by cell.
    assert!(blocks.contains(&(
        BlockKind::TableRow,
        "Dunmore | School for apprentice fitters | 1948"
    )));
    // No running header, page number, or line-end hyphen left.
    assert!(!d.text.contains("Valley Water Review 2011"));
    assert!(!d.text.contains("Page 1 of 3"));
    for b in &blocks {
        assert!(!b.1.contains("- "), "hyphen left in {:?}", b.1);
    }
    // Pages: the table is on page 3, the footnotes on page 1.
    let page = |needle: &str| {
        let i = d
            .blocks
            .iter()
            .position(|b| d.block_text(b).contains(needle))
            .unwrap_or(usize::MAX);
        d.page_of(i)
    };
    assert_eq!(page("Station | New use"), Some(3));
    assert_eq!(page("Figures from the authority"), Some(1));
    // Metadata from the information dictionary.
    assert_eq!(d.byline.as_deref(), Some("Factdesk test corpus"));
    assert_eq!(d.published.as_deref(), Some("2011-04-12T12:00:00Z"));
}

#[test]
fn a_scan_without_a_text_layer_is_refused_clearly() {
    let bytes = std::fs::read(corpus("scan.pdf")).unwrap_or_default();
    let (code, msg) = refusal("scan.pdf", &bytes);
    assert_eq!(code, "import.pdf_scan");
    assert!(msg.contains("no text layer: this PDF is a scan"), "{msg}");
}

#[test]
fn pages_without_text_are_named_and_the_rest_imported() {
    let d = read("partly-scanned.pdf");
    assert!(d.text.contains("It approved the budget."));
    assert!(d.text.contains("The mayor said the vote was close."));
    assert_eq!(
        d.warnings,
        vec!["page without text (scanned or unreadable) was not imported: 2".to_string()]
    );
    assert_eq!(d.page_of(d.blocks.len() - 1), Some(3));
}

#[test]
fn an_encrypted_pdf_is_refused() {
    let bytes = std::fs::read(corpus("encrypted.pdf")).unwrap_or_default();
    assert!(bytes.starts_with(b"%PDF-"));
    let (code, msg) = refusal("encrypted.pdf", &bytes);
    assert_eq!(code, "import.pdf_encrypted");
    assert!(msg.contains("encrypted with a password"), "{msg}");
}

#[test]
fn scripts_and_attachments_are_neither_run_nor_imported() {
    let d = read("script-and-attachment.pdf");
    assert_eq!(
        d.text,
        "A statement with a script and an attachment inside."
    );
    assert!(!d.text.contains("ATTACHMENT TEXT"));
    assert!(!d.text.contains("factdesk-script-ran"));
}

#[test]
fn damaged_and_truncated_files_are_refused() {
    let bytes = std::fs::read(corpus("trump-kim.pdf")).unwrap_or_default();
    for cut in [20, bytes.len() / 3, bytes.len() / 2] {
        match import_bytes(
            Path::new("cut.pdf"),
            &bytes[..cut],
            &ImportOptions::default(),
        ) {
            // A cut after whole pages may still read (a reader recovers what it can) …
            Ok(d) => assert!(!d.text.is_empty()),
            // … otherwise it is refused with a PDF error, never a panic.
            Err(e) => assert!(e.code().as_str().starts_with("import.pdf_"), "{cut}: {e}"),
        }
    }
    let (code, _) = refusal("junk.pdf", b"%PDF-1.7\n this is not a PDF at all");
    assert_eq!(code, "import.pdf_damaged");
    let (code, msg) = refusal("letter.pdf", b"Dear editor, this is text named .pdf");
    assert_eq!(code, "import.pdf_damaged");
    assert!(msg.contains("not a real PDF"), "{msg}");
}

/// A PDF whose one page's content is `content` (uncompressed).
fn one_page(content: &[u8]) -> Vec<u8> {
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    assemble(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
            stream,
        ],
        0,
    )
}

#[test]
fn pdf_bombs_cost_bounded_time_and_memory() {
    use std::io::Write;
    // A stream that inflates to 128 MB from about 128 KB.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..128 {
        let _ = z.write_all(&chunk);
    }
    let packed = z.finish().unwrap_or_default();
    let mut stream = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    stream.extend_from_slice(&packed);
    stream.extend_from_slice(b"\nendstream");
    let bomb = assemble(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
            stream,
        ],
        0,
    );
    let t = Instant::now();
    let (code, msg) = refusal("bomb.pdf", &bomb);
    assert_eq!(code, "import.pdf_bomb", "{msg}");
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());

    // Deep nesting (the parsers recurse).
    let deep = one_page(format!("{} BT ET", "[".repeat(100_000)).as_bytes());
    // Inside a content stream the content parser gives up: that page cannot be read.
    let (code, _) = refusal("deep.pdf", &deep);
    assert!(
        matches!(code.as_str(), "import.pdf_bomb" | "import.pdf_damaged"),
        "{code}"
    );
    // Among the objects, the guard refuses it before any parser runs.
    let mut deep_obj = one_page(b"BT ET");
    let at = deep_obj.len() - 200;
    deep_obj.splice(at..at, "[".repeat(10_000).into_bytes());
    let (code, _) = refusal("deep-object.pdf", &deep_obj);
    assert_eq!(code, "import.pdf_bomb");

    // A page tree claiming more pages than the limit.
    let mut objs = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(),
        b"<< /Length 0 >>\nstream\n\nendstream".to_vec(),
    ];
    let n = 6_000;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + i)).collect();
    objs[1] = format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes();
    for _ in 0..n {
        objs.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>".to_vec(),
        );
    }
    let t = Instant::now();
    let (code, msg) = refusal("pages.pdf", &assemble(&objs, 0));
    assert_eq!(code, "import.pdf_bomb", "{msg}");
    assert!(msg.contains("pages"), "{msg}");
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
}

#[test]
fn a_hundred_page_report_reads_whole_and_in_order() {
    let bytes = long_report(100).to_bytes();
    let d = import_bytes(Path::new("long.pdf"), &bytes, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.page_of(d.blocks.len() - 1), Some(100));
    let numbers: Vec<usize> = d
        .blocks
        .iter()
        .filter_map(|b| {
            let t = d.block_text(b).strip_prefix("Paragraph ")?;
            t.split('.').next()?.parse().ok()
        })
        .collect();
    assert!(numbers.len() > 300, "{}", numbers.len());
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "out of order: {numbers:?}"
    );
    assert_eq!(numbers[0], 1);
    assert!(!d
        .text
        .contains("Annual Review of Public Accounts\n\nParagraph 2"));
}

/// A checked PDF article exported as annotated Markdown: clean Markdown with a marker at each
/// page break, and reading it back gives every claim, the same text and the same pages.
#[test]
fn annotated_markdown_of_a_pdf_names_the_pages_and_reads_back_whole() {
    use factdesk_core::export::fixture::CheckFixture;
    use factdesk_core::export::{annotated, export, ExportFormat, ExportOptions};
    use factdesk_core::model::{Anchor, ClaimRecord, Origin};
    let doc = read("trump-kim.pdf");
    let quotes = [
        "The First was in Hanoi",
        "North Korea’s state media reported Friday",
        "some 10,000 of its troops to Russia",
    ];
    let claims: Vec<ClaimRecord> = quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let at = doc.text.find(q).unwrap_or_else(|| panic!("{q}"));
            let s = doc.text[..at].chars().count();
            ClaimRecord {
                id: format!("c{}", i + 1),
                anchor: Anchor::from_text(&doc.text, s, s + q.chars().count()),
                origin: Origin::Automatic,
                kinds: vec![],
                score: 0.5,
                reasons: vec![],
                facts: vec![],
                status: "verified".into(),
                note: format!("checked on page {}", i + 1),
                sources: vec![],
                dismissed: false,
                needs_recheck: false,
                orphaned: false,
                updated: String::new(),
            }
        })
        .collect();
    let f = CheckFixture {
        claims: claims.clone(),
        ..CheckFixture::new(doc.clone())
    };
    let md = export(
        &f.check(),
        ExportFormat::AnnotatedMd,
        &ExportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(md.contains("<!-- page 1 -->\n\n# Trump Said"), "{md}");
    assert!(md.contains("\n\n<!-- page 2 -->\n\n"), "{md}");
    let back = annotated::read(&md).unwrap_or_else(|e| panic!("{e}"));
    assert!(back.intact);
    assert_eq!(back.claims, claims);
    // Opened again (the library reads the source inside the annotations), the file is the
    // same article on the same pages: the markers are not text.
    let again = import_bytes(
        Path::new("checked.md"),
        back.source.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!again.text.contains("<!--"));
    assert_eq!(again.text, doc.text);
    let pages = |d: &Document| {
        (0..doc.blocks.len())
            .map(|i| d.page_of(i))
            .collect::<Vec<_>>()
    };
    assert_eq!(pages(&again), pages(&doc));
}

/// Through the library, as the window and `factdesk import` open it: the article view gives
/// each block its page, and pages without text are said.
#[test]
fn the_library_keeps_pages_and_says_what_was_left_out() {
    use factdesk_core::app::Desk;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap_or_else(|e| panic!("{e}"));
    let opened = desk
        .open_article(&corpus("trump-kim.pdf"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(opened.warnings.is_empty());
    let view = desk
        .article_view(&opened.article.id)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(view.blocks.first().and_then(|b| b.page), Some(1));
    assert_eq!(view.blocks.last().and_then(|b| b.page), Some(2));
    assert!(view.blocks.iter().all(|b| b.page.is_some()));
    assert!(!view.claims.is_empty(), "no claims proposed in the PDF");
    let partly = desk
        .open_article(&corpus("partly-scanned.pdf"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        partly.warnings,
        vec!["page without text (scanned or unreadable) was not imported: 2".to_string()]
    );
    // A refused file leaves the library as it was.
    let before = desk.list_articles().map(|l| l.len()).unwrap_or(0);
    assert!(desk.open_article(&corpus("scan.pdf")).is_err());
    assert!(desk.open_article(&corpus("encrypted.pdf")).is_err());
    assert_eq!(desk.list_articles().map(|l| l.len()).unwrap_or(0), before);
}
