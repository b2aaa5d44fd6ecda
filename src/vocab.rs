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
