//! Annotated Markdown in real renderers: Debian's pandoc (HTML and DOCX) and a GitHub-flavoured
//! render (pulldown-cmark with footnotes and tables). Every claim's status word and sources
//! must show; no machine record may.

use factdesk_core::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
use factdesk_core::export::{export, ArticleMeta, Check, ExportFormat, ExportOptions};
use factdesk_core::model::{Anchor, ClaimRecord, Origin, Source, SourceKind, StatusDef};
use pulldown_cmark::{html, Options, Parser};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const PANDOC: &str = "/usr/bin/pandoc";

const SOURCE: &str = "# Trump and Kim to meet again\n\n\
Kim Jong Un met Donald Trump in *Hanoi* in February 2019, the second summit.\n\
It ended early, said `KCNA`, the [state agency](https://kcna.example/a b).\n\n\
| Year | Place |\n|---|---|\n| 2018 | Singapore |\n\n\
> Wow, the first time in history!\n";

/// The Markdown mapped as the Markdown reader maps it: text runs verbatim.
fn document() -> Document {
    let mut b = DocumentBuilder::new(Format::Markdown);
    let mut from = 0;
    let mut run = |b: &mut DocumentBuilder, s: &str| {
        let at = SOURCE[from..].find(s).unwrap() + from;
        b.push_mapped(s, at);
        from = at + s.len();
    };
    b.begin_block(BlockKind::Title, 0);
    run(&mut b, "Trump and Kim to meet again");
    b.begin_block(BlockKind::Paragraph, 0);
    run(&mut b, "Kim Jong Un met Donald Trump in ");
    run(&mut b, "Hanoi");
    run(&mut b, " in February 2019, the second summit.");
    b.push_space();
    run(&mut b, "It ended early, said ");
    run(&mut b, "KCNA");
    run(&mut b, ", the ");
    run(&mut b, "state agency");
    run(&mut b, ".");
    b.begin_block(BlockKind::TableRow, 0);
    run(&mut b, "2018");
    b.push_text(" ");
    run(&mut b, "Singapore");
    b.begin_block(BlockKind::Quote, 0);
    run(&mut b, "Wow, the first time in history!");
    b.finish(Metadata::default(), SOURCE.to_string(), SOURCE.as_bytes())
}

fn claim(
    doc: &Document,
    id: &str,
    quote: &str,
    status: &str,
    note: &str,
    src: &[(&str, &str)],
) -> ClaimRecord {
    let b = doc.text.find(quote).unwrap();
    let s = doc.text[..b].chars().count();
    ClaimRecord {
        id: id.into(),
        anchor: Anchor::from_text(&doc.text, s, s + quote.chars().count()),
        origin: Origin::Automatic,
        kinds: vec![],
        score: 0.9,
        reasons: vec!["'first time in history'".into()],
        facts: vec![],
        status: status.into(),
        note: note.into(),
        sources: src
            .iter()
            .enumerate()
            .map(|(i, (title, loc))| Source {
                id: format!("s{}", i + 1),
                kind: if loc.starts_with("http") {
                    SourceKind::Web
                } else {
                    SourceKind::Person
                },
                title: title.to_string(),
                location: loc.to_string(),
                accessed: None,
                excerpt: String::new(),
                file_path: None,
                file_sha256: None,
            })
            .collect(),
        dismissed: false,
        needs_recheck: false,
        orphaned: false,
        updated: "2024-11-27T10:00:00Z".into(),
    }
}

struct Case {
    md: String,
    /// (status label, source titles) per claim.
    expect: Vec<(String, Vec<String>)>,
}

fn case(doc: &Document) -> Case {
    let claims = vec![
        claim(
            doc,
            "c1",
            "Kim Jong Un met Donald Trump in Hanoi in February 2019",
            "verified",
            "Confirmed by the pool report --> see below.",
            &[("White House pool report", "https://wh.example/pool (2019)")],
        ),
        claim(
            doc,
            "c2",
            "It ended early, said KCNA",
            "disputed",
            "Two sources disagree.\n\nSecond paragraph of the note.",
            &[
                ("Reuters wire", "https://reuters.example/x"),
                ("Jane Doe", "phone call"),
            ],
        ),
        claim(doc, "c3", "Singapore", "false", "", &[]),
        claim(
            doc,
            "c4",
            "the first time in history!",
            "unverifiable",
            "Cannot be checked.",
            &[("Archive box 7", "newsroom basement")],
        ),
    ];
    let statuses = StatusDef::defaults();
    let article = ArticleMeta::default();
    let check = Check {
        doc,
        claims: &claims,
        statuses: &statuses,
        article: &article,
        checker: Some("Ann Checker"),
        date: "2024-11-27T10:00:00Z",
    };
    let md = export(
        &check,
        ExportFormat::AnnotatedMd,
        &ExportOptions {
            summary: true,
            ..Default::default()
        },
    )
    .unwrap();
    let expect = claims
        .iter()
        .map(|c| {
            let st = statuses.iter().find(|s| s.key == c.status).unwrap();
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
    let doc = document();
    let c = case(&doc);
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
    let doc = document();
    let c = case(&doc);
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
    let doc = document();
    let c = case(&doc);
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
