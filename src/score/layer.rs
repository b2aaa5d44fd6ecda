//! The scored layers, and one table entry per layer for everything about it
//! but its matcher.
//!
//! A layer's schemes, the scheme a summary leads with, the one that colours
//! a highlighted mention, the ones the text report shows per label, and
//! which scheme (if any) credits a partial match with one half were once
//! spelled in each renderer that needed them. They live here once, so the
//! text report, a comparison and the HTML view take them from one place
//! (where they differ, as the HTML highlight does, the table says so), and
//! a new layer is one [`LayerSpec`] plus its matcher.

use serde::{Deserialize, Serialize};

use super::{casualties, events};

/// The three scored layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Entity mentions.
    Entities,
    /// Events and their arguments.
    Events,
    /// Casualty figures.
    Casualties,
}

impl Layer {
    /// All layers in report order.
    pub const ALL: [Layer; 3] = [Layer::Entities, Layer::Events, Layer::Casualties];

    /// The name used in reports and gate paths.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Entities => "entities",
            Layer::Events => "events",
            Layer::Casualties => "casualties",
        }
    }

    /// Parses a layer name.
    pub fn parse(s: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Parses a comma-separated list of layer names (`entities,casualties`)
    /// into layers in report order, each once. An unknown or empty name is
    /// an error listing the valid ones.
    pub fn parse_list(s: &str) -> Result<Vec<Layer>, String> {
        let valid = || {
            Layer::ALL
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = Vec::new();
        for name in s.split(',').map(str::trim) {
            match Layer::parse(name) {
                Some(l) => out.push(l),
                None if name.is_empty() => {
                    return Err(format!(
                        "an empty layer name in `{s}`; layers are {}",
                        valid()
                    ));
                }
                None => return Err(format!("unknown layer `{name}`; layers are {}", valid())),
            }
        }
        Ok(normalize_layers(&out))
    }

    /// The current name of a scheme that an earlier version called `old`.
    pub fn renamed(self, old: &str) -> Option<&'static str> {
        match self {
            Layer::Events => events::RENAMED
                .iter()
                .find(|(o, _)| *o == old)
                .map(|(_, n)| *n),
            Layer::Entities | Layer::Casualties => None,
        }
    }

    /// The layer's schemes, in report order.
    pub fn schemes(self) -> &'static [&'static str] {
        self.spec().schemes
    }

    /// Everything about the layer that is not its matcher.
    pub fn spec(self) -> &'static LayerSpec {
        match self {
            Layer::Entities => &ENTITIES,
            Layer::Events => &EVENTS,
            Layer::Casualties => &CASUALTIES,
        }
    }

    /// The scheme a summary of the layer leads with: the one whose F1
    /// deltas `compare` ranks.
    pub fn headline(self) -> &'static str {
        self.spec().headline
    }

    /// The scheme whose outcome colours a highlighted mention.
    pub fn highlight(self) -> &'static str {
        self.spec().highlight
    }

    /// The schemes shown per label and per document in the text report.
    pub fn shown(self) -> &'static [&'static str] {
        self.spec().shown
    }
}

/// Layers in report order, each once.
pub fn normalize_layers(layers: &[Layer]) -> Vec<Layer> {
    Layer::ALL
        .into_iter()
        .filter(|l| layers.contains(l))
        .collect()
}

/// Entity schemes: the four SemEval-2013 ones, then two offset-free ones.
pub const ENTITY_SCHEMES: [&str; 6] = [
    "strict",
    "exact",
    "partial",
    "type",
    "set_surface",
    "set_ref",
];

/// Whether a scheme credits partial matches with one half.
pub fn half_partial(layer: Layer, scheme: &str) -> bool {
    layer.spec().half_partial == Some(scheme)
}

/// A layer's entry in the table.
#[derive(Debug, PartialEq, Eq)]
pub struct LayerSpec {
    /// The layer.
    pub layer: Layer,
    /// Its schemes, in report order.
    pub schemes: &'static [&'static str],
    /// The scheme a summary leads with (see [`Layer::headline`]).
    pub headline: &'static str,
    /// The scheme whose outcome colours a highlighted mention (see
    /// [`Layer::highlight`]); for casualties the mention, since a
    /// highlight marks a span, not a claim's numbers.
    pub highlight: &'static str,
    /// The schemes the text report shows per label and per document.
    pub shown: &'static [&'static str],
    /// The scheme that credits a partial match with one half (SemEval-2013's
    /// `partial`), if the layer has one.
    pub half_partial: Option<&'static str>,
}

const ENTITIES: LayerSpec = LayerSpec {
    layer: Layer::Entities,
    schemes: &ENTITY_SCHEMES,
    headline: "strict",
    highlight: "strict",
    shown: &["strict"],
    half_partial: Some("partial"),
};

const EVENTS: LayerSpec = LayerSpec {
    layer: Layer::Events,
    schemes: &events::SCHEMES,
    headline: "trigger_cls",
    highlight: "trigger_cls",
    shown: &["trigger_cls", "arg_cls_plus"],
    half_partial: None,
};

const CASUALTIES: LayerSpec = LayerSpec {
    layer: Layer::Casualties,
    schemes: &casualties::SCHEMES,
    headline: "claim",
    highlight: "mention",
    shown: &["claim"],
    half_partial: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every scheme a spec names is one of its layer's, and each layer's
    /// entry is its own.
    #[test]
    fn each_spec_names_only_its_own_schemes() {
        for layer in Layer::ALL {
            let s = layer.spec();
            assert_eq!(s.layer, layer);
            assert!(!s.schemes.is_empty());
            let mut names = s.schemes.to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), s.schemes.len(), "{layer:?}: a scheme twice");
            for x in [s.headline, s.highlight]
                .into_iter()
                .chain(s.shown.iter().copied())
                .chain(s.half_partial)
            {
                assert!(s.schemes.contains(&x), "{layer:?}: `{x}` is not a scheme");
            }
            assert!(
                s.shown.contains(&s.headline),
                "{layer:?}: headline not shown"
            );
        }
    }

    /// Only SemEval's `partial` scheme credits half; its name alone in
    /// another layer does not.
    #[test]
    fn only_the_entity_partial_scheme_credits_half() {
        let halves: Vec<(Layer, &str)> = Layer::ALL
            .into_iter()
            .flat_map(|l| l.schemes().iter().map(move |s| (l, *s)))
            .filter(|(l, s)| half_partial(*l, s))
            .collect();
        assert_eq!(halves, vec![(Layer::Entities, "partial")]);
        assert!(!half_partial(Layer::Events, "partial"));
        assert!(!half_partial(Layer::Casualties, "partial"));
        assert_eq!(Layer::Entities.headline(), "strict");
        assert_eq!(Layer::Casualties.highlight(), "mention");
        assert_eq!(Layer::Events.shown(), ["trigger_cls", "arg_cls_plus"]);
    }
}
