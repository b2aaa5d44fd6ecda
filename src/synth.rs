//! Seeded synthetic corpora: gold in the bundled corpus's layout, and
//! predictions perturbed from it at controlled rates.
//!
//! Why it exists: the five real articles are far too few to measure how the
//! harness scales (issue #10 asks for scoring "at the speed of the JSON
//! parser"), and real text cannot be multiplied without annotating it. A
//! generator that *writes* the annotations while it writes the text can make
//! any number of documents that are valid by construction — every offset is
//! computed from the text as it grows, in code points, end exclusive, never
//! typed — and whose predictions differ from the gold by known amounts, so
//! a benchmark's scores are predictable and a wrong count is a bug.
//!
//! What it is not: a language model. Articles are sentences assembled from a
//! small built-in vocabulary (real Arabic place, person and organisation
//! names linked to a small KB written next to the gold; numbers in digits,
//! Arabic-Indic digits and words; ordinary punctuation). They look enough
//! like the real corpus to exercise what matters for scoring: multi-byte
//! text (so byte and code-point offsets differ), nested entities (a GPE
//! inside an ORG, FAC or EVENT), proclitics glued to names, events whose
//! arguments are entity mentions of the same sentence, and casualty figures
//! with every UCDP-style qualifier of `docs/guidelines.md` (rules C4, C5).
//!
//! Determinism: document `i` is drawn from a ChaCha8 stream seeded from
//! `(seed, i)` alone, so the same seed gives byte-identical output, the first
//! 20 documents of a 10,000-document corpus are the 20 documents of a
//! 20-document corpus, and the gold text never depends on the perturbation
//! rates or on the chosen layers (predictions draw from a second stream).
//! Records of a layer that is left out are simply not written; the text is
//! the same.
//!
//! Layout written by [`write_corpus`] into a directory `DIR`:
//!
//! - `DIR/gold/`: `<doc>.txt`, `<doc>.jsonl`, `kb.jsonl` and
//!   `SOURCES.sha256`, exactly like `annotations/`; `hudna validate
//!   DIR/gold` reports no error.
//! - `DIR/pred/`: `part-NNNNN.jsonl`, prediction records of
//!   [`DOCS_PER_SHARD`] documents each, in document order, for
//!   `hudna score --gold DIR/gold --extractor file:DIR/pred`. A few large
//!   files rather than one per document, because reading them is what the
//!   benchmarks time.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::ontology::EventType;
use crate::record::{
    Arg, Casualty, Count, Document, Entity, Event, KbEntry, Record, Trigger, Victims, Zone,
};
use crate::vocab::{
    CasualtyCategory, DateBasis, EntityType, Modality, Qualifier, Role, Scope, VictimGroup,
    ZoneType,
};

/// The most documents one corpus may have: with the defaults a document
/// takes about 36 KB on disk (text, gold records and predictions), so a
/// million documents are some 36 GB, far beyond what a benchmark needs; the
/// number sizes both time and disk.
pub const MAX_DOCS: usize = 1_000_000;

/// Documents per prediction file in `pred/`.
pub const DOCS_PER_SHARD: usize = 1000;

/// The most records of one kind a single document may be asked for, and the
/// longest minimum length in code points: the generator loops until a
/// document reaches its targets, so the targets are capped to keep one
/// document bounded whatever the configuration says.
pub const MAX_PER_DOC: usize = 100_000;

/// Which annotation layers the gold and the predictions carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layers {
    /// Zones, entities, events and casualty figures.
    #[default]
    All,
    /// Zones and entities only: no event or casualty record is written.
    Entities,
}

/// How predictions differ from the gold. Every rate is a per-record
/// probability in [0, 1] (values outside are treated as 0 or 1, NaN as 0),
/// drawn independently from the document's prediction stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Perturb {
    /// An entity mention is left out.
    pub entity_drop: f64,
    /// An entity mention gets another type.
    pub entity_retype: f64,
    /// An entity mention loses its last (or first) code point.
    pub entity_shift: f64,
    /// Per gold mention, a spurious mention is added on a word that no gold
    /// mention covers.
    pub entity_spurious: f64,
    /// An event is left out.
    pub event_drop: f64,
    /// An event gets another type.
    pub event_retype: f64,
    /// One argument of an event gets another role.
    pub event_role: f64,
    /// A casualty figure is left out.
    pub casualty_drop: f64,
    /// A casualty figure states a number its gold count does not admit.
    pub casualty_value: f64,
}

impl Perturb {
    /// Every rate set to `rate`.
    pub fn uniform(rate: f64) -> Self {
        Perturb {
            entity_drop: rate,
            entity_retype: rate,
            entity_shift: rate,
            entity_spurious: rate,
            event_drop: rate,
            event_retype: rate,
            event_role: rate,
            casualty_drop: rate,
            casualty_value: rate,
        }
    }

    /// No perturbation: the predictions are the gold records.
    pub fn none() -> Self {
        Perturb::uniform(0.0)
    }
}

impl Default for Perturb {
    /// 10% of everything.
    fn default() -> Self {
        Perturb::uniform(0.1)
    }
}

/// What to generate. Ranges are inclusive `(min, max)` per document; a
/// reversed range is read the right way round, and every number is capped at
/// [`MAX_PER_DOC`].
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// Number of documents (at most [`MAX_DOCS`]).
    pub docs: usize,
    /// The seed every document's streams derive from.
    pub seed: u64,
    /// Which layers to write.
    pub layers: Layers,
    /// Entity mentions per document (a target the generator reaches or
    /// passes; nested mentions count).
    pub entities: (usize, usize),
    /// Event mentions per document.
    pub events: (usize, usize),
    /// Casualty figures per document (each comes with its own event, counted
    /// in `events`).
    pub casualties: (usize, usize),
    /// Article length in code points: a target drawn from this range, which
    /// plain sentences are added to reach (the planned sentences may pass
    /// it).
    pub chars: (usize, usize),
    /// How predictions differ from the gold.
    pub perturb: Perturb,
}

impl Default for SynthConfig {
    /// 100 documents of 2,000–5,000 code points with 40 or more (about 65)
    /// entity mentions, 10–30 events and 2–5 casualty figures; 10%
    /// perturbation.
    fn default() -> Self {
        SynthConfig {
            docs: 100,
            seed: 0,
            layers: Layers::All,
            entities: (40, 60),
            events: (10, 30),
            casualties: (2, 5),
            chars: (2000, 5000),
            perturb: Perturb::default(),
        }
    }
}

/// One generated document.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthDoc {
    /// Document id ([`doc_id`]).
    pub id: String,
    /// The article text.
    pub text: String,
    /// Gold records: the document record, zones, entities, then (all layers)
    /// events and casualty figures.
    pub gold: Vec<Record>,
    /// Prediction records perturbed from the gold.
    pub pred: Vec<Record>,
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents.
    pub docs: usize,
    /// Gold entity mentions.
    pub entities: usize,
    /// Gold events.
    pub events: usize,
    /// Gold casualty figures.
    pub casualties: usize,
    /// Prediction records.
    pub predictions: usize,
    /// Bytes written, gold and predictions.
    pub bytes: u64,
}

/// The id of document `index`: `synth-0000000` and up, so ids sort in
/// generation order.
pub fn doc_id(index: usize) -> String {
    format!("synth-{index:07}")
}

// ---------------------------------------------------------------- vocabulary

/// `(ref, Arabic, English)`.
type Named = (&'static str, &'static str, &'static str);

const COUNTRIES: &[Named] = &[
    ("armenia", "أرمينيا", "Armenia"),
    ("azerbaijan", "أذربيجان", "Azerbaijan"),
    ("russia", "روسيا", "Russia"),
    ("turkey", "تركيا", "Turkey"),
    ("iran", "إيران", "Iran"),
    ("france", "فرنسا", "France"),
];

const CITIES: &[Named] = &[
    ("baku", "باكو", "Baku"),
    ("yerevan", "يريفان", "Yerevan"),
    ("moscow", "موسكو", "Moscow"),
    ("stepanakert", "ستيباناكيرت", "Stepanakert"),
    ("shusha", "شوشا", "Shusha"),
    ("ganja", "كنجة", "Ganja"),
    ("lachin", "لاتشين", "Lachin"),
    ("nagorno-karabakh", "قره باغ", "Nagorno-Karabakh"),
];

const PEOPLE: &[Named] = &[
    ("nikol-pashinyan", "نيكول باشينيان", "Nikol Pashinyan"),
    ("ilham-aliyev", "إلهام علييف", "Ilham Aliyev"),
    ("vladimir-putin", "فلاديمير بوتين", "Vladimir Putin"),
    ("sergey-lavrov", "سيرغي لافروف", "Sergey Lavrov"),
    (
        "recep-tayyip-erdogan",
        "رجب طيب أردوغان",
        "Recep Tayyip Erdoğan",
    ),
    ("antonio-guterres", "أنطونيو غوتيريش", "António Guterres"),
];

const ORGS: &[Named] = &[
    ("united-nations", "الأمم المتحدة", "United Nations"),
    ("minsk-group", "مجموعة مينسك", "OSCE Minsk Group"),
    ("icrc", "اللجنة الدولية للصليب الأحمر", "ICRC"),
    ("european-union", "الاتحاد الأوروبي", "European Union"),
];

const NORPS: &[Named] = &[
    ("armenians", "الأرمن", "Armenians"),
    ("azerbaijanis", "الأذربيجانيين", "Azerbaijanis"),
    ("russians", "الروس", "Russians"),
];

const LOCS: &[Named] = &[
    ("caucasus", "القوقاز", "Caucasus"),
    ("europe", "أوروبا", "Europe"),
];

/// ORGs built around a country name: `(ref suffix, Arabic prefix, English)`.
const COUNTRY_ORGS: &[(&str, &str, &str)] = &[
    ("foreign-ministry", "وزارة خارجية ", "Foreign Ministry"),
    ("defence-ministry", "وزارة دفاع ", "Defence Ministry"),
];

/// Cities with an airport (a FAC around a GPE).
const AIRPORT_CITIES: &[usize] = &[0, 1, 2, 3, 5];

const OCCS: &[&str] = &[
    "الرئيس",
    "رئيس الوزراء",
    "وزير الخارجية",
    "وزير الدفاع",
    "المتحدث باسم الحكومة",
    "قائد الجيش",
];

const DATES: &[&str] = &[
    "الأحد",
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "أمس",
    "اليوم",
    "الأسبوع الماضي",
];

const MONTHS: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

const TIMES: &[&str] = &["صباح اليوم", "منتصف الليل", "فجر اليوم", "مساء أمس"];

const WEAPONS: &[&str] = &[
    "الطائرات المسيرة",
    "المدفعية الثقيلة",
    "صواريخ غراد",
    "قذائف الهاون",
];

const FILLER: &[&str] = &[
    "وأضاف",
    "أن",
    "الوضع",
    "على",
    "الحدود",
    "لا",
    "يزال",
    "متوترا",
    "في",
    "ظل",
    "التطورات",
    "الأخيرة",
    "وأشار",
    "إلى",
    "المفاوضات",
    "ستستمر",
    "خلال",
    "الفترة",
    "المقبلة",
    "كما",
    "الجانبين",
    "الالتزام",
    "بالاتفاق",
    "مصادر",
    "محلية",
    "المنطقة",
    "تشهد",
    "هدوءا",
    "حذرا",
    "بعد",
    "أسابيع",
    "من",
    "التوتر",
    "المتصاعد",
    "وسط",
    "مخاوف",
    "دولية",
    "جديد",
    "الأوضاع",
    "الإنسانية",
    "السكان",
    "المدنيين",
];

/// Event types with one trigger word each, for body sentences.
const TRIGGERS: &[(EventType, &str)] = &[
    (EventType::ArmedClash, "اشتباكات"),
    (EventType::Shelling, "قصف"),
    (EventType::AirDroneStrike, "غارة"),
    (EventType::TerritoryTaken, "سيطرة"),
    (EventType::TerritoryHandover, "انسحاب"),
    (EventType::CeasefireCall, "دعوة"),
    (EventType::CeasefireOffer, "اقتراح"),
    (EventType::CeasefireDeclared, "إعلان"),
    (EventType::CeasefireImplemented, "سريان"),
    (EventType::CeasefireViolation, "خرق"),
    (EventType::TalksMediation, "محادثات"),
    (EventType::PrisonerExchange, "تبادل"),
    (EventType::SurrenderDisarm, "نزع"),
    (EventType::EvacuationAccess, "إجلاء"),
    (EventType::Displacement, "نزوح"),
    (EventType::Accusation, "اتهام"),
    (EventType::Denial, "نفي"),
    (EventType::SupportPledge, "دعم"),
    (EventType::Mobilization, "تعبئة"),
    (EventType::Protest, "تظاهرات"),
];

/// Triggers of the events casualty figures result from.
const VIOLENT: &[(EventType, &str)] = &[
    (EventType::Shelling, "قصف"),
    (EventType::ArmedClash, "اشتباكات"),
    (EventType::AirDroneStrike, "غارة"),
];

/// `(category, the noun that introduces the figure)`.
const CATEGORIES: &[(CasualtyCategory, &str)] = &[
    (CasualtyCategory::Killed, "مقتل"),
    (CasualtyCategory::Injured, "إصابة"),
    (CasualtyCategory::KilledOrInjured, "سقوط"),
    (CasualtyCategory::Missing, "فقدان"),
    (CasualtyCategory::Captured, "أسر"),
    (CasualtyCategory::Evacuated, "إجلاء"),
    (CasualtyCategory::Displaced, "تهجير"),
];

/// `(group, plural noun, accusative singular after 11+, definite plural)`.
const VICTIMS: &[(VictimGroup, &str, &str, &str)] = &[
    (VictimGroup::Military, "جنود", "جنديا", "الجنود"),
    (VictimGroup::Civilian, "مدنيين", "مدنيا", "المدنيين"),
    (VictimGroup::ArmedGroup, "مقاتلين", "مقاتلا", "المقاتلين"),
    (VictimGroup::Unknown, "أشخاص", "شخصا", "الأشخاص"),
];

const NUMBER_WORDS: &[(u64, &str)] = &[
    (3, "ثلاثة"),
    (4, "أربعة"),
    (5, "خمسة"),
    (6, "ستة"),
    (7, "سبعة"),
    (8, "ثمانية"),
    (9, "تسعة"),
    (10, "عشرة"),
];

/// `(word, low, high)`: ACLED's conservative bounds (rule C5).
const VAGUE: &[(&str, u64, u64)] = &[("عشرات", 12, 99), ("مئات", 100, 999), ("آلاف", 1000, 9999)];

const TITLES: &[&str] = &[
    "تتبادلان الاتهامات بخرق الهدنة",
    "تتفقان على وقف إطلاق النار",
    "تستأنفان المحادثات",
    "على حافة مواجهة جديدة",
];

fn country_org_ref(c: usize, o: usize) -> String {
    format!("{}-{}", COUNTRIES[c].0, COUNTRY_ORGS[o].0)
}

fn airport_ref(city: usize) -> String {
    format!("{}-airport", CITIES[city].0)
}

const WAR_REF: &str = "second-karabakh-war";
const OSCE_REF: &str = "osce";

/// The KB every generated mention links into (written as `gold/kb.jsonl`).
pub fn kb() -> Vec<KbEntry> {
    let entry = |r: &str, t: EntityType, en: &str, ar: &str| KbEntry {
        r#ref: r.to_owned(),
        entity_type: t,
        name_en: en.to_owned(),
        names_ar: vec![ar.to_owned()],
        wikidata: None,
    };
    let mut kb = Vec::new();
    for (r, ar, en) in COUNTRIES {
        kb.push(entry(r, EntityType::Gpe, en, ar));
    }
    for (r, ar, en) in CITIES {
        kb.push(entry(r, EntityType::Gpe, en, ar));
    }
    for (r, ar, en) in PEOPLE {
        kb.push(entry(r, EntityType::Pers, en, ar));
    }
    for (r, ar, en) in ORGS {
        kb.push(entry(r, EntityType::Org, en, ar));
    }
    for (r, ar, en) in NORPS {
        kb.push(entry(r, EntityType::Norp, en, ar));
    }
    for (r, ar, en) in LOCS {
        kb.push(entry(r, EntityType::Loc, en, ar));
    }
    for (c, (_, car, cen)) in COUNTRIES.iter().enumerate() {
        for (o, (_, oar, oen)) in COUNTRY_ORGS.iter().enumerate() {
            kb.push(entry(
                &country_org_ref(c, o),
                EntityType::Org,
                &format!("{oen} of {cen}"),
                &format!("{oar}{car}"),
            ));
        }
    }
    for &city in AIRPORT_CITIES {
        let (_, ar, en) = CITIES[city];
        kb.push(entry(
            &airport_ref(city),
            EntityType::Fac,
            &format!("{en} airport"),
            &format!("مطار {ar}"),
        ));
    }
    kb.push(entry(
        "lachin-corridor",
        EntityType::Fac,
        "Lachin corridor",
        "ممر لاتشين",
    ));
    kb.push(entry(
        WAR_REF,
        EntityType::Event,
        "Second Nagorno-Karabakh War",
        "حرب قره باغ الثانية",
    ));
    kb.push(entry(
        OSCE_REF,
        EntityType::Org,
        "OSCE",
        "منظمة الأمن والتعاون في أوروبا",
    ));
    kb
}

// ------------------------------------------------------------------- random

/// SplitMix64: spreads `(seed, index, salt)` over the seed space so that
/// neighbouring documents get unrelated streams.
fn mix(seed: u64, index: u64, salt: u64) -> u64 {
    let mut z = seed
        .wrapping_add(index.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(salt);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const GOLD_SALT: u64 = 0x676f_6c64;
const PRED_SALT: u64 = 0x7072_6564;

/// A probability that can never make the generator panic (NaN is never).
fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// A number in `lo..=hi`, either way round.
fn between(rng: &mut ChaCha8Rng, lo: usize, hi: usize) -> usize {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    rng.random_range(lo..=hi)
}

fn between_u64(rng: &mut ChaCha8Rng, lo: u64, hi: u64) -> u64 {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    rng.random_range(lo..=hi)
}

/// An index into a non-empty list (0 for an empty one; callers never pass
/// one).
fn pick(rng: &mut ChaCha8Rng, len: usize) -> usize {
    if len == 0 {
        0
    } else {
        rng.random_range(0..len)
    }
}

fn range(r: (usize, usize)) -> (usize, usize) {
    (r.0.min(MAX_PER_DOC), r.1.min(MAX_PER_DOC))
}

/// `n` in ASCII or Arabic-Indic digits.
fn digits(n: u64, arabic_indic: bool) -> String {
    let s = n.to_string();
    if !arabic_indic {
        return s;
    }
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

// ------------------------------------------------------------------ builder

/// Writes the article and its records together: every span is the code-point
/// range the builder has just appended.
struct Builder {
    doc: String,
    rng: ChaCha8Rng,
    text: String,
    /// Length of `text` in code points.
    len: usize,
    entities: Vec<Entity>,
    events: Vec<Event>,
    casualties: Vec<Casualty>,
    /// Spans of plain words no mention covers (where spurious predictions go).
    plain: Vec<(usize, usize)>,
}

/// A pending event argument.
type ArgSpec = (Role, String);

impl Builder {
    fn raw(&mut self, s: &str) -> (usize, usize) {
        let start = self.len;
        self.text.push_str(s);
        self.len += s.chars().count();
        (start, self.len)
    }

    fn word(&mut self, w: &str) {
        let span = self.raw(w);
        self.plain.push(span);
    }

    fn fillers(&mut self, n: usize) {
        for i in 0..n {
            if i > 0 {
                self.raw(" ");
            }
            let w = FILLER[pick(&mut self.rng, FILLER.len())];
            self.word(w);
        }
    }

    /// Records an entity over `start..self.len`; returns its id.
    fn entity(&mut self, start: usize, ty: EntityType, r: Option<String>) -> String {
        let id = format!("e{}", self.entities.len() + 1);
        let text = self.slice_from(start);
        self.entities.push(Entity {
            doc: self.doc.clone(),
            id: Some(id.clone()),
            entity_type: ty.into(),
            start: Some(start),
            end: Some(self.len),
            text,
            r#ref: r,
        });
        id
    }

    /// The text from code point `start` to the end.
    fn slice_from(&self, start: usize) -> String {
        let skip = self.len - start.min(self.len);
        let chars: Vec<char> = self.text.chars().rev().take(skip).collect();
        chars.into_iter().rev().collect()
    }

    fn named(&mut self, ty: EntityType, n: &Named) -> String {
        let (start, _) = self.raw(n.1);
        self.entity(start, ty, Some(n.0.to_owned()))
    }

    fn country(&mut self) -> (usize, String) {
        let c = pick(&mut self.rng, COUNTRIES.len());
        (c, self.named(EntityType::Gpe, &COUNTRIES[c]))
    }

    /// A country's ministry, with the country nested inside: returns the
    /// ORG's id and the country's index.
    fn ministry(&mut self) -> (String, usize) {
        let o = pick(&mut self.rng, COUNTRY_ORGS.len());
        let start = self.len;
        self.raw(COUNTRY_ORGS[o].1);
        let (c, _) = self.country();
        (
            self.entity(start, EntityType::Org, Some(country_org_ref(c, o))),
            c,
        )
    }

    fn osce(&mut self) -> String {
        let start = self.len;
        self.raw("منظمة الأمن والتعاون في ");
        self.named(EntityType::Loc, &LOCS[1]);
        self.entity(start, EntityType::Org, Some(OSCE_REF.to_owned()))
    }

    /// A person, sometimes after a title (a separate OCC mention).
    fn person(&mut self) -> String {
        if chance(&mut self.rng, 0.3) {
            self.occ();
            self.raw(" ");
        }
        let p = pick(&mut self.rng, PEOPLE.len());
        self.named(EntityType::Pers, &PEOPLE[p])
    }

    fn occ(&mut self) -> String {
        let o = OCCS[pick(&mut self.rng, OCCS.len())];
        let (start, _) = self.raw(o);
        self.entity(start, EntityType::Occ, None)
    }

    /// Who acts: a country, a ministry, a person, an organisation or a people.
    fn actor(&mut self) -> String {
        match pick(&mut self.rng, 20) {
            0..=7 => self.country().1,
            8..=11 => self.ministry().0,
            12..=14 => self.person(),
            15..=16 => {
                let o = pick(&mut self.rng, ORGS.len());
                self.named(EntityType::Org, &ORGS[o])
            }
            17 => self.osce(),
            _ => {
                let n = pick(&mut self.rng, NORPS.len());
                self.named(EntityType::Norp, &NORPS[n])
            }
        }
    }

    /// Where: a city, a country, an airport or corridor around a city, a
    /// region.
    fn place(&mut self) -> String {
        match pick(&mut self.rng, 20) {
            0..=9 => {
                let c = pick(&mut self.rng, CITIES.len());
                self.named(EntityType::Gpe, &CITIES[c])
            }
            10..=12 => self.country().1,
            13..=15 => {
                let city = AIRPORT_CITIES[pick(&mut self.rng, AIRPORT_CITIES.len())];
                let start = self.len;
                self.raw("مطار ");
                self.named(EntityType::Gpe, &CITIES[city]);
                self.entity(start, EntityType::Fac, Some(airport_ref(city)))
            }
            16 => {
                let start = self.len;
                self.raw("ممر ");
                self.named(EntityType::Gpe, &CITIES[6]);
                self.entity(start, EntityType::Fac, Some("lachin-corridor".into()))
            }
            _ => self.named(EntityType::Loc, &LOCS[0]),
        }
    }

    /// When: a weekday or relative date, a date with a month, a duration, a
    /// time of day.
    fn time(&mut self) -> String {
        let start = self.len;
        let ty = match pick(&mut self.rng, 10) {
            0..=4 => {
                let d = DATES[pick(&mut self.rng, DATES.len())];
                self.raw(d);
                EntityType::Date
            }
            5..=6 => {
                let day = between_u64(&mut self.rng, 1, 28);
                let ai = chance(&mut self.rng, 0.3);
                let m = MONTHS[pick(&mut self.rng, MONTHS.len())];
                self.raw(&format!("{} {m}", digits(day, ai)));
                EntityType::Date
            }
            7 => {
                let n = NUMBER_WORDS[pick(&mut self.rng, NUMBER_WORDS.len())].1;
                self.raw(&format!("{n} أيام"));
                EntityType::Date
            }
            _ => {
                let t = TIMES[pick(&mut self.rng, TIMES.len())];
                self.raw(t);
                EntityType::Time
            }
        };
        self.entity(start, ty, None)
    }

    fn weapon(&mut self) -> String {
        let w = WEAPONS[pick(&mut self.rng, WEAPONS.len())];
        let (start, _) = self.raw(w);
        self.entity(start, EntityType::Wea, None)
    }

    /// Any mention, for sentences without events.
    fn any_mention(&mut self) -> String {
        match pick(&mut self.rng, 12) {
            0..=3 => self.actor(),
            4..=6 => self.place(),
            7..=8 => self.time(),
            9 => self.weapon(),
            10 => self.occ(),
            _ => {
                let start = self.len;
                self.raw("حرب ");
                self.named(EntityType::Gpe, &CITIES[7]);
                self.raw(" الثانية");
                self.entity(start, EntityType::Event, Some(WAR_REF.to_owned()))
            }
        }
    }

    fn modality(&mut self) -> Modality {
        match pick(&mut self.rng, 20) {
            0..=13 => Modality::Asserted,
            14..=15 => Modality::Future,
            16..=17 => Modality::CalledFor,
            18 => Modality::Hypothetical,
            _ => Modality::Negated,
        }
    }

    fn event(
        &mut self,
        ty: EventType,
        trigger: (usize, usize),
        args: Vec<ArgSpec>,
        reported_by: Option<String>,
    ) -> String {
        let id = format!("v{}", self.events.len() + 1);
        // Rule V8: a call is called_for, an offer asserted.
        let modality = match ty {
            EventType::CeasefireCall => Modality::CalledFor,
            EventType::CeasefireOffer => Modality::Asserted,
            _ => self.modality(),
        };
        let text = self
            .text
            .chars()
            .skip(trigger.0)
            .take(trigger.1 - trigger.0)
            .collect();
        self.events.push(Event {
            doc: self.doc.clone(),
            id: Some(id.clone()),
            event_type: ty,
            trigger: Trigger {
                start: Some(trigger.0),
                end: Some(trigger.1),
                text,
            },
            args: args
                .into_iter()
                .map(|(role, m)| Arg {
                    role,
                    mention: Some(m),
                    text: None,
                    r#ref: None,
                })
                .collect(),
            modality,
            reported_by,
        });
        id
    }

    /// A sentence with one event (or two, when `two`): a trigger, an actor,
    /// perhaps a recipient, place, mediator and time, all of the sentence.
    fn event_sentence(&mut self, two: bool) {
        let mut reported_by = None;
        if chance(&mut self.rng, 0.1) {
            self.raw("وقال ");
            reported_by = Some(self.person());
            self.raw(" إن ");
        }
        let mut args = Vec::new();
        if chance(&mut self.rng, 0.25) {
            self.raw("وفي ");
            args.push((Role::Time, self.time()));
            self.raw("، ");
        }
        let (ty, word) = TRIGGERS[pick(&mut self.rng, TRIGGERS.len())];
        let trigger = self.raw(word);
        self.raw(" ");
        let actor = self.actor();
        args.push((Role::Actor, actor.clone()));
        if chance(&mut self.rng, 0.25) {
            let against = chance(&mut self.rng, 0.5);
            self.raw(if against { " ضد " } else { " مع " });
            args.push((Role::Recipient, self.actor()));
        }
        if chance(&mut self.rng, 0.4) {
            // «في» before a place, or the proclitic «ب» glued to it.
            if chance(&mut self.rng, 0.7) {
                self.raw(" في ");
            } else {
                self.raw(" ب");
            }
            args.push((Role::Location, self.place()));
        }
        if chance(&mut self.rng, 0.1) {
            self.raw(" بوساطة ");
            args.push((Role::Mediator, self.actor()));
        }
        if chance(&mut self.rng, 0.1) {
            self.raw(" باستخدام ");
            self.weapon();
        }
        self.raw("، ");
        let n = between(&mut self.rng, 2, 6);
        self.fillers(n);
        self.event(ty, trigger, args, reported_by.clone());
        if two {
            self.raw("، ما أدى إلى ");
            let (ty2, word2) = TRIGGERS[pick(&mut self.rng, TRIGGERS.len())];
            let trigger2 = self.raw(word2);
            self.raw(" في ");
            let place = self.place();
            self.event(
                ty2,
                trigger2,
                vec![(Role::Actor, actor), (Role::Location, place)],
                reported_by,
            );
        }
        self.raw(".");
    }

    /// A count expression; returns the count and the victims' group.
    fn count_expression(&mut self) -> (Count, VictimGroup) {
        let (group, plural, singular, definite) = VICTIMS[pick(&mut self.rng, VICTIMS.len())];
        let ai = chance(&mut self.rng, 0.3);
        let num = |rng: &mut ChaCha8Rng, lo: u64, hi: u64| {
            let n = between_u64(rng, lo, hi);
            (n, digits(n, ai))
        };
        let exact = |v: u64, q: Qualifier| {
            let mut c = Count {
                value: Some(v),
                qualifier: q,
                low: None,
                high: None,
            };
            if let Some((l, h)) = crate::validate::expected_bounds(&c) {
                c.low = l;
                c.high = h;
            }
            c
        };
        let (count, text) = match pick(&mut self.rng, 9) {
            0 => {
                let (v, w) = NUMBER_WORDS[pick(&mut self.rng, NUMBER_WORDS.len())];
                (exact(v, Qualifier::Exact), format!("{w} {plural}"))
            }
            1 => {
                let (v, d) = num(&mut self.rng, 11, 500);
                (exact(v, Qualifier::Exact), format!("{d} {singular}"))
            }
            2 => {
                let (v, d) = num(&mut self.rng, 20, 2000);
                (exact(v, Qualifier::Approx), format!("نحو {d} {singular}"))
            }
            3 => {
                let (v, d) = num(&mut self.rng, 10, 300);
                (
                    exact(v, Qualifier::AtLeast),
                    format!("ما لا يقل عن {d} {singular}"),
                )
            }
            4 => {
                let (v, d) = num(&mut self.rng, 10, 5000);
                (
                    exact(v, Qualifier::MoreThan),
                    format!("أكثر من {d} {singular}"),
                )
            }
            5 => {
                let (v, d) = num(&mut self.rng, 10, 100);
                (
                    exact(v, Qualifier::LessThan),
                    format!("أقل من {d} {singular}"),
                )
            }
            6 => {
                let (v, d) = num(&mut self.rng, 5, 100);
                (
                    exact(v, Qualifier::AtMost),
                    format!("{d} {singular} على الأكثر"),
                )
            }
            7 => {
                let (a, da) = num(&mut self.rng, 10, 100);
                let (b, db) = num(&mut self.rng, a + 5, a + 200);
                (
                    Count {
                        value: None,
                        qualifier: Qualifier::Range,
                        low: Some(a),
                        high: Some(b),
                    },
                    format!("بين {da} و{db} {singular}"),
                )
            }
            _ => {
                let (w, lo, hi) = VAGUE[pick(&mut self.rng, VAGUE.len())];
                (
                    Count {
                        value: None,
                        qualifier: Qualifier::Vague,
                        low: Some(lo),
                        high: Some(hi),
                    },
                    format!("{w} {definite}"),
                )
            }
        };
        self.raw(&text);
        (count, group)
    }

    /// «وذكرت <source> أن <category> <count> في <violent event> على
    /// <place> <time>.» — a casualty figure, its source, and the event it
    /// results from, all in one sentence.
    fn casualty_sentence(&mut self) {
        self.raw("وذكرت ");
        let (source, side) = if chance(&mut self.rng, 0.7) {
            let (id, c) = self.ministry();
            (id, Some(COUNTRIES[c].0.to_owned()))
        } else {
            let o = pick(&mut self.rng, ORGS.len());
            (self.named(EntityType::Org, &ORGS[o]), None)
        };
        self.raw(" أن ");
        let (category, noun) = CATEGORIES[pick(&mut self.rng, CATEGORIES.len())];
        self.raw(noun);
        self.raw(" ");
        let start = self.len;
        let (count, group) = self.count_expression();
        let end = self.len;
        let text = self.slice_from(start);
        self.raw(" في ");
        let (ty, word) = VIOLENT[pick(&mut self.rng, VIOLENT.len())];
        let trigger = self.raw(word);
        self.raw(" على ");
        let mut args = vec![(Role::Location, self.place())];
        if chance(&mut self.rng, 0.5) {
            self.raw(" ");
            args.push((Role::Time, self.time()));
        }
        self.raw(".");
        let event = self.event(ty, trigger, args, Some(source.clone()));
        let side = if chance(&mut self.rng, 0.5) {
            side
        } else {
            None
        };
        let scope = match pick(&mut self.rng, 10) {
            0..=6 => Scope::Incident,
            7..=8 => Scope::Cumulative,
            _ => Scope::Historical,
        };
        let id = format!("c{}", self.casualties.len() + 1);
        self.casualties.push(Casualty {
            doc: self.doc.clone(),
            id: Some(id),
            start: Some(start),
            end: Some(end),
            text,
            category,
            count,
            victims: Some(Victims { group, side }),
            source: Some(source),
            event: Some(event),
            scope: Some(scope),
        });
    }

    /// Plain words, with `mentions` mentions among them.
    fn filler_sentence(&mut self, mentions: usize) {
        let n = between(&mut self.rng, 5, 12);
        let mut slots: Vec<usize> = (0..mentions).map(|_| pick(&mut self.rng, n)).collect();
        slots.sort_unstable();
        let mut slot = slots.into_iter().peekable();
        for i in 0..n {
            if i > 0 {
                self.raw(" ");
            }
            let w = FILLER[pick(&mut self.rng, FILLER.len())];
            self.word(w);
            while slot.next_if_eq(&i).is_some() {
                self.raw(" ");
                self.any_mention();
            }
        }
        self.raw(".");
    }
}

// ------------------------------------------------------------------ documents

/// Sentence kinds of a document's plan.
#[derive(Clone, Copy)]
enum Plan {
    Event,
    TwoEvents,
    Casualty,
}

/// Generates document `index` of the corpus `config` describes.
pub fn document(config: &SynthConfig, index: usize) -> SynthDoc {
    let id = doc_id(index);
    let mut b = Builder {
        doc: id.clone(),
        rng: ChaCha8Rng::seed_from_u64(mix(config.seed, index as u64, GOLD_SALT)),
        text: String::new(),
        len: 0,
        entities: Vec::new(),
        events: Vec::new(),
        casualties: Vec::new(),
        plain: Vec::new(),
    };
    let (elo, ehi) = range(config.entities);
    let (vlo, vhi) = range(config.events);
    let (clo, chi) = range(config.casualties);
    let entity_target = between(&mut b.rng, elo, ehi);
    let casualties = between(&mut b.rng, clo, chi);
    let events = between(&mut b.rng, vlo, vhi).max(casualties);
    let (clo_chars, chi_chars) = config.chars;
    let min_chars = between(
        &mut b.rng,
        clo_chars.min(MAX_PER_DOC * 10),
        chi_chars.min(MAX_PER_DOC * 10),
    );

    // Title: two countries, the second behind the proclitic «و».
    let title_start = b.len;
    b.country();
    b.raw(" و");
    b.country();
    b.raw(" ");
    let t = TITLES[pick(&mut b.rng, TITLES.len())];
    b.raw(t);
    let title_end = b.len;
    let title = b.slice_from(title_start);
    b.raw("\n\n");

    // Body: the planned sentences in random order, plain ones between them,
    // then more until the targets are met.
    let body_start = b.len;
    let mut plan: Vec<Plan> = vec![Plan::Casualty; casualties];
    let mut left = events - casualties;
    while left > 0 {
        if left >= 2 && chance(&mut b.rng, 0.2) {
            plan.push(Plan::TwoEvents);
            left -= 2;
        } else {
            plan.push(Plan::Event);
            left -= 1;
        }
    }
    for i in (1..plan.len()).rev() {
        let j = pick(&mut b.rng, i + 1);
        plan.swap(i, j);
    }
    let mut in_paragraph = 0;
    for p in plan {
        match p {
            Plan::Event => b.event_sentence(false),
            Plan::TwoEvents => b.event_sentence(true),
            Plan::Casualty => b.casualty_sentence(),
        }
        sentence_end(&mut b, &mut in_paragraph);
        if chance(&mut b.rng, 0.3) {
            let m = usize::from(chance(&mut b.rng, 0.2));
            b.filler_sentence(m);
            sentence_end(&mut b, &mut in_paragraph);
        }
    }
    while b.entities.len() < entity_target {
        let m = between(&mut b.rng, 1, 3);
        b.filler_sentence(m);
        sentence_end(&mut b, &mut in_paragraph);
    }
    while b.len < min_chars {
        let m = usize::from(chance(&mut b.rng, 0.1));
        b.filler_sentence(m);
        sentence_end(&mut b, &mut in_paragraph);
    }
    if b.len == body_start {
        b.filler_sentence(1);
        sentence_end(&mut b, &mut in_paragraph);
    }
    // Drop the separator after the last sentence.
    b.text.pop();
    b.len -= 1;
    let body_end = b.len;
    b.raw("\n\n");

    // A read-also line and a source line, as on real pages.
    let related_start = b.len;
    b.raw("اقرأ أيضا: ");
    b.filler_sentence(1);
    let related_end = b.len;
    b.raw("\n");
    let boiler = b.raw("المصدر: وكالات");
    b.raw("\n");

    let sha256 = hex(&Sha256::digest(b.text.as_bytes()));
    let year = between_u64(&mut b.rng, 2020, 2023);
    let month = between_u64(&mut b.rng, 1, 12);
    let day = between_u64(&mut b.rng, 1, 28);
    let mut gold = Vec::with_capacity(5 + b.entities.len() + b.events.len() + b.casualties.len());
    gold.push(Record::Document(Document {
        doc: id.clone(),
        sha256,
        lang: "ar".into(),
        title: Some(title),
        outlet: None,
        published: Some(format!("{year:04}-{month:02}-{day:02}")),
        published_basis: DateBasis::Inferred,
        note: format!(
            "Synthetic: generated by `hudna synth` (seed {}, document {index}); the date is drawn, not inferred.",
            config.seed
        ),
    }));
    let zones = [
        (ZoneType::Title, title_start, title_end),
        (ZoneType::Body, body_start, body_end),
        (ZoneType::Related, related_start, related_end),
        (ZoneType::Boilerplate, boiler.0, boiler.1),
    ];
    for (i, (zone_type, start, end)) in zones.into_iter().enumerate() {
        gold.push(Record::Zone(Zone {
            doc: id.clone(),
            id: format!("z{}", i + 1),
            zone_type,
            start,
            end,
        }));
    }
    let chars: Vec<char> = b.text.chars().collect();
    let mut prng = ChaCha8Rng::seed_from_u64(mix(config.seed, index as u64, PRED_SALT));
    let (events, casualties) = match config.layers {
        Layers::All => (b.events, b.casualties),
        Layers::Entities => (Vec::new(), Vec::new()),
    };
    let pred = perturb(
        &mut prng,
        &config.perturb,
        &chars,
        &b.plain,
        &b.entities,
        &events,
        &casualties,
    );
    gold.extend(b.entities.into_iter().map(Record::Entity));
    gold.extend(events.into_iter().map(Record::Event));
    gold.extend(casualties.into_iter().map(Record::Casualty));
    SynthDoc {
        id,
        text: b.text,
        gold,
        pred,
    }
}

/// A space between sentences, or a new paragraph after four or more.
fn sentence_end(b: &mut Builder, in_paragraph: &mut usize) {
    *in_paragraph += 1;
    if *in_paragraph >= 4 && chance(&mut b.rng, 0.4) {
        b.raw("\n");
        *in_paragraph = 0;
    } else {
        b.raw(" ");
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

// --------------------------------------------------------------- predictions

fn other<T: Copy + PartialEq>(rng: &mut ChaCha8Rng, all: &[T], not: T) -> T {
    let choices: Vec<T> = all.iter().copied().filter(|t| *t != not).collect();
    if choices.is_empty() {
        not
    } else {
        choices[pick(rng, choices.len())]
    }
}

/// The predictions: the gold records, each perturbed with its layer's rates.
/// Ids are kept, so references stay valid; a reference to a dropped record
/// is removed with it (an argument of a dropped mention goes too).
fn perturb(
    rng: &mut ChaCha8Rng,
    p: &Perturb,
    chars: &[char],
    plain: &[(usize, usize)],
    entities: &[Entity],
    events: &[Event],
    casualties: &[Casualty],
) -> Vec<Record> {
    let slice = |s: usize, e: usize| -> String {
        let e = e.min(chars.len());
        chars[s.min(e)..e].iter().collect()
    };
    let mut out = Vec::with_capacity(entities.len() + events.len() + casualties.len());
    let mut dropped: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut spurious = 0;
    for g in entities {
        if chance(rng, p.entity_spurious) && !plain.is_empty() {
            let (s, e) = plain[pick(rng, plain.len())];
            spurious += 1;
            out.push(Record::Entity(Entity {
                doc: g.doc.clone(),
                id: Some(format!("x{spurious}")),
                entity_type: EntityType::ALL[pick(rng, EntityType::ALL.len())].into(),
                start: Some(s),
                end: Some(e),
                text: slice(s, e),
                r#ref: None,
            }));
        }
        if chance(rng, p.entity_drop) {
            if let Some(id) = &g.id {
                dropped.insert(id);
            }
            continue;
        }
        let mut e = g.clone();
        if chance(rng, p.entity_retype) {
            // Synthetic gold uses hudna's types only.
            if let Some(t) = g.entity_type.known() {
                e.entity_type = other(rng, EntityType::ALL, t).into();
            }
        }
        if chance(rng, p.entity_shift)
            && let (Some(s), Some(en)) = (g.start, g.end)
        {
            let (s, en) = if en - s >= 2 {
                if chance(rng, 0.5) {
                    (s, en - 1)
                } else {
                    (s + 1, en)
                }
            } else if en < chars.len() {
                (s, en + 1)
            } else {
                (s, en)
            };
            e.start = Some(s);
            e.end = Some(en);
            e.text = slice(s, en);
        }
        out.push(Record::Entity(e));
    }
    let mut dropped_events: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for g in events {
        if chance(rng, p.event_drop) {
            if let Some(id) = &g.id {
                dropped_events.insert(id);
            }
            continue;
        }
        let mut v = g.clone();
        if chance(rng, p.event_retype) {
            v.event_type = other(rng, EventType::ALL, g.event_type);
        }
        if chance(rng, p.event_role) && !v.args.is_empty() {
            let i = pick(rng, v.args.len());
            v.args[i].role = other(rng, Role::ALL, v.args[i].role);
        }
        v.args
            .retain(|a| a.mention.as_deref().is_none_or(|m| !dropped.contains(m)));
        if v.reported_by
            .as_deref()
            .is_some_and(|m| dropped.contains(m))
        {
            v.reported_by = None;
        }
        out.push(Record::Event(v));
    }
    for g in casualties {
        if chance(rng, p.casualty_drop) {
            continue;
        }
        let mut c = g.clone();
        if chance(rng, p.casualty_value) {
            // A number the gold count does not admit: above its upper bound
            // (and its value), or, for an open-ended count, below its lower.
            let n = match (g.count.high, g.count.low) {
                (Some(h), _) => h.max(g.count.value.unwrap_or(0)) + 1 + between_u64(rng, 0, 9),
                (None, Some(l)) => l / 2,
                (None, None) => g.count.value.unwrap_or(0) + 1,
            };
            c.count = Count {
                value: Some(n),
                qualifier: Qualifier::Exact,
                low: Some(n),
                high: Some(n),
            };
        }
        if c.source.as_deref().is_some_and(|m| dropped.contains(m)) {
            c.source = None;
        }
        if c.event
            .as_deref()
            .is_some_and(|v| dropped_events.contains(v))
        {
            c.event = None;
        }
        out.push(Record::Casualty(c));
    }
    out
}

// ------------------------------------------------------------------- writing

/// A file being written, with the path for error messages.
struct Out {
    path: PathBuf,
    w: BufWriter<File>,
    bytes: u64,
}

impl Out {
    fn create(path: PathBuf) -> Result<Self, Error> {
        let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok(Out {
            path,
            w: BufWriter::new(f),
            bytes: 0,
        })
    }

    fn bytes(&mut self, b: &[u8]) -> Result<(), Error> {
        self.bytes += b.len() as u64;
        self.w.write_all(b).map_err(|e| Error::io(&self.path, e))
    }

    fn line<T: serde::Serialize>(&mut self, value: &T, buf: &mut Vec<u8>) -> Result<(), Error> {
        buf.clear();
        serde_json::to_writer(&mut *buf, value)
            .map_err(|e| Error::io(&self.path, std::io::Error::other(e)))?;
        buf.push(b'\n');
        self.bytes += buf.len() as u64;
        self.w.write_all(buf).map_err(|e| Error::io(&self.path, e))
    }

    fn finish(mut self) -> Result<u64, Error> {
        self.w.flush().map_err(|e| Error::io(&self.path, e))?;
        Ok(self.bytes)
    }
}

/// Writes one document's gold records as JSONL (the `<doc>.jsonl` body).
pub fn write_records(records: &[Record], w: &mut dyn Write) -> std::io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut *w, r).map_err(std::io::Error::other)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Makes `dir` ready: created if missing; refused when it holds anything,
/// unless `overwrite`, which removes its `gold/` and `pred/` (and nothing
/// else) first.
fn prepare(dir: &Path, overwrite: bool) -> Result<(PathBuf, PathBuf), Error> {
    let gold = dir.join("gold");
    let pred = dir.join("pred");
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() {
            if !overwrite {
                return Err(Error::io(
                    dir,
                    std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "directory is not empty; refusing to write a synthetic corpus into it (overwriting replaces only its gold/ and pred/)",
                    ),
                ));
            }
            for sub in [&gold, &pred] {
                if sub.exists() {
                    std::fs::remove_dir_all(sub).map_err(|e| Error::io(sub, e))?;
                }
            }
        }
    }
    for sub in [&gold, &pred] {
        std::fs::create_dir_all(sub).map_err(|e| Error::io(sub, e))?;
    }
    Ok((gold, pred))
}

/// Writes the corpus `config` describes into `dir` (layout in the module
/// documentation). `dir` must be missing or empty unless `overwrite`.
pub fn write_corpus(config: &SynthConfig, dir: &Path, overwrite: bool) -> Result<Summary, Error> {
    crate::limits::check(
        "docs",
        config.docs,
        MAX_DOCS,
        "a synthetic corpus is sized for benchmarks; a million documents are some 36 GB",
    )?;
    let (gold_dir, pred_dir) = prepare(dir, overwrite)?;
    let mut summary = Summary::default();
    let mut buf = Vec::with_capacity(1 << 12);

    let mut kb_out = Out::create(gold_dir.join("kb.jsonl"))?;
    for entry in kb() {
        kb_out.line(&entry, &mut buf)?;
    }
    summary.bytes += kb_out.finish()?;

    let mut sources = Out::create(gold_dir.join("SOURCES.sha256"))?;
    let mut shard: Option<Out> = None;
    for index in 0..config.docs {
        let doc = document(config, index);
        summary.docs += 1;
        let mut txt = Out::create(gold_dir.join(format!("{}.txt", doc.id)))?;
        txt.bytes(doc.text.as_bytes())?;
        summary.bytes += txt.finish()?;
        let mut jsonl = Out::create(gold_dir.join(format!("{}.jsonl", doc.id)))?;
        for r in &doc.gold {
            match r {
                Record::Entity(_) => summary.entities += 1,
                Record::Event(_) => summary.events += 1,
                Record::Casualty(_) => summary.casualties += 1,
                Record::Document(d) => {
                    sources.bytes(format!("{}  {}.txt\n", d.sha256, doc.id).as_bytes())?;
                }
                Record::Zone(_) => {}
            }
            jsonl.line(r, &mut buf)?;
        }
        summary.bytes += jsonl.finish()?;

        if index % DOCS_PER_SHARD == 0 {
            if let Some(done) = shard.take() {
                summary.bytes += done.finish()?;
            }
            let name = format!("part-{:05}.jsonl", index / DOCS_PER_SHARD);
            shard = Some(Out::create(pred_dir.join(name))?);
        }
        if let Some(out) = shard.as_mut() {
            for r in &doc.pred {
                out.line(r, &mut buf)?;
            }
        }
        summary.predictions += doc.pred.len();
    }
    if let Some(done) = shard.take() {
        summary.bytes += done.finish()?;
    }
    summary.bytes += sources.finish()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_the_text_they_claim() {
        let config = SynthConfig::default();
        for i in 0..5 {
            let d = document(&config, i);
            let chars: Vec<char> = d.text.chars().collect();
            for r in &d.gold {
                if let Record::Entity(e) = r {
                    let (s, en) = (e.start.unwrap(), e.end.unwrap());
                    assert_eq!(chars[s..en].iter().collect::<String>(), e.text);
                }
            }
        }
    }

    #[test]
    fn hostile_configs_do_not_panic() {
        let config = SynthConfig {
            entities: (0, 0),
            events: (0, 0),
            casualties: (0, 0),
            chars: (0, 0),
            perturb: Perturb::uniform(f64::NAN),
            ..SynthConfig::default()
        };
        let d = document(&config, usize::MAX);
        assert!(!d.text.is_empty());
        let reversed = SynthConfig {
            entities: (5, 0),
            events: (3, 1),
            casualties: (9, 2),
            ..config
        };
        assert!(!document(&reversed, 1).gold.is_empty());
        let d = document(
            &SynthConfig {
                perturb: Perturb::uniform(7.0),
                ..SynthConfig::default()
            },
            3,
        );
        assert!(d.pred.iter().all(|r| !matches!(r, Record::Casualty(_))));
    }
}
