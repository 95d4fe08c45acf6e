// The window's commands, by name. build.rs includes this file to generate one `allow-…`
// permission per command; tests/ipc_bindings.rs checks the UI's typed wrappers and the window's
// capability against it.
pub const COMMANDS: &[&str] = &[
    "startup_files",
    "pick_article",
    "pick_export_path",
    "open_article",
    "list_articles",
    "article_view",
    "file_changed",
    "set_status",
    "set_note",
    "add_source",
    "update_source",
    "remove_source",
    "add_manual_claim",
    "adjust_claim_span",
    "dismiss_claim",
    "restore_claim",
    "undo",
    "redo",
    "claim_history",
    "search",
    "settings",
    "set_settings",
    "export_article",
    "open_link",
];
