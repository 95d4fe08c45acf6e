// No console window on Windows release builds; harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use factdesk_core::cli::{dispatch, no_display, Launch};

fn main() -> std::process::ExitCode {
    factdesk_core::memory::return_large_buffers();
    // Subcommands run headless: parse before any GTK initialisation.
    match dispatch(std::env::args_os()) {
        Launch::Exit(code) => code,
        Launch::Window { files, db } => {
            // GTK would panic with a backtrace; one line says what is wrong instead.
            if let Some(line) = no_display(|k| std::env::var_os(k)) {
                eprintln!("{line}");
                return std::process::ExitCode::FAILURE;
            }
            factdesk_app::run(files, db)
        }
    }
}
