//! Trains the claim scorer (`make train`) and reports how it does (`make eval`).
//!
//!   cargo run --release -p factdesk-core --example train -- [--eval] [--shared DIR] [--out FILE]
//!
//! Data, read where it lies (never copied into the repo):
//! - the project's own labels of 60 Wikinews articles, `eval/labels/news/*.jsonl` (0/1/2 per
//!   sentence, keyed by article and code-point offsets), with the articles from
//!   `../shared/eval/data/news/`;
//! - ClaimBuster's crowdsourced debate sentences (`crowdsourced.csv`) for training;
//!   `groundtruth.csv` (CheckThat! 2024 English dev) is only scored, never trained on.
//!
//! Two L2-regularised logistic regressions over the same features (`analysis::features`):
//! "central claim" (label 2) and "factual" (label 1 or 2), fitted by full-batch Adam in f64
//! in a fixed order, so a run gives the same weights byte for byte. The central head learns
//! news and debate as two domains of one model (see [`fit`]). The news set is
//! cross-validated by article (5 folds, no article in its own training fold); the
//! out-of-fold scores choose the blend of the two heads, the calibration (Platt) and the
//! default threshold (the highest that keeps recall(central) ≥ 0.95). The final weights are
//! fitted on all of it.

use factdesk_core::analysis::features::{f, Features, DENSE_NAMES, LEX_BITS, LEX_SIZE};
use factdesk_core::analysis::scorer::{HEADER, MAGIC, VERSION};
use factdesk_core::analysis::training::{input_hash, sentence_features, Row, WordVectors};
use factdesk_core::document::{BlockKind, DocumentBuilder, Format, Metadata};
use factdesk_core::import::{import_path, ImportOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How much a news sentence weighs against a debate sentence in training.
const NEWS_WEIGHT: f64 = 20.0;
/// L2 strength on lexical and dense weights (per unit of sample weight).
const L2_LEX: f64 = 1e-3;
/// The factual thresholds tried (the chance of checkable content that proposes a sentence).
const FACTUAL_GRID: [f64; 10] = [0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97];
const L2_DENSE: f64 = 2e-5;
const EPOCHS: usize = 300;
const LEARNING_RATE: f64 = 0.05;
const FOLDS: usize = 5;
const RECALL_TARGET: f64 = 0.95;
const BLENDS: [f64; 5] = [0.0, 0.25, 0.5, 1.0, 2.0];
/// How far below the best balance the factual threshold may go for being stricter.
const BALANCE_SLACK: f64 = 0.01;
/// Factor on the mean word vector (unit vectors averaged are small; this brings them to the
/// scale of the other features so one L2 strength suits them).
const EMB_SCALE: f64 = 3.0;
/// L2 strength on the word-vector weights.
const L2_EMB: f64 = 1e-4;
/// How much harder than the shared weights the central head's news and debate copies are held
/// to zero (see [`fit`]; AP(central) is flat from 32 to 64, 0.848 at 16).
const L2_DOMAIN: f64 = 32.0;

/// A hyper-parameter, overridable by an environment variable for exploring (`make train`
/// never sets one, so the committed weights always come from the constants above).
fn param(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Sample {
    x: Features,
    /// The mean static word vector of its words, times [`EMB_SCALE`].
    emb: Vec<f32>,
    /// 0, 1 or 2.
    label: u8,
    weight: f64,
    /// Article index for news sentences (for the folds), `None` for debate.
    article: Option<usize>,
}

/// A labelled gold sentence of a news article, in squashed (non-space) character positions,
/// with the app's sentences that overlap it.
struct Gold {
    article: usize,
    label: u8,
    samples: Vec<usize>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train: {e}");
            ExitCode::FAILURE
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let repo = repo_root();
    let mut shared = repo.join("../shared");
    let mut out = repo.join("src-tauri/core/model/claim_scorer.bin");
    let mut eval = false;
    let mut dump: Option<PathBuf> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--eval" => eval = true,
            "--shared" => shared = args.next().ok_or("--shared needs a folder")?.into(),
            "--out" => out = args.next().ok_or("--out needs a file")?.into(),
            "--dump" => dump = Some(args.next().ok_or("--dump needs a file")?.into()),
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let cb = shared.join("eval/data/public/claimbuster");
    let mut samples =
        read_claimbuster(&cb.join("crowdsourced.csv"), param("FD_DEBATE_WEIGHT", 1.0))?;
    let debate = samples.len();
    let (golds, articles) = read_news(&repo, &shared, &mut samples)?;
    let vectors = word_vectors(&repo)?;
    attach_vectors(&mut samples, &vectors);
    let news = samples.len() - debate;
    eprintln!(
        "train: {debate} debate sentences, {news} news sentences of the app in {articles} articles, {} labelled news sentences",
        golds.len()
    );

    // Out-of-fold scores of every news sample, for both heads.
    let quick = std::env::var_os("FD_QUICK").is_some();
    let mut oof = vec![(0.0f64, 0.0f64); samples.len()];
    for fold in 0..FOLDS {
        let train: Vec<usize> = (0..samples.len())
            .filter(|&i| samples[i].article.is_none_or(|a| a % FOLDS != fold))
            .collect();
        let central = fit(&samples, &train, |l| l == 2, true);
        let factual = if quick {
            Model::zero(vectors.dims)
        } else {
            fit(&samples, &train, |l| l >= 1, false)
        };
        for (i, s) in samples.iter().enumerate() {
            if s.article.is_some_and(|a| a % FOLDS == fold) {
                oof[i] = (central.z(s), factual.z(s));
            }
        }
        eprintln!("train: fold {} of {FOLDS} done", fold + 1);
    }
    let news_idx: Vec<usize> = (debate..samples.len()).collect();
    if let Some(path) = &dump {
        // Out-of-fold scores per gold sentence, for exploring score policies.
        let mut text = String::new();
        for g in &golds {
            let zs: Vec<String> = g
                .samples
                .iter()
                .map(|&i| format!("{:.5}:{:.5}", oof[i].0, oof[i].1))
                .collect();
            text.push_str(&format!("{}\t{}\t{}\n", g.article, g.label, zs.join(" ")));
        }
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    // The blend of the heads that ranks central claims best (AP), calibrated on the news.
    let mut best: Option<(f64, f64)> = None;
    for blend in BLENDS {
        let z = |i: usize| oof[i].0 + blend * oof[i].1;
        let m = gold_metrics(&golds, &|i| z(i), &|_, _| false);
        println!("blend {blend:4.2}: AP(central) {:.3}", m.ap_central);
        if quick {
            return Ok(());
        }
        if best.is_none_or(|(_, ap)| m.ap_central > ap) {
            best = Some((blend, m.ap_central));
        }
    }
    let (blend, _) = best.ok_or("no blend")?;
    let z = |i: usize| oof[i].0 + blend * oof[i].1;
    let (a, b) = platt(&news_idx, &z, &samples);
    let score = |i: usize| sigmoid(a * z(i) + b);
    let factual = |i: usize| sigmoid(oof[i].1);
    // The strictest factual threshold whose balance of recall and rejection is within
    // BALANCE_SLACK of the best: near the top the curve is flat, and a stricter threshold
    // proposes fewer sentences on articles unlike the training set.
    let grid: Vec<(f64, Metrics)> = FACTUAL_GRID
        .iter()
        .map(|&tf| (tf, gold_metrics(&golds, &score, &|i, _| factual(i) >= tf)))
        .collect();
    let best = grid.iter().map(|(_, m)| m.balanced).fold(0.0, f64::max);
    for (tf, m) in &grid {
        println!("factual threshold {tf:.2}: {}", m.line());
    }
    let (tf, m) = grid
        .into_iter()
        .rfind(|(_, m)| m.balanced >= best - BALANCE_SLACK)
        .ok_or("no factual threshold")?;
    let central_only = gold_metrics(&golds, &score, &|_, _| false);
    println!(
        "central claims only (the strictest setting): {}",
        central_only.line()
    );
    println!(
        "news set, 5-fold cross-validation by article (blend {blend}, factual threshold {tf}): {}",
        m.line()
    );
    println!(
        "calibration: mean score {:.3} vs share of central {:.3}",
        news_idx.iter().map(|&i| score(i)).sum::<f64>() / news_idx.len() as f64,
        news_idx.iter().filter(|&&i| samples[i].label == 2).count() as f64 / news_idx.len() as f64
    );

    let all: Vec<usize> = (0..samples.len()).collect();
    let central = fit(&samples, &all, |l| l == 2, true);
    let factual_head = fit(&samples, &all, |l| l >= 1, false);
    if eval {
        report_weights(&central, &factual_head, blend);
        let mut gt = read_claimbuster(&cb.join("groundtruth.csv"), 1.0)?;
        attach_vectors(&mut gt, &vectors);
        let scored: Vec<(f64, bool)> = gt
            .iter()
            .map(|s| (sigmoid(central.z(s)), s.label == 2))
            .collect();
        let (p, r, f1) = prf(&scored, 0.5);
        println!(
            "ClaimBuster groundtruth.csv (CheckThat! 2024 English dev, CFS positive, central head at 0.5): precision {p:.3} recall {r:.3} F1 {f1:.3} AP {:.3} n={}",
            average_precision(&scored),
            scored.len()
        );
    }
    let hash = input_hash(&repo, &shared).map_err(|e| format!("hashing the inputs: {e}"))?;
    let bytes = weights_file(
        &central,
        &factual_head,
        &vectors,
        &hash,
        [
            m.threshold as f32,
            a as f32,
            b as f32,
            blend as f32,
            tf as f32,
        ],
    );
    std::fs::write(&out, bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("train: wrote {}", out.display());
    Ok(())
}

// ---------------------------------------------------------------- data

fn read_claimbuster(path: &Path, weight: f64) -> Result<Vec<Sample>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let rows = parse_csv(&text);
    let header = rows.first().ok_or("empty csv")?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(t), Some(v)) = (col("Text"), col("Verdict")) else {
        return Err(format!("{}: no Text/Verdict columns", path.display()));
    };
    let mut out = Vec::new();
    for row in &rows[1..] {
        let (Some(text), Some(verdict)) = (row.get(t), row.get(v)) else {
            continue;
        };
        let label = match verdict.trim() {
            "-1" => 0,
            "0" => 1,
            "1" => 2,
            _ => continue,
        };
        let doc = paragraph_doc(text.trim());
        // The whole sentence is one sample: its app sentences' features summed would blur it,
        // so take the sentence with the most words.
        let rows = sentence_features(&doc, true);
        if let Some(r) = rows.into_iter().max_by_key(|r| r.features.lex.len()) {
            out.push(Sample {
                x: r.features,
                emb: Vec::new(),
                label,
                weight,
                article: None,
            });
        }
    }
    Ok(out)
}

fn paragraph_doc(text: &str) -> factdesk_core::Document {
    let mut b = DocumentBuilder::new(Format::Text);
    b.begin_block(BlockKind::Paragraph, 0);
    b.push_text(text);
    b.end_block();
    b.finish(Metadata::default(), String::new(), text.as_bytes())
}

/// RFC 4180: fields in double quotes may hold commas, newlines and doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Positions of the non-space characters of `text` (as char indices) and byte offsets.
struct Squashed {
    /// For each non-space char: its byte offset in the text.
    bytes: Vec<usize>,
    /// For each char index of the text: its squashed position (or the next one's).
    of_char: Vec<usize>,
    chars: String,
}

fn fold(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' => '\'',
        '\u{201c}' | '\u{201d}' => '"',
        '\u{2013}' | '\u{2014}' => '-',
        c => c,
    }
}

impl Squashed {
    fn new(text: &str) -> Self {
        let mut s = Squashed {
            bytes: Vec::new(),
            of_char: Vec::new(),
            chars: String::new(),
        };
        for (b, c) in text.char_indices() {
            s.of_char.push(s.bytes.len());
            if !c.is_whitespace() {
                s.bytes.push(b);
                s.chars.push(fold(c));
            }
        }
        s.of_char.push(s.bytes.len());
        s
    }

    /// Squashed span of a byte range.
    fn of_bytes(&self, r: &std::ops::Range<usize>) -> (usize, usize) {
        (
            self.bytes.partition_point(|&b| b < r.start),
            self.bytes.partition_point(|&b| b < r.end),
        )
    }
}

#[derive(serde::Deserialize)]
struct LabelRow {
    doc: String,
    start: usize,
    end: usize,
    label: u8,
}

/// The labelled news: the app's sentences of each article as samples (labelled by the gold
/// sentence they overlap most), and the gold sentences with the samples that overlap them.
fn read_news(
    repo: &Path,
    shared: &Path,
    samples: &mut Vec<Sample>,
) -> Result<(Vec<Gold>, usize), String> {
    let dir = repo.join("eval/labels/news");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut golds = Vec::new();
    for (article, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let rows: Vec<LabelRow> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).map_err(|e| format!("{}: {e}", file.display())))
            .collect::<Result<_, _>>()?;
        let Some(first) = rows.first() else { continue };
        let path = shared.join("eval/data/news").join(&first.doc);
        let raw = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc = import_path(&path, &ImportOptions::default())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let file_sq = Squashed::new(&raw);
        let doc_sq = Squashed::new(&doc.text);
        if file_sq.chars != doc_sq.chars {
            return Err(format!(
                "{}: the app's text differs from the file beyond white space",
                first.doc
            ));
        }
        let app: Vec<Row> = sentence_features(&doc, false);
        let spans: Vec<(usize, usize)> = app.iter().map(|r| doc_sq.of_bytes(&r.range)).collect();
        let gold_spans: Vec<(usize, usize, u8)> = rows
            .iter()
            .map(|r| {
                let s = file_sq.of_char.get(r.start).copied().unwrap_or(0);
                let e = file_sq.of_char.get(r.end).copied().unwrap_or(s);
                (s, e, r.label)
            })
            .collect();
        let base = samples.len();
        for (row, &(s, e)) in app.into_iter().zip(&spans) {
            let label = gold_spans
                .iter()
                .map(|&(gs, ge, l)| (ge.min(e).saturating_sub(gs.max(s)), l))
                .max_by_key(|&(overlap, _)| overlap)
                .filter(|&(overlap, _)| overlap > 0)
                .map_or(0, |(_, l)| l);
            samples.push(Sample {
                x: row.features,
                emb: Vec::new(),
                label,
                weight: param("FD_NEWS_WEIGHT", NEWS_WEIGHT),
                article: Some(article),
            });
        }
        for &(gs, ge, label) in &gold_spans {
            let over: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, &(s, e))| s < ge && gs < e)
                .map(|(k, _)| base + k)
                .collect();
            golds.push(Gold {
                article,
                label,
                samples: over,
            });
        }
    }
    Ok((golds, files.len()))
}

// ---------------------------------------------------------------- model

struct Model {
    dense: Vec<f64>,
    lex: Vec<f64>,
    emb: Vec<f64>,
    /// The debate view, for debate sentences (the central head: see [`fit`]).
    debate: Option<Box<Model>>,
}

impl Model {
    fn zero(dims: usize) -> Model {
        Model {
            dense: vec![0.0; f::COUNT],
            lex: vec![0.0; LEX_SIZE],
            emb: vec![0.0; dims],
            debate: None,
        }
    }

    fn z(&self, s: &Sample) -> f64 {
        if let (None, Some(d)) = (s.article, &self.debate) {
            return d.z(s);
        }
        let lex: f64 = s.x.lex.iter().map(|&b| self.lex[b as usize]).sum();
        dot(&s.x.dense, &self.dense) + dot(&s.emb, &self.emb) + lex
    }
}

fn dot(v: &[f32], w: &[f64]) -> f64 {
    v.iter().zip(w).map(|(v, w)| f64::from(*v) * w).sum()
}

fn word_vectors(repo: &Path) -> Result<WordVectors, String> {
    let path = repo.join("src-tauri/core/model/embeddings.bin");
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    WordVectors::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn attach_vectors(samples: &mut [Sample], vectors: &WordVectors) {
    let scale = param("FD_EMB_SCALE", EMB_SCALE) as f32;
    for s in samples {
        s.emb = vectors.mean(&s.x.words);
        s.emb.iter_mut().for_each(|v| *v *= scale);
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Full-batch Adam on the weighted log loss with L2, over the samples `idx`. The parameters
/// are laid out as dense, then lexical, then word-vector weights. With `domains` they come in
/// three copies (shared, news, debate; Daumé's "frustratingly easy" domain adaptation): a
/// sample is scored by the shared copy plus its own domain's, the domain copies held
/// [`L2_DOMAIN`] times harder to zero, so what the two registers share is learned once and
/// debate's own habits stay in the debate copy. The model returned is the news view (shared +
/// news), with the debate view beside it for scoring debate sentences.
fn fit(samples: &[Sample], idx: &[usize], positive: impl Fn(u8) -> bool, domains: bool) -> Model {
    let dims = samples.first().map_or(0, |s| s.emb.len());
    let total: f64 = idx.iter().map(|&i| samples[i].weight).sum();
    let (lex_at, emb_at) = (f::COUNT, f::COUNT + LEX_SIZE);
    let n = emb_at + dims;
    let copies = if domains { 3 } else { 1 };
    let spec = param("FD_L2_DOMAIN", L2_DOMAIN);
    let mut p = vec![0.0f64; copies * n];
    let (mut m1, mut m2) = (vec![0.0f64; copies * n], vec![0.0f64; copies * n]);
    let (b1, b2, eps) = (0.9f64, 0.999f64, 1e-8);
    let mut grad = vec![0.0f64; copies * n];
    let l2 = [
        param("FD_L2_DENSE", L2_DENSE),
        param("FD_L2_LEX", L2_LEX),
        param("FD_L2_EMB", L2_EMB),
    ];
    let z_at = |p: &[f64], s: &Sample, at: usize| -> f64 {
        let lex: f64 = s.x.lex.iter().map(|&b| p[at + lex_at + b as usize]).sum();
        dot(&s.x.dense, &p[at..at + lex_at]) + dot(&s.emb, &p[at + emb_at..at + n]) + lex
    };
    let own = |s: &Sample| if s.article.is_some() { n } else { 2 * n };
    let epochs = param("FD_EPOCHS", EPOCHS as f64) as usize;
    for epoch in 1..=epochs {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for &i in idx {
            let s = &samples[i];
            let y = if positive(s.label) { 1.0 } else { 0.0 };
            let both = [0, own(s)];
            let ats: &[usize] = if copies == 1 { &[0] } else { &both };
            let z: f64 = ats.iter().map(|&at| z_at(&p, s, at)).sum();
            let err = (sigmoid(z) - y) * s.weight / total;
            for &at in ats {
                for (k, v) in s.x.dense.iter().enumerate() {
                    if *v != 0.0 {
                        grad[at + k] += err * f64::from(*v);
                    }
                }
                for &b in &s.x.lex {
                    grad[at + lex_at + b as usize] += err;
                }
                for (g, v) in grad[at + emb_at..at + n].iter_mut().zip(&s.emb) {
                    *g += err * f64::from(*v);
                }
            }
        }
        let lr =
            LEARNING_RATE * (1.0 - b2.powi(epoch as i32)).sqrt() / (1.0 - b1.powi(epoch as i32));
        for j in 0..copies * n {
            let k = j % n;
            let part = usize::from(k >= lex_at) + usize::from(k >= emb_at);
            let l2 = if k == f::BIAS { 0.0 } else { l2[part] } * if j < n { 1.0 } else { spec };
            let w = &mut p[j];
            let g = grad[j] + l2 * *w;
            if g == 0.0 && m1[j] == 0.0 {
                continue;
            }
            m1[j] = b1 * m1[j] + (1.0 - b1) * g;
            m2[j] = b2 * m2[j] + (1.0 - b2) * g * g;
            *w -= lr * m1[j] / (m2[j].sqrt() + eps);
        }
    }
    let view = |at: Option<usize>| {
        let w = |k: usize| p[k] + at.map_or(0.0, |at| p[at + k]);
        Model {
            dense: (0..lex_at).map(w).collect(),
            lex: (lex_at..emb_at).map(w).collect(),
            emb: (emb_at..n).map(w).collect(),
            debate: None,
        }
    };
    if copies == 1 {
        return view(None);
    }
    let mut news = view(Some(n));
    news.debate = Some(Box::new(view(Some(2 * n))));
    news
}

/// Platt scaling of the scores `z` of the news samples against "central".
fn platt(idx: &[usize], z: &impl Fn(usize) -> f64, samples: &[Sample]) -> (f64, f64) {
    let (mut a, mut b) = (1.0f64, 0.0f64);
    for _ in 0..2000 {
        let (mut ga, mut gb) = (0.0, 0.0);
        for &i in idx {
            let y = if samples[i].label == 2 { 1.0 } else { 0.0 };
            let e = sigmoid(a * z(i) + b) - y;
            ga += e * z(i);
            gb += e;
        }
        a -= 0.5 * ga / idx.len() as f64;
        b -= 0.5 * gb / idx.len() as f64;
    }
    (a, b)
}

// ---------------------------------------------------------------- metrics

struct Metrics {
    recall_factual: f64,
    recall_central: f64,
    rejection: f64,
    balanced: f64,
    ap_central: f64,
    threshold: f64,
    proposed: f64,
    n: usize,
}

impl Metrics {
    fn line(&self) -> String {
        format!(
            "recall(factual) {:.3} recall(central) {:.3} rejection(non-factual) {:.3} balanced {:.3} AP(central) {:.3} threshold {:.3} proposed {:.1}% n={}",
            self.recall_factual,
            self.recall_central,
            self.rejection,
            self.balanced,
            self.ap_central,
            self.threshold,
            100.0 * self.proposed,
            self.n
        )
    }
}

/// The dev scorer's figures over the gold sentences: a gold sentence's score is the highest of
/// the app sentences overlapping it; the threshold is the highest that keeps
/// recall(central) ≥ [`RECALL_TARGET`].
fn gold_metrics(
    golds: &[Gold],
    score: &impl Fn(usize) -> f64,
    also: &impl Fn(usize, f64) -> bool,
) -> Metrics {
    let scored: Vec<(f64, u8)> = golds
        .iter()
        .map(|g| {
            // From -∞: linear scores are negative for most sentences, and a floor at 0 would
            // tie them all.
            let s = g
                .samples
                .iter()
                .map(|&i| score(i))
                .fold(f64::NEG_INFINITY, f64::max);
            (s, g.label)
        })
        .collect();
    let mut central: Vec<f64> = scored.iter().filter(|s| s.1 == 2).map(|s| s.0).collect();
    central.sort_by(|a, b| b.total_cmp(a));
    let keep = ((central.len() as f64) * RECALL_TARGET).ceil() as usize;
    let threshold = central
        .get(keep.saturating_sub(1))
        .copied()
        .unwrap_or(0.5)
        .min(0.999);
    // Proposed: scored at the threshold, or proposed by `also` on any of its sentences.
    let proposed: Vec<bool> = golds
        .iter()
        .zip(&scored)
        .map(|(g, s)| s.0 >= threshold || g.samples.iter().any(|&i| also(i, score(i))))
        .collect();
    let rate = |labels: &[u8], want: bool| {
        let of: Vec<_> = scored
            .iter()
            .zip(&proposed)
            .filter(|(s, _)| labels.contains(&s.1))
            .collect();
        of.iter().filter(|(_, p)| **p == want).count() as f64 / of.len().max(1) as f64
    };
    let rf = rate(&[1, 2], true);
    let rej = rate(&[0], false);
    let ranked: Vec<(f64, bool)> = scored.iter().map(|s| (s.0, s.1 == 2)).collect();
    Metrics {
        recall_factual: rf,
        recall_central: rate(&[2], true),
        rejection: rej,
        balanced: (rf + rej) / 2.0,
        ap_central: average_precision(&ranked),
        threshold,
        proposed: proposed.iter().filter(|p| **p).count() as f64 / scored.len().max(1) as f64,
        n: scored.len(),
    }
}

fn average_precision(scored: &[(f64, bool)]) -> f64 {
    let mut ranked = scored.to_vec();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut hits, mut total) = (0usize, 0.0f64);
    for (k, (_, y)) in ranked.iter().enumerate() {
        if *y {
            hits += 1;
            total += hits as f64 / (k + 1) as f64;
        }
    }
    if hits == 0 {
        0.0
    } else {
        total / hits as f64
    }
}

fn prf(scored: &[(f64, bool)], t: f64) -> (f64, f64, f64) {
    let tp = scored.iter().filter(|s| s.0 >= t && s.1).count() as f64;
    let fp = scored.iter().filter(|s| s.0 >= t && !s.1).count() as f64;
    let fneg = scored.iter().filter(|s| s.0 < t && s.1).count() as f64;
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let r = if tp + fneg > 0.0 {
        tp / (tp + fneg)
    } else {
        0.0
    };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

fn report_weights(central: &Model, factual: &Model, blend: f64) {
    let mut rows: Vec<(f64, &str)> = (0..f::COUNT)
        .map(|i| (central.dense[i] + blend * factual.dense[i], DENSE_NAMES[i]))
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let line: Vec<String> = rows.iter().map(|(w, n)| format!("{n} {w:+.2}")).collect();
    println!(
        "dense weights (central + blend x factual): {}",
        line.join(", ")
    );
}

// ---------------------------------------------------------------- file

/// `header`: threshold, calibration a and b, blend, factual threshold.
fn weights_file(
    central: &Model,
    factual: &Model,
    vectors: &WordVectors,
    hash: &[u8; 32],
    header: [f32; 5],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + 8 * (f::COUNT + LEX_SIZE));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&LEX_BITS.to_le_bytes());
    out.extend_from_slice(&(f::COUNT as u32).to_le_bytes());
    out.extend_from_slice(hash);
    for v in header {
        out.extend_from_slice(&v.to_le_bytes());
    }
    // The app never sees a debate sentence: its weight is dropped.
    for m in [central, factual] {
        for (i, w) in m.dense.iter().enumerate() {
            let w = if i == f::DEBATE { 0.0 } else { *w };
            out.extend_from_slice(&(w as f32).to_le_bytes());
        }
    }
    for (c, f) in central.lex.iter().zip(&factual.lex) {
        out.extend_from_slice(&(*c as f32).to_le_bytes());
        out.extend_from_slice(&(*f as f32).to_le_bytes());
    }
    // The word vectors' part folded into one value per word and head: the mean vector's dot
    // product with the weights is the mean of each word's dot product, so the app needs no
    // vectors, only these (see `scorer::Weights::words`).
    let scale = param("FD_EMB_SCALE", EMB_SCALE);
    let value = |m: &Model, v: &[f32]| (scale * dot(v, &m.emb)) as f32;
    let mut words: Vec<(u32, f32, f32)> = vectors
        .by_hash
        .iter()
        .map(|(h, v)| (*h, value(central, v), value(factual, v)))
        .collect();
    words.sort_by_key(|w| w.0);
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for (h, c, f) in words {
        out.extend_from_slice(&h.to_le_bytes());
        out.extend_from_slice(&c.to_le_bytes());
        out.extend_from_slice(&f.to_le_bytes());
    }
    out
}
