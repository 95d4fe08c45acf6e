//! The article as Factdesk sees it, whatever file it came from.
//!
//! Invariants:
//! - `text` is NFC, blocks are separated by exactly one blank line (`\n\n`) and lines inside a
//!   block by one `\n`; the title, when there is one, is the first block.
//! - Block and link ranges are byte ranges into `text`, on char boundaries, in order.
//! - `source_map` (Markdown only) maps runs of `text` back to byte offsets of `source`, so that
//!   export can insert into the user's own file instead of re-serialising it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::ops::Range;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Odt,
    Pdf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    Quote,
    ListItem,
    Code,
    /// An embedded social-media post with its attribution line, kept as one block.
    Post,
    Byline,
    Dateline,
    Timestamp,
    TableRow,
    Footnote,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Heading level (1–6), list depth (1-based); 0 where it means nothing.
    pub level: u8,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: Range<usize>,
    pub href: String,
}

/// Where a block of a paged source (PDF) stands: the page it starts on (1-based) and its box
/// there, in points from the page's top-left corner (x0, y0, x1, y1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PagePlace {
    pub page: u32,
    pub bbox: [f32; 4],
}

/// A run of `text` that is a verbatim copy of `source[src_start..src_start + len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceSpan {
    pub text_start: usize,
    pub src_start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub format: Format,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// RFC 3339 where the date could be read fully, else as written in the article.
    pub published: Option<String>,
    /// The article's own URL, when the file says (HTML canonical/og:url, front matter).
    pub url: Option<String>,
    pub text: String,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    /// The decoded source (Markdown only; empty otherwise) and the map into it.
    pub source: String,
    pub source_map: Vec<SourceSpan>,
    /// SHA-256 (hex) of the file's bytes: identifies a revision.
    pub content_hash: String,
    /// Paged sources (PDF): one place per block, same order as `blocks`. Empty otherwise.
    pub places: Vec<PagePlace>,
    /// What the reader could not take in but imported the rest without (a PDF's scanned
    /// pages). Said to the user; not part of the text.
    pub warnings: Vec<String>,
}

impl Document {
    pub fn block_text(&self, block: &Block) -> &str {
        &self.text[block.range.clone()]
    }

    /// The page block `i` starts on, for paged sources.
    pub fn page_of(&self, i: usize) -> Option<u32> {
        self.places.get(i).map(|p| p.page)
    }

    /// Byte offset in `source` of byte offset `at` in `text`, when `at` lies in a mapped run
    /// (the end of a run counts as inside it).
    pub fn source_offset(&self, at: usize) -> Option<usize> {
        let i = self
            .source_map
            .partition_point(|s| s.text_start + s.len < at);
        let span = self.source_map.get(i)?;
        (span.text_start <= at && at <= span.text_start + span.len)
            .then(|| span.src_start + (at - span.text_start))
    }
}

pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds a [`Document`] block by block so every reader yields the same shape of text.
pub struct DocumentBuilder {
    format: Format,
    text: String,
    blocks: Vec<Block>,
    links: Vec<Link>,
    source_map: Vec<SourceSpan>,
    open: Option<(BlockKind, u8, usize)>,
    pending_space: bool,
    /// Paged sources: where the blocks being written stand, and each block's place.
    place: Option<PagePlace>,
    open_place: Option<PagePlace>,
    places: Vec<PagePlace>,
}

impl DocumentBuilder {
    pub fn new(format: Format) -> Self {
        DocumentBuilder {
            format,
            text: String::new(),
            blocks: Vec::new(),
            links: Vec::new(),
            source_map: Vec::new(),
            open: None,
            pending_space: false,
            place: None,
            open_place: None,
            places: Vec::new(),
        }
    }

    /// Paged sources: the blocks begun from now on stand at `page` (1-based), in `bbox`.
    pub fn set_page(&mut self, page: u32, bbox: [f32; 4]) {
        self.place = Some(PagePlace { page, bbox });
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Reserves room for about `bytes` of text (a reader knows roughly how much is coming;
    /// growing a 10 MB string step by step costs more than parsing it).
    pub fn reserve(&mut self, bytes: usize) {
        // Generous for blocks and runs (a list-heavy 10 MB article has a block every 63 bytes
        // and a run every 30): pages never written are never touched, while growing means
        // copying and faulting in both the old and the new array.
        self.text.reserve(bytes);
        self.blocks.reserve(bytes / 48);
        self.source_map.reserve(bytes / 24);
    }

    /// Starts a block; a block still open is closed first. Empty blocks leave no trace.
    pub fn begin_block(&mut self, kind: BlockKind, level: u8) {
        self.end_block();
        if !self.blocks.is_empty() {
            self.text.push_str("\n\n");
        }
        self.open = Some((kind, level, self.text.len()));
        self.pending_space = false;
        self.open_place = self.place;
    }

    pub fn in_block(&self) -> bool {
        self.open.is_some()
    }

    pub fn end_block(&mut self) {
        let Some((kind, level, start)) = self.open.take() else {
            return;
        };
        // Trailing whitespace is not part of a block.
        let trimmed = self.text[start..].trim_end().len() + start;
        self.text.truncate(trimmed);
        // Only the tail can reach past `trimmed`: touch the tail, not the whole map, so that
        // building stays linear on documents with many blocks.
        while self
            .source_map
            .last()
            .is_some_and(|s| s.text_start >= trimmed)
        {
            self.source_map.pop();
        }
        if let Some(last) = self.source_map.last_mut() {
            last.len = last.len.min(trimmed - last.text_start);
        }
        while self.links.last().is_some_and(|l| l.range.start >= trimmed) {
            self.links.pop();
        }
        for l in self.links.iter_mut().rev() {
            if l.range.end <= trimmed {
                break;
            }
            l.range.end = trimmed;
        }
        if trimmed == start {
            // Nothing was written: drop the separator pushed by begin_block.
            if !self.blocks.is_empty() {
                self.text.truncate(start.saturating_sub(2));
            }
            return;
        }
        self.blocks.push(Block {
            kind,
            level,
            range: start..trimmed,
        });
        if let Some(p) = self.open_place {
            self.places.push(p);
        }
        self.pending_space = false;
    }

    /// Appends inline text, NFC-normalised, with whitespace runs folded to one space.
    pub fn push_text(&mut self, s: &str) {
        self.push_inline(s, None);
    }

    /// Like [`push_text`], and records that the text came verbatim from `source[src_start..]`
    /// when normalisation left it unchanged.
    pub fn push_mapped(&mut self, s: &str, src_start: usize) {
        self.push_inline(s, Some(src_start));
    }

    /// Appends a line break inside the current block.
    pub fn push_line_break(&mut self) {
        if self.open.is_none() {
            return;
        }
        let len = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(len);
        if !self.text.ends_with('\n') && !self.block_is_empty() {
            self.text.push('\n');
        }
        self.pending_space = false;
    }

    /// Appends a soft space (collapsed with neighbouring whitespace).
    pub fn push_space(&mut self) {
        if !self.block_is_empty() && !self.ends_with_break_or_space() {
            self.pending_space = true;
        }
    }

    /// Records a link over the text written from `text_start` to now.
    pub fn add_link(&mut self, text_start: usize, href: &str) {
        let end = self.text.len();
        if end > text_start && !href.is_empty() {
            self.links.push(Link {
                range: text_start..end,
                href: href.to_string(),
            });
        }
    }

    /// `text.ends_with(['\n', ' '])` without decoding the last character.
    fn ends_with_break_or_space(&self) -> bool {
        matches!(self.text.as_bytes().last(), Some(b'\n' | b' '))
    }

    fn block_is_empty(&self) -> bool {
        self.open
            .is_none_or(|(_, _, start)| self.text.len() == start)
    }

    fn push_inline(&mut self, s: &str, src_start: Option<usize>) {
        if s.is_empty() {
            return;
        }
        if self.open.is_none() {
            self.begin_block(BlockKind::Paragraph, 0);
        }
        let core = trim_start(s);
        let leading_ws = core.len() < s.len();
        if core.is_empty() {
            self.push_space();
            return;
        }
        let src_start = src_start.map(|at| at + (s.len() - core.len()));
        // Verbatim copy (mappable) when the text is NFC and has no whitespace to fold.
        let verbatim = ascii_verbatim(core.as_bytes()).unwrap_or_else(|| is_verbatim(core));
        if (self.pending_space || leading_ws)
            && !self.block_is_empty()
            && !self.ends_with_break_or_space()
        {
            self.text.push(' ');
        }
        self.pending_space = false;
        if verbatim {
            let at = self.text.len();
            let body = trim_end(core);
            self.text.push_str(body);
            if let Some(src) = src_start {
                self.map(at, src, body.len());
            }
            if body.len() < core.len() {
                self.pending_space = true;
            }
            return;
        }
        let s = core;
        let normal: String = s.nfc().collect();
        let mut words = normal
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .peekable();
        while let Some(w) = words.next() {
            self.text.push_str(w);
            if words.peek().is_some() {
                self.text.push(' ');
            }
        }
        if normal.ends_with(char::is_whitespace) {
            self.pending_space = true;
        }
    }

    /// Appends what `next` built, as if its calls had been made on this builder after this
    /// one's, which must have no open block. Returns how far `next`'s text positions moved.
    ///
    /// `next` started empty, so it wrote no separator before its first block where this one
    /// would have: it goes in here. Its first mapped run cannot join this one's last (the
    /// separator lies between them), and nothing of this builder but its text length and
    /// whether it has blocks shaped what `next` would have done.
    pub fn append(&mut self, next: DocumentBuilder) -> usize {
        debug_assert!(self.open.is_none(), "append after an open block");
        let DocumentBuilder {
            text,
            blocks,
            links,
            source_map,
            open,
            pending_space,
            places,
            ..
        } = next;
        self.places.extend(places);
        if !self.blocks.is_empty() && (!blocks.is_empty() || open.is_some()) {
            self.text.push_str("\n\n");
        }
        let shift = self.text.len();
        self.text.push_str(&text);
        // Each part of `next` is freed as soon as it is copied: a long document's parts are
        // megabytes, and this builder grows meanwhile.
        drop(text);
        self.blocks.extend(blocks.into_iter().map(|b| Block {
            range: b.range.start + shift..b.range.end + shift,
            ..b
        }));
        self.links.extend(links.into_iter().map(|l| Link {
            range: l.range.start + shift..l.range.end + shift,
            ..l
        }));
        self.source_map
            .extend(source_map.into_iter().map(|s| SourceSpan {
                text_start: s.text_start + shift,
                ..s
            }));
        self.open = open.map(|(kind, level, start)| (kind, level, start + shift));
        self.pending_space = pending_space;
        shift
    }

    fn map(&mut self, text_start: usize, src_start: usize, len: usize) {
        if let Some(last) = self.source_map.last_mut() {
            if last.text_start + last.len == text_start && last.src_start + last.len == src_start {
                last.len += len;
                return;
            }
        }
        self.source_map.push(SourceSpan {
            text_start,
            src_start,
            len,
        });
    }

    pub fn finish(self, meta: Metadata, source: String, bytes: &[u8]) -> Document {
        self.finish_hashed(meta, source, content_hash(bytes))
    }

    /// [`finish`](Self::finish) with the file's [`content_hash`] computed already (a reader may
    /// hash on another thread while it parses).
    pub fn finish_hashed(mut self, meta: Metadata, source: String, hash: String) -> Document {
        self.end_block();
        if self.places.len() != self.blocks.len() {
            self.places.clear();
        }
        Document {
            format: self.format,
            title: meta.title,
            byline: meta.byline,
            published: meta.published,
            url: meta.url,
            text: self.text,
            blocks: self.blocks,
            links: self.links,
            source,
            source_map: self.source_map,
            content_hash: hash,
            places: self.places,
            warnings: Vec::new(),
        }
    }
}

/// The verbatim test of `push_inline` for ASCII text (always NFC): no tab, CR or LF and no
/// double space. `None` when the text is not all ASCII (the full test decides). Eight bytes at
/// a time: this runs over every byte of a document's text.
#[inline]
fn ascii_verbatim(b: &[u8]) -> Option<bool> {
    let mut bad = 0u64;
    // The space flag of the previous word's last byte, moved to where the first byte's goes.
    let mut prev_space = 0u64;
    let mut words = b.chunks_exact(8);
    for c in words.by_ref() {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        let w = u64::from_le_bytes(a);
        if w & HIGH != 0 {
            return None;
        }
        let space = ascii_eq(w, b' ');
        bad |= ascii_eq(w, b'\t')
            | ascii_eq(w, b'\n')
            | ascii_eq(w, b'\r')
            | (space & (space >> 8))
            | (space & prev_space);
        prev_space = space >> 56;
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // The last eight bytes again (overlapping the last word, which is harmless), or the few
        // bytes there are, zero-padded: zero is ASCII and matches nothing. Built without a
        // memcpy, whose byte stores the load could not forward from.
        let w = match b.len().checked_sub(8) {
            Some(from) => {
                let mut a = [0u8; 8];
                a.copy_from_slice(&b[from..]);
                u64::from_le_bytes(a)
            }
            None => rest
                .iter()
                .enumerate()
                .fold(0u64, |w, (i, &c)| w | u64::from(c) << (8 * i)),
        };
        if w & HIGH != 0 {
            return None;
        }
        // Whole: the pair across the last full word is inside this one.
        let space = ascii_eq(w, b' ');
        bad |=
            ascii_eq(w, b'\t') | ascii_eq(w, b'\n') | ascii_eq(w, b'\r') | (space & (space >> 8));
    }
    Some(bad == 0)
}

/// The verbatim test of `push_inline` for any text: NFC by the quick check, no tab, CR, LF or
/// no-break space, no double space. Split into stretches of ASCII and of other characters, as
/// most of the text of an article with a few curly quotes or accents is ASCII: the ASCII ones
/// get the word-at-a-time test, and only the others are decoded. Exact, as the quick check
/// starts afresh at every ASCII character and a double space cannot straddle a non-ASCII one.
fn is_verbatim(s: &str) -> bool {
    let b = s.as_bytes();
    let mut at = 0;
    while at < b.len() {
        let other = b[at..]
            .iter()
            .position(|&c| !c.is_ascii())
            .map_or(b.len(), |n| at + n);
        if ascii_verbatim(&b[at..other]) == Some(false) {
            return false;
        }
        let next = b[other..]
            .iter()
            .position(u8::is_ascii)
            .map_or(b.len(), |n| other + n);
        // Both ends are char boundaries: a non-ASCII byte after an ASCII one (or at the start)
        // leads a character, and an ASCII byte is one.
        let Some(run) = s.get(other..next) else {
            return false;
        };
        if run.contains('\u{a0}') || !matches!(is_nfc_quick(run.chars()), IsNormalized::Yes) {
            return false;
        }
        at = next;
    }
    true
}

/// `str::trim_start`, without decoding a character when the first byte is ASCII.
fn trim_start(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(&b) if b.is_ascii() && !(b == b' ' || (b'\t'..=b'\r').contains(&b)) => s,
        _ => s.trim_start(),
    }
}

/// `str::trim_end`, without decoding a character when the last byte is ASCII.
fn trim_end(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(&b) if b.is_ascii() && !(b == b' ' || (b'\t'..=b'\r').contains(&b)) => s,
        _ => s.trim_end(),
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// The high bit set in each byte of `w` that equals `c`; every byte of `w` must be ASCII
/// (then no byte's sum carries into the next).
#[inline(always)]
fn ascii_eq(w: u64, c: u8) -> u64 {
    let x = w ^ (0x0101_0101_0101_0101 * u64::from(c));
    !(x + LOW7) & HIGH
}

/// What a reader learned about the article besides its text.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_separated_by_one_blank_line_and_empty_blocks_vanish() {
        let mut b = DocumentBuilder::new(Format::Text);
        b.begin_block(BlockKind::Title, 0);
        b.push_text("Headline  here ");
        b.begin_block(BlockKind::Paragraph, 0);
        b.begin_block(BlockKind::Paragraph, 0);
        b.push_text("First\tline.");
        b.push_line_break();
        b.push_text("Second line.");
        let doc = b.finish(Metadata::default(), String::new(), b"x");
        assert_eq!(doc.text, "Headline here\n\nFirst line.\nSecond line.");
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.block_text(&doc.blocks[1]), "First line.\nSecond line.");
    }

    #[test]
    fn text_is_nfc() {
        let mut b = DocumentBuilder::new(Format::Text);
        b.push_text("cafe\u{301}");
        let doc = b.finish(Metadata::default(), String::new(), b"x");
        assert_eq!(doc.text, "caf\u{e9}");
    }

    /// The verbatim test as a plain byte loop.
    fn plain_verbatim(b: &[u8]) -> Option<bool> {
        let mut ok = true;
        let mut prev_space = false;
        for &c in b {
            if c >= 0x80 {
                return None;
            }
            let space = c == b' ';
            ok &= !(matches!(c, b'\t' | b'\r' | b'\n') || space && prev_space);
            prev_space = space;
        }
        Some(ok)
    }

    /// The word-at-a-time verbatim test answers as the plain byte loop it replaces, also where a
    /// double space or a non-ASCII byte straddles its 32-byte chunks.
    #[test]
    fn ascii_verbatim_matches_the_byte_loop() {
        let plain = plain_verbatim;
        let base = "The ministry said on Tuesday that troops had crossed the border today.";
        let mut cases = vec![String::new(), " ".into(), "  ".into(), base.into()];
        for at in [0, 1, 30, 31, 32, 33, 63, 64, 65, base.len() - 1] {
            for ins in [" ", "\t", "\n", "\r", "\u{e9}", "\u{c}"] {
                let mut s = base.to_string();
                s.insert_str(at, ins);
                cases.push(s);
            }
        }
        let mut checked = 0;
        for c in &cases {
            assert_eq!(ascii_verbatim(c.as_bytes()), plain(c.as_bytes()), "{c:?}");
            checked += usize::from(plain(c.as_bytes()) == Some(false));
        }
        assert!(checked > 20, "the cases must include rejected ones");
    }

    proptest::proptest! {
        #[test]
        fn ascii_verbatim_matches_the_byte_loop_on_any_text(s in "[a .\t\n\r\u{c}\u{e9}]{0,80}") {
            proptest::prop_assert_eq!(ascii_verbatim(s.as_bytes()), plain_verbatim(s.as_bytes()), "{:?}", s);
        }
    }

    /// The verbatim test as first written: three passes over the characters.
    fn plain_is_verbatim(s: &str) -> bool {
        matches!(is_nfc_quick(s.chars()), IsNormalized::Yes)
            && !s.contains(['\t', '\r', '\n', '\u{a0}'])
            && !s.contains("  ")
    }

    #[test]
    fn verbatim_test_by_stretches_answers_as_the_plain_one() {
        for (s, want) in [
            ("“Quoted,” she said.", true),
            ("caf\u{e9} au lait", true),
            ("cafe\u{301}", false),
            ("a\u{a0}b", false),
            ("\u{e9}  x", false),
            ("x \u{e9} x", true),
            ("\u{e9}\t", false),
            ("a\u{1100}\u{1161}", false),
        ] {
            assert_eq!(is_verbatim(s), want, "{s:?}");
            assert_eq!(plain_is_verbatim(s), want, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn verbatim_test_by_stretches_on_any_text(
            s in "[a .\t\n\r\u{a0}\u{e9}\u{301}\u{327}\u{1100}\u{1161}\u{ac00}“”\u{212b}\u{f900}]{0,40}"
        ) {
            proptest::prop_assert_eq!(is_verbatim(&s), plain_is_verbatim(&s), "{:?}", s);
        }
    }

    #[test]
    fn verbatim_runs_map_back_to_source() {
        let src = "# Title\n\nSome *bold* text.";
        let mut b = DocumentBuilder::new(Format::Markdown);
        b.begin_block(BlockKind::Heading, 1);
        b.push_mapped("Title", 2);
        b.begin_block(BlockKind::Paragraph, 0);
        b.push_mapped("Some ", 9);
        b.push_mapped("bold", 15);
        b.push_mapped(" text.", 20);
        let doc = b.finish(Metadata::default(), src.to_string(), src.as_bytes());
        assert_eq!(doc.text, "Title\n\nSome bold text.");
        let at = doc.text.find("bold").unwrap_or(0);
        assert_eq!(doc.source_offset(at), Some(15));
        assert_eq!(doc.source_offset(doc.text.len()), Some(src.len()));
        assert_eq!(&src[doc.source_offset(at + 4).unwrap_or(0)..][..1], "*");
    }
}
