//! Word .docx (and OpenDocument .odt): a zip of XML parts, read with bounded decompression.
//! Headings come from paragraph styles, list items from numbering, tracked changes read as
//! accepted (insertions in, deletions out), comments are ignored, footnotes follow the text.

use super::lines::retag_meta_blocks;
use crate::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// Refuses archives whose parts would decompress past `limit` bytes in total.
struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    path: &'a Path,
    budget: u64,
}

impl<'a> Archive<'a> {
    fn open(path: &'a Path, bytes: &'a [u8], limit: u64) -> Result<Self> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            CoreError::import(
                path,
                ErrorCode::ImportZip,
                format!("the archive is damaged: {e}"),
            )
        })?;
        Ok(Archive {
            zip,
            path,
            budget: limit,
        })
    }

    fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// A part as text, or `None` when the archive has no such part.
    fn part(&mut self, name: &str) -> Result<Option<String>> {
        let Some(i) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let path = self.path;
        let damaged = |e: String| {
            CoreError::import(
                path,
                ErrorCode::ImportZip,
                format!("the part {name} is damaged: {e}"),
            )
        };
        let entry = self.zip.by_index(i).map_err(|e| damaged(e.to_string()))?;
        let mut out = Vec::new();
        // Read at most one byte past the budget: the declared size may lie.
        let read = entry
            .take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| damaged(e.to_string()))?;
        if read as u64 > self.budget {
            return Err(CoreError::import(
                path,
                ErrorCode::ImportZipBomb,
                "the document decompresses to far more data than any article (a zip bomb?)",
            ));
        }
        self.budget -= read as u64;
        String::from_utf8(out)
            .map(Some)
            .map_err(|_| damaged("not UTF-8 XML".into()))
    }
}

/// Total decompressed size allowed for one document's parts.
pub fn budget_for(max_bytes: u64) -> u64 {
    max_bytes.saturating_mul(4)
}

pub fn read(path: &Path, bytes: &[u8], max_bytes: u64) -> Result<Document> {
    let mut ar = Archive::open(path, bytes, budget_for(max_bytes))?;
    if ar.has("word/document.xml") {
        return read_docx(path, &mut ar, bytes);
    }
    if ar.has("content.xml") {
        return read_odt(path, &mut ar, bytes);
    }
    Err(CoreError::import(
        path,
        ErrorCode::ImportUnsupported,
        "this zip archive is neither a Word (.docx) nor an OpenDocument (.odt) document",
    ))
}

fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn xml_error(path: &Path, part: &str, e: impl std::fmt::Display) -> CoreError {
    CoreError::import(
        path,
        ErrorCode::ImportXml,
        format!("{part} is not well-formed XML: {e}"),
    )
}

/// Style id → what it means for us, from word/styles.xml (names are stable across languages;
/// ids are localised).
fn styles(path: &Path, xml: &str) -> Result<HashMap<String, (BlockKind, u8)>> {
    let mut map = HashMap::new();
    let mut r = Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match r
            .read_event()
            .map_err(|e| xml_error(path, "styles.xml", e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => current = attr(&e, b"w:styleId"),
                b"name" => {
                    if let (Some(id), Some(name)) = (&current, attr(&e, b"w:val")) {
                        if let Some(k) = style_kind(&name).or_else(|| style_kind(id)) {
                            map.insert(id.clone(), k);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(map)
}

fn style_kind(name: &str) -> Option<(BlockKind, u8)> {
    let n = name.to_lowercase().replace(' ', "");
    if n == "title" {
        return Some((BlockKind::Title, 0));
    }
    if let Some(level) = n.strip_prefix("heading") {
        let l: u8 = level.parse().ok()?;
        return Some((BlockKind::Heading, l.clamp(1, 6)));
    }
    if matches!(n.as_str(), "quote" | "intensequote" | "blocktext") {
        return Some((BlockKind::Quote, 0));
    }
    None
}

fn relationships(path: &Path, xml: &str) -> Result<HashMap<String, String>> {
    let mut map = HashMap::new();
    let mut r = Reader::from_str(xml);
    loop {
        match r
            .read_event()
            .map_err(|e| xml_error(path, "relationships", e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    map.insert(id, t);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(map)
}

/// Paragraphs of a WordprocessingML part, each with its kind; footnote references are
/// collected in order of appearance.
struct Body {
    paras: Vec<Para>,
    footnote_refs: Vec<String>,
}

struct Para {
    kind: BlockKind,
    level: u8,
    /// Text runs, with the link each belongs to.
    runs: Vec<(String, Option<String>)>,
    /// The footnote this paragraph belongs to (footnotes.xml).
    note: Option<String>,
}

fn parse_body(
    path: &Path,
    part: &str,
    xml: &str,
    styles: &HashMap<String, (BlockKind, u8)>,
    rels: &HashMap<String, String>,
) -> Result<Body> {
    let mut w = BodyWalk {
        styles,
        rels,
        out: Body {
            paras: Vec::new(),
            footnote_refs: Vec::new(),
        },
        para: None,
        skip: 0,
        in_text: false,
        link: None,
        note: None,
        table_cells: Vec::new(),
    };
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event().map_err(|e| xml_error(path, part, e))? {
            Event::Start(ref e) => w.start(e, false),
            Event::Empty(ref e) => w.start(e, true),
            Event::End(ref e) => w.end(e.local_name().as_ref()),
            Event::Text(t) if w.reading_text() => {
                let s = t.unescape().map_err(|e| xml_error(path, part, e))?;
                w.push(&s);
            }
            Event::CData(t) if w.reading_text() => w.push(&String::from_utf8_lossy(&t)),
            Event::Eof => break,
            _ => {}
        }
    }
    w.close_para();
    Ok(w.out)
}

/// One walk through a part's XML: the paragraphs so far and where the reader is.
struct BodyWalk<'a> {
    styles: &'a HashMap<String, (BlockKind, u8)>,
    rels: &'a HashMap<String, String>,
    out: Body,
    para: Option<Para>,
    /// Skipped subtrees (deletions, field codes, fallbacks, comments): their depth.
    skip: u32,
    in_text: bool,
    link: Option<String>,
    note: Option<String>,
    /// One count of cells so far per open table, innermost last.
    table_cells: Vec<u32>,
}

impl BodyWalk<'_> {
    fn reading_text(&self) -> bool {
        self.in_text && self.skip == 0
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        match e.local_name().as_ref() {
            b"del" | b"moveFrom" | b"delText" | b"instrText" | b"Fallback"
            | b"commentReference" | b"annotationRef" | b"footnoteRef" | b"endnoteRef"
                if !empty =>
            {
                self.skip = 1;
            }
            b"footnote" | b"endnote" => self.note = attr(e, b"w:id"),
            // Paragraphs inside a table cell belong to the row's block.
            b"p" if !self.table_cells.is_empty() && self.para.is_some() => {}
            b"p" => {
                let kind = if self.table_cells.is_empty() {
                    BlockKind::Paragraph
                } else {
                    BlockKind::TableRow
                };
                self.open_para(kind);
            }
            b"pStyle" => self.paragraph_style(attr(e, b"w:val")),
            b"ilvl" => self.list_level(attr(e, b"w:val")),
            b"numId" => self.numbering(attr(e, b"w:val")),
            b"t" => self.in_text = !empty,
            b"tab" => self.push(" "),
            b"br" | b"cr" => self.push("\n"),
            b"noBreakHyphen" => self.push("-"),
            b"hyperlink" => {
                self.link = attr(e, b"r:id")
                    .and_then(|id| self.rels.get(&id).cloned())
                    .or_else(|| attr(e, b"w:anchor").map(|a| format!("#{a}")));
            }
            b"footnoteReference" | b"endnoteReference" => {
                if let Some(id) = attr(e, b"w:id") {
                    self.out.footnote_refs.push(id);
                    let n = self.out.footnote_refs.len();
                    push_run(&mut self.para, &format!("[{n}]"), &None);
                }
            }
            b"tbl" => {
                self.close_para();
                self.table_cells.push(0);
            }
            b"tr" => {
                if let Some(c) = self.table_cells.last_mut() {
                    *c = 0;
                }
                self.open_para(BlockKind::TableRow);
            }
            b"tc" => {
                if let Some(c) = self.table_cells.last_mut() {
                    if *c > 0 {
                        push_run(&mut self.para, " | ", &None);
                    }
                    *c += 1;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"t" => self.in_text = false,
            b"hyperlink" => self.link = None,
            b"p" if self.table_cells.is_empty() => self.close_para(),
            b"p" => push_run(&mut self.para, " ", &None),
            b"tr" => self.close_para(),
            b"tbl" => {
                self.table_cells.pop();
            }
            b"footnote" | b"endnote" => self.note = None,
            _ => {}
        }
    }

    /// Text of the current link (if any) into the open paragraph.
    fn push(&mut self, s: &str) {
        push_run(&mut self.para, s, &self.link);
    }

    fn open_para(&mut self, kind: BlockKind) {
        self.close_para();
        self.para = Some(Para {
            kind,
            level: 0,
            runs: Vec::new(),
            note: self.note.clone(),
        });
    }

    fn close_para(&mut self) {
        if let Some(p) = self.para.take() {
            self.out.paras.push(p);
        }
    }

    /// `w:pStyle`: a heading or other kind by the document's styles, else by the style's name.
    /// A table row stays a table row.
    fn paragraph_style(&mut self, style: Option<String>) {
        let (Some(p), Some(v)) = (self.para.as_mut(), style) else {
            return;
        };
        let found = self.styles.get(&v).copied().or_else(|| style_kind(&v));
        if let Some((k, l)) = found {
            if p.kind != BlockKind::TableRow {
                (p.kind, p.level) = (k, l);
            }
        }
    }

    /// `w:ilvl`: a list item at that level (from 1).
    fn list_level(&mut self, level: Option<String>) {
        if let Some(p) = self.para.as_mut() {
            let l: u8 = level.and_then(|v| v.parse().ok()).unwrap_or(0);
            if p.kind == BlockKind::Paragraph {
                p.kind = BlockKind::ListItem;
                p.level = l.saturating_add(1).min(9);
            }
        }
    }

    /// `w:numId`: numbered unless it is 0.
    fn numbering(&mut self, id: Option<String>) {
        if let Some(p) = self.para.as_mut() {
            if p.kind == BlockKind::Paragraph && id.is_some_and(|v| v != "0") {
                p.kind = BlockKind::ListItem;
                p.level = p.level.max(1);
            }
        }
    }
}

fn push_run(para: &mut Option<Para>, s: &str, link: &Option<String>) {
    if let Some(p) = para.as_mut() {
        match p.runs.last_mut() {
            Some((text, l)) if l == link => text.push_str(s),
            _ => p.runs.push((s.to_string(), link.clone())),
        }
    }
}

fn emit(b: &mut DocumentBuilder, kind: BlockKind, level: u8, runs: &[(String, Option<String>)]) {
    b.begin_block(kind, level);
    for (text, link) in runs {
        let start = b.text().len();
        let mut first = true;
        for line in text.split('\n') {
            if !first {
                b.push_line_break();
            }
            first = false;
            b.push_text(line);
        }
        if let Some(href) = link {
            let t = b.text();
            let s = start + (t.len() - start - t[start..].trim_start().len()).min(t.len() - start);
            b.add_link(s, href);
        }
    }
    b.end_block();
}

fn read_docx(path: &Path, ar: &mut Archive, bytes: &[u8]) -> Result<Document> {
    let styles = match ar.part("word/styles.xml")? {
        Some(x) => styles(path, &x)?,
        None => HashMap::new(),
    };
    let rels = match ar.part("word/_rels/document.xml.rels")? {
        Some(x) => relationships(path, &x)?,
        None => HashMap::new(),
    };
    let main = ar.part("word/document.xml")?.unwrap_or_default();
    let body = parse_body(path, "word/document.xml", &main, &styles, &rels)?;
    let mut notes: HashMap<String, Vec<Para>> = HashMap::new();
    if !body.footnote_refs.is_empty() {
        let frels = match ar.part("word/_rels/footnotes.xml.rels")? {
            Some(x) => relationships(path, &x)?,
            None => HashMap::new(),
        };
        if let Some(x) = ar.part("word/footnotes.xml")? {
            for p in parse_body(path, "word/footnotes.xml", &x, &styles, &frels)?.paras {
                if let Some(id) = p.note.clone() {
                    notes.entry(id).or_default().push(p);
                }
            }
        }
    }
    let mut meta = Metadata::default();
    if let Some(core) = ar.part("docProps/core.xml")? {
        meta.title = core_title(&core);
    }
    let mut b = DocumentBuilder::new(Format::Docx);
    let mut first = true;
    for p in &body.paras {
        let text: String = p.runs.iter().map(|r| r.0.as_str()).collect();
        if text.trim().is_empty() {
            continue;
        }
        let mut kind = p.kind;
        // The first paragraph names the article when it is styled Title or Heading 1.
        if first && (kind == BlockKind::Title || (kind == BlockKind::Heading && p.level == 1)) {
            kind = BlockKind::Title;
            meta.title = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
        } else if kind == BlockKind::Title {
            kind = BlockKind::Heading;
        }
        first = false;
        emit(
            &mut b,
            kind,
            if kind == BlockKind::Title { 0 } else { p.level },
            &p.runs,
        );
    }
    for (n, id) in body.footnote_refs.iter().enumerate() {
        let Some(paras) = notes.get(id) else { continue };
        let mut runs = vec![(format!("[{}] ", n + 1), None)];
        for (k, p) in paras.iter().enumerate() {
            if k > 0 {
                runs.push(("\n".into(), None));
            }
            runs.extend(p.runs.iter().cloned());
        }
        emit(&mut b, BlockKind::Footnote, 0, &runs);
    }
    let mut doc = b.finish(meta, String::new(), bytes);
    retag_meta_blocks(&mut doc);
    Ok(doc)
}

fn core_title(xml: &str) -> Option<String> {
    let mut r = Reader::from_str(xml);
    let mut in_title = false;
    loop {
        match r.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"title" => in_title = true,
            Event::Text(t) if in_title => {
                let t = t.unescape().ok()?.trim().to_string();
                return (!t.is_empty()).then_some(t);
            }
            Event::End(_) => in_title = false,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// OpenDocument text: `text:h` headings, `text:p` paragraphs, `text:list` items; tracked
/// deletions (`text:tracked-changes`) and annotations are left out.
fn read_odt(path: &Path, ar: &mut Archive, bytes: &[u8]) -> Result<Document> {
    let xml = ar.part("content.xml")?.unwrap_or_default();
    let mut r = Reader::from_str(&xml);
    let mut b = DocumentBuilder::new(Format::Odt);
    let mut meta = Metadata::default();
    let mut skip = 0u32;
    let mut lists = 0u8;
    let mut depth_in_block = 0u32;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| xml_error(path, "content.xml", e))?;
        match ev {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                match e.name().as_ref() {
                    b"text:tracked-changes" | b"office:annotation" | b"text:note-citation" => {
                        skip = 1
                    }
                    b"text:list" => lists = lists.saturating_add(1),
                    b"text:h" | b"text:p" if depth_in_block == 0 => {
                        let (kind, level) = if e.name().as_ref() == b"text:h" {
                            let l = attr(&e, b"text:outline-level")
                                .and_then(|v| v.parse::<u8>().ok())
                                .unwrap_or(1);
                            if l == 1 && b.text().is_empty() {
                                (BlockKind::Title, 0)
                            } else {
                                (BlockKind::Heading, l.clamp(1, 6))
                            }
                        } else if lists > 0 {
                            (BlockKind::ListItem, lists)
                        } else {
                            (BlockKind::Paragraph, 0)
                        };
                        b.begin_block(kind, level);
                        depth_in_block = 1;
                    }
                    _ if depth_in_block > 0 => depth_in_block += 1,
                    _ => {}
                }
            }
            Event::Empty(e) if skip == 0 => match e.name().as_ref() {
                b"text:s" | b"text:tab" => b.push_space(),
                b"text:line-break" => b.push_line_break(),
                _ => {}
            },
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                if depth_in_block > 0 {
                    depth_in_block -= 1;
                    if depth_in_block == 0 {
                        if meta.title.is_none() && b.in_block() && b.text().find("\n\n").is_none() {
                            let t = b.text().trim();
                            if !t.is_empty() && e.name().as_ref() == b"text:h" {
                                meta.title = Some(t.to_string());
                            }
                        }
                        b.end_block();
                    }
                } else if e.name().as_ref() == b"text:list" {
                    lists = lists.saturating_sub(1);
                }
            }
            Event::Text(t) if skip == 0 && depth_in_block > 0 => {
                let s = t
                    .unescape()
                    .map_err(|e| xml_error(path, "content.xml", e))?;
                b.push_text(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut doc = b.finish(meta, String::new(), bytes);
    retag_meta_blocks(&mut doc);
    Ok(doc)
}
