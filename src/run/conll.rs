//! Scoring a tagger's CoNLL output against CoNLL gold.
//!
//! Both files are read whole ([`crate::formats::conll`], bounded by
//! [`crate::limits`]), their tags made into chunks ([`crate::formats::iob`])
//! and the chunks scored as entity mentions by the same matchers, count
//! table and report as a JSONL corpus: one gold document per `-DOCSTART-`
//! (or the whole file), so per-document tables, bootstrap intervals, shards
//! and gates work as they do there.
//!
//! A chunk becomes a span over the document's text as the tokens spell it:
//! tokens joined by one space, sentences by a newline, offsets in code
//! points, end exclusive. Spans on that text pair exactly when their tokens
//! do, and the `partial` scheme and `--min-overlap` then measure overlap in
//! characters, as they do on articles.
//!
//! The `strict` scheme's micro and per-type numbers are seqeval 1.2.2's
//! when per-label counts are [`crate::score::PerLabel::Filtered`] (each type
//! alone, as seqeval counts; the command line's default on CoNLL files):
//! `tests/seqeval.rs` replays a fixture made by seqeval in both modes.
//!
//! Only the entity layer exists in a CoNLL file: the report has no events
//! or casualties, and no `set_ref` (no KB refs either). The prediction must
//! hold the gold's tokens in the gold's order with the gold's sentence
//! breaks; the first place they part is an error naming both files' lines.
//! Its `-DOCSTART-` lines may be left out (taggers drop them); if it has
//! any, they must be where the gold's are.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::formats::conll::{self, Prefix, Sentence, TaggedFile};
use crate::formats::iob::{self, Chunk, IobMode};
use crate::report::{self, Coverage, Dataset};
use crate::score::table::CountTable;
use crate::score::{Layer, Mention, score_mentions};

use crate::validate::{Input, STDIN_NAME};

use super::{Outcome, Refusal, Settings, Spec, refused};

/// Scores `spec` (a CoNLL prediction file or standard input, or `gold`
/// for the oracle) against the CoNLL file `gold`, chunking in
/// `settings.options.iob` mode (conlleval when unset; the report records
/// the mode).
pub fn score(gold: &Path, spec: &Spec, settings: &Settings) -> Result<Outcome, Error> {
    if !settings.layers.contains(&Layer::Entities) {
        return Err(Error::Unsupported(format!(
            "{} is a CoNLL file, which holds entity mentions only: the layers asked for ({}) leave nothing to score",
            gold.display(),
            crate::compare::layer_names(&settings.layers)
        )));
    }
    let mode = settings.options.iob.unwrap_or_default();
    let (gold_file, mut gold_problems) = conll::read(gold)?;
    let mut prediction_problems = Report::default();
    let pred_file = match spec {
        Spec::Gold => None,
        Spec::Files(inputs) => match inputs.as_slice() {
            [Input::Path(p)] if conll::is_conll_path(p) && p.is_file() => {
                let (f, r) = conll::read(p)?;
                prediction_problems = r;
                Some(f)
            }
            // Against CoNLL gold, standard input and bytes in memory are
            // read as CoNLL: there is nothing else they could be scored as.
            [Input::Stdin] => {
                let name = Path::new(STDIN_NAME);
                let (f, r) =
                    conll::read_from(name, std::io::stdin().lock(), conll::TagColumns::One)?;
                prediction_problems = r;
                Some(f)
            }
            [Input::Bytes { name, bytes }] => {
                let (f, r) = conll::parse(name, bytes);
                prediction_problems = r;
                Some(f)
            }
            _ => {
                return Err(Error::Unsupported(format!(
                    "CoNLL gold ({}) is scored against one CoNLL prediction file (.{}): --extractor file:PRED.conll",
                    gold.display(),
                    conll::EXTENSIONS.join(", .")
                )));
            }
        },
        Spec::Baseline | Spec::Command(_) => {
            return Err(Error::Unsupported(format!(
                "CoNLL gold ({}) is scored against a CoNLL prediction file (--extractor file:PRED.conll) or itself (gold); the `{}` extractor reads articles, which a CoNLL file does not hold",
                gold.display(),
                spec.name()
            )));
        }
    };
    if mode == IobMode::Strict {
        not_iob2(&gold_file, &mut gold_problems);
    }
    if gold_problems.errors() > 0 {
        return Ok(refused(Refusal::Gold, gold_problems, prediction_problems));
    }
    let pred = pred_file.as_ref().unwrap_or(&gold_file);
    if let Some(p) = &pred_file {
        if mode == IobMode::Strict {
            not_iob2(p, &mut prediction_problems);
        }
        if prediction_problems.errors() == 0 {
            check_alignment(&gold_file, p, &mut prediction_problems);
        }
    }
    if prediction_problems.errors() > 0 {
        return Ok(refused(
            Refusal::Predictions,
            gold_problems,
            prediction_problems,
        ));
    }

    let mut options = settings.options.clone();
    options.iob = Some(mode);
    let n = gold_file.documents.len();
    let slice = settings.shard.map_or(0..n, |s| s.range(n));
    let width = n.to_string().len().max(4);
    let pred_sentences: Vec<&Sentence> = pred.sentences().collect();
    let mut table = CountTable::spilling(crate::score::table::SPILL_ABOVE);
    let mut approximated = 0u64;
    let mut at = 0usize;
    for (i, doc) in gold_file.documents.iter().enumerate() {
        let gold_sentences: Vec<&Sentence> = doc.sentences.iter().collect();
        let from = at;
        at += gold_sentences.len();
        if !slice.contains(&i) {
            continue;
        }
        // Aligned above: the prediction has as many sentences.
        let Some(pred_sentences) = pred_sentences.get(from..at) else {
            continue;
        };
        let text = DocText::new(&gold_sentences);
        let g = mentions(&gold_file, &gold_sentences, &text, mode);
        let p = mentions(pred, pred_sentences, &text, mode);
        let ds = score_mentions(&text.text, &g, &p, &options, false);
        approximated += ds.approximated;
        table.push(format!("doc-{:0width$}", i + 1), &ds);
    }
    table.seal().map_err(Error::Table)?;
    let dataset = Dataset {
        version: None,
        fingerprint: fingerprint(&gold_file),
        documents: n,
    };
    let coverage = Coverage {
        documents: table.rows().len(),
        without_predictions: Vec::new(),
        rejected_records: 0,
        approximated_clusters: approximated,
        without_offsets: [(Layer::Entities.as_str().to_owned(), 0)].into(),
    };
    // Entities only: the report has no event or casualty rows at all.
    let mut report = report::from_table(
        dataset,
        spec.name(),
        &options,
        &[Layer::Entities],
        coverage,
        table,
    )?;
    report.shard = settings.shard;
    Ok(Outcome {
        report: Some(report),
        refused: None,
        gold_problems,
        prediction_problems,
        rejected: 0,
    })
}

/// A document's text as its tokens spell it, and where each token is.
struct DocText {
    text: String,
    /// Per sentence, per token: (start, end) in code points and in bytes.
    at: Vec<Vec<[usize; 4]>>,
}

impl DocText {
    fn new(sentences: &[&Sentence]) -> DocText {
        let mut text = String::new();
        let mut chars = 0usize;
        let mut at = Vec::with_capacity(sentences.len());
        for (k, s) in sentences.iter().enumerate() {
            if k > 0 {
                text.push('\n');
                chars += 1;
            }
            let mut tokens = Vec::with_capacity(s.tokens.len());
            for (j, t) in s.tokens.iter().enumerate() {
                if j > 0 {
                    text.push(' ');
                    chars += 1;
                }
                let (c0, b0) = (chars, text.len());
                text.push_str(&t.text);
                chars += t.text.chars().count();
                tokens.push([c0, chars, b0, text.len()]);
            }
            at.push(tokens);
        }
        DocText { text, at }
    }
}

/// The chunks of `sentences` (tags of `file`) as mentions over `text`.
fn mentions<'a>(
    file: &'a TaggedFile,
    sentences: &[&Sentence],
    text: &'a DocText,
    mode: IobMode,
) -> Vec<Mention<'a>> {
    let mut out = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        let tags: Vec<conll::Tag> = s.tokens.iter().map(|t| t.tag).collect();
        // E-/S- under strict mode were refused before scoring.
        let chunks = iob::chunks(&tags, mode).unwrap_or_default();
        for Chunk { start, end, ty } in chunks {
            let (Some(first), Some(last)) = (
                text.at.get(k).and_then(|t| t.get(start)),
                text.at.get(k).and_then(|t| t.get(end.wrapping_sub(1))),
            ) else {
                continue;
            };
            out.push(Mention {
                span: Some((first[0], last[1])),
                label: file.types().get(ty as usize).map_or("", String::as_str),
                text: text.text.get(first[2]..last[3]).unwrap_or(""),
                r#ref: None,
            });
        }
    }
    out
}

/// Errors for the `E-` and `S-` tags of `file`, which strict IOB2 refuses.
fn not_iob2(file: &TaggedFile, report: &mut Report) {
    let mut found = 0usize;
    for t in file.sentences().flat_map(|s| &s.tokens) {
        if !matches!(t.tag.prefix, Prefix::E | Prefix::S) {
            continue;
        }
        found += 1;
        if found > conll::MAX_PROBLEMS {
            continue;
        }
        report.push(
            Diagnostic::error(
                &file.path,
                Some(t.line),
                "tag",
                "iob2-tag",
                format!(
                    "`{}` is not an IOB2 tag: --iob strict (seqeval's strict IOB2) has no E- or S- tags",
                    file.tag_text(t.tag)
                ),
            )
            .with_hint("--iob conlleval reads IOBES tags by conlleval's rules, or convert the file to IOB2 (S- to B-, E- to I-)"),
        );
    }
    if found > conll::MAX_PROBLEMS {
        report.push(Diagnostic::error(
            &file.path,
            None,
            "tag",
            "iob2-tag",
            format!("{} more E- or S- tags", found - conll::MAX_PROBLEMS),
        ));
    }
    report.sort();
}

/// Where `pred` first parts from `gold`'s tokens, sentence breaks or
/// document breaks, as one error (what follows a first difference is
/// noise).
pub fn check_alignment(gold: &TaggedFile, pred: &TaggedFile, report: &mut Report) {
    let g: Vec<&Sentence> = gold.sentences().collect();
    let p: Vec<&Sentence> = pred.sentences().collect();
    let gp = gold.path.display();
    let hint = "the prediction must hold the gold's tokens, in order, with the same blank lines between sentences";
    let err = |line: Option<usize>, pointer: &str, msg: String| {
        Diagnostic::error(&pred.path, line, pointer, "conll-mismatch", msg).with_hint(hint)
    };
    for (k, (gs, ps)) in g.iter().zip(&p).enumerate() {
        for (gt, pt) in gs.tokens.iter().zip(&ps.tokens) {
            if gt.text != pt.text {
                report.push(err(
                    Some(pt.line),
                    "token",
                    format!(
                        "token «{}» is not the gold's «{}» ({gp}:{})",
                        pt.text, gt.text, gt.line
                    ),
                ));
                return;
            }
        }
        if ps.tokens.len() < gs.tokens.len() {
            let (last, next) = (ps.tokens.last(), &gs.tokens[ps.tokens.len()]);
            report.push(err(
                last.map(|t| t.line),
                "sentence",
                format!(
                    "sentence {} ends here; in the gold it goes on with «{}» ({gp}:{})",
                    k + 1,
                    next.text,
                    next.line
                ),
            ));
            return;
        }
        if ps.tokens.len() > gs.tokens.len() {
            let extra = &ps.tokens[gs.tokens.len()];
            let end = gs.tokens.last().map_or(0, |t| t.line);
            report.push(err(
                Some(extra.line),
                "token",
                format!(
                    "token «{}» is past the end of the gold's sentence {} ({gp}:{end})",
                    extra.text,
                    k + 1
                ),
            ));
            return;
        }
    }
    if p.len() < g.len() {
        let next = g[p.len()].tokens.first().map_or(0, |t| t.line);
        report.push(err(
            p.last().and_then(|s| s.tokens.last()).map(|t| t.line),
            "sentence",
            format!(
                "the file ends here, after sentence {}; the gold has {} (sentence {} at {gp}:{next})",
                p.len(),
                g.len(),
                p.len() + 1
            ),
        ));
        return;
    }
    if p.len() > g.len() {
        let first = p[g.len()].tokens.first().map(|t| t.line);
        report.push(err(
            first,
            "sentence",
            format!(
                "sentence {} is past the gold's last ({} sentences)",
                g.len() + 1,
                g.len()
            ),
        ));
        return;
    }
    if pred.has_docstart {
        let starts = |f: &TaggedFile| -> Vec<(usize, Option<usize>)> {
            let mut at = 0;
            f.documents
                .iter()
                .map(|d| {
                    let s = at;
                    at += d.sentences.len();
                    (s, d.line)
                })
                .collect()
        };
        let (gd, pd) = (starts(gold), starts(pred));
        if gd.len() != pd.len() {
            report.push(err(
                None,
                "document",
                format!(
                    "{} documents; the gold has {} (leave -DOCSTART- lines out, or put them where the gold has them)",
                    pd.len(),
                    gd.len()
                ),
            ));
            return;
        }
        for (k, (a, b)) in gd.iter().zip(&pd).enumerate() {
            if a.0 != b.0 {
                report.push(err(
                    b.1,
                    "document",
                    format!(
                        "document {} starts after sentence {}; in the gold after sentence {} ({gp}:{})",
                        k + 1,
                        b.0,
                        a.0,
                        a.1.unwrap_or(0)
                    ),
                ));
                return;
            }
        }
    }
}

/// The gold's identity: its documents, sentences, tokens and tags, whatever
/// the separators, line endings or `-DOCSTART-` columns.
fn fingerprint(file: &TaggedFile) -> String {
    let mut h = Sha256::new();
    for d in &file.documents {
        h.update(b"\x1cD\n");
        for s in &d.sentences {
            h.update(b"\x1dS\n");
            for t in &s.tokens {
                h.update(t.text.as_bytes());
                h.update(b"\t");
                h.update(file.tag_text(t.tag).as_bytes());
                h.update(b"\n");
            }
        }
    }
    crate::article::hex(&h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> TaggedFile {
        let (f, r) = conll::parse(Path::new(name), text.as_bytes());
        assert_eq!(r.errors(), 0, "{}", r.render_text());
        f
    }

    fn mismatch(gold: &str, pred: &str) -> String {
        let mut r = Report::default();
        check_alignment(&file("g.conll", gold), &file("p.conll", pred), &mut r);
        r.diagnostics
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_first_difference_is_named_in_both_files() {
        let g = "a O\nb O\n\nc O\n";
        assert_eq!(mismatch(g, g), "");
        assert_eq!(
            mismatch(g, "a O\nb O\nc O\n"),
            "p.conll:3: token: error[conll-mismatch]: token «c» is past the end of the gold's sentence 1 (g.conll:2)"
        );
        assert_eq!(
            mismatch(g, "a O\nx O\n\nc O\n"),
            "p.conll:2: token: error[conll-mismatch]: token «x» is not the gold's «b» (g.conll:2)"
        );
        assert_eq!(
            mismatch(g, "a O\n\nb O\n\nc O\n"),
            "p.conll:1: sentence: error[conll-mismatch]: sentence 1 ends here; in the gold it goes on with «b» (g.conll:2)"
        );
        assert_eq!(
            mismatch(g, "a O\nb O\n"),
            "p.conll:2: sentence: error[conll-mismatch]: the file ends here, after sentence 1; the gold has 2 (sentence 2 at g.conll:4)"
        );
        assert_eq!(
            mismatch(g, "a O\nb O\n\nc O\n\nd O\n"),
            "p.conll:6: sentence: error[conll-mismatch]: sentence 3 is past the gold's last (2 sentences)"
        );
    }

    #[test]
    fn document_breaks_may_be_left_out_but_not_moved() {
        let g = "-DOCSTART-\na O\n\n-DOCSTART-\nb O\n";
        assert_eq!(mismatch(g, "a O\n\nb O\n"), "");
        assert_eq!(
            mismatch(g, "-DOCSTART-\na O\n\nb O\n-DOCSTART-\n"),
            "p.conll:5: document: error[conll-mismatch]: document 2 starts after sentence 2; in the gold after sentence 1 (g.conll:4)"
        );
        assert!(mismatch(g, "-DOCSTART-\na O\n\nb O\n").contains("1 documents; the gold has 2"));
    }

    #[test]
    fn chunks_become_spans_over_the_tokens_text() {
        let f = file(
            "g.conll",
            "قال O\nإلهام B-PER\nعلييف I-PER\n\nفي O\nباكو B-LOC\n",
        );
        let sentences: Vec<&Sentence> = f.sentences().collect();
        let text = DocText::new(&sentences);
        assert_eq!(text.text, "قال إلهام علييف\nفي باكو");
        let ms = mentions(&f, &sentences, &text, IobMode::Conlleval);
        let got: Vec<_> = ms.iter().map(|m| (m.span, m.label, m.text)).collect();
        assert_eq!(
            got,
            vec![
                (Some((4, 15)), "PER", "إلهام علييف"),
                (Some((19, 23)), "LOC", "باكو")
            ]
        );
    }
}
