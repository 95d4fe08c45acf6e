//! A small PDF writer for the test corpus, the bench and the fuzz seeds: pages of positioned
//! text lines in the base-14 fonts (WinAnsi), image-only pages (a "scan"), document metadata,
//! and optional extras (JavaScript, an attachment). Not used by the app itself.

use std::fmt::Write as _;
use std::io::Write as _;

/// The base-14 fonts the writer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
    Serif,
}

impl Font {
    fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Serif => "F3",
        }
    }
}

/// One page: text lines at positions (points from the bottom-left corner), or an image.
#[derive(Debug, Clone, Default)]
pub struct Page {
    ops: String,
    image: bool,
}

impl Page {
    pub fn new() -> Self {
        Page::default()
    }

    /// A line of text with its baseline at (`x`, `y`).
    pub fn text(&mut self, x: f64, y: f64, font: Font, size: f64, s: &str) -> &mut Self {
        let mut hex = String::with_capacity(s.len() * 2);
        for b in win_ansi(s) {
            let _ = write!(hex, "{b:02X}");
        }
        let _ = writeln!(
            self.ops,
            "BT /{} {size} Tf {x:.2} {y:.2} Td <{hex}> Tj ET",
            font.resource()
        );
        self
    }

    /// The whole page is one grey image: what a scanner makes, with no text layer.
    pub fn image(&mut self) -> &mut Self {
        self.image = true;
        self.ops.push_str("q 500 0 0 700 50 50 cm /Im1 Do Q\n");
        self
    }
}

/// A whole file.
#[derive(Debug, Clone, Default)]
pub struct PdfFile {
    pub pages: Vec<Page>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// `D:YYYYMMDDHHmmSSZ`
    pub created: Option<String>,
    /// A document-level JavaScript action run on open (by viewers that run scripts).
    pub javascript: Option<String>,
    /// An embedded file (name, content).
    pub attachment: Option<(String, Vec<u8>)>,
    /// Compress content streams (FlateDecode).
    pub compress: bool,
}

impl PdfFile {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut objs: Vec<Vec<u8>> = Vec::new();
        // 1 catalog, 2 pages, 3-5 fonts, 6 image, 7 info, then per page: page, content.
        let first_page = 8;
        let kids: Vec<String> = (0..self.pages.len())
            .map(|i| format!("{} 0 R", first_page + 2 * i))
            .collect();
        let after_pages = first_page + 2 * self.pages.len();
        let mut catalog = String::from("<< /Type /Catalog /Pages 2 0 R");
        let mut extra: Vec<Vec<u8>> = Vec::new();
        if let Some(js) = &self.javascript {
            let id = after_pages + extra.len();
            extra.push(format!("<< /S /JavaScript /JS ({}) >>", escape(js)).into_bytes());
            let _ = write!(catalog, " /OpenAction {id} 0 R");
        }
        if let Some((name, data)) = &self.attachment {
            let id = after_pages + extra.len();
            let mut s =
                format!("<< /Type /EmbeddedFile /Length {} >>\nstream\n", data.len()).into_bytes();
            s.extend_from_slice(data);
            s.extend_from_slice(b"\nendstream");
            extra.push(s);
            let spec = after_pages + extra.len();
            extra.push(
                format!(
                    "<< /Type /Filespec /F ({}) /EF << /F {id} 0 R >> >>",
                    escape(name)
                )
                .into_bytes(),
            );
            let _ = write!(
                catalog,
                " /Names << /EmbeddedFiles << /Names [({}) {spec} 0 R] >> >>",
                escape(name)
            );
        }
        catalog.push_str(" >>");
        objs.push(catalog.into_bytes());
        objs.push(
            format!(
                "<< /Type /Pages /Kids [{}] /Count {} >>",
                kids.join(" "),
                self.pages.len()
            )
            .into_bytes(),
        );
        for base in ["Helvetica", "Helvetica-Bold", "Times-Roman"] {
            objs.push(
                format!(
                    "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
                )
                .into_bytes(),
            );
        }
        let mut img = b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 64 >>\nstream\n".to_vec();
        img.extend((0..64u8).map(|i| 100 + i));
        img.extend_from_slice(b"\nendstream");
        objs.push(img);
        let mut info = String::from("<< /Producer (Factdesk test corpus)");
        for (k, v) in [
            ("Title", &self.title),
            ("Author", &self.author),
            ("CreationDate", &self.created),
        ] {
            if let Some(v) = v {
                let _ = write!(info, " /{k} {}", pdf_text_string(v));
            }
        }
        info.push_str(" >>");
        objs.push(info.into_bytes());
        for (i, p) in self.pages.iter().enumerate() {
            let xobj = if p.image {
                " /XObject << /Im1 6 0 R >>"
            } else {
                ""
            };
            objs.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >>{xobj} >> /Contents {} 0 R >>",
                    first_page + 2 * i + 1
                )
                .into_bytes(),
            );
            objs.push(stream(p.ops.as_bytes(), self.compress));
        }
        objs.extend(extra);
        assemble(&objs, 7)
    }
}

fn stream(data: &[u8], compress: bool) -> Vec<u8> {
    let (body, filter) = if compress {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = z.write_all(data);
        (z.finish().unwrap_or_default(), " /Filter /FlateDecode")
    } else {
        (data.to_vec(), "")
    };
    let mut s = format!("<< /Length {}{filter} >>\nstream\n", body.len()).into_bytes();
    s.extend_from_slice(&body);
    s.extend_from_slice(b"\nendstream");
    s
}

/// Numbers objects from 1, writes the cross-reference table and the trailer.
pub fn assemble(objs: &[Vec<u8>], info: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objs.len());
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let info = if info > 0 && info <= objs.len() {
        format!(" /Info {info} 0 R")
    } else {
        String::new()
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A text string as UTF-16BE with a byte order mark (any character survives).
fn pdf_text_string(s: &str) -> String {
    let mut hex = String::from("<FEFF");
    for u in s.encode_utf16() {
        let _ = write!(hex, "{u:04X}");
    }
    hex.push('>');
    hex
}

/// WinAnsi (Windows-1252) bytes of `s`; characters it lacks are left out.
pub fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .filter_map(|c| match c {
            '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{ff}' => Some(c as u8),
            '‘' => Some(0x91),
            '’' => Some(0x92),
            '“' => Some(0x93),
            '”' => Some(0x94),
            '•' => Some(0x95),
            '–' => Some(0x96),
            '—' => Some(0x97),
            '…' => Some(0x85),
            '€' => Some(0x80),
            _ => None,
        })
        .collect()
}

/// Rough Helvetica advance of `s` at `size` points (for laying out the corpus).
pub fn approx_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '\'' | '’' | '‘' | '.' | ',' | ':' | ';' | '!' | '|' => 0.25,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '-' | 'I' => 0.33,
            'm' | 'w' | 'M' | 'W' | '—' => 0.85,
            'A'..='Z' => 0.68,
            _ => 0.55,
        })
        .sum::<f64>()
        * size
}

/// Breaks `text` into lines no wider than `width` at `size`; a long word that does not fit is
/// hyphenated at the line end when `hyphenate` (after its own hyphen when it has one).
pub fn wrap(text: &str, width: f64, size: f64, hyphenate: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if approx_width(&candidate, size) <= width || line.is_empty() {
            line = candidate;
            continue;
        }
        let chars: Vec<char> = word.chars().collect();
        if hyphenate && chars.len() >= 8 {
            // The longest head that fits, leaving at least three letters on each side.
            let cut = (3..chars.len() - 3).rev().find(|&k| {
                let head: String = chars[..k].iter().collect();
                let sep = if head.ends_with('-') { "" } else { "-" };
                approx_width(&format!("{line} {head}{sep}"), size) <= width
                    && chars[k - 1].is_alphabetic() | (chars[k - 1] == '-')
                    && chars[k].is_alphabetic()
            });
            if let Some(k) = cut {
                let head: String = chars[..k].iter().collect();
                let sep = if head.ends_with('-') { "" } else { "-" };
                lines.push(format!("{line} {head}{sep}"));
                line = chars[k..].iter().collect();
                continue;
            }
        }
        lines.push(std::mem::take(&mut line));
        line = word.to_string();
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A long report for tests and the bench: `pages` pages of 11-point text in paragraphs, a
/// running header and page numbers. Each paragraph is numbered ("Paragraph 12.") so order
/// can be checked.
pub fn long_report(pages: usize) -> PdfFile {
    const WORDS: [&str; 24] = [
        "the",
        "committee",
        "reviewed",
        "budget",
        "figures",
        "ministry",
        "reported",
        "growth",
        "of",
        "percent",
        "in",
        "exports",
        "while",
        "officials",
        "said",
        "spending",
        "rose",
        "after",
        "a",
        "decision",
        "by",
        "regional",
        "councils",
        "last",
    ];
    let page = |n: usize| {
        let mut p = Page::new();
        p.text(
            72.0,
            752.0,
            Font::Regular,
            8.0,
            "Annual Review of Public Accounts",
        );
        p.text(290.0, 30.0, Font::Regular, 8.0, &format!("{n}"));
        p
    };
    let mut out = vec![page(1)];
    let mut k = 0usize;
    let mut para = 0usize;
    let mut y = 720.0;
    'fill: loop {
        para += 1;
        let mut text = format!("Paragraph {para}.");
        for _ in 0..60 {
            k = k
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push(' ');
            text.push_str(WORDS[(k >> 33) % WORDS.len()]);
        }
        text.push('.');
        for line in wrap(&text, 460.0, 11.0, true) {
            if y <= 90.0 {
                if out.len() == pages {
                    break 'fill;
                }
                out.push(page(out.len() + 1));
                y = 720.0;
            }
            if let Some(p) = out.last_mut() {
                p.text(72.0, y, Font::Serif, 11.0, &line);
            }
            y -= 14.0;
        }
        y -= 10.0;
    }
    PdfFile {
        pages: out,
        title: Some("Annual Review of Public Accounts".into()),
        compress: true,
        ..PdfFile::default()
    }
}
