//! The headless command line: `factdesk <subcommand> …`. Each subcommand is a thin call into
//! the same core functions the window uses, and never touches GTK.

mod analyze;
mod checked;
mod export;
mod library;
mod mistyped;
pub mod report;

pub use mistyped::no_display;

use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "factdesk",
    version,
    about = "Fact-checking desk: open an article, review its claims, export the check."
)]
pub struct Cli {
    /// The library file (default: the platform's data folder, or $FACTDESK_DB).
    #[arg(long, global = true, env = "FACTDESK_DB")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Article files to open in the window.
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split an article into sentences and propose claims; writes nothing to the library.
    Analyze(analyze::AnalyzeArgs),
    /// Write an article's check: annotated Markdown (default), CriticMarkup, Pandoc spans,
    /// W3C Web Annotation JSON, ClaimReview JSON-LD or CSV.
    Export(export::ExportArgs),
    /// Fact-check archives (schema.org ClaimReview) for "checked before" matching.
    #[command(subcommand)]
    Archive(checked::ArchiveCommand),
    /// Find earlier checks of a claim in the archives and the library.
    Match(checked::MatchArgs),
    /// The verdict report: every checked claim with its verdict, note and sources, the counts
    /// per status, the checker and the date, as one self-contained HTML page that prints to PDF.
    Report(report::ReportArgs),
    #[command(flatten)]
    Library(library::LibraryCommand),
}

/// What `main` should do after parsing the command line.
pub enum Launch {
    /// Open the window, optionally on these files.
    Window {
        files: Vec<PathBuf>,
        db: Option<PathBuf>,
    },
    /// A subcommand ran (or help/version was printed); exit with this code.
    Exit(ExitCode),
}

/// Parses the arguments and runs a subcommand if there is one. Called before any GTK set-up.
pub fn dispatch<I, T>(args: I) -> Launch
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return Launch::Exit(ExitCode::from(code));
        }
    };
    let Some(command) = cli.command else {
        if let Some(e) = mistyped::unknown_subcommand(&cli.files) {
            let _ = e.print();
            return Launch::Exit(ExitCode::from(2));
        }
        return Launch::Window {
            files: cli.files,
            db: cli.db,
        };
    };
    let result = match command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Export(args) => export::run(cli.db.as_deref(), &args),
        Command::Archive(cmd) => checked::run_archive(cli.db.as_deref(), cmd),
        Command::Match(args) => checked::run_match(cli.db.as_deref(), args),
        Command::Report(args) => report::run(cli.db.as_deref(), &args),
        Command::Library(cmd) => library::run(cli.db.as_deref(), cmd),
    };
    Launch::Exit(match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factdesk: {e}");
            ExitCode::FAILURE
        }
    })
}
