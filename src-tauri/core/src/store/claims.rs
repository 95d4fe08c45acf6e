//! Claims and their sources: rows ⇄ `model::ClaimRecord`, and field-level patches (the unit
//! of change that history records and undo replays).

use super::{claim_id, now, source_id, Library};
use crate::error::{CoreError, Result};
use crate::model::{Anchor, ClaimKind, ClaimRecord, FactSpan, Origin, Source, SourceKind};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A claim about to be stored (from analysis or made by hand).
#[derive(Debug, Clone, PartialEq)]
pub struct NewClaim {
    pub anchor: Anchor,
    pub origin: Origin,
    pub kinds: Vec<ClaimKind>,
    pub score: f32,
    pub reasons: Vec<String>,
    pub facts: Vec<FactSpan>,
}

/// Some fields of a claim. History stores the values before and after a change as two
/// patches; undo applies the first, redo the second. Fields left `None` are untouched, so
/// undoing a status change never rewinds a note or a re-anchoring made since.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dismissed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Anchor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Vec<FactSpan>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_recheck: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orphaned: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<Source>>,
}

impl ClaimPatch {
    /// Sets the fields this patch sets in `rec`.
    fn set_in(&self, rec: &mut ClaimRecord) {
        if let Some(v) = &self.status {
            rec.status.clone_from(v);
        }
        if let Some(v) = &self.note {
            rec.note.clone_from(v);
        }
        if let Some(v) = self.dismissed {
            rec.dismissed = v;
        }
        if let Some(v) = &self.anchor {
            rec.anchor.clone_from(v);
        }
        if let Some(v) = &self.facts {
            rec.facts.clone_from(v);
        }
        if let Some(v) = self.needs_recheck {
            rec.needs_recheck = v;
        }
        if let Some(v) = self.orphaned {
            rec.orphaned = v;
        }
        if let Some(v) = &self.sources {
            rec.sources.clone_from(v);
        }
    }

    /// The current values in `rec` of the fields this patch sets.
    pub fn before(&self, rec: &ClaimRecord) -> ClaimPatch {
        ClaimPatch {
            status: self.status.as_ref().map(|_| rec.status.clone()),
            note: self.note.as_ref().map(|_| rec.note.clone()),
            dismissed: self.dismissed.map(|_| rec.dismissed),
            anchor: self.anchor.as_ref().map(|_| rec.anchor.clone()),
            facts: self.facts.as_ref().map(|_| rec.facts.clone()),
            needs_recheck: self.needs_recheck.map(|_| rec.needs_recheck),
            orphaned: self.orphaned.map(|_| rec.orphaned),
            sources: self.sources.as_ref().map(|_| rec.sources.clone()),
        }
    }
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| CoreError::Library(format!("encoding a claim: {e}")))
}

fn from_json<T: for<'de> Deserialize<'de>>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

const CLAIM_COLS: &str = "id, num, start, \"end\", quote, prefix, suffix, origin, kinds, score, \
                          reasons, facts, status, note, dismissed, needs_recheck, orphaned, updated";

fn claim_from_row(r: &Row) -> rusqlite::Result<(i64, ClaimRecord)> {
    let origin: String = r.get(7)?;
    Ok((
        r.get(0)?,
        ClaimRecord {
            id: claim_id(r.get(1)?),
            anchor: Anchor {
                start: r.get(2)?,
                end: r.get(3)?,
                quote: r.get(4)?,
                prefix: r.get(5)?,
                suffix: r.get(6)?,
            },
            origin: if origin == "manual" {
                Origin::Manual
            } else {
                Origin::Automatic
            },
            kinds: from_json(&r.get::<_, String>(8)?)?,
            score: r.get::<_, f64>(9)? as f32,
            reasons: from_json(&r.get::<_, String>(10)?)?,
            facts: from_json(&r.get::<_, String>(11)?)?,
            status: r.get(12)?,
            note: r.get(13)?,
            sources: Vec::new(),
            dismissed: r.get(14)?,
            needs_recheck: r.get(15)?,
            orphaned: r.get(16)?,
            updated: r.get(17)?,
        },
    ))
}

fn source_from_row(r: &Row) -> rusqlite::Result<(i64, Source)> {
    let kind: String = r.get(2)?;
    Ok((
        r.get(1)?,
        Source {
            id: source_id(r.get(0)?),
            kind: SourceKind::parse(&kind).unwrap_or(SourceKind::Other),
            title: r.get(3)?,
            location: r.get(4)?,
            accessed: r.get(5)?,
            excerpt: r.get(6)?,
            file_path: r.get(7)?,
            file_sha256: r.get(8)?,
        },
    ))
}

const SOURCE_COLS: &str =
    "s.id, s.claim_id, s.kind, s.title, s.location, s.accessed, s.excerpt, s.file_path, s.file_sha256";

/// Every claim of an article, in text order, with its sources.
pub(crate) fn read_claims(conn: &Connection, article: i64) -> Result<Vec<ClaimRecord>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {CLAIM_COLS} FROM claims WHERE article_id = ?1 ORDER BY start, \"end\", num"
    ))?;
    let rows: Vec<(i64, ClaimRecord)> = st
        .query_map([article], claim_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SOURCE_COLS} FROM sources s JOIN claims c ON c.id = s.claim_id
         WHERE c.article_id = ?1 ORDER BY s.claim_id, s.position, s.id"
    ))?;
    let mut by_claim: HashMap<i64, Vec<Source>> = HashMap::new();
    for row in st.query_map([article], source_from_row)? {
        let (claim, src) = row?;
        by_claim.entry(claim).or_default().push(src);
    }
    Ok(rows
        .into_iter()
        .map(|(id, mut rec)| {
            rec.sources = by_claim.remove(&id).unwrap_or_default();
            rec
        })
        .collect())
}

/// One claim with its sources, and its row id.
pub(crate) fn read_claim(conn: &Connection, article: i64, num: i64) -> Result<(i64, ClaimRecord)> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {CLAIM_COLS} FROM claims WHERE article_id = ?1 AND num = ?2"
    ))?;
    let (id, mut rec) = st
        .query_row(params![article, num], claim_from_row)
        .optional()?
        .ok_or_else(|| {
            CoreError::NotFound(format!("no claim {} in article a{article}", claim_id(num)))
        })?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT {SOURCE_COLS} FROM sources s WHERE s.claim_id = ?1 ORDER BY s.position, s.id"
    ))?;
    rec.sources = st
        .query_map([id], source_from_row)?
        .map(|r| r.map(|(_, s)| s))
        .collect::<rusqlite::Result<_>>()?;
    Ok((id, rec))
}

/// Takes the next claim number of an article.
pub(crate) fn next_num(conn: &Connection, article: i64, count: i64) -> Result<i64> {
    let first: i64 = conn
        .prepare_cached("UPDATE articles SET next_claim = next_claim + ?2 WHERE id = ?1 RETURNING next_claim - ?2")?
        .query_row(params![article, count], |r| r.get(0))
        .optional()?
        .ok_or_else(|| CoreError::NotFound(format!("no article a{article}")))?;
    Ok(first)
}

/// Inserts a whole claim (sources included) under number `num`. Returns its row id.
pub(crate) fn insert_record(
    conn: &Connection,
    article: i64,
    num: i64,
    rec: &ClaimRecord,
) -> Result<i64> {
    let mut st = conn.prepare_cached(
        "INSERT INTO claims (article_id, num, start, \"end\", quote, prefix, suffix, origin, kinds,
            score, reasons, facts, status, note, dismissed, needs_recheck, orphaned, updated,
            embedding)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19)",
    )?;
    let a = &rec.anchor;
    st.execute(params![
        article,
        num,
        a.start,
        a.end,
        a.quote,
        a.prefix,
        a.suffix,
        match rec.origin {
            Origin::Manual => "manual",
            Origin::Automatic => "automatic",
        },
        json(&rec.kinds)?,
        rec.score as f64,
        json(&rec.reasons)?,
        json(&rec.facts)?,
        rec.status,
        rec.note,
        rec.dismissed,
        rec.needs_recheck,
        rec.orphaned,
        rec.updated,
        crate::matching::embed::blob_for(&a.quote),
    ])
    .map_err(|e| status_error(e, &rec.status))?;
    let id = conn.last_insert_rowid();
    write_sources(conn, id, &rec.sources)?;
    Ok(id)
}

impl NewClaim {
    pub fn into_record(self, num: i64, updated: &str) -> ClaimRecord {
        ClaimRecord {
            id: claim_id(num),
            anchor: self.anchor,
            origin: self.origin,
            kinds: self.kinds,
            score: self.score,
            reasons: self.reasons,
            facts: self.facts,
            status: "unchecked".into(),
            note: String::new(),
            sources: Vec::new(),
            dismissed: false,
            needs_recheck: false,
            orphaned: false,
            updated: updated.to_string(),
        }
    }
}

/// Stores new claims under fresh numbers; returns them as stored, in the order given. Tells
/// `progress` the share stored.
pub(crate) fn insert_new_with(
    conn: &Connection,
    article: i64,
    claims: Vec<NewClaim>,
    progress: &mut dyn FnMut(f32),
) -> Result<Vec<ClaimRecord>> {
    let first = next_num(conn, article, claims.len() as i64)?;
    let at = now();
    let total = claims.len().max(1) as f32;
    let mut stored = Vec::with_capacity(claims.len());
    for (i, c) in claims.into_iter().enumerate() {
        if i % 256 == 0 {
            progress(i as f32 / total);
        }
        let num = first + i as i64;
        let rec = c.into_record(num, &at);
        insert_record(conn, article, num, &rec)?;
        stored.push(rec);
    }
    Ok(stored)
}

fn status_error(e: rusqlite::Error, status: &str) -> CoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            CoreError::Invalid(format!(
                "'{status}' is not a status; see `factdesk statuses`"
            ))
        }
        e => e.into(),
    }
}

/// Replaces a claim's sources by `sources`, keeping their ids (`s12` → row 12; a source
/// without an id gets a new one). Returns the sources as stored, each with its id.
pub(crate) fn write_sources(
    conn: &Connection,
    claim_row: i64,
    sources: &[Source],
) -> Result<Vec<Source>> {
    conn.prepare_cached("DELETE FROM sources WHERE claim_id = ?1")?
        .execute([claim_row])?;
    let mut st = conn.prepare_cached(
        "INSERT INTO sources (id, claim_id, position, kind, title, location, accessed, excerpt,
            file_path, file_sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut stored = Vec::with_capacity(sources.len());
    for (i, s) in sources.iter().enumerate() {
        let id = super::parse_source_id(&s.id).ok();
        st.execute(params![
            id,
            claim_row,
            i as i64,
            s.kind.as_str(),
            s.title,
            s.location,
            s.accessed,
            s.excerpt,
            s.file_path,
            s.file_sha256
        ])?;
        stored.push(Source {
            id: source_id(conn.last_insert_rowid()),
            ..s.clone()
        });
    }
    Ok(stored)
}

/// Writes the fields a patch sets and stamps the claim as updated.
pub(crate) fn apply_patch(conn: &Connection, claim_row: i64, p: &ClaimPatch) -> Result<()> {
    write_patch(conn, claim_row, p, &now()).map(|_| ())
}

/// Applies `p` to claim `rec` (row `claim_row`) in the library and to `rec` itself, which
/// becomes what the library now holds without being read back (new sources get their ids).
pub(crate) fn patch_claim(
    conn: &Connection,
    claim_row: i64,
    rec: &mut ClaimRecord,
    p: &ClaimPatch,
) -> Result<()> {
    let at = now();
    let sources = write_patch(conn, claim_row, p, &at)?;
    p.set_in(rec);
    if let Some(s) = sources {
        rec.sources = s;
    }
    rec.updated = at;
    Ok(())
}

/// Writes the fields a patch sets and stamps the claim as updated `at`. Returns the sources as
/// stored when the patch sets them.
fn write_patch(
    conn: &Connection,
    claim_row: i64,
    p: &ClaimPatch,
    at: &str,
) -> Result<Option<Vec<Source>>> {
    let exec = |sql: &str, v: &dyn rusqlite::ToSql| -> Result<()> {
        conn.prepare_cached(sql)?.execute(params![v, claim_row])?;
        Ok(())
    };
    if let Some(s) = &p.status {
        conn.prepare_cached("UPDATE claims SET status = ?1 WHERE id = ?2")?
            .execute(params![s, claim_row])
            .map_err(|e| status_error(e, s))?;
    }
    if let Some(n) = &p.note {
        exec("UPDATE claims SET note = ?1 WHERE id = ?2", n)?;
    }
    if let Some(d) = p.dismissed {
        exec("UPDATE claims SET dismissed = ?1 WHERE id = ?2", &d)?;
    }
    if let Some(a) = &p.anchor {
        conn.prepare_cached(
            "UPDATE claims SET start = ?1, \"end\" = ?2, quote = ?3, prefix = ?4, suffix = ?5,
                embedding = ?6 WHERE id = ?7",
        )?
        .execute(params![
            a.start,
            a.end,
            a.quote,
            a.prefix,
            a.suffix,
            crate::matching::embed::blob_for(&a.quote),
            claim_row
        ])?;
    }
    if let Some(f) = &p.facts {
        exec("UPDATE claims SET facts = ?1 WHERE id = ?2", &json(f)?)?;
    }
    if let Some(v) = p.needs_recheck {
        exec("UPDATE claims SET needs_recheck = ?1 WHERE id = ?2", &v)?;
    }
    if let Some(v) = p.orphaned {
        exec("UPDATE claims SET orphaned = ?1 WHERE id = ?2", &v)?;
    }
    let sources = match &p.sources {
        Some(s) => Some(write_sources(conn, claim_row, s)?),
        None => None,
    };
    exec("UPDATE claims SET updated = ?1 WHERE id = ?2", &at)?;
    Ok(sources)
}

impl Library {
    pub fn claims(&self, article: i64) -> Result<Vec<ClaimRecord>> {
        read_claims(self.conn(), article)
    }

    pub fn claim(&self, article: i64, num: i64) -> Result<ClaimRecord> {
        read_claim(self.conn(), article, num).map(|(_, c)| c)
    }
}
