//! The checked articles the export tests, snapshots and bench share, so a [`Check`] is set up
//! in one place. For tests and benches only: not part of Factdesk's API.
//!
//! - [`CheckFixture`]: everything a [`Check`] borrows, owned; [`CheckFixture::check`] lends it.
//! - [`checked_article`]: a short Markdown article with four claims (each status, notes,
//!   sources, a link, code, a table, a quote), a checker and a date; [`checked_plain_article`]
//!   is the same article and check read from plain text (the rendered path of the exporters).
//! - [`claim`], [`source`], [`text_document`], [`markdown_document`]: the pieces, for tests
//!   that need a check of their own.

use super::{ArticleMeta, Check};
use crate::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
use crate::model::{Anchor, ClaimRecord, Origin, Source, SourceKind, StatusDef};

/// What a [`Check`] borrows, owned. Build one with [`CheckFixture::new`] and struct update
/// (`CheckFixture { claims, ..CheckFixture::new(doc) }`), then export `fixture.check()`.
#[derive(Debug, Clone)]
pub struct CheckFixture {
    pub doc: Document,
    pub claims: Vec<ClaimRecord>,
    pub statuses: Vec<StatusDef>,
    pub article: ArticleMeta,
    pub checker: Option<String>,
    pub date: String,
}

impl CheckFixture {
    /// `doc` with no claims, the default statuses, no article metadata, checker or date.
    pub fn new(doc: Document) -> Self {
        CheckFixture {
            doc,
            claims: Vec::new(),
            statuses: StatusDef::defaults(),
            article: ArticleMeta::default(),
            checker: None,
            date: String::new(),
        }
    }

    pub fn check(&self) -> Check<'_> {
        Check {
            doc: &self.doc,
            claims: &self.claims,
            statuses: &self.statuses,
            article: &self.article,
            checker: self.checker.as_deref(),
            date: &self.date,
        }
    }
}

/// An automatic claim over the first occurrence of `quote` in the document's text (the start
/// of the text if it is not there), updated at a fixed time.
pub fn claim(doc: &Document, id: &str, quote: &str, status: &str) -> ClaimRecord {
    let b = doc.text.find(quote).unwrap_or(0);
    let s = doc.text[..b].chars().count();
    let e = s + quote.chars().count();
    ClaimRecord {
        id: id.into(),
        anchor: Anchor::from_text(&doc.text, s, e),
        origin: Origin::Automatic,
        kinds: vec![],
        score: 0.5,
        reasons: vec![],
        facts: vec![],
        status: status.into(),
        note: String::new(),
        sources: vec![],
        dismissed: false,
        needs_recheck: false,
        orphaned: false,
        updated: "2024-11-27T10:00:00Z".into(),
    }
}

/// A source: a web page when `location` is an http(s) link, else a person.
pub fn source(id: &str, title: &str, location: &str) -> Source {
    Source {
        id: id.into(),
        kind: if location.starts_with("http") {
            SourceKind::Web
        } else {
            SourceKind::Person
        },
        title: title.into(),
        location: location.into(),
        accessed: None,
        excerpt: String::new(),
        file_path: None,
        file_sha256: None,
    }
}

/// A plain-text document of one paragraph.
pub fn text_document(text: &str) -> Document {
    let mut b = DocumentBuilder::new(Format::Text);
    b.push_text(text);
    b.finish(Metadata::default(), String::new(), text.as_bytes())
}

/// The checked article's Markdown source.
pub const ARTICLE_MD: &str = "# Trump and Kim to meet again\n\n\
Kim Jong Un met Donald Trump in *Hanoi* in February 2019, the second summit.\n\
It ended early, said `KCNA`, the [state agency](https://kcna.example/a b).\n\n\
| Year | Place |\n|---|---|\n| 2018 | Singapore |\n\n\
> Wow, the first time in history!\n";

/// [`ARTICLE_MD`] as the Markdown reader maps it: text runs copied verbatim, each mapped to
/// its source bytes (with `mapped`), or the same blocks and text as plain text (without).
fn article_document(mapped: bool) -> Document {
    let src = ARTICLE_MD;
    let mut b = DocumentBuilder::new(if mapped {
        Format::Markdown
    } else {
        Format::Text
    });
    let mut from = 0;
    let mut run = |b: &mut DocumentBuilder, s: &str| {
        let at = src[from..].find(s).expect("a run of the source") + from;
        if mapped {
            b.push_mapped(s, at);
        } else {
            b.push_text(s);
        }
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
    // (Taken after the text: a space before it is written only with it.)
    let link = b.text().len() - "state agency".len();
    b.add_link(link, "https://kcna.example/a b");
    run(&mut b, ".");
    b.begin_block(BlockKind::TableRow, 0);
    run(&mut b, "2018");
    b.push_text(" ");
    run(&mut b, "Singapore");
    b.begin_block(BlockKind::Quote, 0);
    run(&mut b, "Wow, the first time in history!");
    if mapped {
        b.finish(Metadata::default(), src.to_string(), src.as_bytes())
    } else {
        let text = b.text().to_string();
        b.finish(Metadata::default(), String::new(), text.as_bytes())
    }
}

/// [`ARTICLE_MD`] mapped as the Markdown reader maps it (see [`checked_article`]).
pub fn markdown_document() -> Document {
    article_document(true)
}

/// The checked article: [`ARTICLE_MD`] with four claims, one per status but "unchecked", with
/// notes (one that tries to close an HTML comment, one of two paragraphs) and sources (web and
/// person), checked by "Ann Checker" on 2024-11-27.
pub fn checked_article() -> CheckFixture {
    checked(markdown_document())
}

/// [`checked_article`] from a plain-text reading of the same article: the exporters render it
/// to Markdown before annotating.
pub fn checked_plain_article() -> CheckFixture {
    checked(article_document(false))
}

fn checked(doc: Document) -> CheckFixture {
    let with = |id, quote, status, note: &str, sources: &[(&str, &str)]| {
        let mut c = claim(&doc, id, quote, status);
        c.score = 0.9;
        c.reasons = vec!["'first time in history'".into()];
        c.note = note.into();
        c.sources = sources
            .iter()
            .enumerate()
            .map(|(i, (title, loc))| source(&format!("s{}", i + 1), title, loc))
            .collect();
        c
    };
    let claims = vec![
        with(
            "c1",
            "Kim Jong Un met Donald Trump in Hanoi in February 2019",
            "verified",
            "Confirmed by the pool report --> see below.",
            &[("White House pool report", "https://wh.example/pool (2019)")],
        ),
        with(
            "c2",
            "It ended early, said KCNA",
            "disputed",
            "Two sources disagree.\n\nSecond paragraph of the note.",
            &[
                ("Reuters wire", "https://reuters.example/x"),
                ("Jane Doe", "phone call"),
            ],
        ),
        with("c3", "Singapore", "false", "", &[]),
        with(
            "c4",
            "the first time in history!",
            "unverifiable",
            "Cannot be checked.",
            &[("Archive box 7", "newsroom basement")],
        ),
    ];
    CheckFixture {
        claims,
        article: ArticleMeta {
            id: Some("a1".into()),
            title: Some("Trump and Kim to meet again".into()),
            url: Some("https://news.example/trump-kim".into()),
            published: Some("2024-11-26".into()),
            byline: Some("A. Reporter".into()),
        },
        checker: Some("Ann Checker".into()),
        date: "2024-11-27T10:00:00Z".into(),
        ..CheckFixture::new(doc)
    }
}
