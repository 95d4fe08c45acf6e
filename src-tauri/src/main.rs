// No console window on Windows release builds; harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use factdesk_core::cli::{dispatch, Launch};

fn main() -> std::process::ExitCode {
    // Subcommands run headless: parse before any GTK initialisation.
    match dispatch(std::env::args_os()) {
        Launch::Exit(code) => code,
        Launch::Window { files, db } => factdesk_app::run(files, db),
    }
}
