//! Casualty figures: a count, a casualty or victim noun, a casualty word.
//!
//! Patterns, in the order they are tried for each count the number reader
//! finds:
//!
//! 1. count + casualty noun: «200 قتيل», «عشرات الجرحى»;
//! 2. count + victim noun, with a casualty word in the sentence within a few
//!    tokens before («قتل ثمانية جنود», «أسفر عن مقتل 5 مدنيين») or after
//!    («5 جنود قتلوا»);
//! 3. a casualty word right before a bare count: «مقتل 3 وإصابة 5».
//!
//! A qualifier right before the count («أكثر من», «نحو») sets the bounds
//! and starts the span; one after the phrase («على الأقل») sets them only.
//! A dual casualty noun («قتيلان») is a count of two. Anything else a number
//! counts — days, dollars, tanks, a rank — has neither noun and is skipped.

use crate::arabic::numbers::{Quantity, find_counts, implied_count};
use crate::record::{Casualty, Count, Victims};
use crate::validate::expected_bounds;
use crate::vocab::{CasualtyCategory, Qualifier, VictimGroup};

use super::{Baseline, Tokens};

/// How far (in tokens) a casualty word may stand from the count.
const WINDOW_BEFORE: usize = 5;
const WINDOW_AFTER: usize = 3;

/// The count a qualifier and a quantity make. The bounds are the ones rule
/// C4 derives, computed by the validator's own [`expected_bounds`] so the
/// baseline cannot emit a count validation rejects («أكثر من N» with N the
/// largest count saturates instead of overflowing).
fn bounds(q: Qualifier, quantity: Quantity) -> Count {
    let mut count = Count {
        value: quantity.value,
        qualifier: if quantity.value.is_none() {
            Qualifier::Vague
        } else {
            q
        },
        low: quantity.low,
        high: quantity.high,
    };
    if let Some((low, high)) = expected_bounds(&count) {
        (count.low, count.high) = (low, high);
    }
    count
}

struct Found {
    start: usize,
    end: usize,
    category: CasualtyCategory,
    count: Count,
    group: VictimGroup,
}

/// The casualty word (verb role) nearest to tokens `[from, to)` within the
/// window, in the same sentence.
fn casualty_word_near(
    b: &Baseline,
    t: &Tokens<'_>,
    from: usize,
    to: usize,
) -> Option<CasualtyCategory> {
    let sent = t.sentence.get(from).copied()?;
    let before = (from.saturating_sub(WINDOW_BEFORE)..from).rev();
    let after = to..(to + WINDOW_AFTER).min(t.tokens.len());
    for i in before.chain(after) {
        if t.sentence[i] != sent {
            continue;
        }
        if let Some(h) = b.casualty_words.match_at(&t.tokens, &t.folded, i) {
            return Some(h.value.0);
        }
    }
    None
}

pub(super) fn find(b: &Baseline, doc: &str, t: &Tokens<'_>) -> Vec<Casualty> {
    let mut found: Vec<Found> = Vec::new();
    for c in find_counts(t.text) {
        let first = t.tokens.partition_point(|x| x.end <= c.start);
        let next = t.index_at(c.end);
        if first >= t.tokens.len() {
            continue;
        }
        let noun = b
            .casualty_words
            .match_at(&t.tokens, &t.folded, next)
            .filter(|h| h.value.1);
        let victim = b.victims.match_at(&t.tokens, &t.folded, next);
        let (category, group, end) = if let Some(h) = noun {
            let group = b
                .victims
                .match_at(&t.tokens, &t.folded, h.last)
                .map_or(VictimGroup::Unknown, |v| *v.value);
            (h.value.0, group, h.end)
        } else if let Some(v) = victim {
            match casualty_word_near(b, t, first, v.last) {
                Some(cat) => (cat, *v.value, v.end),
                None => continue,
            }
        } else {
            // «مقتل 3 وإصابة 5»: a casualty word right before a bare count,
            // and nothing counted after it.
            let adjacent = (first.saturating_sub(3)..first).rev().find_map(|i| {
                b.casualty_words
                    .match_at(&t.tokens, &t.folded, i)
                    .filter(|h| h.last == first)
            });
            let bare = t.tokens.get(next).is_none_or(|x| {
                x.kind != crate::arabic::tokenize::TokenKind::Word
                    || b.casualty_words
                        .match_at(&t.tokens, &t.folded, next)
                        .is_some()
            });
            match adjacent {
                Some(h) if bare => (h.value.0, VictimGroup::Unknown, c.end),
                _ => continue,
            }
        };
        // A qualifier ending right where the count starts.
        let mut start = c.start;
        let mut qualifier = Qualifier::Exact;
        for i in first.saturating_sub(4)..first {
            if let Some(q) = b
                .qualifiers
                .match_at(&t.tokens, &t.folded, i)
                .filter(|h| h.last == first)
            {
                qualifier = *q.value;
                start = q.start;
                break;
            }
        }
        if qualifier == Qualifier::Exact {
            let after = t.index_at(end);
            if let Some(q) = b.qualifiers.match_at(&t.tokens, &t.folded, after)
                && *q.value == Qualifier::AtLeast
            {
                qualifier = Qualifier::AtLeast;
            }
        }
        found.push(Found {
            start,
            end,
            category,
            count: bounds(qualifier, c.quantity),
            group,
        });
    }
    // Duals: «قتيلان», «جريحين» stand for two without a number word.
    for (i, tok) in t.tokens.iter().enumerate() {
        if found
            .iter()
            .any(|f| f.start <= tok.start && tok.start < f.end)
        {
            continue;
        }
        let Some(h) = b
            .casualty_words
            .match_at(&t.tokens, &t.folded, i)
            .filter(|h| h.value.1 && h.last == i + 1)
        else {
            continue;
        };
        if implied_count(tok.text) == Some(2) {
            found.push(Found {
                start: h.start,
                end: h.end,
                category: h.value.0,
                count: bounds(Qualifier::Exact, Quantity::exact(2)),
                group: VictimGroup::Unknown,
            });
        }
    }
    found.sort_by_key(|f| (f.start, f.end));
    found.dedup_by_key(|f| (f.start, f.end));
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| Casualty {
            doc: doc.to_owned(),
            id: Some(format!("c{}", i + 1)),
            start: Some(f.start),
            end: Some(f.end),
            text: t.slice(f.start, f.end),
            category: f.category,
            count: f.count,
            victims: Some(Victims {
                group: f.group,
                side: None,
            }),
            source: None,
            event: None,
            scope: None,
        })
        .collect()
}
