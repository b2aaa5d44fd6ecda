//! The record contract: what a line of a gold or prediction JSONL file holds.
//!
//! Gold and predictions share one set of types. Fields a prediction may omit
//! (ids, spans) are `Option`s; the gold schema makes them required, and the
//! validator checks gold against that schema before these types ever see it,
//! so code reading gold can rely on them being present.

use serde::{Deserialize, Serialize};

use crate::ontology::EventType;
use crate::vocab::{
    CasualtyCategory, DateBasis, EntityLabel, EntityType, Modality, Qualifier, Role, Scope,
    VictimGroup, ZoneType,
};

/// One line of a gold or prediction file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// Metadata of one article.
    Document(Document),
    /// A stretch of the page (title, body, boilerplate…).
    Zone(Zone),
    /// An entity mention.
    Entity(Entity),
    /// An event mention.
    Event(Event),
    /// A casualty figure, as one source's claim.
    Casualty(Casualty),
}

impl Record {
    /// The document this record belongs to.
    pub fn doc(&self) -> &str {
        match self {
            Record::Document(r) => &r.doc,
            Record::Zone(r) => &r.doc,
            Record::Entity(r) => &r.doc,
            Record::Event(r) => &r.doc,
            Record::Casualty(r) => &r.doc,
        }
    }

    /// The record's id, if it has one (documents are identified by `doc`).
    pub fn id(&self) -> Option<&str> {
        match self {
            Record::Document(_) => None,
            Record::Zone(r) => Some(&r.id),
            Record::Entity(r) => r.id.as_deref(),
            Record::Event(r) => r.id.as_deref(),
            Record::Casualty(r) => r.id.as_deref(),
        }
    }

    /// The JSON `kind` tag.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Document(_) => "document",
            Record::Zone(_) => "zone",
            Record::Entity(_) => "entity",
            Record::Event(_) => "event",
            Record::Casualty(_) => "casualty",
        }
    }
}

/// Metadata of one article; its sha256 ties the records to the exact text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document id, also the stem of its `.txt` and `.jsonl` files.
    pub doc: String,
    /// Hex sha256 of the article's bytes.
    pub sha256: String,
    /// Language code; always "ar".
    pub lang: String,
    /// The headline as written, or null when the page has none.
    pub title: Option<String>,
    /// The outlet as stated in the text, or null.
    pub outlet: Option<String>,
    /// Publication date (ISO 8601), or null.
    pub published: Option<String>,
    /// Whether `published` is stated or inferred.
    pub published_basis: DateBasis,
    /// Provenance notes: how date and outlet were determined.
    pub note: String,
}

/// A stretch of the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    /// Document id.
    pub doc: String,
    /// Record id, unique in the document.
    pub id: String,
    /// Zone type.
    #[serde(rename = "type")]
    pub zone_type: ZoneType,
    /// Start offset (code points, inclusive).
    pub start: usize,
    /// End offset (code points, exclusive).
    pub end: usize,
}

/// An entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Document id.
    pub doc: String,
    /// Record id (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Entity type: hudna's vocabulary under the strict profile, the
    /// corpus's own label under the core profile ([`crate::profile`]).
    #[serde(rename = "type")]
    pub entity_type: EntityLabel,
    /// Start offset (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// End offset (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The surface text, equal to the article slice when offsets are given.
    pub text: String,
    /// KB key for named mentions (gold writes `null` for OCC, DATE, TIME, WEA).
    #[serde(default)]
    pub r#ref: Option<String>,
}

/// The word or words that express an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    /// Start offset (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// End offset (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The trigger text.
    pub text: String,
}

/// One argument of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arg {
    /// The role the entity plays.
    pub role: Role,
    /// Entity record id in the same document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
    /// For predictions without ids: the argument's surface text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For predictions without ids: the argument's KB ref.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#ref: Option<String>,
}

/// An event mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Document id.
    pub doc: String,
    /// Record id (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Event type.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The trigger.
    pub trigger: Trigger,
    /// Arguments.
    #[serde(default)]
    pub args: Vec<Arg>,
    /// How the text presents the event (predictions may omit it: asserted).
    #[serde(default)]
    pub modality: Modality,
    /// Entity id of who reports it, or null for the narrator.
    #[serde(default)]
    pub reported_by: Option<String>,
}

/// A count with UCDP-style bounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// The number as stated, or null when vague.
    pub value: Option<u64>,
    /// How the count relates to the number stated (predictions may omit it: exact).
    #[serde(default)]
    pub qualifier: Qualifier,
    /// Lower bound, or null when unbounded.
    pub low: Option<u64>,
    /// Upper bound, or null when unbounded.
    pub high: Option<u64>,
}

impl Count {
    /// Whether a predicted number is compatible with this gold count: equal to
    /// the stated value, or inside [low, high] (an open bound admits anything).
    pub fn admits(&self, n: u64) -> bool {
        if self.value == Some(n) {
            return true;
        }
        if self.low.is_none() && self.high.is_none() {
            return false;
        }
        self.low.is_none_or(|l| n >= l) && self.high.is_none_or(|h| n <= h)
    }
}

/// The `victims.side` value for a figure that counts the victims of both
/// belligerents together, unsplit (guidelines rule C7).
///
/// `side` is otherwise a KB ref, so this one word is reserved: the KB schema
/// refuses it as a ref, and the validator does not look it up. A separate
/// field would let a record say both "azerbaijan" and "both" at once; one
/// reserved value cannot contradict itself.
pub const BOTH_SIDES: &str = "both";

/// Who the victims are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Victims {
    /// Civilian, military…
    pub group: VictimGroup,
    /// KB ref of the side the victims belong to, [`BOTH_SIDES`] for an
    /// unsplit figure covering both belligerents, or null.
    #[serde(default)]
    pub side: Option<String>,
}

impl Victims {
    /// The side as a KB ref: `None` when unstated or [`BOTH_SIDES`].
    pub fn side_ref(&self) -> Option<&str> {
        self.side.as_deref().filter(|s| *s != BOTH_SIDES)
    }

    /// Whether the figure covers both belligerents (rule C7).
    pub fn covers_both_sides(&self) -> bool {
        self.side.as_deref() == Some(BOTH_SIDES)
    }
}

/// A casualty figure: one source's claim, never a reconciled truth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Casualty {
    /// Document id.
    pub doc: String,
    /// Record id (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Start offset (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// End offset (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The count expression (predictions may omit it: claim-level scoring needs none).
    #[serde(default)]
    pub text: String,
    /// What happened to the victims.
    pub category: CasualtyCategory,
    /// The count.
    pub count: Count,
    /// Who the victims are (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub victims: Option<Victims>,
    /// Entity id of who reports the figure, or null.
    #[serde(default)]
    pub source: Option<String>,
    /// Event id the figure results from, or null.
    #[serde(default)]
    pub event: Option<String>,
    /// What the figure counts over (required in gold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
}

/// A canonical real-world entity that mentions link to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KbEntry {
    /// Stable key, kebab-case English.
    pub r#ref: String,
    /// Entity type of the mentions that link here.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// English name.
    pub name_en: String,
    /// Arabic spellings met in the corpus.
    pub names_ar: Vec<String>,
    /// Wikidata id, only when checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(value: Option<u64>, low: Option<u64>, high: Option<u64>) -> Count {
        Count {
            value,
            qualifier: Qualifier::Exact,
            low,
            high,
        }
    }

    #[test]
    fn admits_value_or_bounds() {
        assert!(count(Some(8), Some(8), Some(8)).admits(8));
        assert!(!count(Some(8), Some(8), Some(8)).admits(9));
        assert!(count(Some(200), Some(201), None).admits(5000));
        assert!(!count(Some(200), Some(201), None).admits(199));
        assert!(
            count(Some(200), Some(201), None).admits(200),
            "the stated value itself"
        );
        assert!(count(None, Some(100), Some(999)).admits(300));
        assert!(
            !count(None, None, None).admits(1),
            "no value, no bounds: nothing is compatible"
        );
    }
}
