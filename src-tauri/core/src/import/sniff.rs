//! Which reader a file needs, from its bytes first and its extension second.

use crate::document::Format;
use std::path::Path;

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The format of decoded text: HTML by its opening, Markdown by extension or by its marks.
pub fn text_format(text: &str, ext: &str) -> Format {
    let head = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head_lc: String = head.chars().take(1024).collect::<String>().to_lowercase();
    let opens_html = head_lc.starts_with("<!doctype html")
        || head_lc.starts_with("<html")
        || (head_lc.starts_with("<?xml") && head_lc.contains("<html"))
        || (head_lc.starts_with('<')
            && ["<head", "<body", "<article", "<meta "]
                .iter()
                .any(|t| head_lc.contains(t)));
    if opens_html {
        return Format::Html;
    }
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => return Format::Html,
        "md" | "markdown" | "mdown" | "mkd" | "mkdn" | "mdwn" | "mdtxt" | "rmd" | "qmd" => {
            return Format::Markdown
        }
        "txt" | "text" => return Format::Text,
        _ => {}
    }
    if markdown_score(head) >= 2 {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Counts Markdown marks in the first 200 lines; plain wire copy scores 0–1.
fn markdown_score(text: &str) -> u32 {
    let mut score = 0;
    if text.starts_with("---\n") || text.starts_with("---\r\n") {
        score += 2;
    }
    for line in text.lines().take(200) {
        let l = line.trim_start();
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && l[hashes..].starts_with(' ') {
            score += 1;
        }
        if l.starts_with("```") || l.starts_with("~~~") {
            score += 2;
        }
        if l.contains("](") && l.contains('[') {
            score += 1;
        }
        if l.contains("**") || l.starts_with("> ") {
            score += 1;
        }
        if score >= 6 {
            break;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_before_extension() {
        assert_eq!(text_format("<!DOCTYPE html><p>x", "txt"), Format::Html);
        assert_eq!(text_format("  <html><body>x", ""), Format::Html);
        assert_eq!(
            text_format("# Head\n\nSome [link](http://a).\n", ""),
            Format::Markdown
        );
        assert_eq!(
            text_format("# Head\n\nSome [link](http://a).\n", "txt"),
            Format::Text
        );
        assert_eq!(
            text_format("Headline\nPlain story - with a dash.\n", ""),
            Format::Text
        );
        assert_eq!(text_format("Headline\n", "md"), Format::Markdown);
    }
}
