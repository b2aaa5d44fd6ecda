//! Reading counts written in Arabic: digits, number words, compounds, duals
//! and vague quantities.
//!
//! No maintained Rust crate parses Arabic number words inside sentences, so
//! this one is ours. It reads what casualty reports use: «ثمانية»، «ألفي»،
//! «30 ألف»، «6,500»، «٢٧»، «ثلاثة آلاف وخمسمائة», and vague words
//! («مئات», «مئات الآلاف») which become bounds (ACLED's conservative low, the
//! largest number the word allows as high) instead of a number.

use super::normalize::fold;

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
    fn exact(n: u64) -> Self {
        Quantity {
            value: Some(n),
            low: Some(n),
            high: Some(n),
        }
    }

    fn vague(low: u64, high: u64) -> Self {
        Quantity {
            value: None,
            low: Some(low),
            high: Some(high),
        }
    }
}

fn unit(w: &str) -> Option<u64> {
    Some(match w {
        "واحد" | "واحده" | "احد" | "احدي" => 1,
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" | "اثنا" | "اثني" | "اثنتا" | "اثنتي" => {
            2
        }
        "ثلاث" | "ثلاثه" => 3,
        "اربع" | "اربعه" => 4,
        "خمس" | "خمسه" => 5,
        "ست" | "سته" => 6,
        "سبع" | "سبعه" => 7,
        "ثمان" | "ثماني" | "ثمانيه" => 8,
        "تسع" | "تسعه" => 9,
        "عشر" | "عشره" => 10,
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

/// Multipliers: (word, factor, counts-as-two).
fn scale(w: &str) -> Option<(u64, bool)> {
    Some(match w {
        "الف" | "الاف" | "الفا" => (1_000, false),
        "الفان" | "الفين" | "الفي" => (1_000, true),
        "مليون" | "ملايين" => (1_000_000, false),
        "مليونان" | "مليونين" | "مليوني" => (1_000_000, true),
        _ => return None,
    })
}

fn vague(w: &str) -> Option<(u64, u64)> {
    // ACLED codes "dozens" as 12 and "hundreds" as 100; the high end is the
    // largest number the word allows (guidelines rule C5).
    Some(match w {
        "عشرات" => (12, 99),
        "مئات" => (100, 999),
        "الاف" => (1_000, 9_999),
        _ => return None,
    })
}

fn digits(w: &str) -> Option<u64> {
    let mut n: u64 = 0;
    let mut seen = false;
    for c in w.chars() {
        match c {
            '0'..='9' => n = n.checked_mul(10)?.checked_add(c as u64 - '0' as u64)?,
            ',' | '٬' => continue,
            _ => return None,
        }
        seen = true;
    }
    seen.then_some(n)
}

/// Strips a proclitic و/ب/ل/ك/ف from a token when the rest reads as a number.
fn strip_clitic<T>(w: &str, f: impl Fn(&str) -> Option<T>) -> Option<T> {
    f(w).or_else(|| {
        let mut cs = w.chars();
        match cs.next() {
            Some('و' | 'ب' | 'ل' | 'ك' | 'ف') => f(cs.as_str()),
            _ => None,
        }
    })
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
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || matches!(c, '،' | '؛' | '(' | ')' | '"' | '“' | '”'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    while i < words.len() {
        if let Some(q) = read_at(&words, i) {
            return Some(q);
        }
        i += 1;
    }
    None
}

fn read_at(words: &[&str], i: usize) -> Option<Quantity> {
    let w = words[i];
    let next = words.get(i + 1).copied().unwrap_or("");
    // Vague: «مئات», «مئات الآلاف», «عشرات الآلاف».
    if let Some((lo, hi)) = strip_clitic(w, vague) {
        if next == "الالاف" || next == "الاف" {
            return Some(Quantity::vague(lo * 1_000, hi * 1_000 + 999));
        }
        return Some(Quantity::vague(lo, hi));
    }
    // Digits, optionally scaled: «30 ألف».
    if let Some(n) = digits(w) {
        if let Some((f, _)) = scale(next) {
            return Some(Quantity::exact(n.saturating_mul(f)));
        }
        return Some(Quantity::exact(n));
    }
    // Words: a run of number words joined by و.
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut j = i;
    let mut any = false;
    while j < words.len() {
        let raw = words[j];
        let w = if any {
            raw.strip_prefix('و')
                .filter(|r| !r.is_empty() && word_value(r).is_some())
                .unwrap_or(raw)
        } else {
            raw
        };
        if let Some((f, two)) = strip_clitic(w, scale) {
            let base = if two {
                2
            } else if current == 0 {
                1
            } else {
                current
            };
            total += base * f;
            current = 0;
        } else if let Some(v) = if any {
            word_value(w)
        } else {
            strip_clitic(w, word_value)
        } {
            // «عشر» after a unit makes a teen: «ثلاثة عشر».
            if v == 10 && current > 0 && current < 10 && (w == "عشر" || w == "عشره") {
                current += 10;
            } else {
                current += v;
            }
        } else {
            break;
        }
        any = true;
        j += 1;
    }
    if any {
        return Some(Quantity::exact(total + current));
    }
    None
}

fn word_value(w: &str) -> Option<u64> {
    unit(w).or_else(|| tens(w)).or_else(|| hundreds(w))
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
}
