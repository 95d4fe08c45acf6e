//! The UI calls commands through typed wrappers in ui/src/lib/commands.ts. This test fails when
//! a command exists in Rust but not in the UI's table (or the reverse), or when the window's
//! capability forgets to allow one. (The handler Tauri registers is made from the same list as
//! `COMMANDS`, by `with_commands!` in command_list.rs.)

use factdesk_app::COMMANDS;
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_owned() + path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn each_command_is_listed_once() {
    let declared: BTreeSet<&str> = COMMANDS.iter().copied().collect();
    assert_eq!(declared.len(), COMMANDS.len(), "a command is listed twice");
}

#[test]
fn every_command_has_a_typed_wrapper_and_nothing_else_does() {
    let ts = read("ui/src/lib/commands.ts");
    let called: BTreeSet<String> = ts
        .split("call<")
        .skip(1)
        .filter_map(|rest| rest.split('"').nth(1).map(str::to_string))
        .collect();
    let declared: BTreeSet<String> = COMMANDS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        called, declared,
        "ui/src/lib/commands.ts and src-tauri/src/command_list.rs disagree"
    );
}

#[test]
fn the_window_capability_allows_exactly_the_apps_commands() {
    let cap: serde_json::Value =
        serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
    let allowed: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let declared: BTreeSet<String> = COMMANDS.iter().map(|s| s.to_string()).collect();
    assert_eq!(allowed, declared);
}
