//! A document's text with its gold inline, for reviewers.
//!
//! Offsets are for machines; a reviewer needs to read the article and see
//! every annotation where it sits. Entities are `[…]TYPE`, event triggers
//! `⟦…⟧TYPE`, casualty figures `{…}category=value`, and each zone starts with
//! a header line. Nested and overlapping spans stay readable because markers
//! are ordered outer-first on open and inner-first on close. A legend after
//! the text lists ids, refs, arguments and counts.

use std::fmt::Write;

use crate::corpus::Doc;

struct Mark {
    at: usize,
    /// Closes sort before opens at the same offset.
    open: bool,
    /// Span length: opens longest first, closes shortest first.
    len: usize,
    text: String,
}

/// Renders `doc` with its annotations inline, then a legend.
pub fn render(doc: &Doc) -> String {
    let mut marks: Vec<Mark> = Vec::new();
    let mut span = |s: Option<usize>, e: Option<usize>, open: &str, close: String| {
        // A reversed span (gold that failed validation, shown anyway) gets
        // no marks; the legend still lists it with its offsets.
        if let (Some(s), Some(e)) = (s, e)
            && s <= e
        {
            marks.push(Mark {
                at: s,
                open: true,
                len: e - s,
                text: open.to_owned(),
            });
            marks.push(Mark {
                at: e,
                open: false,
                len: e - s,
                text: close,
            });
        }
    };
    for e in doc.entities() {
        span(e.start, e.end, "[", format!("]{}", e.entity_type));
    }
    for v in doc.events() {
        span(
            v.trigger.start,
            v.trigger.end,
            "⟦",
            format!("⟧{}", v.event_type),
        );
    }
    for c in doc.casualties() {
        let n = c.count.value.map_or_else(
            || format!("{}..{}", show(c.count.low), show(c.count.high)),
            |v| v.to_string(),
        );
        span(c.start, c.end, "{", format!("}}{}={n}", c.category));
    }
    for z in doc.zones() {
        marks.push(Mark {
            at: z.start,
            open: true,
            len: usize::MAX,
            text: format!("── {} {} ──\n", z.id, z.zone_type),
        });
    }
    marks.sort_by(|a, b| {
        a.at.cmp(&b.at).then(a.open.cmp(&b.open)).then(if a.open {
            b.len.cmp(&a.len)
        } else {
            a.len.cmp(&b.len)
        })
    });

    let mut out = String::new();
    let _ = writeln!(out, "# {}", doc.id);
    if let Some(d) = doc.document() {
        let _ = writeln!(
            out,
            "outlet: {} · published: {} ({})",
            d.outlet.as_deref().unwrap_or("—"),
            d.published.as_deref().unwrap_or("—"),
            d.published_basis
        );
    }
    out.push('\n');
    let mut next = 0;
    for (i, c) in doc.article.text().chars().enumerate() {
        while next < marks.len() && marks[next].at == i {
            out.push_str(&marks[next].text);
            next += 1;
        }
        out.push(c);
    }
    for m in &marks[next..] {
        out.push_str(&m.text);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    legend(doc, &mut out);
    out
}

fn show(n: Option<u64>) -> String {
    n.map_or("∞".to_owned(), |n| n.to_string())
}

fn null_or(n: Option<u64>) -> String {
    n.map_or("null".to_owned(), |n| n.to_string())
}

fn legend(doc: &Doc, out: &mut String) {
    let text_of = |id: &str| {
        doc.entities()
            .find(|e| e.id.as_deref() == Some(id))
            .map_or(String::new(), |e| format!(" «{}»", e.text))
    };
    out.push_str("\n## entities\n");
    for e in doc.entities() {
        let _ = writeln!(
            out,
            "{:<5} {:<5} [{}, {}) «{}»{}",
            e.id.as_deref().unwrap_or("-"),
            e.entity_type,
            e.start.unwrap_or(0),
            e.end.unwrap_or(0),
            e.text,
            e.r#ref
                .as_deref()
                .map_or(String::new(), |r| format!(" → {r}"))
        );
    }
    out.push_str("\n## events\n");
    for v in doc.events() {
        let args: Vec<String> = v
            .args
            .iter()
            .map(|a| {
                format!(
                    "{}={}{}",
                    a.role,
                    a.mention.as_deref().unwrap_or("?"),
                    a.mention.as_deref().map_or(String::new(), text_of)
                )
            })
            .collect();
        let by = v.reported_by.as_deref().map_or(String::new(), |r| {
            format!("; reported_by={r}{}", text_of(r))
        });
        let _ = writeln!(
            out,
            "{:<5} {} «{}» {}; {}{by}",
            v.id.as_deref().unwrap_or("-"),
            v.event_type,
            v.trigger.text,
            v.modality,
            if args.is_empty() {
                "no args".to_owned()
            } else {
                args.join(", ")
            }
        );
    }
    out.push_str("\n## casualties\n");
    for c in doc.casualties() {
        let victims = c.victims.as_ref().map_or("?".to_owned(), |v| {
            format!("{}/{}", v.group, v.side.as_deref().unwrap_or("-"))
        });
        let source = c
            .source
            .as_deref()
            .map_or("-".to_owned(), |s| format!("{s}{}", text_of(s)));
        let _ = writeln!(
            out,
            "{:<5} {} {} value={} [{}, {}] «{}» victims={victims} source={source} event={} scope={}",
            c.id.as_deref().unwrap_or("-"),
            c.category,
            c.count.qualifier,
            null_or(c.count.value),
            null_or(c.count.low),
            null_or(c.count.high),
            c.text,
            c.event.as_deref().unwrap_or("-"),
            c.scope.map_or("?".to_owned(), |s| s.to_string()),
        );
    }
}
