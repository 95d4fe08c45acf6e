//! The Markdown reader's tests (`#[cfg(test)] mod tests` of `markdown.rs`).

use super::check::{read_apart, whole};
use super::*;

fn doc(s: &str) -> Document {
    read(s.to_string(), s.as_bytes(), None)
}

fn kinds(d: &Document) -> Vec<(BlockKind, u8)> {
    d.blocks.iter().map(|b| (b.kind, b.level)).collect()
}

/// Export relies on this: every mapped run is a verbatim copy of its source bytes.
fn assert_map_is_verbatim(d: &Document) {
    for s in &d.source_map {
        assert_eq!(
            &d.source[s.src_start..s.src_start + s.len],
            &d.text[s.text_start..s.text_start + s.len],
            "run {s:?}"
        );
    }
}

const RICH: &str = "---\ntitle: \"Front Title\"\nauthor:\n  - Jane Doe\n  - John Roe\ndate: 2024-11-26T21:20:00Z\nurl: https://example.com/a\n---\n\n# Heading One\n\nSome *emphasis*, **strong**, `code`, ~~gone~~ and a [link](https://example.org) &amp; an escape \\*.\n\n> A quoted line\n> continues.\n\n- item one\n  - nested item\n- [x] done task\n\n```rust\nfn main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nA note.[^n]\n\n[^n]: The footnote text.\n\n<script>alert(1)</script>\n\nText with <b>inline html</b>.\n";

#[test]
fn structure_and_front_matter() {
    let d = doc(RICH);
    assert_eq!(d.title.as_deref(), Some("Front Title"));
    assert_eq!(d.byline.as_deref(), Some("Jane Doe, John Roe"));
    assert_eq!(d.published.as_deref(), Some("2024-11-26T21:20:00Z"));
    assert_eq!(d.url.as_deref(), Some("https://example.com/a"));
    let k = kinds(&d);
    assert_eq!(k[0], (BlockKind::Title, 1));
    assert!(k.contains(&(BlockKind::Quote, 0)));
    assert!(k.contains(&(BlockKind::ListItem, 1)));
    assert!(k.contains(&(BlockKind::ListItem, 2)));
    assert!(k.contains(&(BlockKind::Code, 0)));
    assert!(k.contains(&(BlockKind::TableRow, 0)));
    assert!(k.contains(&(BlockKind::Footnote, 0)));
    assert!(d
        .text
        .contains("Some emphasis, strong, code, gone and a link & an escape *."));
    assert!(d.text.contains("A quoted line continues."));
    assert!(d.text.contains("[x] done task"));
    assert!(d.text.contains("a | b"));
    assert!(d.text.contains("[n] The footnote text."));
    // Raw HTML stays visible as text.
    assert!(d.text.contains("<script>alert(1)</script>"));
    assert!(d.text.contains("Text with <b>inline html</b>."));
    let link = &d.links[0];
    assert_eq!(&d.text[link.range.clone()], "link");
    assert_eq!(link.href, "https://example.org");
    assert_map_is_verbatim(&d);
}

#[test]
fn title_from_first_h1_without_front_matter() {
    let d = doc("Intro para.\n\n# The Title\n\nBody.\n");
    assert_eq!(d.title.as_deref(), Some("The Title"));
    let d = doc("# First\n\nBody.\n");
    assert_eq!(kinds(&d)[0], (BlockKind::Title, 1));
    assert_eq!(d.title.as_deref(), Some("First"));
}

#[test]
fn front_matter_title_without_h1_becomes_first_block() {
    let d = doc("---\ntitle: Only Here\n---\nBody text.\n");
    assert_eq!(d.text, "Only Here\n\nBody text.");
    assert_eq!(kinds(&d)[0], (BlockKind::Title, 0));
    assert_map_is_verbatim(&d);
}

#[test]
fn source_offsets_point_at_the_same_text() {
    let d = doc(RICH);
    for word in [
        "emphasis", "strong", "code", "link", "quoted", "nested", "footnote",
    ] {
        let at = d.text.find(word).unwrap();
        let src = d.source_offset(at).unwrap();
        assert_eq!(&RICH[src..src + word.len()], word);
    }
    assert!(d.source_map.len() > 10);
}

#[test]
fn crlf_source_maps_and_reads() {
    let src = "# T\r\n\r\nLine one\r\nline two.\r\n";
    let d = doc(src);
    assert_eq!(d.text, "T\n\nLine one line two.");
    assert_map_is_verbatim(&d);
}

#[test]
fn tweet_in_a_quote_is_a_post() {
    let d = doc("# T\n\n> Post text here\\\n> — Some One (@someone) July 21, 2024\n");
    assert_eq!(kinds(&d)[1].0, BlockKind::Post);
}

/// Reading in pieces of any size (one byte and up) on 1, 2, 3 and 7 threads, and with
/// every run read apart and joined, gives the document of one whole parse, byte for byte.
/// Returns how many of 7 runs read apart were joined.
fn assert_parallel_same(src: &str) -> usize {
    let one = whole(src);
    for threads in [1, 2, 3, 7] {
        let doc = read_pieces(src.to_string(), src.as_bytes(), 1, threads);
        assert_eq!(doc, one, "{threads} threads on {src:?}");
    }
    let mut joined = 0;
    for n in [Some(2), Some(3), Some(7), None] {
        let (doc, j) = read_apart(src, 1, n);
        assert_eq!(doc, one, "{n:?} runs read apart on {src:?}");
        if n == Some(7) {
            joined = j;
        }
    }
    joined
}

/// A section with everything a join must carry over: an H1, a front matter title, a
/// footnote, a link, a table, a list, a quote with a post, code.
fn section(i: usize) -> String {
    format!(
        "# Heading {i}\n\nText with a note[^{i}], a [link](https://e.com/{i}) and **bold**.\n\n\
         a | b\n---|---\n1 | {i}\n\n- item\n  - nested\n\n    code {i}\n\n\
         > Post text\\\n> — Some One (@someone) July 21, 2024\n\n[^{i}]: The note.\n\n"
    )
}

#[test]
fn runs_on_threads_join_into_the_document_of_one_pass() {
    let body: String = (0..12).map(section).collect();
    assert_eq!(assert_parallel_same(&body), 6);
    // Front matter names the article even when an H1 comes in a later run.
    let src = format!("---\ntitle: Front\nauthor: A\n---\n\n{body}");
    assert_parallel_same(&src);
    assert_eq!(whole(&src).title.as_deref(), Some("Front"));
    // A first run with no block yet (front matter and a definition only): its title block
    // goes first all the same, as the next run is read again on the first reader.
    let src = format!("---\ntitle: Front\n---\n\n[x]: /x\n\nPara one.\n\n{body}");
    let (doc, joined) = read_apart(&src, 1, None);
    assert!(joined > 0 && joined < md_split::pieces(&src, 1).len() - 1);
    assert_eq!(kinds(&doc)[0], (BlockKind::Title, 0));
    assert_parallel_same(&src);
    // No H1 until a later run: it names the article.
    let src = format!("Intro.\n\nMore.\n\n{body}");
    assert_parallel_same(&src);
    assert_eq!(whole(&src).title.as_deref(), Some("Heading 0"));
    // And a second front matter block further on overrides it.
    let src = format!("Intro.\n\nMore.\n\n{body}---\ntitle: Late\n---\n\nEnd.\n");
    assert_parallel_same(&src);
    assert_eq!(whole(&src).title.as_deref(), Some("Late"));
}

#[test]
fn a_long_article_is_read_apart_without_reading_again() {
    let body: String = (0..1000).map(section).collect();
    // Pieces of 4 KB, so that this quarter megabyte gives as many runs as a file 16 times
    // larger gives two threads.
    let n = 2 * RUNS_PER_THREAD;
    assert!(md_split::pieces(&body, 4096).len() >= n);
    let (doc, joined) = read_apart(&body, 4096, Some(n));
    assert_eq!(joined, n - 1);
    assert_eq!(doc, whole(&body));
    assert_map_is_verbatim(&doc);
    assert_eq!(
        read_pieces(body.clone(), body.as_bytes(), md_split::PIECE, 2),
        doc
    );
}

#[test]
fn fixtures_read_the_same_on_any_number_of_threads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = vec![root.join("ARCHITECTURE.md"), root.join("README.md")];
    let mut dirs = vec![root.join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 5, "{files:?}");
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        assert_parallel_same(&src);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
    #[test]
    fn any_markdown_reads_the_same_on_any_number_of_threads(
        parts in proptest::collection::vec(0..md_split::tests::FRAGMENTS.len() + 3, 0..40)
    ) {
        // The fragments md_split is tested with, plus what only the reader cares about.
        let extra = ["# Title\n", "---\ntitle: T\nauthor: A\n---\n", "Tweet\\\n— A (@a) May 1, 2024\n"];
        let src: String = parts
            .iter()
            .map(|&i| md_split::tests::FRAGMENTS.get(i).copied().unwrap_or_else(|| extra[i - md_split::tests::FRAGMENTS.len()]))
            .collect();
        assert_parallel_same(&src);
    }
}
