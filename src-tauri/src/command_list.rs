// The window's commands, once. `with_commands!(m)` hands the list to the macro `m`:
// `command_names` below makes `COMMANDS` (the names), and lib.rs's `command_handler` makes the
// `tauri::generate_handler!` call (the functions), so a command cannot be registered without
// its permission or the reverse. build.rs includes this file to generate one `allow-…`
// permission per name; tests/ipc_bindings.rs checks the UI's typed wrappers and the window's
// capability against `COMMANDS` (`factdesk_app::COMMANDS`).
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            commands::startup_files,
            commands::pick_article,
            commands::pick_export_path,
            commands::open_article,
            commands::list_articles,
            commands::article_view,
            commands::open_from_library,
            commands::recent_articles,
            commands::clear_recent,
            commands::set_status,
            commands::set_note,
            commands::add_source,
            commands::update_source,
            commands::remove_source,
            commands::add_manual_claim,
            commands::adjust_claim_span,
            commands::dismiss_claim,
            commands::restore_claim,
            commands::undo,
            commands::redo,
            commands::claim_history,
            commands::search,
            commands::settings,
            commands::set_settings,
            commands::export_article,
            commands::open_link,
            commands::restore_latest_backup,
            checked_commands::article_matches,
            checked_commands::adopt_match,
            checked_commands::archives,
            checked_commands::import_archive,
            checked_commands::recurring_claims,
            commands::quit,
        }
    };
}

/// A command's name is its function's name (no command is renamed).
macro_rules! command_names {
    ($($module:ident :: $command:ident),* $(,)?) => {
        pub const COMMANDS: &[&str] = &[$(stringify!($command)),*];
    };
}

with_commands!(command_names);
