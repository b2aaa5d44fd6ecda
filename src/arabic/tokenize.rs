//! Splitting Arabic news text into tokens, and proposing the stems a token
//! may hide behind its proclitics.
//!
//! A rule-based baseline needs tokens it can look up: words, numbers and
//! punctuation, each with its code-point `[start, end)` span over the
//! original text (the crate's offset convention). No dictionary, no model:
//!
//! - whitespace and invisible bidi controls separate tokens and are not
//!   tokens themselves;
//! - a word is a run of letters, digits, combining marks, tatweel and
//!   joiners (ZWNJ, ZWJ), so «وَالْجُنُودُ», «بـ30» and «كوفيد19» stay whole;
//! - a digit run keeps its thousands and decimal separators when a digit
//!   follows them: «1,200», «١٬٢٠٠», «2.5», «٢٫٥» are one token each, while
//!   the comma in «6,» is punctuation;
//! - every other character (، ؛ ؟ « » . , : ! ( ) - % …) is a token of its own.
//!
//! Arabic writes the conjunctions و ف, the prepositions ب ك ل and the
//! article ال as part of the next word. [`stems`] proposes the words behind
//! them («وبالألفين» → «بالألفين», «الألفين», «ألفين»), each with where it
//! starts inside the token, so a match on the stem is reported at its exact
//! span.

use super::normalize::{Fold, Folded, fold_char, is_format, is_mark};

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with digits, marks and joiners): «الجنود», «بـ30».
    Word,
    /// Digits only, in any script, with their separators: «1,200», «٢٧».
    Number,
    /// One punctuation mark or symbol: «،», «؟», «%», «(».
    Punct,
}

/// One token and where it is in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token as written (marks and tatweel included).
    pub text: &'a str,
    /// Code-point offset of the token's first character.
    pub start: usize,
    /// Code-point offset just past the token's last character.
    pub end: usize,
    /// What the token is made of.
    pub kind: TokenKind,
}

/// Whether `c` is a digit in ASCII, Arabic-Indic or Persian script.
fn is_digit(c: char) -> bool {
    fold_char(c).is_some_and(|f| f.is_ascii_digit())
}

/// Separators that stay inside a number when digits stand on both sides.
fn is_number_separator(c: char) -> bool {
    matches!(c, ',' | '.' | '٬' | '٫')
}

/// Invisible characters that belong inside a word rather than between words.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{2060}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_digit(c) || is_mark(c) || c == '\u{0640}' || is_joiner(c)
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || (is_format(c) && !is_joiner(c))
}

/// Splits `text` into words, numbers and punctuation marks with their
/// code-point spans.
///
/// ```
/// use hudna::arabic::tokenize::{tokenize, TokenKind};
/// let t = tokenize("قُتل 1,200 شخص، وأصيب «العشرات».");
/// let words: Vec<&str> = t.iter().map(|t| t.text).collect();
/// assert_eq!(words, ["قُتل", "1,200", "شخص", "،", "وأصيب", "«", "العشرات", "»", "."]);
/// assert_eq!((t[1].start, t[1].end, t[1].kind), (5, 10, TokenKind::Number));
/// ```
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if is_separator(c) {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            let mut all_digits = true;
            while i < chars.len() {
                let c = chars[i].1;
                if is_word_char(c) {
                    all_digits &= is_digit(c) || is_mark(c) || is_joiner(c);
                    i += 1;
                } else if is_number_separator(c)
                    && i > start
                    && is_digit(chars[i - 1].1)
                    && chars.get(i + 1).is_some_and(|(_, n)| is_digit(*n))
                {
                    i += 1;
                } else {
                    break;
                }
            }
            let any_digit = chars[start..i].iter().any(|(_, c)| is_digit(*c));
            tokens.push(Token {
                text: &text[byte_at(start)..byte_at(i)],
                start,
                end: i,
                kind: if all_digits && any_digit {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            });
        } else {
            i += 1;
            tokens.push(Token {
                text: &text[byte_at(start)..byte_at(i)],
                start,
                end: i,
                kind: TokenKind::Punct,
            });
        }
    }
    tokens
}

/// A candidate stem of a token: the token with some proclitics taken off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stem<'a> {
    /// The stem as written in the token (marks included).
    pub text: &'a str,
    /// Code-point offset of the stem inside the token; add the token's
    /// `start` for its offset in the text.
    pub start: usize,
    /// The proclitics taken off, folded: "", "و", "بال", "ولل", …
    pub proclitics: String,
}

/// Every proclitic string, folded, shortest first: a conjunction (و ف),
/// then a preposition (ب ك ل), then the article (ال), each optional, with
/// ل + ال written «لل» (the alef elided).
const PROCLITICS: [&str; 23] = [
    "و", "ف", "ب", "ك", "ل", // one letter
    "ال", "وب", "وك", "ول", "فب", "فك", "فل", "لل", // two
    "وال", "فال", "بال", "كال", "ولل", "فلل", // three
    "وبال", "وكال", "فبال", "فكال", // four
];

/// Every way to take proclitics off `token`, the token itself first, then
/// by growing prefix: nothing is checked but that some of the token remains.
/// Callers with a lexicon (the number reader) filter these themselves;
/// others want [`stems`].
pub fn proclitic_splits(token: &str) -> Vec<Stem<'_>> {
    let folded = Folded::new(token, Fold::default());
    let text = folded.text();
    let mut out = vec![Stem {
        text: token,
        start: 0,
        proclitics: String::new(),
    }];
    for p in PROCLITICS {
        let Some(rest) = text.strip_prefix(p) else {
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        let k = p.chars().count();
        let start = folded.map()[k];
        let byte = token
            .char_indices()
            .nth(start)
            .map_or(token.len(), |(b, _)| b);
        out.push(Stem {
            text: &token[byte..],
            start,
            proclitics: p.to_owned(),
        });
    }
    out
}

/// Conservative candidate stems of `token`: the token itself, then each
/// proclitic split whose rest is plausibly a word of its own.
///
/// A stem is proposed when what remains is digits (after a conjunction or
/// preposition: «و30», «بـ30»), or letters: at least two after a prefix
/// ending in the article («الجنود» → «جنود», «لليد» → «يد»), at least three
/// after a bare conjunction or preposition, since many short words begin
/// with و ف ب ك ل themselves («وجد» is not و + «جد», «بلد» not ب + «لد»).
///
/// ```
/// use hudna::arabic::tokenize::stems;
/// let s: Vec<(&str, usize)> = stems("وبالأَلفين").iter().map(|s| (s.text, s.start)).collect();
/// assert_eq!(s, [("وبالأَلفين", 0), ("بالأَلفين", 1), ("الأَلفين", 2), ("أَلفين", 4)]);
/// ```
pub fn stems(token: &str) -> Vec<Stem<'_>> {
    proclitic_splits(token)
        .into_iter()
        .filter(|s| s.proclitics.is_empty() || plausible(s))
        .collect()
}

fn plausible(s: &Stem<'_>) -> bool {
    let rest: Vec<char> = s.text.chars().filter_map(fold_char).collect();
    let article = s.proclitics.ends_with("ال") || s.proclitics.ends_with("لل");
    if rest.first().is_some_and(|c| c.is_ascii_digit()) {
        return !article
            && rest
                .iter()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'));
    }
    let letters = rest.iter().filter(|c| c.is_alphabetic()).count();
    rest.first().is_some_and(|c| c.is_alphabetic()) && letters >= if article { 2 } else { 3 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitic_table_is_the_whole_grammar() {
        let mut made = Vec::new();
        for c in ["", "و", "ف"] {
            for p in ["", "ب", "ك", "ل"] {
                for a in ["", "ال"] {
                    let s = if p == "ل" && a == "ال" {
                        format!("{c}لل")
                    } else {
                        format!("{c}{p}{a}")
                    };
                    if !s.is_empty() {
                        made.push(s);
                    }
                }
            }
        }
        made.sort();
        let mut table: Vec<String> = PROCLITICS.iter().map(|s| s.to_string()).collect();
        assert!(
            table
                .windows(2)
                .all(|w| w[0].chars().count() <= w[1].chars().count())
        );
        table.sort();
        assert_eq!(table, made);
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn splits_words_and_arabic_punctuation() {
        assert_eq!(
            texts("هل انتهت الحرب؟ قال: «لا»؛ ثم (صمت)، وانصرف."),
            [
                "هل",
                "انتهت",
                "الحرب",
                "؟",
                "قال",
                ":",
                "«",
                "لا",
                "»",
                "؛",
                "ثم",
                "(",
                "صمت",
                ")",
                "،",
                "وانصرف",
                "."
            ]
        );
    }

    #[test]
    fn offsets_are_code_points_over_the_original() {
        let s = "مقتلُ ٢٧ جندياً، و1,200 مدني";
        let chars: Vec<char> = s.chars().collect();
        for t in tokenize(s) {
            let slice: String = chars[t.start..t.end].iter().collect();
            assert_eq!(slice, t.text);
        }
        let t = tokenize(s);
        assert_eq!((t[0].text, t[0].start, t[0].end), ("مقتلُ", 0, 5));
        assert_eq!((t[1].text, t[1].kind), ("٢٧", TokenKind::Number));
        assert_eq!((t[3].text, t[3].kind), ("،", TokenKind::Punct));
        assert_eq!((t[4].text, t[4].kind), ("و1,200", TokenKind::Word));
    }

    #[test]
    fn digits_stay_together_with_their_separators() {
        assert_eq!(texts("1,200"), ["1,200"]);
        assert_eq!(texts("١٬٢٠٠ قتيل"), ["١٬٢٠٠", "قتيل"]);
        assert_eq!(texts("2.5 مليون"), ["2.5", "مليون"]);
        assert_eq!(texts("٢٫٥"), ["٢٫٥"]);
        assert_eq!(texts("۱۲۳۴"), ["۱۲۳۴"]);
        // A separator with no digit after it is punctuation.
        assert_eq!(texts("قتل 6, وجرح 7."), ["قتل", "6", ",", "وجرح", "7", "."]);
        assert_eq!(texts("30%"), ["30", "%"]);
        assert_eq!(texts("30٪"), ["30", "٪"]);
        assert!(
            tokenize("1,200 ١٬٢٠٠")
                .iter()
                .all(|t| t.kind == TokenKind::Number)
        );
    }

    #[test]
    fn marks_tatweel_and_joiners_stay_in_words_bidi_controls_split() {
        assert_eq!(texts("وَالْجُنُودُ"), ["وَالْجُنُودُ"]);
        assert_eq!(texts("بـ30 قتيلاً"), ["بـ30", "قتيلاً"]);
        assert_eq!(texts("می\u{200C}خواهم"), ["می\u{200C}خواهم"]);
        let t = tokenize("\u{200F}27\u{200F} قتيلا");
        assert_eq!(t[0].text, "27");
        assert_eq!((t[0].start, t[0].end), (1, 3));
        assert_eq!(texts("a\u{00A0}b"), ["a", "b"]);
        assert_eq!(texts(""), Vec::<&str>::new());
    }

    fn stem_list(token: &str) -> Vec<(&str, usize, String)> {
        stems(token)
            .into_iter()
            .map(|s| (s.text, s.start, s.proclitics))
            .collect()
    }

    #[test]
    fn stems_strip_stacked_proclitics() {
        assert_eq!(
            stem_list("وبالألفين"),
            [
                ("وبالألفين", 0, String::new()),
                ("بالألفين", 1, "و".into()),
                ("الألفين", 2, "وب".into()),
                ("ألفين", 4, "وبال".into()),
            ]
        );
        assert_eq!(
            stem_list("للجنود"),
            [
                ("للجنود", 0, String::new()),
                ("لجنود", 1, "ل".into()),
                ("جنود", 2, "لل".into()),
            ]
        );
        let s = stem_list("والمدنيين");
        assert!(s.contains(&("المدنيين", 1, "و".into())));
        assert!(s.contains(&("مدنيين", 3, "وال".into())));
        let s = stem_list("فالقتلى");
        assert!(s.contains(&("قتلى", 3, "فال".into())));
    }

    #[test]
    fn stems_are_conservative_about_short_rests() {
        // و + «جد» is too short to propose; «وجد» is a verb.
        assert_eq!(stem_list("وجد"), [("وجد", 0, String::new())]);
        assert_eq!(stem_list("بلد"), [("بلد", 0, String::new())]);
        // With the article two letters are enough.
        assert!(stem_list("اليد").contains(&("يد", 2, "ال".into())));
        // «الف» is not ال + «ف».
        assert_eq!(stem_list("الف"), [("الف", 0, String::new())]);
        // But proclitic_splits proposes everything; the caller filters.
        assert!(
            proclitic_splits("وست")
                .iter()
                .any(|s| s.text == "ست" && s.start == 1)
        );
    }

    #[test]
    fn stems_reach_digits_behind_clitics() {
        assert_eq!(
            stem_list("و30"),
            [("و30", 0, String::new()), ("30", 1, "و".into())]
        );
        assert_eq!(
            stem_list("بـ30"),
            [("بـ30", 0, String::new()), ("30", 2, "ب".into())]
        );
        assert_eq!(stem_list("و١٬٢٠٠")[1], ("١٬٢٠٠", 1, "و".into()));
    }

    #[test]
    fn stems_offsets_skip_marks_on_the_clitics() {
        // «وَبِالْألفين»: the stem starts after the marks of the clitics.
        let s = stem_list("وَبِالْألفين");
        assert_eq!(s.last().unwrap(), &("ألفين", 7, "وبال".into()));
    }
}
