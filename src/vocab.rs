//! Closed vocabularies of the record contract.
//!
//! Every label set is declared once here, with the exact JSON spelling and a
//! description. The JSON Schemas, the validator, the scorer and the reports
//! all read these tables, so a label cannot exist in one place and not another.

/// Declares a string-valued enum with its JSON spelling and description.
macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $json:literal : $desc:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[doc = $desc] #[serde(rename = $json)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order (the order reports use).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The JSON spelling.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $json),+ }
            }

            /// What the value means, as documented in the schemas.
            pub fn description(self) -> &'static str {
                match self { $($name::$variant => $desc),+ }
            }

            /// Parses the JSON spelling.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($json => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab! {
    /// Entity mention types: Wojood's names plus ACE's WEA.
    EntityType {
        Pers = "PERS": "A person, by name; titles are separate OCC mentions.",
        Norp = "NORP": "A nationality, ethnic, religious or political group, or its adjective.",
        Occ = "OCC": "An occupation, title or role.",
        Org = "ORG": "An organisation with a formal structure: government body, army, agency, media, alliance.",
        Gpe = "GPE": "A geopolitical entity: country, city, capital, governed territory.",
        Loc = "LOC": "A location without a government: region, natural feature.",
        Fac = "FAC": "A facility: building, road, corridor.",
        Event = "EVENT": "A named or uniquely designated real-world event, such as a war.",
        Date = "DATE": "A date, weekday, year, relative date or duration of a day or more.",
        Time = "TIME": "A clock time, part of day or duration under a day.",
        Wea = "WEA": "A weapon or class of weapons (from ACE).",
    }
}

impl EntityType {
    /// Types whose mentions name a real-world entity and so must link to the KB.
    pub fn needs_ref(self) -> bool {
        !matches!(
            self,
            EntityType::Occ | EntityType::Date | EntityType::Time | EntityType::Wea
        )
    }
}

/// The longest entity label a core-profile corpus may use, in code points
/// (its schema's `maxLength`): a label is a report column, not a note.
pub const MAX_LABEL_CHARS: usize = 64;

/// An entity mention's type as a record holds it: one of hudna's own
/// ([`EntityType`], all the strict profile allows) or a core-profile
/// corpus's own label (`PER`, `MISC`, ANERcorp's or Wojood's sets; see
/// [`crate::profile`]). Serialized as the plain string, so records read and
/// write exactly as before. Made only by [`EntityLabel::parse`] and from an
/// [`EntityType`], so `"GPE"` is always the known type and equality is
/// equality of spelling.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityLabel(Label);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Label {
    Known(EntityType),
    Other(Box<str>),
}

impl EntityLabel {
    /// The label spelled `s`: hudna's type of that name, or `s` itself.
    pub fn parse(s: &str) -> EntityLabel {
        EntityLabel(match EntityType::parse(s) {
            Some(t) => Label::Known(t),
            None => Label::Other(s.into()),
        })
    }

    /// The spelling.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Label::Known(t) => t.as_str(),
            Label::Other(s) => s,
        }
    }

    /// hudna's type, if the label is one.
    pub fn known(&self) -> Option<EntityType> {
        match self.0 {
            Label::Known(t) => Some(t),
            Label::Other(_) => None,
        }
    }

    /// Whether a mention of this type must link to the KB (strict profile;
    /// a label hudna does not know never does).
    pub fn needs_ref(&self) -> bool {
        self.known().is_some_and(EntityType::needs_ref)
    }
}

impl From<EntityType> for EntityLabel {
    fn from(t: EntityType) -> Self {
        EntityLabel(Label::Known(t))
    }
}

impl PartialEq<EntityType> for EntityLabel {
    fn eq(&self, t: &EntityType) -> bool {
        self.known() == Some(*t)
    }
}

impl PartialEq<EntityLabel> for EntityType {
    fn eq(&self, l: &EntityLabel) -> bool {
        l == self
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for EntityLabel {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for EntityLabel {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = EntityLabel;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an entity type")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<EntityLabel, E> {
                Ok(EntityLabel::parse(s))
            }
        }
        d.deserialize_str(V)
    }
}

vocab! {
    /// Document zones: which part of the page a stretch of text belongs to.
    ZoneType {
        Title = "title": "The headline.",
        Body = "body": "The article itself.",
        Related = "related": "Read-also blocks and related-article lists.",
        Boilerplate = "boilerplate": "Site furniture: comment forms, buttons, category, source and keyword lines.",
        Appended = "appended": "Unrelated material attached after the article.",
    }
}

vocab! {
    /// Roles an event argument plays.
    Role {
        Actor = "actor": "Who does it.",
        Recipient = "recipient": "Whom it targets or who receives it.",
        Mediator = "mediator": "Who brokers it.",
        Location = "location": "Where it happens.",
        Time = "time": "When it happens.",
    }
}

vocab! {
    /// How the text presents an event.
    Modality {
        Asserted = "asserted": "Happened or is happening, as reported.",
        Negated = "negated": "Said not to have happened.",
        Future = "future": "Planned or announced for the future.",
        Hypothetical = "hypothetical": "Conditional or speculative.",
        CalledFor = "called_for": "Called for, demanded or requested by someone.",
    }
}

vocab! {
    /// What happened to the people a casualty figure counts.
    CasualtyCategory {
        Killed = "killed": "Killed.",
        Injured = "injured": "Injured.",
        KilledOrInjured = "killed_or_injured": "One figure for killed and injured together.",
        Missing = "missing": "Missing.",
        Captured = "captured": "Captured or taken prisoner.",
        Released = "released": "Released from captivity.",
        Evacuated = "evacuated": "Evacuated.",
        Displaced = "displaced": "Displaced from their homes.",
    }
}

vocab! {
    /// How a count relates to the number stated (UCDP-style low/high follow from it).
    Qualifier {
        Exact = "exact": "The number as stated: low = high = value.",
        Approx = "approx": "About the number: low = high = value, the vagueness is recorded here.",
        AtLeast = "at_least": "At least the number: low = value, high null.",
        MoreThan = "more_than": "More than the number: low = value + 1, high null.",
        AtMost = "at_most": "At most the number: low null, high = value.",
        LessThan = "less_than": "Fewer than the number: low null, high = value - 1.",
        Range = "range": "Between two numbers: value null, low and high as stated.",
        Vague = "vague": "A vague quantity word (hundreds): value null, bounds by ACLED's conservative convention.",
    }
}

vocab! {
    /// Who the victims of a casualty figure are.
    VictimGroup {
        Civilian = "civilian": "Civilians.",
        Military = "military": "State armed forces.",
        ArmedGroup = "armed_group": "Non-state fighters.",
        Mixed = "mixed": "Stated to include civilians and combatants.",
        Unknown = "unknown": "Not said (people, persons).",
    }
}

vocab! {
    /// What a casualty figure counts over.
    Scope {
        Incident = "incident": "One incident or day of fighting.",
        Cumulative = "cumulative": "A running total over an ongoing operation or war.",
        Historical = "historical": "A past war or period.",
    }
}

vocab! {
    /// How the publication date in a document record was obtained.
    DateBasis {
        Stated = "stated": "The text states the date.",
        Inferred = "inferred": "Inferred from the events reported; the note says how.",
    }
}

impl Default for Modality {
    /// A prediction that says nothing about modality claims the event happened.
    fn default() -> Self {
        Modality::Asserted
    }
}

impl Default for Qualifier {
    /// A prediction that gives only a number claims exactly that number.
    fn default() -> Self {
        Qualifier::Exact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_labels_are_known_types_or_the_corpus_own() {
        let gpe = EntityLabel::parse("GPE");
        assert_eq!(gpe, EntityType::Gpe);
        assert_eq!(gpe, EntityLabel::from(EntityType::Gpe));
        assert!(gpe.needs_ref());
        let per = EntityLabel::parse("PER");
        assert_eq!(
            (per.known(), per.as_str(), per.needs_ref()),
            (None, "PER", false)
        );
        let json = serde_json::to_string(&per).unwrap();
        assert_eq!(json, "\"PER\"");
        let back: EntityLabel = serde_json::from_str("\"GPE\"").unwrap();
        assert_eq!(back, gpe);
    }
}
