//! Sentences, check-worthiness and claim candidates: rule signals and word features, scored
//! by a small logistic regression trained on labelled news (`scorer`), explained by the
//! features that weighed most. No model download: the weights are built into the binary.

mod claims;
pub mod context;
pub mod features;
pub(crate) mod lexicon;
pub mod scorer;
pub mod training;

pub use claims::{Kinds, Reasons};
pub mod sentences;

use crate::document::{Block, Document};
use crate::model::FactKind;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The default sensitivity: sentences at or above this are proposed. Chosen by
/// cross-validation on the labelled news set to keep 95 % of the central claims.
pub fn default_min_score() -> f32 {
    scorer::default_threshold()
}

#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    /// Sentences scoring at or above this are proposed as claims (the score is the
    /// calibrated chance that a checker calls the sentence a central claim).
    pub min_score: f32,
    /// Sentences below `min_score` are still proposed when the chance that they hold
    /// checkable facts is at least this; `None` proposes by `min_score` alone.
    pub min_factual: Option<f32>,
    /// How many threads analyse the blocks. `None`: one per core for a document over
    /// [`PARALLEL_MIN_BYTES`], one for a smaller one. `Some(n)` forces `n` (at most one per block).
    pub threads: Option<usize>,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            min_score: default_min_score(),
            min_factual: Some(scorer::default_factual_threshold()),
            threads: None,
        }
    }
}

/// Below this much text a document is analysed on one thread: starting threads would cost more
/// than it saves on an ordinary article.
pub const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// A sentence of the document's text (byte range) and its check-worthiness in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub range: Range<usize>,
    pub score: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ClaimCandidate {
    pub range: Range<usize>,
    pub score: f32,
    pub kinds: Kinds,
    pub reasons: Reasons,
    /// Checkable facts inside the claim (byte ranges into the document text).
    pub facts: Vec<(Range<usize>, FactKind)>,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub sentences: Vec<Sentence>,
    pub claims: Vec<ClaimCandidate>,
}

pub fn analyze(doc: &Document, opts: &AnalyzeOptions) -> Analysis {
    analyze_with(doc, opts, |_| {})
}

/// [`analyze`], telling `progress` before each block the share of the text done (0–1).
pub fn analyze_with(
    doc: &Document,
    opts: &AnalyzeOptions,
    mut progress: impl FnMut(f32),
) -> Analysis {
    let threads = match opts.threads {
        Some(n) => n,
        None if doc.text.len() > PARALLEL_MIN_BYTES => {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
        None => 1,
    };
    let total = doc.text.len().max(1) as f32;
    let chunks = chunk_blocks(&doc.blocks, threads);
    let [first, rest @ ..] = &chunks[..] else {
        return Analysis::default();
    };
    let names = article_names(&doc.text, &chunks);
    if rest.is_empty() {
        return analyze_blocks(doc, first, doc.text.len(), &names, opts, |b| {
            progress(b.range.start as f32 / total)
        });
    }
    // Nothing flows from one block to the next (sentences, quotations and scratch buffers all
    // start afresh at each block; the names are read-only), so contiguous runs of blocks can be
    // analysed apart and joined in block order with the same result as one pass.
    // The other threads count the text they start on; this one reports the sum.
    let started = AtomicUsize::new(0);
    let parts: Vec<Analysis> = std::thread::scope(|scope| {
        let (names, started) = (&names, &started);
        let handles: Vec<_> = rest
            .iter()
            .map(|blocks| {
                scope.spawn(move || {
                    analyze_blocks(doc, blocks, span(blocks), names, opts, |b| {
                        started.fetch_add(b.range.len(), Ordering::Relaxed);
                    })
                })
            })
            .collect();
        // This run's vectors are made large enough for the whole article's, so the others
        // are appended in place: room reserved and never written costs no memory.
        let mine = analyze_blocks(doc, first, doc.text.len(), names, opts, |b| {
            let done = started.fetch_add(b.range.len(), Ordering::Relaxed);
            progress(done as f32 / total);
        });
        std::iter::once(mine)
            .chain(handles.into_iter().map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }))
            .collect()
    });
    // The first run's vectors hold the others: only the later runs are copied.
    let sentences: usize = parts.iter().map(|p| p.sentences.len()).sum();
    let claims: usize = parts.iter().map(|p| p.claims.len()).sum();
    let mut parts = parts.into_iter();
    let mut out = parts.next().unwrap_or_default();
    out.sentences.reserve_exact(sentences - out.sentences.len());
    out.claims.reserve_exact(claims - out.claims.len());
    for part in parts {
        out.sentences.extend(part.sentences);
        out.claims.extend(part.claims);
    }
    out
}

/// Splits `blocks` into at most `n` contiguous runs of about equal text length.
fn chunk_blocks(blocks: &[Block], n: usize) -> Vec<&[Block]> {
    let n = n.clamp(1, blocks.len().max(1));
    let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
        return vec![blocks];
    };
    let total = last.range.end - first.range.start;
    let mut chunks = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n {
        let cut = first.range.start + total * k / n;
        let end = start + blocks[start..].partition_point(|b| b.range.end <= cut);
        if end > start && end < blocks.len() {
            chunks.push(&blocks[start..end]);
            start = end;
        }
    }
    chunks.push(&blocks[start..]);
    chunks
}

/// The bytes of text from the first of `blocks` to the end of the last.
fn span(blocks: &[Block]) -> usize {
    match (blocks.first(), blocks.last()) {
        (Some(f), Some(l)) => l.range.end.saturating_sub(f.range.start),
        _ => 0,
    }
}

/// The sentences and claims of a run of the document's blocks, in order, in vectors with room
/// for `len` bytes of text; `before` sees each block before it is analysed.
fn analyze_blocks(
    doc: &Document,
    blocks: &[Block],
    len: usize,
    names: &lexicon::FnvSet<&str>,
    opts: &AnalyzeOptions,
    mut before: impl FnMut(&Block),
) -> Analysis {
    // Room for a sentence every 40 bytes and a claim every 60 (news prose runs about 60 and
    // 90): growing instead copies the vectors again and again as a long article fills them.
    let mut out = Analysis {
        sentences: Vec::with_capacity(len / 40 + 1),
        claims: Vec::with_capacity(len / 60 + 1),
    };
    let mut scratch = claims::Scratch::default();
    // Each run of blocks finds the headline and lead itself: they lie in the first blocks,
    // so this costs no more than a few sentences.
    scratch.features.context = std::sync::Arc::new(context::DocContext::of(doc));
    let text = &doc.text;
    for block in blocks {
        before(block);
        let base = block.range.start;
        scratch.features.enter_block(base, text.len());
        // A quotation may run over several sentences of a paragraph.
        let mut quote_open = false;
        // The claim that ends with the sentence before, if any: a quotation it opened goes on.
        let mut last_claim: Option<usize> = None;
        sentences::split_block_into(doc.block_text(block), block.kind, |r| {
            let range = base + r.start..base + r.end;
            let in_quote = quote_open;
            let s = claims::score(
                text,
                range.clone(),
                block.kind,
                &mut quote_open,
                &mut scratch,
                names,
            );
            out.sentences.push(Sentence {
                range: range.clone(),
                score: s.score,
            });
            // A quotation over several sentences is one claim: its later sentences join the
            // claim its first one made.
            if let (true, Some(k)) = (in_quote, last_claim) {
                let claim = &mut out.claims[k];
                claim.range.end = range.end;
                claim.score = claim.score.max(s.score);
                let a = claims::explain(text, &s, &mut scratch);
                claim.facts.extend(a.facts);
                return;
            }
            last_claim = None;
            // Reasons and facts are written out only for the sentences proposed: a likely
            // central claim, or (unless the checker set a threshold) likely factual content.
            let factual = opts.min_factual.is_some_and(|m| s.factual >= m);
            if !s.frame && (s.score >= opts.min_score || factual) {
                let a = claims::explain(text, &s, &mut scratch);
                last_claim = Some(out.claims.len());
                out.claims.push(ClaimCandidate {
                    range,
                    score: a.score,
                    kinds: a.kinds,
                    reasons: a.reasons,
                    facts: a.facts,
                });
            }
        });
    }
    out
}

/// The article's names as the scorer uses them: [`mid_sentence_names`] of the whole text (on a
/// thread per run of blocks in `chunks`), less the words it also writes in lower case.
pub(crate) fn article_names<'t>(text: &'t str, chunks: &[&[Block]]) -> lexicon::FnvSet<&'t str> {
    // Shares that cover the text: each run's share starts where its first block does.
    let mut starts: Vec<usize> = chunks
        .iter()
        .map(|c| c.first().map_or(0, |b| b.range.start))
        .collect();
    starts[0] = 0;
    starts.push(text.len());
    let shares: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    let mut names = union(in_parallel(&shares, |r| mid_sentence_names(text, r)));
    drop_ordinary(text, &mut names, &shares);
    names
}

/// `find` of each share, the first on this thread and each other on a thread of its own.
fn in_parallel<T: Send>(
    shares: &[Range<usize>],
    find: impl Fn(Range<usize>) -> T + Sync,
) -> Vec<T> {
    let Some((mine, others)) = shares.split_first() else {
        return Vec::new();
    };
    let find = &find;
    std::thread::scope(|scope| {
        let handles: Vec<_> = others
            .iter()
            .map(|r| scope.spawn(move || find(r.clone())))
            .collect();
        let mut all = vec![find(mine.clone())];
        all.extend(handles.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        all
    })
}

/// One set of the sets found in each share. Each space is looked at in one share only and
/// the tests around it read the whole text, so the union is the set one pass finds; it holds
/// each word once, so joining the sets costs little next to finding them.
fn union(sets: Vec<lexicon::FnvSet<&str>>) -> lexicon::FnvSet<&str> {
    let mut sets = sets.into_iter();
    let mut all = sets.next().unwrap_or_default();
    for set in sets {
        all.extend(set);
    }
    all
}

/// Takes out of `names` the words the article also writes in lower case as words of their
/// own: "Water" of "the Valley Water Authority" is a name only inside that name, so a sentence
/// opening "Water quality has improved" does not start with a name. One pass over the words,
/// each share of the text on a thread.
fn drop_ordinary(text: &str, names: &mut lexicon::FnvSet<&str>, shares: &[Range<usize>]) {
    if names.is_empty() {
        return;
    }
    let lower: lexicon::FnvSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    // (first letter, length) of the names: most words fail this before any hashing.
    let mut shapes = [0u64; 26];
    for n in &lower {
        if let Some(&c) = n.as_bytes().first().filter(|c| c.is_ascii_lowercase()) {
            shapes[usize::from(c - b'a')] |= 1 << n.len().min(63);
        }
    }
    let (lower, shapes) = (&lower, &shapes);
    let seen = union(in_parallel(shares, |share| {
        lower_case_uses(text, share, lower, shapes)
    }));
    if seen.is_empty() {
        return;
    }
    names.retain(|n| !seen.contains(n.to_ascii_lowercase().as_str()));
}

/// The words of `lower` written as words of their own among the words that start in `share`.
fn lower_case_uses<'l>(
    text: &str,
    share: Range<usize>,
    lower: &'l lexicon::FnvSet<String>,
    shapes: &[u64; 26],
) -> lexicon::FnvSet<&'l str> {
    let mut seen: lexicon::FnvSet<&str> = lexicon::FnvSet::default();
    let b = text.as_bytes();
    let mut i = share.start;
    // A word that began before the share is the share before's.
    while i > 0 && i < b.len() && b[i].is_ascii_alphanumeric() && b[i - 1].is_ascii_alphanumeric() {
        i += 1;
    }
    while i < share.end {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // A word, not the tail of one ("café" has no ASCII word "caf").
        let whole = start == 0 || b[start - 1] < 0x80;
        let end_ok = i == b.len() || b[i] < 0x80;
        let shape_ok = b[start].is_ascii_lowercase()
            && shapes[usize::from(b[start] - b'a')] & (1 << (i - start).min(63)) != 0;
        if shape_ok && whole && end_ok {
            if let Some(w) = lower.get(&text[start..i]) {
                seen.insert(w.as_str());
            }
        }
    }
    seen
}

/// Words the article writes capitalised in the middle of a sentence: its names. A capitalised
/// first word of a sentence counts as a name only if it is one of these. Looks at the spaces
/// in `share` of the text (the words they start may run past it).
fn mid_sentence_names(text: &str, share: Range<usize>) -> lexicon::FnvSet<&str> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let b = text.as_bytes();
    let mut set = lexicon::FnvSet::default();
    // Every capitalised word follows a space: the capitals right after the spaces in `share`.
    // Capitals are rarer than spaces, so the scan goes from capital to capital.
    let end = share.end.saturating_add(1).min(b.len());
    let mut i = share.start + 1;
    while i < end {
        // Eight bytes at a time to the next 'A'–'Z' (each byte on its own: no carries).
        if let Some(w8) = b.get(i..i + 8).filter(|_| i + 8 <= end) {
            let mut w = [0u8; 8];
            w.copy_from_slice(w8);
            let w = u64::from_le_bytes(w);
            let seven = w & !HI;
            let ge_a = seven + LO * (0x80 - u64::from(b'A'));
            let gt_z = seven + LO * (0x80 - u64::from(b'Z') - 1);
            let upper = (ge_a ^ gt_z) & !w & HI;
            if upper == 0 {
                i += 8;
                continue;
            }
            i += upper.trailing_zeros() as usize / 8;
        }
        if !(b[i].is_ascii_uppercase() && b[i - 1] == b' ') {
            i += 1;
            continue;
        }
        let prev = b[..i - 1].iter().rposition(|&c| c != b' ');
        if prev.is_some_and(|p| b[p].is_ascii_lowercase() || b[p].is_ascii_digit() || b[p] == b',')
        {
            let len = b[i..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .unwrap_or(b.len() - i);
            set.insert(&text[i..i + len]);
        }
        i += 1;
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;

    fn blocks(lens: &[usize]) -> Vec<Block> {
        let mut at = 0;
        lens.iter()
            .map(|&n| {
                let b = Block {
                    kind: BlockKind::Paragraph,
                    level: 0,
                    range: at..at + n,
                };
                at += n + 2;
                b
            })
            .collect()
    }

    /// The runs, laid end to end, are the blocks in order.
    fn rejoined(chunks: &[&[Block]]) -> Vec<Range<usize>> {
        chunks
            .iter()
            .flat_map(|c| c.iter().map(|b| b.range.clone()))
            .collect()
    }

    #[test]
    fn chunks_cover_the_blocks_in_order_with_about_equal_text() {
        let all = blocks(&[100; 40]);
        let ranges: Vec<_> = all.iter().map(|b| b.range.clone()).collect();
        for n in [1, 2, 3, 4, 40, 100] {
            let chunks = chunk_blocks(&all, n);
            assert_eq!(chunks.len(), n.min(40), "{n}");
            assert!(chunks.iter().all(|c| !c.is_empty()));
            assert_eq!(rejoined(&chunks), ranges);
        }
        let four = chunk_blocks(&all, 4);
        assert!(four.iter().all(|c| c.len() == 10));
    }

    #[test]
    fn names_found_in_shares_are_the_names_of_one_pass() {
        // Names just after a block's start, across the cut between shares, after runs of
        // spaces, and one whose block is the only place it is written mid-sentence.
        let paras = [
            "Zorblat met Quarnex officials in Paris, Kyiv and Oslo.",
            "Quarnex  Holdings said 12 Zorblat staff left. Then Mina Ode spoke.",
            "the end of Aaa",
            "Bbb began, 7 Ccc   Ddd and Eee-Fff went.",
        ];
        let text = paras.repeat(5).join("\n\n");
        let mut blocks = Vec::new();
        let mut at = 0;
        for p in text.split("\n\n") {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                level: 0,
                range: at..at + p.len(),
            });
            at += p.len() + 2;
        }
        let one = mid_sentence_names(&text, 0..text.len());
        assert!(one.contains("Quarnex") && one.contains("Ddd") && !one.contains("Bbb"));
        let whole = article_names(&text, &[&blocks]);
        for n in 1..=7 {
            let chunks = chunk_blocks(&blocks, n);
            assert_eq!(article_names(&text, &chunks), whole, "{n} shares");
        }
    }

    #[test]
    fn lower_case_uses_are_found_the_same_wherever_the_shares_are_cut() {
        let text = "Water flows. The Valley Water Authority sells water, and Kell café-water \
                    waters the Kell fields; kell";
        let lower: lexicon::FnvSet<String> = ["water", "kell", "valley", "fields"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let mut shapes = [0u64; 26];
        for w in &lower {
            shapes[usize::from(w.as_bytes()[0] - b'a')] |= 1 << w.len();
        }
        let one = lower_case_uses(text, 0..text.len(), &lower, &shapes);
        let mut expected: Vec<&str> = one.iter().copied().collect();
        expected.sort_unstable();
        // "fields" is written in lower case; "café-water" holds "water" as a word of its own.
        assert_eq!(expected, ["fields", "kell", "water"]);
        for cut in (1..text.len()).filter(|&c| text.is_char_boundary(c)) {
            let mut both = lower_case_uses(text, 0..cut, &lower, &shapes);
            both.extend(lower_case_uses(text, cut..text.len(), &lower, &shapes));
            assert_eq!(both, one, "cut at {cut}");
        }
    }

    #[test]
    fn a_capitalised_word_the_article_also_writes_in_lower_case_is_no_name_alone() {
        let text = "The board of the Valley Water Authority met. It sells water to Kell, \
                    and Kell pays on time. Water quality rose.";
        let mut names = mid_sentence_names(text, 0..text.len());
        assert!(names.contains("Water") && names.contains("Kell"));
        drop_ordinary(text, &mut names, std::slice::from_ref(&(0..text.len())));
        assert!(!names.contains("Water"), "{names:?}");
        assert!(
            names.contains("Kell") && names.contains("Valley"),
            "{names:?}"
        );
    }

    #[test]
    fn names_are_the_capitals_after_a_space_after_a_word() {
        // The rule read plainly: every space, then the word after it.
        fn plain(text: &str) -> lexicon::FnvSet<&str> {
            let b = text.as_bytes();
            let mut set = lexicon::FnvSet::default();
            for (s, _) in text.match_indices(' ') {
                let i = s + 1;
                if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
                    continue;
                }
                let prev = b[..s].iter().rposition(|&c| c != b' ');
                if prev.is_some_and(|p| {
                    b[p].is_ascii_lowercase() || b[p].is_ascii_digit() || b[p] == b','
                }) {
                    let len = b[i..]
                        .iter()
                        .position(|c| !c.is_ascii_alphanumeric())
                        .unwrap_or(b.len() - i);
                    set.insert(&text[i..i + len]);
                }
            }
            set
        }
        for text in [
            "",
            "A",
            " A",
            "a B",
            "caf\u{e9} Zed and \u{e9}Yod, Xi\u{2019}an met 7 Wu in ÅZ Qq",
            "end with a capital Z",
            "x ABCDEFGHIJ klmnopqr STUVWXYZ, 12345678 Abcdefgh\tTab \nNl  Two",
            "word  Spaced   Out,  Comma-Led and\u{a0}Nbsp then Ωmega then Beta",
        ] {
            assert_eq!(
                mid_sentence_names(text, 0..text.len()),
                plain(text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn one_huge_block_is_never_split_and_no_run_is_empty() {
        let all = blocks(&[10, 10_000, 10, 10]);
        let chunks = chunk_blocks(&all, 4);
        assert!(chunks.len() < 4 && chunks.iter().all(|c| !c.is_empty()));
        assert_eq!(
            rejoined(&chunks),
            all.iter().map(|b| b.range.clone()).collect::<Vec<_>>()
        );
        assert_eq!(chunk_blocks(&[], 4).len(), 1);
    }
}
