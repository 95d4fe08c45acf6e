use crate::app::Desk;
use crate::error::{CoreError, Result};
use crate::export::{ExportFormat, ExportOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The article's id (`a3`, see `factdesk list`).
    pub article: String,
    #[arg(long, value_enum, default_value = "annotated-md")]
    pub format: ExportFormat,
    /// Write here instead of to standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Annotated Markdown: a summary (counts per status, checker, date) at the top.
    #[arg(long)]
    pub summary: bool,
    /// Only claims with this status (repeatable).
    #[arg(long = "status")]
    pub statuses: Vec<String>,
    /// Leave out dismissed claims.
    #[arg(long)]
    pub skip_dismissed: bool,
    /// CSV: start with a UTF-8 byte order mark.
    #[arg(long)]
    pub bom: bool,
    /// ClaimReview: a JSON array with one review per claim instead of one document.
    #[arg(long)]
    pub per_claim: bool,
}

pub fn run(db: Option<&Path>, args: &ExportArgs) -> Result<()> {
    let desk = Desk::open_or_default(db)?;
    let opts = ExportOptions {
        summary: args.summary,
        statuses: args.statuses.clone(),
        skip_dismissed: args.skip_dismissed,
        bom: args.bom,
        per_claim: args.per_claim,
    };
    match &args.output {
        Some(path) => desk.export_article_to(&args.article, args.format, &opts, path),
        None => {
            let out = desk.export_article(&args.article, args.format, &opts)?;
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
    fn export_writes_every_format_to_a_file_and_the_export_imports_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lib.sqlite3");
        let db = db.to_str().unwrap();
        let article = dir.path().join("a.md");
        std::fs::copy(crate::test_fixtures::sample("md"), &article).unwrap();
        assert_eq!(
            run(&["factdesk", "--db", db, "import", article.to_str().unwrap()]),
            ExitCode::SUCCESS
        );
        assert_eq!(
            run(&["factdesk", "--db", db, "tag", "a1", "c1", "false"]),
            ExitCode::SUCCESS
        );
        for (format, needle) in [
            ("annotated-md", "**✗ False** <!-- factdesk:claim "),
            ("critic", "{>>✗ False<<}"),
            ("pandoc", "status=\"false\""),
            ("json", "\"AnnotationCollection\""),
            ("claimreview", "\"alternateName\": \"False\""),
            ("csv", "id,text,status,note,sources,position,updated\r\n"),
        ] {
            let out = dir.path().join(format!("out-{format}"));
            let code = run(&[
                "factdesk",
                "--db",
                db,
                "export",
                "a1",
                "--format",
                format,
                "-o",
                out.to_str().unwrap(),
            ]);
            assert_eq!(code, ExitCode::SUCCESS, "{format}");
            let text = std::fs::read_to_string(&out).unwrap();
            assert!(text.contains(needle), "{format}: {text}");
        }
        // The annotated export opens in a fresh library with the claim's status.
        let fresh = dir.path().join("fresh.sqlite3");
        let md = dir.path().join("checked.md");
        std::fs::rename(dir.path().join("out-annotated-md"), &md).unwrap();
        let mut desk = crate::app::Desk::open(&fresh).unwrap();
        let opened = desk.open_article(&md).unwrap();
        assert_eq!(
            desk.claim(&opened.article.id, "c1").unwrap().status,
            "false"
        );
        // A missing article is an error, not a panic or an empty file.
        assert_eq!(
            run(&["factdesk", "--db", db, "export", "a9"]),
            ExitCode::FAILURE
        );
        assert_eq!(
            run(&["factdesk", "--db", db, "export", "a1", "--format", "docx"]),
            ExitCode::from(2)
        );
    }
}
