//! `cargo bench -p factdesk-core --bench analyze`: analyze throughput on a generated 10 MB
//! Markdown article, the way `factdesk analyze --json` runs it: import + sentences + claims +
//! the JSON contract, on one thread and on every core (what `analyze` uses for a document this
//! large). Also prints the split and the claim stages alone.

use factdesk_core::analysis::{analyze, sentences, AnalyzeOptions};
use factdesk_core::contract;
use factdesk_core::import::{import_bytes, ImportOptions};
use std::path::Path;
use std::time::{Duration, Instant};

const TARGET: usize = 10 * 1024 * 1024;

/// News-like Markdown: headings, datelines, statistics, quotes, attributions, lists, links,
/// abbreviations and the odd question or opinion, varied so no two paragraphs are equal.
fn markdown() -> String {
    const PEOPLE: [&str; 6] = [
        "Sen. John Cornyn",
        "Gov. Chris Gregoire",
        "Dr. Amara Okafor",
        "Prime Minister Rishi Sunak",
        "K.C. Maurer",
        "Kristen Wilkins",
    ];
    const PLACES: [&str; 5] = [
        "Houston",
        "Seattle",
        "New York",
        "Hanoi",
        "Evansville, Indiana",
    ];
    let mut s =
        String::from("# Shuttles find new homes as agency marks anniversary\n\nBy Jane Doe\n\n");
    let mut i = 0usize;
    while s.len() < TARGET {
        i += 1;
        let who = PEOPLE[i % PEOPLE.len()];
        let place = PLACES[i % PLACES.len()];
        s.push_str(&format!(
            "## Update {i}\n\n\
             WASHINGTON — The U.S. Space Agency said on Jan. {day} that {n},{i:03} visitors had \
             toured the [museum](https://example.org/{i}) in {place}, up {pct}.{d}% from 2019 and \
             the highest figure since records began. {who} told reporters at 9 a.m. that the \
             $3.{d} billion program \"will not be cut\" because demand rose.\n\n\
             > \"This was a very difficult decision. It was made with the public in mind,\" \
             {who} said. \"We are proud of it.\"\n\n\
             Critics were not convinced. Why did the agency wait so long? Perhaps officials \
             hoped the issue would fade... It did not. The rules, approved by Congress in \
             March 2011, require each site to exhibit its collection every ten years.\n\n\
             1. Atlantis goes to the Kennedy Space Center Visitor Complex.\n\
             2. Discovery goes to the Udvar-Hazy Center in Virginia.\n\n",
            day = i % 28 + 1,
            n = i % 90 + 10,
            pct = i % 40,
            d = i % 10,
        ));
    }
    s
}

/// Where the JSON goes: `analyze --json` streams it to stdout; here it is only counted (what
/// the kernel does with stdout is no part of the figure, as before).
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn mb_s(bytes: usize, t: Duration) -> f64 {
    bytes as f64 / 1_000_000.0 / t.as_secs_f64()
}

/// One `factdesk analyze --json` run: import and analysis on `threads` threads, contract, JSON.
fn run_once(bytes: &[u8], threads: usize) -> (Duration, (usize, usize, usize)) {
    let t = Instant::now();
    let import_opts = ImportOptions {
        threads: Some(threads),
        ..Default::default()
    };
    let doc = match import_bytes(Path::new("bench.md"), bytes, &import_opts) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("import failed: {e}");
            std::process::exit(1);
        }
    };
    let opts = AnalyzeOptions {
        threads: Some(threads),
        ..Default::default()
    };
    let a = analyze(&doc, &opts);
    let report = contract::report("bench.md", &doc, &a);
    let mut json = Counted(0);
    if let Err(e) = contract::write_json_to(&report, &mut json, Some(threads)) {
        eprintln!("JSON failed: {e}");
        std::process::exit(1);
    }
    let bytes = json.0;
    (t.elapsed(), (a.sentences.len(), a.claims.len(), bytes))
}

fn main() {
    // As `factdesk` does first thing.
    factdesk_core::memory::return_large_buffers();
    let src = markdown();
    let bytes = src.as_bytes();
    let path = Path::new("bench.md");
    let opts = AnalyzeOptions::default();
    let mb = bytes.len() as f64 / 1_000_000.0;
    // What `analyze` picks by default for a document this large.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    // Rounds alternate so a machine busy with other work weighs on both figures alike.
    const ROUNDS: usize = 7;
    let mut times: Vec<(usize, Vec<Duration>)> = vec![(1, Vec::new())];
    if cores > 1 {
        times.push((cores, Vec::new()));
    }
    let mut stats = (0, 0, 0);
    for _ in 0..ROUNDS {
        for (threads, ts) in times.iter_mut() {
            let (t, s) = run_once(bytes, *threads);
            ts.push(t);
            stats = s;
        }
    }
    for (threads, ts) in times.iter_mut() {
        ts.sort();
        let (best, median) = (ts[0], ts[ts.len() / 2]);
        let label = if *threads == 1 { "thread" } else { "threads" };
        println!(
            "analyze {mb:.0} MB ({threads} {label}): {:.1} MB/s best, {:.1} MB/s median of \
             {ROUNDS} rounds ({:.0} ms best; import + sentences + claims + JSON)",
            mb_s(bytes.len(), best),
            mb_s(bytes.len(), median),
            best.as_secs_f64() * 1000.0,
        );
    }
    println!(
        "  {} sentences, {} claims, {:.1} MB of JSON",
        stats.0,
        stats.1,
        stats.2 as f64 / 1_000_000.0
    );

    // The stages alone.
    let mut import = Duration::MAX;
    let mut split = Duration::MAX;
    let mut full = Duration::MAX;
    let mut json = Duration::MAX;
    let mut text = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let doc = match import_bytes(path, bytes, &ImportOptions::default()) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("import failed: {e}");
                std::process::exit(1);
            }
        };
        import = import.min(t.elapsed());
        text = doc.text.len();
        let t = Instant::now();
        let n = sentences::split(&doc).len();
        split = split.min(t.elapsed());
        assert!(n > 0);
        let t = Instant::now();
        let a = analyze(&doc, &opts);
        full = full.min(t.elapsed());
        let t = Instant::now();
        let mut out = Counted(0);
        let written =
            contract::write_json_to(&contract::report("bench.md", &doc, &a), &mut out, None);
        json = json.min(t.elapsed());
        assert!(written.is_ok() && out.0 > 0);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  import alone: {:.1} MB/s ({:.0} ms)",
        mb_s(bytes.len(), import),
        ms(import)
    );
    println!(
        "  sentence splitting alone: {:.1} MB/s of text ({:.0} ms)",
        mb_s(text, split),
        ms(split)
    );
    println!(
        "  sentences + claims ({cores} threads): {:.1} MB/s of text ({:.0} ms)",
        mb_s(text, full),
        ms(full)
    );
    println!("  contract + JSON: {:.0} ms", ms(json));
    // The process's peak resident memory over every round above (Linux: VmHWM).
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        });
    match peak {
        Some(kb) => println!(
            "  peak memory: {:.0} MB ({:.1}x the {mb:.0} MB input; target 10x)",
            kb / 1000.0,
            kb / 1000.0 / mb
        ),
        None => println!("  peak memory: not measured (no /proc/self/status)"),
    }
}
