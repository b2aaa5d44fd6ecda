//! Chunking: which runs of tags make an entity.
//!
//! Two modes, the two that seqeval 1.2.2 offers and that published NER
//! scores are computed with:
//!
//! - [`IobMode::Conlleval`] (seqeval's default, the rules of CoNLL-2000's
//!   `conlleval.pl`): lenient. An `I-` after `O` or after another type opens
//!   a chunk; a change of type closes one and opens the next; `E-` and `S-`
//!   (IOBES) are read too. A chunk ends when the next tag is `O`, `B-` or
//!   `S-`, after an `E-` or `S-`, or when the type changes.
//! - [`IobMode::Strict`] (seqeval `mode='strict', scheme=IOB2`): a chunk is
//!   a `B-X` and the `I-X` right after it, nothing else. An `I-` without its
//!   `B-` belongs to no chunk, and `E-`/`S-` are errors (IOB2 has none;
//!   seqeval raises `ValueError`).
//!
//! Chunks never cross a sentence boundary in either mode: the reader ends
//! every sentence, as seqeval puts an `O` between the sentences it is given.
//! The rules here are restated from seqeval's documented behaviour and
//! checked against seqeval itself on hundreds of cases
//! (`tests/fixtures/seqeval/`).

use serde::{Deserialize, Serialize};

use super::conll::{Prefix, Tag};

/// How tags make chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IobMode {
    /// conlleval's rules, seqeval's default mode.
    #[default]
    Conlleval,
    /// seqeval's strict IOB2 mode.
    Strict,
}

impl IobMode {
    /// The name on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            IobMode::Conlleval => "conlleval",
            IobMode::Strict => "strict",
        }
    }
}

/// A chunk: tokens `start..end` of a sentence (end exclusive), of type `ty`
/// (an index into the file's types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Chunk {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Type index.
    pub ty: u32,
}

/// The chunks of one sentence's tags, in order. In strict mode an `E-` or
/// `S-` tag is `Err` with its position.
pub fn chunks(tags: &[Tag], mode: IobMode) -> Result<Vec<Chunk>, usize> {
    match mode {
        IobMode::Conlleval => Ok(conlleval(tags)),
        IobMode::Strict => strict(tags),
    }
}

/// Whether the chunk open before `cur` ends there (`prev` is not `O`).
fn ends(prev: Tag, cur: Tag) -> bool {
    use Prefix::*;
    match (prev.prefix, cur.prefix) {
        (E | S, _) => true,
        (B | I, B | S | O) => true,
        _ => cur.prefix == O || prev.ty != cur.ty,
    }
}

/// Whether a chunk opens at `cur`.
fn starts(prev: Tag, cur: Tag) -> bool {
    use Prefix::*;
    match (prev.prefix, cur.prefix) {
        (_, O) => false,
        (_, B | S) => true,
        (E | S | O, I | E) => true,
        _ => prev.ty != cur.ty,
    }
}

fn conlleval(tags: &[Tag]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<(usize, u32)> = None;
    let mut prev = Tag::O;
    // One `O` past the end closes the last chunk.
    for (i, &cur) in tags.iter().chain(std::iter::once(&Tag::O)).enumerate() {
        if prev.prefix != Prefix::O
            && ends(prev, cur)
            && let Some((start, ty)) = open.take()
        {
            out.push(Chunk { start, end: i, ty });
        }
        if starts(prev, cur) {
            // A chunk is open exactly when the previous tag is not `O`,
            // and every rule that opens one after a non-`O` tag also
            // closes the one before: nothing is open here.
            open = Some((i, cur.ty));
        }
        prev = cur;
    }
    out
}

fn strict(tags: &[Tag]) -> Result<Vec<Chunk>, usize> {
    if let Some(i) = tags
        .iter()
        .position(|t| matches!(t.prefix, Prefix::E | Prefix::S))
    {
        return Err(i);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if tags[i].prefix != Prefix::B {
            i += 1;
            continue;
        }
        let ty = tags[i].ty;
        let mut end = i + 1;
        while end < tags.len() && tags[end].prefix == Prefix::I && tags[end].ty == ty {
            end += 1;
        }
        out.push(Chunk { start: i, end, ty });
        i = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tags from `B-0 I-1 O …` (types are digits).
    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace()
            .map(|t| {
                let (p, ty) = t.split_once('-').unwrap_or((t, "0"));
                let prefix = match p {
                    "B" => Prefix::B,
                    "I" => Prefix::I,
                    "E" => Prefix::E,
                    "S" => Prefix::S,
                    _ => Prefix::O,
                };
                if prefix == Prefix::O {
                    Tag::O
                } else {
                    Tag {
                        prefix,
                        ty: ty.parse().unwrap(),
                    }
                }
            })
            .collect()
    }

    fn spans(s: &str, mode: IobMode) -> Vec<(usize, usize, u32)> {
        chunks(&tags(s), mode)
            .unwrap()
            .into_iter()
            .map(|c| (c.start, c.end, c.ty))
            .collect()
    }

    #[test]
    fn plain_iob2_is_read_alike() {
        let s = "B-0 I-0 O B-1 B-1 I-1 O";
        let want = vec![(0, 2, 0), (3, 4, 1), (4, 6, 1)];
        assert_eq!(spans(s, IobMode::Conlleval), want);
        assert_eq!(spans(s, IobMode::Strict), want);
    }

    #[test]
    fn i_without_b() {
        assert_eq!(spans("O I-0 I-0 O", IobMode::Conlleval), vec![(1, 3, 0)]);
        assert_eq!(spans("O I-0 I-0 O", IobMode::Strict), vec![]);
        assert_eq!(spans("I-0", IobMode::Conlleval), vec![(0, 1, 0)]);
    }

    #[test]
    fn a_type_switch_inside_a_chunk() {
        assert_eq!(
            spans("B-0 I-1 I-1", IobMode::Conlleval),
            vec![(0, 1, 0), (1, 3, 1)]
        );
        assert_eq!(spans("B-0 I-1 I-1", IobMode::Strict), vec![(0, 1, 0)]);
        assert_eq!(spans("B-0 I-0 I-1 I-0", IobMode::Strict), vec![(0, 2, 0)]);
    }

    #[test]
    fn iobes_in_conlleval_mode_and_an_error_in_strict() {
        assert_eq!(
            spans("S-0 B-0 E-0 E-0 I-0 O E-1", IobMode::Conlleval),
            vec![(0, 1, 0), (1, 3, 0), (3, 4, 0), (4, 5, 0), (6, 7, 1)]
        );
        assert_eq!(chunks(&tags("O B-0 E-0"), IobMode::Strict), Err(2));
        assert_eq!(chunks(&tags("S-0"), IobMode::Strict), Err(0));
    }

    #[test]
    fn empty_and_all_o() {
        for mode in [IobMode::Conlleval, IobMode::Strict] {
            assert_eq!(spans("", mode), vec![]);
            assert_eq!(spans("O O O", mode), vec![]);
        }
    }
}
