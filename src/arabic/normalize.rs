//! Arabic orthographic folding for comparison.
//!
//! News text mixes alef forms, Persian letters (ی ک), diacritics, tatweel and
//! three digit scripts. Folding maps them to one form so «الروسیة» and
//! «الروسية», «٢٧» and «27» compare equal. [`fold_with_map`] also returns,
//! for each output character, the input code point it came from, so a match
//! found in folded text is reported at its exact original span.

/// Whether `c` is removed by folding: harakat, tanwin, shadda, sukun, dagger
/// alef, tatweel, and invisible format characters (bidi controls, ZWJ/ZWNJ).
pub fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// The folded form of one character (`None` when it is dropped).
pub fn fold_char(c: char) -> Option<char> {
    if is_ignorable(c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' | 'ي' => 'ي',
        'ک' => 'ك',
        'ۀ' => 'ه',
        'ة' => 'ه',
        '\u{00A0}' => ' ',
        '٠'..='٩' => char::from_u32(c as u32 - '٠' as u32 + '0' as u32).unwrap_or(c),
        '۰'..='۹' => char::from_u32(c as u32 - '۰' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    })
}

/// Folds a string for comparison (teh marbuta folds to heh).
pub fn fold(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

/// Folds `s` and maps each output character back to its input code-point index.
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        if let Some(f) = fold_char(c) {
            out.push(f);
            map.push(i);
        }
    }
    (out, map)
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
}
