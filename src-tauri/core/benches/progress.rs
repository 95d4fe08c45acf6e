//! Opening and exporting a large article, stage by stage, as the window's progress bar sees
//! them: `cargo bench -p factdesk-core --bench progress [-- MB]` (default 20 MB). The shares
//! printed are what `progress::OPEN_PLAN` and `EXPORT_PLAN` should hold. The input is
//! generated here: news-like paragraphs, each a little different.

use factdesk_core::app::{open_article_via, Desk};
use factdesk_core::export::{ExportFormat, ExportOptions};
use factdesk_core::progress::{Progress, Reporter, Stage, EXPORT_PLAN, OPEN_PLAN};
use std::sync::Mutex;
use std::time::Instant;

const PARAGRAPHS: &[&str] = &[
    "During his first term in the White House, President-elect Donald Trump held three meetings with North Korea’s Kim Jong Un.",
    "The First was in Hanoi, followed by a highly ‘controversial’ meeting at the Korean border, which was the first time in history that a sitting American president had stepped foot into the North Korean side of the border.",
    "Washington has requested that Pyongyang abandon its nuclear weapons development, while Kim has demanded nothing less than full sanctions relief.",
    "“US president-elect Donald Trump’s team is discussing pursuing direct talks with North Korean leader Kim Jong-un,” according to two people familiar with the matter.",
    "The ministry said inflation fell to 2.4 percent in October, the lowest since 2021, while unemployment rose by 0.3 points.",
];

fn article(mb: usize) -> String {
    let mut s = format!("A Very Long Report ({mb} MB)\n\n");
    let mut n = 0usize;
    while s.len() < mb * 1024 * 1024 {
        s.push_str(PARAGRAPHS[n % PARAGRAPHS.len()]);
        s.push_str(&format!(
            " (Paragraph {n}, figure {}.)\n\n",
            (n * 7919) % 100_000
        ));
        n += 1;
    }
    s
}

/// Seconds spent in each stage, from the reports' timestamps.
fn stage_times(reports: &[(Instant, Progress)], start: Instant, end: Instant) -> Vec<(Stage, f64)> {
    let mut out: Vec<(Stage, f64)> = Vec::new();
    for (i, (at, p)) in reports.iter().enumerate() {
        let next = reports.get(i + 1).map(|r| r.0).unwrap_or(end);
        let begin = if i == 0 { start } else { *at };
        let secs = (next - begin).as_secs_f64();
        match out.last_mut() {
            Some((s, t)) if *s == p.stage => *t += secs,
            _ => out.push((p.stage, secs)),
        }
    }
    out
}

fn print(what: &str, total: f64, times: &[(Stage, f64)]) {
    let shares: Vec<String> = times
        .iter()
        .map(|(s, t)| format!("{s:?} {t:.2} s ({:.0} %)", 100.0 * t / total))
        .collect();
    println!("{what}: {total:.2} s — {}", shares.join(", "));
}

fn main() {
    let mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("long-report.txt");
    std::fs::write(&file, article(mb)).expect("the article written");
    let desk = Mutex::new(Desk::open(&dir.path().join("lib.sqlite3")).expect("a library"));

    let mut reports = Vec::new();
    let start = Instant::now();
    let opened = {
        let mut sink = |p: Progress| reports.push((Instant::now(), p));
        let mut rep = Reporter::new(OPEN_PLAN, &mut sink);
        open_article_via(&desk, &file, &mut rep).expect("the article opens")
    };
    let end = Instant::now();
    let total = (end - start).as_secs_f64();
    print(
        &format!(
            "open {mb} MB article ({} claims, {} progress reports)",
            opened.view.article.claims,
            reports.len()
        ),
        total,
        &stage_times(&reports, start, end),
    );

    let out = dir.path().join("long-report.checked.md");
    let mut reports = Vec::new();
    let start = Instant::now();
    {
        let mut sink = |p: Progress| reports.push((Instant::now(), p));
        let mut rep = Reporter::new(EXPORT_PLAN, &mut sink);
        let d = desk.lock().unwrap_or_else(|p| p.into_inner());
        d.export_article_to_with(
            &opened.view.article.id,
            ExportFormat::AnnotatedMd,
            &ExportOptions::default(),
            &out,
            &mut rep,
        )
        .expect("the export is written");
    }
    let end = Instant::now();
    let steps: Vec<String> = reports
        .iter()
        .filter(|(_, p)| p.stage == Stage::Preparing)
        .map(|(at, p)| {
            format!(
                "{:.2} at {:.2} s",
                p.stage_done,
                (*at - start).as_secs_f64()
            )
        })
        .collect();
    println!("export, preparing: {}", steps.join(", "));
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    print(
        &format!("export it as annotated Markdown ({size:.1} MB)"),
        (end - start).as_secs_f64(),
        &stage_times(&reports, start, end),
    );
}
