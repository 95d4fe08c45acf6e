//! Word .docx (and OpenDocument .odt): a zip of XML parts, read with bounded decompression.
//! Headings come from paragraph styles, list items from numbering, tracked changes read as
//! accepted (insertions in, deletions out), comments are ignored, footnotes follow the text.

use super::lines::retag_meta_blocks;
use crate::document::{BlockKind, Document, DocumentBuilder, Format, Metadata};
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
            CoreError::import(path, "import.zip", format!("the archive is damaged: {e}"))
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
                "import.zip",
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
                "import.zip_bomb",
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
        "import.unsupported",
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
        "import.xml",
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
    let mut out = Body {
        paras: Vec::new(),
        footnote_refs: Vec::new(),
    };
    let mut r = Reader::from_str(xml);
    let mut para: Option<Para> = None;
    // Skipped subtrees (deletions, field codes, fallbacks, comments): their depth.
    let mut skip = 0u32;
    let mut in_text = false;
    let mut link: Option<String> = None;
    let mut note: Option<String> = None;
    let mut table_cells: Vec<u32> = Vec::new();
    loop {
        let ev = r.read_event().map_err(|e| xml_error(path, part, e))?;
        let (start, empty) = match &ev {
            Event::Start(_) => (true, false),
            Event::Empty(_) => (true, true),
            _ => (false, false),
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) if start => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    if !empty {
                        skip += 1;
                    }
                    continue;
                }
                match name {
                    b"del" | b"moveFrom" | b"delText" | b"instrText" | b"Fallback"
                    | b"commentReference" | b"annotationRef" | b"footnoteRef" | b"endnoteRef"
                        if !empty =>
                    {
                        skip = 1;
                    }
                    b"footnote" | b"endnote" => note = attr(e, b"w:id"),
                    // Paragraphs inside a table cell belong to the row's block.
                    b"p" if !table_cells.is_empty() && para.is_some() => {}
                    b"p" => {
                        if let Some(p) = para.take() {
                            out.paras.push(p);
                        }
                        let (kind, level) = if table_cells.is_empty() {
                            (BlockKind::Paragraph, 0)
                        } else {
                            (BlockKind::TableRow, 0)
                        };
                        para = Some(Para {
                            kind,
                            level,
                            runs: Vec::new(),
                            note: note.clone(),
                        });
                    }
                    b"pStyle" => {
                        if let (Some(p), Some(v)) = (para.as_mut(), attr(e, b"w:val")) {
                            if let Some(&(k, l)) = styles.get(&v) {
                                if p.kind != BlockKind::TableRow {
                                    (p.kind, p.level) = (k, l);
                                }
                            } else if let Some((k, l)) = style_kind(&v) {
                                if p.kind != BlockKind::TableRow {
                                    (p.kind, p.level) = (k, l);
                                }
                            }
                        }
                    }
                    b"ilvl" => {
                        if let Some(p) = para.as_mut() {
                            let l: u8 = attr(e, b"w:val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            if p.kind == BlockKind::Paragraph {
                                p.kind = BlockKind::ListItem;
                                p.level = l.saturating_add(1).min(9);
                            }
                        }
                    }
                    b"numId" => {
                        if let Some(p) = para.as_mut() {
                            if p.kind == BlockKind::Paragraph
                                && attr(e, b"w:val").is_some_and(|v| v != "0")
                            {
                                p.kind = BlockKind::ListItem;
                                p.level = p.level.max(1);
                            }
                        }
                    }
                    b"t" => in_text = !empty,
                    b"tab" => push_run(&mut para, " ", &link),
                    b"br" | b"cr" => push_run(&mut para, "\n", &link),
                    b"noBreakHyphen" => push_run(&mut para, "-", &link),
                    b"hyperlink" => {
                        link = attr(e, b"r:id")
                            .and_then(|id| rels.get(&id).cloned())
                            .or_else(|| attr(e, b"w:anchor").map(|a| format!("#{a}")));
                    }
                    b"footnoteReference" | b"endnoteReference" => {
                        if let Some(id) = attr(e, b"w:id") {
                            out.footnote_refs.push(id.clone());
                            let n = out.footnote_refs.len();
                            push_run(&mut para, &format!("[{n}]"), &None);
                        }
                    }
                    b"tbl" => {
                        if let Some(p) = para.take() {
                            out.paras.push(p);
                        }
                        table_cells.push(0);
                    }
                    b"tr" => {
                        if let Some(p) = para.take() {
                            out.paras.push(p);
                        }
                        if let Some(c) = table_cells.last_mut() {
                            *c = 0;
                        }
                        para = Some(Para {
                            kind: BlockKind::TableRow,
                            level: 0,
                            runs: Vec::new(),
                            note: note.clone(),
                        });
                    }
                    b"tc" => {
                        if let Some(c) = table_cells.last_mut() {
                            if *c > 0 {
                                push_run(&mut para, " | ", &None);
                            }
                            *c += 1;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"t" => in_text = false,
                    b"hyperlink" => link = None,
                    b"p" if table_cells.is_empty() => {
                        if let Some(p) = para.take() {
                            out.paras.push(p);
                        }
                    }
                    b"p" => push_run(&mut para, " ", &None),
                    b"tr" => {
                        if let Some(p) = para.take() {
                            out.paras.push(p);
                        }
                    }
                    b"tbl" => {
                        table_cells.pop();
                    }
                    b"footnote" | b"endnote" => note = None,
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                let s = t.unescape().map_err(|e| xml_error(path, part, e))?;
                push_run(&mut para, &s, &link);
            }
            Event::CData(t) if in_text && skip == 0 => {
                push_run(&mut para, &String::from_utf8_lossy(&t), &link);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(p) = para.take() {
        out.paras.push(p);
    }
    Ok(out)
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
