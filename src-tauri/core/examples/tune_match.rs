//! Chooses the matcher's fusion weights and thresholds on CheckThat! 2022 2A train queries.
//!
//! `cargo run --release -p factdesk-core --example tune_match -- DIR [train|dev]` with DIR
//! `../shared/eval/retrieval`: imports `archive.jsonl` into a temporary library, then prints
//! MAP@5 for the default weights and for variations of each, one at a time, and the precision
//! of the first match at similarity thresholds (what `SAME_CLAIM` and `SIMILAR` were chosen by).
//! `FD_WEIGHTS`, `FD_NEIGHBOURS` and `FD_NEIGHBOUR_MIN` override the defaults (see below).

use factdesk_core::matching::{find_matches_with, MatchQuery, Weights};
use factdesk_core::store::Library;
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn read_tsv(p: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn map5(
    lib: &Library,
    queries: &[(String, String)],
    qrels: &HashMap<String, HashSet<String>>,
    w: &Weights,
) -> (f64, Vec<(f64, f64, bool)>) {
    let mut total = 0.0;
    let mut firsts = Vec::new();
    for (id, text) in queries {
        let rel = qrels.get(id).cloned().unwrap_or_default();
        let q = MatchQuery {
            text,
            top: 5,
            ..MatchQuery::default()
        };
        let ms = find_matches_with(lib, &q, w).unwrap_or_default();
        let mut hits = 0.0;
        let mut ap = 0.0;
        for (r, m) in ms.iter().enumerate() {
            if rel.contains(&m.id) {
                hits += 1.0;
                ap += hits / (r as f64 + 1.0);
            }
        }
        total += ap / (rel.len().clamp(1, 5) as f64);
        if let Some(m) = ms.first() {
            firsts.push((m.similarity, m.cosine, rel.contains(&m.id)));
        }
    }
    (total / queries.len().max(1) as f64, firsts)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("../shared/eval/retrieval"),
    );
    let part = args.get(2).map(String::as_str).unwrap_or("train");
    let tmp = std::env::temp_dir().join(format!("factdesk-tune-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&tmp);
    let db = tmp.join("lib.sqlite3");
    let mut lib = match Library::open(&db) {
        Ok(l) => l,
        Err(e) => return eprintln!("{e}"),
    };
    if let Err(e) = lib.import_archive(&dir.join("archive.jsonl"), &mut |_| {}) {
        return eprintln!("{e}");
    }
    let queries = read_tsv(&dir.join(format!("queries_{part}.tsv")));
    let mut qrels: HashMap<String, HashSet<String>> = HashMap::new();
    for (q, d) in read_tsv(&dir.join(format!("qrels_{part}.tsv"))) {
        qrels.entry(q).or_default().insert(d);
    }
    // FD_WEIGHTS="k,bm25 all,claim,title,subtitle,trigram claim,title,date[,embedding]"
    // overrides.
    let mut base = Weights::default();
    if let Some(n) = std::env::var("FD_NEIGHBOURS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        base.neighbours = n;
    }
    if let Some(n) = std::env::var("FD_NEIGHBOUR_MIN")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        base.neighbour_min = n;
    }
    if let Ok(v) = std::env::var("FD_WEIGHTS") {
        let n: Vec<f64> = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
        if n.len() == 8 || n.len() == 9 {
            base.k = n[0];
            base.bm25 = [n[1], n[2], n[3], n[4]];
            base.trigram = [n[5], n[6]];
            base.date = n[7];
            base.embedding = n.get(8).copied().unwrap_or(base.embedding);
        }
    }
    let (m, firsts) = map5(&lib, &queries, &qrels, &base);
    println!("default: MAP@5 {m:.4}");
    for t in [
        0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
    ] {
        for (what, value) in [
            (
                "similarity",
                (|f: &(f64, f64, bool)| f.0) as fn(&(f64, f64, bool)) -> f64,
            ),
            ("cosine", |f: &(f64, f64, bool)| f.1),
        ] {
            let above: Vec<_> = firsts.iter().filter(|f| value(f) >= t).collect();
            let right = above.iter().filter(|f| f.2).count();
            println!(
                "first match {what} >= {t:.2}: {} queries, {:.3} right",
                above.len(),
                right as f64 / above.len().max(1) as f64
            );
        }
    }
    if args.iter().any(|a| a == "--grid") {
        let mut variants: Vec<(String, Weights)> = Vec::new();
        for k in [5.0, 20.0, 60.0] {
            variants.push((format!("k={k}"), Weights { k, ..base.clone() }));
        }
        for f in 0..4 {
            for v in [0.0, 0.3, 1.0, 2.0] {
                let mut w = base.clone();
                w.bm25[f] = v;
                variants.push((format!("bm25[{f}]={v}"), w));
            }
        }
        for f in 0..2 {
            for v in [0.0, 0.2, 0.5, 1.0] {
                let mut w = base.clone();
                w.trigram[f] = v;
                variants.push((format!("trigram[{f}]={v}"), w));
            }
        }
        for v in [0.0, 0.2, 0.6, 1.0] {
            variants.push((
                format!("date={v}"),
                Weights {
                    date: v,
                    ..base.clone()
                },
            ));
        }
        for v in [0.0, 0.3, 0.6, 1.0, 1.5, 2.0, 3.0] {
            variants.push((
                format!("embedding={v}"),
                Weights {
                    embedding: v,
                    ..base.clone()
                },
            ));
        }
        for v in [0.3, 0.4, 0.5, 0.6] {
            variants.push((
                format!("neighbour_min={v}"),
                Weights {
                    neighbour_min: v,
                    ..base.clone()
                },
            ));
        }
        for v in [0, 10, 20] {
            variants.push((
                format!("neighbours={v}"),
                Weights {
                    neighbours: v,
                    ..base.clone()
                },
            ));
        }
        for v in [0.5, 0.7, 1.0] {
            variants.push((
                format!("year_penalty={v}"),
                Weights {
                    year_penalty: v,
                    ..base.clone()
                },
            ));
            variants.push((
                format!("number_penalty={v}"),
                Weights {
                    number_penalty: v,
                    ..base.clone()
                },
            ));
        }
        for (name, w) in variants {
            let (m, _) = map5(&lib, &queries, &qrels, &w);
            println!("{name}: MAP@5 {m:.4}");
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
