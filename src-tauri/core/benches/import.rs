//! `cargo bench -p factdesk-core --bench import`: import throughput on generated 10 MB
//! Markdown and HTML articles, and the peak memory of the process (VmHWM). Markdown is timed
//! on one thread and on every core (what a file this large gets), in that order. First, a
//! generated 100-page text PDF (issue #15's target: under 2 s), whose peak memory is its own
//! as it runs before the others.

use factdesk_core::import::{import_bytes, ImportOptions, MARKDOWN_PARALLEL_MIN_BYTES};
use std::path::Path;
use std::time::Instant;

const TARGET: usize = 10 * 1024 * 1024;

fn markdown() -> String {
    let mut s = String::from(
        "---\ntitle: Bench article\nauthor: Jane Doe\ndate: 2024-11-26\n---\n\n# Bench article\n\n",
    );
    let mut i = 0u64;
    while s.len() < TARGET {
        i += 1;
        s.push_str(&format!(
            "## Section {i}\n\nThe ministry said on Tuesday that **{i}000** troops had crossed the border, \
             according to [two officials](https://example.com/{i}) familiar with the matter. \
             Prices rose 4.{} per cent in October, the *fastest* pace since 2011.\n\n\
             > “We have already explored every possible avenue,” Kim said.\n\n\
             - first point with `code` and a footnote[^{i}]\n- second point\n  - nested point\n\n\
             [^{i}]: Source: the agency's monthly report.\n\n",
            i % 10
        ));
    }
    s
}

fn html() -> String {
    let mut s = String::from(
        "<!doctype html><html><head><title>Bench article | Site</title>\
         <meta property=\"og:title\" content=\"Bench article\"><meta name=\"author\" content=\"Jane Doe\">\
         <script>var x = 1;</script><style>p{}</style></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <div class=\"ad\">Advertisement</div><article><h1>Bench article</h1>",
    );
    let mut i = 0u64;
    while s.len() < TARGET {
        i += 1;
        s.push_str(&format!(
            "<h2>Section {i}</h2><p>The ministry said on Tuesday that <b>{i} 000</b> troops had \
             crossed the border, according to <a href=\"https://example.com/{i}\">two officials</a> \
             familiar with the matter. Prices rose 4.{} per cent in October, the <em>fastest</em> \
             pace since 2011.</p><blockquote><p>“We have already explored every possible \
             avenue,” Kim said.</p></blockquote><ul><li>first point</li><li>second point</li></ul>",
            i % 10
        ));
    }
    s.push_str("</article><aside class=\"comments\"><p>First!</p></aside><footer>© Site</footer></body></html>");
    s
}

fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or("n/a".to_string(), |kb| format!("{:.0} MB", kb / 1024.0))
}

/// CPU seconds used by the process so far (user + system), from /proc/self/stat: on a shared
/// machine wall time measures the neighbours as much as the code.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

fn run(name: &str, file: &str, input: &str, threads: Option<usize>) {
    let opts = ImportOptions {
        threads,
        ..Default::default()
    };
    let name = match threads {
        Some(1) => format!("{name} (1 thread)"),
        Some(n) => format!("{name} ({n} threads)"),
        None if input.len() > MARKDOWN_PARALLEL_MIN_BYTES && name == "markdown" => {
            let n = std::thread::available_parallelism().map_or(1, |n| n.get());
            format!("{name} ({n} threads)")
        }
        None => name.to_string(),
    };
    let mb = input.len() as f64 / 1_048_576.0;
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut blocks = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let c = cpu_seconds();
        match import_bytes(Path::new(file), input.as_bytes(), &opts) {
            Ok(doc) => blocks = doc.blocks.len(),
            Err(e) => {
                println!("import {name}: failed: {e}");
                return;
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min((cpu_seconds() - c).max(0.01));
    }
    println!(
        "import {name} {mb:.0} MB: {:.1} MB/s wall ({:.0} ms), {:.1} MB/s CPU ({:.0} ms), {blocks} blocks, peak memory so far {}",
        mb / best,
        best * 1000.0,
        mb / best_cpu,
        best_cpu * 1000.0,
        peak_rss_mb()
    );
}

/// The 100-page report of the PDF tests, timed best of 5 (wall and CPU).
fn pdf() {
    let bytes = factdesk_core::import::pdf::write::long_report(100).to_bytes();
    let before = peak_rss_mb();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut blocks = 0;
    let mut pages = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let c = cpu_seconds();
        match import_bytes(Path::new("report.pdf"), &bytes, &ImportOptions::default()) {
            Ok(doc) => {
                blocks = doc.blocks.len();
                pages = doc.places.last().map_or(0, |p| p.page);
            }
            Err(e) => {
                println!("import pdf: failed: {e}");
                return;
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min((cpu_seconds() - c).max(0.01));
    }
    println!(
        "import pdf {pages} pages ({:.0} KB): {:.0} ms wall, {:.0} ms CPU (target < 2000 ms), {blocks} blocks, peak memory {} (before: {before})",
        bytes.len() as f64 / 1024.0,
        best * 1000.0,
        best_cpu * 1000.0,
        peak_rss_mb()
    );
}

fn main() {
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    let want = |n: &str| only.as_deref().is_none_or(|o| o == n);
    if want("pdf") {
        pdf();
    }
    if want("markdown") {
        let md = markdown();
        run("markdown", "bench.md", &md, Some(1));
        run("markdown", "bench.md", &md, None);
    }
    if want("html") {
        run("html", "bench.html", &html(), None);
    }
}
