//! What the scorer knows of the whole article when it scores one sentence: the headline's and
//! the lead's content words. News states its main facts in the headline and the first
//! sentence; a later sentence that returns to their subject is more likely central than one
//! about background (measured on the labelled news: +0.005 AP(central) with the lead and
//! paragraph features, see ARCHITECTURE.md).

use super::features::word_hash;
use super::sentences;
use crate::document::{BlockKind, Document};

/// A lead is looked for in the first paragraphs only: a long article without one costs nothing.
const LEAD_SEARCH: usize = 20;
/// A lead sentence has at least this many words (datelines and one-line captions do not lead).
const LEAD_WORDS: usize = 6;

/// The article's headline and lead as sorted, de-duplicated content-word hashes.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    title: Vec<u32>,
    lead: Vec<u32>,
    /// The shapes of the headline's and lead's words: most words of a sentence fail this test
    /// and are never hashed.
    shapes: Shapes,
    /// Byte offset where the lead sentence starts (`usize::MAX` for none).
    pub lead_start: usize,
    /// Byte offset where the headline starts (`usize::MAX` for none).
    pub title_start: usize,
}

impl DocContext {
    pub fn of(doc: &Document) -> DocContext {
        let mut ctx = DocContext {
            lead_start: usize::MAX,
            title_start: usize::MAX,
            ..DocContext::default()
        };
        let mut title = "";
        if let Some(b) = doc.blocks.iter().find(|b| b.kind == BlockKind::Title) {
            title = doc.block_text(b);
            ctx.title_start = b.range.start;
        } else if let Some(t) = &doc.title {
            title = t;
        }
        let paragraphs = doc.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph);
        for b in paragraphs.take(LEAD_SEARCH) {
            let text = doc.block_text(b);
            let mut lead = None;
            sentences::split_block_into(text, b.kind, |r| {
                if lead.is_none() && text[r.clone()].split_whitespace().count() >= LEAD_WORDS {
                    lead = Some(r);
                }
            });
            if let Some(r) = lead {
                let lead = &text[r.clone()];
                ctx.lead_start = b.range.start + r.start;
                return ctx.with_words(title, lead);
            }
        }
        ctx.with_words(title, "")
    }

    /// The context of a headline and a lead given as text.
    pub fn with_words(mut self, title: &str, lead: &str) -> DocContext {
        self.title = content_words(title);
        self.lead = content_words(lead);
        self.shapes = Shapes::default();
        for_each_stem(title, |stem| self.shapes.add(stem));
        for_each_stem(lead, |stem| self.shapes.add(stem));
        self
    }

    /// Shares of the content words of `sentence` (counted with repeats) found in the headline
    /// and in the lead. Only a word whose shape fits one of theirs, or a stop word's, is
    /// hashed.
    pub fn overlaps(&self, sentence: &str) -> (f32, f32) {
        let stop = stop_words();
        let (mut words, mut title, mut lead) = (0u32, 0u32, 0u32);
        for_each_stem(sentence, |stem| {
            let mut hash = None;
            let mut h = || *hash.get_or_insert_with(|| word_hash(stem));
            if stop.shapes.fits(stem) && stop.hashes.binary_search(&h()).is_ok() {
                return;
            }
            words += 1;
            if self.shapes.fits(stem) {
                let h = h();
                title += u32::from(self.title.binary_search(&h).is_ok());
                lead += u32::from(self.lead.binary_search(&h).is_ok());
            }
        });
        if words == 0 {
            return (0.0, 0.0);
        }
        (title as f32 / words as f32, lead as f32 / words as f32)
    }
}

/// (first letter, length) of a set of words, as one bit per length for each letter (and one
/// row for words that start with anything else).
#[derive(Debug, Clone, Default)]
struct Shapes([u64; 27]);

impl Shapes {
    fn row(w: &str) -> usize {
        match w.as_bytes().first() {
            Some(c) if c.is_ascii_alphabetic() => usize::from(c.to_ascii_lowercase() - b'a'),
            _ => 26,
        }
    }

    fn add(&mut self, w: &str) {
        self.0[Self::row(w)] |= 1 << w.len().min(63);
    }

    fn fits(&self, w: &str) -> bool {
        self.0[Self::row(w)] & (1 << w.len().min(63)) != 0
    }
}

/// Words that say nothing of a sentence's subject.
const STOP: [&str; 52] = [
    "the", "and", "but", "for", "with", "from", "this", "that", "these", "those", "its", "his",
    "her", "their", "they", "them", "she", "was", "were", "been", "being", "has", "have", "had",
    "does", "did", "not", "which", "who", "whom", "whose", "what", "when", "where", "why", "how",
    "also", "into", "about", "over", "after", "before", "said", "says", "say", "will", "would",
    "could", "should", "may", "might", "can",
];

/// The content words of `text` as hashes, sorted and de-duplicated: lower-cased words of three
/// letters or more, stop words aside, with a plural or verb ending cut ("talks" = "talk").
pub fn content_words(text: &str) -> Vec<u32> {
    let stop = stop_words();
    let mut out = Vec::new();
    for_each_stem(text, |stem| {
        let h = word_hash(stem);
        if stop.hashes.binary_search(&h).is_err() {
            out.push(h);
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// Calls `f` with the stem of each word of `text` of three letters or more without a digit, in
/// text order. Words are runs of ASCII letters and digits and of any non-ASCII character (so
/// "café" stays one word); this runs on every sentence, so it works on bytes.
fn for_each_stem<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digit = false;
        while i < b.len() && is_word_byte(b[i]) {
            digit |= b[i].is_ascii_digit();
            i += 1;
        }
        if i - start < 3 || digit {
            continue;
        }
        // Runs end at ASCII bytes only, so both ends are character boundaries.
        f(stem(&text[start..i]));
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

/// The stop words' stems: their hashes, sorted, and their shapes.
struct StopWords {
    hashes: Vec<u32>,
    shapes: Shapes,
}

fn stop_words() -> &'static StopWords {
    static STOP_WORDS: std::sync::OnceLock<StopWords> = std::sync::OnceLock::new();
    STOP_WORDS.get_or_init(|| {
        let mut shapes = Shapes::default();
        let mut hashes: Vec<u32> = STOP
            .iter()
            .map(|w| {
                shapes.add(stem(w));
                word_hash(stem(w))
            })
            .collect();
        hashes.sort_unstable();
        StopWords { hashes, shapes }
    })
}

fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if w.len() > 4 && w.is_char_boundary(w.len() - suffix.len()) {
            let (head, tail) = w.split_at(w.len() - suffix.len());
            if tail.eq_ignore_ascii_case(suffix) {
                return head;
            }
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_on_the_headline_subject_overlaps_it_and_background_does_not() {
        let ctx = DocContext::default().with_words(
            "Floods close schools in the valley",
            "Heavy rain flooded twelve schools on Monday, officials said.",
        );
        let (t_on, l_on) = ctx.overlaps("The schools were flooded after the river rose.");
        let (t_off, l_off) = ctx.overlaps("The district was founded in 1850 by farmers.");
        // "schools" and "flooded" of four content words ("river" and "rose" are not).
        assert_eq!((t_on, l_on), (0.5, 0.5));
        assert_eq!((t_off, l_off), (0.0, 0.0));
        // "Schools" and "schools", "flooded" and "flood": one word each.
        assert_eq!(content_words("Schools schools"), content_words("school"));
    }

    #[test]
    fn stop_words_numbers_and_short_words_are_not_content() {
        assert!(content_words("It was 2019 and they said so").is_empty());
    }
}
