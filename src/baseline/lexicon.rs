//! Longest-match phrase lookup over tokens, on folded text, with proclitics.
//!
//! Lexicon entries are folded once when loaded; a text is tokenized once.
//! At each token the longest phrase that matches wins, trying the token's
//! proclitic-stripped stems ([`stems`]) for the first word, so «وأذربيجان»
//! and «بالأمم المتحدة» are found and reported without the proclitic.

use std::collections::HashMap;

use crate::arabic::normalize::fold;
use crate::arabic::tokenize::{Token, TokenKind, stems};

/// A phrase lexicon: folded phrase → value.
#[derive(Debug, Clone)]
pub struct Lexicon<T> {
    entries: HashMap<String, T>,
    max_words: usize,
}

/// A lexicon match.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'l, T> {
    /// First token index.
    pub first: usize,
    /// One past the last token index.
    pub last: usize,
    /// Code-point start in the text (after any proclitic).
    pub start: usize,
    /// Code-point end in the text.
    pub end: usize,
    /// The folded phrase that matched.
    pub phrase: &'l str,
    /// Its value.
    pub value: &'l T,
}

/// Parses a TSV resource: `#` comments and blank lines skipped, fields split
/// on tabs. Resources are compiled in, so a malformed line is a bug that the
/// baseline's tests catch; it is skipped rather than panicking at run time.
pub fn tsv(data: &str, fields: usize) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
        .filter(move |f| f.len() == fields && !f[0].is_empty())
}

/// Folds a phrase the way texts are folded, whitespace collapsed.
pub fn key(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<T> Lexicon<T> {
    /// Builds a lexicon; on duplicate phrases the first entry wins.
    pub fn new(items: impl IntoIterator<Item = (String, T)>) -> Self {
        let mut entries = HashMap::new();
        let mut max_words = 1;
        for (k, v) in items {
            max_words = max_words.max(k.split(' ').count());
            entries.entry(k).or_insert(v);
        }
        Lexicon { entries, max_words }
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it has no phrase.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of a folded phrase.
    pub fn get(&self, phrase: &str) -> Option<&T> {
        self.entries.get(phrase)
    }

    /// The longest match starting at token `i`, if any. Multiword matches
    /// never cross punctuation. Past the last token (callers ask for "the
    /// token after" a count that ends the text) there is no match.
    pub fn match_at(
        &self,
        tokens: &[Token<'_>],
        folded: &[String],
        i: usize,
    ) -> Option<Hit<'_, T>> {
        // `folded` is `tokens` folded one for one; the shorter bounds both.
        let len = tokens.len().min(folded.len());
        if i >= len || tokens[i].kind == TokenKind::Punct {
            return None;
        }
        let mut n = 0;
        while n < self.max_words && i + n < len && tokens[i + n].kind != TokenKind::Punct {
            n += 1;
        }
        for k in (1..=n).rev() {
            let rest: Vec<&str> = folded[i + 1..i + k].iter().map(String::as_str).collect();
            for stem in stems(tokens[i].text) {
                let first = key(stem.text);
                let join = |head: &str| {
                    if rest.is_empty() {
                        head.to_owned()
                    } else {
                        format!("{head} {}", rest.join(" "))
                    }
                };
                let mut found = self
                    .entries
                    .get_key_value(&join(&first))
                    .map(|kv| (kv, stem.start));
                if found.is_none() && stem.proclitics.ends_with("لل") {
                    // «للأمم» is ل + الأمم with the article's alef elided:
                    // the span keeps the article's lam.
                    found = self
                        .entries
                        .get_key_value(&join(&format!("ال{first}")))
                        .map(|kv| (kv, stem.start.saturating_sub(1)));
                }
                if let Some(((p, v), offset)) = found {
                    return Some(Hit {
                        first: i,
                        last: i + k,
                        start: tokens[i].start + offset,
                        end: tokens[i + k - 1].end,
                        phrase: p,
                        value: v,
                    });
                }
            }
        }
        None
    }

    /// All non-overlapping longest matches, left to right.
    pub fn find_all(&self, tokens: &[Token<'_>], folded: &[String]) -> Vec<Hit<'_, T>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.match_at(tokens, folded, i) {
                Some(h) => {
                    i = h.last;
                    out.push(h);
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::tokenize::tokenize;

    #[test]
    fn longest_match_with_proclitics() {
        let lex = Lexicon::new([
            (key("الأمم المتحدة"), "ORG"),
            (key("الأمم"), "X"),
            (key("أذربيجان"), "GPE"),
        ]);
        let text = "دعت للأمم المتحدة ووأذربيجان، وأذربيجان";
        let tokens = tokenize(text);
        let folded: Vec<String> = tokens.iter().map(|t| key(t.text)).collect();
        let hits = lex.find_all(&tokens, &folded);
        let got: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| {
                (
                    *h.value,
                    &text[text.char_indices().nth(h.start).unwrap().0
                        ..text.char_indices().nth(h.end).map_or(text.len(), |x| x.0)],
                )
            })
            .collect();
        assert_eq!(got, [("ORG", "لأمم المتحدة"), ("GPE", "أذربيجان")]);
    }

    #[test]
    fn no_match_past_the_last_token() {
        // The casualty rules ask for the token after a count; when the count
        // ends the text that index is one past the end (issue #13).
        let lex = Lexicon::new([(key("أشخاص"), ())]);
        let tokens = tokenize("قتل 5");
        let folded: Vec<String> = tokens.iter().map(|t| key(t.text)).collect();
        assert_eq!(lex.match_at(&tokens, &folded, tokens.len()), None);
        assert_eq!(lex.match_at(&tokens, &folded, usize::MAX), None);
        assert_eq!(lex.match_at(&[], &[], 0), None);
    }
}
