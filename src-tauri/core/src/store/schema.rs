//! Schema and migrations. `PRAGMA user_version` is the schema version; each step in
//! `MIGRATIONS` takes the file one version up inside one transaction. An existing library is
//! copied aside (online backup) before its first migration step, so a failed or unwanted
//! upgrade never costs the user their work.

use super::Library;
use crate::error::{CoreError, Result};
use crate::model::StatusDef;
use rusqlite::params;

/// "FDSK": marks the file as a Factdesk library, so another SQLite file is never migrated.
const APPLICATION_ID: i32 = 0x4644_534b;

const V1: &str = r#"
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE statuses (
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    colour TEXT NOT NULL,
    mark TEXT NOT NULL,
    rating INTEGER,
    builtin INTEGER NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    path TEXT NOT NULL,
    title TEXT,
    format TEXT NOT NULL,
    byline TEXT,
    published TEXT,
    url TEXT,
    current_revision INTEGER,
    next_claim INTEGER NOT NULL DEFAULT 1,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
) STRICT;
CREATE INDEX articles_path ON articles(path);

CREATE TABLE revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    number INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    text TEXT NOT NULL,
    original BLOB NOT NULL,
    -- JSON [[kind, level, start, end], ...], positions in code points
    blocks TEXT NOT NULL,
    imported TEXT NOT NULL,
    UNIQUE (article_id, number)
) STRICT;
CREATE INDEX revisions_hash ON revisions(content_hash);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    num INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL,
    suffix TEXT NOT NULL,
    origin TEXT NOT NULL,
    kinds TEXT NOT NULL,
    score REAL NOT NULL,
    reasons TEXT NOT NULL,
    facts TEXT NOT NULL,
    status TEXT NOT NULL REFERENCES statuses(key),
    note TEXT NOT NULL DEFAULT '',
    dismissed INTEGER NOT NULL DEFAULT 0,
    needs_recheck INTEGER NOT NULL DEFAULT 0,
    orphaned INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL,
    UNIQUE (article_id, num)
) STRICT;

CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    location TEXT NOT NULL,
    accessed TEXT,
    excerpt TEXT NOT NULL,
    file_path TEXT,
    file_sha256 TEXT
) STRICT;
CREATE INDEX sources_claim ON sources(claim_id, position);

CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    article_id INTEGER,
    claim_num INTEGER,
    revision_id INTEGER,
    summary TEXT NOT NULL,
    before TEXT,
    after TEXT,
    undoable INTEGER NOT NULL,
    -- done | undone | discarded (undone, then a new change cleared the redo stack)
    state TEXT NOT NULL DEFAULT 'done'
) STRICT;
CREATE INDEX history_claim ON history(article_id, claim_num, id);
CREATE INDEX history_state ON history(state, id);

-- Full-text search. rowids are those of the rows indexed (text_chunks, claims, sources).
CREATE TABLE text_chunks (
    id INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL REFERENCES revisions(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
) STRICT;
CREATE INDEX text_chunks_revision ON text_chunks(revision_id);
CREATE VIRTUAL TABLE fts_text USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE fts_claims USING fts5(quote, note, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE fts_sources USING fts5(title, location, excerpt, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO fts_claims(rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote, note ON claims BEGIN
    DELETE FROM fts_claims WHERE rowid = old.id;
    INSERT INTO fts_claims(rowid, quote, note) VALUES (new.id, new.quote, new.note);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    DELETE FROM fts_claims WHERE rowid = old.id;
END;
CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN
    INSERT INTO fts_sources(rowid, title, location, excerpt)
    VALUES (new.id, new.title, new.location, new.excerpt);
END;
CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN
    DELETE FROM fts_sources WHERE rowid = old.id;
END;
CREATE TRIGGER text_chunks_fts_delete AFTER DELETE ON text_chunks BEGIN
    DELETE FROM fts_text WHERE rowid = old.id;
END;
"#;

/// Claims are no longer indexed by their quote: a claim's quote is the article's text, which
/// `fts_text` already indexes, and search maps a text hit to the claims there (`search`).
/// Indexing both doubled the cost of importing an article. Only notes, and the quotes of
/// orphaned claims (no longer in the text), are indexed per claim.
const V2: &str = r#"
DROP TRIGGER claims_fts_insert;
DROP TRIGGER claims_fts_update;
DROP TRIGGER claims_fts_delete;
DROP TABLE fts_claims;
CREATE VIRTUAL TABLE fts_claims USING fts5(quote, note, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO fts_claims(rowid, quote, note)
    SELECT id, CASE WHEN orphaned THEN quote ELSE '' END, note FROM claims
    WHERE note <> '' OR orphaned;
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims WHEN new.note <> '' OR new.orphaned BEGIN
    INSERT INTO fts_claims(rowid, quote, note)
    VALUES (new.id, CASE WHEN new.orphaned THEN new.quote ELSE '' END, new.note);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote, note, orphaned ON claims BEGIN
    DELETE FROM fts_claims WHERE rowid = old.id;
    INSERT INTO fts_claims(rowid, quote, note)
    SELECT new.id, CASE WHEN new.orphaned THEN new.quote ELSE '' END, new.note
    WHERE new.note <> '' OR new.orphaned;
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    DELETE FROM fts_claims WHERE rowid = old.id;
END;
-- Claims over a passage of text, for mapping text hits to claims.
CREATE INDEX claims_span ON claims(article_id, start, "end");
"#;

/// The articles the checker opened last, for File → Open Recent. `seq` grows with every open,
/// so the order is exact even within one millisecond.
const V3: &str = r#"
CREATE TABLE recent (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    seq INTEGER NOT NULL
) STRICT;
CREATE INDEX recent_seq ON recent(seq);
"#;

/// Fact-check archives (imported ClaimReviews) and the indexes "checked before" matching
/// searches: `fts_archive` over each archived review's claim, title and subtitle, and
/// `fts_checked` over the quotes of the library's own claims that have a status other than
/// unchecked (kept by triggers, so a status change or its undo updates it in the same
/// transaction). Both use the Porter stemmer: "vaccines" finds "vaccinated".
const V4: &str = r#"
CREATE TABLE archives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    imported TEXT NOT NULL
) STRICT;

CREATE TABLE archive_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    archive_id INTEGER NOT NULL REFERENCES archives(id),
    -- identifier, else url + claimReviewed: re-importing updates, never duplicates
    key TEXT NOT NULL UNIQUE,
    identifier TEXT,
    claim TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    rating_name TEXT,
    rating_value TEXT,
    url TEXT,
    author TEXT,
    published TEXT,
    item_reviewed TEXT,
    body TEXT NOT NULL,
    updated TEXT NOT NULL
) STRICT;
CREATE INDEX archive_reviews_archive ON archive_reviews(archive_id);
CREATE INDEX archive_reviews_identifier ON archive_reviews(identifier);

CREATE VIRTUAL TABLE fts_archive USING fts5(claim, title, description,
    tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER archive_fts_insert AFTER INSERT ON archive_reviews BEGIN
    INSERT INTO fts_archive(rowid, claim, title, description)
    VALUES (new.id, new.claim, new.title, new.description);
END;
CREATE TRIGGER archive_fts_update AFTER UPDATE OF claim, title, description ON archive_reviews BEGIN
    DELETE FROM fts_archive WHERE rowid = old.id;
    INSERT INTO fts_archive(rowid, claim, title, description)
    VALUES (new.id, new.claim, new.title, new.description);
END;
CREATE TRIGGER archive_fts_delete AFTER DELETE ON archive_reviews BEGIN
    DELETE FROM fts_archive WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE fts_checked USING fts5(quote, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO fts_checked(rowid, quote) SELECT id, quote FROM claims WHERE status <> 'unchecked';
CREATE TRIGGER checked_fts_insert AFTER INSERT ON claims WHEN new.status <> 'unchecked' BEGIN
    INSERT INTO fts_checked(rowid, quote) VALUES (new.id, new.quote);
END;
CREATE TRIGGER checked_fts_update AFTER UPDATE OF status, quote ON claims BEGIN
    DELETE FROM fts_checked WHERE rowid = old.id;
    INSERT INTO fts_checked(rowid, quote) SELECT new.id, new.quote WHERE new.status <> 'unchecked';
END;
CREATE TRIGGER checked_fts_delete AFTER DELETE ON claims BEGIN
    DELETE FROM fts_checked WHERE rowid = old.id;
END;
"#;

/// Sentence vectors for matching (`matching::embed`): each archived review's (claim and title)
/// and each claim's (quote), written by the code that writes the text, so that matching embeds
/// only the query. Filled for existing rows right after this step (`fill_embeddings`).
const V5: &str = r#"
ALTER TABLE archive_reviews ADD COLUMN embedding BLOB;
ALTER TABLE claims ADD COLUMN embedding BLOB;
"#;

/// Migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Refuses, before anything is written, a file that is not a Factdesk library or is from a
/// newer Factdesk. Reads only.
pub(super) fn check(conn: &rusqlite::Connection, path: &std::path::Path) -> Result<()> {
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| match CoreError::from(e) {
                CoreError::Library(m) => CoreError::Library(format!(
                    "{}: not a readable Factdesk library ({m}); it was left untouched",
                    path.display()
                )),
                e => e.in_library(path),
            })
    };
    let version = read("PRAGMA user_version")?;
    let app_id = read("PRAGMA application_id")?;
    let tables = read("SELECT count(*) FROM sqlite_schema")?;
    if app_id != APPLICATION_ID as i64 && (version > 0 || tables > 0) {
        return Err(CoreError::Library(format!(
            "{}: this SQLite file is not a Factdesk library; it was left untouched",
            path.display()
        )));
    }
    if version > LATEST {
        return Err(CoreError::Library(format!(
            "{}: written by a newer Factdesk (schema {version}, this one knows {LATEST}); \
             update Factdesk to open it",
            path.display()
        )));
    }
    Ok(())
}

/// Whether opening will migrate the file (and so write to it).
pub(super) fn needs_migration(conn: &rusqlite::Connection) -> Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(version < LATEST)
}

pub(super) fn migrate(lib: &mut Library, existed: bool) -> Result<()> {
    let version: i64 = lib
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == LATEST {
        return Ok(());
    }
    if existed && version > 0 {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let mut name = lib.path.as_os_str().to_owned();
        name.push(format!(".v{version}-{stamp}.bak"));
        lib.backup_to(std::path::Path::new(&name))?;
    }
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        lib.write(|tx| {
            tx.execute_batch(sql)?;
            if v == 0 {
                seed(tx)?;
            }
            if v == 4 {
                super::matching::fill_embeddings(tx)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", v as i64 + 1)?;
            Ok(())
        })?;
    }
    Ok(())
}

fn seed(tx: &rusqlite::Transaction) -> Result<()> {
    let mut st = tx.prepare(
        "INSERT INTO statuses (key, label, colour, mark, rating, builtin, position)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
    )?;
    for (i, s) in StatusDef::defaults().iter().enumerate() {
        st.execute(params![
            s.key, s.label, s.colour, s.mark, s.rating, i as i64
        ])?;
    }
    Ok(())
}
