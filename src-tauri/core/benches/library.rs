//! Library speed: `cargo bench -p factdesk-core --bench library`. Inputs are generated here.
//! Prints: importing a 10 MB article with ~20,000 claims; one status change (transaction +
//! history) p50/p99; re-anchoring 5,000 claims onto an edited 1 MB revision.

use factdesk_core::anchor::{anchor_at, reanchor};
use factdesk_core::app::Desk;
use factdesk_core::document::{BlockKind, Document, DocumentBuilder, Metadata};
use factdesk_core::model::Origin;
use factdesk_core::store::{Library, NewClaim};
use factdesk_core::textpos::CharIndex;
use factdesk_core::Format;
use std::time::Instant;

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "prices",
    "rose",
    "by",
    "percent",
    "in",
    "May",
    "talks",
    "Hanoi",
    "summit",
    "first",
    "meeting",
    "between",
    "leaders",
    "café",
    "Kim’s",
    "report",
    "agency",
    "budget",
    "deficit",
    "fell",
    "sharply",
    "after",
    "vote",
    "council",
    "Zürich",
    "growth",
    "unemployment",
    "record",
    "highest",
    "since",
    "2019",
    "12,400",
    "officials",
];

/// A document of paragraphs of sentences of about `sentence_bytes` each, `total` bytes in all;
/// every sentence is a claim.
fn article(total: usize, sentence_bytes: usize, salt: u64) -> (Document, Vec<String>) {
    let mut seed = 0x2545_f491_4f6c_dd1d ^ salt;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut sentences = Vec::new();
    let mut size = 0;
    while size < total {
        let mut s = format!("[{}]", sentences.len());
        while s.len() < sentence_bytes {
            s.push(' ');
            s.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
        }
        s.push('.');
        size += s.len() + 1;
        sentences.push(s);
    }
    (build(&sentences), sentences)
}

fn build(sentences: &[String]) -> Document {
    let mut b = DocumentBuilder::new(Format::Text);
    for (i, s) in sentences.iter().enumerate() {
        if i % 4 == 0 {
            b.begin_block(BlockKind::Paragraph, 0);
        } else {
            b.push_space();
        }
        b.push_text(s);
    }
    let text = sentences.join(" ");
    b.finish(Metadata::default(), String::new(), text.as_bytes())
}

fn claims_of(doc: &Document, sentences: &[String]) -> Vec<NewClaim> {
    let idx = CharIndex::new(&doc.text);
    let mut at = 0;
    sentences
        .iter()
        .filter_map(|s| {
            let b0 = at + doc.text[at..].find(s.as_str())?;
            at = b0 + s.len();
            Some(NewClaim {
                anchor: anchor_at(&doc.text, &idx, b0, at),
                origin: Origin::Automatic,
                kinds: vec![],
                score: 0.8,
                reasons: vec!["bench".into()],
                facts: vec![],
            })
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");

    // 1. Import 10 MB with ~20,000 claims.
    let (doc, sentences) = article(10_000_000, 500, 1);
    let t = Instant::now();
    let claims = claims_of(&doc, &sentences);
    let n = claims.len();
    let mut lib = Library::open(&dir.path().join("import.sqlite3")).expect("library");
    lib.import_article("/bench/big.txt", &doc, doc.text.as_bytes(), claims)
        .expect("import");
    let import = t.elapsed();
    println!(
        "library import 10 MB article with {n} claims: {:.0} ms (target < 1000 ms)",
        import.as_secs_f64() * 1000.0
    );
    drop(lib);

    // 2. One status change: transaction + history row, on that library.
    let mut desk = Desk::open(&dir.path().join("import.sqlite3")).expect("desk");
    let statuses = ["verified", "disputed", "false", "unverifiable", "unchecked"];
    let mut times = Vec::new();
    for i in 0..1000usize {
        let claim = format!("c{}", 1 + (i * 7919) % n);
        let t = Instant::now();
        desk.set_status("a1", &claim, statuses[i % statuses.len()])
            .expect("status");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "status change (transaction + history; WAL fsync by the flusher within 0.5 s): p50 {:.2} ms, p99 {:.2} ms (target p99 < 5 ms)",
        times[times.len() / 2],
        times[times.len() * 99 / 100]
    );

    // 3. Re-anchor 5,000 claims onto an edited 1 MB revision.
    let (doc, sentences) = article(1_000_000, 199, 2);
    let claims = claims_of(&doc, &sentences);
    let anchors: Vec<_> = claims.iter().map(|c| c.anchor.clone()).collect();
    let mut edited = sentences.clone();
    // Edits all through the text: inserted sentences, deleted ones, reworded ones.
    for k in (0..edited.len()).step_by(97).rev() {
        match (k / 97) % 3 {
            0 => edited.insert(
                k,
                format!("An inserted sentence number {k} about the summit."),
            ),
            1 => {
                edited.remove(k);
            }
            _ => edited[k] = edited[k].replacen(' ', " reportedly ", 1),
        }
    }
    let new_doc = build(&edited);
    let t = Instant::now();
    let placed = reanchor(&new_doc.text, &anchors);
    let re = t.elapsed();
    let orphaned = placed
        .iter()
        .filter(|p| p.placement == factdesk_core::anchor::Placement::Orphaned)
        .count();
    println!(
        "re-anchor {} claims onto an edited 1 MB revision: {:.0} ms (target < 200 ms; {orphaned} orphaned)",
        anchors.len(),
        re.as_secs_f64() * 1000.0
    );
    let mut lib = Library::open(&dir.path().join("revise.sqlite3")).expect("library");
    let id = lib
        .import_article("/bench/mid.txt", &doc, doc.text.as_bytes(), claims)
        .expect("import");
    let t = Instant::now();
    let report = lib
        .add_revision(id, &new_doc, new_doc.text.as_bytes(), vec![])
        .expect("revision");
    println!(
        "  the whole new revision in the library (re-anchor + writes + search index): {:.0} ms \
         ({} moved, {} need re-check, {} orphaned)",
        t.elapsed().as_secs_f64() * 1000.0,
        report.moved.len(),
        report.needs_recheck.len(),
        report.orphaned.len()
    );
    drop(lib);

    // 4. The review screen's data for that 1 MB article: what the window asks for on opening.
    let desk = Desk::open(&dir.path().join("revise.sqlite3")).expect("desk");
    let mut times = Vec::new();
    let mut json = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let view = desk.article_view("a1").expect("view");
        let built = t.elapsed();
        json = serde_json::to_vec(&view).expect("json").len();
        times.push((built, t.elapsed()));
    }
    times.sort();
    let (built, with_json) = times[times.len() / 2];
    println!(
        "article view of a 1 MB article with {} claims: {:.0} ms, {:.0} ms with its {:.1} MB of JSON",
        desk.article_view("a1").expect("view").claims.len(),
        built.as_secs_f64() * 1000.0,
        with_json.as_secs_f64() * 1000.0,
        json as f64 / 1e6
    );
}
