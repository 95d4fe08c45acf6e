//! "Checked before" speed: `cargo bench -p factdesk-core --bench matching`. Inputs are
//! generated here: a ClaimReview archive of 15,000 records and 20,000 checked claims in 20
//! articles, from a Zipf-like vocabulary of 4,000 made-up words. Prints archive import
//! (records/s, target >= 5,000), one claim matched p50/p95 (target p95 < 50 ms), all claims of
//! a 2,000-word article (target < 500 ms), and the process's peak memory (the static
//! embedding model, 8 MB, included).

use factdesk_core::anchor::anchor_at;
use factdesk_core::app::Desk;
use factdesk_core::document::{BlockKind, Document, DocumentBuilder, Metadata};
use factdesk_core::model::Origin;
use factdesk_core::store::{Library, NewClaim};
use factdesk_core::textpos::CharIndex;
use factdesk_core::Format;
use std::io::Write;
use std::time::{Duration, Instant};

struct Gen {
    seed: u64,
    words: Vec<String>,
}

impl Gen {
    fn new() -> Gen {
        let syl = [
            "ka", "lo", "mi", "ter", "san", "vo", "ri", "del", "pa", "nu", "zen", "bor", "li",
            "ga", "tu", "mer",
        ];
        let mut g = Gen {
            seed: 0x9E37_79B9_7F4A_7C15,
            words: Vec::new(),
        };
        for _ in 0..4000 {
            let n = 2 + g.next() % 3;
            let w: String = (0..n)
                .map(|_| syl[(g.next() % syl.len() as u64) as usize])
                .collect();
            g.words.push(w);
        }
        g
    }
    fn next(&mut self) -> u64 {
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        self.seed
    }
    /// A word, common ones far more often (rank ~ u^3).
    fn word(&mut self) -> &str {
        let u = (self.next() % 10_000) as f64 / 10_000.0;
        let i = ((u * u * u) * self.words.len() as f64) as usize;
        &self.words[i.min(self.words.len() - 1)]
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            let w = self.word().to_string();
            s.push_str(&w);
            if i == 3 && self.next().is_multiple_of(3) {
                s.push_str(&format!(" {}", 1990 + self.next() % 35));
            }
        }
        s.push('.');
        s
    }
}

fn document(sentences: &[String]) -> Document {
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

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("lib.sqlite3");
    let mut g = Gen::new();

    // 20,000 checked claims in 20 articles.
    {
        let mut lib = Library::open(&db).expect("library");
        for a in 0..20 {
            let sentences: Vec<String> = (0..1000)
                .map(|_| {
                    let n = 10 + (g.next() % 14) as usize;
                    g.sentence(n)
                })
                .collect();
            let doc = document(&sentences);
            let claims = claims_of(&doc, &sentences);
            lib.import_article(
                &format!("/bench/a{a}.txt"),
                &doc,
                doc.text.as_bytes(),
                claims,
            )
            .expect("import");
        }
    }
    let mut desk = Desk::open(&db).expect("desk");
    let t = Instant::now();
    let statuses = ["verified", "false", "disputed", "unverifiable"];
    for a in 1..=20 {
        for c in desk.claims(&format!("a{a}")).expect("claims") {
            desk.set_status(&format!("a{a}"), &c.id, statuses[c.id.len() % 4])
                .expect("status");
        }
    }
    eprintln!(
        "(20,000 statuses set in {:.1} s)",
        t.elapsed().as_secs_f64()
    );

    // A 15,000-record archive.
    let archive = dir.path().join("archive.jsonl");
    let mut archived = Vec::new();
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&archive).expect("archive"));
        for i in 0..15_000 {
            let claim = {
                let n = 10 + (g.next() % 16) as usize;
                g.sentence(n)
            };
            let title = {
                let n = 6 + (g.next() % 6) as usize;
                g.sentence(n)
            };
            let r = serde_json::json!({"@type": "ClaimReview", "identifier": format!("r{i}"), "claimReviewed": claim,
                "name": title, "description": title, "datePublished": "2021-01-01",
                "reviewRating": {"alternateName": "False"}, "author": {"name": "Bench"}});
            writeln!(f, "{r}").expect("write");
            archived.push(claim);
        }
    }
    let t = Instant::now();
    let rep = desk
        .import_archive(&archive, &mut |_| {})
        .expect("import archive");
    let secs = t.elapsed().as_secs_f64();
    println!(
        "archive import 15,000 ClaimReviews (JSON Lines): {:.0} ms, {:.0} records/s (target >= 5,000/s)",
        secs * 1000.0,
        rep.added as f64 / secs
    );

    // One claim: 300 queries, half paraphrases of archived claims (words dropped and swapped),
    // half new sentences.
    let mut times = Vec::new();
    for i in 0..300 {
        let q = if i % 2 == 0 {
            let words: Vec<&str> = archived[i * 37 % archived.len()].split(' ').collect();
            let mut w: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(j, _)| j % 4 != 1)
                .map(|(_, w)| *w)
                .collect();
            w.reverse();
            w.join(" ")
        } else {
            let n = 12 + i % 10;
            g.sentence(n)
        };
        let t = Instant::now();
        let m = desk.match_text(&q, 5).expect("match");
        times.push(t.elapsed());
        std::hint::black_box(m);
    }
    println!(
        "match one claim (15,000 archived + 20,000 checked claims): p50 {:.1} ms, p95 {:.1} ms (target p95 < 50 ms)",
        pct(&mut times, 0.5),
        pct(&mut times, 0.95)
    );

    // A 2,000-word article: all its claims.
    let sentences: Vec<String> = (0..100)
        .map(|i| {
            let body = g.sentence(12);
            format!(
                "The minister said {} rose {} percent in {}.",
                body.trim_end_matches('.'),
                3 + i % 40,
                2000 + i % 24
            )
        })
        .collect();
    let file = dir.path().join("new.txt");
    std::fs::write(&file, sentences.join(" ")).expect("article");
    let a = desk.open_article(&file).expect("open").article;
    let t = Instant::now();
    let found = desk.article_matches(&a.id).expect("matches");
    println!(
        "match every claim of a 2,000-word article ({} claims, {} with earlier checks): {:.0} ms (target < 500 ms)",
        a.claims,
        found.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    println!(
        "matching peak memory (whole bench process, static embedding model included): {:.0} MB",
        peak_rss_mb()
    );
}
