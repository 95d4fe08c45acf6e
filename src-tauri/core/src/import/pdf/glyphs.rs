//! The characters a page draws, with their positions and sizes, in the order the page's
//! content draws them (collected through pdf-extract's `OutputDev`).

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One drawn character (or a few, for a ligature), in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub x: f64,
    /// The baseline, downwards.
    pub y: f64,
    /// Advance width.
    pub w: f64,
    pub size: f64,
    pub text: String,
}

/// A page's size and its glyphs.
#[derive(Debug, Clone, Default)]
pub struct PageGlyphs {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
}

/// Collects one page at a time.
#[derive(Default)]
pub struct Collector {
    pub page: PageGlyphs,
    pub flip: Option<Transform>,
    /// Stops collecting past this many glyphs (a page of millions of characters is hostile).
    pub limit: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        let height = media_box.ury - media_box.lly;
        self.page = PageGlyphs {
            width: (media_box.urx - media_box.llx).abs(),
            height: height.abs(),
            glyphs: Vec::new(),
        };
        self.flip = Some(Transform::row_major(
            1.,
            0.,
            0.,
            -1.,
            -media_box.llx,
            media_box.ury,
        ));
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        if self.page.glyphs.len() >= self.limit.max(1) {
            return Ok(());
        }
        let flip = self.flip.unwrap_or_else(Transform::identity);
        let pos = trm.post_transform(&flip);
        // The font size through the matrix (the side of a square of the same area).
        let vx = (trm.m11 + trm.m21) * font_size;
        let vy = (trm.m12 + trm.m22) * font_size;
        let size = (vx * vy).abs().sqrt();
        let (x, y) = (pos.m31, pos.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite() && width.is_finite()) {
            return Ok(());
        }
        if ch.chars().all(char::is_control) {
            return Ok(());
        }
        self.page.glyphs.push(Glyph {
            x,
            y,
            w: width * size,
            size,
            text: ch.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
