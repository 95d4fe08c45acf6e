//! Export speed: a 10 MB article with 20,000 claims to annotated Markdown, and back.
//! Run: `cargo bench -p factdesk-core --bench export`.

use factdesk_core::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
use factdesk_core::export::fixture::CheckFixture;
use factdesk_core::export::{annotated, export, Check, ExportFormat, ExportOptions};
use factdesk_core::import::{import_bytes, ImportOptions};
use factdesk_core::model::{Anchor, ClaimRecord, Origin};
use std::path::Path;
use std::time::Instant;

const TARGET_BYTES: usize = 10 * 1024 * 1024;
const CLAIMS: usize = 20_000;

/// 10 MB of Markdown (headings; paragraphs with emphasis, code and links), read by the
/// Markdown reader as the app reads it.
fn markdown_doc() -> Document {
    let para = "The *summit* in Hanoi drew 3,000 reporters, officials said on Tuesday. \
Kim’s delegation `arrived` by train after a 60-hour trip, according to \
[state media](https://example.org/kcna?id=1). Analysts called it the first such visit since 1958. ";
    let mut src = String::with_capacity(TARGET_BYTES + 4096);
    let mut n = 0;
    while src.len() < TARGET_BYTES {
        if n % 10 == 0 {
            src.push_str(&format!("## Section {n}\n\n"));
        }
        src.push_str(&para.repeat(3));
        src.push_str("\n\n");
        n += 1;
    }
    let mut opts = ImportOptions::default();
    opts.max_bytes = opts.max_bytes.max(64 * 1024 * 1024);
    match import_bytes(Path::new("bench.md"), src.as_bytes(), &opts) {
        Ok(doc) => doc,
        Err(e) => panic!("the bench article does not import: {e}"),
    }
}

fn plain_doc() -> Document {
    let mut b = DocumentBuilder::new(Format::Text);
    let mut len = 0;
    while len < TARGET_BYTES {
        b.begin_block(BlockKind::Paragraph, 0);
        let p = "The summit in Hanoi drew 3,000 reporters [officials] said on *Tuesday*. Kim’s delegation arrived by train after a 60-hour trip. ";
        b.push_text(&p.repeat(4));
        len += p.len() * 4 + 2;
    }
    b.finish(Metadata::default(), String::new(), b"bench")
}

/// 20,000 claims spread evenly, one sentence each.
fn claims(doc: &Document) -> Vec<ClaimRecord> {
    let starts: Vec<usize> = doc
        .text
        .match_indices("Kim’s delegation")
        .map(|(i, _)| i)
        .collect();
    let step = (starts.len() / CLAIMS).max(1);
    let mut out = Vec::with_capacity(CLAIMS);
    let mut chars = 0usize;
    let mut last = 0usize;
    let statuses = ["unchecked", "verified", "disputed", "false", "unverifiable"];
    for (k, &b) in starts.iter().step_by(step).take(CLAIMS).enumerate() {
        chars += doc.text[last..b].chars().count();
        last = b;
        let sentence = doc.text[b..].find(". ").map_or(20, |e| e + 1);
        let len = doc.text[b..b + sentence].chars().count();
        let prefix: Vec<char> = doc.text[..b].chars().rev().take(32).collect();
        let a = Anchor {
            start: chars as u32,
            end: (chars + len) as u32,
            quote: doc.text[b..b + sentence].to_string(),
            prefix: prefix.into_iter().rev().collect(),
            suffix: doc.text[b + sentence..].chars().take(32).collect(),
        };
        out.push(ClaimRecord {
            id: format!("c{}", k + 1),
            anchor: a,
            origin: Origin::Automatic,
            kinds: vec![],
            score: 0.8,
            reasons: vec!["'according to'".into()],
            facts: vec![],
            status: statuses[k % 5].into(),
            note: if k % 3 == 0 {
                "Checked against the pool report --> see link.".into()
            } else {
                String::new()
            },
            sources: vec![],
            dismissed: false,
            needs_recheck: false,
            orphaned: false,
            updated: "2024-11-27T10:00:00Z".into(),
        });
    }
    out
}

/// This thread's time on a CPU (Linux), so figures hold on a busy machine too.
fn cpu_time() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn run(name: &str, check: &Check) {
    let (doc, claims) = (check.doc, check.claims);
    let opts = ExportOptions::default();
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut out = String::new();
    for _ in 0..5 {
        let (t, c) = (Instant::now(), cpu_time());
        out = export(check, ExportFormat::AnnotatedMd, &opts).unwrap_or_default();
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(c0), Some(c1)) = (c, cpu_time()) {
            best_cpu = best_cpu.min(c1 - c0);
        }
    }
    let t = Instant::now();
    let back = annotated::read(&out);
    let read_s = t.elapsed().as_secs_f64();
    let ok = back.is_ok_and(|b| b.claims.len() == claims.len() && b.intact);
    println!(
        "export annotated-md {name} {:.1} MB, {} claims: {:.1} ms wall, {:.1} ms CPU (target < 200 ms); read back {:.1} ms, lossless: {ok}",
        doc.text.len() as f64 / 1e6,
        claims.len(),
        best * 1e3,
        best_cpu * 1e3,
        read_s * 1e3,
    );
}

/// The other formats, best of three each: none should cost much more than the default.
fn others(check: &Check) {
    let (doc, claims) = (check.doc, check.claims);
    let opts = ExportOptions::default();
    for format in [
        ExportFormat::Critic,
        ExportFormat::Pandoc,
        ExportFormat::Json,
        ExportFormat::Claimreview,
        ExportFormat::Csv,
    ] {
        let mut best = f64::MAX;
        let mut len = 0;
        for _ in 0..3 {
            let t = Instant::now();
            len = export(check, format, &opts).map_or(0, |o| o.len());
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "export {format:?} {:.1} MB, {} claims: {:.1} ms wall ({:.1} MB out)",
            doc.text.len() as f64 / 1e6,
            claims.len(),
            best * 1e3,
            len as f64 / 1e6,
        );
    }
}

/// `doc` with the bench's claims and the default statuses.
fn fixture(doc: Document) -> CheckFixture {
    CheckFixture {
        claims: claims(&doc),
        checker: Some("Bench".into()),
        date: "2024-11-27T10:00:00Z".into(),
        ..CheckFixture::new(doc)
    }
}

fn main() {
    let md = fixture(markdown_doc());
    run("from Markdown", &md.check());
    others(&md.check());
    drop(md);
    run("from plain text", &fixture(plain_doc()).check());
}
