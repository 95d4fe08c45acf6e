//! Text of a claim for matching: the words that carry it, its numbers, and the date it was
//! said when the text carries one (an embedded post ends "— Name (@handle) May 20, 2020").

use crate::analysis::lexicon::FnvSet;
use chrono::{Datelike, NaiveDate};
use std::sync::OnceLock;

/// Words too common to tell two claims apart.
const STOP: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
    "doing", "don", "down", "during", "each", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into",
    "is", "it", "its", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off",
    "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
    "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your", "yours", "rt", "amp", "via", "s", "t", "just", "get",
    "got", "like", "one", "us", "new", "says", "said", "say",
];

pub fn is_stop(w: &str) -> bool {
    // Asked for every word of every candidate: a hash set, built once.
    static SET: OnceLock<FnvSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(w)
}

/// A claim's text made ready: links and picture links gone, `#HashTags` and `@handles` cut
/// into words, the signature of an embedded post taken off (its date kept).
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The text without links and signature, for display-free comparison.
    pub text: String,
    /// Lowercased content words (no stop words), in order, repeated ones once.
    pub words: Vec<String>,
    /// Numbers written in the text (years included), normalised (`1,000` → `1000`).
    pub numbers: Vec<String>,
    /// Day number (days from the common era) of the date the text was said, if it says.
    pub said_on: Option<i32>,
}

pub fn prepare(raw: &str) -> Prepared {
    let (text, said_on) = clean(raw);
    let words = content_words(&text);
    let numbers = numbers_in(&text);
    Prepared {
        text,
        words,
        numbers,
        said_on,
    }
}

/// [`Prepared::words`] of a text, without the rest of [`prepare`].
pub fn words_of(raw: &str) -> Vec<String> {
    // An ASCII text without `#`, `@` or a link has the words of its cleaned text (no dash
    // either, so no signature): only its spaces would change.
    let plain = raw.is_ascii()
        && !raw.bytes().any(|b| b == b'#' || b == b'@')
        && !raw.split_whitespace().any(is_link);
    if plain {
        content_words(raw)
    } else {
        content_words(&clean(raw).0)
    }
}

/// [`Prepared::text`] and [`Prepared::said_on`].
fn clean(raw: &str) -> (String, Option<i32>) {
    let (body, said_on) = split_signature(raw);
    let mut text = String::with_capacity(body.len());
    for token in body.split_whitespace() {
        if is_link(token) {
            continue;
        }
        let t = token.trim_start_matches(['#', '@']);
        if !text.is_empty() {
            text.push(' ');
        }
        if t.len() != token.len() {
            text.push_str(&split_camel(t));
        } else {
            text.push_str(token);
        }
    }
    (text, said_on)
}

/// A link or a picture link, left out of the text.
fn is_link(token: &str) -> bool {
    let starts = |p: &str| {
        token
            .as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    starts("http://") || starts("https://") || starts("pic.twitter.com") || starts("www.")
}

/// Lowercased content words (no stop words), in order, repeated ones once.
fn content_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut keep = |w: &str| {
        if !w.is_empty() && !is_stop(w) && !words.iter().any(|k| k == w) {
            words.push(w.to_string());
        }
    };
    let mut buf = String::new();
    if text.is_ascii() {
        // As below, on bytes: a word is a run of letters, digits and apostrophes, the
        // apostrophes then dropped.
        for piece in text
            .as_bytes()
            .split(|b| !(b.is_ascii_alphanumeric() || *b == b'\''))
        {
            buf.clear();
            buf.extend(
                piece
                    .iter()
                    .filter(|b| b.is_ascii_alphanumeric())
                    .map(|b| b.to_ascii_lowercase() as char),
            );
            keep(&buf);
        }
    } else {
        for w in word_iter(text) {
            keep(&w.to_lowercase());
        }
    }
    words
}

/// Words: runs of letters and digits (apostrophes inside a word dropped: "don't" → "dont").
pub fn word_iter(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
}

/// "StopTheSteal" → "Stop The Steal"; "COVID19" stays.
fn split_camel(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev {
            if c.is_uppercase() && p.is_lowercase() {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Numbers in the text: digit runs with their separators removed; small ones (0–9) are left out,
/// being too common to tell claims apart.
pub fn numbers_in(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let mut n = String::new();
            let mut j = i;
            while j < b.len()
                && (b[j].is_ascii_digit()
                    || (b[j] == b','
                        && j + 1 < b.len()
                        && b[j + 1].is_ascii_digit()
                        && !n.is_empty()))
            {
                if b[j] != b',' {
                    n.push(b[j] as char);
                }
                j += 1;
            }
            // Part of a word (COVID19, 5G, t.co codes) is not a number of the claim.
            let glued = (i > 0 && b[i - 1].is_ascii_alphabetic())
                || (i > 1 && b[i - 1] == b'-' && b[i - 2].is_ascii_alphabetic())
                || (j < b.len() && b[j].is_ascii_alphabetic() && !suffix_ok(&b[j..]));
            let n = n.trim_start_matches('0').to_string();
            if !glued && n.len() >= 2 && !out.contains(&n) {
                out.push(n);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// "1990s", "5th", "20m", "3k" keep their number.
fn suffix_ok(rest: &[u8]) -> bool {
    let w: Vec<u8> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(
        w.as_slice(),
        b"s" | b"th" | b"st" | b"nd" | b"rd" | b"m" | b"k" | b"bn" | b"am" | b"pm"
    )
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Splits "text — Name (@handle) May 20, 2020" into the text and the date's day number.
fn split_signature(raw: &str) -> (&str, Option<i32>) {
    let trimmed = raw.trim_end();
    let Some(dash) = trimmed.rfind('—') else {
        return (raw, None);
    };
    let sig = &trimmed[dash + '—'.len_utf8()..];
    if !sig.contains("(@") || sig.len() > 200 {
        return (raw, None);
    }
    let date = sig.rsplit(')').next().and_then(parse_date);
    (&trimmed[..dash], date.map(|d| d.num_days_from_ce()))
}

/// "May 20, 2020" → the date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty());
    let month = parts.next()?.to_ascii_lowercase();
    let m = MONTHS.iter().position(|n| *n == month)? as u32 + 1;
    let d: u32 = parts.next()?.parse().ok()?;
    let y: i32 = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// An ISO date ("2021-03-06", or the date part of a timestamp) → its day number.
pub fn iso_day(s: &str) -> Option<i32> {
    let d = s.get(..10)?;
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .map(|d| d.num_days_from_ce())
}

/// Lowercased character trigrams of the words, for a similarity that survives inflection.
pub fn trigrams(words: &[String]) -> Vec<u32> {
    let mut out = Vec::with_capacity(words.iter().map(|w| w.len()).sum());
    for w in words {
        // Each window of three over the word padded with a space on either side.
        let (mut a, mut b) = (' ', None::<char>);
        for c in w.chars().chain(std::iter::once(' ')) {
            if let Some(bb) = b {
                let h = (a as u32).wrapping_mul(0x9E37_79B1)
                    ^ (bb as u32).wrapping_mul(0x85EB_CA77).rotate_left(11)
                    ^ (c as u32).wrapping_mul(0xC2B2_AE3D).rotate_left(22);
                out.push(h);
                a = bb;
            }
            b = Some(c);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Dice coefficient of two sorted sets.
pub fn dice(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_off_links_and_the_signature_keeping_the_date() {
        let p = prepare(
            "In Alabama you won't be able to own a car & get #FoodStamps. https://t.co/Mp — Amy Jo (@_AJ) March 18, 2016",
        );
        assert_eq!(
            p.text,
            "In Alabama you won't be able to own a car & get Food Stamps."
        );
        assert!(p.words.contains(&"alabama".to_string()));
        assert!(p.words.contains(&"stamps".to_string()));
        assert!(!p.words.contains(&"amy".to_string()));
        assert_eq!(p.said_on, iso_day("2016-03-18"));
    }

    #[test]
    fn numbers_are_the_claims_own() {
        assert_eq!(
            numbers_in("In 2019, 1,500 people; COVID19 and 5G; the 1990s; 7 days"),
            vec!["2019", "1500", "1990"]
        );
        assert!(numbers_in("COVID-19 vaccines").is_empty());
    }

    /// `prepare`'s words and `trigrams` as first written (a string per word, a `Vec<char>` per
    /// trigram window): the faster ones must give the same.
    fn words_before(text: &str) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for w in word_iter(text) {
            let w = w.to_lowercase();
            if STOP.contains(&w.as_str()) || words.contains(&w) {
                continue;
            }
            words.push(w);
        }
        words
    }

    fn trigrams_before(words: &[String]) -> Vec<u32> {
        let mut out = Vec::new();
        for w in words {
            let padded: Vec<char> = std::iter::once(' ')
                .chain(w.chars())
                .chain(std::iter::once(' '))
                .collect();
            for g in padded.windows(3) {
                let h = (g[0] as u32).wrapping_mul(0x9E37_79B1)
                    ^ (g[1] as u32).wrapping_mul(0x85EB_CA77).rotate_left(11)
                    ^ (g[2] as u32).wrapping_mul(0xC2B2_AE3D).rotate_left(22);
                out.push(h);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn words_and_trigrams_are_as_before() {
        for text in [
            "The governor said the governor's plan doesn't work, and THE plan won’t.",
            "In Alabama you won't be able to own a car & get Food Stamps.",
            "Ünïcödé Straße café ΣΊΣΥΦΟΣ İstanbul 1,500 people in 2019 x²",
            "a I us the of",
            "",
            "COVID19 5G 'quoted' ''double'' it's rock'n'roll",
            "हिन्दी kⒶt 中文字 ǅemal",
            "Plain\ttext,\nwith  spaces\x0band www.links.org #tags @people HTTP://X.Y",
            "Plain text,\n\twith its  spaces\r\n",
        ] {
            let words = prepare(text).words;
            assert_eq!(words, words_before(&prepare(text).text), "{text}");
            assert_eq!(words_of(text), words);
            assert_eq!(trigrams(&words), trigrams_before(&words), "{text}");
        }
        assert!(is_stop("the") && is_stop("rt") && !is_stop("governor"));
    }

    #[test]
    fn similar_words_share_trigrams() {
        let a = trigrams(&["vaccines".into()]);
        let b = trigrams(&["vaccinated".into()]);
        let c = trigrams(&["elections".into()]);
        assert!(dice(&a, &b) > dice(&a, &c));
    }
}
