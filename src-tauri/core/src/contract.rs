//! The `factdesk analyze --json` contract (DESIGN.md, "The analyze contract"): positions in
//! code points, every sentence with its score, the proposed claims with kinds and reasons.
//!
//! The report borrows the document and the analysis and serialises straight from them: no
//! per-sentence copies, and byte offsets become code points with one running cursor (offsets
//! come in order), so a 10 MB article streams out in one pass.

use crate::analysis::{Analysis, ClaimCandidate, Sentence, PARALLEL_MIN_BYTES};
use crate::document::Document;
use crate::model::{ClaimKind, FactSpan};
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};
use std::cell::Cell;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug)]
pub struct AnalyzeReport<'a> {
    pub path: String,
    pub format: &'static str,
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub published: Option<&'a str>,
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub claims: &'a [ClaimCandidate],
    /// Adds each claim's fact spans (left out of `analyze --json` to keep it lean; the window
    /// and the library want them).
    pub with_facts: bool,
}

pub fn report<'a>(path: &str, doc: &'a Document, analysis: &'a Analysis) -> AnalyzeReport<'a> {
    report_with(path, doc, analysis, false)
}

/// Like [`report`]; `with_facts` adds each claim's fact spans.
pub fn report_with<'a>(
    path: &str,
    doc: &'a Document,
    analysis: &'a Analysis,
    with_facts: bool,
) -> AnalyzeReport<'a> {
    AnalyzeReport {
        path: path.to_string(),
        format: doc.format.as_str(),
        title: doc.title.as_deref(),
        byline: doc.byline.as_deref(),
        published: doc.published.as_deref(),
        text: &doc.text,
        sentences: &analysis.sentences,
        claims: &analysis.claims,
        with_facts,
    }
}

/// A score as the contract shows it: three decimals.
pub fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// Byte offset → code-point offset, moving from the last answer; cheap when offsets come in
/// order, correct in any order.
struct CharCursor<'t> {
    text: &'t [u8],
    byte: Cell<usize>,
    ch: Cell<usize>,
}

impl<'t> CharCursor<'t> {
    fn new(text: &'t str) -> Self {
        CharCursor {
            text: text.as_bytes(),
            byte: Cell::new(0),
            ch: Cell::new(0),
        }
    }

    fn to_char(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let (b0, c0) = (self.byte.get(), self.ch.get());
        let ch = if byte >= b0 {
            c0 + count_chars(&self.text[b0..byte])
        } else {
            c0 - count_chars(&self.text[byte..b0])
        };
        self.byte.set(byte);
        self.ch.set(ch);
        ch
    }
}

/// Code points in UTF-8 bytes: every byte that is not a continuation byte (10xxxxxx) starts
/// one. Eight bytes at a time: all ASCII is eight; otherwise count the continuation bytes.
fn count_chars(b: &[u8]) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut words = b.chunks_exact(8);
    let mut n = 0;
    for w8 in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(w8);
        let w = u64::from_le_bytes(w);
        n += 8;
        if w & HI != 0 {
            // Bit 7 set and bit 6 clear.
            n -= (w & !(w << 1) & HI).count_ones() as usize;
        }
    }
    n + words
        .remainder()
        .iter()
        .filter(|&&c| (c as i8) >= -0x40)
        .count()
}

impl Serialize for AnalyzeReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("AnalyzeReport", 8)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("format", self.format)?;
        st.serialize_field("title", &self.title)?;
        st.serialize_field("byline", &self.byline)?;
        st.serialize_field("published", &self.published)?;
        st.serialize_field("text", self.text)?;
        st.serialize_field("sentences", &SentencesOut(self))?;
        st.serialize_field("claims", &ClaimsOut(self))?;
        st.end()
    }
}

struct SentencesOut<'r, 'a>(&'r AnalyzeReport<'a>);

impl Serialize for SentencesOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cur = CharCursor::new(self.0.text);
        let mut seq = s.serialize_seq(Some(self.0.sentences.len()))?;
        for x in self.0.sentences {
            seq.serialize_element(&SentenceOut {
                start: cur.to_char(x.range.start),
                end: cur.to_char(x.range.end),
                score: round3(x.score),
            })?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct SentenceOut {
    start: usize,
    end: usize,
    score: f32,
}

struct ClaimsOut<'r, 'a>(&'r AnalyzeReport<'a>);

impl Serialize for ClaimsOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let cur = CharCursor::new(r.text);
        let mut seq = s.serialize_seq(Some(r.claims.len()))?;
        for c in r.claims {
            seq.serialize_element(&ClaimOut {
                cur: &cur,
                text: r.text,
                claim: c,
                with_facts: r.with_facts,
            })?;
        }
        seq.end()
    }
}

struct ClaimOut<'r, 't> {
    cur: &'r CharCursor<'t>,
    text: &'t str,
    claim: &'r ClaimCandidate,
    with_facts: bool,
}

impl Serialize for ClaimOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.claim;
        let facts = self.with_facts && !c.facts.is_empty();
        let mut st = s.serialize_struct("ClaimOut", if facts { 7 } else { 6 })?;
        st.serialize_field("start", &self.cur.to_char(c.range.start))?;
        st.serialize_field("end", &self.cur.to_char(c.range.end))?;
        st.serialize_field("text", &self.text[c.range.clone()])?;
        st.serialize_field("score", &round3(c.score))?;
        st.serialize_field("kinds", &c.kinds)?;
        st.serialize_field("reasons", &c.reasons)?;
        if facts {
            st.serialize_field(
                "facts",
                &FactsOut {
                    cur: self.cur,
                    claim: c,
                },
            )?;
        } else {
            st.skip_field("facts")?;
        }
        st.end()
    }
}

struct FactsOut<'r, 't> {
    cur: &'r CharCursor<'t>,
    claim: &'r ClaimCandidate,
}

impl Serialize for FactsOut<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.claim.facts.len()))?;
        for (r, kind) in &self.claim.facts {
            seq.serialize_element(&FactSpan {
                start: self.cur.to_char(r.start) as u32,
                end: self.cur.to_char(r.end) as u32,
                kind: *kind,
            })?;
        }
        seq.end()
    }
}

/// Writes `report` as compact JSON, byte for byte what `serde_json::to_writer` writes for it,
/// with a string escaper that skips eight plain bytes at a time (the text and the claims are
/// most of a 10 MB article's output, and few of their bytes need escaping).
pub fn write_json(r: &AnalyzeReport<'_>, out: &mut Vec<u8>) -> serde_json::Result<()> {
    out.reserve(estimate(r));
    let cur = CharCursor::new(r.text);
    for piece in pieces(r) {
        write_piece(r, &piece, &cur, out)?;
    }
    Ok(())
}

/// About how much JSON [`write_json_to`] hands to its writer at a time.
const CHUNK: usize = 1 << 20;
/// About how much JSON one piece holds: small enough that the two threads take turns often.
const PIECE: usize = CHUNK / 4;

/// [`write_json`], streamed to `w` through reused buffers (about a megabyte a write on one
/// thread, a piece a write on two): `analyze --json` never holds the whole JSON (five times
/// the article) in memory, and the memory it writes through is touched once, not
/// page-faulted in afresh for every megabyte.
///
/// A large report is written on two threads taking turns: the second writes every other piece
/// into one of two buffers that go back and forth, and this one hands them to `w` in order
/// between its own. Neither waits long for the other (neighbouring pieces cost about the
/// same), and the memory held stays a few megabytes however long the article. `threads` as in
/// [`AnalyzeOptions`](crate::analysis::AnalyzeOptions): `None` uses two for a report over
/// [`PARALLEL_MIN_BYTES`] of text on a machine with two cores or more.
pub fn write_json_to(
    r: &AnalyzeReport<'_>,
    w: &mut impl std::io::Write,
    threads: Option<usize>,
) -> std::io::Result<()> {
    let two = match threads {
        Some(t) => t > 1,
        None => {
            r.text.len() > PARALLEL_MIN_BYTES
                && std::thread::available_parallelism().is_ok_and(|c| c.get() > 1)
        }
    };
    let pieces = pieces(r);
    let cur = CharCursor::new(r.text);
    let mut buf = Vec::with_capacity(CHUNK + CHUNK / 4);
    if !two || pieces.len() < 2 {
        for piece in &pieces {
            write_piece(r, piece, &cur, &mut buf)?;
            if buf.len() >= CHUNK {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
        return w.write_all(&buf);
    }
    std::thread::scope(|scope| {
        // Empty buffers go to the second thread, its written pieces come back. Whichever side
        // stops early drops its ends of the channels, and the other side stops too.
        let (give, empty) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
        let (send, written) = std::sync::mpsc::sync_channel::<std::io::Result<Vec<u8>>>(2);
        let theirs = &pieces[1..];
        scope.spawn(move || {
            let cur = CharCursor::new(r.text);
            for piece in theirs.iter().step_by(2) {
                let Ok(mut b) = empty.recv() else { return };
                b.clear();
                let done = write_piece(r, piece, &cur, &mut b).map(|()| b);
                if send.send(done.map_err(std::io::Error::other)).is_err() {
                    return;
                }
            }
        });
        for _ in 0..2 {
            let _ = give.send(Vec::with_capacity(CHUNK + CHUNK / 4));
        }
        for (i, piece) in pieces.iter().enumerate() {
            if i % 2 == 0 {
                write_piece(r, piece, &cur, &mut buf)?;
                continue;
            }
            w.write_all(&buf)?;
            buf.clear();
            let b = written
                .recv()
                .map_err(|_| std::io::Error::other("the JSON writer's second thread stopped"))??;
            w.write_all(&b)?;
            // The second thread may be done and gone: the buffer is not needed then.
            let _ = give.send(b);
        }
        w.write_all(&buf)
    })
}

/// A part of the JSON that can be written on its own: the JSON is the pieces in order.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// `{"path":…` up to the text's opening quote.
    Head,
    /// Bytes of the text, escaped (escaping goes byte by byte, so the text may be cut
    /// anywhere, even inside a character).
    Text(Range<usize>),
    Raw(&'static [u8]),
    /// Sentences by index, each after a comma but the very first.
    Sentences(Range<usize>),
    /// Claims by index, likewise.
    Claims(Range<usize>),
}

/// The pieces of `r`'s JSON, each about [`PIECE`] bytes of output.
fn pieces(r: &AnalyzeReport<'_>) -> Vec<Piece> {
    let mut out = vec![Piece::Head];
    let text = r.text.len();
    out.extend(
        (0..text)
            .step_by(PIECE)
            .map(|at| Piece::Text(at..text.min(at + PIECE))),
    );
    out.push(Piece::Raw(b"\",\"sentences\":["));
    let per = PIECE / SENTENCE_BYTES;
    let n = r.sentences.len();
    out.extend(
        (0..n)
            .step_by(per)
            .map(|at| Piece::Sentences(at..n.min(at + per))),
    );
    out.push(Piece::Raw(b"],\"claims\":["));
    let (mut at, mut size) = (0, 0);
    for (i, c) in r.claims.iter().enumerate() {
        size += claim_cost(c);
        if size >= PIECE {
            out.push(Piece::Claims(at..i + 1));
            (at, size) = (i + 1, 0);
        }
    }
    if at < r.claims.len() {
        out.push(Piece::Claims(at..r.claims.len()));
    }
    out.push(Piece::Raw(b"]}"));
    out
}

fn write_piece(
    r: &AnalyzeReport<'_>,
    piece: &Piece,
    cur: &CharCursor<'_>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    match piece {
        Piece::Head => write_head(r, out),
        Piece::Text(bytes) => escape_into(&r.text.as_bytes()[bytes.clone()], out),
        Piece::Raw(b) => out.extend_from_slice(b),
        Piece::Sentences(which) => return write_sentences(r, which.clone(), cur, out),
        Piece::Claims(which) => return write_claims(r, which.clone(), cur, out),
    }
    Ok(())
}

/// About the JSON of one sentence: `{"start":…,"end":…,"score":…},`.
const SENTENCE_BYTES: usize = 45;

/// About the JSON of one claim: its text, the JSON around it.
fn claim_cost(c: &ClaimCandidate) -> usize {
    c.range.len() * 11 / 10 + 220
}

/// About the size of the JSON (a reserve, not a bound).
fn estimate(r: &AnalyzeReport<'_>) -> usize {
    r.text.len() * 2
        + r.sentences.len() * SENTENCE_BYTES
        + r.claims.iter().map(claim_cost).sum::<usize>()
        + 256
}

/// `{"path":…` up to the text's opening quote.
fn write_head(r: &AnalyzeReport<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"path\":");
    escape_str(&r.path, out);
    out.extend_from_slice(b",\"format\":");
    escape_str(r.format, out);
    for (key, v) in [
        (&b",\"title\":"[..], r.title),
        (b",\"byline\":", r.byline),
        (b",\"published\":", r.published),
    ] {
        out.extend_from_slice(key);
        match v {
            Some(v) => escape_str(v, out),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.extend_from_slice(b",\"text\":\"");
}

/// The sentences `which`, each after a comma but the first of all.
fn write_sentences(
    r: &AnalyzeReport<'_>,
    which: Range<usize>,
    cur: &CharCursor<'_>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    for (i, x) in r.sentences[which.clone()].iter().enumerate() {
        if which.start + i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"start\":");
        push_usize(cur.to_char(x.range.start), out);
        out.extend_from_slice(b",\"end\":");
        push_usize(cur.to_char(x.range.end), out);
        out.extend_from_slice(b",\"score\":");
        push_score(x.score, out)?;
        out.push(b'}');
    }
    Ok(())
}

/// The claims `which`, each after a comma but the first of all.
fn write_claims(
    r: &AnalyzeReport<'_>,
    which: Range<usize>,
    cur: &CharCursor<'_>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    for (i, c) in r.claims[which.clone()].iter().enumerate() {
        if which.start + i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"start\":");
        push_usize(cur.to_char(c.range.start), out);
        out.extend_from_slice(b",\"end\":");
        push_usize(cur.to_char(c.range.end), out);
        out.extend_from_slice(b",\"text\":");
        escape_str(&r.text[c.range.clone()], out);
        out.extend_from_slice(b",\"score\":");
        push_score(c.score, out)?;
        out.extend_from_slice(b",\"kinds\":[");
        for (k, kind) in c.kinds.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(KIND_JSON[kind as usize].as_bytes());
        }
        out.push(b']');
        out.extend_from_slice(b",\"reasons\":[");
        for (k, reason) in c.reasons.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            escape_str(reason, out);
        }
        out.push(b']');
        if r.with_facts && !c.facts.is_empty() {
            out.extend_from_slice(b",\"facts\":");
            serde_json::to_writer(&mut *out, &FactsOut { cur, claim: c })?;
        }
        out.push(b'}');
    }
    Ok(())
}

/// Every contract score is a multiple of 0.001 in [0, 1] (see [`round3`]): their JSON, as
/// serde_json writes each, made once.
static SCORE_JSON: LazyLock<Vec<String>> = LazyLock::new(|| {
    (0..=1000u16)
        .map(|k| serde_json::to_string(&(f32::from(k) / 1000.0)).unwrap_or_default())
        .collect()
});

/// A claim kind's JSON, as serde_json writes it, by its place in the enum.
static KIND_JSON: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v = vec![String::new(); ClaimKind::ALL.len()];
    for k in ClaimKind::ALL {
        v[k as usize] = serde_json::to_string(&k).unwrap_or_default();
    }
    v
});

/// `round3(score)` as JSON, from the table when it is in it.
fn push_score(score: f32, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let r = (score * 1000.0).round();
    if (0.0..=1000.0).contains(&r) && r.is_sign_positive() {
        out.extend_from_slice(SCORE_JSON[r as usize].as_bytes());
        Ok(())
    } else {
        serde_json::to_writer(&mut *out, &round3(score))
    }
}

fn push_usize(mut n: usize, out: &mut Vec<u8>) {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while n >= 100 {
        let d = (n % 100) * 2;
        n /= 100;
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if n >= 10 {
        i -= 2;
        buf[i..i + 2].copy_from_slice(&PAIRS[n * 2..n * 2 + 2]);
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    out.extend_from_slice(&buf[i..]);
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, control bytes as \b \t \n
/// \f \r or \u00xx, everything else (all of Unicode) as is.
fn escape_str(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    escape_into(s.as_bytes(), out);
    out.push(b'"');
}

/// The inside of [`escape_str`]: each byte on its own, so any cut of a string escapes to the
/// same cut of its escape.
fn escape_into(b: &[u8], out: &mut Vec<u8>) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // A byte of `w` is zero → its high bit in the result (exact for the lowest such byte,
    // enough to say "some byte needs a look").
    let has_zero = |w: u64| w.wrapping_sub(LO) & !w & HI;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if i + 8 <= b.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i..i + 8]);
            let w = u64::from_le_bytes(w);
            // Bytes < 0x20 (ASCII only: bytes >= 0x80 have their high bit set in `w`), '"', '\\'.
            let control = w.wrapping_sub(LO * 0x20) & !w & HI;
            let special =
                control | has_zero(w ^ (LO * b'"' as u64)) | has_zero(w ^ (LO * b'\\' as u64));
            if special == 0 {
                i += 8;
                continue;
            }
            // The lowest flagged byte is a true one: go straight to it.
            i += special.trailing_zeros() as usize / 8;
        }
        let c = b[i];
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&b[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(c >> 4) as usize]);
            out.push(HEX[(c & 0xf) as usize]);
        } else {
            out.extend_from_slice(esc);
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&b[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, AnalyzeOptions};
    use crate::import::{import_bytes, ImportOptions};

    #[test]
    fn hand_written_json_is_what_serde_json_writes() {
        let md = "# Kim\u{2019}s \"talks\" \\ in Hanoi\n\nThe U.S. said on Jan. 5 that 28,000 troops \
                  crossed \u{1}\u{7}\u{b}\u{1f}\u{7f} the border, \u{201c}the first time in history\u{201d}, \
                  officials told reporters.\tPrices rose 4.5% \u{1f923} in 2019.\n\n\
                  > \"We are proud of it,\" Sen. John Cornyn said.\n";
        let doc = import_bytes(
            std::path::Path::new("a \"b\"\\c.md"),
            md.as_bytes(),
            &ImportOptions::default(),
        )
        .unwrap();
        let a = analyze(&doc, &AnalyzeOptions::default());
        assert!(!a.claims.is_empty());
        for with_facts in [false, true] {
            let r = report_with("a \"b\"\\c\u{1}.md", &doc, &a, with_facts);
            let mut ours = Vec::new();
            write_json(&r, &mut ours).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&r).unwrap()
            );
        }
        for s in [
            "",
            "\"",
            "abcdefgh\\",
            "\u{0}\u{1f} \u{e9}\u{7f}\n\r\t\u{8}\u{c}x",
            "0123456789abcdef\"0123456",
            "caf\u{e9} \u{1f923}\"\u{201c}x\u{201d}\\\n",
        ] {
            let mut ours = Vec::new();
            escape_str(s, &mut ours);
            assert_eq!(ours, serde_json::to_vec(s).unwrap());
            // Cut anywhere, even inside a character, the pieces escape to the whole.
            for cut in 0..=s.len() {
                let mut pieces = vec![b'"'];
                escape_into(&s.as_bytes()[..cut], &mut pieces);
                escape_into(&s.as_bytes()[cut..], &mut pieces);
                pieces.push(b'"');
                assert_eq!(pieces, ours, "{s:?} cut at {cut}");
            }
        }
    }

    /// Keeps each write apart.
    struct Writes<'a>(&'a mut Vec<Vec<u8>>);

    impl std::io::Write for Writes<'_> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.push(b.to_vec());
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn json_streamed_in_chunks_on_two_threads_is_the_json_written_in_one() {
        let mut md = String::from("# Shuttles \"find\" homes\n\n");
        let mut i = 0;
        while md.len() < 2 * PARALLEL_MIN_BYTES {
            i += 1;
            md.push_str(&format!(
                "Officials in Hanoi said on Jan. {d} that {i},000 troops crossed \u{201c}the \
                 border\u{201d}, the first time in history. \"We are proud,\" Kim said.\t\
                 Perhaps it will fade\u{2026} Prices rose {i}% in 2019.\n\n",
                d = i % 28 + 1
            ));
        }
        let doc = import_bytes(
            std::path::Path::new("big.md"),
            md.as_bytes(),
            &ImportOptions::default(),
        )
        .unwrap();
        let a = analyze(&doc, &AnalyzeOptions::default());
        for with_facts in [false, true] {
            let r = report_with("big.md", &doc, &a, with_facts);
            let mut whole = Vec::new();
            write_json(&r, &mut whole).unwrap();
            assert_eq!(whole, serde_json::to_vec(&r).unwrap());
            for threads in [Some(2), Some(1), None] {
                let mut writes = Vec::new();
                write_json_to(&r, &mut Writes(&mut writes), threads).unwrap();
                assert_eq!(writes.concat(), whole, "{threads:?}");
                // Streamed in pieces, none much larger than a CHUNK: the whole JSON is never
                // held, on one thread or two.
                assert!(
                    whole.len() > 2 * CHUNK && writes.len() >= 3,
                    "{}",
                    writes.len()
                );
                let largest = writes.iter().map(Vec::len).max().unwrap_or(0);
                assert!(
                    largest <= CHUNK + PIECE + PIECE / 2,
                    "{threads:?}: {largest}"
                );
            }
        }
    }

    #[test]
    fn scores_numbers_and_kinds_are_written_as_serde_json_writes_them() {
        for k in 0..=1000u16 {
            for x in [f32::from(k) / 1000.0, f32::from(k) / 1000.0 + 0.0004] {
                let mut ours = Vec::new();
                push_score(x, &mut ours).unwrap();
                assert_eq!(ours, serde_json::to_vec(&round3(x)).unwrap(), "{x}");
            }
        }
        for x in [-0.0f32, -0.3, 1.7, f32::NAN] {
            let mut ours = Vec::new();
            push_score(x, &mut ours).unwrap();
            assert_eq!(ours, serde_json::to_vec(&round3(x)).unwrap(), "{x}");
        }
        for n in [0, 7, 10, 99, 100, 101, 999, 1000, 123_456_789, usize::MAX] {
            let mut ours = Vec::new();
            push_usize(n, &mut ours);
            assert_eq!(ours, n.to_string().into_bytes());
        }
        for k in ClaimKind::ALL {
            assert_eq!(KIND_JSON[k as usize], serde_json::to_string(&k).unwrap());
        }
    }

    #[test]
    fn cursor_counts_code_points_in_any_order() {
        let text = "Kim’s 🤣 talks — café ".repeat(20);
        let cur = CharCursor::new(&text);
        let all: Vec<(usize, usize)> = text
            .char_indices()
            .enumerate()
            .map(|(ci, (b, _))| (b, ci))
            .collect();
        for &(b, ci) in all.iter().chain(all.iter().rev()).step_by(7) {
            assert_eq!(cur.to_char(b), ci);
        }
        assert_eq!(cur.to_char(text.len()), text.chars().count());
        for s in ["", "abc", "abcdefgh", "é", "aé€🤣bcdefghij€", "€€€€€€€€€€"]
        {
            assert_eq!(count_chars(s.as_bytes()), s.chars().count(), "{s}");
        }
    }
}
