//! Sentence splitting for English news, by hand-written scanning (no regex, one pass).
//!
//! A sentence never crosses a block of the document. Inside a block the scanner looks at each
//! terminator (`.`, `?`, `!`, `…`), takes the whole cluster (`?!`, `....`, `. . .`) with any
//! closing quotes or brackets, and decides from the word before it and the token after it:
//! abbreviations and titles (`U.S.`, `Mr.`, `Jan.`, `a.m.`), initials, decimals, URLs and
//! e-mails, quotations that end or continue a sentence, ellipses, list markers, and datelines
//! (`WASHINGTON —`) all follow the rules of pragmatic_segmenter's "Golden Rules".

use super::lexicon::{self, flag};
use crate::document::{BlockKind, Document};
use std::ops::Range;

/// All sentences of the document, in order, as byte ranges of `doc.text`.
pub fn split(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(doc.text.len() / 100 + 1);
    for block in &doc.blocks {
        let text = &doc.text[block.range.clone()];
        let base = block.range.start;
        split_block_into(text, block.kind, |r| out.push(base + r.start..base + r.end));
    }
    out
}

/// Sentences of one block's text (ranges relative to `text`).
pub fn split_block(text: &str, kind: BlockKind) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    split_block_into(text, kind, |r| out.push(r));
    out
}

/// Sentences of one block's text, handed to `emit` in order (ranges relative to `text`).
pub(super) fn split_block_into(text: &str, kind: BlockKind, mut emit: impl FnMut(Range<usize>)) {
    let line_per_sentence = matches!(
        kind,
        BlockKind::Post
            | BlockKind::Code
            | BlockKind::TableRow
            | BlockKind::Byline
            | BlockKind::Dateline
            | BlockKind::Timestamp
            | BlockKind::Title
            | BlockKind::Heading
    );
    let mut seg_start = 0;
    let mut first = true;
    let bytes = text.as_bytes();
    for i in memchr::memchr_iter(b'\n', bytes) {
        if line_per_sentence || starts_new_line_item(&text[i + 1..]) {
            split_segment(
                text,
                seg_start..i,
                first && kind_has_dateline(kind),
                &mut emit,
            );
            seg_start = i + 1;
            first = false;
        }
    }
    split_segment(
        text,
        seg_start..text.len(),
        first && kind_has_dateline(kind),
        &mut emit,
    );
}

fn kind_has_dateline(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Paragraph | BlockKind::Dateline)
}

/// A line that starts with a dash or bullet (a post's attribution, a list) starts a sentence.
fn starts_new_line_item(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    matches!(
        rest.chars().next(),
        Some('—' | '–' | '•' | '⁃' | '▪' | '◦' | '·' | '*')
    ) || (rest.starts_with("- "))
}

/// How the token after a terminator begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Upper,
    Lower,
    Digit,
    Paren,
    Other,
}

/// A list marker at the start of a sentence and what the next item's marker will look like.
#[derive(Debug, Clone)]
struct ListState {
    bullet: Option<char>,
    /// The next ordinal (number or letter) and the punctuation after it.
    next: Option<(Ordinal, &'static str)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ordinal {
    Num(u32),
    Letter(u8),
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '[')
}

fn split_segment(
    text: &str,
    seg: Range<usize>,
    allow_dateline: bool,
    emit: &mut impl FnMut(Range<usize>),
) {
    let mut push = |r: Range<usize>| {
        let s = &text[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead + trail < s.len() {
            emit(r.start + lead..r.end - trail);
        }
    };
    let end = seg.end;
    let mut start = skip_ws(text, seg.start, end);
    if allow_dateline {
        if let Some(d) = dateline_end(&text[start..end]) {
            push(start..start + d);
            start = skip_ws(text, start + d, end);
        }
    }
    let mut list = list_marker(&text[start..end]);
    let mut i = start + list.as_ref().map_or(0, |l| l.1);
    let bytes = text.as_bytes();
    // The next 0xE2 byte at or after `i` (or `end`): found once, used until passed.
    let mut next_e2: Option<usize> = None;
    while i < end {
        if list.is_none() {
            // Fast path: only terminators can end a sentence here ('…' starts with 0xE2).
            let e2 = match next_e2 {
                Some(p) if p >= i => p,
                _ => {
                    let p = memchr::memchr(0xe2, &bytes[i..end]).map_or(end, |p| i + p);
                    next_e2 = Some(p);
                    p
                }
            };
            let stop = memchr::memchr3(b'.', b'?', b'!', &bytes[i..e2]);
            i = stop.map_or(e2, |p| i + p);
            if i >= end {
                break;
            }
        }
        let c = match text[i..end].chars().next() {
            Some(c) => c,
            None => break,
        };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            if let Some((state, _)) = &list {
                let n = skip_ws(text, i, end);
                if n < end && is_next_marker(state, &text[n..end]) {
                    push(start..i);
                    start = n;
                    list = list_marker(&text[start..end]);
                    i = start + list.as_ref().map_or(0, |l| l.1);
                    continue;
                }
            }
            i += clen;
            continue;
        }
        if !is_terminator(c) {
            i += clen;
            continue;
        }
        let cl = cluster(text, i, end);
        let after = cl.end;
        // A boundary needs whitespace (or the end) after the cluster.
        if after >= end {
            break;
        }
        let next_char = text[after..end].chars().next().unwrap_or(' ');
        if !next_char.is_whitespace() {
            i = after;
            continue;
        }
        let n = skip_ws(text, after, end);
        if n >= end {
            break;
        }
        let next = classify_next(&text[n..end]);
        let list_next = list
            .as_ref()
            .is_some_and(|(state, _)| is_next_marker(state, &text[n..end]));
        let boundary = match decide(text, start, i, &cl, next, &text[n..end]) {
            Decision::Boundary => Some((after, n)),
            Decision::AfterFirstDot => Some((i + 1, skip_ws(text, i + 1, end))),
            Decision::None if list_next => Some((after, n)),
            Decision::None => None,
        };
        match boundary {
            Some((sent_end, next_start)) => {
                push(start..sent_end);
                start = next_start;
                list = list_marker(&text[start..end]);
                i = start + list.as_ref().map_or(0, |l| l.1);
                if i == start && bytes.get(i) == Some(&b'.') {
                    // A sentence opening with an ellipsis (". . . The"): step over its dots.
                    i = cluster(text, i, end).end;
                }
            }
            None => i = after,
        }
    }
    if start < end {
        push(start..end);
    }
}

fn skip_ws(text: &str, mut i: usize, end: usize) -> usize {
    while i < end {
        match text[i..end].chars().next() {
            Some(c) if c.is_whitespace() => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// A run of terminators starting at `at`, with spaced ellipsis dots and closing marks.
#[derive(Debug)]
struct Cluster {
    end: usize,
    dots: usize,
    question_or_bang: bool,
    /// `…` or three or more dots.
    ellipsis: bool,
    /// Dots separated by spaces (`. . .`).
    spaced: bool,
    /// The first dot is written against the word before it ("compounds. . . .").
    attached: bool,
}

fn cluster(text: &str, at: usize, end: usize) -> Cluster {
    let b = text.as_bytes();
    let mut j = at;
    let mut dots = 0;
    let mut qb = false;
    let mut spaced = false;
    let mut ellipsis_char = false;
    loop {
        match text[j..end].chars().next() {
            Some('.') => {
                dots += 1;
                j += 1;
            }
            Some('?' | '!') => {
                qb = true;
                j += 1;
            }
            Some('…') => {
                ellipsis_char = true;
                j += '…'.len_utf8();
            }
            Some(' ') if dots > 0 && b.get(j + 1) == Some(&b'.') => {
                // " ." continues a spaced ellipsis only when the dot stands alone.
                let after = text[j + 2..end].chars().next();
                if after.is_none_or(|c| c == ' ' || c == '.' || is_closer(c)) {
                    spaced = true;
                    dots += 1;
                    j += 2;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    // Closing quotes and brackets belong to the sentence they close.
    while let Some(c) = text[j..end].chars().next() {
        if is_closer(c) {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    let attached = at > 0 && !text[..at].ends_with(char::is_whitespace);
    Cluster {
        end: j,
        dots,
        question_or_bang: qb,
        ellipsis: ellipsis_char || dots >= 3,
        spaced,
        attached,
    }
}

fn classify_next(rest: &str) -> Next {
    let mut chars = rest.chars();
    let mut c = match chars.next() {
        Some(c) => c,
        None => return Next::Other,
    };
    if c == '(' {
        return Next::Paren;
    }
    if is_opener(c) {
        c = match chars.next() {
            Some(c) => c,
            None => return Next::Other,
        };
    }
    if c.is_lowercase() {
        Next::Lower
    } else if c.is_numeric() {
        Next::Digit
    } else if c.is_alphabetic() {
        Next::Upper
    } else {
        Next::Other
    }
}

enum Decision {
    Boundary,
    /// "word. . . . Next": the period ends the sentence, the ellipsis opens the next one.
    AfterFirstDot,
    None,
}

fn decide(text: &str, start: usize, at: usize, cl: &Cluster, next: Next, rest: &str) -> Decision {
    use Decision::*;
    if matches!(next, Next::Lower | Next::Paren) {
        return None;
    }
    let upper_like = matches!(next, Next::Upper | Next::Other | Next::Digit);
    if cl.question_or_bang {
        return if upper_like { Boundary } else { None };
    }
    if cl.ellipsis {
        if cl.spaced {
            if cl.attached && next == Next::Upper {
                return AfterFirstDot;
            }
            return if cl.dots >= 4 && next == Next::Upper {
                Boundary
            } else {
                None
            };
        }
        return if next == Next::Upper || (cl.dots >= 4 && upper_like) {
            Boundary
        } else {
            None
        };
    }
    // A single period: what was the word before it?
    let word = word_before(text, start, at);
    let next_word = next_word(rest);
    match abbreviation(text, start, at, word) {
        Abbr::None => Boundary,
        Abbr::Title => None,
        Abbr::Initial | Abbr::Dotted | Abbr::Other => {
            if next == Next::Upper
                && lexicon::has(next_word, flag::STARTER)
                && !lexicon::has(next_word, flag::TITLE)
            {
                Boundary
            } else {
                None
            }
        }
        Abbr::Time => {
            // "At 5 a.m. Mr. Smith went…": a fronted time phrase is not a sentence.
            let words_before = text[start..at].split_whitespace().count();
            if next == Next::Upper && words_before > 3 {
                Boundary
            } else {
                None
            }
        }
        Abbr::Never => None,
    }
}

/// The word ending at `at` (where the period is), without opening quotes or brackets.
fn word_before(text: &str, start: usize, at: usize) -> &str {
    let head = &text[start..at];
    let from = head.rfind(char::is_whitespace).map_or(0, |p| {
        p + head[p..].chars().next().map_or(1, char::len_utf8)
    });
    head[from..].trim_start_matches(|c: char| is_opener(c) || c == '(')
}

fn next_word(rest: &str) -> &str {
    let rest = rest.trim_start_matches(is_opener);
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..end]
}

enum Abbr {
    None,
    /// Titles before a name: never a boundary.
    Title,
    /// A single capital letter: a middle initial.
    Initial,
    /// U.S., E.U., K.C.: a boundary only before a word that usually starts a sentence.
    Dotted,
    /// a.m. / p.m.
    Time,
    /// Inc., Jan., etc.
    Other,
    /// e.g., i.e.: always inside a sentence.
    Never,
}

fn abbreviation(text: &str, start: usize, at: usize, word: &str) -> Abbr {
    if word.is_empty() {
        return Abbr::None;
    }
    let is = |w: &str| word.eq_ignore_ascii_case(w);
    if is("e.g") || is("i.e") || is("viz") || is("cf") {
        return Abbr::Never;
    }
    if is("a.m") || is("p.m") {
        return Abbr::Time;
    }
    if word.contains('°') {
        return Abbr::Other;
    }
    let b = word.as_bytes();
    if b.len() == 1 && b[0].is_ascii_alphabetic() {
        if b[0] == b'I' {
            // "you and I." is the pronoun; "Albert I. Jones" an initial.
            let before = text[start..at - 1].trim_end();
            let prev = before.rsplit(char::is_whitespace).next().unwrap_or("");
            if prev.chars().next().is_some_and(char::is_lowercase) {
                return Abbr::None;
            }
        }
        return if b[0].is_ascii_uppercase() {
            Abbr::Initial
        } else {
            Abbr::Other
        };
    }
    if is_dotted(b) {
        return Abbr::Dotted;
    }
    let f = lexicon::flags(word);
    if f & flag::TITLE != 0 && b[0].is_ascii_uppercase() {
        return Abbr::Title;
    }
    if f & (flag::ABBREV | flag::TITLE) != 0 {
        return Abbr::Other;
    }
    Abbr::None
}

/// `U.S`, `a.m`, `U.S.A`: single letters joined by dots.
fn is_dotted(b: &[u8]) -> bool {
    b.len() >= 3
        && b.iter().enumerate().all(|(i, &c)| {
            if i % 2 == 0 {
                c.is_ascii_alphabetic()
            } else {
                c == b'.'
            }
        })
        && b.len() % 2 == 1
}

/// A list marker at the start of `s` ("1.)", "2)", "3.", "a.", "• 9.", "⁃10.") and its length.
fn list_marker(s: &str) -> Option<(ListState, usize)> {
    let mut i = 0;
    let mut bullet = None;
    if let Some(c) = s.chars().next() {
        if matches!(c, '•' | '⁃' | '▪' | '◦' | '·') {
            bullet = Some(c);
            i += c.len_utf8();
            while s[i..].starts_with(' ') {
                i += 1;
            }
        }
    }
    let b = s.as_bytes();
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let ordinal = if (1..=3).contains(&digits) {
        let n: u32 = s[i..i + digits].parse().ok()?;
        i += digits;
        Some(Ordinal::Num(n))
    } else if digits == 0
        && b.get(i).is_some_and(u8::is_ascii_lowercase)
        && b.get(i + 1).is_some_and(|&c| c == b'.' || c == b')')
    {
        let l = b[i];
        i += 1;
        Some(Ordinal::Letter(l))
    } else {
        None
    };
    let Some(ord) = ordinal else {
        return bullet.map(|_| (ListState { bullet, next: None }, i));
    };
    let punct: &'static str = if s[i..].starts_with(".)") {
        ".)"
    } else if s[i..].starts_with(')') {
        ")"
    } else if s[i..].starts_with('.') {
        "."
    } else {
        return None;
    };
    i += punct.len();
    if !s[i..].starts_with(' ') {
        return None;
    }
    let next = match ord {
        Ordinal::Num(n) => Ordinal::Num(n + 1),
        Ordinal::Letter(l) => Ordinal::Letter(l + 1),
    };
    Some((
        ListState {
            bullet,
            next: Some((next, punct)),
        },
        i,
    ))
}

fn is_next_marker(state: &ListState, rest: &str) -> bool {
    if let Some(b) = state.bullet {
        return rest.starts_with(b);
    }
    let Some((ord, punct)) = state.next else {
        return false;
    };
    let tail = match ord {
        Ordinal::Num(n) => {
            let s = n.to_string();
            match rest.strip_prefix(s.as_str()) {
                Some(t) => t,
                None => return false,
            }
        }
        Ordinal::Letter(l) => match rest.as_bytes().first() {
            Some(&c) if c == l => &rest[1..],
            _ => return false,
        },
    };
    tail.strip_prefix(punct).is_some_and(|t| t.starts_with(' '))
}

/// A dateline opening a paragraph ("WASHINGTON —", "NEW YORK (Reuters) -", "Evansville,
/// Indiana, United States -"): its length including the dash, when there is one.
fn dateline_end(s: &str) -> Option<usize> {
    let limit = s.len().min(80);
    let head = &s[..floor_boundary(s, limit)];
    let (dash_at, dash_len) = head
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '—' | '–')
                || (c == '-' && head[..i].ends_with(' ') && head[i + 1..].starts_with(' '))
        })
        .map(|(i, c)| (i, c.len_utf8()))?;
    let prefix = head[..dash_at].trim_end();
    if prefix.is_empty() {
        return None;
    }
    let rest = s[dash_at + dash_len..].trim_start();
    if !rest
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '"' || c == '“')
    {
        return None;
    }
    let mut words = 0;
    let mut all_caps = false;
    let mut agency = false;
    for w in prefix.split_whitespace() {
        words += 1;
        let w = w.trim_end_matches(',');
        if w.starts_with('(') && w.ends_with(')') {
            agency = true;
            continue;
        }
        let first = w.chars().next()?;
        if !(first.is_uppercase() || first.is_ascii_digit()) {
            return None;
        }
        if w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars().all(|c| !c.is_lowercase())
        {
            all_caps = true;
        }
    }
    let comma = prefix.contains(',');
    (words <= 8 && (all_caps || comma || agency)).then_some(dash_at + dash_len)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        split_block(s, BlockKind::Paragraph)
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }

    #[test]
    fn titles_initials_and_dotted_abbreviations_stay_inside() {
        assert_eq!(
            split("Sen. Ted Cruz met Gov. Greg Abbott and George W. Bush in the U.S. Capitol."),
            ["Sen. Ted Cruz met Gov. Greg Abbott and George W. Bush in the U.S. Capitol."]
        );
        assert_eq!(
            split("He moved to the U.S. The next year he left."),
            ["He moved to the U.S.", "The next year he left."]
        );
    }

    #[test]
    fn months_and_numbers_after_abbreviations() {
        assert_eq!(
            split("It opened on Jan. 5 with No. 3 on p. 12 of the report. Sales fell."),
            [
                "It opened on Jan. 5 with No. 3 on p. 12 of the report.",
                "Sales fell."
            ]
        );
    }

    #[test]
    fn money_decimals_urls_and_emails() {
        assert_eq!(
            split("The deal is worth $3.5 billion. See example.com/a.b or write to a.b@c.org. Thanks."),
            [
                "The deal is worth $3.5 billion.",
                "See example.com/a.b or write to a.b@c.org.",
                "Thanks."
            ]
        );
    }

    #[test]
    fn quotes_end_or_continue_sentences() {
        assert_eq!(
            split("“We won.” She smiled. “Did we?” he asked. 'Yes.' They left."),
            [
                "“We won.”",
                "She smiled.",
                "“Did we?” he asked.",
                "'Yes.'",
                "They left."
            ]
        );
    }

    #[test]
    fn datelines_are_their_own_sentence() {
        assert_eq!(
            split("WASHINGTON — The Senate voted on Tuesday."),
            ["WASHINGTON —", "The Senate voted on Tuesday."]
        );
        assert_eq!(
            split("NEW YORK (Reuters) - Stocks fell."),
            ["NEW YORK (Reuters) -", "Stocks fell."]
        );
        assert_eq!(
            split("Evansville, Indiana, United States - This past week it opened."),
            [
                "Evansville, Indiana, United States -",
                "This past week it opened."
            ]
        );
        // A dash after a name in running text is not a dateline.
        assert_eq!(
            split("President Trump — who won — spoke."),
            ["President Trump — who won — spoke."]
        );
    }

    #[test]
    fn parentheses_and_times() {
        assert_eq!(
            split("The vote (held at 9 p.m. on Monday) passed. Then it failed at 10 p.m. The end."),
            [
                "The vote (held at 9 p.m. on Monday) passed.",
                "Then it failed at 10 p.m.",
                "The end."
            ]
        );
    }

    #[test]
    fn embedded_post_lines_split_at_the_attribution_dash() {
        let s = "Trump says Kim misses him pic.twitter.com/x\n— Kolja Barghoorn (@MitAktien) July 21, 2024";
        assert_eq!(
            split(s),
            [
                "Trump says Kim misses him pic.twitter.com/x",
                "— Kolja Barghoorn (@MitAktien) July 21, 2024"
            ]
        );
    }

    #[test]
    fn headlines_keep_their_lines() {
        let s = "A headline without a stop\nA second line";
        let got: Vec<&str> = split_block(s, BlockKind::Heading)
            .into_iter()
            .map(|r| &s[r])
            .collect();
        assert_eq!(got, ["A headline without a stop", "A second line"]);
    }
}
