//! The library's fact-check archives: import (one transaction), list, remove, and the rows
//! matching reads.

use super::{history, now, Library};
use crate::archive::{
    archive_id, read_archive, ArchiveFormat, ArchiveSummary, ImportProgress, ImportReport, Item,
    RecordError, ReviewRecord, MAX_ERRORS_KEPT,
};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use crate::matching::embed;
use rusqlite::{params, CachedStatement, OptionalExtension, ToSql, Transaction};
use std::path::Path;

impl Library {
    /// Imports every ClaimReview of `path` into the archive named after the file. One
    /// transaction: a file that cannot be read, or with no record that can, changes nothing.
    pub fn import_archive(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let shown = path.display().to_string();
        self.write(|tx| import_in(tx, path, &name, &shown, progress))
    }

    pub fn archives(&self) -> Result<Vec<ArchiveSummary>> {
        let mut st = self.conn().prepare_cached(
            "SELECT a.id, a.name, a.path, a.imported,
                    (SELECT count(*) FROM archive_reviews r WHERE r.archive_id = a.id)
             FROM archives a ORDER BY a.id",
        )?;
        let rows = st.query_map([], summary_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many archived fact-checks the library holds.
    pub fn archived_count(&self) -> Result<u32> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM archive_reviews", [], |r| r.get(0))?)
    }

    /// An archived record's rating: name and value.
    pub(crate) fn archived_rating(&self, row: i64) -> Result<(Option<String>, Option<String>)> {
        Ok(self.conn().query_row(
            "SELECT rating_name, rating_value FROM archive_reviews WHERE id = ?1",
            [row],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Removes an archive (by id `k2` or name) and its records.
    pub fn remove_archive(&mut self, which: &str) -> Result<ArchiveSummary> {
        let found = self
            .archives()?
            .into_iter()
            .find(|a| a.id == which || a.name == which)
            .ok_or_else(|| {
                CoreError::NotFound(format!(
                    "no archive '{which}' in the library; see `factdesk archive list`"
                ))
            })?;
        let id: i64 = found.id[1..].parse().unwrap_or(0);
        self.write(|tx| {
            tx.execute("DELETE FROM archive_reviews WHERE archive_id = ?1", [id])?;
            tx.execute("DELETE FROM archives WHERE id = ?1", [id])?;
            history::record(
                tx,
                "archive_remove",
                None,
                None,
                None,
                &format!(
                    "removed the archive {} ({} fact-checks)",
                    found.name, found.records
                ),
                None,
                None,
                false,
            )?;
            Ok(())
        })?;
        Ok(found)
    }
}

fn summary_row(r: &rusqlite::Row) -> rusqlite::Result<ArchiveSummary> {
    Ok(ArchiveSummary {
        id: archive_id(r.get(0)?),
        name: r.get(1)?,
        path: r.get(2)?,
        imported: r.get(3)?,
        records: r.get(4)?,
    })
}

fn import_in(
    tx: &Transaction,
    path: &Path,
    name: &str,
    shown: &str,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportReport> {
    let stamp = now();
    tx.execute(
        "INSERT INTO archives (name, path, imported) VALUES (?1, ?2, ?3)
         ON CONFLICT(name) DO UPDATE SET path = excluded.path, imported = excluded.imported",
        params![name, shown, stamp],
    )?;
    let archive: i64 = tx.query_row("SELECT id FROM archives WHERE name = ?1", [name], |r| {
        r.get(0)
    })?;
    let mut writer = RecordWriter::new(tx, archive, &stamp)?;
    let mut tally = Tally::default();
    let bytes = std::cell::Cell::new((0u64, 0u64));
    let mut each = |item: Item| -> Result<()> {
        let rec = match item {
            Ok(rec) => rec,
            Err(e) => {
                tally.reject(e);
                return Ok(());
            }
        };
        tally.count(writer.write(&rec)?);
        let done = tally.imported();
        if done.is_multiple_of(1000) {
            progress(ImportProgress {
                records: done,
                bytes: bytes.get().0,
                total_bytes: bytes.get().1,
            });
        }
        Ok(())
    };
    let format = read_archive(path, &mut each, &mut |b, t| bytes.set((b, t)))?;
    if tally.imported() == 0 {
        return Err(nothing_imported(path, &tally));
    }
    let Tally {
        added,
        updated,
        unchanged,
        rejected,
        errors,
    } = tally;
    history::record(
        tx,
        "archive_import",
        None,
        None,
        None,
        &format!("imported {name}: {added} new, {updated} updated, {unchanged} unchanged, {rejected} rejected"),
        None,
        None,
        false,
    )?;
    if added + updated > 0 {
        // One segment instead of the dozen or so a large import leaves: every term a match
        // looks up is then found in one place, not sought in each segment (~50 ms for 15,000
        // records, once per import).
        tx.execute(
            "INSERT INTO fts_archive(fts_archive) VALUES ('optimize')",
            [],
        )?;
    }
    let archive = tx.query_row(
        "SELECT a.id, a.name, a.path, a.imported,
                (SELECT count(*) FROM archive_reviews r WHERE r.archive_id = a.id)
         FROM archives a WHERE a.id = ?1",
        [archive],
        summary_row,
    )?;
    // An archive whose records all moved to this one by re-import is left empty, not removed.
    Ok(ImportReport {
        archive,
        format: format_name(format).into(),
        added,
        updated,
        unchanged,
        rejected,
        errors,
    })
}

fn format_name(format: ArchiveFormat) -> &'static str {
    match format {
        ArchiveFormat::JsonLines => "json-lines",
        ArchiveFormat::JsonArray => "json-list",
        ArchiveFormat::JsonObject => "json-ld",
        ArchiveFormat::Html => "html",
    }
}

/// The error of an import that found no record it could import.
fn nothing_imported(path: &Path, tally: &Tally) -> CoreError {
    let first = tally
        .errors
        .first()
        .map(|e| e.to_string())
        .unwrap_or_else(|| "no record".into());
    let more = if tally.rejected > 1 {
        format!(" (and {} more)", tally.rejected - 1)
    } else {
        String::new()
    };
    CoreError::import(
        path,
        ErrorCode::ArchiveNoValidRecord,
        format!("no ClaimReview could be imported: {first}{more}; the library is unchanged"),
    )
}

/// What became of one record.
enum Written {
    Added,
    Updated,
    Unchanged,
}

#[derive(Default)]
struct Tally {
    added: u32,
    updated: u32,
    unchanged: u32,
    rejected: u32,
    /// The first [`MAX_ERRORS_KEPT`] records rejected.
    errors: Vec<RecordError>,
}

impl Tally {
    fn imported(&self) -> u32 {
        self.added + self.updated + self.unchanged
    }

    fn count(&mut self, w: Written) {
        match w {
            Written::Added => self.added += 1,
            Written::Updated => self.updated += 1,
            Written::Unchanged => self.unchanged += 1,
        }
    }

    fn reject(&mut self, e: RecordError) {
        self.rejected += 1;
        if self.errors.len() < MAX_ERRORS_KEPT {
            self.errors.push(e);
        }
    }
}

/// Writes records into one archive: a new key is inserted, a known one updated only if it
/// changed (so only a changed record is re-indexed).
struct RecordWriter<'t> {
    find: CachedStatement<'t>,
    insert: CachedStatement<'t>,
    update: CachedStatement<'t>,
    archive: i64,
    stamp: &'t str,
}

impl<'t> RecordWriter<'t> {
    fn new(tx: &'t Transaction, archive: i64, stamp: &'t str) -> Result<Self> {
        Ok(RecordWriter {
            find: tx.prepare_cached("SELECT id FROM archive_reviews WHERE key = ?1")?,
            insert: tx.prepare_cached(
                "INSERT INTO archive_reviews (archive_id, key, identifier, claim, title,
                    description, rating_name, rating_value, url, author, published,
                    item_reviewed, body, updated, embedding)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?,
            update: tx.prepare_cached(
                "UPDATE archive_reviews SET archive_id = ?1, identifier = ?3, claim = ?4,
                    title = ?5, description = ?6, rating_name = ?7, rating_value = ?8, url = ?9,
                    author = ?10, published = ?11, item_reviewed = ?12, body = ?13, updated = ?14,
                    embedding = ?15
                 WHERE id = ?2 AND (archive_id IS NOT ?1 OR identifier IS NOT ?3 OR claim IS NOT ?4
                    OR title IS NOT ?5 OR description IS NOT ?6 OR rating_name IS NOT ?7
                    OR rating_value IS NOT ?8 OR url IS NOT ?9 OR author IS NOT ?10
                    OR published IS NOT ?11 OR item_reviewed IS NOT ?12 OR body IS NOT ?13
                    OR embedding IS NOT ?15)",
            )?,
            archive,
            stamp,
        })
    }

    fn write(&mut self, rec: &ReviewRecord) -> Result<Written> {
        let key = rec.key();
        let existing: Option<i64> = self.find.query_row([&key], |r| r.get(0)).optional()?;
        let (archive, stamp) = (self.archive, self.stamp);
        let vector = embed::blob_for(&embed::review_text(&rec.claim, &rec.title));
        Ok(match existing {
            None => {
                self.insert
                    .execute(values(&archive, &key, rec, &stamp, &vector))?;
                Written::Added
            }
            Some(row)
                if self
                    .update
                    .execute(values(&archive, &row, rec, &stamp, &vector))?
                    > 0 =>
            {
                Written::Updated
            }
            Some(_) => Written::Unchanged,
        })
    }
}

/// The parameters of both statements: `?2` is the key (insert) or the row (update).
fn values<'a>(
    archive: &'a i64,
    second: &'a dyn ToSql,
    rec: &'a ReviewRecord,
    stamp: &'a &str,
    vector: &'a Option<Vec<u8>>,
) -> [&'a dyn ToSql; 15] {
    [
        archive,
        second,
        &rec.identifier,
        &rec.claim,
        &rec.title,
        &rec.description,
        &rec.rating_name,
        &rec.rating_value,
        &rec.url,
        &rec.author,
        &rec.date,
        &rec.item_reviewed,
        &rec.body,
        stamp,
        vector,
    ]
}
