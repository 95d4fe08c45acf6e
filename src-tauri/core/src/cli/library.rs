//! Library subcommands: each is one call into [`Desk`], printing text for people or, with
//! `--json`, one JSON value for scripts.

use crate::app::{self, Desk, SourceInput};
use crate::error::{CoreError, Result};
use crate::model::{ClaimRecord, SourceKind};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Article files; a file already in the library and changed since becomes a new revision.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RecentArgs {
    /// Empty the list (the articles stay in the library).
    #[arg(long)]
    pub clear: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct JsonFlag {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ClaimsArgs {
    /// Article id (`a1`).
    pub article: String,
    /// Only claims with this status.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    pub article: String,
    /// Claim id (`c3`).
    pub claim: String,
    /// unchecked, verified, disputed, false, unverifiable, or one of your own.
    pub status: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    pub article: String,
    pub claim: String,
    /// The note (Markdown); `-` reads it from standard input; "" clears it.
    pub text: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum SourceCommand {
    /// Add a source to a claim.
    Add(SourceAddArgs),
    /// Remove a source (`s4`) from a claim.
    Remove {
        article: String,
        claim: String,
        source: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct SourceAddArgs {
    pub article: String,
    pub claim: String,
    /// web, document, person, dataset or other.
    #[arg(long, default_value = "web")]
    pub kind: String,
    #[arg(long, default_value = "")]
    pub title: String,
    /// A URL, or where the thing is.
    #[arg(long, default_value = "")]
    pub location: String,
    /// Date accessed, YYYY-MM-DD.
    #[arg(long)]
    pub accessed: Option<String>,
    #[arg(long, default_value = "")]
    pub excerpt: String,
    /// A local copy; its SHA-256 is recorded.
    #[arg(long)]
    pub file: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Only this article's history.
    pub article: Option<String>,
    /// Only this claim's history.
    pub claim: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find in article text, claims, notes and sources.
    #[arg(required = true)]
    pub words: Vec<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SpanArgs {
    pub article: String,
    /// First character (code points from the start of the text).
    pub start: u32,
    /// One past the last character.
    pub end: u32,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ClaimRef {
    pub article: String,
    pub claim: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RestoreBackupArgs {
    /// The backup to restore (default: the newest automatic backup of the library).
    pub backup: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// A new file to write the copy to.
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ProposalsArgs {
    /// How many sentences to propose in articles opened from now on: fewer (likely central
    /// claims only), default, or more; without it, print the current level.
    #[arg(value_parser = ["fewer", "default", "more"])]
    pub level: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckerArgs {
    /// Set the checker's name (recorded in history); without it, print the current one.
    pub name: Option<String>,
}

/// The library subcommands, dispatched from `cli::dispatch`.
#[derive(Debug, clap::Subcommand)]
pub enum LibraryCommand {
    /// Import article files into the library.
    Import(ImportArgs),
    /// List the articles with their counts per status.
    List(JsonFlag),
    /// Show an article's claims.
    Claims(ClaimsArgs),
    /// Set a claim's status.
    Tag(TagArgs),
    /// Set a claim's note.
    Note(NoteArgs),
    /// Add or remove a claim's sources.
    #[command(subcommand)]
    Source(SourceCommand),
    /// Mark a span of an article's text as a claim.
    Mark(SpanArgs),
    /// Dismiss a proposed claim.
    Dismiss(ClaimRef),
    /// Bring a dismissed claim back.
    Restore(ClaimRef),
    /// Show the history of changes (of the library, an article or a claim).
    History(HistoryArgs),
    /// Undo the last change.
    Undo(JsonFlag),
    /// Redo the last undone change.
    Redo(JsonFlag),
    /// Search article text, claims, notes and sources.
    Search(SearchArgs),
    /// The statuses a claim can have.
    Statuses(JsonFlag),
    /// The articles opened last (File → Open Recent), newest first.
    Recent(RecentArgs),
    /// Show or set the checker's name.
    Checker(CheckerArgs),
    /// Show or set how many claims the analysis proposes (fewer, default, more).
    Proposals(ProposalsArgs),
    /// Copy the library to a new file (safe while the window is open).
    Backup(BackupArgs),
    /// Replace a damaged library by a backup; the current file is kept beside it, renamed.
    /// Close the window first.
    RestoreBackup(RestoreBackupArgs),
}

type Out = std::io::BufWriter<std::io::StdoutLock<'static>>;

fn out() -> Out {
    std::io::BufWriter::new(std::io::stdout().lock())
}

fn io(e: std::io::Error) -> CoreError {
    CoreError::io("<stdout>", e)
}

fn print_json<T: Serialize>(v: &T) -> Result<()> {
    let mut o = out();
    serde_json::to_writer_pretty(&mut o, v).map_err(|e| CoreError::Invalid(e.to_string()))?;
    writeln!(o).map_err(io)?;
    o.flush().map_err(io)
}

/// With `--json`, the items as one JSON value; else each written by `line`, for people.
fn print_list<T: Serialize>(
    items: &[T],
    json: bool,
    mut line: impl FnMut(&mut Out, &T) -> Result<()>,
) -> Result<()> {
    if json {
        return print_json(&items);
    }
    let mut o = out();
    for item in items {
        line(&mut o, item)?;
    }
    o.flush().map_err(io)
}

/// One line of text on standard output.
fn print_line(text: impl std::fmt::Display) -> Result<()> {
    let mut o = out();
    writeln!(o, "{text}").map_err(io)?;
    o.flush().map_err(io)
}

fn print_claim(c: &ClaimRecord, json: bool) -> Result<()> {
    if json {
        return print_json(c);
    }
    let mut o = out();
    write_claim(&mut o, c)?;
    o.flush().map_err(io)
}

fn write_claim(o: &mut impl Write, c: &ClaimRecord) -> Result<()> {
    let mut flags = Vec::new();
    if c.dismissed {
        flags.push("dismissed");
    }
    if c.needs_recheck {
        flags.push("needs re-check");
    }
    if c.orphaned {
        flags.push("orphaned");
    }
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" ({})", flags.join(", "))
    };
    writeln!(
        o,
        "{:<5} {:<12} [{}–{}]{} {}",
        c.id, c.status, c.anchor.start, c.anchor.end, flags, c.anchor.quote
    )
    .map_err(io)?;
    if !c.note.is_empty() {
        writeln!(o, "      note: {}", c.note.replace('\n', "\n            ")).map_err(io)?;
    }
    for s in &c.sources {
        writeln!(
            o,
            "      {} [{}] {} {}",
            s.id,
            s.kind.as_str(),
            s.title,
            s.location
        )
        .map_err(io)?;
    }
    Ok(())
}

/// `restore-backup` runs on a library that may not open at all, so without a [`Desk`].
fn restore_backup(db: Option<&Path>, a: RestoreBackupArgs) -> Result<()> {
    let db = match db {
        Some(p) => p.to_path_buf(),
        None => app::default_db_path()?,
    };
    let done = app::restore_library(&db, a.backup.as_deref()).map_err(|e| match e {
        CoreError::NotFound(m) if a.backup.is_none() => {
            CoreError::NotFound(format!("{m}; name a backup file"))
        }
        e => e,
    })?;
    let mut o = out();
    writeln!(o, "restored {} from {}", db.display(), done.backup).map_err(io)?;
    if let Some(kept) = &done.kept_now {
        writeln!(o, "the previous file was kept as {kept}").map_err(io)?;
    }
    o.flush().map_err(io)
}

pub fn run(db: Option<&Path>, cmd: LibraryCommand) -> Result<()> {
    if let LibraryCommand::RestoreBackup(a) = cmd {
        return restore_backup(db, a);
    }
    let mut desk = Desk::open_or_default(db)?;
    match cmd {
        LibraryCommand::Import(a) => {
            let results = a
                .files
                .iter()
                .map(|f| desk.open_article(f))
                .collect::<Result<Vec<_>>>()?;
            print_list(&results, a.json, write_opened)
        }
        LibraryCommand::List(a) => print_list(&desk.list_articles()?, a.json, write_summary),
        LibraryCommand::Claims(a) => {
            let claims: Vec<ClaimRecord> = desk
                .claims(&a.article)?
                .into_iter()
                .filter(|c| a.status.as_ref().is_none_or(|s| &c.status == s))
                .collect();
            print_list(&claims, a.json, write_claim)
        }
        LibraryCommand::Tag(a) => {
            print_claim(&desk.set_status(&a.article, &a.claim, &a.status)?, a.json)
        }
        LibraryCommand::Note(a) => {
            let text = note_text(a.text)?;
            print_claim(&desk.set_note(&a.article, &a.claim, &text)?, a.json)
        }
        LibraryCommand::Source(SourceCommand::Add(a)) => {
            let (article, claim, json) = (a.article.clone(), a.claim.clone(), a.json);
            print_claim(&desk.add_source(&article, &claim, source_input(a)?)?, json)
        }
        LibraryCommand::Source(SourceCommand::Remove {
            article,
            claim,
            source,
            json,
        }) => print_claim(&desk.remove_source(&article, &claim, &source)?, json),
        LibraryCommand::Mark(a) => {
            print_claim(&desk.add_manual_claim(&a.article, a.start, a.end)?, a.json)
        }
        LibraryCommand::Dismiss(a) => print_claim(&desk.dismiss(&a.article, &a.claim)?, a.json),
        LibraryCommand::Restore(a) => print_claim(&desk.restore(&a.article, &a.claim)?, a.json),
        LibraryCommand::History(a) => {
            let rows = desk.history(a.article.as_deref(), a.claim.as_deref(), a.limit)?;
            print_list(&rows, a.json, write_history_row)
        }
        LibraryCommand::Undo(a) => step(&mut desk, true, a.json),
        LibraryCommand::Redo(a) => step(&mut desk, false, a.json),
        LibraryCommand::Search(a) => {
            let hits = desk.search(&a.words.join(" "), a.limit)?;
            print_list(&hits, a.json, write_search_hit)
        }
        LibraryCommand::Recent(a) => {
            if a.clear {
                desk.clear_recent()?;
            }
            print_list(&desk.recent_articles()?, a.json, write_recent)
        }
        LibraryCommand::Statuses(a) => print_list(&desk.statuses()?, a.json, |o, s| {
            writeln!(o, "{} {:<14} {} {}", s.mark, s.key, s.label, s.colour).map_err(io)
        }),
        LibraryCommand::Checker(a) => {
            if let Some(name) = a.name {
                let mut s = desk.settings()?;
                s.checker = name;
                desk.set_settings(&s)?;
            }
            print_line(desk.settings()?.checker)
        }
        LibraryCommand::Proposals(a) => {
            if let Some(level) = a.level {
                let settings = crate::app::Settings {
                    proposals: crate::app::Proposals::parse(&level),
                    ..desk.settings()?
                };
                desk.set_settings(&settings)?;
            }
            print_line(desk.settings()?.proposals.as_str())
        }
        LibraryCommand::RestoreBackup(a) => restore_backup(db, a),
        LibraryCommand::Backup(a) => {
            desk.backup(&a.path)?;
            print_line(format_args!("library copied to {}", a.path.display()))
        }
    }
}

/// A note's text: `-` reads it from standard input.
fn note_text(text: String) -> Result<String> {
    if text != "-" {
        return Ok(text);
    }
    let mut s = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
        .map_err(|e| CoreError::io("<stdin>", e))?;
    Ok(s)
}

fn source_input(a: SourceAddArgs) -> Result<SourceInput> {
    let kind = SourceKind::parse(&a.kind).ok_or_else(|| {
        CoreError::Invalid(format!(
            "'{}' is not a source kind (web, document, person, dataset, other)",
            a.kind
        ))
    })?;
    Ok(SourceInput {
        kind,
        title: a.title,
        location: a.location,
        accessed: a.accessed,
        excerpt: a.excerpt,
        file_path: a.file.map(|p| p.to_string_lossy().into_owned()),
    })
}

fn write_opened(o: &mut Out, r: &app::OpenedArticle) -> Result<()> {
    let what = match r.outcome {
        crate::app::OpenOutcome::New => "imported",
        crate::app::OpenOutcome::Unchanged => "unchanged",
        crate::app::OpenOutcome::Revised => "new revision",
    };
    writeln!(
        o,
        "{} {what}: {} ({} claims)",
        r.article.id,
        r.article.title.as_deref().unwrap_or(&r.article.path),
        r.article.claims
    )
    .map_err(io)?;
    for w in &r.warnings {
        eprintln!("warning: {}: {w}", r.article.path);
    }
    if let Some(rep) = &r.report {
        writeln!(
            o,
            "   moved: {}; needs re-check: {}; orphaned: {}; new: {}",
            rep.moved.join(" "),
            rep.needs_recheck.join(" "),
            rep.orphaned.join(" "),
            rep.added.len()
        )
        .map_err(io)?;
    }
    Ok(())
}

fn write_summary(o: &mut Out, s: &app::ArticleSummary) -> Result<()> {
    let counts: Vec<String> = s
        .counts
        .iter()
        .map(|c| format!("{} {}", c.count, c.status))
        .collect();
    writeln!(
        o,
        "{:<5} {}  [{} claims: {}{}]",
        s.id,
        s.title.as_deref().unwrap_or(&s.path),
        s.claims,
        counts.join(", "),
        if s.orphaned > 0 {
            format!("; {} orphaned", s.orphaned)
        } else {
            String::new()
        }
    )
    .map_err(io)
}

fn write_history_row(o: &mut Out, h: &app::HistoryRow) -> Result<()> {
    let state = match h.state {
        app::HistoryState::Done => "",
        app::HistoryState::Undone => " (undone)",
        app::HistoryState::Discarded => " (undone, discarded)",
    };
    writeln!(
        o,
        "#{:<5} {} {:<10} {} {}{state}",
        h.id,
        h.at,
        h.who,
        h.article_id.as_deref().unwrap_or("-"),
        h.summary
    )
    .map_err(io)
}

fn write_search_hit(o: &mut Out, h: &app::SearchHit) -> Result<()> {
    writeln!(
        o,
        "{} {:<4} {:?} {}",
        h.article_id,
        h.claim_id.as_deref().unwrap_or("-"),
        h.kind,
        h.snippet.replace('\n', " ")
    )
    .map_err(io)
}

fn write_recent(o: &mut Out, r: &app::RecentArticle) -> Result<()> {
    writeln!(
        o,
        "{:<5} {}  ({}{})",
        r.id,
        r.title.as_deref().unwrap_or("Untitled article"),
        r.path,
        if r.file_missing { ", file missing" } else { "" }
    )
    .map_err(io)
}

fn step(desk: &mut Desk, undo: bool, json: bool) -> Result<()> {
    let r = if undo { desk.undo()? } else { desk.redo()? };
    if json {
        return print_json(&r);
    }
    let mut o = out();
    match &r.change {
        Some(h) => writeln!(
            o,
            "{}: {}",
            if undo { "undone" } else { "redone" },
            h.summary
        ),
        None => writeln!(o, "nothing to {}", if undo { "undo" } else { "redo" }),
    }
    .map_err(io)?;
    o.flush().map_err(io)
}
