//! History, undo and redo. Each user change is one transaction that writes the change and one
//! history row holding what it was (`action`), the values before and after (JSON), when and
//! who. Undo applies the newest done row's `before`; redo the oldest undone row's `after`.
//! Both live in the file, so they work after a restart and across processes. A new change
//! after an undo marks the undone rows `discarded` (the redo stack is cleared; history keeps
//! them).

use super::claims::{apply_patch, insert_record, patch_claim, read_claim, ClaimPatch, NewClaim};
use super::{article_id, claim_id, now, Library};
use crate::anchor::{reanchor_one, Placement};
use crate::error::{CoreError, Result};
use crate::model::{ClaimRecord, StatusDef};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum HistoryState {
    Done,
    Undone,
    /// Undone, then a new change cleared the redo stack.
    Discarded,
}

/// One history row, as shown in the window and by `factdesk history`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HistoryRow {
    pub id: i64,
    /// RFC 3339.
    pub at: String,
    pub who: String,
    /// `set_status`, `set_note`, `add_source`, …, `import`, `revision`.
    pub action: String,
    pub article_id: Option<String>,
    pub claim_id: Option<String>,
    /// One line for people.
    pub summary: String,
    /// JSON of the values before and after (absent for creations and imports).
    pub before: Option<String>,
    pub after: Option<String>,
    pub undoable: bool,
    pub state: HistoryState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SettingValue {
    key: String,
    value: Option<String>,
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CoreError::Library(format!("encoding history: {e}")))
}

fn from_json<T: for<'de> Deserialize<'de>>(s: Option<&str>) -> Result<T> {
    serde_json::from_str(s.unwrap_or("null"))
        .map_err(|e| CoreError::Library(format!("a history row cannot be read: {e}")))
}

/// Writes a history row. An undoable change clears the redo stack.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    conn: &Connection,
    action: &str,
    article: Option<i64>,
    claim: Option<i64>,
    revision: Option<i64>,
    summary: &str,
    before: Option<String>,
    after: Option<String>,
    undoable: bool,
) -> Result<i64> {
    if undoable {
        conn.prepare_cached("UPDATE history SET state = 'discarded' WHERE state = 'undone'")?
            .execute([])?;
    }
    let who = who(conn)?;
    conn.prepare_cached(
        "INSERT INTO history (at, who, action, article_id, claim_num, revision_id, summary,
            before, after, undoable) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        now(),
        who,
        action,
        article,
        claim,
        revision,
        summary,
        before,
        after,
        undoable
    ])?;
    Ok(conn.last_insert_rowid())
}

fn who(conn: &Connection) -> Result<String> {
    let name: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = 'checker' AND value <> ''")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(name
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_default())
}

const HISTORY_COLS: &str = "id, at, who, action, article_id, claim_num, summary, before, after, \
                            undoable, state, revision_id";

struct Raw {
    row: HistoryRow,
    article: Option<i64>,
    claim: Option<i64>,
    revision: Option<i64>,
}

fn raw_from_row(r: &Row) -> rusqlite::Result<Raw> {
    let article: Option<i64> = r.get(4)?;
    let claim: Option<i64> = r.get(5)?;
    let state: String = r.get(10)?;
    Ok(Raw {
        row: HistoryRow {
            id: r.get(0)?,
            at: r.get(1)?,
            who: r.get(2)?,
            action: r.get(3)?,
            article_id: article.map(article_id),
            claim_id: claim.map(claim_id),
            summary: r.get(6)?,
            before: r.get(7)?,
            after: r.get(8)?,
            undoable: r.get(9)?,
            state: match state.as_str() {
                "undone" => HistoryState::Undone,
                "discarded" => HistoryState::Discarded,
                _ => HistoryState::Done,
            },
        },
        article,
        claim,
        revision: r.get(11)?,
    })
}

fn current_revision(conn: &Connection, article: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT current_revision FROM articles WHERE id = ?1")?
        .query_row([article], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten()
        .unwrap_or(0))
}

fn revision_text(conn: &Connection, article: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT r.text FROM revisions r JOIN articles a ON a.current_revision = r.id
         WHERE a.id = ?1",
        [article],
        |r| r.get(0),
    )?)
}

/// Text of a status change etc. for the summary line.
fn short(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line
    }
}

impl Library {
    /// Changes some fields of a claim as one user action, with its history row. Returns the
    /// claim as it now is. A change that changes nothing writes nothing.
    pub fn change_claim(
        &mut self,
        article: i64,
        num: i64,
        action: &str,
        patch: ClaimPatch,
    ) -> Result<ClaimRecord> {
        self.change_claim_with(article, num, action, |_| Ok(patch))
    }

    /// [`Library::change_claim`] with the patch made from the claim as it is: the claim is
    /// read once, inside the change's transaction, and what it becomes is not read back.
    pub fn change_claim_with(
        &mut self,
        article: i64,
        num: i64,
        action: &str,
        patch: impl FnOnce(&ClaimRecord) -> Result<ClaimPatch>,
    ) -> Result<ClaimRecord> {
        self.write(|tx| {
            let (row, old) = read_claim(tx, article, num)?;
            let mut patch = patch(&old)?;
            let before = patch.before(&old);
            if before == patch {
                return Ok(old);
            }
            let mut new = old.clone();
            patch_claim(tx, row, &mut new, &patch)?;
            if patch.sources.is_some() {
                // New sources got their ids just now; redo must bring back the same ones.
                patch.sources = Some(new.sources.clone());
            }
            let summary = describe(action, &old, &patch);
            record(
                tx,
                action,
                Some(article),
                Some(num),
                Some(current_revision(tx, article)?),
                &format!("{}: {summary}", claim_id(num)),
                Some(to_json(&before)?),
                Some(to_json(&patch)?),
                true,
            )?;
            Ok(new)
        })
    }

    /// Adds a claim made by hand (or any new claim) as one user action.
    pub fn add_claim(&mut self, article: i64, claim: NewClaim) -> Result<ClaimRecord> {
        self.write(|tx| {
            let num = super::claims::next_num(tx, article, 1)?;
            let rec = claim.into_record(num, &now());
            insert_record(tx, article, num, &rec)?;
            record(
                tx,
                "add_claim",
                Some(article),
                Some(num),
                Some(current_revision(tx, article)?),
                &format!(
                    "{}: marked as a claim: “{}”",
                    rec.id,
                    short(&rec.anchor.quote)
                ),
                None,
                Some(to_json(&rec)?),
                true,
            )?;
            Ok(rec)
        })
    }

    /// Sets a setting (the checker's name, …) as one user action.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            let old: Option<String> = tx
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?;
            if old.as_deref() == Some(value) {
                return Ok(());
            }
            put_setting(tx, key, Some(value))?;
            record(
                tx,
                "set_setting",
                None,
                None,
                None,
                &format!(
                    "setting {key}: “{}” → “{}”",
                    old.clone().unwrap_or_default(),
                    short(value)
                ),
                Some(to_json(&SettingValue {
                    key: key.into(),
                    value: old,
                })?),
                Some(to_json(&SettingValue {
                    key: key.into(),
                    value: Some(value.into()),
                })?),
                true,
            )?;
            Ok(())
        })
    }

    /// Adds or changes a status definition as one user action. Built-in statuses keep their
    /// key and stay built in.
    pub fn put_status(&mut self, def: StatusDef) -> Result<StatusDef> {
        if def.key.trim().is_empty() || def.label.trim().is_empty() {
            return Err(CoreError::Invalid(
                "a status needs a key and a label".into(),
            ));
        }
        if def.rating.is_some_and(|r| !(1..=5).contains(&r)) {
            return Err(CoreError::Invalid(
                "a status's rating is 1 (false) to 5 (true)".into(),
            ));
        }
        self.write(|tx| {
            let old = read_status(tx, &def.key)?;
            let def = StatusDef {
                builtin: old.as_ref().is_some_and(|o| o.builtin),
                ..def
            };
            if old.as_ref() == Some(&def) {
                return Ok(def);
            }
            write_status(tx, Some(&def), &def.key)?;
            record(
                tx,
                "put_status",
                None,
                None,
                None,
                &format!(
                    "status {} “{}”",
                    if old.is_some() { "changed:" } else { "added:" },
                    def.label
                ),
                Some(to_json(&old)?),
                Some(to_json(&Some(&def))?),
                true,
            )?;
            Ok(def)
        })
    }

    pub fn statuses(&self) -> Result<Vec<StatusDef>> {
        let mut st = self.conn().prepare_cached(
            "SELECT key, label, colour, mark, rating, builtin FROM statuses ORDER BY position, key",
        )?;
        let rows = st
            .query_map([], status_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Undoes the newest change still done. `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<HistoryRow>> {
        self.step(true)
    }

    /// Redoes the oldest undone change. `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<HistoryRow>> {
        self.step(false)
    }

    fn step(&mut self, undo: bool) -> Result<Option<HistoryRow>> {
        self.write(|tx| {
            let sql = if undo {
                format!("SELECT {HISTORY_COLS} FROM history WHERE state = 'done' AND undoable ORDER BY id DESC LIMIT 1")
            } else {
                format!("SELECT {HISTORY_COLS} FROM history WHERE state = 'undone' ORDER BY id LIMIT 1")
            };
            let Some(raw) = tx.query_row(&sql, [], raw_from_row).optional()? else {
                return Ok(None);
            };
            let value = if undo { raw.row.before.as_deref() } else { raw.row.after.as_deref() };
            replay(tx, &raw, value)?;
            let state = if undo { "undone" } else { "done" };
            tx.execute("UPDATE history SET state = ?1 WHERE id = ?2", params![state, raw.row.id])?;
            let mut row = raw.row;
            row.state = if undo { HistoryState::Undone } else { HistoryState::Done };
            Ok(Some(row))
        })
    }

    /// History, newest first: of one claim, of one article, or of everything.
    pub fn history(
        &self,
        article: Option<i64>,
        claim: Option<i64>,
        limit: usize,
    ) -> Result<Vec<HistoryRow>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT {HISTORY_COLS} FROM history
             WHERE (?1 IS NULL OR article_id = ?1) AND (?2 IS NULL OR claim_num = ?2)
             ORDER BY id DESC LIMIT ?3"
        ))?;
        let rows = st
            .query_map(params![article, claim, limit as i64], raw_from_row)?
            .map(|r| r.map(|raw| raw.row))
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// What undo and redo would do next (for menus): summaries.
    pub fn undo_redo_state(&self) -> Result<(Option<String>, Option<String>)> {
        let q = |sql: &str| -> Result<Option<String>> {
            Ok(self.conn().query_row(sql, [], |r| r.get(0)).optional()?)
        };
        Ok((
            q("SELECT summary FROM history WHERE state = 'done' AND undoable ORDER BY id DESC LIMIT 1")?,
            q("SELECT summary FROM history WHERE state = 'undone' ORDER BY id LIMIT 1")?,
        ))
    }
}

/// Puts back the values `value` (a row's before or after) that its action recorded.
fn replay(tx: &Transaction, raw: &Raw, value: Option<&str>) -> Result<()> {
    match raw.row.action.as_str() {
        "set_setting" => {
            let v: SettingValue = from_json(value)?;
            put_setting(tx, &v.key, v.value.as_deref())
        }
        "put_status" => {
            let def: Option<StatusDef> = from_json(value)?;
            let other: Option<StatusDef> = from_json(if value == raw.row.before.as_deref() {
                raw.row.after.as_deref()
            } else {
                raw.row.before.as_deref()
            })?;
            let key = def
                .as_ref()
                .or(other.as_ref())
                .map(|d| d.key.clone())
                .unwrap_or_default();
            write_status(tx, def.as_ref(), &key)
        }
        "add_claim" => {
            let (article, num) = claim_of(raw)?;
            let rec: Option<ClaimRecord> = from_json(value)?;
            match rec {
                None => {
                    tx.execute(
                        "DELETE FROM claims WHERE article_id = ?1 AND num = ?2",
                        params![article, num],
                    )?;
                }
                Some(mut rec) => {
                    if raw.revision != Some(current_revision(tx, article)?) {
                        rec.anchor = carry_over(tx, article, &rec.anchor)?;
                    }
                    insert_record(tx, article, num, &rec)?;
                }
            }
            Ok(())
        }
        _ => {
            let (article, num) = claim_of(raw)?;
            let mut patch: ClaimPatch = from_json(value)?;
            if let Some(a) = &patch.anchor {
                if raw.revision != Some(current_revision(tx, article)?) {
                    patch.anchor = Some(carry_over(tx, article, a)?);
                }
            }
            let (row, _) = read_claim(tx, article, num)?;
            apply_patch(tx, row, &patch)
        }
    }
}

/// An anchor from an older revision, placed on the current text; refused if it has no place.
fn carry_over(
    tx: &Transaction,
    article: i64,
    a: &crate::model::Anchor,
) -> Result<crate::model::Anchor> {
    let r = reanchor_one(&revision_text(tx, article)?, a);
    match r.placement {
        Placement::Exact | Placement::Moved => Ok(r.anchor),
        _ => Err(CoreError::Invalid(
            "the article's text changed since; this span change cannot be replayed".into(),
        )),
    }
}

fn claim_of(raw: &Raw) -> Result<(i64, i64)> {
    raw.article
        .zip(raw.claim)
        .ok_or_else(|| CoreError::Library(format!("history row {} names no claim", raw.row.id)))
}

fn put_setting(conn: &Connection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(v) => conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, v],
        )?,
        None => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    Ok(())
}

fn status_from_row(r: &Row) -> rusqlite::Result<StatusDef> {
    Ok(StatusDef {
        key: r.get(0)?,
        label: r.get(1)?,
        colour: r.get(2)?,
        mark: r.get(3)?,
        rating: r.get(4)?,
        builtin: r.get(5)?,
    })
}

fn read_status(conn: &Connection, key: &str) -> Result<Option<StatusDef>> {
    Ok(conn
        .query_row(
            "SELECT key, label, colour, mark, rating, builtin FROM statuses WHERE key = ?1",
            [key],
            status_from_row,
        )
        .optional()?)
}

fn write_status(conn: &Connection, def: Option<&StatusDef>, key: &str) -> Result<()> {
    match def {
        Some(d) => conn.execute(
            "INSERT INTO statuses (key, label, colour, mark, rating, builtin, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(position), 0) + 1 FROM statuses))
             ON CONFLICT (key) DO UPDATE SET label = excluded.label, colour = excluded.colour,
               mark = excluded.mark, rating = excluded.rating",
            params![d.key, d.label, d.colour, d.mark, d.rating, d.builtin],
        ),
        None => conn.execute("DELETE FROM statuses WHERE key = ?1 AND NOT builtin", [key]),
    }
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            CoreError::Invalid(format!("status '{key}' is still used by claims"))
        }
        e => e.into(),
    })?;
    Ok(())
}

fn describe(action: &str, old: &ClaimRecord, p: &ClaimPatch) -> String {
    match action {
        "set_status" => format!(
            "status {} → {}",
            old.status,
            p.status.as_deref().unwrap_or_default()
        ),
        "set_note" => format!("note: “{}”", short(p.note.as_deref().unwrap_or_default())),
        "add_source" => match p.sources.as_ref().and_then(|s| s.last()) {
            Some(s) => format!(
                "source added: {}",
                short(if s.title.is_empty() {
                    &s.location
                } else {
                    &s.title
                })
            ),
            None => "source added".into(),
        },
        "update_source" => "source edited".into(),
        "remove_source" => "source removed".into(),
        "adjust_span" => format!(
            "span now “{}”",
            short(p.anchor.as_ref().map_or("", |a| a.quote.as_str()))
        ),
        "dismiss" => "dismissed".into(),
        "restore" => "restored".into(),
        "recheck_done" => "re-checked".into(),
        "adopt_match" => format!(
            "verdict of an earlier check adopted: status {} → {}",
            old.status,
            p.status.as_deref().unwrap_or_default()
        ),
        other => other.replace('_', " "),
    }
}
