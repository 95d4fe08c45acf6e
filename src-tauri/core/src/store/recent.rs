//! The articles opened last (File → Open Recent). Not part of the check: no history row, and
//! clearing the list leaves the library as it was.

use super::articles::{article_from_row, ARTICLE_COLS};
use super::{ArticleRow, Library};
use crate::error::Result;

impl Library {
    /// Puts `article` at the top of the recent list (once: opening it again moves it up) and
    /// drops all but the newest `keep`.
    pub fn touch_recent(&mut self, article: i64, keep: usize) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO recent (article_id, seq)
                 VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM recent))
                 ON CONFLICT (article_id) DO UPDATE SET seq = excluded.seq",
                [article],
            )?;
            tx.execute(
                "DELETE FROM recent WHERE article_id NOT IN
                   (SELECT article_id FROM recent ORDER BY seq DESC LIMIT ?1)",
                [keep as i64],
            )?;
            Ok(())
        })
    }

    /// The recent articles, most recently opened first.
    pub fn recent(&self, limit: usize) -> Result<Vec<ArticleRow>> {
        let mut st = self.conn().prepare(&format!(
            "SELECT {ARTICLE_COLS} FROM recent JOIN articles a ON a.id = recent.article_id
             ORDER BY recent.seq DESC LIMIT ?1"
        ))?;
        let rows = st
            .query_map([limit as i64], article_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Empties the recent list; the articles stay in the library.
    pub fn clear_recent(&mut self) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM recent", [])?;
            Ok(())
        })
    }
}
