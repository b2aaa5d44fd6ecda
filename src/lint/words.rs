//! Word lookup shared by the rule checks: tokens of an article with the
//! folded forms of every way to read them behind their proclitics.
//!
//! The checks look words up in small lexicons written in folded form
//! («وساطه», «اعلنت»), so «بوساطة», «الوساطة» and «وساطةٌ» all hit «وساطه».
//! [`proclitic_splits`] proposes every split without judging it: a lexicon
//! lookup is the filter, and short words («وحث» → «حث») must not be lost to
//! the plausibility rule [`crate::arabic::tokenize::stems`] applies.

use crate::arabic::normalize::fold;
use crate::arabic::tokenize::{Token, TokenKind, proclitic_splits, tokenize};

/// One token with its folded readings.
#[derive(Debug, Clone)]
pub(super) struct Word<'a> {
    /// The token as written, with its code-point span.
    pub tok: Token<'a>,
    /// `(code-point offset of the reading in the text, folded reading)`,
    /// the whole token first; empty for punctuation and numbers.
    pub readings: Vec<(usize, String)>,
    /// How many readings take off only a conjunction (و ف) or nothing: the
    /// readings a verb can have («وحث» is و + «حث», but «بحث» is a word, not
    /// ب + «حث»). They come first because the split table is ordered by
    /// length and the conjunctions are its one-letter head.
    verb_readings: usize,
}

impl Word<'_> {
    /// Where the first reading found in `lexicon` starts, if any.
    pub fn find(&self, lexicon: &[&str]) -> Option<usize> {
        self.readings
            .iter()
            .find(|(_, r)| lexicon.contains(&r.as_str()))
            .map(|(at, _)| *at)
    }

    /// Whether some reading is in `lexicon`.
    pub fn is(&self, lexicon: &[&str]) -> bool {
        self.find(lexicon).is_some()
    }

    /// Like [`Word::find`] for a verb lexicon: only the token itself or the
    /// token without a conjunction is looked up, since prepositions and the
    /// article do not attach to verbs.
    pub fn find_verb(&self, lexicon: &[&str]) -> Option<usize> {
        self.readings[..self.verb_readings]
            .iter()
            .find(|(_, r)| lexicon.contains(&r.as_str()))
            .map(|(at, _)| *at)
    }

    /// All readings as a verb (see [`Word::find_verb`]).
    pub fn verb_readings(&self) -> &[(usize, String)] {
        &self.readings[..self.verb_readings]
    }

    /// Whether the token is the punctuation mark `p`.
    pub fn is_punct(&self, p: &[&str]) -> bool {
        self.tok.kind == TokenKind::Punct && p.contains(&self.tok.text)
    }
}

/// Every token of `text` with its folded readings.
pub(super) fn words(text: &str) -> Vec<Word<'_>> {
    tokenize(text)
        .into_iter()
        .map(|tok| {
            let splits = if tok.kind == TokenKind::Word {
                proclitic_splits(tok.text)
            } else {
                Vec::new()
            };
            let verb_readings = splits
                .iter()
                .filter(|s| matches!(s.proclitics.as_str(), "" | "و" | "ف"))
                .count();
            let readings = splits
                .into_iter()
                .map(|s| (tok.start + s.start, fold(s.text)))
                .collect();
            Word {
                tok,
                readings,
                verb_readings,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_fold_and_strip_proclitics() {
        let w = words("بوساطةٍ وحثّ");
        assert_eq!(w[0].find(&["وساطه"]), Some(1));
        assert!(w[1].is(&["حث"]), "a two-letter stem after و is still read");
        assert_eq!(w[1].find_verb(&["حث"]), Some(9), "after «بوساطةٍ » and «و»");
        assert!(!w[1].is(&["وساطه"]));
        let bahth = words("بحث");
        assert!(
            bahth[0].is(&["حث"]),
            "as a noun reading, ب + «حث» is proposed"
        );
        assert_eq!(bahth[0].find_verb(&["حث"]), None, "but a verb takes no ب");
    }
}
