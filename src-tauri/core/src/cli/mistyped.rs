//! Command lines that must not open the window: a mistyped subcommand (`factdesk improt x.txt`
//! is not a request to open the files "improt" and "x.txt"), and no display to open it on.

use super::Cli;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::CommandFactory;
use std::path::{Path, PathBuf};

/// clap's "unrecognized subcommand" error (with a suggestion when one is close) if the first
/// file named is a bare word that is no file: no such path, no folder, no extension.
pub fn unknown_subcommand(files: &[PathBuf]) -> Option<clap::Error> {
    let first = files.first()?;
    if !looks_like_word(first) || first.exists() {
        return None;
    }
    let word = first.to_string_lossy().into_owned();
    let mut cmd = Cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
        .map(str::to_owned)
        .collect();
    let usage = cmd.render_usage();
    let mut err = clap::Error::new(ErrorKind::InvalidSubcommand).with_cmd(&cmd);
    err.insert(
        ContextKind::InvalidSubcommand,
        ContextValue::String(word.clone()),
    );
    if let Some(s) = closest(&word, &names) {
        err.insert(ContextKind::SuggestedSubcommand, ContextValue::String(s));
    }
    err.insert(ContextKind::Usage, ContextValue::StyledStr(usage));
    Some(err)
}

/// A bare word: one path component, no extension, no leading dot or dash.
fn looks_like_word(p: &Path) -> bool {
    let mut parts = p.components();
    let one = matches!(
        (parts.next(), parts.next()),
        (Some(std::path::Component::Normal(_)), None)
    );
    one && p.extension().is_none()
        && p.to_str().is_some_and(|s| {
            s.starts_with(char::is_alphanumeric)
                && s.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

/// The subcommand nearest to `word` by edit distance (a swap of two letters counts one), if
/// it is near enough to be what was meant.
fn closest(word: &str, names: &[String]) -> Option<String> {
    names
        .iter()
        .map(|n| (edit_distance(word, n), n))
        .filter(|(d, n)| *d <= 2.max(n.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

/// Optimal string alignment distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// The one line said when the window cannot open for want of a display, or `None` when there
/// is one (or the platform needs none). `var` reads the environment.
pub fn no_display(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<&'static str> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
    if set("DISPLAY") || set("WAYLAND_DISPLAY") {
        return None;
    }
    Some(
        "factdesk: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); \
         the subcommands work without one: see `factdesk --help`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn a_mistyped_subcommand_gets_clap_s_error_with_a_suggestion() {
        let err = unknown_subcommand(&[PathBuf::from("improt"), PathBuf::from("story.txt")])
            .expect("an unknown word is not a file to open");
        assert_eq!(err.kind(), ErrorKind::InvalidSubcommand);
        let text = err.render().to_string();
        assert!(text.contains("unrecognized subcommand 'improt'"), "{text}");
        assert!(text.contains("'import'"), "suggests import: {text}");
        assert!(err.use_stderr());
    }

    #[test]
    fn a_word_far_from_every_subcommand_gets_no_suggestion() {
        let err = unknown_subcommand(&[PathBuf::from("zzzzzzzz")]).expect("error");
        assert!(err.get(ContextKind::SuggestedSubcommand).is_none());
    }

    #[test]
    fn files_and_paths_still_open_the_window() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("notes");
        std::fs::write(&file, "x").expect("write");
        assert!(unknown_subcommand(&[file]).is_none(), "an existing file");
        for p in ["story.txt", "./story", "dir/story", "-"] {
            assert!(unknown_subcommand(&[PathBuf::from(p)]).is_none(), "{p}");
        }
        assert!(unknown_subcommand(&[]).is_none());
    }

    #[test]
    fn no_display_is_one_line_and_a_display_is_enough() {
        let none = |_: &str| None::<OsString>;
        let x11 = |k: &str| (k == "DISPLAY").then(|| OsString::from(":0"));
        let wayland = |k: &str| (k == "WAYLAND_DISPLAY").then(|| OsString::from("wayland-0"));
        let empty = |_: &str| Some(OsString::new());
        if cfg!(all(unix, not(target_os = "macos"))) {
            let line = no_display(none).expect("no display");
            assert!(!line.contains('\n'));
            assert!(line.contains("subcommands"));
            assert!(no_display(empty).is_some(), "an empty DISPLAY is none");
        }
        assert!(no_display(x11).is_none());
        assert!(no_display(wayland).is_none());
    }
}
