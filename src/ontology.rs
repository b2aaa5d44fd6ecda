//! The event ontology and its mapping to PLOVER and ACLED.
//!
//! hudna's twenty types are fine-grained around ceasefires, which neither
//! PLOVER nor ACLED separates. Keeping the mapping as one table lets the scorer
//! coarsen any prediction to PLOVER or ACLED granularity, so scores stay
//! comparable with systems built for those ontologies.
//!
//! PLOVER is inconsistent about declared ceasefires: the manual's CONCEDE
//! section covers "declarations (but not implementations) of ceasefires", while
//! its 2021 CAMEO table maps CAMEO 0871 "declare truce, ceasefire" to
//! RETREAT/ceasefire. We follow the manual text: CEASEFIRE_DECLARED → CONCEDE,
//! CEASEFIRE_IMPLEMENTED → RETREAT with mode `ceasefire`.

vocab! {
    /// Event types of the hudna ontology.
    EventType {
        ArmedClash = "ARMED_CLASH": "Fighting between armed forces: clashes, battles, a military operation, war.",
        Shelling = "SHELLING": "Artillery, rocket or missile fire.",
        AirDroneStrike = "AIR_DRONE_STRIKE": "Strikes by aircraft or drones.",
        TerritoryTaken = "TERRITORY_TAKEN": "Seizing, retaking or occupying territory or positions.",
        TerritoryHandover = "TERRITORY_HANDOVER": "Ceding territory or withdrawing from it.",
        CeasefireCall = "CEASEFIRE_CALL": "Calling for, urging or demanding a ceasefire.",
        CeasefireOffer = "CEASEFIRE_OFFER": "Proposing or offering ceasefire terms.",
        CeasefireDeclared = "CEASEFIRE_DECLARED": "Agreeing to, reaching or announcing a ceasefire.",
        CeasefireImplemented = "CEASEFIRE_IMPLEMENTED": "A ceasefire entering into force, holding or being respected.",
        CeasefireViolation = "CEASEFIRE_VIOLATION": "Breaching a ceasefire.",
        TalksMediation = "TALKS_MEDIATION": "Talks, phone calls, meetings, mediation.",
        PrisonerExchange = "PRISONER_EXCHANGE": "Exchanging prisoners or bodies.",
        SurrenderDisarm = "SURRENDER_DISARM": "Surrender, laying down or handing over weapons, disarmament.",
        EvacuationAccess = "EVACUATION_ACCESS": "Evacuations, humanitarian deliveries or access.",
        Displacement = "DISPLACEMENT": "People driven from their homes.",
        Accusation = "ACCUSATION": "Accusing or condemning.",
        Denial = "DENIAL": "Denying an act or an accusation.",
        SupportPledge = "SUPPORT_PLEDGE": "Pledging, expressing or requesting support or solidarity.",
        Mobilization = "MOBILIZATION": "Mobilising or deploying forces, martial law.",
        Protest = "PROTEST": "Demonstrations.",
    }
}

/// Where one hudna event type sits in PLOVER and ACLED.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
    /// The hudna type.
    pub event: EventType,
    /// PLOVER event type.
    pub plover: &'static str,
    /// PLOVER mode, where one applies.
    pub plover_mode: Option<&'static str>,
    /// ACLED event type; `None` when ACLED does not code such events (verbal acts).
    pub acled: Option<&'static str>,
    /// ACLED sub-event type, where one is determined by the hudna type alone.
    pub acled_sub: Option<&'static str>,
    /// Why the mapping is what it is, where that is not obvious.
    pub note: &'static str,
}

const SD: Option<&str> = Some("Strategic developments");

/// The mapping table, one row per hudna type, in [`EventType::ALL`] order.
pub const MAPPING: &[Mapping] = &[
    row(
        EventType::ArmedClash,
        "ASSAULT",
        None,
        Some("Battles"),
        Some("Armed clash"),
        "",
    ),
    row(
        EventType::Shelling,
        "ASSAULT",
        Some("heavy-weapons"),
        Some("Explosions/Remote violence"),
        Some("Shelling/artillery/missile attack"),
        "",
    ),
    row(
        EventType::AirDroneStrike,
        "ASSAULT",
        Some("aerial"),
        Some("Explosions/Remote violence"),
        Some("Air/drone strike"),
        "PLOVER's mode is `drone` when the text says drones.",
    ),
    row(
        EventType::TerritoryTaken,
        "ASSAULT",
        None,
        Some("Battles"),
        None,
        "ACLED's sub-event depends on who takes the ground (government regains / non-state actor overtakes).",
    ),
    row(
        EventType::TerritoryHandover,
        "RETREAT",
        Some("withdraw"),
        SD,
        Some("Non-violent transfer of territory"),
        "",
    ),
    row(
        EventType::CeasefireCall,
        "REQUEST",
        Some("yield"),
        None,
        None,
        "PLOVER lists ceasefires under the REQUEST mode `yield`.",
    ),
    row(
        EventType::CeasefireOffer,
        "CONCEDE",
        None,
        None,
        None,
        "An offer of terms is a verbal concession.",
    ),
    row(
        EventType::CeasefireDeclared,
        "CONCEDE",
        None,
        SD,
        Some("Agreement"),
        "PLOVER manual text (CONCEDE), not its 2021 CAMEO table (RETREAT/ceasefire).",
    ),
    row(
        EventType::CeasefireImplemented,
        "RETREAT",
        Some("ceasefire"),
        SD,
        Some("Agreement"),
        "",
    ),
    row(
        EventType::CeasefireViolation,
        "ASSAULT",
        None,
        Some("Battles"),
        Some("Armed clash"),
        "CAMEO 196 'violate ceasefire' maps to ASSAULT in PLOVER's table.",
    ),
    row(
        EventType::TalksMediation,
        "CONSULT",
        None,
        None,
        None,
        "PLOVER modes phone/third-party apply per mention; ACLED does not code talks.",
    ),
    row(
        EventType::PrisonerExchange,
        "RETREAT",
        Some("release"),
        SD,
        Some("Agreement"),
        "ACLED codes prisoner exchanges as agreements.",
    ),
    row(
        EventType::SurrenderDisarm,
        "RETREAT",
        Some("disarm"),
        SD,
        Some("Change to group/activity"),
        "",
    ),
    row(
        EventType::EvacuationAccess,
        "AID",
        None,
        SD,
        Some("Other"),
        "",
    ),
    row(
        EventType::Displacement,
        "COERCE",
        None,
        None,
        None,
        "PLOVER has no displacement type; COERCE is the nearest. ACLED does not code displacement.",
    ),
    row(
        EventType::Accusation,
        "ACCUSE",
        None,
        None,
        None,
        "Mode `allege` for accusations, `disapprove` for condemnations.",
    ),
    row(
        EventType::Denial,
        "REJECT",
        None,
        None,
        None,
        "PLOVER suggests CAMEO 016 'deny responsibility' → REJECT.",
    ),
    row(EventType::SupportPledge, "SUPPORT", None, None, None, ""),
    row(
        EventType::Mobilization,
        "MOBILIZE",
        Some("troops"),
        SD,
        Some("Change to group/activity"),
        "",
    ),
    row(
        EventType::Protest,
        "PROTEST",
        Some("demonstrate"),
        Some("Protests"),
        Some("Peaceful protest"),
        "",
    ),
];

const fn row(
    event: EventType,
    plover: &'static str,
    plover_mode: Option<&'static str>,
    acled: Option<&'static str>,
    acled_sub: Option<&'static str>,
    note: &'static str,
) -> Mapping {
    Mapping {
        event,
        plover,
        plover_mode,
        acled,
        acled_sub,
        note,
    }
}

impl EventType {
    /// This type's row of [`MAPPING`].
    pub fn mapping(self) -> &'static Mapping {
        // MAPPING is in ALL order; a test pins that.
        &MAPPING[self as usize]
    }
}

/// The granularity at which event types are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Granularity {
    /// hudna's own twenty types.
    Hudna,
    /// PLOVER event types.
    Plover,
    /// ACLED event types (types ACLED does not code compare as "none").
    Acled,
}

impl Granularity {
    /// The label of `t` at this granularity.
    pub fn label(self, t: EventType) -> &'static str {
        match self {
            Granularity::Hudna => t.as_str(),
            Granularity::Plover => t.mapping().plover,
            Granularity::Acled => t.mapping().acled.unwrap_or("none"),
        }
    }
}

/// The mapping table as Markdown, for `schemas/README.md` (a test keeps the
/// committed copy equal to this).
pub fn mapping_markdown() -> String {
    let mut s = String::from(
        "| hudna type | PLOVER | PLOVER mode | ACLED event type | ACLED sub-event | note |\n|---|---|---|---|---|---|\n",
    );
    for m in MAPPING {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            m.event,
            m.plover,
            m.plover_mode.unwrap_or("–"),
            m.acled.unwrap_or("not coded"),
            m.acled_sub.unwrap_or("–"),
            m.note
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_is_in_declaration_order_and_complete() {
        assert_eq!(MAPPING.len(), EventType::ALL.len());
        for (i, t) in EventType::ALL.iter().enumerate() {
            assert_eq!(MAPPING[i].event, *t, "row {i}");
            assert_eq!(t.mapping().event, *t);
        }
    }

    #[test]
    fn granularity_coarsens_through_the_table() {
        let t = EventType::CeasefireCall;
        assert_eq!(Granularity::Hudna.label(t), "CEASEFIRE_CALL");
        assert_eq!(Granularity::Plover.label(t), "REQUEST");
        assert_eq!(
            Granularity::Acled.label(t),
            "none",
            "ACLED does not code calls"
        );
        assert_eq!(
            Granularity::Acled.label(EventType::Shelling),
            "Explosions/Remote violence"
        );
    }

    #[test]
    fn declared_ceasefire_follows_the_plover_manual_text() {
        assert_eq!(EventType::CeasefireDeclared.mapping().plover, "CONCEDE");
        assert_eq!(
            EventType::CeasefireImplemented.mapping().plover_mode,
            Some("ceasefire")
        );
    }
}
