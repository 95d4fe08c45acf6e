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
    let out = desk.export_article(&args.article, args.format, &opts)?;
    match &args.output {
        Some(path) => {
            // Write beside the target and rename, so a failed export never leaves half a file.
            let tmp = path.with_extension("factdesk-tmp");
            std::fs::write(&tmp, out.as_bytes()).map_err(|e| CoreError::io(&tmp, e))?;
            std::fs::rename(&tmp, path).map_err(|e| CoreError::io(path, e))
        }
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(out.as_bytes())
                .and_then(|_| o.flush())
                .map_err(|e| CoreError::io("<stdout>", e))
        }
    }
}
