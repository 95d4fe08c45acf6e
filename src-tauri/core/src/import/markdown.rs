//! Markdown (CommonMark + GFM tables, footnotes, task lists, strikethrough) with pulldown-cmark.
//! Every run of text copied verbatim from the source is mapped back to its source bytes, so
//! export can insert into the user's own file. Raw HTML is shown as text, never interpreted.

use super::dates;
use super::lines::{is_post_attribution, retag_meta_blocks};
use super::md_split;
use crate::document::{content_hash, BlockKind, Document, DocumentBuilder, Format, Metadata};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Mutex;

/// Below this much source a Markdown file is parsed on one thread: starting threads would cost
/// more than it saves on an ordinary article.
pub const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Takes the decoded source by value: it becomes `Document::source` without a second copy.
/// `threads`: see [`super::ImportOptions::threads`].
pub fn read(source: String, bytes: &[u8], threads: Option<usize>) -> Document {
    let threads = match threads {
        Some(n) => n,
        None if source.len() > PARALLEL_MIN_BYTES => {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
        None => 1,
    };
    read_pieces(source, bytes, md_split::PIECE, threads)
}

/// How many runs per thread a long file is cut into: threads take runs as they go, so one
/// slowed down by a busy core does less of the work instead of holding the others up.
const RUNS_PER_THREAD: usize = 8;

/// Parses the pieces of at least `min_piece` bytes (see md_split) on up to `threads` threads
/// and joins the results in order.
///
/// The pieces are grouped into contiguous runs. This thread reads runs from the front, in
/// order, into the document itself; the other threads take runs from the back, each into a
/// part of its own, until the two ends meet. The parts are then appended in order.
///
/// A part is read by a reader that assumes it starts where the reader of the whole is at rest:
/// past the first block, nothing open, nothing pending (see [`Reader::at_rest`]). md_split
/// cuts only where every block is closed, so this is the rule; where it does not hold (e.g. a
/// first run with no block yet) the join checks it and reads that run again on this thread,
/// carrying on from its true state, so the document is always the one a single pass gives.
fn read_pieces(source: String, bytes: &[u8], min_piece: usize, threads: usize) -> Document {
    let src = source.as_str();
    let (r, hash) = std::thread::scope(|outer| {
        // The file's hash needs nothing from the parse: another core computes it while this
        // one finds the pieces (which must come first).
        let hash = (threads > 1)
            .then(|| spawn(outer, || content_hash(bytes)))
            .flatten();
        let pieces = md_split::pieces(src, min_piece);
        let runs = runs(&pieces, threads.saturating_mul(RUNS_PER_THREAD));
        let run = |i: usize| &pieces[runs[i].clone()];
        // Runs not taken yet; run 0 is this thread's.
        let left = Mutex::new(1..runs.len());
        let take = |from_back: bool| {
            // A panicking thread leaves the range consistent: carry on with it.
            let mut left = left.lock().unwrap_or_else(|e| e.into_inner());
            if from_back {
                left.next_back()
            } else {
                left.next()
            }
        };
        let r = std::thread::scope(|scope| {
            // No more threads than runs to give them.
            let handles: Vec<_> = (1..threads.min(runs.len()))
                .map(|_| {
                    spawn(scope, || {
                        let mut parts = Vec::new();
                        while let Some(i) = take(true) {
                            let mut part = Reader::new(src, true);
                            part.b.reserve(run(i).iter().map(|p| p.len()).sum());
                            part.parse(run(i));
                            parts.push((i, part));
                        }
                        parts
                    })
                })
                .collect();
            let mut r = Reader::new(src, false);
            r.b.reserve(src.len());
            r.parse(run(0));
            let mut next = 1;
            while let Some(i) = take(false) {
                r.parse(run(i));
                next = i + 1;
            }
            let parts = handles.into_iter().flatten().flat_map(join).collect();
            join_runs(&mut r, next..runs.len(), parts, run);
            r
        });
        (r, hash.map(join))
    });
    let hash = hash.unwrap_or_else(|| content_hash(bytes));
    finish((r.b, r.meta), source, hash)
}

/// Appends to `r` the runs `todo` (those after the ones it has read) from `parts`, the runs
/// read apart, in any order and maybe not all of them. A run whose part is missing, or cannot
/// be joined because `r` is not at rest where it starts, is read here from `r`'s own state.
/// Returns how many parts were joined.
fn join_runs<'s, 'p>(
    r: &mut Reader<'s>,
    todo: Range<usize>,
    mut parts: Vec<(usize, Reader<'s>)>,
    run: impl Fn(usize) -> &'p [Range<usize>],
) -> usize {
    parts.sort_unstable_by_key(|(i, _)| *i);
    let mut parts = parts.into_iter().peekable();
    let mut joined = 0;
    for i in todo {
        match parts.next_if(|(j, _)| *j == i) {
            Some((_, part)) if r.at_rest() => {
                r.absorb(part);
                joined += 1;
            }
            _ => r.parse(run(i)),
        }
    }
    joined
}

/// The document from what a reader built and learned (which no longer borrows `source`).
fn finish((b, meta): (DocumentBuilder, Metadata), source: String, hash: String) -> Document {
    let mut doc = b.finish_hashed(meta, source, hash);
    mark_posts(&mut doc);
    retag_meta_blocks(&mut doc);
    doc
}

/// Runs `f` on a new scoped thread; `None` if the system has no thread to give (the caller
/// then does the work itself).
fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> Option<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new().spawn_scoped(scope, f).ok()
}

/// The result of a scoped thread; its panic, if any, goes on here.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Splits `pieces` (contiguous byte ranges) into at most `n` contiguous runs of about equal
/// length, as ranges of piece indices; always at least one, never an empty one but for no pieces.
fn runs(pieces: &[Range<usize>], n: usize) -> Vec<Range<usize>> {
    let n = n.clamp(1, pieces.len().max(1));
    let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
        return std::iter::once(0..0).collect();
    };
    let total = last.end - first.start;
    let mut out = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n {
        let cut = first.start + total * k / n;
        let end = start + pieces[start..].partition_point(|p| p.end <= cut);
        if end > start && end < pieces.len() {
            out.push(start..end);
            start = end;
        }
    }
    out.push(start..pieces.len());
    out
}

/// The Markdown dialect read: CommonMark, GFM tables, footnotes, task lists and strikethrough,
/// YAML front matter.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// A change to the metadata, in document order: a run read on another thread logs them, to
/// be replayed in order when the runs are joined (a later front matter overrides an earlier
/// one; an H1 names the article only if nothing did before it).
enum MetaOp {
    FrontMatter(String),
    H1(String),
}

impl MetaOp {
    fn apply(self, meta: &mut Metadata) {
        match self {
            MetaOp::FrontMatter(fm) => apply_front_matter(&fm, meta),
            MetaOp::H1(t) => {
                if meta.title.is_none() {
                    meta.title = Some(t);
                }
            }
        }
    }
}

struct Reader<'s> {
    src: &'s str,
    b: DocumentBuilder,
    meta: Metadata,
    /// `Some` for a run after the first: metadata changes are logged, not applied.
    meta_log: Option<Vec<MetaOp>>,
    first_block: bool,
    /// Where the text of the open H1 starts.
    h1_start: Option<usize>,
    /// A container (list item, footnote) just opened its block: its first paragraph joins it.
    fresh: bool,
    quote: u32,
    list: u32,
    footnote: u32,
    cells: u32,
    /// Inside a code block or an HTML block: text is taken line by line.
    verbatim: bool,
    in_meta: bool,
    front_matter: String,
    /// Inside an image: its alt text is not article text.
    skip: u32,
    /// Open links: where their text starts (once known) and the destination.
    links: Vec<(Option<usize>, String)>,
    /// Scratch for [`Reader::push_label`].
    label: String,
    /// Inside a `<!-- page N -->` block.
    page_marker: bool,
}

impl<'s> Reader<'s> {
    /// A reader at the start of the document, or (`later`) of a run that starts at rest.
    fn new(src: &'s str, later: bool) -> Self {
        Reader {
            src,
            b: DocumentBuilder::new(Format::Markdown),
            meta: Metadata::default(),
            meta_log: later.then(Vec::new),
            first_block: !later,
            h1_start: None,
            fresh: false,
            quote: 0,
            list: 0,
            footnote: 0,
            cells: 0,
            verbatim: false,
            in_meta: false,
            front_matter: String::new(),
            skip: 0,
            links: Vec::new(),
            label: String::new(),
            page_marker: false,
        }
    }

    /// Parses `pieces` of the source, in order, with the events of one parse of them all.
    fn parse(&mut self, pieces: &[Range<usize>]) {
        let opts = options();
        for piece in pieces {
            let at = piece.start;
            for (event, range) in Parser::new_ext(&self.src[piece.clone()], opts).into_offset_iter()
            {
                self.event(event, range.start + at..range.end + at);
            }
        }
    }

    /// The state a later run's reader starts in (see [`Reader::new`]), but for the text already
    /// built: every field that the next event may read.
    fn at_rest(&self) -> bool {
        !self.first_block
            && self.h1_start.is_none()
            && !self.fresh
            && self.quote == 0
            && self.list == 0
            && self.footnote == 0
            && self.cells == 0
            && !self.verbatim
            && !self.in_meta
            && self.front_matter.is_empty()
            && self.skip == 0
            && self.links.is_empty()
            && !self.b.in_block()
    }

    /// Appends the run `part` read after this one (which must be [`at_rest`](Self::at_rest)):
    /// afterwards this reader is where one reader of both runs would be.
    fn absorb(&mut self, part: Reader<'s>) {
        let shift = self.b.append(part.b);
        for op in part.meta_log.into_iter().flatten() {
            self.set_meta(op);
        }
        self.h1_start = part.h1_start.map(|s| s + shift);
        self.fresh = part.fresh;
        self.quote = part.quote;
        self.list = part.list;
        self.footnote = part.footnote;
        self.cells = part.cells;
        self.verbatim = part.verbatim;
        self.in_meta = part.in_meta;
        self.front_matter = part.front_matter;
        self.skip = part.skip;
        self.links = part
            .links
            .into_iter()
            .map(|(start, href)| (start.map(|s| s + shift), href))
            .collect();
    }

    /// A footnote's label as text: "[label]". Built in a buffer kept for the next one, as
    /// articles may have a footnote in every paragraph.
    fn push_label(&mut self, label: &str) {
        let mut s = std::mem::take(&mut self.label);
        s.clear();
        s.push('[');
        s.push_str(label);
        s.push(']');
        self.b.push_text(&s);
        self.label = s;
    }

    fn set_meta(&mut self, op: MetaOp) {
        match &mut self.meta_log {
            Some(log) => log.push(op),
            None => op.apply(&mut self.meta),
        }
    }

    fn current_kind(&self) -> (BlockKind, u8) {
        if self.footnote > 0 {
            (BlockKind::Footnote, 0)
        } else if self.list > 0 {
            (BlockKind::ListItem, self.list.min(255) as u8)
        } else if self.quote > 0 {
            (BlockKind::Quote, 0)
        } else if self.cells > 0 {
            (BlockKind::TableRow, 0)
        } else {
            (BlockKind::Paragraph, 0)
        }
    }

    fn begin(&mut self, kind: BlockKind, level: u8) {
        let mut kind = kind;
        if self.first_block {
            self.first_block = false;
            if kind == BlockKind::Heading && level == 1 {
                kind = BlockKind::Title;
            } else if let Some(t) = self.meta.title.clone() {
                self.b.begin_block(BlockKind::Title, 0);
                self.b.push_text(&t);
            }
        }
        self.b.begin_block(kind, level);
        self.fresh = false;
    }

    fn ensure_block(&mut self) {
        if !self.b.in_block() {
            let (k, l) = self.current_kind();
            self.begin(k, l);
        }
    }

    /// Inline text: mapped to the source when it is a verbatim copy of it.
    fn text(&mut self, s: &str, range: Range<usize>) {
        if self.skip > 0 || s.is_empty() {
            return;
        }
        self.ensure_block();
        let before = self.b.text().len();
        let raw = self.src.get(range.clone()).unwrap_or("");
        // Most text is borrowed from the source at its own range: no need to compare bytes.
        if std::ptr::eq(raw, s) || raw == s {
            self.b.push_mapped(s, range.start);
        } else if let Some(i) = raw.find(s) {
            self.b.push_mapped(s, range.start + i);
        } else {
            self.b.push_text(s);
        }
        self.note_link_start(before);
    }

    fn note_link_start(&mut self, before: usize) {
        if self.links.iter().all(|l| l.0.is_some()) {
            return;
        }
        let text = self.b.text();
        if text.len() <= before {
            return;
        }
        let start = before + (text.len() - before - text[before..].trim_start().len());
        for l in self.links.iter_mut().filter(|l| l.0.is_none()) {
            l.0 = Some(start);
        }
    }

    /// Code and raw HTML blocks: one line of text per source line.
    fn lines(&mut self, s: &str, range: Range<usize>) {
        self.ensure_block();
        let raw = self.src.get(range.clone()).unwrap_or("");
        let same = raw == s;
        let mut offset = 0;
        for line in s.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            if same {
                self.b.push_mapped(body, range.start + offset);
            } else {
                self.text(body, range.clone());
            }
            if line.ends_with('\n') {
                self.b.push_line_break();
            }
            offset += line.len();
        }
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            // `<!-- page 4 -->` (a PDF's page break in Factdesk's Markdown): not text; the
            // blocks after it stand on that page.
            Event::Start(Tag::HtmlBlock)
                if self
                    .src
                    .get(range.clone())
                    .and_then(super::parse_page_marker)
                    .is_some() =>
            {
                if let Some(page) = self.src.get(range).and_then(super::parse_page_marker) {
                    self.b.set_page(page, [0.0; 4]);
                }
                self.page_marker = true;
            }
            Event::Html(_) if self.page_marker => {}
            Event::End(TagEnd::HtmlBlock) if self.page_marker => self.page_marker = false,
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(s) if self.in_meta => self.front_matter.push_str(&s),
            Event::Text(s) if self.verbatim => self.lines(&s, range),
            Event::Text(s) | Event::Code(s) | Event::InlineHtml(s) => self.text(&s, range),
            Event::InlineMath(s) | Event::DisplayMath(s) => self.text(&s, range),
            Event::Html(s) => self.lines(&s, range),
            Event::FootnoteReference(label) => {
                self.ensure_block();
                self.push_label(&label);
            }
            Event::SoftBreak => self.b.push_space(),
            Event::HardBreak => self.b.push_line_break(),
            Event::Rule => self.b.end_block(),
            Event::TaskListMarker(done) => {
                self.text(if done { "[x]" } else { "[ ]" }, range);
                self.b.push_space();
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                if !self.fresh {
                    let (k, l) = self.current_kind();
                    self.begin(k, l);
                }
                self.fresh = false;
            }
            Tag::Heading { level, .. } => {
                self.begin(BlockKind::Heading, heading_level(level));
                self.h1_start = (level == HeadingLevel::H1).then(|| self.b.text().len());
            }
            Tag::BlockQuote(_) => {
                self.b.end_block();
                self.quote += 1;
            }
            Tag::CodeBlock(_) => {
                self.begin(BlockKind::Code, 0);
                self.verbatim = true;
            }
            Tag::HtmlBlock => {
                let (k, l) = self.current_kind();
                self.begin(k, l);
                self.verbatim = true;
            }
            Tag::List(_) => {
                self.b.end_block();
                self.list += 1;
            }
            Tag::Item => {
                self.begin(BlockKind::ListItem, self.list.clamp(1, 255) as u8);
                self.fresh = true;
            }
            Tag::FootnoteDefinition(label) => {
                self.footnote += 1;
                self.begin(BlockKind::Footnote, 0);
                self.push_label(&label);
                self.b.push_space();
                self.fresh = true;
            }
            Tag::Table(_) => {
                self.b.end_block();
                self.cells += 1;
            }
            Tag::TableHead | Tag::TableRow => {
                self.begin(BlockKind::TableRow, 0);
                self.fresh = true;
            }
            Tag::TableCell => {
                if !self.fresh {
                    self.b.push_text(" |");
                    self.b.push_space();
                }
                self.fresh = false;
            }
            Tag::Link { dest_url, .. } => self.links.push((None, dest_url.to_string())),
            Tag::Image { .. } => self.skip += 1,
            Tag::MetadataBlock(_) => self.in_meta = true,
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::TableHead | TagEnd::TableRow => self.b.end_block(),
            TagEnd::Heading(level) => {
                // The first H1 names the article (unless front matter did), wherever it is.
                if let Some(start) = self.h1_start.take() {
                    let t = self.b.text().get(start..).unwrap_or("").trim();
                    if level == HeadingLevel::H1 && !t.is_empty() {
                        match &mut self.meta_log {
                            Some(log) => log.push(MetaOp::H1(t.to_string())),
                            // No copy when the title is known already.
                            None if self.meta.title.is_none() => {
                                self.meta.title = Some(t.to_string())
                            }
                            None => {}
                        }
                    }
                }
                self.b.end_block();
            }
            TagEnd::BlockQuote(_) => {
                self.b.end_block();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                self.b.end_block();
                self.verbatim = false;
            }
            TagEnd::List(_) => {
                self.b.end_block();
                self.list = self.list.saturating_sub(1);
            }
            TagEnd::Item => {
                self.b.end_block();
                self.fresh = false;
            }
            TagEnd::FootnoteDefinition => {
                self.b.end_block();
                self.footnote = self.footnote.saturating_sub(1);
                self.fresh = false;
            }
            TagEnd::Table => {
                self.b.end_block();
                self.cells = self.cells.saturating_sub(1);
            }
            TagEnd::Link => {
                if let Some((Some(start), href)) = self.links.pop() {
                    self.b.add_link(start, &href);
                }
            }
            TagEnd::Image => self.skip = self.skip.saturating_sub(1),
            TagEnd::MetadataBlock(_) => {
                self.in_meta = false;
                let fm = std::mem::take(&mut self.front_matter);
                self.set_meta(MetaOp::FrontMatter(fm));
            }
            _ => {}
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// YAML front matter, the keys articles use: title, author(s), date, url. Values may be quoted;
/// authors may be a list.
fn apply_front_matter(fm: &str, meta: &mut Metadata) {
    let mut authors: Vec<String> = Vec::new();
    let mut in_authors = false;
    for line in fm.lines() {
        let trimmed = line.trim();
        if in_authors {
            if let Some(item) = trimmed.strip_prefix("- ") {
                authors.push(unquote(item).to_string());
                continue;
            }
            in_authors = false;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim().to_lowercase().as_str() {
            "title" if !value.is_empty() => meta.title = Some(value.to_string()),
            "author" | "authors" | "byline" => {
                if value.is_empty() {
                    in_authors = true;
                } else if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']'))
                {
                    authors.extend(list.split(',').map(|a| unquote(a.trim()).to_string()));
                } else {
                    authors.push(value.to_string());
                }
            }
            "date" | "published" | "publish_date" | "pubdate" if !value.is_empty() => {
                meta.published = Some(dates::normalize(value).unwrap_or_else(|| value.to_string()));
            }
            "url" | "canonical_url" | "canonical" | "link" if !value.is_empty() => {
                meta.url = Some(value.to_string());
            }
            _ => {}
        }
    }
    authors.retain(|a| !a.is_empty());
    if !authors.is_empty() {
        meta.byline = Some(authors.join(", "));
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            return &s[1..s.len() - 1];
        }
    }
    s
}

/// A quote (or paragraph) whose last line is "— Name (@handle) date" is an embedded post.
fn mark_posts(doc: &mut Document) {
    for block in doc.blocks.iter_mut() {
        if !matches!(block.kind, BlockKind::Quote | BlockKind::Paragraph) {
            continue;
        }
        let text = &doc.text[block.range.clone()];
        // memchr's search, not str's: this runs over nearly all the text, after the threads.
        let last = memchr::memrchr(b'\n', text.as_bytes()).and_then(|i| text.get(i + 1..));
        if last.is_some_and(is_post_attribution) {
            block.kind = BlockKind::Post;
        }
    }
}

/// Checks the parallel reader against one whole parse, for the tests and the
/// `markdown_parallel` fuzz target (which reaches the joins with pieces of a few bytes, where a
/// real file needs 256 KB).
#[cfg(any(test, fuzzing))]
mod check {
    use super::*;

    /// One parse of the whole source, on one thread.
    pub(crate) fn whole(src: &str) -> Document {
        read_pieces(src.to_string(), src.as_bytes(), usize::MAX, 1)
    }

    /// Every run after the first read apart, as if each had a thread of its own that took it
    /// before this one could (which threads do depends on timing), then joined: returns the
    /// document and how many runs were joined rather than read again. `n`: how many runs the
    /// pieces are grouped in, or `None` for a run per piece.
    pub(crate) fn read_apart(src: &str, min_piece: usize, n: Option<usize>) -> (Document, usize) {
        let pieces = md_split::pieces(src, min_piece);
        let runs = match n {
            Some(n) => runs(&pieces, n),
            None => (0..pieces.len()).map(|i| i..i + 1).collect(),
        };
        let run = |i: usize| &pieces[runs[i].clone()];
        let mut r = Reader::new(src, false);
        r.parse(run(0));
        let parts = (1..runs.len())
            .map(|i| {
                let mut part = Reader::new(src, true);
                part.parse(run(i));
                (i, part)
            })
            .collect();
        let joined = join_runs(&mut r, 1..runs.len(), parts, run);
        let doc = finish((r.b, r.meta), src.to_string(), content_hash(src.as_bytes()));
        (doc, joined)
    }

    /// Whether reading `src` in pieces of at least `min_piece` bytes, on 2 and 3 threads and
    /// with every piece read apart and joined, gives the document of one whole parse.
    #[cfg(fuzzing)]
    pub fn parallel_agrees(src: &str, min_piece: usize) -> std::result::Result<(), String> {
        let one = whole(src);
        for threads in [2, 3] {
            if read_pieces(src.to_string(), src.as_bytes(), min_piece, threads) != one {
                return Err(format!("{threads} threads, pieces of {min_piece}+ bytes"));
            }
        }
        if read_apart(src, min_piece, None).0 != one {
            return Err(format!("every piece of {min_piece}+ bytes read apart"));
        }
        Ok(())
    }
}

#[cfg(fuzzing)]
pub use check::parallel_agrees;

#[cfg(test)]
mod tests;
