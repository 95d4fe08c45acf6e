//! The HTML reader never drops story text silently, and takes the headline the page agrees on.
//! Found with hostile pages: odd markup (`<math><mtext><table><mglyph><style>`) in the early
//! paragraphs, a container the extractor judged unlikely, and an `og:title` holding markup.

use factdesk_core::document::{BlockKind, Document};
use factdesk_core::import::{import_bytes, ImportOptions};
use std::path::Path;

const ODD: &str = "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>";

fn story(i: usize) -> String {
    format!(
        "Story paragraph {i}: officials in the capital said on Tuesday that {} families had \
         returned home after the floods, and that schools would reopen next week.",
        i * 120
    )
}

fn read(html: &str) -> Document {
    import_bytes(
        Path::new("page.html"),
        html.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// The numbers of the story paragraphs the document has, in its order.
fn kept(d: &Document) -> Vec<usize> {
    d.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .filter_map(|b| {
            let t = d.block_text(b).strip_prefix("Story paragraph ")?;
            t.split(':').next()?.parse().ok()
        })
        .collect()
}

fn page(og_title: &str, lead_class: &str) -> String {
    let lead: String = (1..=15)
        .map(|i| format!("<p>{} {}</p>\n", story(i), if i <= 3 { ODD } else { "" }))
        .collect();
    let rest: String = (16..=30)
        .map(|i| format!("<p>{}</p>\n", story(i)))
        .collect();
    format!(
        "<!doctype html><html><head><title>Floods: families return home | Daily Example</title>\n\
         <meta property=\"og:title\" content=\"{og_title}\"></head><body>\n\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n\
         <h1>Floods: families return home</h1>\n\
         <div class=\"{lead_class}\">{lead}</div><div class=\"story\">{rest}</div>\n\
         <section class=\"comments\"><div class=\"comment\"><p>I think the council should have \
         acted much sooner than it did this time.</p></div></section>\n\
         <footer><p>Copyright Daily Example. All rights reserved, every one of them.</p></footer>\n\
         </body></html>"
    )
}

#[test]
fn early_paragraphs_with_odd_markup_are_never_dropped() {
    let d = read(&page(
        "&lt;b&gt;Floods&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;",
        "story-extra",
    ));
    assert_eq!(kept(&d), (1..=30).collect::<Vec<_>>(), "{}", d.text);
    // The first paragraph, the most important one, comes right after the headline.
    assert_eq!(d.blocks[0].kind, BlockKind::Title);
    assert!(d.block_text(&d.blocks[1]).starts_with("Story paragraph 1:"));
    // Navigation and the footer stay out; no markup becomes text.
    assert!(!d.text.contains("Home World"));
    assert!(!d.text.contains("Copyright Daily Example"));
    assert!(!d.text.contains("onerror"));
    assert!(
        !d.text.contains("acted much sooner"),
        "comments came in: {}",
        d.text
    );
}

#[test]
fn the_headline_that_h1_and_title_agree_on_beats_og_title() {
    let d = read(&page(
        "&lt;b&gt;Floods&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;",
        "story",
    ));
    assert_eq!(d.title.as_deref(), Some("Floods: families return home"));
    assert_eq!(d.block_text(&d.blocks[0]), "Floods: families return home");
    // Said once, not again as a heading.
    assert_eq!(d.text.matches("Floods: families return home").count(), 1);
    // A plain og:title that differs from what the page agrees on gives way too.
    let d = read(&page("Families return (updated)", "story"));
    assert_eq!(d.title.as_deref(), Some("Floods: families return home"));
}

#[test]
fn a_markup_like_title_gives_way_to_the_h1() {
    let html = "<!doctype html><html><head><title>Headline <script>x()</script></title>\
        <meta property=\"og:title\" content=\"&quot;><script>y()</script>\"></head><body>\
        <article><h1>Officials said 42 people attended</h1>\
        <p>Paragraph one: the ministry reported 42 cases on Monday in the north.</p>\
        <p>Paragraph two: the ministry reported 17 cases on Tuesday in the south.</p>\
        </article></body></html>";
    let d = read(html);
    assert_eq!(
        d.title.as_deref(),
        Some("Officials said 42 people attended")
    );
}

#[test]
fn comments_in_their_own_container_are_not_story_text() {
    let d = read(&page("Floods: families return home", "story"));
    assert_eq!(kept(&d), (1..=30).collect::<Vec<_>>());
    assert!(!d.text.contains("acted much sooner"), "{}", d.text);
}
