//! Reading counts written in Arabic: digits, number words, compounds, duals
//! and vague quantities.
//!
//! No maintained Rust crate parses Arabic number words inside sentences, so
//! this one is ours. It reads what casualty reports use: «ثمانية»، «ألفي»،
//! «30 ألف»، «6,500»، «٢٧»، «ثلاثة آلاف وخمسمائة», and vague words
//! («مئات», «مئات الآلاف») which become bounds (ACLED's conservative low, the
//! largest number the word allows as high) instead of a number.
//!
//! What it reads, after [folding](super::normalize) (so hamza, diacritics,
//! tatweel, digit scripts and teh marbuta do not matter):
//!
//! - **digits** in any script, with thousands separators in groups of three
//!   («1,200», «١٬٢٠٠»), times a following scale word («30 ألف»، «2.5 مليون»);
//!   a decimal without a scale word is not a count;
//! - **units** 1–10 in both genders and all cases (واحد/واحدة/أحد/إحدى،
//!   اثنان/اثنين/اثنتان/اثنتين/اثنا/اثني/اثنتا/اثنتي، ثلاث/ثلاثة …
//!   ثمان/ثماني/ثمانية، عشر/عشرة, and the accusative ثلاثًا … عشرًا);
//! - **teens** «ثلاثة عشر»، «إحدى عشرة»، «اثنتا عشرة»; **tens** in -ون/-ين;
//! - **hundreds** مئة/مائة، مئتان/مئتين/مئتا/مئتي, «ثلاثمئة» written as one
//!   word or two («ثلاث مئة»);
//! - **scales** ألف/ألفًا/آلاف/ألفان/ألفين/ألفي، مليون/مليونًا/ملايين/مليونان/
//!   مليونين/مليوني، مليار and its forms, and «نصف»/«ربع» of a scale
//!   («نصف مليون»، «مليون ونصف»);
//! - **compounds** joined by و, attached or spaced («خمسة وعشرون»،
//!   «ألف و مئتان»), in the order Arabic writes them: a compound stops where
//!   a second unit, ten or hundred would start a new number, so «ثلاثة
//!   وأربعة» reads 3, not 7;
//! - **proclitics** و ف ب ك ل and the article on the first word
//!   («وثمانية»، «بالألفين»، «للعشرات»), but not «الأحد»/«الاثنين», which are
//!   Sunday and Monday, nor «لست»/«بست» («ست» behind anything but و، ف or the
//!   article is too often another word);
//! - **vague quantities** عشرات، مئات، آلاف، ملايين، مليارات, optionally
//!   «… الآلاف» / «… الملايين», as bounds (rule C5 of `docs/guidelines.md`).
//!
//! A number followed by a percent sign or «بالمئة»/«في المئة» is a
//! percentage, not a count, and is skipped (rule C10).
//!
//! Duals of counted nouns («قتيلان»، «مدنيان») carry no number word: see
//! [`implied_count`].

use super::normalize::fold;
use super::tokenize::{Token, TokenKind, proclitic_splits, tokenize};

/// A count read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quantity {
    /// The number, when one is stated.
    pub value: Option<u64>,
    /// Lower bound (equals `value` when exact).
    pub low: Option<u64>,
    /// Upper bound (equals `value` when exact).
    pub high: Option<u64>,
}

impl Quantity {
    /// An exact count: value, low and high are all `n`.
    pub fn exact(n: u64) -> Self {
        Quantity {
            value: Some(n),
            low: Some(n),
            high: Some(n),
        }
    }

    /// A vague quantity («مئات»): no value, only bounds.
    pub fn vague(low: u64, high: u64) -> Self {
        Quantity {
            value: None,
            low: Some(low),
            high: Some(high),
        }
    }
}

/// A count found in text and where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountSpan {
    /// Code-point offset where the count starts in the original text, after
    /// any proclitic («وثمانية» starts at «ث»).
    pub start: usize,
    /// Code-point offset just past the count (a scale word or «الآلاف»
    /// after it included), end exclusive.
    pub end: usize,
    /// What the count says.
    pub quantity: Quantity,
}

/// Grammatical number of a scale word: it decides what may precede it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// ألف، ألفًا، مليون: one of it, or times the number before it.
    Singular,
    /// ألفان، ألفين، ألفي: two of it, and nothing before it.
    Dual,
    /// آلاف، ملايين: times 3–10 before it; alone it is vague.
    Plural,
}

/// One number word, by what it can combine with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// 1 to 10.
    Unit(u64),
    /// 20, 30, … 90.
    Ten(u64),
    /// 100, 200, … 900.
    Hundred(u64),
    /// ألف، مليون، مليار in some form.
    Scale(u64, Form),
    /// نصف (2) or ربع (4) of a scale.
    Fraction(u64),
}

fn unit(w: &str) -> Option<u64> {
    Some(match w {
        "واحد" | "واحده" | "احد" | "احدي" => 1,
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" | "اثنا" | "اثني" | "اثنتا" | "اثنتي" => {
            2
        }
        "ثلاث" | "ثلاثه" | "ثلاثا" => 3,
        "اربع" | "اربعه" | "اربعا" => 4,
        "خمس" | "خمسه" | "خمسا" => 5,
        "ست" | "سته" | "ستا" => 6,
        "سبع" | "سبعه" | "سبعا" => 7,
        "ثمان" | "ثماني" | "ثمانيه" | "ثمانيا" => 8,
        "تسع" | "تسعه" | "تسعا" => 9,
        "عشر" | "عشره" | "عشرا" => 10,
        _ => return None,
    })
}

fn tens(w: &str) -> Option<u64> {
    let stem = w.strip_suffix("ون").or_else(|| w.strip_suffix("ين"))?;
    Some(match stem {
        "عشر" => 20,
        "ثلاث" => 30,
        "اربع" => 40,
        "خمس" => 50,
        "ست" => 60,
        "سبع" => 70,
        "ثمان" => 80,
        "تسع" => 90,
        _ => return None,
    })
}

fn hundreds(w: &str) -> Option<u64> {
    let w = w.replace("مائ", "مئ");
    match w.as_str() {
        "مئه" => return Some(100),
        "مئتان" | "مئتين" | "مئتا" | "مئتي" => return Some(200),
        _ => {}
    }
    let head = w.strip_suffix("مئه")?;
    unit(head).filter(|u| (3..=9).contains(u)).map(|u| u * 100)
}

/// Scale words: factor and form.
fn scale(w: &str) -> Option<(u64, Form)> {
    use Form::*;
    Some(match w {
        "الف" | "الفا" => (1_000, Singular),
        "الاف" => (1_000, Plural),
        "الفان" | "الفين" | "الفي" => (1_000, Dual),
        "مليون" | "مليونا" => (1_000_000, Singular),
        "ملايين" => (1_000_000, Plural),
        "مليونان" | "مليونين" | "مليوني" => (1_000_000, Dual),
        "مليار" | "مليارا" => (1_000_000_000, Singular),
        "مليارات" => (1_000_000_000, Plural),
        "ملياران" | "مليارين" | "ملياري" => (1_000_000_000, Dual),
        _ => return None,
    })
}

fn word(w: &str) -> Option<Word> {
    if let Some(u) = unit(w) {
        return Some(Word::Unit(u));
    }
    if let Some(t) = tens(w) {
        return Some(Word::Ten(t));
    }
    if let Some(h) = hundreds(w) {
        return Some(Word::Hundred(h));
    }
    if let Some((f, form)) = scale(w) {
        return Some(Word::Scale(f, form));
    }
    match w {
        "نصف" => Some(Word::Fraction(2)),
        "ربع" => Some(Word::Fraction(4)),
        _ => None,
    }
}

fn vague(w: &str) -> Option<(u64, u64)> {
    // ACLED codes "dozens" as 12 and "hundreds" as 100; the high end is the
    // largest number the word allows (guidelines rule C5).
    Some(match w {
        "عشرات" => (12, 99),
        "مئات" => (100, 999),
        "الاف" => (1_000, 9_999),
        "ملايين" => (1_000_000, 9_999_999),
        "مليارات" => (1_000_000_000, 9_999_999_999),
        _ => return None,
    })
}

/// The scale a vague word is multiplied by: «مئات الآلاف».
fn vague_scale(w: &str) -> Option<u64> {
    Some(match w {
        "الالاف" | "الاف" => 1_000,
        "الملايين" | "ملايين" => 1_000_000,
        "المليارات" | "مليارات" => 1_000_000_000,
        _ => return None,
    })
}

/// A number written in digits (folded to ASCII): its integer part and, if
/// any, its decimal part as (digits, number of digits). Thousands
/// separators must fall every three digits; «1,2» is not a number.
fn digits(w: &str) -> Option<(u64, Option<(u64, u32)>)> {
    let (int, frac) = match w.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (w, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len()) || groups.len() == 1;
    if groups[0].is_empty() || !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let mut n: u64 = 0;
    for c in groups.concat().chars() {
        n = n.checked_mul(10)?.checked_add(c.to_digit(10)? as u64)?;
    }
    let frac = match frac {
        None => None,
        Some(f) if f.is_empty() || f.len() > 9 => return None,
        Some(f) => Some((f.parse::<u64>().ok()?, f.len() as u32)),
    };
    Some((n, frac))
}

/// `int.frac × factor`, when that is a whole number.
fn scaled(int: u64, frac: Option<(u64, u32)>, factor: u64) -> Option<u64> {
    let whole = int.checked_mul(factor)?;
    match frac {
        None => Some(whole),
        Some((f, len)) => {
            let p = 10u64.checked_pow(len)?;
            let part = f.checked_mul(factor)?;
            (part % p == 0).then(|| whole.checked_add(part / p))?
        }
    }
}

/// The folded form of a token, and whether it is punctuation.
struct Tok<'a> {
    token: Token<'a>,
    folded: String,
}

impl Tok<'_> {
    fn is_punct(&self) -> bool {
        self.token.kind == TokenKind::Punct
    }
}

/// The stems the first word of a count may have behind its proclitics,
/// folded, with their code-point offsets in the token.
fn first_stems(token: &str) -> Vec<(usize, String)> {
    proclitic_splits(token)
        .into_iter()
        .map(|s| (s.start, fold(s.text), s.proclitics))
        .filter(|(_, stem, p)| stem_allowed(stem, p))
        .map(|(start, stem, _)| (start, stem))
        .collect()
}

fn stem_allowed(stem: &str, proclitics: &str) -> bool {
    if proclitics.is_empty() {
        return true;
    }
    let article = proclitics.ends_with("ال") || proclitics.ends_with("لل");
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        return !article;
    }
    // «الأحد», «الاثنين»: Sunday and Monday.
    if article && matches!(stem, "احد" | "اثنين") {
        return false;
    }
    // «ست» is two letters: «لست» is "I am not", «بست» rarely "with six".
    if stem.chars().count() < 3 {
        return article || matches!(proclitics, "و" | "ف");
    }
    true
}

/// Whether the tokens at `i` mark a percentage: «%», «بالمئة», «في المئة».
/// Returns how many tokens the marker takes.
fn percent_at(toks: &[Tok<'_>], i: usize) -> Option<usize> {
    let w = toks.get(i)?.folded.replace("مائ", "مئ");
    match w.as_str() {
        "%" | "بالمئه" => Some(1),
        "في" if toks
            .get(i + 1)
            .is_some_and(|t| matches!(t.folded.as_str(), "المئه" | "المائه")) =>
        {
            Some(2)
        }
        _ => None,
    }
}

/// A count starting at token `i`: the quantity, its start offset inside
/// token `i`, and the index of the first token after it.
fn read_at(toks: &[Tok<'_>], i: usize) -> Option<(Quantity, usize, usize)> {
    if toks[i].is_punct() {
        return None;
    }
    let next = toks.get(i + 1).map(|t| t.folded.as_str()).unwrap_or("");
    for (start, stem) in first_stems(toks[i].token.text) {
        // Vague: «مئات», «مئات الآلاف», «عشرات الآلاف».
        if let Some((lo, hi)) = vague(&stem) {
            if let Some(m) = vague_scale(next) {
                let q = Quantity::vague(lo.saturating_mul(m), hi.saturating_mul(m) + (m - 1));
                return Some((q, start, i + 2));
            }
            return Some((Quantity::vague(lo, hi), start, i + 1));
        }
        // Digits, optionally scaled: «30 ألف», «2.5 مليون».
        if stem.starts_with(|c: char| c.is_ascii_digit()) {
            let (int, frac) = digits(&stem)?;
            if let Some((f, Form::Singular | Form::Plural)) = scale(next) {
                return Some((Quantity::exact(scaled(int, frac, f)?), start, i + 2));
            }
            return frac.is_none().then(|| (Quantity::exact(int), start, i + 1));
        }
        // Words: a compound.
        if let Some(w) = word(&stem)
            && let Some((n, end)) = compound(toks, i, w, &stem)
        {
            return Some((Quantity::exact(n), start, end));
        }
    }
    None
}

/// The running state of a compound number.
#[derive(Debug, Default)]
struct Acc {
    /// Completed groups, each times its scale.
    total: u64,
    /// The scale of the last completed group (`None` before any).
    last_scale: Option<u64>,
    /// The group being read (below 1000): hundreds, units (teens included), tens.
    hundreds: u64,
    units: u64,
    tens: u64,
    teen: bool,
    /// Whether any word was taken.
    started: bool,
    /// Whether a fraction closed the number («مليون ونصف»).
    closed: bool,
}

impl Acc {
    fn group(&self) -> u64 {
        self.hundreds + self.units + self.tens
    }

    fn group_empty(&self) -> bool {
        self.group() == 0
    }

    /// Whether a new group may start here: at the beginning, or after a
    /// scale word when joined by و.
    fn may_open(&self, joined: bool) -> bool {
        self.group_empty() && (!self.started || joined)
    }

    /// Takes one word; `false` when it cannot continue this number.
    fn take(&mut self, w: Word, stem: &str, joined: bool) -> bool {
        if self.closed {
            return false;
        }
        let ok = match w {
            Word::Hundred(v) => {
                if self.may_open(joined) {
                    self.hundreds = v;
                    true
                } else if !joined
                    && v == 100
                    && matches!(stem, "مئه" | "مائه")
                    && self.hundreds == 0
                    && self.tens == 0
                    && !self.teen
                    && (3..=9).contains(&self.units)
                {
                    // «ثلاث مئة» written apart.
                    self.hundreds = self.units * 100;
                    self.units = 0;
                    true
                } else {
                    false
                }
            }
            Word::Unit(v) => {
                if v == 10
                    && !joined
                    && matches!(stem, "عشر" | "عشره")
                    && (1..=9).contains(&self.units)
                    && self.tens == 0
                    && !self.teen
                {
                    // «ثلاثة عشر».
                    self.units += 10;
                    self.teen = true;
                    true
                } else if self.units == 0
                    && !self.teen
                    && (self.may_open(joined) || (!self.group_empty() && joined))
                {
                    self.units = v;
                    true
                } else {
                    false
                }
            }
            Word::Ten(v) => {
                if self.tens == 0
                    && !self.teen
                    && (self.may_open(joined) || (!self.group_empty() && joined))
                {
                    self.tens = v;
                    true
                } else {
                    false
                }
            }
            Word::Scale(f, form) => self.take_scale(f, form, joined),
            Word::Fraction(d) => {
                // «مليون ونصف»: half of the scale just read.
                match self.last_scale {
                    Some(s) if joined && self.group_empty() && s % d == 0 => {
                        self.total = self.total.saturating_add(s / d);
                        self.closed = true;
                        true
                    }
                    _ => false,
                }
            }
        };
        self.started |= ok;
        ok
    }

    fn take_scale(&mut self, f: u64, form: Form, joined: bool) -> bool {
        let below_last = self.last_scale.is_none_or(|s| f < s);
        if !self.group_empty() {
            // «ثلاثة آلاف», «مئة ألف», «ثلاثة عشر ألفًا».
            if joined || form == Form::Dual || !below_last {
                return false;
            }
            self.total = self.total.saturating_add(self.group().saturating_mul(f));
            self.clear_group();
        } else if !self.started {
            // «ألف», «ألفين»; a bare plural is vague, read elsewhere.
            self.total = match form {
                Form::Singular => f,
                Form::Dual => 2 * f,
                Form::Plural => return false,
            };
        } else if !joined && !below_last && form != Form::Dual {
            // «ألف مليون», «ثلاثة آلاف مليون»: a scale of a scale.
            self.total = self.total.saturating_mul(f);
        } else if joined && below_last && form != Form::Plural {
            // «مليون وألف», «مليون وألفان».
            let n = if form == Form::Dual { 2 } else { 1 };
            self.total = self.total.saturating_add(n * f);
        } else {
            return false;
        }
        self.last_scale = Some(f);
        true
    }

    fn clear_group(&mut self) {
        self.hundreds = 0;
        self.units = 0;
        self.tens = 0;
        self.teen = false;
    }

    fn value(&self) -> u64 {
        self.total.saturating_add(self.group())
    }
}

/// Reads a compound starting with word `first` (stem `stem`) at token `i`:
/// the number and the index of the first token after it.
fn compound(toks: &[Tok<'_>], i: usize, first: Word, stem: &str) -> Option<(u64, usize)> {
    let mut acc = Acc::default();
    if let Word::Fraction(d) = first {
        // «نصف مليون»: a fraction only reads before a singular scale.
        return match toks.get(i + 1).and_then(|t| scale(&t.folded)) {
            Some((f, Form::Singular)) => Some((f / d, i + 2)),
            _ => None,
        };
    }
    if !acc.take(first, stem, false) {
        return None;
    }
    let mut j = i + 1;
    while j < toks.len() {
        let t = &toks[j];
        if t.is_punct() {
            break;
        }
        // «و» written apart: «ألف و مئتان».
        let (joined, at) = if t.folded == "و" {
            (true, j + 1)
        } else {
            (false, j)
        };
        let Some(t) = toks.get(at).filter(|t| !t.is_punct()) else {
            break;
        };
        let w = &t.folded;
        let taken = if !joined && let Some(x) = word(w) {
            acc.take(x, w, false)
        } else {
            let (joined, w) = match w.strip_prefix('و') {
                Some(rest) if !joined && word(rest).is_some() => (true, rest),
                _ => (joined, w.as_str()),
            };
            word(w).is_some_and(|x| acc.take(x, w, joined))
        };
        if !taken {
            break;
        }
        j = at + 1;
    }
    Some((acc.value(), j))
}

fn scan(text: &str, first_only: bool) -> Vec<CountSpan> {
    let toks: Vec<Tok<'_>> = tokenize(text)
        .into_iter()
        .map(|token| Tok {
            folded: fold(token.text),
            token,
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match read_at(&toks, i) {
            Some((quantity, start, end)) => {
                if let Some(skip) = percent_at(&toks, end) {
                    i = end + skip;
                    continue;
                }
                out.push(CountSpan {
                    start: toks[i].token.start + start,
                    end: toks[end - 1].token.end,
                    quantity,
                });
                if first_only {
                    break;
                }
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// Every count in `text`, in order, with its code-point span.
///
/// ```
/// use hudna::arabic::numbers::{find_counts, Quantity};
/// let found = find_counts("قُتل ثلاثة جنود وأُصيب 1,200 مدني، ونزح مئاتُ الآلاف");
/// let spans: Vec<(usize, usize, Quantity)> =
///     found.iter().map(|c| (c.start, c.end, c.quantity)).collect();
/// assert_eq!(spans, [
///     (5, 10, Quantity::exact(3)),
///     (23, 28, Quantity::exact(1200)),
///     (40, 52, Quantity::vague(100_000, 999_999)),
/// ]);
/// ```
pub fn find_counts(text: &str) -> Vec<CountSpan> {
    scan(text, false)
}

/// Reads the first count in `text`, or `None` when it states none.
///
/// ```
/// use hudna::arabic::numbers::read_count;
/// assert_eq!(read_count("أكثر من ألفي مدني").unwrap().value, Some(2000));
/// assert_eq!(read_count("30 ألف شخص").unwrap().value, Some(30_000));
/// assert_eq!(read_count("مئات الآلاف").unwrap().low, Some(100_000));
/// ```
pub fn read_count(text: &str) -> Option<Quantity> {
    scan(text, true).first().map(|c| c.quantity)
}

/// The count a bare counted noun implies: a dual (مدنيان، جنديان) is 2, a
/// singular (جندي) is 1. `None` when the form is ambiguous (-ين is both the
/// oblique dual and the plural) or the text holds a number.
pub fn implied_count(noun: &str) -> Option<u64> {
    let folded = fold(noun.trim());
    if folded.contains(char::is_whitespace) || read_count(noun).is_some() {
        return None;
    }
    if folded.ends_with("ان") {
        Some(2)
    } else if folded.ends_with("ين") || folded.ends_with("ون") || folded.ends_with("ات") {
        None
    } else {
        Some(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<u64> {
        read_count(s).and_then(|q| q.value)
    }

    #[test]
    fn digits_in_every_script() {
        assert_eq!(v("مقتل أكثر من 6500 شخص"), Some(6500));
        assert_eq!(v("6,500"), Some(6500));
        assert_eq!(v("٢٧ شخصا"), Some(27));
        assert_eq!(v("۲۷"), Some(27));
        assert_eq!(v("30 ألف شخص"), Some(30_000));
    }

    #[test]
    fn words_with_gender_case_and_clitics() {
        assert_eq!(v("ثمانية جنود"), Some(8));
        assert_eq!(v("سبعة جنود أذريين"), Some(7));
        assert_eq!(v("عشرة آخرون"), Some(10));
        assert_eq!(v("وثلاثة"), Some(3));
        assert_eq!(v("أحد عشر"), Some(11));
        assert_eq!(v("ثلاثة عشر جنديا"), Some(13));
        assert_eq!(v("خمسة وعشرون"), Some(25));
        assert_eq!(v("مئتي قتيل"), Some(200));
        assert_eq!(v("ثلاثمائة"), Some(300));
        assert_eq!(v("ألفي مدني"), Some(2000));
        assert_eq!(v("ألفين"), Some(2000));
        assert_eq!(v("ثلاثة آلاف وخمسمائة"), Some(3500));
        assert_eq!(v("مليون"), Some(1_000_000));
    }

    #[test]
    fn vague_quantities_are_bounds() {
        assert_eq!(read_count("مئات القتلى"), Some(Quantity::vague(100, 999)));
        assert_eq!(
            read_count("مئات الآلاف"),
            Some(Quantity::vague(100_000, 999_999))
        );
        assert_eq!(read_count("عشرات"), Some(Quantity::vague(12, 99)));
        assert_eq!(read_count("آلاف"), Some(Quantity::vague(1_000, 9_999)));
    }

    #[test]
    fn no_number_no_count() {
        assert_eq!(read_count("جنود حفظ السلام"), None);
        assert_eq!(read_count(""), None);
    }

    #[test]
    fn duals_and_singulars() {
        assert_eq!(implied_count("مدنيان"), Some(2));
        assert_eq!(implied_count("جندي"), Some(1));
        assert_eq!(
            implied_count("مدنيين"),
            None,
            "oblique dual or plural: ambiguous"
        );
    }

    #[test]
    fn duals_of_counted_nouns() {
        for noun in ["قتيلان", "جنديان", "مدنيان", "ومدنيان", "جريحان"]
        {
            assert_eq!(read_count(noun), None, "{noun}");
            assert_eq!(implied_count(noun), Some(2), "{noun}");
        }
        assert_eq!(implied_count("ثلاثة جنود"), None);
        assert_eq!(implied_count("مليونان"), None, "a number word, not a noun");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(v("1,200"), Some(1200));
        assert_eq!(v("1٬200"), Some(1200));
        assert_eq!(v("١٬٢٠٠"), Some(1200));
        assert_eq!(v("١,٢٠٠"), Some(1200));
        assert_eq!(v("12,345,678"), Some(12_345_678));
        assert_eq!(v("قتل 1,200،"), Some(1200));
        // Separators must fall every three digits.
        assert_eq!(v("1,20"), None);
        assert_eq!(v("1234,567"), None);
        // A comma with no digit after it is punctuation.
        assert_eq!(v("6, 7"), Some(6));
    }

    #[test]
    fn decimals_only_with_a_scale() {
        assert_eq!(v("2.5 مليون"), Some(2_500_000));
        assert_eq!(v("٢٫٥ مليون نازح"), Some(2_500_000));
        assert_eq!(v("1.2 ألف"), Some(1_200));
        assert_eq!(v("2.5"), None);
    }

    #[test]
    fn digits_times_scale_words() {
        assert_eq!(v("30 ألفا"), Some(30_000));
        assert_eq!(v("3 آلاف"), Some(3_000));
        assert_eq!(v("١٠ آلاف"), Some(10_000));
        assert_eq!(v("2 مليون"), Some(2_000_000));
        assert_eq!(v("3 ملايين"), Some(3_000_000));
        assert_eq!(v("5 مليارات"), Some(5_000_000_000));
        assert_eq!(v("30\u{00A0}ألف"), Some(30_000));
        // A dual scale after digits is no multiplier.
        assert_eq!(v("3 ألفين"), Some(3));
    }

    #[test]
    fn hundreds_in_one_word_or_two() {
        for s in ["ثلاثمئة", "ثلاثمائة", "ثلاث مئة", "ثلاث مائة", "ثلاثة مئة"]
        {
            assert_eq!(v(s), Some(300), "{s}");
        }
        assert_eq!(v("ثمانمئة"), Some(800));
        assert_eq!(v("ثماني مئة"), Some(800));
        assert_eq!(v("تسعمائة وتسعة وتسعون"), Some(999));
        assert_eq!(v("مئة"), Some(100));
        assert_eq!(v("مائة"), Some(100));
        assert_eq!(v("مئتان"), Some(200));
        assert_eq!(v("مائتين"), Some(200));
        assert_eq!(v("مئتا جندي"), Some(200));
        assert_eq!(v("ثلاث مئة ألف"), Some(300_000));
    }

    #[test]
    fn millions_and_billions() {
        assert_eq!(v("مليونان"), Some(2_000_000));
        assert_eq!(v("مليونين"), Some(2_000_000));
        assert_eq!(v("مليوني نازح"), Some(2_000_000));
        assert_eq!(v("ثلاثة ملايين"), Some(3_000_000));
        assert_eq!(v("عشرة ملايين"), Some(10_000_000));
        assert_eq!(v("عشرين مليونا"), Some(20_000_000));
        assert_eq!(v("مليون ومئتا ألف"), Some(1_200_000));
        assert_eq!(v("مليار"), Some(1_000_000_000));
        assert_eq!(v("ملياري دولار"), Some(2_000_000_000));
        assert_eq!(v("ألف مليون"), Some(1_000_000_000));
        assert_eq!(v("مليون وألف"), Some(1_001_000));
        assert_eq!(v("مليونان وألفان واثنا عشر"), Some(2_002_012));
    }

    #[test]
    fn gender_and_case_forms() {
        let cases: &[(&str, u64)] = &[
            ("واحد", 1),
            ("واحدة", 1),
            ("إحدى", 1),
            ("اثنان", 2),
            ("اثنين", 2),
            ("اثنتان", 2),
            ("اثنتين", 2),
            ("إثنان", 2),
            ("ثلاث", 3),
            ("ثلاثة", 3),
            ("ثلاثةُ", 3),
            ("ثلاثًا", 3),
            ("أربع", 4),
            ("اربعة", 4),
            ("ثمانٍ", 8),
            ("ثماني", 8),
            ("ثمانية", 8),
            ("عشر", 10),
            ("عشرة", 10),
            ("عشرون", 20),
            ("عشرين", 20),
            ("تسعون", 90),
            ("تسعين", 90),
            ("مئتان", 200),
            ("مئتين", 200),
            ("ألفان", 2000),
            ("ألفين", 2000),
            ("ألفي", 2000),
            ("ألفًا", 1000),
        ];
        for (s, n) in cases {
            assert_eq!(v(s), Some(*n), "{s}");
        }
    }

    #[test]
    fn teens() {
        assert_eq!(v("إحدى عشرة"), Some(11));
        assert_eq!(v("اثنا عشر"), Some(12));
        assert_eq!(v("اثني عشر"), Some(12));
        assert_eq!(v("اثنتا عشرة"), Some(12));
        assert_eq!(v("اثنتي عشرة"), Some(12));
        assert_eq!(v("ثلاث عشرة"), Some(13));
        assert_eq!(v("ثماني عشرة"), Some(18));
        assert_eq!(v("تسعة عشر"), Some(19));
        assert_eq!(v("أحد عشر ألفا"), Some(11_000));
        assert_eq!(v("مئة وثلاثة عشر"), Some(113));
    }

    #[test]
    fn proclitics_on_the_first_word() {
        assert_eq!(v("وثمانية"), Some(8));
        assert_eq!(v("فثمانية"), Some(8));
        assert_eq!(v("بثلاثة"), Some(3));
        assert_eq!(v("لخمسة"), Some(5));
        assert_eq!(v("كألف"), Some(1000));
        assert_eq!(v("بالألفين"), Some(2000));
        assert_eq!(v("وبالألفين"), Some(2000));
        assert_eq!(v("والثلاثة"), Some(3));
        assert_eq!(v("للعشرين"), Some(20));
        assert_eq!(v("وست"), Some(6));
        assert_eq!(v("الست"), Some(6));
        assert_eq!(v("و30"), Some(30));
        assert_eq!(v("بـ30 قتيلا"), Some(30));
        assert_eq!(read_count("والعشرات"), Some(Quantity::vague(12, 99)));
        assert_eq!(read_count("لآلاف"), Some(Quantity::vague(1_000, 9_999)));
    }

    #[test]
    fn proclitics_that_make_other_words() {
        // Sunday and Monday are not one and two.
        assert_eq!(read_count("يوم الأحد"), None);
        assert_eq!(read_count("يوم الاثنين"), None);
        // «لست» is "I am not"; «بست» is left alone too.
        assert_eq!(read_count("لست متأكدا"), None);
        assert_eq!(read_count("بست"), None);
        // Ordinals are not counts.
        assert_eq!(read_count("الثالث"), None);
        assert_eq!(read_count("الثلاثاء"), None);
    }

    #[test]
    fn compounds_follow_arabic_order() {
        assert_eq!(v("ثلاثة و عشرون"), Some(23));
        assert_eq!(v("ألف و مئتان"), Some(1200));
        assert_eq!(v("ألف وخمسمائة"), Some(1500));
        assert_eq!(v("مئتان وخمسون ألفا"), Some(250_000));
        assert_eq!(v("ثلاثة آلاف وخمسمائة وعشرون"), Some(3520));
        assert_eq!(
            v("مليون ومئتان وأربعة وثلاثون ألفا وخمسمئة وسبعة وستون"),
            Some(1_234_567)
        );
        // Two units, two tens, two hundreds: two numbers, not a sum.
        assert_eq!(v("ثلاثة وأربعة"), Some(3));
        assert_eq!(v("عشرين وثلاثين"), Some(20));
        assert_eq!(v("مئتين وثلاثمئة"), Some(200));
        // A unit after a ten is tolerated.
        assert_eq!(v("عشرون وخمسة"), Some(25));
        // The compound stops at a non-number.
        assert_eq!(v("خمسة وجنود"), Some(5));
        assert_eq!(v("خمسة، وعشرون"), Some(5));
    }

    #[test]
    fn fractions_of_scales() {
        assert_eq!(v("نصف مليون"), Some(500_000));
        assert_eq!(v("ربع مليون"), Some(250_000));
        assert_eq!(v("مليون ونصف"), Some(1_500_000));
        assert_eq!(v("ثلاثة ملايين ونصف"), Some(3_500_000));
        assert_eq!(v("ألف ونصف"), Some(1_500));
        assert_eq!(read_count("نصف السكان"), None);
        assert_eq!(v("خمسة ونصف"), Some(5), "half of no scale is not read");
    }

    #[test]
    fn more_vague_quantities() {
        assert_eq!(
            read_count("عشرات الآلاف"),
            Some(Quantity::vague(12_000, 99_999))
        );
        assert_eq!(
            read_count("ملايين"),
            Some(Quantity::vague(1_000_000, 9_999_999))
        );
        assert_eq!(
            read_count("مئات الملايين"),
            Some(Quantity::vague(100_000_000, 999_999_999))
        );
        assert_eq!(
            read_count("وعشرات الآلاف من النازحين"),
            Some(Quantity::vague(12_000, 99_999))
        );
    }

    #[test]
    fn percentages_are_not_counts() {
        assert_eq!(read_count("30%"), None);
        assert_eq!(read_count("٣٠٪ من السكان"), None);
        assert_eq!(read_count("30 في المئة"), None);
        assert_eq!(read_count("ثلاثون بالمئة"), None);
        assert_eq!(v("30% و20 قتيلا"), Some(20));
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "\u{200F}قُتلَ وَثمانيةُ جنود";
        let found = find_counts(text);
        assert_eq!(found.len(), 1);
        let c = found[0];
        let chars: Vec<char> = text.chars().collect();
        let slice: String = chars[c.start..c.end].iter().collect();
        assert_eq!(slice, "ثمانيةُ");
        assert_eq!(c.quantity, Quantity::exact(8));

        let text = "بلغ عدد القتلى ثلاثة آلاف وخمسمائة، و2.5 مليون نازح";
        let got: Vec<(String, Option<u64>)> = find_counts(text)
            .iter()
            .map(|c| {
                let s: String = text.chars().skip(c.start).take(c.end - c.start).collect();
                (s, c.quantity.value)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("ثلاثة آلاف وخمسمائة".to_owned(), Some(3500)),
                ("2.5 مليون".to_owned(), Some(2_500_000)),
            ]
        );
    }
}
