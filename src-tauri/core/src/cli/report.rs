//! `factdesk report ARTICLE [-o FILE.html]`: the verdict report, the same page the window's
//! report view prints (`export::report`), through the same `Desk::export_article`.

use crate::app::Desk;
use crate::error::{CoreError, Result};
use crate::export::{ExportFormat, ExportOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The article's id (`a3`, see `factdesk list`).
    pub article: String,
    /// Write the HTML here instead of to standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Include claims still unchecked (left out by default).
    #[arg(long)]
    pub unchecked: bool,
    /// Include dismissed claims (left out by default).
    #[arg(long)]
    pub dismissed: bool,
}

/// The report's options: every status but `unchecked` unless asked, dismissed left out unless
/// asked. The window's report view asks for the same.
pub fn options(desk: &Desk, unchecked: bool, dismissed: bool) -> Result<ExportOptions> {
    let statuses = desk
        .statuses()?
        .into_iter()
        .map(|s| s.key)
        .filter(|k| unchecked || k != "unchecked")
        .collect();
    Ok(ExportOptions {
        statuses,
        skip_dismissed: !dismissed,
        ..ExportOptions::default()
    })
}

pub fn run(db: Option<&Path>, args: &ReportArgs) -> Result<()> {
    let desk = Desk::open_or_default(db)?;
    let opts = options(&desk, args.unchecked, args.dismissed)?;
    match &args.output {
        Some(path) => desk.export_article_to(&args.article, ExportFormat::Report, &opts, path),
        None => {
            let out = desk.export_article(&args.article, ExportFormat::Report, &opts)?;
            let mut o = std::io::stdout().lock();
            o.write_all(out.as_bytes())
                .and_then(|_| o.flush())
                .map_err(|e| CoreError::io("<stdout>", e))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cli::{dispatch, Launch};
    use std::process::ExitCode;

    fn run(args: &[&str]) -> ExitCode {
        match dispatch(args.iter().map(|s| s.to_string())) {
            Launch::Exit(code) => code,
            Launch::Window { .. } => panic!("a subcommand must not open the window"),
        }
    }

    #[test]
    fn report_writes_the_checked_claims_only_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lib.sqlite3");
        let db = db.to_str().unwrap();
        let article = dir.path().join("a.md");
        std::fs::copy(crate::test_fixtures::sample("md"), &article).unwrap();
        let ok = ExitCode::SUCCESS;
        assert_eq!(
            run(&["factdesk", "--db", db, "import", article.to_str().unwrap()]),
            ok
        );
        assert_eq!(
            run(&["factdesk", "--db", db, "tag", "a1", "c1", "false"]),
            ok
        );
        assert_eq!(
            run(&[
                "factdesk",
                "--db",
                db,
                "note",
                "a1",
                "c1",
                "Not so: <see> the record."
            ]),
            ok
        );
        assert_eq!(run(&["factdesk", "--db", db, "dismiss", "a1", "c2"]), ok);
        let out = dir.path().join("report.html");
        let o = out.to_str().unwrap();
        assert_eq!(run(&["factdesk", "--db", db, "report", "a1", "-o", o]), ok);
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(
            html.matches("<li class=\"claim\"").count(),
            1,
            "only the checked claim"
        );
        assert!(html.contains("id=\"c1\""));
        assert!(html.contains("Not so: &lt;see&gt; the record."));
        assert!(!html.to_lowercase().contains("<script"));

        assert_eq!(
            run(&[
                "factdesk",
                "--db",
                db,
                "report",
                "a1",
                "-o",
                o,
                "--unchecked",
                "--dismissed"
            ]),
            ok
        );
        let all = std::fs::read_to_string(&out).unwrap();
        assert!(
            all.matches("<li class=\"claim\"").count() > 2,
            "every claim when asked"
        );
        assert!(all.contains("id=\"c2\""), "the dismissed claim too");
        assert_eq!(
            run(&["factdesk", "--db", db, "report", "a9"]),
            ExitCode::FAILURE
        );
    }
}
