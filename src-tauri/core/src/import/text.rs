//! Plain text: the first line is the headline, every other non-empty line a paragraph.

use crate::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};

pub fn read(text: &str, bytes: &[u8]) -> Document {
    let mut b = DocumentBuilder::new(Format::Text);
    let mut meta = Metadata::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if meta.title.is_none() {
            meta.title = Some(line.to_string());
            b.begin_block(BlockKind::Title, 0);
        } else {
            b.begin_block(BlockKind::Paragraph, 0);
        }
        b.push_text(line);
    }
    b.finish(meta, String::new(), bytes)
}
