//! Prints how Factdesk reads a file: blocks with kind, level and page.
//! cargo run -p factdesk-core --example pdf_dump -- FILE…
//! `--compare PDF REFERENCE…`: word-level similarity to the reference text and time, for
//! pdf-extract's own plain-text output and for Factdesk's reader (ARCHITECTURE.md's table).
//! `--long`: writes the bench's 100-page report to /tmp/long.pdf.
use factdesk_core::import::{import_path, ImportOptions};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--long") {
        let b = factdesk_core::import::pdf::write::long_report(100).to_bytes();
        let _ = std::fs::write("/tmp/long.pdf", b);
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("--compare") {
        let args: Vec<String> = std::env::args().skip(2).collect();
        for pair in args.chunks(2) {
            compare(&pair[0], pair.get(1).map(String::as_str));
        }
        return;
    }
    for arg in std::env::args().skip(1) {
        match import_path(std::path::Path::new(&arg), &ImportOptions::default()) {
            Ok(d) => {
                println!(
                    "== {arg}: title {:?} byline {:?} published {:?}",
                    d.title, d.byline, d.published
                );
                for w in &d.warnings {
                    println!("warning: {w}");
                }
                for (i, b) in d.blocks.iter().enumerate() {
                    println!(
                        "[{:?}{} p{:?}] {}",
                        b.kind,
                        b.level,
                        d.page_of(i),
                        d.block_text(b)
                    );
                }
            }
            Err(e) => println!("== {arg}: {} ({})", e, e.code()),
        }
    }
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    1.0 - strsim::generic_levenshtein(&a, &b) as f64 / a.len().max(b.len()).max(1) as f64
}

fn compare(pdf: &str, reference: Option<&str>) {
    let bytes = std::fs::read(pdf).unwrap_or_default();
    let reference = reference
        .filter(|r| *r != "-")
        .and_then(|r| std::fs::read_to_string(r).ok());
    let reps = 5;
    println!("{pdf}");
    let t = std::time::Instant::now();
    let mut raw = Err("not run".to_string());
    for _ in 0..reps {
        raw = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes))
            .map_err(|_| "PANIC".to_string())
            .and_then(|r| r.map_err(|e| e.to_string()));
    }
    let ms = t.elapsed().as_secs_f64() * 1000.0 / reps as f64;
    report("pdf-extract", ms, &raw, reference.as_deref());
    let t = std::time::Instant::now();
    let mut ours = Err("not run".to_string());
    for _ in 0..reps {
        ours = factdesk_core::import::import_bytes(
            std::path::Path::new(pdf),
            &bytes,
            &ImportOptions::default(),
        )
        .map(|d| d.text)
        .map_err(|e| e.to_string());
    }
    let ms = t.elapsed().as_secs_f64() * 1000.0 / reps as f64;
    report("factdesk", ms, &ours, reference.as_deref());
}

fn report(name: &str, ms: f64, out: &Result<String, String>, reference: Option<&str>) {
    match (out, reference) {
        (Ok(t), Some(r)) => println!(
            "  {name:12} {ms:8.1} ms  similarity {:.3}",
            similarity(r, t)
        ),
        (Ok(t), None) => println!("  {name:12} {ms:8.1} ms  {} words", words(t).len()),
        (Err(e), _) => println!(
            "  {name:12} {ms:8.1} ms  error: {}",
            e.chars().take(70).collect::<String>()
        ),
    }
}
