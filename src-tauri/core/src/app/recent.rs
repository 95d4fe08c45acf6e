//! Recently opened articles: what File → Open Recent and the library's "Recently opened" list
//! show, and what choosing one of them does. The shell builds the native menu from
//! [`recent_menu`]; choosing an entry and clicking the list run the same [`Desk::open_from_library`].

use super::{ArticleView, Desk};
use crate::document::content_hash;
use crate::error::Result;
use crate::store::{self, parse_article_id};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

/// How many articles the recent list keeps.
pub const RECENT_LIMIT: usize = 10;

/// Menu item ids: `recent:a3` opens article a3; `recent-clear` clears the list.
pub const RECENT_ITEM_PREFIX: &str = "recent:";
pub const CLEAR_RECENT_ID: &str = "recent-clear";

/// An article of the recent list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RecentArticle {
    pub id: String,
    pub title: Option<String>,
    pub path: String,
    /// The last part of `path`, what the menu shows beside the title.
    pub file_name: String,
    /// The file is no longer where it was imported from (the library copy still opens).
    pub file_missing: bool,
}

/// The article's file compared with the library's current revision of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum FileState {
    Unchanged,
    /// The file differs: the window offers to re-import it.
    Changed,
    /// No file at the path any more (or it cannot be read): the library copy is shown.
    Missing,
}

/// What opening an article of the library found, with the review screen's data.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LibraryOpened {
    pub file: FileState,
    /// `view.article` is the article's summary.
    pub view: ArticleView,
}

/// One entry of File → Open Recent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub id: String,
    /// In the menu's own syntax: `&` marks the key that chooses it, `&&` is a literal `&`.
    pub label: String,
    pub enabled: bool,
}

/// File → Open Recent: one entry per article (newest first, numbered 1–9 then 0 as access
/// keys), then "Clear Recent" (disabled when there is nothing to clear).
pub fn recent_menu(recent: &[RecentArticle]) -> Vec<MenuEntry> {
    let mut out: Vec<MenuEntry> = recent
        .iter()
        .take(RECENT_LIMIT)
        .enumerate()
        .map(|(i, r)| {
            let key = (i + 1) % 10;
            let title = shorten(r.title.as_deref().unwrap_or("Untitled article"), 60);
            let mut label = format!("&{key}  {}  —  {}", escape(&title), escape(&r.file_name));
            if r.file_missing {
                label.push_str("  (file missing)");
            }
            MenuEntry {
                id: format!("{RECENT_ITEM_PREFIX}{}", r.id),
                label,
                enabled: true,
            }
        })
        .collect();
    out.push(MenuEntry {
        id: CLEAR_RECENT_ID.into(),
        label: "&Clear Recent".into(),
        enabled: !recent.is_empty(),
    });
    out
}

/// The article a `recent:…` menu id opens.
pub fn article_of_menu_id(id: &str) -> Option<&str> {
    id.strip_prefix(RECENT_ITEM_PREFIX)
        .filter(|a| !a.is_empty())
}

fn escape(s: &str) -> String {
    s.replace('&', "&&")
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let mut cut: String = s.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

impl Desk {
    /// The articles opened last, most recent first (at most [`RECENT_LIMIT`]).
    pub fn recent_articles(&self) -> Result<Vec<RecentArticle>> {
        Ok(self
            .lib
            .recent(RECENT_LIMIT)?
            .into_iter()
            .map(|a| RecentArticle {
                id: store::article_id(a.id),
                file_missing: !Path::new(&a.path).is_file(),
                file_name: file_name(&a.path),
                title: a.title,
                path: a.path,
            })
            .collect())
    }

    /// Empties the recent list; every article stays in the library.
    pub fn clear_recent(&mut self) -> Result<()> {
        self.lib.clear_recent()
    }

    pub(super) fn note_opened(&mut self, article: i64) -> Result<()> {
        self.lib.touch_recent(article, RECENT_LIMIT)
    }

    /// Opens an article already in the library (a recent entry, the library list, a search
    /// hit): puts it at the top of the recent list, says whether its file is unchanged,
    /// changed (offer to re-import) or missing (the library copy is what there is), and gives
    /// its view (one read of its current revision serves both).
    pub fn open_from_library(&mut self, article: &str) -> Result<LibraryOpened> {
        let id = parse_article_id(article)?;
        let row = self.lib.article(id)?;
        let rev = self.lib.revision(row.current_revision)?;
        let file = file_state(&row.path, &rev.content_hash);
        self.note_opened(id)?;
        let view = self.stored_view(row, rev)?;
        Ok(LibraryOpened { file, view })
    }
}

/// The file at `path` compared with the library's revision of hash `hash`.
fn file_state(path: &str, hash: &str) -> FileState {
    match std::fs::read(path) {
        Ok(bytes) if content_hash(&bytes) == hash => FileState::Unchanged,
        Ok(_) => FileState::Changed,
        Err(_) => FileState::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(&dir.path().join("lib.sqlite3")).unwrap();
        (dir, desk)
    }

    fn article_file(dir: &Path, name: &str, title: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        fs::write(
            &p,
            format!("{title}\n\nThe minister said prices rose by 12 percent in May 2024, the highest since 2019.\n"),
        )
        .unwrap();
        p
    }

    fn ids(d: &Desk) -> Vec<String> {
        d.recent_articles()
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn opening_puts_an_article_on_top_once() {
        let (dir, mut d) = desk();
        let a = d
            .open_article(&article_file(dir.path(), "a.txt", "Alpha"))
            .unwrap();
        let b = d
            .open_article(&article_file(dir.path(), "b.txt", "Beta"))
            .unwrap();
        assert_eq!(ids(&d), [b.article.id.clone(), a.article.id.clone()]);
        // Opening a again, from its file or from the library, moves it up without a duplicate.
        d.open_article(&dir.path().join("a.txt")).unwrap();
        assert_eq!(ids(&d), [a.article.id.clone(), b.article.id.clone()]);
        d.open_from_library(&b.article.id).unwrap();
        assert_eq!(ids(&d), [b.article.id.clone(), a.article.id.clone()]);
        let top = &d.recent_articles().unwrap()[0];
        assert_eq!(top.title.as_deref(), Some("Beta"));
        assert_eq!(top.file_name, "b.txt");
        assert!(!top.file_missing);
    }

    #[test]
    fn the_list_keeps_the_last_ten() {
        let (dir, mut d) = desk();
        let mut opened = Vec::new();
        for i in 0..13 {
            let f = article_file(
                dir.path(),
                &format!("{i}.txt"),
                &format!("Article number {i}"),
            );
            opened.push(d.open_article(&f).unwrap().article.id);
        }
        let expected: Vec<String> = opened.iter().rev().take(RECENT_LIMIT).cloned().collect();
        assert_eq!(ids(&d), expected);
        // The three oldest left the list, not the library.
        assert_eq!(d.list_articles().unwrap().len(), 13);
        // One of them opened again comes back on top and the oldest of the ten drops out.
        d.open_from_library(&opened[0]).unwrap();
        let now = ids(&d);
        assert_eq!(now.len(), RECENT_LIMIT);
        assert_eq!(now[0], opened[0]);
        assert!(!now.contains(&opened[3]));
    }

    #[test]
    fn clearing_empties_the_list_and_keeps_the_library() {
        let (dir, mut d) = desk();
        let a = d
            .open_article(&article_file(dir.path(), "a.txt", "Alpha"))
            .unwrap();
        d.clear_recent().unwrap();
        assert!(d.recent_articles().unwrap().is_empty());
        assert_eq!(d.list_articles().unwrap().len(), 1);
        assert!(!d.claims(&a.article.id).unwrap().is_empty());
        d.open_from_library(&a.article.id).unwrap();
        assert_eq!(ids(&d), [a.article.id]);
    }

    #[test]
    fn a_file_that_changed_or_went_away_is_reported() {
        let (dir, mut d) = desk();
        let f = article_file(dir.path(), "a.txt", "Alpha");
        let a = d.open_article(&f).unwrap().article.id;
        assert_eq!(d.open_from_library(&a).unwrap().file, FileState::Unchanged);
        fs::write(
            &f,
            "Alpha\n\nA different text entirely, said the editor in 2025.\n",
        )
        .unwrap();
        assert_eq!(d.open_from_library(&a).unwrap().file, FileState::Changed);
        fs::remove_file(&f).unwrap();
        let opened = d.open_from_library(&a).unwrap();
        assert_eq!(opened.file, FileState::Missing);
        // The library copy is still whole, and is what the view shows.
        assert_eq!(opened.view.article.title.as_deref(), Some("Alpha"));
        assert!(opened.view.text.contains("12 percent"));
        assert_eq!(opened.view, d.article_view(&a).unwrap());
        let r = &d.recent_articles().unwrap()[0];
        assert!(r.file_missing);
        assert!(recent_menu(&d.recent_articles().unwrap())[0]
            .label
            .ends_with("(file missing)"));
    }

    #[test]
    fn an_unknown_article_is_an_error_and_changes_nothing() {
        let (dir, mut d) = desk();
        let a = d
            .open_article(&article_file(dir.path(), "a.txt", "Alpha"))
            .unwrap();
        assert!(d.open_from_library("a99").is_err());
        assert!(d.open_from_library("nonsense").is_err());
        assert_eq!(ids(&d), [a.article.id]);
    }

    fn entry(id: &str, title: Option<&str>, path: &str, missing: bool) -> RecentArticle {
        RecentArticle {
            id: id.into(),
            title: title.map(str::to_string),
            path: path.into(),
            file_name: file_name(path),
            file_missing: missing,
        }
    }

    #[test]
    fn the_menu_lists_entries_in_order_then_clear() {
        let recent = vec![
            entry("a2", Some("Rates & prices"), "/news/rates_2024.md", false),
            entry("a1", None, "/news/old.txt", true),
        ];
        let menu = recent_menu(&recent);
        let ids: Vec<&str> = menu.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["recent:a2", "recent:a1", CLEAR_RECENT_ID]);
        // A literal & is doubled so it does not become an access key; the number is the key.
        assert_eq!(menu[0].label, "&1  Rates && prices  —  rates_2024.md");
        assert_eq!(
            menu[1].label,
            "&2  Untitled article  —  old.txt  (file missing)"
        );
        assert!(menu[2].enabled);
        assert_eq!(article_of_menu_id(&menu[0].id), Some("a2"));
        assert_eq!(article_of_menu_id(CLEAR_RECENT_ID), None);
        assert_eq!(article_of_menu_id("recent:"), None);
    }

    #[test]
    fn the_menu_is_capped_numbered_and_shortened() {
        let long = "A very long headline ".repeat(10);
        let recent: Vec<RecentArticle> = (0..12)
            .map(|i| entry(&format!("a{i}"), Some(&long), &format!("/x/{i}.txt"), false))
            .collect();
        let menu = recent_menu(&recent);
        assert_eq!(menu.len(), RECENT_LIMIT + 1);
        assert!(menu[0].label.starts_with("&1  "));
        assert!(menu[9].label.starts_with("&0  "));
        let title = menu[0].label.split("  —  ").next().unwrap();
        assert!(title.chars().count() <= 64, "{title}");
        assert!(title.ends_with('…'));
    }

    #[test]
    fn an_empty_list_has_only_a_disabled_clear() {
        assert_eq!(
            recent_menu(&[]),
            [MenuEntry {
                id: CLEAR_RECENT_ID.into(),
                label: "&Clear Recent".into(),
                enabled: false
            }]
        );
    }
}
