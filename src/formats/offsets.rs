//! Offsets in the units other tools count in.
//!
//! hudna counts Unicode code points (Python's `str`), as spaCy, Prodigy and
//! brat do. Tools whose editor runs in a browser count what JavaScript's
//! `String.length` counts, UTF-16 code units: doccano and Label Studio
//! (both have issues filed about offsets shifted by emoji). The two agree on
//! Arabic, Latin and everything else in the Basic Multilingual Plane, and
//! part after the first character beyond it (an emoji, a rare CJK
//! character, a mathematical letter), which counts one code point but two
//! code units. So converting is not optional even for Arabic news: one emoji
//! in a comment form shifts every span after it.
//!
//! [`Utf16Map`] converts both ways. An offset that falls between the two
//! code units of one character has no code-point equivalent: it is an
//! error ([`super::bundle::SpanProblem::SplitsPair`]), never rounded.

/// The unit a format counts offsets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Units {
    /// Unicode code points (Python `str` indices): hudna, spaCy, brat.
    #[default]
    CodePoints,
    /// UTF-16 code units (JavaScript `String` indices): doccano, Label Studio.
    Utf16,
}

impl Units {
    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Units::CodePoints => "code-points",
            Units::Utf16 => "utf16",
        }
    }
}

/// A text's table from code points to UTF-16 code units.
#[derive(Debug, Clone)]
pub struct Utf16Map {
    /// UTF-16 offset of each code point, plus one past the end.
    at: Vec<usize>,
}

impl Utf16Map {
    /// Indexes `text`.
    pub fn new(text: &str) -> Utf16Map {
        let mut at = Vec::with_capacity(text.len() + 1);
        let mut u = 0;
        for c in text.chars() {
            at.push(u);
            u += c.len_utf16();
        }
        at.push(u);
        Utf16Map { at }
    }

    /// Length in code points.
    pub fn len_code_points(&self) -> usize {
        self.at.len() - 1
    }

    /// Length in UTF-16 code units.
    pub fn len_utf16(&self) -> usize {
        self.at[self.at.len() - 1]
    }

    /// The UTF-16 offset of code point `cp` (`None` past the end).
    pub fn to_utf16(&self, cp: usize) -> Option<usize> {
        self.at.get(cp).copied()
    }

    /// The code point at UTF-16 offset `u`: `Err(None)` past the end,
    /// `Err(Some(cp))` inside the surrogate pair of code point `cp`.
    pub fn to_code_point(&self, u: usize) -> Result<usize, Option<usize>> {
        if u > self.len_utf16() {
            return Err(None);
        }
        match self.at.binary_search(&u) {
            Ok(cp) => Ok(cp),
            Err(next) => Err(Some(next - 1)),
        }
    }

    /// Whether the text has characters outside the Basic Multilingual
    /// Plane (where the two units part).
    pub fn has_pairs(&self) -> bool {
        self.len_utf16() != self.len_code_points()
    }
}

/// Converts offsets from a format's units into code points for one text.
#[derive(Debug, Clone)]
pub struct Converter {
    units: Units,
    map: Utf16Map,
}

impl Converter {
    /// For `text`, counted in `units`.
    pub fn new(text: &str, units: Units) -> Converter {
        Converter {
            units,
            map: Utf16Map::new(text),
        }
    }

    /// The text's length in the format's units.
    pub fn len(&self) -> usize {
        match self.units {
            Units::CodePoints => self.map.len_code_points(),
            Units::Utf16 => self.map.len_utf16(),
        }
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.map.len_code_points() == 0
    }

    /// A format offset as a code point.
    pub fn to_code_point(&self, offset: usize) -> Result<usize, super::bundle::SpanProblem> {
        use super::bundle::SpanProblem;
        match self.units {
            Units::CodePoints if offset <= self.map.len_code_points() => Ok(offset),
            Units::CodePoints => Err(SpanProblem::PastEnd(self.len())),
            Units::Utf16 => self.map.to_code_point(offset).map_err(|e| match e {
                None => SpanProblem::PastEnd(self.len()),
                Some(cp) => SpanProblem::SplitsPair(cp),
            }),
        }
    }

    /// A code point as a format offset (`cp` must be in range: it comes
    /// from a validated record).
    pub fn from_code_point(&self, cp: usize) -> usize {
        match self.units {
            Units::CodePoints => cp,
            Units::Utf16 => self.map.to_utf16(cp).unwrap_or_else(|| self.len()),
        }
    }

    /// Whether reading these offsets as code points instead would matter
    /// (the text has characters outside the BMP).
    pub fn units_matter(&self) -> bool {
        self.map.has_pairs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_count_two_units_and_one_code_point() {
        let m = Utf16Map::new("a😀ب");
        assert_eq!((m.len_code_points(), m.len_utf16()), (3, 4));
        assert_eq!(m.to_utf16(2), Some(3));
        assert_eq!(m.to_code_point(3), Ok(2));
        assert_eq!(m.to_code_point(2), Err(Some(1)), "inside the pair");
        assert_eq!(m.to_code_point(5), Err(None));
        assert!(m.has_pairs());
        assert!(!Utf16Map::new("قره باغ").has_pairs());
    }

    #[test]
    fn converter_round_trips_every_code_point() {
        let text = "x😀y👍🏽z";
        for units in [Units::CodePoints, Units::Utf16] {
            let c = Converter::new(text, units);
            for cp in 0..=text.chars().count() {
                assert_eq!(c.to_code_point(c.from_code_point(cp)), Ok(cp));
            }
        }
    }
}
