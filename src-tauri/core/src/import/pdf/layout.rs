//! From positioned characters to blocks in reading order: lines, running headers and footers
//! and page numbers dropped, one or two columns, paragraphs joined across line breaks (and
//! across columns and pages) and de-hyphenated, headings by font size, footnotes kept apart,
//! table rows as text.

use super::glyphs::{Glyph, PageGlyphs};
use crate::document::BlockKind;
use std::collections::{HashMap, HashSet};

/// A block in reading order, with the page it starts on (1-based) and its box there
/// (points from the top-left corner: x0, y0, x1, y1).
#[derive(Debug, Clone, PartialEq)]
pub struct LaidBlock {
    pub kind: BlockKind,
    pub level: u8,
    pub page: u32,
    pub bbox: [f32; 4],
    /// Lines joined: one line per block, except a post and its attribution (two).
    pub text: String,
}

/// A run of text on one baseline.
#[derive(Debug, Clone, PartialEq)]
struct Frag {
    x0: f64,
    x1: f64,
    /// Baseline, downwards.
    y: f64,
    size: f64,
    text: String,
    /// Other runs on the same baseline far to the right (table cells).
    cells: Vec<String>,
}

/// Lays out every page; `pages[i]` is page `i + 1`.
pub fn lay_out(pages: &[PageGlyphs]) -> Vec<LaidBlock> {
    let mut frags: Vec<Vec<Frag>> = pages.iter().map(|p| frags_of(&p.glyphs)).collect();
    drop_running_lines(&mut frags, pages);
    let body = body_size(&frags);
    let mut paras: Vec<Para> = Vec::new();
    let mut notes: Vec<Para> = Vec::new();
    for (i, (page, fr)) in pages.iter().zip(frags).enumerate() {
        let page_no = i as u32 + 1;
        let (main, foot) = split_footnotes(fr, body);
        for region in regions(main, page.width) {
            paragraphs(&region, page_no, body, &mut paras);
        }
        let mut foot_paras = Vec::new();
        paragraphs(&Region::single(foot), page_no, body, &mut foot_paras);
        for mut p in foot_paras {
            p.footnote = true;
            notes.push(p);
        }
    }
    let compounds = hyphenated_words(&paras, &notes);
    classify(paras, notes, body, &compounds)
}

/// Glyphs to runs: consecutive glyphs on one baseline without a wide gap.
fn frags_of(glyphs: &[Glyph]) -> Vec<Frag> {
    let mut out: Vec<Frag> = Vec::new();
    for g in glyphs {
        if g.size <= 0.0 {
            continue;
        }
        if let Some(cur) = out.last_mut() {
            let tol = 0.4 * cur.size.max(g.size);
            let gap = g.x - cur.x1;
            if (g.y - cur.y).abs() <= tol && gap >= -0.5 * g.size && gap <= 1.2 * g.size {
                let space = g.text.trim().is_empty();
                if space {
                    if !cur.text.ends_with(' ') {
                        cur.text.push(' ');
                    }
                } else {
                    if gap > 0.18 * g.size && !cur.text.ends_with(' ') {
                        cur.text.push(' ');
                    }
                    cur.text.push_str(&g.text);
                }
                cur.x1 = cur.x1.max(g.x + g.w);
                // A raised small marker (a footnote number) keeps the line's baseline and size.
                if g.size > cur.size {
                    cur.size = g.size;
                    cur.y = g.y;
                }
                continue;
            }
        }
        if g.text.trim().is_empty() {
            continue;
        }
        out.push(Frag {
            x0: g.x,
            x1: g.x + g.w,
            y: g.y,
            size: g.size,
            text: g.text.clone(),
            cells: Vec::new(),
        });
    }
    for f in &mut out {
        let t = f.text.trim_end().len();
        f.text.truncate(t);
    }
    out.retain(|f| !f.text.trim().is_empty());
    // Reading order within a baseline, and runs drawn apart that touch joined.
    out.sort_by(|a, b| {
        (a.y / 2.0)
            .round()
            .total_cmp(&(b.y / 2.0).round())
            .then(a.x0.total_cmp(&b.x0))
    });
    let mut merged: Vec<Frag> = Vec::with_capacity(out.len());
    for f in out {
        if let Some(m) = merged.last_mut() {
            let gap = f.x0 - m.x1;
            if (f.y - m.y).abs() <= 0.4 * m.size && gap >= -0.5 * f.size && gap <= 1.2 * f.size {
                if gap > 0.18 * f.size {
                    m.text.push(' ');
                }
                m.text.push_str(&f.text);
                m.x1 = m.x1.max(f.x1);
                continue;
            }
        }
        merged.push(f);
    }
    merged
}

/// Running headers and footers (the same line, digits aside, in the top or bottom tenth of
/// most pages) and page numbers are not part of the text.
fn drop_running_lines(frags: &mut [Vec<Frag>], pages: &[PageGlyphs]) {
    let key = |f: &Frag| -> String {
        f.text
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect::<String>()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let in_band = |f: &Frag, h: f64| f.y < 0.1 * h || f.y > 0.9 * h;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (fr, p) in frags.iter().zip(pages) {
        let keys: HashSet<String> = fr
            .iter()
            .filter(|f| in_band(f, p.height))
            .map(key)
            .collect();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let n = frags.len();
    for (fr, p) in frags.iter_mut().zip(pages) {
        fr.retain(|f| {
            if !in_band(f, p.height) {
                return true;
            }
            let k = key(f);
            // Headers and footers are short; a line of text that happens to repeat is not one.
            let short = k.split_whitespace().count() <= 12;
            let repeats = short && n >= 2 && seen.get(&k).copied().unwrap_or(0) * 2 >= n.max(3);
            !(repeats || is_page_number(&k))
        });
    }
}

/// "#", "- # -", "page #", "# of #", "p. #", roman numerals.
fn is_page_number(key: &str) -> bool {
    let k = key.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let k = k
        .strip_prefix("page")
        .or_else(|| k.strip_prefix("p."))
        .or_else(|| k.strip_prefix("seite"))
        .unwrap_or(k)
        .trim();
    if k.is_empty() {
        return false;
    }
    let words: Vec<&str> = k.split([' ', '/']).filter(|w| !w.is_empty()).collect();
    let numeric = |w: &str| w.chars().all(|c| c == '#');
    let roman = |w: &str| w.len() <= 6 && w.chars().all(|c| "ivxlc".contains(c));
    match words.as_slice() {
        [a] => numeric(a) || roman(a),
        [a, "of", b] | [a, b] => numeric(a) && numeric(b),
        _ => false,
    }
}

/// The font size most characters have.
fn body_size(frags: &[Vec<Frag>]) -> f64 {
    let mut count: HashMap<i64, usize> = HashMap::new();
    for f in frags.iter().flatten() {
        *count.entry((f.size * 2.0).round() as i64).or_default() += f.text.len();
    }
    count
        .into_iter()
        .max_by_key(|&(s, n)| (n, -s))
        .map_or(10.0, |(s, _)| s as f64 / 2.0)
}

/// Small text below the page's last line of body text: its footnotes.
fn split_footnotes(fr: Vec<Frag>, body: f64) -> (Vec<Frag>, Vec<Frag>) {
    let small = |f: &Frag| f.size < body * 0.9;
    let last_body = fr
        .iter()
        .filter(|f| !small(f))
        .map(|f| f.y)
        .fold(f64::NEG_INFINITY, f64::max);
    fr.into_iter()
        .partition(|f| !(small(f) && f.y > last_body && last_body.is_finite()))
}

/// Runs that read in order: full-width stretches, and a column's runs top to bottom.
#[derive(Debug, Default)]
struct Region {
    frags: Vec<Frag>,
    left: f64,
    right: f64,
    /// Starts a new column or page (a paragraph may still continue into it).
    fresh: bool,
}

impl Region {
    fn single(mut frags: Vec<Frag>) -> Region {
        frags.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
        let left = frags.iter().map(|f| f.x0).fold(f64::INFINITY, f64::min);
        let right = frags.iter().map(|f| f.x1).fold(f64::NEG_INFINITY, f64::max);
        Region {
            frags,
            left,
            right,
            fresh: true,
        }
    }
}

/// Cuts a page into regions in reading order, finding a two-column gutter if there is one.
fn regions(mut fr: Vec<Frag>, page_width: f64) -> Vec<Region> {
    if fr.is_empty() {
        return Vec::new();
    }
    fr.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let Some(g) = gutter(&fr, page_width) else {
        return vec![Region::single(table_cells(fr))];
    };
    let mut out = Vec::new();
    let mut band: Vec<Frag> = Vec::new();
    let flush = |band: &mut Vec<Frag>, out: &mut Vec<Region>| {
        if band.is_empty() {
            return;
        }
        let (left, right): (Vec<Frag>, Vec<Frag>) =
            std::mem::take(band).into_iter().partition(|f| f.x1 <= g);
        for side in [left, right] {
            if !side.is_empty() {
                out.push(Region::single(side));
            }
        }
    };
    let mut full: Vec<Frag> = Vec::new();
    for f in fr {
        let crosses = f.x0 < g && f.x1 > g;
        if crosses {
            flush(&mut band, &mut out);
            full.push(f);
        } else {
            if !full.is_empty() {
                out.push(Region::single(std::mem::take(&mut full)));
            }
            band.push(f);
        }
    }
    flush(&mut band, &mut out);
    if !full.is_empty() {
        out.push(Region::single(full));
    }
    out
}

/// The x of a vertical gap that splits the page's runs into two columns of text.
fn gutter(fr: &[Frag], page_width: f64) -> Option<f64> {
    let left = fr.iter().map(|f| f.x0).fold(f64::INFINITY, f64::min);
    let right = fr.iter().map(|f| f.x1).fold(f64::NEG_INFINITY, f64::max);
    let width = right - left;
    if width.is_nan() || width <= 0.0 || width > page_width * 4.0 {
        return None;
    }
    let mut best: Option<(usize, f64)> = None;
    let steps = 80;
    for i in 0..=steps {
        let x = left + width * (0.3 + 0.4 * i as f64 / steps as f64);
        let cover = fr.iter().filter(|f| f.x0 < x && f.x1 > x).count();
        if best.is_none_or(|(c, _)| cover < c) {
            best = Some((cover, x));
        }
    }
    let (cover, x) = best?;
    let lefts: Vec<&Frag> = fr.iter().filter(|f| f.x1 <= x).collect();
    let rights: Vec<&Frag> = fr.iter().filter(|f| f.x0 >= x).collect();
    if lefts.len() < 3 || rights.len() < 3 || cover * 6 > lefts.len() + rights.len() {
        return None;
    }
    // Columns of text, not table cells: most runs fill their column.
    let fills = |side: &[&Frag], from: f64, to: f64| {
        let wide = side
            .iter()
            .filter(|f| f.x1 - f.x0 >= 0.5 * (to - from))
            .count();
        wide * 2 >= side.len()
    };
    (fills(&lefts, left, x) && fills(&rights, x, right)).then_some(x)
}

/// In a one-column page, runs on one baseline far apart are a table row's cells.
fn table_cells(fr: Vec<Frag>) -> Vec<Frag> {
    let mut out: Vec<Frag> = Vec::with_capacity(fr.len());
    for f in fr {
        if let Some(row) = out.last_mut() {
            if (f.y - row.y).abs() <= 0.4 * row.size && f.x0 > row.x1 {
                if row.cells.is_empty() {
                    row.cells.push(std::mem::take(&mut row.text));
                }
                row.cells.push(f.text);
                row.x1 = f.x1;
                continue;
            }
        }
        out.push(f);
    }
    for f in &mut out {
        if !f.cells.is_empty() {
            f.text = f.cells.join(" | ");
        }
    }
    out
}

/// A paragraph being built: its lines (text, x0, x1) and where it is.
#[derive(Debug, Clone)]
struct Para {
    lines: Vec<String>,
    page: u32,
    bbox: [f64; 4],
    size: f64,
    /// Every line indented from the region's left edge.
    indented: bool,
    table: bool,
    footnote: bool,
    /// The last line ends short of the region's right edge.
    short_end: bool,
}

fn paragraphs(region: &Region, page: u32, body: f64, out: &mut Vec<Para>) {
    let mut prev: Option<&Frag> = None;
    for f in &region.frags {
        let indent = f.x0 - region.left > 1.5 * f.size;
        let short = region.right - f.x1 > 3.0 * f.size;
        let join = match prev {
            Some(p) => {
                let dy = f.y - p.y;
                let same_size = (f.size - p.size).abs() < 0.6;
                let p_para = out.last();
                let note_start = f.size < body * 0.9 && starts_note(&f.text);
                same_size
                    && !note_start
                    && dy > 0.0
                    && dy <= 1.5 * f.size.max(p.size)
                    && f.cells.is_empty()
                    && p.cells.is_empty()
                    && p_para.is_some_and(|q| {
                        !(q.short_end && ends_sentence(&p.text)) && q.indented == indent
                    })
            }
            // The first line of a column or page continues the last paragraph when that one
            // stopped mid-sentence and this starts in lower case. A title or heading wrapped
            // over two lines whose second line is short lands in a column region of its own:
            // right below it, same size, in lower case, it is the same heading.
            None => out.last().is_some_and(|q| {
                let wrapped_heading = q.page == page
                    && !q.footnote
                    && !q.table
                    && f.cells.is_empty()
                    && (q.size - f.size).abs() < 0.6
                    && q.size > body + 0.6
                    && f.text.chars().next().is_some_and(char::is_lowercase)
                    && !ends_sentence(q.lines.last().map_or("", String::as_str))
                    && f.y - q.bbox[3] > 0.0
                    && f.y - q.bbox[3] <= 1.5 * f.size;
                wrapped_heading
                    || region.fresh
                        && !q.footnote
                        && !q.table
                        && f.cells.is_empty()
                        && (q.size - f.size).abs() < 0.6
                        && (q.size - body).abs() < 0.6
                        && !ends_sentence(q.lines.last().map_or("", String::as_str))
                        && (!q.short_end || f.text.chars().next().is_some_and(char::is_lowercase))
            }),
        };
        if join {
            if let Some(q) = out.last_mut() {
                q.lines.push(f.text.clone());
                if q.page == page {
                    q.bbox[0] = q.bbox[0].min(f.x0);
                    q.bbox[2] = q.bbox[2].max(f.x1);
                    q.bbox[3] = q.bbox[3].max(f.y);
                }
                q.short_end = short;
            }
        } else {
            out.push(Para {
                lines: vec![f.text.clone()],
                page,
                bbox: [f.x0, f.y - f.size, f.x1, f.y],
                size: f.size,
                indented: indent,
                table: !f.cells.is_empty(),
                footnote: false,
                short_end: short,
            });
        }
        prev = Some(f);
    }
}

/// "1 Figures from…", "12. See…", "* Not…": a footnote's first line.
fn starts_note(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits <= 3 && (rest.starts_with(' ') || rest.starts_with(". ")))
        || line.starts_with("* ")
        || line.starts_with('†')
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', ':', '"', '”', '’', ')', '…'])
}

/// Words printed with a hyphen inside a line ("Jong-un"): a line-end hyphen in one of them is
/// kept when the line is joined.
fn hyphenated_words(paras: &[Para], notes: &[Para]) -> HashSet<String> {
    let mut set = HashSet::new();
    for line in paras.iter().chain(notes).flat_map(|p| &p.lines) {
        for w in line.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.contains('-') {
                set.insert(w.to_lowercase());
            }
        }
    }
    set
}

/// Joins a paragraph's lines: a line ending "infor-" followed by "mation" becomes
/// "information", unless the document prints the word with its hyphen elsewhere.
fn join_lines(lines: &[String], compounds: &HashSet<String>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if out.is_empty() {
            out.push_str(line);
            continue;
        }
        let starts_lower = line.chars().next().is_some_and(char::is_lowercase);
        let before = out.trim_end_matches('-');
        let hyphen_end = out.ends_with('-')
            && !out.ends_with("--")
            && before.chars().last().is_some_and(char::is_alphabetic);
        if hyphen_end && starts_lower {
            let head = before
                .rsplit(|c: char| c.is_whitespace())
                .next()
                .unwrap_or("")
                .trim_start_matches(|c: char| !c.is_alphanumeric());
            let tail: String = line
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            let word = format!("{head}-{tail}").to_lowercase();
            if !compounds.contains(&word) {
                out.truncate(before.len());
            }
            out.push_str(line);
        } else if hyphen_end {
            // "North-" + "Korean": a hyphen before a capital is the word's own.
            out.push_str(line);
        } else {
            out.push(' ');
            out.push_str(line);
        }
    }
    out
}

fn classify(
    paras: Vec<Para>,
    notes: Vec<Para>,
    body: f64,
    compounds: &HashSet<String>,
) -> Vec<LaidBlock> {
    // Heading levels by size, largest first.
    let mut sizes: Vec<i64> = paras
        .iter()
        .filter(|p| is_heading(p, body))
        .map(|p| (p.size * 2.0).round() as i64)
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    let largest = sizes.first().copied();
    let mut out = Vec::with_capacity(paras.len() + notes.len());
    let mut have_title = false;
    for (i, p) in paras.into_iter().enumerate() {
        let mut text = join_lines(&p.lines, compounds);
        let mut kind = BlockKind::Paragraph;
        let mut level = 0;
        if p.table {
            kind = BlockKind::TableRow;
        } else if is_heading(&p, body) {
            let s = (p.size * 2.0).round() as i64;
            if !have_title && i == 0 && p.page == 1 && Some(s) == largest {
                kind = BlockKind::Title;
                have_title = true;
            } else {
                kind = BlockKind::Heading;
                level = sizes
                    .iter()
                    .position(|&x| x == s)
                    .map_or(2, |k| k + 1)
                    .min(6) as u8;
            }
        } else if let Some(last) = p
            .lines
            .last()
            .filter(|l| super::super::lines::is_post_attribution(l))
        {
            if p.lines.len() >= 2 {
                kind = BlockKind::Post;
                text = format!(
                    "{}\n{}",
                    join_lines(&p.lines[..p.lines.len() - 1], compounds),
                    last.trim()
                );
            }
        } else if p.indented {
            kind = BlockKind::Quote;
        }
        out.push(laid(kind, level, &p, text));
    }
    for p in notes {
        let text = join_lines(&p.lines, compounds);
        out.push(laid(BlockKind::Footnote, 0, &p, text));
    }
    out
}

fn is_heading(p: &Para, body: f64) -> bool {
    p.size >= body * 1.15 && p.lines.iter().map(String::len).sum::<usize>() < 300 && !p.table
}

fn laid(kind: BlockKind, level: u8, p: &Para, text: String) -> LaidBlock {
    LaidBlock {
        kind,
        level,
        page: p.page,
        bbox: p.bbox.map(|v| v as f32),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of lines: (x, y, size, text), each character 0.5 × size wide.
    fn page(lines: &[(f64, f64, f64, &str)]) -> PageGlyphs {
        let mut glyphs = Vec::new();
        for &(x, y, size, text) in lines {
            let mut at = x;
            for c in text.chars() {
                glyphs.push(Glyph {
                    x: at,
                    y,
                    w: 0.5 * size,
                    size,
                    text: c.to_string(),
                });
                at += 0.5 * size;
            }
        }
        PageGlyphs {
            width: 612.0,
            height: 792.0,
            glyphs,
        }
    }

    fn texts(blocks: &[LaidBlock]) -> Vec<(BlockKind, &str)> {
        blocks.iter().map(|b| (b.kind, b.text.as_str())).collect()
    }

    #[test]
    fn lines_join_into_paragraphs_and_hyphens_go() {
        let p = page(&[
            (72.0, 100.0, 20.0, "A Headline"),
            (72.0, 140.0, 10.0, "The ministry said the infor-"),
            (72.0, 152.0, 10.0, "mation was wrong, and Kim Jong-"),
            (72.0, 164.0, 10.0, "un agreed."),
            (72.0, 190.0, 10.0, "A second paragraph with Jong-un in it."),
        ]);
        let blocks = lay_out(&[p]);
        assert_eq!(
            texts(&blocks),
            vec![
                (BlockKind::Title, "A Headline"),
                (
                    BlockKind::Paragraph,
                    "The ministry said the information was wrong, and Kim Jong-un agreed."
                ),
                (
                    BlockKind::Paragraph,
                    "A second paragraph with Jong-un in it."
                ),
            ]
        );
    }

    #[test]
    fn two_columns_read_left_then_right() {
        let mut lines = vec![(72.0, 80.0, 18.0, "Both Columns Under This Title")];
        let left = [
            "left one goes on and on here",
            "left two goes on and on here",
            "left three goes on and end.",
        ];
        let right = [
            "right one goes on and on here",
            "right two goes on and on here",
            "right three goes on and end.",
        ];
        for (i, (l, r)) in left.iter().zip(right).enumerate() {
            let y = 120.0 + 12.0 * i as f64;
            lines.push((72.0, y, 10.0, l));
            lines.push((320.0, y, 10.0, r));
        }
        let blocks = lay_out(&[page(&lines)]);
        let t = texts(&blocks);
        assert_eq!(
            t[1].1,
            "left one goes on and on here left two goes on and on here left three goes on and end."
        );
        assert_eq!(t[2].1, "right one goes on and on here right two goes on and on here right three goes on and end.");
    }

    #[test]
    fn running_headers_footers_and_page_numbers_are_dropped() {
        let mk = |n: u32, body: &'static str| {
            let num = format!("Page {n} of 3");
            let p = page(&[
                (72.0, 40.0, 9.0, "Ministry of Examples — Annual Report"),
                (72.0, 100.0, 10.0, body),
                (280.0, 760.0, 9.0, Box::leak(num.into_boxed_str())),
            ]);
            p
        };
        let blocks = lay_out(&[mk(1, "One."), mk(2, "Two."), mk(3, "Three.")]);
        assert_eq!(
            texts(&blocks),
            vec![
                (BlockKind::Paragraph, "One."),
                (BlockKind::Paragraph, "Two."),
                (BlockKind::Paragraph, "Three.")
            ]
        );
        assert_eq!(
            blocks.iter().map(|b| b.page).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn a_paragraph_continues_across_pages_and_footnotes_stay_apart() {
        let p1 = page(&[
            (72.0, 100.0, 10.0, "The report found that the budget"),
            (72.0, 700.0, 8.0, "1 Figures from the 2023 accounts."),
        ]);
        let p2 = page(&[(72.0, 100.0, 10.0, "was cut by half.")]);
        let blocks = lay_out(&[p1, p2]);
        assert_eq!(
            texts(&blocks),
            vec![
                (
                    BlockKind::Paragraph,
                    "The report found that the budget was cut by half."
                ),
                (BlockKind::Footnote, "1 Figures from the 2023 accounts."),
            ]
        );
        assert_eq!(blocks[1].page, 1);
    }

    #[test]
    fn page_numbers() {
        for k in ["#", "page #", "# of #", "- # -", "xii", "#/#"] {
            assert!(is_page_number(k), "{k}");
        }
        for k in ["# people died", "chapter one", ""] {
            assert!(!is_page_number(k), "{k}");
        }
    }
}
