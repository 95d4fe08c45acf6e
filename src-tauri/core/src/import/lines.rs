//! Recognising the lines of an article that are not story text: bylines, timestamps,
//! datelines and the attribution line under an embedded social post. Shared by every reader.

use super::dates::parse_date_line;
use crate::document::{BlockKind, Document};

/// "— Kolja Barghoorn (@MitAktien) July 21, 2024": the line under an embedded post.
pub fn is_post_attribution(line: &str) -> bool {
    let line = line.trim();
    let Some(rest) = line
        .strip_prefix('—')
        .or_else(|| line.strip_prefix('–'))
        .or_else(|| line.strip_prefix("--"))
        .or_else(|| line.strip_prefix('-'))
    else {
        return false;
    };
    if line.len() > 200 {
        return false;
    }
    let Some(at) = rest.find("(@") else {
        return false;
    };
    let handle = &rest[at + 2..];
    let end = handle.find(')').unwrap_or(0);
    end > 0
        && handle[..end]
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// A person's name as bylines print it: 2–5 capitalised words ("Tyler Durden",
/// "Mary-Ann O’Neil", "J. R. Smith").
pub fn looks_like_name(s: &str) -> bool {
    let s = s.trim();
    if s.len() > 60 || s.ends_with(['.', ':', '?', '!', ',']) && !s.ends_with("Jr.") {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let particles = [
        "de", "van", "von", "der", "da", "di", "la", "le", "bin", "al",
    ];
    words.iter().all(|w| {
        particles.contains(w)
            || (w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')))
    })
}

/// "By Jane Doe" (optionally "and John Roe"): the name part, or `None`.
pub fn by_prefix(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("by "))
        .or_else(|| line.strip_prefix("BY "))?
        .trim();
    let first = rest.split([',', '|']).next().unwrap_or(rest).trim();
    let names_ok = first
        .split(" and ")
        .all(|n| looks_like_name(n) || n.split_whitespace().count() == 1);
    (names_ok && !first.is_empty() && rest.len() <= 100).then_some(rest)
}

pub fn is_timestamp(line: &str) -> Option<String> {
    parse_date_line(line)
}

/// "WASHINGTON (Reuters) -", "SEOUL, Nov 26 —": a place in capitals and a source or date.
pub fn is_dateline(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 80 || line.len() < 4 {
        return false;
    }
    let head_end = line.find([',', '(', '-', '–', '—']).unwrap_or(line.len());
    let head = line[..head_end].trim();
    let letters = head.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || head.chars().any(char::is_lowercase) {
        return false;
    }
    let rest = line[head_end..].trim_matches(|c: char| c.is_whitespace() || "-–—,".contains(c));
    rest.is_empty()
        || (rest.starts_with('(') && rest.ends_with(')') && rest.len() <= 30)
        || parse_date_line(rest).is_some()
        || rest
            .rsplit_once('(')
            .is_some_and(|(d, src)| src.ends_with(')') && parse_date_line(d).is_some())
}

/// For readers with structure of their own (Markdown, HTML, Word): paragraphs that are only a
/// date become Timestamp blocks, and a name beside one (or "By …") a Byline block; the
/// document's byline and published date are filled from them when the file did not say.
pub fn retag_meta_blocks(doc: &mut Document) {
    let n = doc.blocks.len();
    for i in 0..n {
        if doc.blocks[i].kind != BlockKind::Paragraph {
            continue;
        }
        let text = &doc.text[doc.blocks[i].range.clone()];
        if text.len() > 100 {
            continue;
        }
        if let Some(date) = is_timestamp(text) {
            doc.blocks[i].kind = BlockKind::Timestamp;
            doc.published.get_or_insert(date);
        }
    }
    for i in 0..n {
        if doc.blocks[i].kind != BlockKind::Paragraph {
            continue;
        }
        let text = &doc.text[doc.blocks[i].range.clone()];
        if text.len() > 100 {
            continue;
        }
        let beside_timestamp = (i > 0 && doc.blocks[i - 1].kind == BlockKind::Timestamp)
            || doc
                .blocks
                .get(i + 1)
                .is_some_and(|b| b.kind == BlockKind::Timestamp);
        let name = match by_prefix(text) {
            Some(name) => Some(name.to_string()),
            None if beside_timestamp && looks_like_name(text) => Some(text.to_string()),
            None => None,
        };
        if let Some(name) = name {
            doc.blocks[i].kind = BlockKind::Byline;
            doc.byline.get_or_insert(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_lines() {
        assert!(is_post_attribution(
            "— Kolja Barghoorn (@MitAktien) July 21, 2024"
        ));
        assert!(is_post_attribution("- Someone (@some_one) 2024"));
        assert!(!is_post_attribution("— a dash that is not an attribution"));
        assert!(!is_post_attribution("Kolja (@MitAktien) said"));
    }

    #[test]
    fn names_and_bylines() {
        assert!(looks_like_name("Tyler Durden"));
        assert!(looks_like_name("Ludwig van Beethoven"));
        assert!(!looks_like_name("Earlier on the Trump campaign trail…"));
        assert!(!looks_like_name("Trump"));
        assert_eq!(by_prefix("By Jane Doe, Reuters"), Some("Jane Doe, Reuters"));
        assert_eq!(by_prefix("By the time he left, it was over."), None);
    }

    #[test]
    fn datelines() {
        assert!(is_dateline("WASHINGTON (Reuters) -"));
        assert!(is_dateline("SEOUL, Nov 26, 2024 —"));
        assert!(!is_dateline("WASHINGTON is a city where things happen"));
        assert!(!is_dateline("Tyler Durden"));
    }
}
