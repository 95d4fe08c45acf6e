//! Bounds checked on a PDF's bytes before any PDF parser sees them, so that a hostile file
//! costs bounded time and memory: every compressed stream is inflated here with a cap (a
//! stream that inflates without bound is a bomb), and objects may not nest deeper than
//! [`MAX_DEPTH`] (the parsers recurse). The page count is checked after loading.

use std::io::Read;

/// The most one stream may inflate to.
pub const MAX_STREAM: u64 = 64 * 1024 * 1024;
/// The most all streams together may inflate to.
pub const MAX_TOTAL: u64 = 256 * 1024 * 1024;
/// Arrays and dictionaries nested deeper than this are refused.
pub const MAX_DEPTH: usize = 200;
/// Documents with more pages are refused.
pub const MAX_PAGES: usize = 5_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// One stream or all of them together inflate past the caps.
    Inflates(u64),
    /// Objects nest this deep (at least).
    Nesting(usize),
}

/// Checks the caps; `Ok` when the file is within them.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let mut total = 0u64;
    let mut at = 0;
    let mut outside_start = 0;
    while let Some(kw) = find(bytes, at, b"stream") {
        // `endstream` contains `stream`: only a keyword that opens a body counts.
        let after = kw + b"stream".len();
        let body_start = match bytes.get(after..after + 2) {
            Some([b'\r', b'\n']) => after + 2,
            Some([b'\n', _]) | Some([b'\r', _]) => after + 1,
            _ => {
                at = after;
                continue;
            }
        };
        if kw >= 3 && &bytes[kw - 3..kw] == b"end" {
            at = after;
            continue;
        }
        depth_of(&bytes[outside_start..kw])?;
        let body_end = find(bytes, body_start, b"endstream").unwrap_or(bytes.len());
        let body = &bytes[body_start..body_end];
        if let Some(n) = inflated_len(body, MAX_STREAM.min(MAX_TOTAL - total))? {
            total += n;
            if n >= MAX_STREAM || total >= MAX_TOTAL {
                return Err(Refusal::Inflates(total));
            }
        }
        at = body_end;
        outside_start = body_end;
    }
    depth_of(&bytes[outside_start..])
}

/// How many bytes a zlib stream inflates to, reading at most `cap` (then `Some(cap)`);
/// `None` when the body is not zlib data. Object streams among them are checked for nesting too.
fn inflated_len(body: &[u8], cap: u64) -> Result<Option<u64>, Refusal> {
    // A zlib header: CM = 8 and the check bits.
    if body.len() < 2
        || body[0] & 0x0f != 8
        || (u16::from(body[0]) << 8 | u16::from(body[1])) % 31 != 0
    {
        return Ok(None);
    }
    let mut dec = flate2::read::ZlibDecoder::new(body).take(cap);
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    let mut scan = DepthScan::default();
    loop {
        match dec.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => {
                n += k as u64;
                // An object stream's objects are parsed like the file's own.
                scan.feed(&buf[..k])?;
            }
            // Damaged data: the parser will meet the same error, on at most what was read.
            Err(_) => break,
        }
    }
    Ok(Some(n))
}

fn depth_of(b: &[u8]) -> Result<(), Refusal> {
    let mut s = DepthScan::default();
    s.feed(b)
}

/// Nesting of `[`/`<<` across chunks, strings and comments skipped.
#[derive(Default)]
struct DepthScan {
    depth: usize,
    /// Inside a literal string: its parenthesis depth.
    string: usize,
    escape: bool,
    comment: bool,
    last: u8,
}

impl DepthScan {
    fn feed(&mut self, b: &[u8]) -> Result<(), Refusal> {
        for &c in b {
            let last = std::mem::replace(&mut self.last, c);
            if self.comment {
                self.comment = !matches!(c, b'\n' | b'\r');
                continue;
            }
            if self.string > 0 {
                if self.escape {
                    self.escape = false;
                } else if c == b'\\' {
                    self.escape = true;
                } else if c == b'(' {
                    self.string += 1;
                } else if c == b')' {
                    self.string -= 1;
                }
                continue;
            }
            match c {
                b'%' => self.comment = true,
                b'(' => self.string = 1,
                b'[' => self.depth += 1,
                b'<' if last == b'<' => {
                    self.depth += 1;
                    // `<<<` is `<<` then `<`: do not count the pair twice.
                    self.last = 0;
                }
                b']' => self.depth = self.depth.saturating_sub(1),
                b'>' if last == b'>' => {
                    self.depth = self.depth.saturating_sub(1);
                    self.last = 0;
                }
                _ => {}
            }
            if self.depth > MAX_DEPTH {
                return Err(Refusal::Nesting(self.depth));
            }
        }
        Ok(())
    }
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = z.write_all(data);
        z.finish().unwrap_or_default()
    }

    #[test]
    fn a_stream_that_inflates_past_the_cap_is_refused() {
        let zeros = vec![0u8; (MAX_STREAM + 1024) as usize];
        let mut pdf = b"%PDF-1.4\n1 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n".to_vec();
        pdf.extend(zlib(&zeros));
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        assert!(matches!(check(&pdf), Err(Refusal::Inflates(_))));
        let mut small = b"%PDF-1.4\n1 0 obj\n<< >>\nstream\n".to_vec();
        small.extend(zlib(b"BT (hello) Tj ET"));
        small.extend_from_slice(b"\nendstream\nendobj\n");
        assert_eq!(check(&small), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused_outside_strings_only() {
        let deep = format!("%PDF-1.4\n1 0 obj\n{}\nendobj", "[".repeat(MAX_DEPTH + 1));
        assert!(matches!(check(deep.as_bytes()), Err(Refusal::Nesting(_))));
        let dict = format!("%PDF-1.4\n{}", "<< /A ".repeat(MAX_DEPTH + 1));
        assert!(matches!(check(dict.as_bytes()), Err(Refusal::Nesting(_))));
        let in_string = format!("%PDF-1.4\n1 0 obj\n({})\nendobj", "[".repeat(1000));
        assert_eq!(check(in_string.as_bytes()), Ok(()));
        let balanced = "[[]] << /A << >> >> ".repeat(1000);
        assert_eq!(check(balanced.as_bytes()), Ok(()));
    }

    #[test]
    fn nesting_inside_a_compressed_object_stream_is_seen() {
        let mut pdf = b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm >>\nstream\n".to_vec();
        pdf.extend(zlib("[".repeat(MAX_DEPTH * 2).as_bytes()));
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        assert!(matches!(check(&pdf), Err(Refusal::Nesting(_))));
    }
}
