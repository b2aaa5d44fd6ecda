//! The gold corpus compiled into the library (`build.rs` embeds every file
//! of `annotations/`).
//!
//! An installed binary or Python wheel has no repository beside it, so the
//! bundled gold is what `hudna score` uses unless told otherwise
//! ([`crate::corpus::Gold`]). Its files are served under the pseudo-path
//! [`ROOT`], which names them in diagnostics and never exists on disk.

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The directory the bundled files appear under in messages.
pub const ROOT: &str = "<bundled>";

/// A bundled file's bytes, by file name.
pub fn file(name: &str) -> Option<&'static [u8]> {
    FILES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| FILES[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_sorted_for_lookup_and_hold_the_kb() {
        assert!(FILES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(file("kb.jsonl").is_some_and(|b| !b.is_empty()));
        assert!(file("no-such-file").is_none());
    }
}
