//! Annotated Markdown in real renderers: Debian's pandoc (HTML and DOCX) and a GitHub-flavoured
//! render (pulldown-cmark with footnotes and tables). Every claim's status word and sources
//! must show; no machine record may.

use factdesk_core::export::{export, fixture, ExportFormat, ExportOptions};
use pulldown_cmark::{html, Options, Parser};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const PANDOC: &str = "/usr/bin/pandoc";

struct Case {
    md: String,
    /// (status label, source titles) per claim.
    expect: Vec<(String, Vec<String>)>,
}

/// The shared checked article, exported to annotated Markdown with a summary.
fn case() -> Case {
    let f = fixture::checked_article();
    let md = export(
        &f.check(),
        ExportFormat::AnnotatedMd,
        &ExportOptions {
            summary: true,
            ..Default::default()
        },
    )
    .unwrap();
    let expect = f
        .claims
        .iter()
        .map(|c| {
            let st = f.statuses.iter().find(|s| s.key == c.status).unwrap();
            (
                st.label.clone(),
                c.sources.iter().map(|s| s.title.clone()).collect(),
            )
        })
        .collect();
    Case { md, expect }
}

/// What a reader sees of an HTML page: comments and tags removed, entities decoded a little.
fn visible(html: &str) -> String {
    let mut s = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        s.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    s.push_str(rest);
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

fn check_visible(renderer: &str, text: &str, case: &Case) {
    // Renderers wrap lines; what counts is the words in order.
    let text = &text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (label, sources) in &case.expect {
        assert!(
            text.contains(label.as_str()),
            "{renderer}: status {label} not shown:\n{text}"
        );
        for s in sources {
            assert!(
                text.contains(s.as_str()),
                "{renderer}: source {s} not shown:\n{text}"
            );
        }
    }
    for record in [
        "factdesk:claim",
        "factdesk:export",
        "\"anchor\"",
        "u002d",
        "\"quote\"",
    ] {
        assert!(
            !text.contains(record),
            "{renderer}: machine record visible ({record}):\n{text}"
        );
    }
    // (Pandoc's typography may turn `-->` into `–>`.)
    assert!(
        text.contains("Confirmed by the pool report"),
        "{renderer}: note missing:\n{text}"
    );
    assert!(
        text.contains("Second paragraph of the note."),
        "{renderer}: note missing:\n{text}"
    );
    assert!(
        text.contains("Kim Jong Un met Donald Trump"),
        "{renderer}: article missing"
    );
}

fn gfm_html(md: &str) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(md, opts));
    out
}

#[test]
fn gfm_render_shows_status_note_and_sources_but_no_record() {
    let c = case();
    let html = gfm_html(&c.md);
    check_visible("GFM", &visible(&html), &c);
    // Four working footnote references, and the table and code span intact.
    assert_eq!(
        html.matches("class=\"footnote-reference\"").count(),
        4,
        "{html}"
    );
    assert!(html.contains("<code>KCNA</code>"), "{html}");
    assert!(html.contains("<td>Singapore<sup"), "{html}");
}

fn pandoc(args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new(PANDOC)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pandoc {args:?} failed");
    out.stdout
}

fn have_pandoc() -> bool {
    if Path::new(PANDOC).exists() {
        return true;
    }
    eprintln!(
        "SKIPPED: {PANDOC} is not installed (apt-get install pandoc); pandoc renders not checked"
    );
    false
}

#[test]
fn pandoc_html_shows_status_note_and_sources_but_no_record() {
    if !have_pandoc() {
        return;
    }
    let c = case();
    for from in ["markdown", "gfm", "commonmark_x"] {
        let html = String::from_utf8(pandoc(&["-f", from, "-t", "html"], c.md.as_bytes())).unwrap();
        check_visible(&format!("pandoc {from} → HTML"), &visible(&html), &c);
        assert_eq!(
            html.matches("class=\"footnote-ref\"").count(),
            4,
            "{from}: {html}"
        );
    }
}

#[test]
fn pandoc_docx_shows_status_note_and_sources_but_no_record() {
    if !have_pandoc() {
        return;
    }
    let c = case();
    let dir = std::env::temp_dir().join(format!("factdesk-docx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let docx = dir.join("check.docx");
    let status = Command::new(PANDOC)
        .args(["-f", "markdown", "-t", "docx", "-o"])
        .arg(&docx)
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut ch| {
            ch.stdin.take().unwrap().write_all(c.md.as_bytes())?;
            ch.wait()
        })
        .unwrap();
    assert!(status.success());
    let text = String::from_utf8(pandoc(
        &[
            "-f",
            "docx",
            "-t",
            "plain",
            "--wrap=none",
            docx.to_str().unwrap(),
        ],
        b"",
    ))
    .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    check_visible("pandoc → DOCX", &text, &c);
}
