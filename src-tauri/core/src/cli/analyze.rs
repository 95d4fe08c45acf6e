use crate::analysis::{analyze, AnalyzeOptions};
use crate::contract;
use crate::error::{CoreError, Result};
use crate::import::{import_path, ImportOptions};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// The article file (text, Markdown, HTML, Word).
    pub file: PathBuf,
    /// Print the analyze contract as JSON instead of a readable summary.
    #[arg(long)]
    pub json: bool,
    /// Propose only claims scoring at least this (0–1).
    #[arg(long)]
    pub min_score: Option<f32>,
}

pub fn run(args: &AnalyzeArgs) -> Result<()> {
    let doc = import_path(&args.file, &ImportOptions::default())?;
    let mut opts = AnalyzeOptions::default();
    if let Some(m) = args.min_score {
        if !(0.0..=1.0).contains(&m) {
            return Err(CoreError::Invalid(format!(
                "--min-score must be between 0 and 1, not {m}"
            )));
        }
        opts.min_score = m;
    }
    let analysis = analyze(&doc, &opts);
    let report = contract::report(&args.file.to_string_lossy(), &doc, &analysis);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let write_err = |e: std::io::Error| CoreError::io("<stdout>", e);
    if args.json {
        let mut parts = contract::write_json_parts(&report, None)
            .map_err(|e| CoreError::Invalid(e.to_string()))?;
        if let Some(last) = parts.last_mut() {
            last.push(b'\n');
        }
        write_all_vectored(&mut out, &parts).map_err(write_err)?;
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

/// Writes `parts` one after the other in as few writes as the OS allows. One vectored write,
/// not one per part: stdout's line buffer looks for the last newline in what it is given, and
/// only the last part has one, so a write of an earlier part alone (tens of MB, no newline)
/// would be scanned through first; given all parts it finds the newline at the end at once.
fn write_all_vectored(out: &mut impl Write, parts: &[Vec<u8>]) -> std::io::Result<()> {
    let mut slices: Vec<std::io::IoSlice<'_>> =
        parts.iter().map(|p| std::io::IoSlice::new(p)).collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => std::io::IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
