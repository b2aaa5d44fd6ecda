//! Arabic orthographic folding for comparison.
//!
//! News text mixes alef forms, Persian letters (ی ک), diacritics, tatweel,
//! three digit scripts, odd spaces and invisible bidi controls. Folding maps
//! them to one form so «الروسیة» and «الروسية», «٢٧» and «27» compare equal.
//!
//! Folding is code point by code point: each input character becomes one
//! character or none, never several. That keeps the way back simple:
//! [`fold_with_map`] returns, for each output character, the input code point
//! it came from, and [`Folded::original_span`] turns a span found in folded
//! text into the exact original `[start, end)` code-point span.
//!
//! What folds, in [`fold_char_opts`]:
//!
//! | input | output |
//! |---|---|
//! | أ إ آ ٱ | ا |
//! | ى ی (alef maqsura, Persian yeh) | ي |
//! | ک ڪ (Persian and swash kaf) | ك |
//! | ۀ ھ (Persian heh forms) | ه |
//! | ة (teh marbuta) | ه, unless [`Fold::teh_marbuta`] is off |
//! | ٠–٩ and ۰–۹ | 0–9 |
//! | ٬ (Arabic thousands separator), ٫ (decimal separator), ٪ | `,` `.` `%` |
//! | NBSP and the other Unicode spaces (U+2000–U+200A, U+202F, U+205F, U+3000, U+1680) | ` ` |
//! | harakat, tanwin, shadda, sukun, dagger alef, Quranic marks, tatweel | dropped |
//! | bidi controls, zero-width characters, BOM, soft hyphen | dropped |

/// Tatweel (kashida), the elongation stroke: typography, not spelling.
const TATWEEL: char = '\u{0640}';

/// Which optional foldings to apply.
///
/// Folding choices that lose information a caller may need are switches
/// here; the rest of folding is fixed. `Fold::default()` is what [`fold`]
/// does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fold {
    /// Fold teh marbuta (ة) to heh (ه). On by default, since news text
    /// writes «مدينه» for «مدينة» often enough that matching needs it; off
    /// when the distinction matters (a feminine ending tells «ثلاثة» from
    /// «ثلاث», and a lexicon lookup may want the exact form).
    pub teh_marbuta: bool,
}

impl Default for Fold {
    fn default() -> Self {
        Fold { teh_marbuta: true }
    }
}

/// Whether `c` is an Arabic combining mark: harakat, tanwin, shadda, sukun,
/// the dagger alef, and the Quranic annotation marks. Marks belong to the
/// letter before them, so a span in folded text extends over them
/// (see [`Folded::original_span`]).
pub fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
}

/// Whether `c` is an invisible format character: bidi controls (LRM, RLM,
/// ALM, embeddings, isolates), zero-width space and (non-)joiners, the word
/// joiner, the BOM and the soft hyphen. They are dropped by folding but are
/// not part of the letter before them, so spans never extend over them.
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether `c` is removed by folding: combining marks ([`is_mark`]: harakat,
/// tanwin, shadda, sukun, dagger alef, Quranic marks), tatweel, and invisible
/// format characters ([`is_format`]: bidi controls, ZWJ/ZWNJ, BOM).
pub fn is_ignorable(c: char) -> bool {
    c == TATWEEL || is_mark(c) || is_format(c)
}

/// Whether `c` is a space other than U+0020 that folds to U+0020: NBSP,
/// the typographic spaces and the ideographic space.
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// The folded form of one character (`None` when it is dropped), with teh
/// marbuta folded: the same as `fold_char_opts(c, Fold::default())`.
pub fn fold_char(c: char) -> Option<char> {
    fold_char_opts(c, Fold::default())
}

/// The folded form of one character under `opts` (`None` when it is dropped).
pub fn fold_char_opts(c: char, opts: Fold) -> Option<char> {
    if is_ignorable(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ک' | 'ڪ' => 'ك',
        'ۀ' | 'ھ' => 'ه',
        'ة' if opts.teh_marbuta => 'ه',
        '٬' => ',',
        '٫' => '.',
        '٪' => '%',
        '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32).unwrap_or(c),
        '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32).unwrap_or(c),
        c if is_odd_space(c) => ' ',
        _ => c,
    })
}

/// Folds a string for comparison (teh marbuta folds to heh).
pub fn fold(s: &str) -> String {
    fold_opts(s, Fold::default())
}

/// Folds a string for comparison under `opts`.
pub fn fold_opts(s: &str, opts: Fold) -> String {
    s.chars().filter_map(|c| fold_char_opts(c, opts)).collect()
}

/// Folds `s` and maps each output character back to its input code-point index.
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    fold_with_map_opts(s, Fold::default())
}

/// Folds `s` under `opts` and maps each output character back to its input
/// code-point index.
pub fn fold_with_map_opts(s: &str, opts: Fold) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if let Some(f) = fold_char_opts(c, opts) {
            out.push(f);
            map.push(i);
        }
    }
    (out, map)
}

/// Folded text that remembers where each of its characters came from, so a
/// span found in it can be reported over the original text.
///
/// ```
/// use hudna::arabic::normalize::{Fold, Folded};
/// let original = "قُتِلَ ثلاثةُ جنودٍ";
/// let f = Folded::new(original, Fold::default());
/// assert_eq!(f.text(), "قتل ثلاثه جنود");
/// // «ثلاثه» is folded code points 4..9; in the original it is 7..13,
/// // its case ending «ُ» included.
/// assert_eq!(f.original_span(4, 9), Some((7, 13)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    text: String,
    /// Original index of each folded character.
    starts: Vec<usize>,
    /// Original index just past each folded character and the marks and
    /// tatweel that follow it.
    ends: Vec<usize>,
    /// Length of the original text in code points.
    original_len: usize,
}

impl Folded {
    /// Folds `s` under `opts`, keeping the way back.
    pub fn new(s: &str, opts: Fold) -> Self {
        let mut text = String::with_capacity(s.len());
        let mut starts = Vec::with_capacity(s.len());
        let mut ends: Vec<usize> = Vec::with_capacity(s.len());
        let mut n = 0;
        for (i, c) in s.chars().enumerate() {
            n = i + 1;
            match fold_char_opts(c, opts) {
                Some(f) => {
                    text.push(f);
                    starts.push(i);
                    ends.push(i + 1);
                }
                // A mark or tatweel belongs to the kept character before it,
                // provided nothing but marks and tatweel lie in between.
                None if !is_format(c) => {
                    if let Some(last) = ends.last_mut()
                        && *last == i
                    {
                        *last = i + 1;
                    }
                }
                None => {}
            }
        }
        Folded {
            text,
            starts,
            ends,
            original_len: n,
        }
    }

    /// The folded text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// For each folded character, the original code-point index it came
    /// from (what [`fold_with_map_opts`] returns).
    pub fn map(&self) -> &[usize] {
        &self.starts
    }

    /// The number of code points in the folded text.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the folded text is empty (the original may still hold
    /// dropped characters).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The original code-point span `[start, end)` of the folded code-point
    /// span `[start, end)`, or `None` when the span is reversed or runs past
    /// the folded text.
    ///
    /// The start is the original index of the first folded character. The
    /// end is just past the last folded character **and the combining marks
    /// and tatweel right after it**: those belong to its letter, so «جنودٍ»
    /// is reported whole, never cut between a letter and its tanwin. Invisible
    /// format characters (RLM, ZWNJ, bidi embeddings) after it are not
    /// included: they sit between words, not in them. An empty span maps to
    /// an empty span at the original index of the folded character at
    /// `start` (or the original end when `start` is the folded end).
    pub fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start > end || end > self.len() {
            return None;
        }
        if start == end {
            let at = self.starts.get(start).copied().unwrap_or(self.original_len);
            return Some((at, at));
        }
        Some((self.starts[start], self.ends[end - 1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_letters_digits_marks() {
        assert_eq!(fold("الروسیة"), fold("الروسية"));
        assert_eq!(fold("أذربيجان"), "اذربيجان");
        assert_eq!(fold("دعواتٌ"), "دعوات");
        assert_eq!(fold("٢٧"), "27");
        assert_eq!(fold("بـ"), "ب");
    }

    #[test]
    fn map_points_back_to_original_offsets() {
        let (f, map) = fold_with_map("مُدن");
        assert_eq!(f, "مدن");
        assert_eq!(map, vec![0, 2, 3]);
    }

    #[test]
    fn every_alef_folds_to_bare_alef() {
        assert_eq!(fold("أإآٱا"), "ااااا");
    }

    #[test]
    fn yeh_and_kaf_forms_fold() {
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("ی"), "ي");
        assert_eq!(fold("کاراباخ"), "كاراباخ");
        assert_eq!(fold("ڪ"), "ك");
        assert_eq!(fold("ھ"), "ه");
    }

    #[test]
    fn teh_marbuta_folds_by_default_and_on_request_only() {
        assert_eq!(fold("هدنة"), "هدنه");
        assert_eq!(fold_opts("هدنة", Fold::default()), "هدنه");
        let keep = Fold { teh_marbuta: false };
        assert_eq!(fold_opts("هدنة", keep), "هدنة");
        assert_eq!(fold_char_opts('ة', keep), Some('ة'));
        // Everything else folds as usual with the option off.
        assert_eq!(fold_opts("إحدى عشرةَ", keep), "احدي عشرة");
        let (f, map) = fold_with_map_opts("ثلاثةٌ", keep);
        assert_eq!(f, "ثلاثة");
        assert_eq!(map, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn diacritics_quranic_marks_and_tatweel_drop() {
        assert_eq!(fold("قُتِّلَ"), "قتل");
        assert_eq!(fold("هٰذا"), "هذا");
        assert_eq!(fold("السـلام"), "السلام");
        assert_eq!(fold("الرَّحِيمِ\u{06DA}"), "الرحيم");
    }

    #[test]
    fn digits_in_three_scripts_and_separators() {
        assert_eq!(fold("۲۷"), "27");
        assert_eq!(fold("١٬٢٠٠"), "1,200");
        assert_eq!(fold("٢٫٥"), "2.5");
        assert_eq!(fold("٣٠٪"), "30%");
    }

    #[test]
    fn odd_spaces_become_plain_spaces() {
        assert_eq!(fold("30\u{00A0}ألف"), "30 الف");
        assert_eq!(fold("a\u{2009}b\u{202F}c\u{3000}d"), "a b c d");
        // Tabs and newlines are ordinary whitespace and stay.
        assert_eq!(fold("a\tb\nc"), "a\tb\nc");
    }

    #[test]
    fn bidi_and_zero_width_controls_drop() {
        assert_eq!(fold("\u{200F}27\u{200E}"), "27");
        assert_eq!(fold("\u{202B}باكو\u{202C}"), "باكو");
        assert_eq!(fold("\u{2067}يريفان\u{2069}"), "يريفان");
        assert_eq!(fold("\u{FEFF}نص\u{061C}"), "نص");
        assert_eq!(fold("می\u{200C}خواهم"), "ميخواهم");
        assert!(is_ignorable('\u{200C}') && is_format('\u{200C}') && !is_mark('\u{200C}'));
        assert!(is_ignorable('\u{064E}') && is_mark('\u{064E}'));
        assert!(is_ignorable(TATWEEL) && !is_mark(TATWEEL) && !is_format(TATWEEL));
    }

    #[test]
    fn original_span_includes_trailing_marks() {
        // «جنودٍ» ends in tanwin: the span covers it.
        let f = Folded::new("مقتل جنودٍ", Fold::default());
        assert_eq!(f.text(), "مقتل جنود");
        assert_eq!(f.original_span(5, 9), Some((5, 10)));
        // Interior marks are inside anyway.
        let f = Folded::new("مُدُن", Fold::default());
        assert_eq!(f.text(), "مدن");
        assert_eq!(f.original_span(0, 3), Some((0, 5)));
        // A prefix of a word stops after the marks of its last letter.
        assert_eq!(f.original_span(0, 1), Some((0, 2)));
    }

    #[test]
    fn original_span_includes_trailing_tatweel_but_not_bidi() {
        let f = Folded::new("بـ30", Fold::default());
        assert_eq!(f.text(), "ب30");
        assert_eq!(f.original_span(0, 1), Some((0, 2)));
        assert_eq!(f.original_span(1, 3), Some((2, 4)));
        // An RLM after a word is not part of it, nor is a mark after the RLM.
        let f = Folded::new("27\u{200F} قتيلا", Fold::default());
        assert_eq!(f.text(), "27 قتيلا");
        assert_eq!(f.original_span(0, 2), Some((0, 2)));
        assert_eq!(f.original_span(3, 8), Some((4, 9)));
        let f = Folded::new("ب\u{200F}\u{064E}", Fold::default());
        assert_eq!(f.original_span(0, 1), Some((0, 1)));
    }

    #[test]
    fn original_span_leading_controls_are_outside() {
        let f = Folded::new("\u{202B}\u{200F}٢٧ قتيلاً\u{202C}", Fold::default());
        assert_eq!(f.text(), "27 قتيلا");
        assert_eq!(f.map(), &[2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(f.original_span(0, 2), Some((2, 4)));
        assert_eq!(f.original_span(3, 8), Some((5, 11)));
    }

    #[test]
    fn original_span_edges() {
        let f = Folded::new("ab\u{064E}", Fold::default());
        assert_eq!(f.len(), 2);
        assert!(!f.is_empty());
        assert_eq!(f.original_span(1, 1), Some((1, 1)));
        assert_eq!(f.original_span(2, 2), Some((3, 3)));
        assert_eq!(f.original_span(2, 1), None);
        assert_eq!(f.original_span(0, 3), None);
        let empty = Folded::new("\u{200F}", Fold::default());
        assert!(empty.is_empty());
        assert_eq!(empty.original_span(0, 0), Some((1, 1)));
    }

    #[test]
    fn folded_agrees_with_fold_with_map() {
        let s = "\u{200F}وَبالأَلفَيْن ١٬٢٠٠ هدنة";
        for opts in [Fold::default(), Fold { teh_marbuta: false }] {
            let f = Folded::new(s, opts);
            let (text, map) = fold_with_map_opts(s, opts);
            assert_eq!(f.text(), text);
            assert_eq!(f.map(), map.as_slice());
            assert_eq!(fold_opts(s, opts), text);
        }
    }
}
