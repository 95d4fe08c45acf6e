//! Positions that cross a boundary (JSON, IPC, the library, exports) count Unicode code points,
//! as W3C's TextPositionSelector does. Inside Rust we work in byte offsets and convert here, once.

/// Maps byte offsets of one text to code-point offsets and back in O(log n).
pub struct CharIndex {
    /// Byte offset of every 64th code point, so lookups stay cheap on 10 MB texts.
    checkpoints: Vec<usize>,
    text_len: usize,
    char_len: usize,
}

const STRIDE: usize = 64;

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut chars = 0;
        for (b, _) in text.char_indices() {
            if chars % STRIDE == 0 {
                checkpoints.push(b);
            }
            chars += 1;
        }
        CharIndex {
            checkpoints,
            text_len: text.len(),
            char_len: chars,
        }
    }

    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Code-point offset of a byte offset (which must lie on a char boundary of the text).
    pub fn to_char(&self, text: &str, byte: usize) -> usize {
        let byte = byte.min(self.text_len);
        let k = match self.checkpoints.binary_search(&byte) {
            Ok(k) => return k * STRIDE,
            Err(0) => return 0,
            Err(k) => k - 1,
        };
        let from = self.checkpoints[k];
        k * STRIDE + text.get(from..byte).map_or(0, |s| s.chars().count())
    }

    /// Byte offset of a code-point offset; offsets past the end clamp to the text's length.
    pub fn to_byte(&self, text: &str, ch: usize) -> usize {
        if ch >= self.char_len {
            return self.text_len;
        }
        let k = ch / STRIDE;
        let from = self.checkpoints[k];
        let rest = ch - k * STRIDE;
        text[from..]
            .char_indices()
            .nth(rest)
            .map_or(self.text_len, |(b, _)| from + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_multibyte_text() {
        let text = "Kim’s 🤣 talks — café ".repeat(50);
        let idx = CharIndex::new(&text);
        for (ci, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.to_char(&text, b), ci);
            assert_eq!(idx.to_byte(&text, ci), b);
        }
        assert_eq!(idx.to_byte(&text, idx.char_len()), text.len());
        assert_eq!(idx.to_char(&text, text.len()), text.chars().count());
    }
}
