//! One-to-one assignment between gold and predicted items.
//!
//! hudna's default matching is an optimal assignment: among all one-to-one
//! pairings of gold with predicted items it picks one of maximum total weight
//! (Kuhn–Munkres, from the `pathfinding` crate). Unlike list-order greedy
//! matching, the result does not change when either list is reordered, and
//! nested or overlapping spans get a well-defined pairing.
//!
//! Allowed pairs form a sparse graph (spans only pair when they overlap), so
//! the graph is split into connected components and each is solved alone; a
//! document's cost is then governed by its largest cluster of overlapping
//! spans, not by its length.

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;

/// Pairs `(gold index, predicted index)` of a maximum-weight one-to-one
/// assignment. `weight(g, p)` is `None` for pairs that may not be matched and
/// must be positive otherwise. Ties are broken towards lower indices of the
/// sorted inputs, which callers make order-independent by sorting first.
pub fn optimal(
    n_gold: usize,
    n_pred: usize,
    weight: impl Fn(usize, usize) -> Option<i64>,
) -> Vec<(usize, usize)> {
    let mut edges: Vec<(usize, usize, i64)> = Vec::new();
    for g in 0..n_gold {
        for p in 0..n_pred {
            if let Some(w) = weight(g, p) {
                edges.push((g, p, w));
            }
        }
    }
    optimal_edges(n_gold, n_pred, edges)
}

/// As [`optimal`], for callers that enumerate the allowed pairs themselves
/// (spans do it with a sweep, so a long document is not quadratic).
pub fn optimal_edges(
    n_gold: usize,
    n_pred: usize,
    edges: Vec<(usize, usize, i64)>,
) -> Vec<(usize, usize)> {
    optimal_edges_within(n_gold, n_pred, edges, MAX_EXACT)
}

/// As [`optimal_edges`], components larger than `max_exact` paired
/// greedily (the bound is a parameter so tests can reach it cheaply).
fn optimal_edges_within(
    n_gold: usize,
    n_pred: usize,
    edges: Vec<(usize, usize, i64)>,
    max_exact: usize,
) -> Vec<(usize, usize)> {
    debug_assert!(edges.iter().all(|e| e.2 > 0), "weights must be positive");
    if let Some(pairs) = unshared(&edges) {
        return pairs;
    }
    components(n_gold, n_pred, edges, max_exact)
}

/// Most calls need no choice at all: event arguments are paired once for
/// every candidate pair of events, mostly with no allowed pair or with
/// pairs that share no item. Then every pair is its own component and the
/// assignment is all of them; seeing that saves the union-find, the
/// component grouping and their allocations (about a quarter of the
/// instructions of matching events on a synthetic corpus). Only small
/// inputs are checked (pairwise); `None` sends the rest, a document's
/// entity spans among them, to [`components`].
fn unshared(edges: &[(usize, usize, i64)]) -> Option<Vec<(usize, usize)>> {
    const MAX_CHECKED: usize = 16;
    if edges.len() > MAX_CHECKED {
        return None;
    }
    for (i, a) in edges.iter().enumerate() {
        if edges[i + 1..].iter().any(|b| a.0 == b.0 || a.1 == b.1) {
            return None;
        }
    }
    let mut pairs: Vec<(usize, usize)> = edges.iter().map(|&(g, p, _)| (g, p)).collect();
    pairs.sort_unstable();
    Some(pairs)
}

/// The general case: the allowed pairs split into connected components,
/// each solved alone ([`solve`]).
fn components(
    n_gold: usize,
    n_pred: usize,
    edges: Vec<(usize, usize, i64)>,
    max_exact: usize,
) -> Vec<(usize, usize)> {
    let mut uf = UnionFind::new(n_gold + n_pred);
    for &(g, p, _) in &edges {
        uf.union(g, n_gold + p);
    }
    // Group edges by component root: a stable sort keeps each component's
    // edges in input order. Most components of a document's spans are one
    // pair, taken as it is; the rest are solved.
    let mut keyed: Vec<(usize, (usize, usize, i64))> =
        edges.into_iter().map(|e| (uf.find(e.0), e)).collect();
    keyed.sort_by_key(|k| k.0);
    let mut pairs = Vec::with_capacity(keyed.len());
    let mut comp = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0) {
        if let [(_, (g, p, _))] = group {
            pairs.push((*g, *p));
            continue;
        }
        comp.clear();
        comp.extend(group.iter().map(|k| k.1));
        pairs.extend(solve(&comp, max_exact));
    }
    pairs.sort_unstable();
    pairs
}

/// The largest component (items on its larger side) solved exactly.
/// Kuhn–Munkres is cubic in it: 1,024 takes about a second here, while
/// 5,000 mutually overlapping predictions on one document took 88 s. A
/// larger component — only an adversarial or broken extractor makes one —
/// is paired greedily instead (heaviest allowed pair first, ties to lower
/// indices, so still independent of input order): a one-to-one pairing
/// that is maximal but not always of maximum weight. Each such component
/// is counted ([`take_approximated`]) and the report says how many there
/// were, so no number is silently approximate.
pub const MAX_EXACT: usize = 1024;

thread_local! {
    static APPROXIMATED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Components paired greedily on this thread since the last call, and
/// resets the count. A document is matched on one thread from start to
/// end, so the scorer reads this after each document.
pub fn take_approximated() -> u64 {
    APPROXIMATED.with(|c| c.replace(0))
}

/// Greedy pairing of one component: heaviest edge first.
fn greedy(edges: &[(usize, usize, i64)]) -> Vec<(usize, usize)> {
    let mut order: Vec<&(usize, usize, i64)> = edges.iter().collect();
    order.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut gu = std::collections::HashSet::new();
    let mut pu = std::collections::HashSet::new();
    let mut out = Vec::new();
    for &&(g, p, _) in &order {
        if !gu.contains(&g) && !pu.contains(&p) {
            gu.insert(g);
            pu.insert(p);
            out.push((g, p));
        }
    }
    out
}

/// Solves one connected component of two or more pairs ([`components`]
/// takes a one-pair component as it is): exactly, or greedily above
/// `max_exact` ([`MAX_EXACT`]).
fn solve(edges: &[(usize, usize, i64)], max_exact: usize) -> Vec<(usize, usize)> {
    let mut gs: Vec<usize> = edges.iter().map(|e| e.0).collect();
    let mut ps: Vec<usize> = edges.iter().map(|e| e.1).collect();
    gs.sort_unstable();
    gs.dedup();
    ps.sort_unstable();
    ps.dedup();
    let n = gs.len().max(ps.len());
    if n > max_exact {
        APPROXIMATED.with(|c| c.set(c.get() + 1));
        return greedy(edges);
    }
    let mut m = Matrix::new(n, n, 0i64);
    for &(g, p, w) in edges {
        let r = gs.binary_search(&g).unwrap_or(0);
        let c = ps.binary_search(&p).unwrap_or(0);
        m[(r, c)] = w;
    }
    let (_, cols) = kuhn_munkres(&m);
    let mut out = Vec::new();
    // Padding rows and columns hold only zero cells, so the `> 0` test
    // alone already keeps them out: the index bounds only guard the
    // lookups, and mutating `<` to `<=` there is equivalent (see
    // tools/mutants-equivalent.txt).
    for (r, &c) in cols.iter().enumerate() {
        if r < gs.len() && c < ps.len() && m[(r, c)] > 0 {
            out.push((gs[r], ps[c]));
        }
    }
    out
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    // Splitting into components only saves work: a mutant that puts every
    // edge in one component (`find` returning a constant) still yields a
    // maximum-weight assignment, so no count can tell (equivalent).
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bound is inclusive: a component of exactly `max_exact` items on
    /// its larger side is still solved exactly (and not counted); one more
    /// and it is paired greedily, which here finds the lighter pairing.
    #[test]
    fn the_exact_bound_is_inclusive() {
        // g0-p0 5, g0-p1 3, g1-p0 4: greedy takes g0-p0 (5), the optimum
        // g0-p1 + g1-p0 (7).
        let edges = vec![(0, 0, 5), (0, 1, 3), (1, 0, 4)];
        take_approximated();
        assert_eq!(
            optimal_edges_within(2, 2, edges.clone(), 2),
            vec![(0, 1), (1, 0)]
        );
        assert_eq!(take_approximated(), 0);
        assert_eq!(optimal_edges_within(2, 2, edges, 1), vec![(0, 0)]);
        assert_eq!(take_approximated(), 1);
    }

    /// Regression (#13): one cluster of thousands of mutually overlapping
    /// items is paired greedily, one-to-one, and counted as approximated;
    /// a cluster within the bound is exact and not counted.
    #[test]
    fn a_cluster_above_the_bound_is_paired_greedily_and_counted() {
        take_approximated();
        let n = MAX_EXACT + 1;
        let pairs = optimal(n, n, |g, p| Some(1 + ((g * 7 + p * 3) % 5) as i64));
        assert_eq!(take_approximated(), 1);
        assert_eq!(pairs.len(), n, "a complete graph is fully paired");
        let gs: std::collections::BTreeSet<_> = pairs.iter().map(|p| p.0).collect();
        let ps: std::collections::BTreeSet<_> = pairs.iter().map(|p| p.1).collect();
        assert_eq!((gs.len(), ps.len()), (n, n), "one-to-one");
        optimal(3, 3, |_, _| Some(1));
        assert_eq!(take_approximated(), 0);
    }

    #[test]
    fn picks_the_assignment_with_more_total_weight() {
        // g0 overlaps p0 (weight 5) and p1 (weight 3); g1 only overlaps p0
        // (weight 4). Greedy on g0 would take p0 and leave g1 alone (5); the
        // optimum pairs g0-p1 and g1-p0 (7).
        let w = |g: usize, p: usize| match (g, p) {
            (0, 0) => Some(5),
            (0, 1) => Some(3),
            (1, 0) => Some(4),
            _ => None,
        };
        assert_eq!(optimal(2, 2, w), vec![(0, 1), (1, 0)]);
    }

    /// A cluster that cannot be fully paired: Kuhn–Munkres fills the square
    /// matrix with zero cells and assigns one of them; it must not become a
    /// pair. g0 and g1 both only fit p0; g2 fits p1 and p2.
    #[test]
    fn zero_weight_cells_are_never_pairs() {
        let w = |g: usize, p: usize| match (g, p) {
            (0, 0) | (1, 0) => Some(3),
            (2, 1) => Some(2),
            (2, 2) => Some(1),
            _ => None,
        };
        let pairs = optimal(3, 3, w);
        assert_eq!(pairs.len(), 2, "{pairs:?}");
        assert!(pairs.iter().all(|&(g, p)| w(g, p).is_some()), "{pairs:?}");
        assert!(pairs.contains(&(2, 1)), "the heavier edge of g2: {pairs:?}");
    }

    /// Several clusters, each solved alone, with indices kept apart.
    #[test]
    fn clusters_are_solved_separately_and_merged() {
        // Cluster {g0, g1, p1, p2} and cluster {g2, g3, p0, p3}.
        let w = |g: usize, p: usize| match (g, p) {
            (0, 1) => Some(5),
            (0, 2) => Some(3),
            (1, 1) => Some(4),
            (2, 3) => Some(1),
            (3, 3) => Some(2),
            (3, 0) => Some(1),
            _ => None,
        };
        assert_eq!(optimal(4, 4, w), vec![(0, 2), (1, 1), (2, 3), (3, 0)]);
    }

    /// The shortcut for pairs that share no item answers exactly as the
    /// component solver, and only for such inputs; on random small graphs
    /// (many with shared items) the assignment is one-to-one, uses allowed
    /// pairs only, and has the largest total weight an exhaustive search
    /// finds.
    #[test]
    fn the_unshared_shortcut_and_the_solver_agree_and_are_optimal() {
        let mut rng = crate::test_rng::Lcg::new(0x5eed_0000_0000_a551);
        let (mut short, mut solved) = (0, 0);
        for _ in 0..4000 {
            let (ng, np) = (rng.below(5), rng.below(5));
            let mut edges = Vec::new();
            for g in 0..ng {
                for p in 0..np {
                    if rng.below(3) == 0 {
                        edges.push((g, p, 1 + rng.below(4) as i64));
                    }
                }
            }
            let general = components(ng, np, edges.clone(), MAX_EXACT);
            // Counted, not compared pairwise as the shortcut does.
            let mut uses = std::collections::BTreeMap::new();
            for &(g, p, _) in &edges {
                *uses.entry((0, g)).or_insert(0) += 1;
                *uses.entry((1, p)).or_insert(0) += 1;
            }
            let shared = uses.values().any(|&n| n > 1);
            match unshared(&edges) {
                Some(pairs) => {
                    short += 1;
                    assert!(!shared, "{edges:?}");
                    assert_eq!(pairs, general, "{edges:?}");
                }
                None => {
                    solved += 1;
                    assert!(shared, "{edges:?}");
                }
            }
            let got = optimal_edges_within(ng, np, edges.clone(), MAX_EXACT);
            assert_eq!(got, general, "{edges:?}");
            let weight = |ps: &[(usize, usize)]| -> i64 {
                ps.iter()
                    .map(|&(g, p)| {
                        edges
                            .iter()
                            .find(|e| (e.0, e.1) == (g, p))
                            .map(|e| e.2)
                            .expect("an allowed pair")
                    })
                    .sum()
            };
            let gs: std::collections::BTreeSet<_> = got.iter().map(|x| x.0).collect();
            let ps: std::collections::BTreeSet<_> = got.iter().map(|x| x.1).collect();
            assert_eq!((gs.len(), ps.len()), (got.len(), got.len()), "one-to-one");
            assert_eq!(weight(&got), best(&edges, 0, 0, 0), "{edges:?}");
        }
        assert!(
            short > 500 && solved > 500,
            "{short} short, {solved} solved"
        );
    }

    /// The largest total weight of a one-to-one choice among `edges[i..]`,
    /// gold items in `gu` and predicted items in `pu` (bit sets) taken.
    fn best(edges: &[(usize, usize, i64)], i: usize, gu: u32, pu: u32) -> i64 {
        let Some(&(g, p, w)) = edges.get(i) else {
            return 0;
        };
        let skip = best(edges, i + 1, gu, pu);
        if gu & (1 << g) != 0 || pu & (1 << p) != 0 {
            return skip;
        }
        skip.max(w + best(edges, i + 1, gu | (1 << g), pu | (1 << p)))
    }

    #[test]
    fn empty_and_disjoint_inputs() {
        assert!(optimal(0, 3, |_, _| Some(1)).is_empty());
        assert!(optimal(2, 2, |_, _| None).is_empty());
        assert_eq!(
            optimal(2, 2, |g, p| (g == p).then_some(1)),
            vec![(0, 0), (1, 1)]
        );
    }
}
