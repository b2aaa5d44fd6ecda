//! The Markdown report: a pull-request comment or a README section.

use super::text::{
    Footnote, LABEL_HEAD, count_cells, doc_table, header, label_rows, layers, notes, primary,
    scheme_cells, value_cells,
};
use super::{MICRO, ScoreReport};
use crate::score::Layer;

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// The footnote of the table above, as its own paragraph.
fn footnote(s: &mut String, note: &Footnote) {
    if let Some(l) = note.line() {
        s.push_str(&format!("\n{l}\n"));
    }
}

fn rule(n: usize, first_left: bool) -> String {
    let mut cells = vec![if first_left { ":--" } else { "--:" }.to_string()];
    cells.extend((1..n).map(|_| "--:".to_string()));
    row(&cells)
}

/// Renders the report as GitHub-flavoured Markdown. Errors when the
/// documents cannot be read back ([`super::Documents`]).
pub fn to_markdown(r: &ScoreReport) -> std::io::Result<String> {
    let mut s = String::from("### hudna score\n\n");
    for h in header(r) {
        s.push_str(&format!("{h}  \n"));
    }
    for n in notes(r) {
        s.push_str(&format!("\n> **Note:** {n}\n"));
    }
    let head: Vec<String> = [
        "layer",
        "scheme",
        "gold",
        "pred",
        "correct",
        "incorrect",
        "partial",
        "missed",
        "spurious",
        "P",
        "R",
        "F1",
        "F1 95% CI",
        "macro F1",
    ]
    .map(String::from)
    .to_vec();
    s.push('\n');
    s.push_str(&row(&head));
    s.push_str(&rule(head.len(), true).replacen("--:", ":--", 1));
    let mut note = Footnote::default();
    for layer in layers(r) {
        for scheme in layer.schemes() {
            let Some(m) = r.row(layer, scheme, MICRO) else {
                continue;
            };
            let mut cells = vec![layer.as_str().to_string(), format!("`{scheme}`")];
            cells.extend(count_cells(m));
            let mut ratios = scheme_cells(r, m, &mut note);
            ratios[2] = format!("**{}**", ratios[2]);
            cells.extend(ratios);
            s.push_str(&row(&cells));
        }
    }
    footnote(&mut s, &note);
    if layers(r).contains(&Layer::Casualties) {
        let mut note = Footnote::default();
        let (matched, exact, mae) = value_cells(r, &mut note);
        s.push_str(&format!(
            "\nCasualty claims matched: {matched}; exact value {exact}; mean absolute error {mae}.\n"
        ));
        footnote(&mut s, &note);
    }
    s.push_str("\n<details><summary>Per label and per document</summary>\n");
    for (layer, scheme) in primary(r) {
        s.push_str(&format!("\n**{}.{}**\n\n", layer.as_str(), scheme));
        let mut head = LABEL_HEAD.map(String::from);
        head[3] = "correct".into();
        s.push_str(&row(&head));
        s.push_str(&rule(head.len(), true));
        let mut note = Footnote::default();
        for mut cells in label_rows(r, layer, scheme, &mut note) {
            cells[0] = format!("`{}`", cells[0]);
            s.push_str(&row(&cells));
        }
        footnote(&mut s, &note);
    }
    s.push_str("\n**Per document: F1 (correct/gold)**\n\n");
    let mut note = Footnote::default();
    let (head, body) = doc_table(r, &mut note)?;
    s.push_str(&row(&head));
    s.push_str(&rule(head.len(), true));
    for mut cells in body {
        cells[0] = format!("`{}`", cells[0]);
        s.push_str(&row(&cells));
    }
    footnote(&mut s, &note);
    s.push_str("\n</details>\n");
    Ok(s)
}
