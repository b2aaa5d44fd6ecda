//! brat standoff: a directory of `<doc>.txt` (the article, byte for byte)
//! and `<doc>.ann`, plus the `annotation.conf` brat needs to open it, so the
//! gold can be browsed and edited in brat or imported into INCEpTION.
//!
//! brat's offsets are Python `str` indices into the `.txt` read as UTF-8,
//! so code points, end exclusive (brat's "Annotation Data Format" page and
//! its `annotation.py`); a text-bound line repeats the span's text after a
//! tab, and brat itself refuses a line whose text is not the slice. hudna
//! holds every layer but zones and document metadata in brat's own terms
//! (⇥ is a tab):
//!
//! | hudna | brat |
//! |---|---|
//! | entity mention | `T1 ⇥ GPE 20 27 ⇥ قره باغ` |
//! | entity `ref` | `N1 ⇥ Reference T1 hudna:nagorno-karabakh ⇥ nagorno-karabakh` |
//! | event, trigger, arguments | `T9 ⇥ CEASEFIRE_CALL 8 15 ⇥ …` and `E1 ⇥ CEASEFIRE_CALL:T9 actor:T1 actor2:T4` (repeated roles numbered, brat's way) |
//! | event `reported_by` | argument `reported_by:T3` |
//! | event `modality` | `A1 ⇥ Modality E1 called_for` |
//! | casualty figure | `T12 ⇥ Casualty 1441 1445 ⇥ 2700` and `E5 ⇥ Casualty:T12 source:T3 event:E2` |
//! | category, qualifier, victims' group and side, scope | attributes `Category`, `Qualifier`, `Victims`, `Side`, `Scope` on the `E` |
//! | count value, low, high | `#1 ⇥ AnnotatorNotes T12 ⇥ value=2700 low=2700 high=2700` (`none` for null) |
//!
//! Record ids are not held: brat numbers its own (`T1`, `E1`), and reading
//! gives `e1`, `v1`, `c1`… in file order. A span holding a line break is
//! written as fragments split at the break (brat draws one line at a time),
//! and fragments separated only by line breaks are read back as one span;
//! any other discontinuous span is an error, as hudna's spans are
//! contiguous. Reading ignores `annotation.conf` and warns about what it
//! does not take (relations, equivalences, notes on other annotations,
//! normalizations to other databases).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::diagnostic::{Diagnostic, Report};
use crate::error::Error;
use crate::ontology::EventType;
use crate::record::{Arg, Casualty, Count, Entity, Event, Record, Trigger, Victims};
use crate::vocab::{
    CasualtyCategory, EntityLabel, EntityType, MAX_LABEL_CHARS, Modality, Qualifier, Role, Scope,
    VictimGroup,
};

use super::bundle::{
    Annotated, Bundle, Losses, Output, SpanProblem, abbrev, bad_doc_id, doc_id_ok, read_capped,
    slice, utf8,
};

/// The text-bound type of casualty figures.
pub const CASUALTY: &str = "Casualty";

/// The normalization database hudna's KB refs are written under.
pub const KB_DB: &str = "hudna";

/// The event argument that holds `reported_by`.
const REPORTED_BY: &str = "reported_by";

/// Whether `c` ends a line of an `.ann` file for brat: Python's
/// `str.splitlines` breaks at all of these, so none may sit inside the
/// text of a text-bound line.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The fragments of `[s, e)` between line breaks, as brat wants them, and
/// their texts joined by brat's separator (a space).
fn fragments(chars: &[char], s: usize, e: usize) -> (Vec<(usize, usize)>, String) {
    let mut frags = Vec::new();
    let mut i = s;
    while i < e {
        while i < e && is_line_break(chars[i]) {
            i += 1;
        }
        let start = i;
        while i < e && !is_line_break(chars[i]) {
            i += 1;
        }
        if start < i {
            frags.push((start, i));
        }
    }
    let text = frags
        .iter()
        .map(|&(a, b)| chars[a..b].iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    (frags, text)
}

/// One `.ann` file being written.
struct Ann<'a> {
    chars: Vec<char>,
    out: String,
    t: usize,
    e: usize,
    a: usize,
    n: usize,
    notes: usize,
    kb: &'a HashMap<&'a str, &'a str>,
    losses: &'a mut Losses,
}

impl Ann<'_> {
    /// A text-bound annotation; its id, or `None` when the span has no
    /// text left between line breaks.
    fn textbound(&mut self, ty: &str, s: usize, e: usize) -> Option<String> {
        let (frags, text) = fragments(&self.chars, s, e);
        if frags.is_empty() {
            self.losses.add("spans of line breaks only", 1);
            return None;
        }
        if frags[0].0 != s || frags[frags.len() - 1].1 != e {
            self.losses
                .add("spans trimmed of a line break at an edge", 1);
        }
        self.t += 1;
        let offsets: Vec<String> = frags.iter().map(|(a, b)| format!("{a} {b}")).collect();
        let _ = writeln!(self.out, "T{}\t{ty} {}\t{text}", self.t, offsets.join(";"));
        Some(format!("T{}", self.t))
    }

    fn attribute(&mut self, name: &str, target: &str, value: &str) {
        self.a += 1;
        let _ = writeln!(self.out, "A{}\t{name} {target} {value}", self.a);
    }
}

/// Writes the documents as brat files and an `annotation.conf` for them.
pub fn write(bundle: &Bundle) -> Output {
    let mut losses = Losses::default();
    let kb: HashMap<&str, &str> = bundle
        .kb
        .iter()
        .map(|k| (k.r#ref.as_str(), k.name_en.as_str()))
        .collect();
    let mut files = Vec::new();
    let mut labels: BTreeSet<&str> = BTreeSet::new();
    let mut sides: BTreeSet<&str> = BTreeSet::new();
    for d in &bundle.docs {
        let mut ann = Ann {
            chars: d.text.chars().collect(),
            out: String::new(),
            t: 0,
            e: 0,
            a: 0,
            n: 0,
            notes: 0,
            kb: &kb,
            losses: &mut losses,
        };
        // Record id → brat id, for arguments and links.
        let mut ids: HashMap<&str, String> = HashMap::new();
        for e in d.entities() {
            labels.insert(e.entity_type.as_str());
            let (Some(s), Some(end)) = (e.start, e.end) else {
                ann.losses.add("entity mentions without offsets", 1);
                continue;
            };
            let Some(t) = ann.textbound(e.entity_type.as_str(), s, end) else {
                continue;
            };
            if let Some(r) = &e.r#ref {
                ann.n += 1;
                let name = ann.kb.get(r.as_str()).copied().unwrap_or(r);
                let _ = writeln!(ann.out, "N{}\tReference {t} {KB_DB}:{r}\t{name}", ann.n);
            }
            if let Some(id) = &e.id {
                ids.insert(id, t);
            }
        }
        for v in d.events() {
            let (Some(s), Some(end)) = (v.trigger.start, v.trigger.end) else {
                ann.losses.add("events without trigger offsets", 1);
                continue;
            };
            let ty = v.event_type.as_str();
            let Some(t) = ann.textbound(ty, s, end) else {
                continue;
            };
            let mut line = format!("{ty}:{t}");
            let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
            for arg in &v.args {
                let Some(target) = arg.mention.as_deref().and_then(|m| ids.get(m)) else {
                    ann.losses
                        .add("event arguments without an entity mention", 1);
                    continue;
                };
                let n = seen.entry(arg.role.as_str()).or_insert(0);
                *n += 1;
                let suffix = if *n > 1 { n.to_string() } else { String::new() };
                let _ = write!(line, " {}{suffix}:{target}", arg.role.as_str());
            }
            if let Some(r) = &v.reported_by {
                match ids.get(r.as_str()) {
                    Some(target) => {
                        let _ = write!(line, " {REPORTED_BY}:{target}");
                    }
                    None => ann.losses.add("reported_by without an entity mention", 1),
                }
            }
            ann.e += 1;
            let e = format!("E{}", ann.e);
            let _ = writeln!(ann.out, "{e}\t{line}");
            ann.attribute("Modality", &e, v.modality.as_str());
            if let Some(id) = &v.id {
                ids.insert(id, e);
            }
        }
        for c in d.casualties() {
            let (Some(s), Some(end)) = (c.start, c.end) else {
                ann.losses.add("casualty figures without offsets", 1);
                continue;
            };
            let Some(t) = ann.textbound(CASUALTY, s, end) else {
                continue;
            };
            let mut line = format!("{CASUALTY}:{t}");
            for (role, target) in [("source", &c.source), ("event", &c.event)] {
                if let Some(r) = target {
                    match ids.get(r.as_str()) {
                        Some(to) => {
                            let _ = write!(line, " {role}:{to}");
                        }
                        None => ann.losses.add("casualty links to no written record", 1),
                    }
                }
            }
            ann.e += 1;
            let e = format!("E{}", ann.e);
            let _ = writeln!(ann.out, "{e}\t{line}");
            ann.attribute("Category", &e, c.category.as_str());
            ann.attribute("Qualifier", &e, c.count.qualifier.as_str());
            if let Some(v) = &c.victims {
                ann.attribute("Victims", &e, v.group.as_str());
                if let Some(side) = &v.side {
                    sides.insert(side.as_str());
                    ann.attribute("Side", &e, side);
                }
            }
            if let Some(scope) = c.scope {
                ann.attribute("Scope", &e, scope.as_str());
            }
            let num = |n: Option<u64>| n.map_or("none".to_owned(), |n| n.to_string());
            ann.notes += 1;
            let _ = writeln!(
                ann.out,
                "#{}\tAnnotatorNotes {t}\tvalue={} low={} high={}",
                ann.notes,
                num(c.count.value),
                num(c.count.low),
                num(c.count.high)
            );
        }
        let out = std::mem::take(&mut ann.out);
        files.push((
            PathBuf::from(format!("{}.txt", d.id)),
            d.text.clone().into_bytes(),
        ));
        files.push((PathBuf::from(format!("{}.ann", d.id)), out.into_bytes()));
    }
    files.insert(
        0,
        (
            PathBuf::from("annotation.conf"),
            config(&labels, &sides).into_bytes(),
        ),
    );
    let records = bundle.count("entity") + bundle.count("event") + bundle.count("casualty");
    losses.add(
        "record ids (read back as e1, v1, c1… in file order)",
        records,
    );
    losses.not_held(bundle, &["document", "zone"]);
    losses.add("KB entries (the refs are kept)", bundle.kb.len());
    Output { files, losses }
}

/// `annotation.conf` for an export: its entity types (hudna's, or the
/// corpus's own when it has others), every event type with hudna's roles,
/// the casualty figure, and the attributes' values.
fn config(labels: &BTreeSet<&str>, sides: &BTreeSet<&str>) -> String {
    let mut s = String::from(
        "# brat configuration written by `hudna convert --to brat`: the types, roles and\n\
         # attributes of this export. Offsets in the .ann files are code points.\n\n[entities]\n",
    );
    if labels.iter().all(|l| EntityType::parse(l).is_some()) {
        for t in EntityType::ALL {
            let _ = writeln!(s, "{t}");
        }
    } else {
        for l in labels {
            let _ = writeln!(s, "{l}");
        }
    }
    s.push_str("\n[relations]\n# Mentions nest and overlap, and triggers overlap mentions.\n");
    s.push_str("<OVERLAP> Arg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n\n[events]\n");
    let roles: Vec<String> = Role::ALL
        .iter()
        .map(|r| format!("{r}*:<ENTITY>"))
        .chain([format!("{REPORTED_BY}?:<ENTITY>")])
        .collect();
    for t in EventType::ALL {
        let _ = writeln!(s, "{t} {}", roles.join(", "));
    }
    let _ = writeln!(s, "{CASUALTY} source?:<ENTITY>, event?:<EVENT>");
    s.push_str("\n[attributes]\n");
    let values = |all: Vec<&str>| all.join("|");
    let _ = writeln!(
        s,
        "Modality Arg:<EVENT>, Value:{}",
        values(Modality::ALL.iter().map(|m| m.as_str()).collect())
    );
    let _ = writeln!(
        s,
        "Category Arg:{CASUALTY}, Value:{}",
        values(CasualtyCategory::ALL.iter().map(|m| m.as_str()).collect())
    );
    let _ = writeln!(
        s,
        "Qualifier Arg:{CASUALTY}, Value:{}",
        values(Qualifier::ALL.iter().map(|m| m.as_str()).collect())
    );
    let _ = writeln!(
        s,
        "Victims Arg:{CASUALTY}, Value:{}",
        values(VictimGroup::ALL.iter().map(|m| m.as_str()).collect())
    );
    if !sides.is_empty() {
        let _ = writeln!(
            s,
            "Side Arg:{CASUALTY}, Value:{}",
            values(sides.iter().copied().collect())
        );
    }
    let _ = writeln!(
        s,
        "Scope Arg:{CASUALTY}, Value:{}",
        values(Scope::ALL.iter().map(|m| m.as_str()).collect())
    );
    s
}

/// A text-bound annotation read.
#[derive(Debug, Clone)]
struct TextBound {
    line: usize,
    ty: String,
    start: usize,
    end: usize,
    text: String,
}

/// An event (or casualty) line read.
#[derive(Debug, Clone)]
struct EventLine {
    line: usize,
    id: String,
    ty: String,
    trigger: String,
    args: Vec<(String, String)>,
}

/// Reads a brat directory: every `<doc>.txt` with its `.ann` (none: no
/// annotations), in id order.
pub fn read(dir: &Path) -> Result<(Bundle, Report), Error> {
    let mut report = Report::default();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut txts: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.extension().is_some_and(|e| e == "txt") && path.is_file() {
            txts.push(path);
        }
    }
    if txts.is_empty() {
        return Err(Error::NoArticles {
            path: dir.to_path_buf(),
        });
    }
    txts.sort();
    let mut docs = Vec::new();
    for txt in txts {
        let id = crate::corpus::doc_id(&txt);
        if !doc_id_ok(&id) {
            report.push(bad_doc_id(&txt, None, "", &id));
            continue;
        }
        let text = match utf8(&txt, read_capped(&txt)?) {
            Ok(t) => t,
            Err(d) => {
                report.push(d);
                continue;
            }
        };
        let ann_path = txt.with_extension("ann");
        let ann = if ann_path.is_file() {
            match utf8(&ann_path, read_capped(&ann_path)?) {
                Ok(t) => t,
                Err(d) => {
                    report.push(d);
                    continue;
                }
            }
        } else {
            String::new()
        };
        let records = parse_ann(&ann_path, &id, &text, &ann, &mut report);
        docs.push(Annotated { id, text, records });
    }
    report.sort();
    Ok((
        Bundle {
            docs,
            kb: Vec::new(),
        },
        report,
    ))
}

/// The records of one `.ann` file over `text`.
pub fn parse_ann(
    path: &Path,
    doc: &str,
    text: &str,
    ann: &str,
    report: &mut Report,
) -> Vec<Record> {
    let article = Article::from_text(text);
    let chars: Vec<char> = text.chars().collect();
    let err = |line: usize, field: &str, code: &'static str, msg: String| {
        Diagnostic::error(path, Some(line), field, code, msg)
    };
    let mut tbs: Vec<(String, TextBound)> = Vec::new();
    let mut events: Vec<EventLine> = Vec::new();
    let mut attrs: HashMap<String, Vec<(usize, String, String)>> = HashMap::new();
    let mut refs: HashMap<String, (usize, String)> = HashMap::new();
    let mut notes: HashMap<String, (usize, String)> = HashMap::new();
    let mut seen_ids: HashMap<String, usize> = HashMap::new();
    let mut skipped: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for (i, raw) in ann.lines().enumerate() {
        let n = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let Some((id, rest)) = raw.split_once('\t') else {
            report.push(err(
                n,
                "",
                "brat-line",
                "no tab after the annotation id".into(),
            ));
            continue;
        };
        if id != "*"
            && let Some(first) = seen_ids.insert(id.to_owned(), n)
        {
            report.push(err(
                n,
                "id",
                "brat-id",
                format!("annotation id {id} again (first on line {first})"),
            ));
            continue;
        }
        let (data, tail) = match rest.split_once('\t') {
            Some((d, t)) => (d, Some(t)),
            None => (rest, None),
        };
        match id.chars().next() {
            Some('T') => match textbound(data, tail, &article, &chars) {
                Ok(tb) => tbs.push((id.to_owned(), TextBound { line: n, ..tb })),
                Err((field, code, msg)) => report.push(err(n, field, code, msg)),
            },
            Some('E') => {
                let mut parts = data.split(' ').filter(|p| !p.is_empty());
                let head = parts.next().unwrap_or_default();
                let Some((ty, trigger)) = head.split_once(':') else {
                    report.push(err(
                        n,
                        "type",
                        "brat-event",
                        "an event is TYPE:TRIGGER ROLE:ID…".into(),
                    ));
                    continue;
                };
                let mut args = Vec::new();
                let mut bad = false;
                for p in parts {
                    match p.split_once(':') {
                        Some((role, to)) => args.push((role.to_owned(), to.to_owned())),
                        None => bad = true,
                    }
                }
                if bad {
                    report.push(err(
                        n,
                        "args",
                        "brat-event",
                        "an argument is ROLE:ID".into(),
                    ));
                    continue;
                }
                events.push(EventLine {
                    line: n,
                    id: id.to_owned(),
                    ty: ty.to_owned(),
                    trigger: trigger.to_owned(),
                    args,
                });
            }
            Some('A' | 'M') => {
                let parts: Vec<&str> = data.split(' ').filter(|p| !p.is_empty()).collect();
                match parts.as_slice() {
                    [name, target, value] => attrs.entry((*target).to_owned()).or_default().push((
                        n,
                        (*name).to_owned(),
                        (*value).to_owned(),
                    )),
                    [name, target] => attrs.entry((*target).to_owned()).or_default().push((
                        n,
                        (*name).to_owned(),
                        String::new(),
                    )),
                    _ => report.push(err(
                        n,
                        "",
                        "brat-attribute",
                        "an attribute is NAME TARGET [VALUE]".into(),
                    )),
                }
            }
            Some('N') => {
                let parts: Vec<&str> = data.split(' ').filter(|p| !p.is_empty()).collect();
                match parts.as_slice() {
                    [_, target, db_id] => match db_id.split_once(':') {
                        Some((db, r)) if db == KB_DB && !r.is_empty() => {
                            refs.insert((*target).to_owned(), (n, r.to_owned()));
                        }
                        _ => {
                            let e = skipped
                                .entry("normalizations to other databases")
                                .or_insert((0, n));
                            e.0 += 1;
                        }
                    },
                    _ => report.push(err(
                        n,
                        "",
                        "brat-normalization",
                        "a normalization is TYPE TARGET DB:ID".into(),
                    )),
                }
            }
            Some('#') => {
                let parts: Vec<&str> = data.split(' ').filter(|p| !p.is_empty()).collect();
                match parts.as_slice() {
                    [_, target] => {
                        notes.insert(
                            (*target).to_owned(),
                            (n, tail.unwrap_or_default().to_owned()),
                        );
                    }
                    _ => report.push(err(
                        n,
                        "",
                        "brat-note",
                        "a note is TYPE TARGET, a tab, the note".into(),
                    )),
                }
            }
            Some('R') => {
                let e = skipped.entry("relations").or_insert((0, n));
                e.0 += 1;
            }
            Some('*') => {
                let e = skipped.entry("equivalences").or_insert((0, n));
                e.0 += 1;
            }
            _ => report.push(err(
                n,
                "id",
                "brat-id",
                format!("`{}` is not a brat annotation id", abbrev(id)),
            )),
        }
    }

    let triggers: BTreeSet<&str> = events.iter().map(|e| e.trigger.as_str()).collect();
    let tb_by_id: HashMap<&str, &TextBound> =
        tbs.iter().map(|(id, tb)| (id.as_str(), tb)).collect();
    // Entities: every text-bound annotation no event uses as its trigger.
    let mut entity_of: HashMap<&str, String> = HashMap::new();
    let mut records = Vec::new();
    for (id, tb) in &tbs {
        if triggers.contains(id.as_str()) {
            continue;
        }
        let n = tb.ty.chars().count();
        if n > MAX_LABEL_CHARS {
            report.push(err(
                tb.line,
                "type",
                "label",
                format!("a type of {n} characters; hudna takes at most {MAX_LABEL_CHARS}"),
            ));
            continue;
        }
        let rid = format!("e{}", entity_of.len() + 1);
        entity_of.insert(id, rid.clone());
        records.push(Record::Entity(Entity {
            doc: doc.to_owned(),
            id: Some(rid),
            entity_type: EntityLabel::parse(&tb.ty),
            start: Some(tb.start),
            end: Some(tb.end),
            text: tb.text.clone(),
            r#ref: refs.get(id.as_str()).map(|(_, r)| r.clone()),
        }));
    }
    for (target, (n, _)) in &refs {
        if !entity_of.contains_key(target.as_str()) {
            report.push(err(
                *n,
                "target",
                "brat-normalization",
                format!("{target} is not an entity mention"),
            ));
        }
    }
    // Events first (casualties point at them), then casualties.
    let mut event_of: HashMap<&str, String> = HashMap::new();
    let mut casualties = Vec::new();
    for ev in &events {
        let Some(trigger) = tb_by_id.get(ev.trigger.as_str()) else {
            report.push(err(
                ev.line,
                "trigger",
                "brat-event",
                format!("trigger {} is not a text-bound annotation here", ev.trigger),
            ));
            continue;
        };
        if trigger.ty != ev.ty {
            report.push(err(
                ev.line,
                "type",
                "brat-event",
                format!(
                    "event type {} but its trigger {} is typed {}",
                    ev.ty, ev.trigger, trigger.ty
                ),
            ));
            continue;
        }
        if ev.ty == CASUALTY {
            casualties.push((ev, *trigger));
            continue;
        }
        let Some(event_type) = EventType::parse(&ev.ty) else {
            report.push(err(
                ev.line,
                "type",
                "brat-event",
                format!(
                    "`{}` is not an event type of hudna's ontology",
                    abbrev(&ev.ty)
                ),
            ));
            continue;
        };
        let mut args = Vec::new();
        let mut reported_by = None;
        let mut ok = true;
        for (role, to) in &ev.args {
            let Some(mention) = entity_of.get(to.as_str()) else {
                report.push(err(
                    ev.line,
                    "args",
                    "brat-event",
                    format!("argument {role}:{to} is not an entity mention"),
                ));
                ok = false;
                continue;
            };
            let base = role.trim_end_matches(|c: char| c.is_ascii_digit());
            if base == REPORTED_BY {
                reported_by = Some(mention.clone());
                continue;
            }
            match Role::parse(base) {
                Some(role) => args.push(Arg {
                    role,
                    mention: Some(mention.clone()),
                    text: None,
                    r#ref: None,
                }),
                None => {
                    report.push(err(ev.line, "args", "brat-event", format!("`{}` is not a role (actor, recipient, mediator, location, time, reported_by)", abbrev(role))));
                    ok = false;
                }
            }
        }
        let mut modality = Modality::default();
        for (n, name, value) in attrs.get(&ev.id).into_iter().flatten() {
            match (name.as_str(), Modality::parse(value)) {
                ("Modality", Some(m)) => modality = m,
                ("Modality", None) => {
                    report.push(err(
                        *n,
                        "value",
                        "brat-attribute",
                        format!("`{}` is not a modality", abbrev(value)),
                    ));
                    ok = false;
                }
                _ => {
                    report.push(err(
                        *n,
                        "name",
                        "brat-attribute",
                        format!("an event has no attribute {name} in hudna (Modality only)"),
                    ));
                    ok = false;
                }
            }
        }
        if !ok {
            continue;
        }
        let vid = format!("v{}", event_of.len() + 1);
        event_of.insert(&ev.id, vid.clone());
        records.push(Record::Event(Event {
            doc: doc.to_owned(),
            id: Some(vid),
            event_type,
            trigger: Trigger {
                start: Some(trigger.start),
                end: Some(trigger.end),
                text: trigger.text.clone(),
            },
            args,
            modality,
            reported_by,
        }));
    }
    for (ev, tb) in casualties {
        if let Some(c) = casualty(
            path, doc, ev, tb, &attrs, &notes, &entity_of, &event_of, report,
        ) {
            let cid = format!(
                "c{}",
                records.iter().filter(|r| r.kind() == "casualty").count() + 1
            );
            records.push(Record::Casualty(Casualty { id: Some(cid), ..c }));
        }
    }
    for (target, (n, _)) in &notes {
        let on_casualty = events
            .iter()
            .any(|e| e.ty == CASUALTY && &e.trigger == target);
        if !on_casualty {
            let e = skipped
                .entry("notes on annotations other than casualty figures")
                .or_insert((0, *n));
            e.0 += 1;
        }
    }
    for (what, (count, first)) in skipped {
        report.push(Diagnostic::warning(
            path,
            Some(first),
            "",
            "brat-skipped",
            format!("{what} are not read (hudna has no place for them): {count}"),
        ));
    }
    records
}

/// A text-bound annotation's `TYPE START END[;START END…]` and text,
/// proved against the article: `Err((field, code, message))`.
fn textbound(
    data: &str,
    tail: Option<&str>,
    article: &Article,
    chars: &[char],
) -> Result<TextBound, (&'static str, &'static str, String)> {
    let bad = |m: &str| ("offsets", "brat-textbound", m.to_owned());
    let Some((ty, offsets)) = data.split_once(' ') else {
        return Err(bad(
            "a text-bound annotation is TYPE START END, a tab, the text",
        ));
    };
    let mut frags = Vec::new();
    for f in offsets.split(';') {
        let mut it = f.split(' ').filter(|p| !p.is_empty());
        let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
            return Err(bad("offsets are START END, fragments separated by ';'"));
        };
        let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
            return Err(bad("offsets are whole numbers from 0"));
        };
        frags.push((a, b));
    }
    for &(a, b) in &frags {
        if let Err(p) = slice(article, a, b) {
            let d = p.diagnostic(Path::new(""), None, "", a, b);
            return Err(("offsets", d.code, d.message));
        }
    }
    for w in frags.windows(2) {
        let (gap_from, gap_to) = (w[0].1, w[1].0);
        if gap_to < gap_from || !chars[gap_from..gap_to].iter().all(|c| is_line_break(*c)) {
            return Err((
                "offsets",
                "brat-discontinuous",
                format!(
                    "fragments {}..{} and {}..{} are apart: hudna's spans are contiguous",
                    w[0].0, w[0].1, w[1].0, w[1].1
                ),
            ));
        }
    }
    let (start, end) = (frags[0].0, frags[frags.len() - 1].1);
    let (_, joined) = fragments(chars, start, end);
    let expect: String = frags
        .iter()
        .map(|&(a, b)| chars[a..b].iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ");
    let given = tail.unwrap_or_default();
    if given != expect || joined != expect {
        return Err((
            "text",
            "text-mismatch",
            SpanProblem::Text {
                slice: expect,
                given: given.to_owned(),
            }
            .diagnostic(Path::new(""), None, "", start, end)
            .message,
        ));
    }
    Ok(TextBound {
        line: 0,
        ty: ty.to_owned(),
        start,
        end,
        text: chars[start..end].iter().collect(),
    })
}

/// A casualty figure from its `E` line, attributes and note.
#[allow(clippy::too_many_arguments)]
fn casualty(
    path: &Path,
    doc: &str,
    ev: &EventLine,
    tb: &TextBound,
    attrs: &HashMap<String, Vec<(usize, String, String)>>,
    notes: &HashMap<String, (usize, String)>,
    entity_of: &HashMap<&str, String>,
    event_of: &HashMap<&str, String>,
    report: &mut Report,
) -> Option<Casualty> {
    let before = report.errors();
    let err = |line: usize, field: &str, msg: String| {
        Diagnostic::error(path, Some(line), field, "brat-casualty", msg)
    };
    let (mut source, mut event) = (None, None);
    for (role, to) in &ev.args {
        match role.as_str() {
            "source" => match entity_of.get(to.as_str()) {
                Some(e) => source = Some(e.clone()),
                None => report.push(err(
                    ev.line,
                    "args",
                    format!("source {to} is not an entity mention"),
                )),
            },
            "event" => match event_of.get(to.as_str()) {
                Some(v) => event = Some(v.clone()),
                None => report.push(err(
                    ev.line,
                    "args",
                    format!("event {to} is not an event read here"),
                )),
            },
            other => report.push(err(
                ev.line,
                "args",
                format!(
                    "a casualty figure has no argument `{}` (source, event)",
                    abbrev(other)
                ),
            )),
        }
    }
    let (mut category, mut qualifier, mut group, mut side, mut scope) =
        (None, Qualifier::default(), None, None, None);
    for (n, name, value) in attrs.get(&ev.id).into_iter().flatten() {
        let bad = |what: &str| err(*n, "value", format!("`{}` is not a {what}", abbrev(value)));
        match name.as_str() {
            "Category" => match CasualtyCategory::parse(value) {
                Some(c) => category = Some(c),
                None => report.push(bad("casualty category")),
            },
            "Qualifier" => match Qualifier::parse(value) {
                Some(q) => qualifier = q,
                None => report.push(bad("qualifier")),
            },
            "Victims" => match VictimGroup::parse(value) {
                Some(g) => group = Some(g),
                None => report.push(bad("victim group")),
            },
            "Side" if !value.is_empty() => side = Some(value.clone()),
            "Scope" => match Scope::parse(value) {
                Some(s) => scope = Some(s),
                None => report.push(bad("scope")),
            },
            other => report.push(err(
                *n,
                "name",
                format!("a casualty figure has no attribute {}", abbrev(other)),
            )),
        }
    }
    let Some(category) = category else {
        report.push(err(
            ev.line,
            "Category",
            format!("casualty figure {} has no Category attribute", ev.id),
        ));
        return None;
    };
    let count = match notes.get(&ev.trigger) {
        Some((n, note)) => match parse_count(note, qualifier) {
            Ok(c) => Some(c),
            Err(m) => {
                report.push(err(*n, "note", m));
                None
            }
        },
        None => {
            report.push(err(
                ev.line,
                "note",
                format!(
                    "casualty figure {} has no note `value=… low=… high=…` on {}",
                    ev.id, ev.trigger
                ),
            ));
            None
        }
    };
    if side.is_some() && group.is_none() {
        report.push(err(
            ev.line,
            "Victims",
            format!("casualty figure {} has a Side but no Victims group", ev.id),
        ));
    }
    if report.errors() > before {
        return None;
    }
    Some(Casualty {
        doc: doc.to_owned(),
        id: None,
        start: Some(tb.start),
        end: Some(tb.end),
        text: tb.text.clone(),
        category,
        count: count?,
        victims: group.map(|group| Victims { group, side }),
        source,
        event,
        scope,
    })
}

/// `value=N low=N high=N` (each a whole number or `none`).
fn parse_count(note: &str, qualifier: Qualifier) -> Result<Count, String> {
    let mut fields: BTreeMap<&str, Option<u64>> = BTreeMap::new();
    for part in note.split_whitespace() {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let v = match v {
            "none" => None,
            n => Some(n.parse::<u64>().map_err(|_| {
                format!("`{}` is not a count (a whole number or none)", abbrev(part))
            })?),
        };
        fields.insert(k, v);
    }
    let get = |k: &str| {
        fields.get(k).copied().ok_or_else(|| {
            format!("the note has no `{k}=` (it reads value=N low=N high=N, none for null)")
        })
    };
    Ok(Count {
        value: get("value")?,
        qualifier,
        low: get("low")?,
        high: get("high")?,
    })
}
