use crate::analysis::{analyze, AnalyzeOptions};
use crate::contract;
use crate::error::{CoreError, Result};
use crate::import::{import_path, ImportOptions};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// The article file (text, Markdown, HTML, Word, PDF).
    pub file: PathBuf,
    /// Print the analyze contract as JSON instead of a readable summary.
    #[arg(long)]
    pub json: bool,
    /// Propose exactly the sentences scoring at least this (0–1): the score is the chance
    /// that a checker calls the sentence a central claim. Without it, sentences likely to hold
    /// checkable facts are proposed too.
    #[arg(long)]
    pub min_score: Option<f32>,
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let doc = import_path(&args.file, &ImportOptions::default())?;
    for w in &doc.warnings {
        eprintln!("warning: {}: {w}", args.file.display());
    }
    let mut opts = AnalyzeOptions::default();
    if let Some(m) = args.min_score {
        if !(0.0..=1.0).contains(&m) {
            return Err(CoreError::Invalid(format!(
                "--min-score must be between 0 and 1, not {m}"
            )));
        }
        opts.min_score = m;
        opts.min_factual = None;
    }
    let analysis = analyze(&doc, &opts);
    let report = contract::report(&args.file.to_string_lossy(), &doc, &analysis);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let write_err = |e: std::io::Error| CoreError::io("<stdout>", e);
    if args.json {
        let mut json = json_stdout().map_err(write_err)?;
        contract::write_json_to(&report, &mut json, None).map_err(write_err)?;
        json.write_all(b"\n").map_err(write_err)?;
        json.flush().map_err(write_err)?;
    } else {
        writeln!(
            out,
            "{} ({})",
            report.title.unwrap_or("(untitled)"),
            report.format
        )
        .map_err(write_err)?;
        writeln!(
            out,
            "{} sentences, {} proposed claims",
            report.sentences.len(),
            report.claims.len()
        )
        .map_err(write_err)?;
        let mut claims: Vec<_> = report.claims.iter().collect();
        claims.sort_by(|a, b| contract::round3(b.score).total_cmp(&contract::round3(a.score)));
        for c in claims {
            let kinds: Vec<&str> = c.kinds.iter().map(|k| k.as_str()).collect();
            let text = &doc.text[c.range.clone()];
            writeln!(out, "\n[{:.2}] {}", contract::round3(c.score), text).map_err(write_err)?;
            writeln!(
                out,
                "       kinds: {}; why: {}",
                kinds.join(", "),
                c.reasons.to_vec().join("; ")
            )
            .map_err(write_err)?;
        }
    }
    out.flush().map_err(write_err)
}

/// Stdout for the JSON. On Unix its file descriptor itself, so the JSON's megabyte chunks go
/// straight to the file or pipe: `Stdout` looks for a newline in every write to its line
/// buffer, and the JSON has none until its end, so each chunk would be scanned through first.
#[cfg(unix)]
fn json_stdout() -> std::io::Result<impl Write> {
    use std::os::fd::AsFd;
    let fd = std::io::stdout().as_fd().try_clone_to_owned()?;
    Ok(std::fs::File::from(fd))
}

#[cfg(not(unix))]
fn json_stdout() -> std::io::Result<impl Write> {
    Ok(std::io::stdout())
}
