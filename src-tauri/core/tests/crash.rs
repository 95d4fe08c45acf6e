//! Crash safety: a writer process is SIGKILLed mid-stream many times; every write it
//! acknowledged must be there and the file must stay sound. And two processes writing at once
//! (the window and the CLI) must both succeed, waiting on each other instead of failing.
//!
//! The writer is this test binary run again with `FACTDESK_CRASH_DB` set, executing the
//! ignored test `writer` below.

use factdesk_core::app::Desk;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CLAIMS: u64 = 10;

/// The child: writes notes `write N` for N from FACTDESK_CRASH_FROM, printing N after each
/// commit, until FACTDESK_CRASH_COUNT writes are done (or it is killed).
#[test]
#[ignore = "run as a child process by the crash tests"]
fn writer() {
    let Ok(db) = std::env::var("FACTDESK_CRASH_DB") else {
        return;
    };
    let from: u64 = std::env::var("FACTDESK_CRASH_FROM")
        .unwrap()
        .parse()
        .unwrap();
    let count: u64 = std::env::var("FACTDESK_CRASH_COUNT")
        .unwrap()
        .parse()
        .unwrap();
    let claim_base: u64 = std::env::var("FACTDESK_CRASH_CLAIMS")
        .unwrap()
        .parse()
        .unwrap();
    let mut desk = Desk::open(Path::new(&db)).unwrap();
    use std::io::Write;
    let stdout = std::io::stdout();
    for i in from..from + count {
        let claim = format!("c{}", claim_base + i % (CLAIMS / 2) + 1);
        desk.set_note("a1", &claim, &format!("write {i}")).unwrap();
        if i % 3 == 0 {
            let status = if i % 2 == 0 { "verified" } else { "disputed" };
            desk.set_status("a1", &claim, status).unwrap();
        }
        let mut out = stdout.lock();
        writeln!(out, "ack {i}").unwrap();
        out.flush().unwrap();
    }
}

fn prepare(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("lib.sqlite3");
    let file = dir.join("a.txt");
    let text: String = (0..CLAIMS)
        .map(|i| format!("Sentence number {i} says prices rose {i}%."))
        .collect::<Vec<_>>()
        .join("\n\n");
    std::fs::write(&file, &text).unwrap();
    let mut desk = Desk::open(&db).unwrap();
    desk.open_article(&file).unwrap();
    let view = desk.article_view("a1").unwrap();
    for b in &view.blocks {
        desk.add_manual_claim("a1", b.start, b.end).unwrap();
    }
    db
}

fn spawn(db: &Path, from: u64, count: u64, claim_base: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("FACTDESK_CRASH_DB", db)
        .env("FACTDESK_CRASH_FROM", from.to_string())
        .env("FACTDESK_CRASH_COUNT", count.to_string())
        .env("FACTDESK_CRASH_CLAIMS", claim_base.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads `ack N` lines until the child's stdout closes.
fn acks(child: &mut Child) -> std::thread::JoinHandle<Vec<u64>> {
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        BufReader::new(out)
            .lines()
            .map_while(Result::ok)
            // The test harness may put its own "test writer ... " before the first line.
            .filter_map(|l| l.split("ack ").nth(1).and_then(|n| n.trim().parse().ok()))
            .collect()
    })
}

/// Every note value history recorded as written (`write N` → N).
fn written(db: &Path) -> HashSet<u64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT after FROM history WHERE action = 'set_note'")
        .unwrap();
    let rows: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    rows.iter()
        .filter_map(|a| {
            let v: serde_json::Value = serde_json::from_str(a).unwrap();
            v["note"].as_str()?.strip_prefix("write ")?.parse().ok()
        })
        .collect()
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path());
    // A small deterministic generator: kill times vary, runs are reproducible.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut acked: Vec<u64> = Vec::new();
    let mut killed_mid_stream = 0;
    for round in 0..20u64 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = spawn(&db, round * 1_000_000, 1_000_000, 0);
        let reader = acks(&mut child);
        std::thread::sleep(Duration::from_millis(150 + seed % 400));
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        let got = reader.join().unwrap();
        if !status.success() && !got.is_empty() {
            killed_mid_stream += 1;
        }
        acked.extend(got);
        let desk = Desk::open(&db).unwrap();
        assert_eq!(
            desk.library().integrity_check().unwrap(),
            "ok",
            "round {round}"
        );
    }
    assert!(
        killed_mid_stream >= 15,
        "only {killed_mid_stream} kills landed mid-writes"
    );
    let present = written(&db);
    let missing: Vec<_> = acked.iter().filter(|n| !present.contains(n)).collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    // The claim each last write went to shows it (or a later, unacknowledged one).
    let desk = Desk::open(&db).unwrap();
    let claims = desk.claims("a1").unwrap();
    assert!(claims.iter().any(|c| c.note.starts_with("write ")));
    assert!(acked.len() > 20, "the writer barely wrote: {}", acked.len());
}

#[test]
fn two_processes_write_at_once_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepare(dir.path());
    let n = 150;
    let mut a = spawn(&db, 0, n, 0);
    let mut b = spawn(&db, 10_000, n, CLAIMS / 2);
    let (ra, rb) = (acks(&mut a), acks(&mut b));
    let (sa, sb) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(
        sa.status.success(),
        "{}",
        String::from_utf8_lossy(&sa.stderr)
    );
    assert!(
        sb.status.success(),
        "{}",
        String::from_utf8_lossy(&sb.stderr)
    );
    let (ga, gb) = (ra.join().unwrap(), rb.join().unwrap());
    assert_eq!(ga.len() as u64, n);
    assert_eq!(gb.len() as u64, n);
    let present = written(&db);
    assert!(ga.iter().chain(&gb).all(|i| present.contains(i)));
    let desk = Desk::open(&db).unwrap();
    assert_eq!(desk.library().integrity_check().unwrap(), "ok");
    let claims = desk.claims("a1").unwrap();
    let last_a = (0..n).rev().find(|i| i % (CLAIMS / 2) == 0).unwrap();
    assert_eq!(claims[0].note, format!("write {last_a}"));
}
