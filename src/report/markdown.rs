//! The Markdown report: a pull-request comment or a README section.

use super::text::{
    LABEL_HEAD, ci, count_cells, doc_table, f3, header, label_rows, layers, notes, primary,
};
use super::{MACRO, MICRO, ScoreReport};
use crate::score::Layer;

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn rule(n: usize, first_left: bool) -> String {
    let mut cells = vec![if first_left { ":--" } else { "--:" }.to_string()];
    cells.extend((1..n).map(|_| "--:".to_string()));
    row(&cells)
}

/// Renders the report as GitHub-flavoured Markdown.
pub fn to_markdown(r: &ScoreReport) -> String {
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
    for layer in layers(r) {
        for scheme in layer.schemes() {
            let Some(m) = r.row(layer, scheme, MICRO) else {
                continue;
            };
            let mac = r.row(layer, scheme, MACRO).map_or("—".into(), |x| f3(x.f1));
            let mut cells = vec![layer.as_str().to_string(), format!("`{scheme}`")];
            cells.extend(count_cells(m));
            cells.extend([
                f3(m.precision),
                f3(m.recall),
                format!("**{}**", f3(m.f1)),
                ci(m),
                mac,
            ]);
            s.push_str(&row(&cells));
        }
    }
    if layers(r).contains(&Layer::Casualties) {
        let v = &r.casualty_values;
        s.push_str(&format!(
            "\nCasualty claims matched: {}; exact value {} ({:.3}); mean absolute error {:.3}.\n",
            v.counts.matched, v.counts.exact, v.exact_accuracy, v.mean_abs_error
        ));
    }
    s.push_str("\n<details><summary>Per label and per document</summary>\n");
    for (layer, scheme) in primary(r) {
        s.push_str(&format!("\n**{}.{}**\n\n", layer.as_str(), scheme));
        let mut head = LABEL_HEAD.map(String::from);
        head[3] = "correct".into();
        s.push_str(&row(&head));
        s.push_str(&rule(head.len(), true));
        for mut cells in label_rows(r, layer, scheme) {
            cells[0] = format!("`{}`", cells[0]);
            s.push_str(&row(&cells));
        }
    }
    s.push_str("\n**Per document: F1 (correct/gold)**\n\n");
    let (head, body) = doc_table(r);
    s.push_str(&row(&head));
    s.push_str(&rule(head.len(), true));
    for mut cells in body {
        cells[0] = format!("`{}`", cells[0]);
        s.push_str(&row(&cells));
    }
    s.push_str("\n</details>\n");
    s
}
