//! The thin Tauri shell: window, menu, state and commands. No business logic here: every
//! command is one call into `factdesk_core`.

mod checked_commands;
#[macro_use]
mod command_list;
mod commands;
mod error;
mod menu;
mod render;
mod state;

pub use command_list::COMMANDS;
pub use error::IpcError;

use state::AppState;
use std::path::PathBuf;
use std::process::ExitCode;
use tauri::{Emitter, Manager};

/// `tauri::generate_handler!` over the commands of `command_list.rs` (`with_commands!`).
macro_rules! command_handler {
    ($($module:ident :: $command:ident),* $(,)?) => {
        tauri::generate_handler![$($module::$command),*]
    };
}

/// Event sent to the UI when files arrive while the window is open (second instance).
pub const OPEN_FILES_EVENT: &str = "open-files";

pub fn builder(files: Vec<PathBuf>, db: Option<PathBuf>) -> tauri::Builder<tauri::Wry> {
    tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            // A second `factdesk FILE` hands its files to this window and exits.
            let files: Vec<String> = argv
                .iter()
                .skip(1)
                .filter(|a| !a.starts_with('-'))
                .map(|a| {
                    PathBuf::from(cwd.clone())
                        .join(a)
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
            if !files.is_empty() {
                let _ = app.emit(OPEN_FILES_EVENT, files);
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(AppState::new(files, db))
        .menu(menu::build)
        .setup(|app| {
            commands::load_recent_menu(app.handle());
            Ok(())
        })
        .on_menu_event(|app, event| menu::forward(app, event.id().as_ref()))
        .invoke_handler(with_commands!(command_handler))
}

/// Opens the window on `files`. Returns when the window closes.
pub fn run(files: Vec<PathBuf>, db: Option<PathBuf>) -> ExitCode {
    render::choose();
    let files = files
        .into_iter()
        .map(|f| std::path::absolute(&f).unwrap_or(f))
        .collect();
    match builder(files, db).run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("factdesk: could not open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
