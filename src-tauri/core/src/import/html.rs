//! Saved web pages: the story is extracted with a readability algorithm (dom_smoothie), its
//! metadata read from `<title>`, Open Graph, `<meta name=author>`, JSON-LD and `<time>`.
//! Scripts, styles, navigation, ads and comments never reach the text; links are kept.
//!
//! Hostile nesting: html5ever's tree builder scans the open-element stack on many tags, and the
//! extractor recurses, so a cheap scan refuses documents nested deeper than [`MAX_DEPTH`]
//! before parsing, and the work runs on a thread with a large stack.

use super::dates;
use super::lines::{is_post_attribution, retag_meta_blocks};
use crate::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use dom_query::{Document as Dom, NodeRef};
use std::path::Path;

/// Far beyond any real page (a few dozen levels); far below what could exhaust the stack.
pub const MAX_DEPTH: usize = 2_000;
const STACK_BYTES: usize = 256 * 1024 * 1024;

pub fn read(path: &Path, html: String, bytes: &[u8]) -> Result<Document> {
    if let Some(depth) = nesting_exceeds(&html, MAX_DEPTH) {
        return Err(CoreError::import(
            path,
            ErrorCode::ImportTooDeep,
            format!(
                "the HTML is nested more than {depth} elements deep: the page is malformed or hostile"
            ),
        ));
    }
    let hash = crate::document::content_hash(bytes);
    let worker = std::thread::Builder::new()
        .name("html-import".into())
        .stack_size(STACK_BYTES)
        .spawn(move || extract(&html));
    let doc = worker.ok().and_then(|h| h.join().ok()).ok_or_else(|| {
        CoreError::import(
            path,
            ErrorCode::ImportHtml,
            "the page could not be read as HTML",
        )
    })?;
    let mut doc = doc;
    doc.content_hash = hash;
    Ok(doc)
}

fn extract(html: &str) -> Document {
    let dom = Dom::from(html);
    let time = first_time(&dom);
    let page_url = page_url(&dom);
    let cfg = dom_smoothie::Config {
        classes_to_preserve: vec!["twitter-tweet".into()],
        ..Default::default()
    };
    let mut meta = Metadata::default();
    let mut content: Option<String> = None;
    if let Ok(mut r) = dom_smoothie::Readability::with_document(dom, None, Some(cfg)) {
        if let Ok(article) = r.parse() {
            let title = article.title.trim();
            meta.title = (!title.is_empty()).then(|| title.to_string());
            meta.byline = article.byline.filter(|b| !b.trim().is_empty());
            meta.published = article
                .published_time
                .map(|p| dates::normalize(&p).unwrap_or(p));
            meta.url = article.url;
            content = Some(article.content.to_string());
        }
    }
    // The readability pick can lose story text (an early run of paragraphs in a container it
    // judged unlikely, odd markup among them): then the whole body minus its chrome is read.
    if content
        .as_deref()
        .is_some_and(|c| drops_story_text(html, c))
    {
        content = None;
    }
    // A headline the page's <h1> and <title> agree on wins over Open Graph's; a title that
    // reads like markup gives way to the <h1> (or the <title>) that does not.
    let (h1, title_tag) = headlines(html);
    if let Some(h) = h1
        .as_deref()
        .filter(|h| title_tag.as_deref().is_some_and(|t| headline_agrees(h, t)))
    {
        if !meta.title.as_deref().is_some_and(|t| same_text(t, h)) {
            meta.title = Some(h.to_string());
        }
    }
    if meta.title.as_deref().is_some_and(looks_like_markup) {
        if let Some(h) = h1.or(title_tag).filter(|t| !looks_like_markup(t)) {
            meta.title = Some(h);
        }
    }
    if meta.published.is_none() {
        meta.published = time;
    }
    if meta.url.is_none() {
        meta.url = page_url;
    }
    // Without a recognisable story, the page's body minus its chrome.
    let content_dom = match content {
        Some(c) => Dom::from(c.as_str()),
        None => {
            let d = Dom::from(html);
            d.select(CHROME).remove();
            d.select(r#"[id*="comment"], [class*="comment"], [class*="related"]"#)
                .remove();
            if meta.title.is_none() {
                let t = d.select("title").text().trim().to_string();
                meta.title = (!t.is_empty()).then_some(t);
            }
            d
        }
    };
    let mut w = Walker {
        b: DocumentBuilder::new(Format::Html),
        title: meta.title.clone(),
        title_seen: false,
        lists: 0,
        quote: 0,
        pre: 0,
        cells: Vec::new(),
        links: Vec::new(),
    };
    if let Some(t) = &meta.title {
        w.b.begin_block(BlockKind::Title, 0);
        w.b.push_text(t);
        w.b.end_block();
    }
    let root = content_dom
        .select("body")
        .nodes()
        .first()
        .cloned()
        .unwrap_or_else(|| content_dom.root());
    w.walk(&root);
    let mut doc = w.b.finish(meta, String::new(), b"");
    mark_posts(&mut doc);
    retag_meta_blocks(&mut doc);
    doc
}

/// What is never story text: scripts, styles, navigation, page header and footer, asides, forms.
const CHROME: &str = "script, style, noscript, template, nav, header, footer, aside, form, iframe";

fn norm_text(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether the extracted `content` left out paragraphs of the story: paragraphs of six words
/// or more, outside the page's chrome, that sit beside the kept ones (their containers share a
/// parent) but are not in `content`, fifteen words or more in all. Comments and related links,
/// in containers of their own, do not count.
fn drops_story_text(html: &str, content: &str) -> bool {
    use std::collections::HashSet;
    let kept_dom = Dom::from(content);
    kept_dom.select("script, style").remove();
    let kept: HashSet<String> = kept_dom
        .select("p")
        .nodes()
        .iter()
        .map(|p| norm_text(&p.text()))
        .collect();
    let page = Dom::from(html);
    page.select(CHROME).remove();
    let mut kept_groups = HashSet::new();
    let mut missing = Vec::new();
    for p in page.select("p").nodes() {
        let t = norm_text(&p.text());
        let words = t.split(' ').count();
        if words < 6 {
            continue;
        }
        let group = p.parent().and_then(|c| c.parent()).map(|g| g.id);
        if kept.contains(&t) {
            kept_groups.insert(group);
        } else {
            missing.push((group, words));
        }
    }
    let dropped: usize = missing
        .iter()
        .filter(|(g, _)| kept_groups.contains(g))
        .map(|(_, n)| n)
        .sum();
    dropped >= 15
}

/// The page's first `<h1>` outside its chrome and its `<title>`, whitespace folded.
fn headlines(html: &str) -> (Option<String>, Option<String>) {
    let dom = Dom::from(html);
    let fold = |s: &str| {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (!s.is_empty()).then_some(s)
    };
    let title = fold(&dom.select("title").text());
    dom.select(CHROME).remove();
    let h1 = dom
        .select("h1")
        .nodes()
        .first()
        .and_then(|n| fold(&n.text()));
    (h1, title)
}

/// The `<title>` says the `<h1>`: alone, or with the site's name after a separator.
fn headline_agrees(h1: &str, title: &str) -> bool {
    let (h, t) = (norm_text(h1), norm_text(title));
    let seps = [" | ", " - ", " – ", " — ", ": ", " · ", " :: "];
    t == h
        || seps
            .iter()
            .any(|s| t.starts_with(&format!("{h}{s}")) || t.ends_with(&format!("{s}{h}")))
}

/// "\"><script>…", "<b>Floods</b>": a tag in a title is an injection or a mistake.
fn looks_like_markup(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'))
        && s.contains('>')
}

/// `<time datetime="…">` anywhere on the page, as a last resort for the published date.
fn first_time(dom: &Dom) -> Option<String> {
    let sel = dom.select("time[datetime]");
    let node = sel.nodes().first().copied()?;
    let v = node.attr("datetime")?.to_string();
    Some(dates::normalize(&v).unwrap_or(v))
}

/// The page's own address: Open Graph, then the canonical link.
fn page_url(dom: &Dom) -> Option<String> {
    let og = dom.select(r#"meta[property="og:url"]"#);
    let canonical = dom.select(r#"link[rel="canonical"]"#);
    og.nodes()
        .first()
        .and_then(|n| n.attr("content"))
        .or_else(|| canonical.nodes().first().and_then(|n| n.attr("href")))
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
}

struct Walker {
    b: DocumentBuilder,
    title: Option<String>,
    title_seen: bool,
    lists: u32,
    /// Inside a blockquote: its paragraphs are lines of one Quote block.
    quote: u32,
    pre: u32,
    /// Per open table row: cells written so far.
    cells: Vec<u32>,
    links: Vec<(Option<usize>, String)>,
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(NodeRef<'a>, String),
}

impl Walker {
    /// Depth-first without recursion: the explicit stack holds what is left to do.
    fn walk<'a>(&mut self, root: &NodeRef<'a>) {
        let mut stack: Vec<Step<'a>> = root.children_it(true).map(Step::Enter).collect();
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(node) => {
                    if node.is_text() {
                        self.text(&node.text());
                        continue;
                    }
                    if !node.is_element() {
                        continue;
                    }
                    let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
                    if !self.enter(&node, &name) {
                        continue;
                    }
                    stack.push(Step::Leave(node, name));
                    stack.extend(node.children_it(true).map(Step::Enter));
                }
                Step::Leave(node, name) => self.leave(&node, &name),
            }
        }
        self.b.end_block();
    }

    fn current_kind(&self) -> (BlockKind, u8) {
        if self.lists > 0 {
            (BlockKind::ListItem, self.lists.min(255) as u8)
        } else if self.quote > 0 {
            (BlockKind::Quote, 0)
        } else {
            (BlockKind::Paragraph, 0)
        }
    }

    fn ensure_block(&mut self) {
        if !self.b.in_block() {
            let (k, l) = self.current_kind();
            self.b.begin_block(k, l);
        }
    }

    fn text(&mut self, s: &str) {
        if s.trim().is_empty() {
            if !s.is_empty() {
                self.b.push_space();
            }
            return;
        }
        self.ensure_block();
        let before = self.b.text().len();
        if self.pre > 0 {
            let mut first = true;
            for line in s.split('\n') {
                if !first {
                    self.b.push_line_break();
                }
                first = false;
                self.b.push_text(line);
            }
        } else {
            self.b.push_text(s);
        }
        let text = self.b.text();
        if text.len() > before {
            let start = before + (text.len() - before - text[before..].trim_start().len());
            for l in self.links.iter_mut().filter(|l| l.0.is_none()) {
                l.0 = Some(start);
            }
        }
    }

    /// Returns false to skip the element and everything inside it.
    fn enter(&mut self, node: &NodeRef, name: &str) -> bool {
        match name {
            "script" | "style" | "noscript" | "template" | "iframe" | "object" | "embed"
            | "svg" | "math" | "canvas" | "button" | "form" | "input" | "select" | "textarea"
            | "nav" | "img" | "picture" | "video" | "audio" | "head" | "title" => false,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                if !self.title_seen {
                    let t: String = node.text().split_whitespace().collect::<Vec<_>>().join(" ");
                    if self
                        .title
                        .as_deref()
                        .is_some_and(|title| same_text(title, &t))
                    {
                        self.title_seen = true;
                        return false;
                    }
                }
                self.b.begin_block(BlockKind::Heading, level);
                true
            }
            "p" | "figcaption" | "dt" | "dd" | "address" | "summary" | "caption" => {
                if self.quote > 0 && self.lists == 0 {
                    self.b.push_line_break();
                } else if self.cells.is_empty() {
                    let (k, l) = self.current_kind();
                    self.b.begin_block(k, l);
                }
                true
            }
            "blockquote" => {
                if self.quote == 0 {
                    self.b.begin_block(BlockKind::Quote, 0);
                }
                self.quote += 1;
                true
            }
            "ul" | "ol" => {
                self.b.end_block();
                self.lists += 1;
                true
            }
            "li" => {
                self.b
                    .begin_block(BlockKind::ListItem, self.lists.clamp(1, 255) as u8);
                true
            }
            "pre" => {
                self.b.begin_block(BlockKind::Code, 0);
                self.pre += 1;
                true
            }
            "tr" => {
                self.b.begin_block(BlockKind::TableRow, 0);
                self.cells.push(0);
                true
            }
            "td" | "th" => {
                if let Some(n) = self.cells.last_mut() {
                    if *n > 0 {
                        self.b.push_text(" |");
                        self.b.push_space();
                    }
                    *n += 1;
                }
                true
            }
            "br" => {
                self.b.push_line_break();
                false
            }
            "hr" => {
                self.b.end_block();
                false
            }
            "a" => {
                let href = node.attr("href").map(|h| h.to_string()).unwrap_or_default();
                self.links.push((None, href));
                true
            }
            "div" | "section" | "article" | "main" | "header" | "footer" | "aside" | "figure"
            | "table" | "tbody" | "thead" | "tfoot" | "dl" | "details" | "body" | "html" => {
                if self.pre == 0 && self.cells.is_empty() && self.quote == 0 {
                    self.b.end_block();
                }
                true
            }
            _ => true,
        }
    }

    fn leave(&mut self, _node: &NodeRef, name: &str) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" => self.b.end_block(),
            "blockquote" => {
                self.quote = self.quote.saturating_sub(1);
                if self.quote == 0 {
                    self.b.end_block();
                }
            }
            "p" | "figcaption" | "dt" | "dd" | "address" | "summary" | "caption" => {
                if self.quote > 0 && self.lists == 0 {
                    self.b.push_line_break();
                } else if self.cells.is_empty() {
                    self.b.end_block();
                }
            }
            "ul" | "ol" => {
                self.b.end_block();
                self.lists = self.lists.saturating_sub(1);
            }
            "pre" => {
                self.b.end_block();
                self.pre = self.pre.saturating_sub(1);
            }
            "tr" => {
                self.b.end_block();
                self.cells.pop();
            }
            "a" => {
                if let Some((Some(start), href)) = self.links.pop() {
                    if is_safe_href(&href) {
                        self.b.add_link(start, &href);
                    }
                }
            }
            _ => {}
        }
    }
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Links are data for the checker, but script URLs are not worth keeping even as data.
fn is_safe_href(href: &str) -> bool {
    let h = href.trim_start().to_ascii_lowercase();
    !(h.starts_with("javascript:") || h.starts_with("data:") || h.starts_with("vbscript:"))
}

/// A quote whose last line is "— Name (@handle) date" is an embedded post.
fn mark_posts(doc: &mut Document) {
    for block in doc.blocks.iter_mut() {
        if block.kind != BlockKind::Quote {
            continue;
        }
        let text = &doc.text[block.range.clone()];
        let last = text.rsplit('\n').next().unwrap_or(text);
        if text.contains('\n') && is_post_attribution(last) {
            block.kind = BlockKind::Post;
        }
    }
}

/// Scans tags without building a tree: `Some(limit)` when elements nest deeper than `limit`.
/// Void elements, self-closed tags and elements whose end tag is optional do not count.
fn nesting_exceeds(html: &str, limit: usize) -> Option<usize> {
    const NON_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "!doctype",
    ];
    let b = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        i += off + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_end = b[name_start..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
            .map_or(b.len(), |p| name_start + p);
        let name = html
            .get(name_start..name_end)
            .unwrap_or("")
            .to_ascii_lowercase();
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() && name != "!doctype" {
            continue;
        }
        let tag_end = find(b, name_end, b">").unwrap_or(b.len());
        let self_closed = tag_end > 0 && b.get(tag_end - 1) == Some(&b'/');
        i = tag_end;
        if NON_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed {
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                let close = format!("</{name}");
                i = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
                continue;
            }
            depth += 1;
            if depth > limit {
                return Some(limit);
            }
        }
    }
    None
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        read(Path::new("page.html"), html.to_string(), html.as_bytes()).unwrap()
    }

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Big Story Headline | The Daily Site</title>
<meta property="og:title" content="Big Story Headline">
<meta name="author" content="Jane Doe">
<meta property="og:url" content="https://example.com/big-story">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Big Story Headline","datePublished":"2024-11-26T21:20:00Z","author":{"@type":"Person","name":"Jane Doe"}}</script>
<style>body { color: red }</style>
<script>window.evil = 1;</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="ad">Advertisement: buy now</div>
<article>
<h1>Big Story Headline</h1>
<p>The first paragraph of the story says that officials met on Tuesday and agreed on several points, according to <a href="https://example.org/source">a statement</a> released afterwards.</p>
<p>A second paragraph continues the story with more detail about the meeting, the people who attended and what they said to reporters waiting outside the building.</p>
<blockquote><p>“We have explored every avenue,” the minister said in a long quote.</p></blockquote>
<p>A third paragraph closes the story with the reaction from the opposition, which called the agreement a missed opportunity for the country and its people.</p>
</article>
<section class="comments"><h3>Comments</h3><p>First! Great article.</p></section>
<footer>© The Daily Site</footer>
</body></html>"#;

    #[test]
    fn story_and_metadata_without_page_chrome() {
        let d = doc(PAGE);
        assert_eq!(d.title.as_deref(), Some("Big Story Headline"));
        assert_eq!(d.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(d.published.as_deref(), Some("2024-11-26T21:20:00Z"));
        assert_eq!(d.url.as_deref(), Some("https://example.com/big-story"));
        assert_eq!(d.blocks[0].kind, BlockKind::Title);
        assert!(d
            .text
            .starts_with("Big Story Headline\n\nThe first paragraph"));
        assert!(d.text.contains("the minister said"));
        for chrome in ["Home", "Advertisement", "First!", "evil", "color: red", "©"] {
            assert!(!d.text.contains(chrome), "{chrome} leaked into: {}", d.text);
        }
        let link = &d.links[0];
        assert_eq!(&d.text[link.range.clone()], "a statement");
        assert_eq!(link.href, "https://example.org/source");
        assert!(d.blocks.iter().any(|b| b.kind == BlockKind::Quote));
    }

    #[test]
    fn hostile_nesting_is_refused_quickly() {
        let html = format!(
            "<html><body>{}x{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let err = read(Path::new("deep.html"), html.clone(), html.as_bytes()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ImportTooDeep);
        let spans = "<span>".repeat(100_000);
        let err = read(Path::new("deep.html"), spans.clone(), spans.as_bytes()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::ImportTooDeep);
    }

    #[test]
    fn nesting_just_under_the_limit_is_read() {
        let n = MAX_DEPTH - 10;
        let html = format!(
            "<html><body>{}<p>Deep text here.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let d = doc(&html);
        assert!(d.text.contains("Deep text here."));
    }

    #[test]
    fn many_unclosed_paragraphs_are_not_deep() {
        let html = format!("<html><body>{}</body></html>", "<p>para".repeat(10_000));
        assert_eq!(nesting_exceeds(&html, MAX_DEPTH), None);
    }

    #[test]
    fn embedded_tweet_is_one_post_block() {
        let d = doc("<html><body><article><p>Intro paragraph of a story that is long enough to be the article content for the extractor to pick it.</p><blockquote class=\"twitter-tweet\"><p>Post text here <a href=\"https://t.co/x\">pic.twitter.com/x</a></p>&mdash; Some One (@someone) <a href=\"https://twitter.com/x\">July 21, 2024</a></blockquote><p>Another paragraph of the story that is also quite long so the extractor keeps it in the article.</p></article></body></html>");
        let post = d
            .blocks
            .iter()
            .find(|b| b.kind == BlockKind::Post)
            .map(|b| d.block_text(b));
        assert_eq!(
            post,
            Some("Post text here pic.twitter.com/x\n— Some One (@someone) July 21, 2024")
        );
    }

    #[test]
    fn script_urls_are_not_kept_as_links() {
        let d = doc(
            "<html><body><p>Click <a href=\"javascript:alert(1)\">here</a> now.</p></body></html>",
        );
        assert!(d.links.is_empty());
        assert!(d.text.contains("Click here now."));
    }
}
