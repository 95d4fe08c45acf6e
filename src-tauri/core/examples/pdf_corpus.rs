//! Writes the PDF test corpus (`tests/fixtures/pdf/`) from the project's own fixtures, in the
//! shapes real documents take: one column and two, running headers and footers with page
//! numbers, footnotes, a table, hyphenated line ends, a scanned page, scripts and attachments.
//! `scripts/make-pdf-corpus.sh` runs this and then encrypts a copy with qpdf.
//!
//! cargo run -p factdesk-core --example pdf_corpus -- OUT_DIR [--sample-only]
//!
//! `--sample-only` writes `trump-kim.pdf` alone (for `scripts/sample-fixtures.py`: the sample
//! article is not in the repo, so that file is made from `../shared` on each machine).

use factdesk_core::document::{BlockKind, Document};
use factdesk_core::import::pdf::write::{wrap, Font, Page, PdfFile};
use factdesk_core::import::{import_path, ImportOptions};
use std::path::{Path, PathBuf};

const H: f64 = 792.0;

/// Lines flowing down columns and onto new pages; y counts down from the top.
struct Flow {
    pages: Vec<Page>,
    cols: Vec<(f64, f64)>,
    col: usize,
    y: f64,
    top: f64,
    bottom: f64,
    /// Footnotes waiting for the bottom of the current page.
    notes: Vec<String>,
    note_no: usize,
}

impl Flow {
    fn new(cols: Vec<(f64, f64)>, top: f64, bottom: f64) -> Self {
        Flow {
            pages: vec![Page::new()],
            cols,
            col: 0,
            y: top,
            top,
            bottom,
            notes: Vec::new(),
            note_no: 0,
        }
    }

    fn page(&mut self) -> &mut Page {
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    fn next_column(&mut self) {
        self.col += 1;
        if self.col >= self.cols.len() {
            self.flush_notes();
            self.pages.push(Page::new());
            self.col = 0;
        }
        self.y = self.top;
    }

    fn flush_notes(&mut self) {
        let notes = std::mem::take(&mut self.notes);
        // Below the text's lowest line (`bottom`).
        let mut y = self.bottom + 14.0;
        let x = self.cols[0].0;
        for n in notes {
            self.page().text(x, H - y, Font::Regular, 7.5, &n);
            y += 10.0;
        }
    }

    fn line(&mut self, text: &str, font: Font, size: f64, indent: f64) {
        let lead = size * 1.25;
        if self.y + lead > self.bottom {
            self.next_column();
        }
        self.y += lead;
        let x = self.cols[self.col].0 + indent;
        let y = self.y;
        self.page().text(x, H - y, font, size, text);
    }

    fn paragraph(&mut self, text: &str, font: Font, size: f64, indent: f64, hyphenate: bool) {
        let width = self.cols[self.col].1 - indent;
        for l in wrap(text, width, size, hyphenate) {
            self.line(&l, font, size, indent);
        }
        self.y += size * 0.9;
    }

    /// A footnote marker after the last line, its note at the page's foot.
    fn footnote(&mut self, note: &str) {
        self.note_no += 1;
        self.notes.push(format!("{} {note}", self.note_no));
    }

    fn finish(mut self) -> Vec<Page> {
        self.flush_notes();
        self.pages
    }
}

fn running(pages: &mut [Page], header: &str) {
    let n = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        p.text(72.0, H - 40.0, Font::Regular, 8.0, header);
        p.text(
            280.0,
            30.0,
            Font::Regular,
            8.0,
            &format!("Page {} of {n}", i + 1),
        );
    }
}

fn fixture(rel: &str) -> Document {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let p = root.join(rel);
    import_path(&p, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn save(dir: &Path, name: &str, f: &PdfFile) {
    let bytes = f.to_bytes();
    std::fs::write(dir.join(name), &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    println!("{name}: {} bytes, {} pages", bytes.len(), f.pages.len());
}

/// The sample article in one column, with a running header and footer and hyphenation.
fn sample() -> PdfFile {
    let doc = fixture("sample/trump-kim.md");
    let mut flow = Flow::new(vec![(72.0, 440.0)], 60.0, H - 60.0);
    for b in &doc.blocks {
        let text = doc.block_text(b);
        match b.kind {
            BlockKind::Title => flow.paragraph(text, Font::Bold, 20.0, 0.0, false),
            BlockKind::Quote => flow.paragraph(text, Font::Serif, 10.5, 30.0, true),
            BlockKind::Post => {
                let mut parts = text.splitn(2, '\n');
                let body = parts.next().unwrap_or("");
                let attribution = parts.next().unwrap_or("");
                for l in wrap(body, 410.0, 10.5, false) {
                    flow.line(&l, Font::Serif, 10.5, 0.0);
                }
                flow.line(attribution, Font::Serif, 10.5, 0.0);
                flow.y += 9.0;
            }
            _ => flow.paragraph(text, Font::Serif, 10.5, 0.0, true),
        }
    }
    let mut pages = flow.finish();
    running(&mut pages, "ZeroHedge | Geopolitical");
    PdfFile {
        pages,
        title: doc.title.clone(),
        author: Some("Tyler Durden".into()),
        created: Some("D:20241126212000Z".into()),
        compress: true,
        ..PdfFile::default()
    }
}

/// A report in two columns: a heading, footnotes, a table, hyphenated line ends, a running
/// header and page numbers.
fn report() -> PdfFile {
    // A report the project wrote for this corpus (a made-up water authority), beside the PDF.
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pdf/report-two-columns.txt");
    let doc = import_path(&source, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let paras: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| doc.block_text(b))
        .collect();
    let title = doc.title.clone().unwrap_or_default();
    let mut flow = Flow::new(vec![(54.0, 240.0), (318.0, 240.0)], 80.0, H - 100.0);
    // The title spans both columns: written first, then the columns start below it.
    for l in wrap(&title, 500.0, 16.0, false) {
        flow.line(&l, Font::Bold, 16.0, 0.0);
    }
    flow.top = flow.y + 20.0;
    flow.y = flow.top;
    let half = paras.len() / 2;
    for (i, p) in paras.iter().enumerate() {
        if i == half {
            flow.paragraph("Background", Font::Bold, 12.0, 0.0, false);
        }
        flow.paragraph(p, Font::Serif, 9.5, 0.0, true);
        if i == 1 {
            flow.footnote("Figures from the authority's annual report.");
        }
        if i == half + 1 {
            flow.footnote("The three buildings were named at the ceremony.");
        }
    }
    let mut pages = flow.finish();
    // A table on a page of its own, one column.
    let mut t = Page::new();
    t.text(54.0, H - 90.0, Font::Bold, 12.0, "Where the stations go");
    let rows = [
        ["Station", "New use", "Built"],
        ["Harrow", "Museum of water engineering", "1931"],
        ["Dunmore", "School for apprentice fitters", "1948"],
        ["Elstow", "Public archive", "1957"],
    ];
    for (i, r) in rows.iter().enumerate() {
        let y = H - 120.0 - 16.0 * i as f64;
        t.text(54.0, y, Font::Regular, 9.5, r[0]);
        t.text(200.0, y, Font::Regular, 9.5, r[1]);
        t.text(420.0, y, Font::Regular, 9.5, r[2]);
    }
    t.text(
        54.0,
        H - 200.0,
        Font::Serif,
        9.5,
        "The table lists each station with the year it was built.",
    );
    pages.push(t);
    running(&mut pages, "Valley Water Review 2011");
    PdfFile {
        pages,
        title: Some(title),
        author: Some("Factdesk test corpus".into()),
        created: Some("D:20110412120000Z".into()),
        compress: true,
        ..PdfFile::default()
    }
}

fn text_page(lines: &[&str]) -> Page {
    let mut p = Page::new();
    for (i, l) in lines.iter().enumerate() {
        p.text(72.0, H - 100.0 - 14.0 * i as f64, Font::Serif, 11.0, l);
    }
    p
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pdf")
        });
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    save(&out, "trump-kim.pdf", &sample());
    if std::env::args().nth(2).as_deref() == Some("--sample-only") {
        return;
    }
    save(&out, "report-two-columns.pdf", &report());
    let mut scan = Page::new();
    scan.image();
    save(
        &out,
        "scan.pdf",
        &PdfFile {
            pages: vec![scan.clone(), scan.clone()],
            title: Some("Scanned letter".into()),
            ..PdfFile::default()
        },
    );
    save(
        &out,
        "partly-scanned.pdf",
        &PdfFile {
            pages: vec![
                text_page(&["The council met on Monday.", "It approved the budget."]),
                scan.clone(),
                text_page(&["The mayor said the vote was close."]),
            ],
            ..PdfFile::default()
        },
    );
    save(
        &out,
        "script-and-attachment.pdf",
        &PdfFile {
            pages: vec![text_page(&[
                "A statement with a script and an attachment inside.",
            ])],
            javascript: Some("app.alert('factdesk-script-ran');".into()),
            attachment: Some((
                "secret.txt".into(),
                b"ATTACHMENT TEXT THAT MUST NOT BE IMPORTED".to_vec(),
            )),
            ..PdfFile::default()
        },
    );
    // Encrypted with the user password "secret" by scripts/make-pdf-corpus.sh.
    save(
        &out,
        "to-encrypt.pdf",
        &PdfFile {
            pages: vec![text_page(&["Confidential: the minister resigned."])],
            ..PdfFile::default()
        },
    );
}
