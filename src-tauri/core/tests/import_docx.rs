//! Word documents built in memory: styles, lists, tracked changes, comments, footnotes,
//! tables, links; and the archive-level failures (zip bomb, damaged zip).

use factdesk_core::document::BlockKind;
use factdesk_core::import::{import_bytes, ImportOptions};
use factdesk_core::ErrorCode;
use std::io::Write;
use std::path::Path;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn docx(parts: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn para(style: &str, inner: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{inner}</w:p>"#)
}

fn run(t: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}

fn sample() -> Vec<u8> {
    let body = [
        para("Title", &run("The Headline")),
        para("Heading2", &run("A section")),
        format!(
            "<w:p>{}<w:ins w:id=\"1\">{}</w:ins><w:del w:id=\"2\"><w:r><w:delText>deleted words </w:delText></w:r></w:del>{}<w:commentRangeStart w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>{}<w:r><w:footnoteReference w:id=\"5\"/></w:r></w:p>",
            run("Kept text, "),
            run("inserted text, "),
            run("and the end "),
            r#"<w:hyperlink r:id="rId9"><w:r><w:t>a link</w:t></w:r></w:hyperlink>"#
        ),
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>first item</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>nested item</w:t></w:r></w:p>"#.to_string(),
        format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>", para("Normal", &run("cell a")), para("Normal", &run("cell b"))),
        para("Quote", &run("A quoted passage.")),
    ]
    .join("");
    docx(&[
        ("[Content_Types].xml", "<Types/>".into()),
        ("word/document.xml", format!("<w:document {W}><w:body>{body}</w:body></w:document>")),
        ("word/styles.xml", format!(r#"<w:styles {W}><w:style w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:styleId="Heading2"><w:name w:val="heading 2"/></w:style><w:style w:styleId="Quote"><w:name w:val="Quote"/></w:style></w:styles>"#)),
        ("word/_rels/document.xml.rels", r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>"#.into()),
        ("word/comments.xml", format!("<w:comments {W}><w:comment w:id=\"0\"><w:p>{}</w:p></w:comment></w:comments>", run("A COMMENT"))),
        ("word/footnotes.xml", format!("<w:footnotes {W}><w:footnote w:id=\"5\"><w:p><w:r><w:footnoteRef/></w:r>{}</w:p></w:footnote></w:footnotes>", run(" The footnote."))),
    ])
}

#[test]
fn structure_tracked_changes_comments_footnotes() {
    let d = import_bytes(Path::new("a.docx"), &sample(), &ImportOptions::default()).unwrap();
    let kinds: Vec<_> = d.blocks.iter().map(|b| (b.kind, b.level)).collect();
    assert_eq!(
        kinds,
        [
            (BlockKind::Title, 0),
            (BlockKind::Heading, 2),
            (BlockKind::Paragraph, 0),
            (BlockKind::ListItem, 1),
            (BlockKind::ListItem, 2),
            (BlockKind::TableRow, 0),
            (BlockKind::Quote, 0),
            (BlockKind::Footnote, 0),
        ]
    );
    assert_eq!(d.title.as_deref(), Some("The Headline"));
    assert!(
        d.text
            .contains("Kept text, inserted text, and the end a link[1]"),
        "{}",
        d.text
    );
    assert!(!d.text.contains("deleted"));
    assert!(!d.text.contains("COMMENT"));
    assert!(d.text.contains("cell a | cell b"));
    assert!(d.text.ends_with("[1] The footnote."), "{}", d.text);
    let link = &d.links[0];
    assert_eq!(&d.text[link.range.clone()], "a link");
    assert_eq!(link.href, "https://example.org/");
}

#[test]
fn zip_bomb_is_refused() {
    // 40 MB of zeros compresses to ~40 KB; with a 1 MB limit the budget is 4 MB.
    let huge = "0".repeat(40 * 1024 * 1024);
    let bomb = docx(&[("word/document.xml", huge)]);
    let opts = ImportOptions {
        max_bytes: 1024 * 1024,
        ..Default::default()
    };
    assert!(bomb.len() < 1024 * 1024);
    let err = import_bytes(Path::new("bomb.docx"), &bomb, &opts).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportZipBomb);
    assert!(err.to_string().starts_with("bomb.docx: "));
}

#[test]
fn damaged_zip_and_foreign_zip() {
    let mut bytes = sample();
    bytes.truncate(bytes.len() / 2);
    let err = import_bytes(Path::new("cut.docx"), &bytes, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportZip);
    let other = docx(&[("photo.jpg", "x".into())]);
    let err = import_bytes(Path::new("x.zip"), &other, &ImportOptions::default()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportUnsupported);
}

#[test]
fn odt_headings_and_paragraphs() {
    let content = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes><text:h text:outline-level="1">ODT Title</text:h><text:p>Body <text:span>text</text:span> here.</text:p><text:list><text:list-item><text:p>an item</text:p></text:list-item></text:list></office:text></office:body></office:document-content>"#;
    let odt = docx(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".into()),
        ("content.xml", content.into()),
    ]);
    let d = import_bytes(Path::new("a.odt"), &odt, &ImportOptions::default()).unwrap();
    assert_eq!(d.text, "ODT Title\n\nBody text here.\n\nan item");
    assert_eq!(d.title.as_deref(), Some("ODT Title"));
    assert_eq!(d.blocks[2].kind, BlockKind::ListItem);
}
