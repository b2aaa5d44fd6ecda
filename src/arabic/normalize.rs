//! Arabic orthographic folding for comparison.
//!
//! News text mixes alef forms, Persian letters (ی ک), diacritics, tatweel,
//! three digit scripts, odd spaces and invisible bidi controls. Folding maps
//! them to one form so «الروسیة» and «الروسية», «٢٧» and «27» compare equal.
//!
//! Folding first applies Unicode compatibility normalisation (NFKC, as
//! Python's `unicodedata.normalize("NFKC", s)` does), then the Arabic folds
//! below, character by character. NFKC turns the presentation forms that PDF
//! text extraction leaves behind («ﺃﺭﻣﻴﻨﻴﺎ») into ordinary letters
//! («أرمينيا»), splits ligatures (ﻻ → لا, ﷲ → الله), and maps full-width
//! and other compatibility digits and spaces to plain ones.
//!
//! NFKC can turn one character into several (ﻻ → لا) and compose several
//! into one (ي + ٔ → ئ), so the way back is kept per *segment*: the text is
//! cut before every character where Unicode normalisation may start afresh
//! (a character whose compatibility decomposition starts with a starter that
//! never composes with what precedes it, and after every invisible format
//! character), each segment is normalised on its own and every folded
//! character remembers the original `[start, end)` code-point range of its
//! segment. Cutting only at such boundaries makes the result exactly the
//! NFKC of the whole string, not an approximation: combining marks stay
//! with their base letter, so canonical reordering and composition
//! (ا + ٓ → آ, ي + ٔ → ئ) happen as in whole-string NFKC. A segment is
//! usually one letter and the marks after it; a ligature's letters all map
//! back to the ligature. [`fold_with_map`] returns, for each output
//! character, the start of the input it came from, and
//! [`Folded::original_span`] turns a span found in folded text into the
//! exact original `[start, end)` code-point span.
//!
//! [`fold_char_opts`], the one-character view, applies NFKC when it gives a
//! single character (every presentation form of a single letter does); a
//! character whose NFKC is several characters (ﻻ, ﷲ) is left as it is
//! there, since one character cannot become several: fold strings with
//! [`fold`], [`fold_opts`] or [`Folded`] to get those too.
//!
//! What folds after NFKC:
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

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{IsNormalized, is_nfkc_quick};

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
///
/// NFKC applies when it makes one character of `c` (presentation forms:
/// «ﺃ» → «أ» → «ا»); a character whose NFKC is several characters (the
/// ligatures ﻻ and ﷲ) gets the Arabic folds only, since one character cannot
/// become several here: [`fold_opts`] and [`Folded`] expand those.
pub fn fold_char_opts(c: char, opts: Fold) -> Option<char> {
    if c.is_ascii() {
        return fold_nfkc_char(c, opts);
    }
    let mut n = std::iter::once(c).nfkc();
    match (n.next(), n.next()) {
        (Some(one), None) => fold_nfkc_char(one, opts),
        _ => fold_nfkc_char(c, opts),
    }
}

/// The Arabic folds of one character already in NFKC.
fn fold_nfkc_char(c: char, opts: Fold) -> Option<char> {
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
    let mut out = String::with_capacity(s.len());
    fold_each(s, opts, |c| out.push(c));
    out
}

/// Hands each character of `s` folded under `opts` to `f`, in order: what
/// [`fold_opts`] collects, for a caller that builds something else from it
/// (a matching key) without a string in between.
pub fn fold_each(s: &str, opts: Fold, mut f: impl FnMut(char)) {
    // Every field of `Fold` named: a new one must be given to the table.
    let Fold { teh_marbuta } = opts;
    let plain = &PLAIN[usize::from(teh_marbuta)];
    if s.chars()
        .all(|c| plain_slot(c).is_some_and(|i| plain[i] != NOT_PLAIN))
    {
        // ASCII and plain Arabic letters (news text): one table lookup a
        // character, the same folds as below by construction.
        for c in s.chars() {
            if let Some(i) = plain_slot(c)
                && let Some(folded) = char::from_u32(plain[i])
            {
                f(folded);
            }
        }
        return;
    }
    // (A string of `plainly_nfkc` characters took the table above.)
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes {
        // Already NFKC (all but PDF-extracted text): each character folds
        // on its own, with no segmenting.
        s.chars()
            .filter_map(|c| fold_nfkc_char(c, opts))
            .for_each(f);
        return;
    }
    segments(s, opts, |seg| seg.folded.iter().copied().for_each(&mut f));
}

/// [`PLAIN`]'s entry for a character [`plainly_nfkc`] rejects.
const NOT_PLAIN: u32 = u32::MAX;
/// [`PLAIN`]'s entry for a character folding drops.
const DROPPED: u32 = u32::MAX - 1;

/// The slot of `c` in [`PLAIN`]: ASCII, then the Arabic block U+0600–U+06FF.
fn plain_slot(c: char) -> Option<usize> {
    match c as u32 {
        u @ 0..0x80 => Some(u as usize),
        u @ 0x0600..0x0700 => Some(0x80 + (u - 0x0600) as usize),
        _ => None,
    }
}

/// For each [`plain_slot`] character, with teh marbuta kept (`[0]`) and
/// folded (`[1]`): [`NOT_PLAIN`] where [`plainly_nfkc`] fails, else its
/// [`fold_nfkc_char`] ([`DROPPED`] for `None`). Built once from those two
/// functions, so the fast path of [`fold_each`] cannot drift from them; it
/// saves the combining-class and NFKC lookups that were most of the cost of
/// matching entity surfaces.
static PLAIN: std::sync::LazyLock<[[u32; 0x180]; 2]> = std::sync::LazyLock::new(|| {
    let mut t = [[NOT_PLAIN; 0x180]; 2];
    for c in (0..0x80).chain(0x0600..0x0700).filter_map(char::from_u32) {
        let Some(i) = plain_slot(c) else { continue };
        if !plainly_nfkc(c) {
            continue;
        }
        for (k, teh_marbuta) in [false, true].into_iter().enumerate() {
            t[k][i] = fold_nfkc_char(c, Fold { teh_marbuta }).map_or(DROPPED, u32::from);
        }
    }
    t
});

/// A cheap sufficient test for text NFKC leaves as it is: ASCII, and the
/// Arabic block's starters other than the four letters with compatibility
/// decompositions (U+0675–U+0678). A string of such characters is already
/// NFKC, so news text skips the normaliser's table lookups (a test checks
/// the claim against the Unicode data for the whole block).
fn plainly_nfkc(c: char) -> bool {
    c.is_ascii()
        || (('\u{0600}'..='\u{06FF}').contains(&c)
            && !('\u{0675}'..='\u{0678}').contains(&c)
            && canonical_combining_class(c) == 0)
}

/// Whether Unicode normalisation may start afresh before `c`: its
/// compatibility decomposition starts with a starter (canonical combining
/// class 0) that never composes with a character before it (NFKC quick check
/// Yes). Nothing before such a character reorders or composes with anything
/// from it on, so NFKC of the parts on either side is NFKC of the whole.
fn nfkc_boundary_before(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    let d = first.unwrap_or(c);
    canonical_combining_class(d) == 0 && is_nfkc_quick(std::iter::once(d)) == IsNormalized::Yes
}

/// One segment of the input and what it folds to.
struct Segment<'a> {
    /// Code-point range of the segment in the input.
    start: usize,
    end: usize,
    /// Whether the segment is an invisible format character (those never
    /// belong to the letter before them).
    format: bool,
    /// The Arabic folds of the segment's NFKC, in order.
    folded: &'a [char],
}

/// Cuts `s` into segments at the NFKC boundaries (and after each format
/// character, which composes with nothing, so the cut changes nothing),
/// folds each one, and hands it to `f` in order.
fn segments(s: &str, opts: Fold, mut f: impl FnMut(Segment<'_>)) {
    let mut chars = s.chars().peekable();
    let mut i = 0;
    let mut seg: Vec<char> = Vec::new();
    let mut folded: Vec<char> = Vec::new();
    while let Some(c) = chars.next() {
        let start = i;
        i += 1;
        folded.clear();
        let format = is_format(c);
        if !format {
            seg.clear();
            seg.push(c);
            while let Some(&n) = chars.peek() {
                if nfkc_boundary_before(n) {
                    break;
                }
                seg.push(n);
                chars.next();
                i += 1;
            }
        }
        if format || (seg.len() == 1 && c.is_ascii()) {
            folded.extend(fold_nfkc_char(c, opts));
        } else {
            folded.extend(
                seg.iter()
                    .copied()
                    .nfkc()
                    .filter_map(|n| fold_nfkc_char(n, opts)),
            );
        }
        f(Segment {
            start,
            end: i,
            format,
            folded: &folded,
        });
    }
}

/// Folds `s` and maps each output character back to its input code-point
/// index (the first input character of its NFKC segment: the ligature a
/// letter came from, the base letter of a composed one).
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    fold_with_map_opts(s, Fold::default())
}

/// Folds `s` under `opts` and maps each output character back to its input
/// code-point index, as [`fold_with_map`] does.
pub fn fold_with_map_opts(s: &str, opts: Fold) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    segments(s, opts, |seg| {
        for &f in seg.folded {
            out.push(f);
            map.push(seg.start);
        }
    });
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
    /// Original index of each folded character (the start of the NFKC
    /// segment it comes from).
    starts: Vec<usize>,
    /// Original index just past each folded character's segment and the
    /// marks and tatweel that follow it.
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
        segments(s, opts, |seg| {
            n = seg.end;
            if !seg.folded.is_empty() {
                // Every character of a segment maps to the whole segment:
                // a ligature's letters to the ligature, a letter to itself
                // and the marks after it.
                for &f in seg.folded {
                    text.push(f);
                    starts.push(seg.start);
                    ends.push(seg.end);
                }
            } else if !seg.format {
                // A mark or tatweel belongs to the kept character before it,
                // provided nothing but marks and tatweel lie in between.
                if let Some(last) = ends.last_mut()
                    && *last == seg.start
                {
                    *last = seg.end;
                }
            }
        });
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
    /// from (what [`fold_with_map_opts`] returns): both letters of an
    /// expanded ligature map to the ligature.
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
    /// and tatweel right after it** (past the whole ligature when the folded
    /// character is one letter of an expanded ligature such as ﻻ): those belong to its letter, so «جنودٍ»
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

    #[test]
    fn presentation_forms_fold_to_plain_letters() {
        // «أرمينيا» as a PDF extractor leaves it: isolated, initial, medial
        // and final presentation forms (U+FE70–U+FEFF).
        let pdf = "\u{FE83}\u{FEAD}\u{FEE3}\u{FEF4}\u{FEE8}\u{FEF4}\u{FE8E}";
        assert_eq!(fold(pdf), fold("أرمينيا"));
        assert_eq!(fold(pdf), "ارمينيا");
        // Teh marbuta in presentation form follows the option like ة.
        assert_eq!(fold("\u{FE94}"), "ه");
        let keep = Fold { teh_marbuta: false };
        assert_eq!(fold_opts("\u{FE94}", keep), "ة");
        assert_eq!(fold_char_opts('\u{FE94}', keep), Some('ة'));
        // One character in, one out: the per-character view folds it too.
        assert_eq!(fold_char('\u{FE83}'), Some('ا'));
        assert_eq!(fold_char('\u{FEE3}'), Some('م'));
        // Presentation forms of harakat (U+FE70 is NFKC space + fathatan).
        assert_eq!(fold("\u{FEB3}\u{FE7F}"), "س");
        assert_eq!(fold("ب\u{FE70}"), "ب ");
    }

    #[test]
    fn ligatures_expand_in_strings() {
        assert_eq!(fold("\u{FEFB}"), "لا"); // ﻻ
        assert_eq!(fold("\u{FEFC}"), "لا"); // ﻼ, final form
        assert_eq!(fold("\u{FEF7}"), "لا"); // ﻷ: lam + alef with hamza above
        assert_eq!(fold("\u{FDF2}"), "الله"); // ﷲ
        assert_eq!(fold("عبد\u{FDF2}"), fold("عبد الله").replace(' ', ""));
        assert_eq!(fold("\u{FDFA}"), "صلي الله عليه وسلم");
        // The per-character view cannot expand: it leaves the ligature.
        assert_eq!(fold_char('\u{FEFB}'), Some('\u{FEFB}'));
        assert_eq!(fold_char('\u{FDF2}'), Some('\u{FDF2}'));
    }

    #[test]
    fn digits_in_every_script_fold_to_ascii() {
        let ascii: String = ('0'..='9').collect();
        let arabic_indic: String = ('\u{0660}'..='\u{0669}').collect();
        let extended: String = ('\u{06F0}'..='\u{06F9}').collect();
        let full_width: String = ('\u{FF10}'..='\u{FF19}').collect();
        for digits in [&ascii, &arabic_indic, &extended, &full_width] {
            assert_eq!(fold(digits), ascii, "{digits}");
            let each: String = digits.chars().filter_map(fold_char).collect();
            assert_eq!(each, ascii, "{digits}");
        }
        // Separators, NFKC or not, stay as the existing folds have them.
        assert_eq!(fold("١٬٢٠٠ و۲٫۵٪"), "1,200 و2.5%");
        assert_eq!(fold("\u{FF11}\u{FF0C}\u{FF12}"), "1,2");
    }

    #[test]
    fn nfkc_composes_across_characters_like_whole_string_nfkc() {
        // Yeh + hamza above composes to ئ, which no Arabic fold touches.
        assert_eq!(fold("\u{064A}\u{0654}"), "ئ");
        assert_eq!(fold("\u{064A}\u{0654}"), fold("ئ"));
        // Alef + madda above is آ, then folds to bare alef.
        assert_eq!(fold("\u{0627}\u{0653}"), "ا");
        // Latin: e + acute is é; the mark order is canonical.
        assert_eq!(fold("e\u{0301}"), "é");
        assert_eq!(fold("s\u{0307}\u{0323}"), fold("s\u{0323}\u{0307}"));
        // Hangul jamo compose across starters.
        assert_eq!(fold("\u{1100}\u{1161}\u{11A8}"), "각");
        assert_eq!(fold("\u{1100}\u{3150}"), "개");
    }

    #[test]
    fn fold_is_whole_string_nfkc_then_arabic_folds() {
        // Seeded random strings over characters that decompose, compose,
        // reorder, expand and drop; fold must equal NFKC of the whole string
        // followed by the Arabic folds, and the map must say where each
        // folded character came from.
        let pool: Vec<char> = "اأيوهلةى \u{0653}\u{0654}\u{0655}\u{064E}\u{0651}\u{0650}\u{0640}\
             \u{200F}\u{200C}\u{FEFF}\u{FE83}\u{FEFB}\u{FDF2}\u{FE70}\u{FE94}\u{FEF7}\
             e\u{0301}\u{0327}\u{0344}\u{0F73}\u{1E9B}\u{0323}\u{0958}\u{1100}\u{1161}\
             \u{11A8}\u{3150}\u{FF10}\u{00B2}\u{FB01}\u{00A0}\u{06F5}\u{0665}٬"
            .chars()
            .collect();
        let mut rng = crate::test_rng::Lcg::new(0x5eed_1234_abcd_0001);
        for _ in 0..3000 {
            let s = rng.string(&pool, 9);
            for opts in [Fold::default(), Fold { teh_marbuta: false }] {
                let whole: String = s.nfkc().filter_map(|c| fold_nfkc_char(c, opts)).collect();
                assert_eq!(fold_opts(&s, opts), whole, "{s:?}");
                check_back_map(&s, opts);
            }
        }
    }

    /// Every folded character maps back to an original range that folds to
    /// exactly the folded characters mapped to it; ranges do not overlap and
    /// come in order.
    fn check_back_map(s: &str, opts: Fold) {
        let f = Folded::new(s, opts);
        let (text, map) = fold_with_map_opts(s, opts);
        assert_eq!(f.text(), text);
        assert_eq!(f.map(), map.as_slice());
        let folded: Vec<char> = text.chars().collect();
        let orig: Vec<char> = s.chars().collect();
        let mut i = 0;
        let mut last_end = 0;
        while i < folded.len() {
            let start = map[i];
            assert!(start >= last_end, "{s:?}");
            let mut j = i + 1;
            while j < folded.len() && map[j] == start {
                j += 1;
            }
            // The group's range; dropped marks and tatweel after the
            // segment extend the last character's end only.
            let (s0, end) = f.original_span(i, j).unwrap();
            assert!(s0 == start && start < end && end <= orig.len(), "{s:?}");
            let piece: String = orig[start..end].iter().collect();
            let group: String = folded[i..j].iter().collect();
            assert_eq!(fold_opts(&piece, opts), group, "{s:?} at {start}..{end}");
            last_end = end;
            i = j;
        }
    }

    #[test]
    fn ligature_letters_map_back_to_the_ligature() {
        // «ﻻتفاق» with a PDF ligature: the letters لا both come from code
        // point 1, the alef of the ligature included.
        let s = "و\u{FEFB}تفاق";
        let f = Folded::new(s, Fold::default());
        assert_eq!(f.text(), "ولاتفاق");
        assert_eq!(f.map(), &[0, 1, 1, 2, 3, 4, 5]);
        assert_eq!(f.original_span(1, 2), Some((1, 2)));
        assert_eq!(f.original_span(2, 3), Some((1, 2)));
        assert_eq!(f.original_span(1, 7), Some((1, 6)));
        // ﷲ after «عبد» and a mark on the ligature.
        let s = "عبد \u{FDF2}\u{064E} قال";
        let f = Folded::new(s, Fold::default());
        assert_eq!(f.text(), "عبد الله قال");
        assert_eq!(f.original_span(4, 8), Some((4, 6)));
        assert_eq!(f.original_span(5, 6), Some((4, 6)));
        assert_eq!(f.original_span(9, 12), Some((7, 10)));
        // A composed letter maps back over its base and its mark.
        let f = Folded::new("ب\u{064A}\u{0654}ر", Fold::default());
        assert_eq!(f.text(), "بئر");
        assert_eq!(f.original_span(1, 2), Some((1, 3)));
        assert_eq!(f.original_span(2, 3), Some((3, 4)));
    }

    /// The table behind `fold_each`'s fast path folds every character it
    /// covers, alone and in strings (with characters it does not cover
    /// too), as NFKC of the whole string and then the Arabic folds do.
    #[test]
    fn the_plain_table_folds_as_the_definition() {
        let covered: Vec<char> = (0..0x80u32)
            .chain(0x0600..0x0700)
            .filter_map(char::from_u32)
            .collect();
        let whole = |s: &str, opts: Fold| -> String {
            s.nfkc().filter_map(|c| fold_nfkc_char(c, opts)).collect()
        };
        for opts in [Fold::default(), Fold { teh_marbuta: false }] {
            for &c in &covered {
                let s = c.to_string();
                assert_eq!(fold_opts(&s, opts), whole(&s, opts), "U+{:04X}", c as u32);
            }
        }
        let pool: Vec<char> = covered
            .iter()
            .copied()
            .chain(['\u{FE83}', '\u{FEFB}', '\u{00A0}', '\u{200F}', 'é'])
            .collect();
        let mut rng = crate::test_rng::Lcg::new(0x7ab1_e000_0000_0001);
        for _ in 0..5000 {
            let s = rng.string(&pool, 12);
            for opts in [Fold::default(), Fold { teh_marbuta: false }] {
                assert_eq!(fold_opts(&s, opts), whole(&s, opts), "{s:?}");
            }
        }
    }

    /// The fast path is reached for what it covers: every ASCII and
    /// Arabic-block character has its own slot in the table, and nothing
    /// else has one.
    #[test]
    fn the_plain_table_covers_ascii_and_the_arabic_block() {
        let mut seen = [false; 0x180];
        for c in (0..0x80u32)
            .chain(0x0600..0x0700)
            .filter_map(char::from_u32)
        {
            let i = plain_slot(c).unwrap_or_else(|| panic!("U+{:04X}", c as u32));
            assert!(!seen[i], "U+{:04X}", c as u32);
            seen[i] = true;
        }
        for c in [
            '\u{0080}', 'é', '\u{05FF}', '\u{0700}', '\u{FE83}', '\u{FEFB}',
        ] {
            assert_eq!(plain_slot(c), None, "U+{:04X}", c as u32);
        }
        // Plain Arabic letters and ASCII take the table.
        let plain = &PLAIN[1];
        for c in ['ا', 'أ', 'ة', 'a', ' '] {
            assert_ne!(plain[plain_slot(c).unwrap()], NOT_PLAIN, "{c}");
        }
    }

    #[test]
    fn plainly_nfkc_characters_are_nfkc_starters() {
        for cp in 0..=0x06FFu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if plainly_nfkc(c) {
                assert_eq!(
                    is_nfkc_quick(std::iter::once(c)),
                    IsNormalized::Yes,
                    "U+{cp:04X}"
                );
                assert_eq!(canonical_combining_class(c), 0, "U+{cp:04X}");
                let n: String = std::iter::once(c).nfkc().collect();
                assert_eq!(n, c.to_string(), "U+{cp:04X}");
            }
        }
        assert!(plainly_nfkc('ا') && plainly_nfkc('a') && !plainly_nfkc('\u{064E}'));
        assert!(!plainly_nfkc('\u{0675}') && !plainly_nfkc('ﺃ'));
    }
}
