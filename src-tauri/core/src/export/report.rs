//! The verdict report: the checked article as a deliverable. One self-contained HTML page (its
//! style inline, no script, nothing fetched) listing each reported claim with its verdict, note
//! and sources, the counts per status, the checker and the date; it prints cleanly to PDF
//! (each claim kept on one page where it fits, colours kept, links spelled out).
//!
//! Every piece of text from the article or the checker is escaped: nothing in it becomes markup.

use super::{is_url, source_line, Check};
use crate::model::ClaimRecord;
use std::fmt::Write;

/// Writes the report of `check` (its claims already filtered to those reported); the counts
/// per status are of `all`, the article's claims still in it and not dismissed.
pub fn write(check: &Check, all: &[ClaimRecord]) -> String {
    let mut o = String::with_capacity(16 * 1024 + check.claims.len() * 1024);
    let title = check.article.title.as_deref().unwrap_or("Untitled article");
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    let _ = writeln!(o, "<title>Fact-check report: {}</title>", esc(title));
    o.push_str("<style>\n");
    o.push_str(STYLE);
    o.push_str("</style>\n</head>\n<body>\n<main>\n<header>\n");
    let _ = writeln!(
        o,
        "<p class=\"kicker\">Fact-check report</p>\n<h1>{}</h1>",
        esc(title)
    );
    o.push_str("<dl class=\"meta\">\n");
    if let Some(b) = &check.article.byline {
        meta(&mut o, "Byline", &esc(b));
    }
    if let Some(p) = &check.article.published {
        meta(&mut o, "Published", &esc(p));
    }
    if let Some(u) = &check.article.url {
        meta(&mut o, "Address", &link(u));
    }
    meta(
        &mut o,
        "Checked by",
        &esc(check
            .checker
            .unwrap_or("(no name set: factdesk checker NAME)")),
    );
    meta(&mut o, "Date", &esc(day(check.date)));
    o.push_str("</dl>\n</header>\n");

    // Counts per status, of every live claim.
    let live: Vec<&ClaimRecord> = all.iter().filter(|c| !c.orphaned && !c.dismissed).collect();
    o.push_str("<section class=\"counts\" aria-labelledby=\"counts-title\">\n<h2 id=\"counts-title\">Verdicts</h2>\n<table>\n<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Claims</th></tr></thead>\n<tbody>\n");
    for s in check.statuses {
        let n = live.iter().filter(|c| c.status == s.key).count();
        let _ = writeln!(
            o,
            "<tr><th scope=\"row\">{}</th><td>{n}</td></tr>",
            badge(&s.colour, &s.mark, &s.label)
        );
    }
    let _ = writeln!(
        o,
        "</tbody>\n<tfoot><tr><th scope=\"row\">All claims</th><td>{}</td></tr></tfoot>\n</table>",
        live.len()
    );
    let _ = writeln!(
        o,
        "<p class=\"scope\">{} {} in this report{}.</p>\n</section>",
        check.claims.len(),
        if check.claims.len() == 1 {
            "claim"
        } else {
            "claims"
        },
        left_out(check, &live)
    );

    o.push_str("<section aria-labelledby=\"claims-title\">\n<h2 id=\"claims-title\">Claims</h2>\n");
    if check.claims.is_empty() {
        o.push_str("<p class=\"none\">No checked claims yet.</p>\n");
    } else {
        o.push_str("<ol class=\"claims\">\n");
        for c in check.claims {
            claim(&mut o, check, c);
        }
        o.push_str("</ol>\n");
    }
    let _ = write!(
        o,
        "</section>\n<footer>Made with Factdesk{}.</footer>\n</main>\n</body>\n</html>\n",
        check
            .article
            .id
            .as_deref()
            .map(|id| format!(" · article {}", esc(id)))
            .unwrap_or_default()
    );
    o
}

fn claim(o: &mut String, check: &Check, c: &ClaimRecord) {
    let s = check.status(&c.status);
    let _ = writeln!(
        o,
        "<li class=\"claim\" id=\"{id}\" style=\"--c: {colour}\">\n<div class=\"verdict\">{badge}<span class=\"id\">{id}</span>{flags}</div>\n<blockquote>{quote}</blockquote>",
        id = esc(&c.id),
        colour = colour(&s.colour),
        badge = badge(&s.colour, &s.mark, &s.label),
        flags = flags(c),
        quote = esc(&c.anchor.quote),
    );
    if !c.note.trim().is_empty() {
        let _ = writeln!(
            o,
            "<div class=\"note\"><h3>Note</h3><p>{}</p></div>",
            esc(c.note.trim())
        );
    }
    if !c.sources.is_empty() {
        o.push_str("<div class=\"sources\"><h3>Sources</h3><ul>\n");
        for src in &c.sources {
            let (label, url) = source_line(src);
            o.push_str("<li>");
            match url {
                Some(u) => {
                    let _ = write!(o, "{} — {}", esc(&label), link(u));
                }
                None => o.push_str(&esc(&label)),
            }
            if !src.excerpt.trim().is_empty() {
                let _ = write!(o, "<q>{}</q>", esc(src.excerpt.trim()));
            }
            o.push_str("</li>\n");
        }
        o.push_str("</ul></div>\n");
    }
    o.push_str("</li>\n");
}

fn flags(c: &ClaimRecord) -> String {
    let mut f = String::new();
    if c.dismissed {
        f.push_str("<span class=\"flag\">dismissed</span>");
    }
    if c.needs_recheck {
        f.push_str("<span class=\"flag\">text changed since checked</span>");
    }
    if c.orphaned {
        f.push_str("<span class=\"flag\">no longer in the article</span>");
    }
    f
}

/// What the report leaves out, said in words.
fn left_out(check: &Check, live: &[&ClaimRecord]) -> String {
    let unchecked = live
        .iter()
        .filter(|c| c.status == "unchecked" && !check.claims.iter().any(|k| k.id == c.id))
        .count();
    let mut parts = Vec::new();
    if unchecked > 0 {
        parts.push(format!("{unchecked} unchecked left out"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn meta(o: &mut String, what: &str, html: &str) {
    let _ = writeln!(o, "<div><dt>{what}</dt><dd>{html}</dd></div>");
}

fn badge(colour_: &str, mark: &str, label: &str) -> String {
    format!(
        "<span class=\"badge\" style=\"--c: {}\"><span class=\"mark\" aria-hidden=\"true\">{}</span>{}</span>",
        colour(colour_),
        esc(mark),
        esc(label)
    )
}

/// A link, only for web addresses; its address is printed after it on paper.
fn link(u: &str) -> String {
    let u = u.trim();
    let lower = u.to_ascii_lowercase();
    if is_url(u) && (lower.starts_with("https://") || lower.starts_with("http://")) {
        format!("<a href=\"{0}\">{0}</a>", esc(u))
    } else {
        esc(u)
    }
}

/// A status colour as CSS: `#rgb`/`#rrggbb` only (a user's status could hold anything).
fn colour(c: &str) -> &str {
    let hex = c.strip_prefix('#').unwrap_or("");
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|ch| ch.is_ascii_hexdigit()) {
        c
    } else {
        "#6e7781"
    }
}

/// `2026-12-03T08:00:00.000Z` → `2026-12-03`.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// HTML text and attribute escaping.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const STYLE: &str = r#":root { color-scheme: light; --text: #1f2328; --muted: #59636e; --line: #d8d3c8; }
* { box-sizing: border-box; }
body { margin: 0; background: #f7f5f0; color: var(--text); font: 16px/1.55 "Iowan Old Style", Charter, Georgia, "DejaVu Serif", serif; }
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 2rem 3rem; background: #fff; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.2rem 0 1rem; }
h2 { font: 650 1.05rem/1.3 system-ui, "Noto Sans", "DejaVu Sans", sans-serif; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; margin: 2rem 0 1rem; }
h3 { font: 600 0.8rem/1.3 system-ui, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--muted); margin: 0.6rem 0 0.2rem; text-transform: uppercase; letter-spacing: 0.04em; }
.kicker { font: 600 0.85rem system-ui, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--muted); text-transform: uppercase; letter-spacing: 0.08em; margin: 0; }
.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.3rem 1.5rem; margin: 0; font: 0.9rem/1.4 system-ui, "Noto Sans", "DejaVu Sans", sans-serif; }
.meta dt { color: var(--muted); font-size: 0.78rem; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; font: 0.95rem system-ui, "Noto Sans", "DejaVu Sans", sans-serif; min-width: 18rem; }
th, td { text-align: left; padding: 0.25rem 1.5rem 0.25rem 0; border-bottom: 1px solid var(--line); font-weight: 400; }
td { text-align: right; font-variant-numeric: tabular-nums; }
thead th { color: var(--muted); font-size: 0.8rem; }
tfoot th, tfoot td { font-weight: 650; border-bottom: none; }
.scope { font: 0.85rem system-ui, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--muted); }
.badge { display: inline-flex; align-items: center; gap: 0.35rem; font: 650 0.9rem system-ui, "Noto Sans", "DejaVu Sans", sans-serif; }
.mark { display: inline-grid; place-items: center; width: 1.2rem; height: 1.2rem; border-radius: 50%; background: var(--c); color: #fff; font-size: 0.7rem; }
.claims { list-style: none; padding: 0; margin: 0; counter-reset: claim; }
.claim { border-left: 4px solid var(--c); padding: 0.4rem 0 0.6rem 1rem; margin: 0 0 1.4rem; break-inside: avoid; page-break-inside: avoid; }
.verdict { display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap; }
.id { font: 0.8rem ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); }
.flag { font: 0.72rem system-ui, "Noto Sans", "DejaVu Sans", sans-serif; text-transform: uppercase; letter-spacing: 0.03em; border: 1px solid var(--line); border-radius: 4px; padding: 0 0.3rem; color: var(--muted); }
blockquote { margin: 0.4rem 0; font-size: 1.05rem; }
.note p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.sources ul { margin: 0; padding-left: 1.1rem; font-size: 0.92rem; }
.sources li { overflow-wrap: anywhere; }
.sources q { display: block; color: var(--muted); font-size: 0.88rem; }
a { color: #0b57d0; }
.none { color: var(--muted); }
footer { margin-top: 2.5rem; font: 0.8rem system-ui, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--muted); }
@page { margin: 18mm 16mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::export::fixture::{self, text_document, CheckFixture};
    use crate::export::ArticleMeta;

    fn doc() -> Document {
        text_document("Hello world. Second one.")
    }

    fn claim(id: &str, status: &str, note: &str) -> ClaimRecord {
        let quote = if id == "c1" {
            "Hello world."
        } else {
            "Second one."
        };
        let mut c = fixture::claim(&doc(), id, quote, status);
        c.note = note.into();
        c
    }

    #[test]
    fn lists_claims_with_verdict_note_and_sources_and_counts_every_status() {
        let mut c1 = claim("c1", "disputed", "Two accounts <differ>.");
        c1.sources.push(fixture::source(
            "s1",
            "Reuters",
            "https://example.org/a?b=1&c=2",
        ));
        let all = vec![c1.clone(), claim("c2", "unchecked", "")];
        let f = CheckFixture {
            claims: vec![c1],
            article: ArticleMeta {
                title: Some("A <b>title</b>".into()),
                ..Default::default()
            },
            checker: Some("Ana Ruiz".into()),
            date: "2026-12-03T08:00:00.000Z".into(),
            ..CheckFixture::new(doc())
        };
        let html = write(&f.check(), &all);
        assert!(html.contains("A &lt;b&gt;title&lt;/b&gt;"), "escaped title");
        assert!(html.contains("Two accounts &lt;differ&gt;."));
        assert!(html.contains("href=\"https://example.org/a?b=1&amp;c=2\""));
        assert!(html.contains("Ana Ruiz") && html.contains("2026-12-03"));
        assert!(html.contains("Disputed</span></th><td>1</td>"));
        assert!(html.contains("Unchecked</span></th><td>1</td>"));
        assert!(html.contains("1 unchecked left out"));
        assert!(!html.to_lowercase().contains("<script"), "no script");
        assert!(!html.contains("src=\"http"), "nothing fetched");
    }

    #[test]
    fn a_status_colour_that_is_not_a_colour_is_not_written() {
        assert_eq!(colour("#1a7f37"), "#1a7f37");
        assert_eq!(colour("red; background: url(x)"), "#6e7781");
    }
}
