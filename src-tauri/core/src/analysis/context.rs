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
    pub title: Vec<u32>,
    pub lead: Vec<u32>,
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
        if let Some(b) = doc.blocks.iter().find(|b| b.kind == BlockKind::Title) {
            ctx.title = content_words(doc.block_text(b));
            ctx.title_start = b.range.start;
        } else if let Some(t) = &doc.title {
            ctx.title = content_words(t);
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
                ctx.lead = content_words(&text[r.clone()]);
                ctx.lead_start = b.range.start + r.start;
                break;
            }
        }
        ctx
    }

    /// Shares of `words` (a sentence's content words, any order) found in the headline and
    /// in the lead.
    pub fn overlaps(&self, words: &[u32]) -> (f32, f32) {
        if words.is_empty() {
            return (0.0, 0.0);
        }
        let share = |of: &[u32]| {
            let n = words.iter().filter(|w| of.binary_search(w).is_ok()).count();
            n as f32 / words.len() as f32
        };
        (share(&self.title), share(&self.lead))
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
    let mut out = Vec::new();
    content_words_into(text, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// Appends the content-word hashes of `text` to `out`, in text order. Words are runs of ASCII
/// letters and digits and of any non-ASCII character (so "café" stays one word); this runs on
/// every sentence, so it works on bytes.
pub fn content_words_into(text: &str, out: &mut Vec<u32>) {
    let stop = stop_hashes();
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
        // Runs end at ASCII bytes only, so both ends are character boundaries. Stop words
        // are kept as the hashes of their stems, so one hash serves both tests.
        let h = word_hash(stem(&text[start..i]));
        if stop.binary_search(&h).is_err() {
            out.push(h);
        }
    }
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

fn stop_hashes() -> &'static [u32] {
    static HASHES: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        let mut h: Vec<u32> = STOP.iter().map(|w| word_hash(stem(w))).collect();
        h.sort_unstable();
        h
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
        let ctx = DocContext {
            title: content_words("Floods close schools in the valley"),
            lead: content_words("Heavy rain flooded twelve schools on Monday, officials said."),
            ..DocContext::default()
        };
        let on = content_words("The schools were flooded after the river rose.");
        let off = content_words("The district was founded in 1850 by farmers.");
        let (t_on, l_on) = ctx.overlaps(&on);
        let (t_off, l_off) = ctx.overlaps(&off);
        assert!(t_on > 0.0 && l_on > 0.0, "{t_on} {l_on}");
        assert_eq!((t_off, l_off), (0.0, 0.0));
        // "Schools" and "schools", "flooded" and "flood": one word each.
        assert_eq!(content_words("Schools schools"), content_words("school"));
    }

    #[test]
    fn stop_words_numbers_and_short_words_are_not_content() {
        assert!(content_words("It was 2019 and they said so").is_empty());
    }
}
