//! The headless command line without the window: `cargo run -p factdesk-core --example analyze
//! -- analyze FILE --json` runs exactly what `factdesk analyze` runs, and builds in seconds.
//! The eval scorer can use it: `FACTDESK_BIN=…/examples/analyze python3 score_dev.py`.

use factdesk_core::cli::{dispatch, Launch};
use std::process::ExitCode;

fn main() -> ExitCode {
    factdesk_core::memory::return_large_buffers();
    match dispatch(std::env::args_os()) {
        Launch::Exit(code) => code,
        Launch::Window { .. } => {
            eprintln!("factdesk: this build has no window; use a subcommand such as `analyze`");
            ExitCode::from(2)
        }
    }
}
