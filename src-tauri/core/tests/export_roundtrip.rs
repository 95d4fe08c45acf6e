//! Property tests: random Markdown × random claims, notes and sources.
//! export → read gives back the claims exactly and the source byte for byte; the annotated
//! file parses to the same document (same blocks, text, code, links, HTML) plus footnotes.

use factdesk_core::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
use factdesk_core::export::fixture::{self, CheckFixture};
use factdesk_core::export::{annotated, export, w3c, ArticleMeta, ExportFormat, ExportOptions};
use factdesk_core::import::{import_bytes, ImportOptions};
use factdesk_core::model::{Anchor, ClaimRecord, Origin, Source, SourceKind, StatusDef};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::Path;

fn opts() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// A Document from Markdown the way a Markdown reader maps it: every text run (also code
/// and inline HTML, shown as text) mapped to its source bytes.
fn md_document(src: &str) -> Document {
    let mut b = DocumentBuilder::new(Format::Markdown);
    for (ev, r) in Parser::new_ext(src, opts()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell) => {
                b.begin_block(BlockKind::Paragraph, 0)
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                b.begin_block(BlockKind::Code, 0)
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock) => b.end_block(),
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                match src[r.clone()].find(&*t) {
                    Some(off) => b.push_mapped(&t, r.start + off),
                    None => b.push_text(&t),
                }
            }
            Event::SoftBreak => b.push_space(),
            Event::HardBreak => b.push_line_break(),
            _ => {}
        }
    }
    b.finish(Metadata::default(), src.to_string(), src.as_bytes())
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z]{1,8}",
        1 => Just("café".to_string()),
        1 => Just("🤣".to_string()),
        1 => Just("مرحبا".to_string()),
        1 => Just("3,000".to_string()),
        1 => Just("wow!".to_string()),
        1 => Just("x\\".to_string()),
        1 => Just("a]".to_string()),
        1 => Just("(sic)".to_string()),
        1 => Just("e.g.:".to_string()),
    ]
}

fn inline() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => word(),
        1 => word().prop_map(|w| format!("`{w} code`")),
        1 => word().prop_map(|w| format!("``a `{w}` b``")),
        1 => (word(), word()).prop_map(|(t, d)| format!("[{t} link](http://e.com/{d}_(x))")),
        1 => (word(), word()).prop_map(|(t, d)| format!("[{t}](<http://e.com/a b {d}>)")),
        1 => word().prop_map(|w| format!("![alt {w}](img.png)")),
        1 => word().prop_map(|w| format!("*{w}*")),
        1 => word().prop_map(|w| format!("**{w} strong**")),
        1 => word().prop_map(|w| format!("~~{w}~~")),
        1 => word().prop_map(|w| format!("<span title=\"a b\">{w}</span>")),
        1 => Just("<br>".to_string()),
        1 => Just("[^own]".to_string()),
        1 => Just("<https://auto.example/x>".to_string()),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..8).prop_map(|v| v.join(" "))
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::vec(line(), 1..3).prop_map(|v| v.join("\n")),
        1 => line().prop_map(|l| format!("## {l}")),
        1 => line().prop_map(|l| format!("> {l}")),
        1 => prop::collection::vec(line(), 1..3)
            .prop_map(|v| v.iter().map(|l| format!("- {l}")).collect::<Vec<_>>().join("\n")),
        1 => (word(), line(), word()).prop_map(|(a, l, b)| {
            format!("| {a} | head |\n|---|---|\n| {} | {b} |", l.replace('|', "\\|"))
        }),
        1 => word().prop_map(|w| format!("```text\ncode {w} here\n```")),
        1 => word().prop_map(|w| format!("<div>\nhtml {w} block\n</div>")),
        1 => line().prop_map(|l| format!("[^own]: their own note {l}")),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(block(), 1..7),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(blocks, front, trailing_nl)| {
            let mut s = String::new();
            if front {
                s.push_str("---\ntitle: T\n---\n\n");
            }
            s.push_str(&blocks.join("\n\n"));
            if trailing_nl {
                s.push('\n');
            }
            s
        })
}

fn nasty() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("-->"),
            Just("<!--"),
            Just("`"),
            Just("```"),
            Just("["),
            Just("]"),
            Just("|"),
            Just("*"),
            Just("http://x.y/a b(c)"),
            Just("🤣"),
            Just("שלום"),
            Just("\n"),
            Just("\n\n"),
            Just("[^fd-c1]"),
            Just("\\"),
            Just("\""),
            Just("plain words"),
            Just("<!-- factdesk:claim {} -->"),
            Just("- item"),
            Just("# head"),
            Just("==="),
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

fn source() -> impl Strategy<Value = Source> {
    (nasty(), nasty(), any::<bool>()).prop_map(|(title, loc, url)| Source {
        id: "s1".into(),
        kind: if url {
            SourceKind::Web
        } else {
            SourceKind::Person
        },
        title,
        location: if url {
            format!("https://e.org/{loc}")
        } else {
            loc
        },
        accessed: Some("2024-11-27".into()),
        excerpt: String::new(),
        file_path: None,
        file_sha256: None,
    })
}

/// Annotated Markdown with the default statuses, no checker, no date, no summary.
fn annotated_md(doc: &Document, claims: &[ClaimRecord]) -> String {
    let f = CheckFixture {
        claims: claims.to_vec(),
        ..CheckFixture::new(doc.clone())
    };
    export(
        &f.check(),
        ExportFormat::AnnotatedMd,
        &ExportOptions::default(),
    )
    .unwrap()
}

/// Claims over random ranges inside blocks, with nasty notes and sources.
fn claims_for(
    doc: &Document,
    picks: &[(usize, usize, usize, String, Vec<Source>)],
) -> Vec<ClaimRecord> {
    let statuses = [
        "unchecked",
        "verified",
        "disputed",
        "false",
        "unverifiable",
        "mine",
    ];
    let mut out = Vec::new();
    if doc.blocks.is_empty() {
        return out;
    }
    for (k, (bi, a, len, note, sources)) in picks.iter().enumerate() {
        let block = &doc.blocks[bi % doc.blocks.len()];
        let text = &doc.text[block.range.clone()];
        let n = text.chars().count();
        if n == 0 {
            continue;
        }
        let s0 = doc.text[..block.range.start].chars().count();
        let s = a % n;
        let e = (s + 1 + len % n).min(n);
        out.push(ClaimRecord {
            id: format!("c{}", k + 1),
            anchor: Anchor::from_text(&doc.text, s0 + s, s0 + e),
            origin: if k % 2 == 0 {
                Origin::Automatic
            } else {
                Origin::Manual
            },
            kinds: vec![],
            score: 0.00001 * k as f32,
            reasons: vec![format!("reason {note}")],
            facts: vec![],
            status: statuses[k % statuses.len()].into(),
            note: note.clone(),
            sources: sources.clone(),
            dismissed: k % 5 == 4,
            needs_recheck: false,
            orphaned: false,
            updated: "2024-11-27T10:00:00Z".into(),
        });
    }
    out
}

/// The document as a parser sees it, without footnote references to `fd` labels and without
/// the word joiners placed before some of them; stops where Factdesk's trailer starts.
fn shape(md: &str, upto: usize) -> (Vec<String>, usize) {
    let mut out: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut refs = 0;
    for (ev, r) in Parser::new_ext(md, opts()).into_offset_iter() {
        if r.start >= upto {
            break;
        }
        match ev {
            Event::Text(t) => text.push_str(&t.replace('\u{2060}', "")),
            Event::FootnoteReference(l) if l.starts_with("fd") => refs += 1,
            other => {
                if !text.is_empty() {
                    out.push(std::mem::take(&mut text));
                }
                // The last line of the source may gain a line break before the trailer.
                out.push(format!("{other:?}").replace("\\n\")", "\")"));
            }
        }
    }
    if !text.is_empty() {
        out.push(text);
    }
    for t in out.iter_mut() {
        while t.ends_with('\n') {
            t.pop();
        }
    }
    (out, refs)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn annotated_markdown_round_trips_and_changes_nothing_else(
        src in markdown(),
        picks in prop::collection::vec(
            (0usize..20, 0usize..400, 0usize..60, nasty(), prop::collection::vec(source(), 0..3)),
            0..8,
        ),
        summary in any::<bool>(),
    ) {
        let doc = md_document(&src);
        let claims = claims_for(&doc, &picks);
        let mut statuses = StatusDef::defaults();
        statuses.push(StatusDef { key: "mine".into(), label: "Needs <b>work</b> -->".into(),
            colour: "#000".into(), mark: "*".into(), rating: Some(2), builtin: false });
        let f = CheckFixture { claims, statuses, checker: Some("Ann [checker]".into()),
            date: "2024-11-27T10:00:00Z".into(), ..CheckFixture::new(doc) };
        let opts = ExportOptions { summary, ..ExportOptions::default() };
        let md = export(&f.check(), ExportFormat::AnnotatedMd, &opts).unwrap();

        let back = annotated::read(&md).unwrap();
        prop_assert_eq!(&back.source, &src);
        prop_assert!(back.intact);
        prop_assert_eq!(&back.claims, &f.claims);
        prop_assert_eq!(&back.statuses, &f.statuses);

        // Same document for a parser: nothing landed in code, links, HTML or their own notes.
        let trailer = md.find("<!-- factdesk:export ").unwrap();
        let (orig, _) = shape(&src, usize::MAX);
        let (mut ann, refs) = shape(&md, trailer);
        if summary {
            // The summary: an HTML comment block, then a block quote; nothing else is new.
            let i = ann.iter().position(|e| e.contains("factdesk:summary")).unwrap();
            let end = i + ann[i..].iter().position(|e| e.starts_with("End(BlockQuote")).unwrap();
            prop_assert_eq!(&ann[i - 1], "Start(HtmlBlock)");
            ann.drain(i - 1..=end);
        }
        prop_assert_eq!(&ann, &orig);
        // Every placed claim has a working reference; every claim a footnote definition.
        let placed = md.matches("\"at\":").count() - md.matches("\"at\":null").count();
        let placed = placed - usize::from(summary);
        prop_assert_eq!(refs, placed, "{}", md);
    }

    #[test]
    fn round_trips_through_the_markdown_reader(
        src in markdown(),
        picks in prop::collection::vec(
            (0usize..20, 0usize..400, 0usize..60, nasty(), prop::collection::vec(source(), 0..3)),
            0..8,
        ),
    ) {
        // The real reader, as the app uses it.
        let Ok(doc) = import_bytes(Path::new("t.md"), src.as_bytes(), &ImportOptions::default()) else {
            return Ok(());
        };
        let f = CheckFixture { claims: claims_for(&doc, &picks), ..CheckFixture::new(doc) };
        let md = export(&f.check(), ExportFormat::AnnotatedMd, &ExportOptions::default()).unwrap();
        let back = annotated::read(&md).unwrap();
        prop_assert_eq!(&back.claims, &f.claims);
        let doc = &f.doc;
        if doc.format == Format::Markdown {
            prop_assert_eq!(&back.source, &src);
            prop_assert!(back.intact);
            let trailer = md.find("<!-- factdesk:export ").unwrap();
            prop_assert_eq!(shape(&md, trailer).0, shape(&src, usize::MAX).0);
            // Reading the stripped source again gives the same text the positions count in.
            let again = import_bytes(Path::new("t.md"), back.source.as_bytes(), &ImportOptions::default()).unwrap();
            prop_assert_eq!(&again.text, &doc.text);
        }
    }

    #[test]
    fn w3c_json_round_trips(
        src in markdown(),
        picks in prop::collection::vec(
            (0usize..20, 0usize..400, 0usize..60, nasty(), prop::collection::vec(source(), 0..3)),
            0..6,
        ),
    ) {
        let doc = md_document(&src);
        let f = CheckFixture { claims: claims_for(&doc, &picks),
            article: ArticleMeta { url: Some("https://news.example/a".into()), ..Default::default() },
            ..CheckFixture::new(doc) };
        let json = export(&f.check(), ExportFormat::Json, &ExportOptions::default()).unwrap();
        prop_assert_eq!(w3c::read(&json).unwrap(), f.claims);
    }

    #[test]
    fn flavours_keep_every_character_of_the_source(
        src in markdown(),
        picks in prop::collection::vec(
            (0usize..20, 0usize..400, 0usize..60, nasty(), prop::collection::vec(source(), 0..2)),
            0..6,
        ),
    ) {
        let doc = md_document(&src);
        let fx = CheckFixture { claims: claims_for(&doc, &picks), ..CheckFixture::new(doc) };
        for f in [ExportFormat::Critic, ExportFormat::Pandoc] {
            let out = export(&fx.check(), f, &ExportOptions::default()).unwrap();
            // Only insertions: the source is a subsequence of the output.
            let mut it = out.chars();
            prop_assert!(src.chars().all(|c| it.any(|o| o == c)), "{}", out);
        }
    }
}

#[test]
fn a_plain_text_article_is_rendered_then_annotated_and_read_back() {
    let mut b = DocumentBuilder::new(Format::Text);
    b.begin_block(BlockKind::Title, 0);
    b.push_text("Trump and Kim *to* meet [again]");
    b.begin_block(BlockKind::Paragraph, 0);
    b.push_text("1. The first meeting was in Singapore in 2018. `Code` is <b>not</b> HTML.");
    let doc = b.finish(Metadata::default(), String::new(), b"x");
    let q = "The first meeting was in Singapore in 2018.";
    let claims = vec![fixture::claim(&doc, "c1", q, "verified")];
    let md = annotated_md(&doc, &claims);
    assert!(
        md.starts_with("# Trump and Kim \\*to\\* meet \\[again\\]\n\n1\\. The first"),
        "{md}"
    );
    assert!(
        md.contains("in 2018.[^fd-c1] \\`Code\\` is \\<b\\>not\\</b\\> HTML."),
        "{md}"
    );
    let back = annotated::read(&md).unwrap();
    assert!(back.rendered && back.intact);
    assert_eq!(back.format, Format::Text);
    assert_eq!(back.claims, claims);
    // The rendering reads back as the same text.
    let again = md_document(&back.source);
    assert_eq!(again.text, doc.text);
}

#[test]
fn a_markdown_file_with_a_byte_order_mark_round_trips_its_text_and_claims() {
    // Found by the `roundtrip` fuzz target. Editors on Windows write a BOM; the export is plain
    // UTF-8, and everything after the mark comes back byte for byte, claims with it.
    let text = "# Kim and Trump\n\nThey met in Hanoi in 2019, the second of three meetings.\n";
    let src = format!("\u{feff}{text}");
    let doc = import_bytes(
        Path::new("bom.md"),
        src.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(doc.format, Format::Markdown);
    let claims = claims_for(&doc, &[(1, 0, 30, "a note".into(), vec![])]);
    assert_eq!(claims.len(), 1);
    let md = annotated_md(&doc, &claims);
    assert!(!md.starts_with('\u{feff}'));
    let back = annotated::read(&md).unwrap();
    assert_eq!(back.source, text);
    assert_eq!(back.claims, claims);
    // Opening the export again gives the same text the claim positions count in.
    let again = import_bytes(
        Path::new("bom.md"),
        back.source.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(again.text, doc.text);
}

#[test]
fn a_reference_never_lets_a_delimiter_run_open_emphasis() {
    // Found by a random run of the property test above: after `\~~` (an escaped tilde, then a
    // lone one) a reference made the lone `~` open a strikethrough up to the next tilde. So do
    // `*` and `_` after a space or punctuation.
    for src in [
        "~~x\\~~ ~~x\\~~\n\nA",
        "Prices *\"rose\"* sharply, *really*.",
        "a __ b __ c",
        "\"Yes\"** said the minister**.",
    ] {
        let doc = md_document(src);
        let claims = claims_for(&doc, &[(0, 0, 0, String::new(), vec![])]);
        let md = annotated_md(&doc, &claims);
        let trailer = md.find("<!-- factdesk:export ").unwrap();
        let (ann, refs) = shape(&md, trailer);
        assert_eq!(ann, shape(src, usize::MAX).0, "{md}");
        assert_eq!(refs, 1, "{md}");
        assert_eq!(annotated::read(&md).unwrap().source, src);
    }
}
