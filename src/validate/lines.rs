//! Reading a file's records: the fast path for lines it can vouch for, the
//! schema path for the rest (see [`super::fast`]).

use std::collections::BTreeMap;
use std::path::Path;

use crate::corpus::Located;
use crate::diagnostic::Diagnostic;
use crate::jsonl;
use crate::profile::Profile;
use crate::record::Record;
use crate::schema::Flavour;

use super::fast;
use super::schema::check_record_line_in;

/// What could be read of a line that failed the schema: its `doc` and
/// `kind` fields, so lenient scoring can still count it in its layer.
pub type LineOrigin = (Option<String>, Option<String>);

/// Reads every record of a JSONL file's bytes. Lines that fail are left out
/// and their problems pushed to `problems`; the second value gives, for
/// every line that parsed as a JSON object but not as a record, its `doc`
/// and `kind` (a record's own are on the record).
pub fn read_records(
    profile: Profile,
    flavour: Flavour,
    path: &Path,
    bytes: &[u8],
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Located<Record>>, BTreeMap<usize, LineOrigin>) {
    let mut lines = Vec::new();
    jsonl::for_each_line(path, bytes, problems, |n, text| lines.push((n, text)));
    records_of_lines(profile, flavour, path, lines, problems)
}

/// As [`read_records`], for lines already split and decoded: `(line number,
/// text)`, blank lines left out.
pub fn records_of_lines<'t>(
    profile: Profile,
    flavour: Flavour,
    path: &Path,
    lines: impl IntoIterator<Item = (usize, &'t str)>,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Located<Record>>, BTreeMap<usize, LineOrigin>) {
    let lines = lines.into_iter();
    let mut records = Vec::with_capacity(lines.size_hint().0);
    let mut origins = BTreeMap::new();
    for (n, text) in lines {
        if let Some(record) = fast::parse_in(profile, flavour, text) {
            records.push(Located { line: n, record });
            continue;
        }
        let value = match jsonl::value(path, n, text) {
            Ok(v) => v,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let field = |name: &str| value.get(name).and_then(|x| x.as_str()).map(str::to_owned);
        origins.insert(n, (field("doc"), field("kind")));
        match check_record_line_in(profile, flavour, path, n, &value) {
            Ok(record) => records.push(Located { line: n, record }),
            Err(ds) => problems.extend(ds),
        }
    }
    (records, origins)
}
