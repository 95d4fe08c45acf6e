//! The headless command line without the window (no Tauri, quick to build): the same
//! `factdesk <subcommand>`s, for evaluation scripts such as
//! `../shared/eval/retrieval/score_retrieval.py --bin target/release/examples/cli`.

use factdesk_core::cli::{dispatch, Launch};
use std::process::ExitCode;

fn main() -> ExitCode {
    factdesk_core::memory::return_large_buffers();
    match dispatch(std::env::args_os()) {
        Launch::Exit(code) => code,
        Launch::Window { .. } => {
            eprintln!("factdesk (headless): name a subcommand; see --help");
            ExitCode::from(2)
        }
    }
}
