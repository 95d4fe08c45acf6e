//! BERT's uncased WordPiece tokenisation, for the embedding model (`embed`): lower-case,
//! accents stripped, split at white space and punctuation, then each word cut greedily into the
//! longest vocabulary pieces, continuations spelt `##piece`. A word that cannot be cut
//! entirely is one unknown token, as in BERT.
//!
//! One difference from BERT's rules: every character that is neither a letter, a digit nor
//! white space splits (BERT splits only Unicode punctuation, so `€5` stays one unknown word);
//! Rust has no Unicode category table, and a symbol on its own carries no meaning here anyway.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// BERT gives up on longer words (they become one unknown token).
const MAX_WORD_CHARS: usize = 100;

// FNV-1a (the analysis's hasher): the vocabulary is looked up a few times per character of
// every text imported, and std's SipHash made that a third of an archive import's time.
use crate::analysis::lexicon::Fnv;

/// Token → id.
pub type Vocab<'b> = HashMap<&'b str, u32, BuildHasherDefault<Fnv>>;

/// A piece of text: a vocabulary id, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Known(u32),
    Unknown,
}

/// The basic tokeniser: lower-cased, accent-free words and single punctuation characters.
pub fn basic_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    // NFD changes no ASCII text; skipping it is most of the cost for English.
    let chars: Box<dyn Iterator<Item = char>> = if text.is_ascii() {
        Box::new(text.chars())
    } else {
        Box::new(text.nfd())
    };
    for c in chars {
        if is_combining_mark(c) || c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            flush(&mut cur, &mut out);
        } else if is_cjk(c) || !c.is_alphanumeric() {
            // Punctuation and CJK ideographs are words of their own.
            flush(&mut cur, &mut out);
            out.push(c.to_lowercase().collect());
        } else {
            cur.extend(c.to_lowercase());
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn flush(cur: &mut String, out: &mut Vec<String>) {
    if cur.is_ascii() {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    } else {
        // Lower-casing may compose again (rare): BERT strips accents after lower-casing.
        let clean: String = cur.nfd().filter(|c| !is_combining_mark(*c)).collect();
        out.push(clean);
        cur.clear();
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// One word's pieces, longest match first; all of it unknown if any part is.
pub fn word_pieces(word: &str, vocab: &Vocab, out: &mut Vec<Piece>) {
    if word.chars().count() > MAX_WORD_CHARS {
        out.push(Piece::Unknown);
        return;
    }
    let start_len = out.len();
    let mut start = 0;
    let mut buf = String::with_capacity(word.len() + 2);
    while start < word.len() {
        let rest = &word[start..];
        let mut found = None;
        // Candidate ends, longest first, on character boundaries.
        for end in rest.char_indices().rev().map(|(i, c)| i + c.len_utf8()) {
            buf.clear();
            if start > 0 {
                buf.push_str("##");
            }
            buf.push_str(&rest[..end]);
            if let Some(&id) = vocab.get(buf.as_str()) {
                found = Some((id, end));
                break;
            }
        }
        match found {
            Some((id, end)) => {
                out.push(Piece::Known(id));
                start += end;
            }
            None => {
                out.truncate(start_len);
                out.push(Piece::Unknown);
                return;
            }
        }
    }
}

/// The text's pieces.
pub fn tokenize(text: &str, vocab: &Vocab) -> Vec<Piece> {
    let mut out = Vec::new();
    for w in basic_words(text) {
        word_pieces(&w, vocab, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocab<'static> {
        [
            "[UNK]", "un", "##aff", "##able", "want", "##ed", "wa", "##nt", "cafe", "!", "the",
            "jobless", "5", "€", "##s", "run", "##ning",
        ]
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, i as u32))
        .collect()
    }

    fn ids(text: &str) -> Vec<Option<u32>> {
        tokenize(text, &vocab())
            .into_iter()
            .map(|p| match p {
                Piece::Known(i) => Some(i),
                Piece::Unknown => None,
            })
            .collect()
    }

    #[test]
    fn basic_words_lower_case_strip_accents_and_split_punctuation() {
        assert_eq!(
            basic_words("Café, UNAFFABLE!  don't €5"),
            ["cafe", ",", "unaffable", "!", "don", "'", "t", "€", "5"]
        );
        assert_eq!(basic_words("Ωmega\u{0}\tX"), ["ωmega", "x"]);
        assert_eq!(basic_words("日本"), ["日", "本"]);
    }

    #[test]
    fn greedy_longest_match_with_continuations() {
        // un + ##aff + ##able; "wanted" prefers "want" over "wa".
        assert_eq!(ids("unaffable"), [Some(1), Some(2), Some(3)]);
        assert_eq!(ids("Wanted!"), [Some(4), Some(5), Some(9)]);
        assert_eq!(
            ids("running runs"),
            [Some(15), Some(16), Some(15), Some(14)]
        );
    }

    #[test]
    fn a_word_not_cut_entirely_is_one_unknown() {
        // "unx": "un" matches but "##x" does not: the whole word is unknown, not "un" + unknown.
        assert_eq!(ids("unx the"), [None, Some(10)]);
        assert_eq!(ids(&"a".repeat(101)), [None]);
        assert_eq!(ids(""), []);
    }
}
