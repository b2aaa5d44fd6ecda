//! An article's text, addressed by Unicode code points.
//!
//! Rust strings are indexed by bytes; the record contract is in code points
//! (Python `str` semantics) because that is what annotators and Python
//! extractors compute. `Article` keeps the code-point → byte table once so every
//! slice is O(1) and an out-of-range offset is a `None`, never a panic.

use sha2::{Digest, Sha256};

/// A document's text with its code-point index.
#[derive(Debug, Clone)]
pub struct Article {
    text: String,
    /// Byte offset of each code point, plus one past the end.
    bytes_at: Vec<usize>,
    sha256: String,
}

impl Article {
    /// Indexes `text` (already decoded from the article's bytes).
    pub fn new(text: String, raw: &[u8]) -> Self {
        Article::indexed(text, sha256_hex(raw))
    }

    fn indexed(text: String, sha256: String) -> Self {
        let bytes_at = code_point_starts(&text);
        Article {
            text,
            bytes_at,
            sha256,
        }
    }

    /// Convenience for tests and extractors: index a string as its own bytes.
    pub fn from_text(text: &str) -> Self {
        Article::from_string(text.to_owned())
    }

    /// Indexes a text read as it is: its bytes are the ones hashed, so the
    /// file's bytes need not be kept beside it (nor copied into it).
    pub fn from_string(text: String) -> Self {
        let sha256 = sha256_hex(text.as_bytes());
        Article::indexed(text, sha256)
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.bytes_at.len() - 1
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Hex sha256 of the bytes the article was read from.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// `text[start:end]` in code points, or `None` when out of range or reversed.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end || end > self.len() {
            return None;
        }
        Some(&self.text[self.bytes_at[start]..self.bytes_at[end]])
    }

    /// Code-point offset of a byte offset (which must be a char boundary).
    pub fn char_at_byte(&self, byte: usize) -> usize {
        self.bytes_at.partition_point(|&b| b < byte)
    }

    /// The sentence containing code point `at`, as a code-point range.
    ///
    /// A sentence ends at `.`, `!`, `?`, `؟`, `:` followed by a space, or a line
    /// break — the boundary the guidelines use for event arguments (V9).
    pub fn sentence_of(&self, at: usize) -> (usize, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let is_end = |i: usize| -> bool {
            match chars.get(i) {
                Some('\n') => true,
                Some('.' | '!' | '?' | '؟') => chars
                    .get(i + 1)
                    .is_none_or(|c| c.is_whitespace() || *c == '.'),
                _ => false,
            }
        };
        let mut s = at.min(chars.len());
        while s > 0 && !is_end(s - 1) {
            s -= 1;
        }
        let mut e = at.min(chars.len());
        while e < chars.len() && !is_end(e) {
            e += 1;
        }
        (s, e)
    }
}

/// The byte offset of every code point of `text`, then `text.len()`: the
/// index that makes a code-point slice O(1).
///
/// Built for every article scored, so built without a branch per code
/// point: a code point starts at every byte that is not a UTF-8
/// continuation byte (`10xxxxxx`), and each byte's offset is written at the
/// next free slot, which moves on only at such a start. Arabic text
/// alternates one- and two-byte code points, which `char_indices`'s
/// branch on each code point's width mispredicts; on 2,000 synthetic
/// articles this took 0.6 of its time.
pub(crate) fn code_point_starts(text: &str) -> Vec<usize> {
    // Counted first (std counts code points a word at a time), so the
    // index is allocated once at its size.
    let n = text.chars().count();
    let mut at = vec![0; n + 1];
    let mut k = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        // `k` counts the starts before byte `i`, at most `n`: a
        // continuation byte after the last start writes slot `n`, which
        // is set last.
        at[k] = i;
        k += usize::from((b as i8) >= -0x40);
    }
    at[n] = text.len();
    at
}

/// Lower-case hex sha256 (sha2 0.11 digests no longer format with `{:x}`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of a digest (sha2 0.11 digests no longer format with `{:x}`).
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_holds_every_code_point_start_and_the_end() {
        // One to four bytes a code point, at either end and together.
        for text in [
            "",
            "a",
            "ن",
            "€",
            "𝔸",
            "abc",
            "وقف إطلاق النار",
            "𝔸ن€a",
            "a€𝔸ن",
            "هُدنة ٣٠ ألف ١٠‎ ﷲ 🕊️ end",
        ] {
            let want: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            assert_eq!(code_point_starts(text), want, "{text:?}");
        }
    }

    #[test]
    fn slices_by_code_point() {
        let a = Article::from_text("وقف إطلاق النار");
        assert_eq!(a.len(), 15);
        assert_eq!(a.slice(0, 3), Some("وقف"));
        assert_eq!(a.slice(4, 15), Some("إطلاق النار"));
        assert_eq!(a.slice(4, 16), None);
        assert_eq!(a.slice(5, 4), None);
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn sentences_end_at_stops_and_newlines() {
        let a = Article::from_text("قال أ. ثم ب\nج");
        let at = a.text().chars().position(|c| c == 'ث').unwrap();
        let (s, e) = a.sentence_of(at);
        assert_eq!(a.slice(s, e), Some(" ثم ب"));
    }
}
