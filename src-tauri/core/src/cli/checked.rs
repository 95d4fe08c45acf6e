//! `factdesk archive import|list|remove` and `factdesk match`: fact-check archives and
//! "checked before" matching, each a thin call into [`Desk`].

use crate::app::Desk;
use crate::error::{CoreError, Result};
use crate::matching::{Match, MatchQuery, Matcher};
use serde::Serialize;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ArchiveCommand {
    /// Import schema.org ClaimReview records: JSON-LD, a JSON list, JSON Lines, or an HTML
    /// page with ClaimReview JSON-LD. Re-importing updates records, never duplicates them.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List the imported archives with their number of fact-checks.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove an archive (its id `k1` or its name) and its fact-checks.
    Remove {
        archive: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// The claim to look up.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    pub text: Option<String>,
    /// A file of `id<TAB>text` lines; prints one JSON line per query.
    #[arg(long)]
    pub batch: Option<PathBuf>,
    /// How many earlier checks to list.
    #[arg(long, default_value_t = 5)]
    pub top: usize,
    #[arg(long)]
    pub json: bool,
    /// Only the first stage (BM25 over claim, title and subtitle), without re-ranking: for
    /// measuring what the re-ranker adds.
    #[arg(long)]
    pub bm25_only: bool,
}

fn io(e: std::io::Error) -> CoreError {
    CoreError::io("<stdout>", e)
}

fn json_line<T: Serialize>(o: &mut impl Write, v: &T) -> Result<()> {
    serde_json::to_writer(&mut *o, v).map_err(|e| CoreError::Invalid(e.to_string()))?;
    writeln!(o).map_err(io)
}

pub fn run_archive(db: Option<&Path>, cmd: ArchiveCommand) -> Result<()> {
    let mut desk = Desk::open_or_default(db)?;
    let stdout = std::io::stdout();
    let mut o = std::io::BufWriter::new(stdout.lock());
    match cmd {
        ArchiveCommand::Import { file, json } => {
            let started = std::time::Instant::now();
            let mut last = std::time::Instant::now();
            let report = desk.import_archive(&file, &mut |p| {
                if last.elapsed().as_millis() >= 1000 {
                    last = std::time::Instant::now();
                    eprintln!(
                        "factdesk: {} records read ({} of {} bytes)",
                        p.records, p.bytes, p.total_bytes
                    );
                }
            })?;
            for e in &report.errors {
                eprintln!("factdesk: {}: {e} (not imported)", file.display());
            }
            if report.rejected as usize > report.errors.len() {
                eprintln!(
                    "factdesk: {}: {} more records not imported",
                    file.display(),
                    report.rejected as usize - report.errors.len()
                );
            }
            if json {
                json_line(&mut o, &report)?;
            } else {
                writeln!(
                    o,
                    "{} {}: {} new, {} updated, {} unchanged, {} not imported ({} records/s)",
                    report.archive.id,
                    report.archive.name,
                    report.added,
                    report.updated,
                    report.unchanged,
                    report.rejected,
                    ((report.added + report.updated + report.unchanged) as f64
                        / started.elapsed().as_secs_f64().max(1e-6)) as u64
                )
                .map_err(io)?;
            }
        }
        ArchiveCommand::List { json } => {
            let list = desk.archives()?;
            if json {
                json_line(&mut o, &list)?;
            } else {
                for a in &list {
                    writeln!(
                        o,
                        "{:<4} {}  {} fact-checks, imported {}",
                        a.id, a.name, a.records, a.imported
                    )
                    .map_err(io)?;
                }
            }
        }
        ArchiveCommand::Remove { archive, json } => {
            let gone = desk.remove_archive(&archive)?;
            if json {
                json_line(&mut o, &gone)?;
            } else {
                writeln!(
                    o,
                    "removed {} {} ({} fact-checks)",
                    gone.id, gone.name, gone.records
                )
                .map_err(io)?;
            }
        }
    }
    o.flush().map_err(io)
}

#[derive(Serialize)]
struct BatchLine<'a> {
    query: &'a str,
    matches: &'a [Match],
}

/// Queries of a batch matched together (see `Matcher::find_all`).
const BATCH: usize = 100;

/// `match --batch FILE`: one matching session for the whole file, so that what one query reads
/// serves the next (each query's results are its own), its lines matched [`BATCH`] at a time
/// and printed in order.
fn run_batch(desk: &Desk, batch: &Path, a: &MatchArgs, o: &mut impl Write) -> Result<()> {
    let mut matcher = desk.matcher();
    let mut pending: Vec<(String, String)> = Vec::new();
    let f = std::fs::File::open(batch).map_err(|e| CoreError::io(batch, e))?;
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.map_err(|e| CoreError::io(batch, e))?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some((id, text)) = line.split_once('\t') else {
            // The lines before it are answered first, as when each was matched alone.
            match_pending(&mut matcher, &mut pending, a, o)?;
            return Err(CoreError::Invalid(format!(
                "{}: line {}: expected `id<TAB>text`",
                batch.display(),
                i + 1
            )));
        };
        pending.push((id.to_string(), text.to_string()));
        if pending.len() >= BATCH {
            match_pending(&mut matcher, &mut pending, a, o)?;
        }
    }
    match_pending(&mut matcher, &mut pending, a, o)
}

fn match_pending(
    matcher: &mut Matcher,
    pending: &mut Vec<(String, String)>,
    a: &MatchArgs,
    o: &mut impl Write,
) -> Result<()> {
    let queries: Vec<MatchQuery> = pending
        .iter()
        .map(|(_, text)| MatchQuery {
            text,
            top: a.top,
            first_stage_only: a.bm25_only,
            ..MatchQuery::default()
        })
        .collect();
    for ((id, _), matches) in pending.iter().zip(matcher.find_all(&queries)?) {
        json_line(
            o,
            &BatchLine {
                query: id,
                matches: &matches,
            },
        )?;
    }
    pending.clear();
    Ok(())
}

pub fn run_match(db: Option<&Path>, a: MatchArgs) -> Result<()> {
    let desk = Desk::open_or_default(db)?;
    let stdout = std::io::stdout();
    let mut o = std::io::BufWriter::new(stdout.lock());
    if let Some(batch) = &a.batch {
        run_batch(&desk, batch, &a, &mut o)?;
        return o.flush().map_err(io);
    }
    let text = a.text.unwrap_or_default();
    let matches = desk.match_text_with(&text, a.top, a.bm25_only)?;
    if a.json {
        json_line(&mut o, &matches)?;
    } else if matches.is_empty() {
        writeln!(o, "no earlier check found").map_err(io)?;
    } else {
        for m in &matches {
            let level = match m.level {
                crate::matching::MatchLevel::Same => "same claim",
                crate::matching::MatchLevel::Similar => "similar",
                crate::matching::MatchLevel::Weak => "weak",
            };
            writeln!(
                o,
                "{:.4}  {level:<10} {}  [{}] {}{}",
                m.score,
                m.id,
                m.rating.as_deref().unwrap_or("no verdict"),
                m.claim,
                m.url
                    .as_deref()
                    .map(|u| format!("  {u}"))
                    .unwrap_or_default()
            )
            .map_err(io)?;
        }
    }
    o.flush().map_err(io)
}
