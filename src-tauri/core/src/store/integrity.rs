//! Is the library file sound enough to open? Read-only checks made before SQLite writes a
//! byte: a damaged or truncated file is reported (`library.corrupt`) and left exactly as it
//! was, so the user can restore a backup and still hand the damaged file to someone.

use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use rusqlite::Connection;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

pub(crate) fn corrupt(path: &Path, what: &str) -> CoreError {
    CoreError::library_file(
        path,
        ErrorCode::LibraryCorrupt,
        format!(
            "the library file is damaged ({what}); it was left untouched. \
             Restore the latest backup (`factdesk restore-backup`)"
        ),
    )
}

pub(crate) fn read_only(path: &Path, why: &str) -> CoreError {
    CoreError::library_file(
        path,
        ErrorCode::LibraryReadonly,
        format!(
            "the library cannot be written ({why}); check the permissions of the file and \
             its folder, or choose another library with --db"
        ),
    )
}

/// Whether the folder holding `path` is write-protected (to explain a failed open).
pub(crate) fn folder_read_only(path: &Path) -> bool {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d,
        None => Path::new("."),
    };
    std::fs::metadata(dir)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false)
}

/// `Ok(false)` when there is no library yet (no file or an empty one), `Ok(true)` for a file
/// whose header is sound, `library.corrupt` otherwise. Reads only.
pub(crate) fn check_file(path: &Path) -> Result<bool> {
    // A checkpoint in another process may have written the new page count in the header
    // before the pages that follow it: a short file gets a few looks before it is called
    // truncated.
    let mut tries = 0;
    loop {
        let mut f = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(CoreError::io(path, e)),
        };
        let len = f.metadata().map_err(|e| CoreError::io(path, e))?.len();
        if len == 0 {
            return Ok(false);
        }
        let mut head = Vec::with_capacity(100);
        (&mut f)
            .take(100)
            .read_to_end(&mut head)
            .map_err(|e| CoreError::io(path, e))?;
        // A checkpoint killed half-way leaves the file shorter than its header says, which is
        // sound while the write-ahead log holds those pages: SQLite finishes the job. So the
        // size is only judged without a log.
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let logged = std::fs::metadata(&wal)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        match header_problem(&head, len, logged) {
            None => return Ok(true),
            Some((problem, may_settle)) => {
                tries += 1;
                if !may_settle || tries >= 10 {
                    return Err(corrupt(path, &problem));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// What is wrong with a database header, and whether it may be a checkpoint in progress.
fn header_problem(head: &[u8], len: u64, logged: bool) -> Option<(String, bool)> {
    let n = head.len().min(MAGIC.len());
    if head[..n] != MAGIC[..n] {
        return Some((
            "it does not start like an SQLite database: overwritten, or not a library".into(),
            false,
        ));
    }
    if head.len() < 100 {
        return Some((format!("only {len} bytes: truncated"), false));
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Some((format!("invalid page size {page_size}"), false));
    }
    if logged {
        return None;
    }
    if !len.is_multiple_of(page_size) {
        return Some((
            format!("{len} bytes is not a whole number of {page_size}-byte pages: truncated"),
            true,
        ));
    }
    let be32 = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    // The page count is only valid when written by a version that keeps it (offset 92 equal
    // to the change counter at 24), which is every SQLite since 3.7.0.
    let pages = u64::from(be32(28));
    if be32(92) == be32(24) && pages > 0 && len < pages * page_size {
        return Some((
            format!(
                "{len} bytes where the file says {} ({pages} pages): truncated",
                pages * page_size
            ),
            true,
        ));
    }
    None
}

/// `PRAGMA quick_check` (page structure, not indexes against tables): `library.corrupt`
/// unless it says "ok".
pub(crate) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let rows: Vec<String> = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut st| {
            st.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(|e| match CoreError::from(e) {
            CoreError::Library(m) => corrupt(path, &m),
            e => e.in_library(path),
        })?;
    if rows.len() == 1 && rows[0] == "ok" {
        return Ok(());
    }
    let mut what = rows.into_iter().take(3).collect::<Vec<_>>().join("; ");
    if what.is_empty() {
        what = "the integrity check gave no answer".into();
    }
    Err(corrupt(path, &what))
}

#[cfg(test)]
mod tests {
    use super::header_problem;

    fn header(page_size: u16, pages: u32) -> Vec<u8> {
        let mut h = vec![0u8; 100];
        h[..16].copy_from_slice(super::MAGIC);
        h[16..18].copy_from_slice(&page_size.to_be_bytes());
        h[24..28].copy_from_slice(&7u32.to_be_bytes());
        h[28..32].copy_from_slice(&pages.to_be_bytes());
        h[92..96].copy_from_slice(&7u32.to_be_bytes());
        h
    }

    #[test]
    fn a_sound_header_passes_and_damage_is_named() {
        assert_eq!(header_problem(&header(4096, 3), 3 * 4096, false), None);
        assert_eq!(header_problem(&header(1, 2), 2 * 65536, false), None);
        assert_eq!(
            header_problem(&header(4096, 3), 2 * 4096, true),
            None,
            "the log holds the rest"
        );
        let short = header_problem(&header(4096, 3), 2 * 4096, false).unwrap();
        assert!(short.0.contains("truncated") && short.1, "{short:?}");
        assert!(header_problem(&header(4096, 3), 3 * 4096 - 10, false)
            .unwrap()
            .0
            .contains("whole number"));
        assert!(header_problem(b"hello", 5, false)
            .unwrap()
            .0
            .contains("SQLite"));
        assert!(header_problem(&header(4096, 3)[..40], 40, false)
            .unwrap()
            .0
            .contains("truncated"));
        assert!(header_problem(&header(1000, 3), 3000, false)
            .unwrap()
            .0
            .contains("page size"));
    }
}
