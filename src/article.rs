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
        // Counted first (std counts code points a word at a time), so the
        // index is allocated once at its size instead of regrown and copied.
        let mut bytes_at = Vec::with_capacity(text.chars().count() + 1);
        bytes_at.extend(text.char_indices().map(|(b, _)| b));
        bytes_at.push(text.len());
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
