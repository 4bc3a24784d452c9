"""Exact average linkage over a sparse graph of candidate pairs, for a component too big for a
full distance matrix.

For unit vectors, the mean cosine similarity of two groups is the dot product of their sums over
the product of their sizes, so average linkage needs no distance matrix: each group carries the
sum of its faces. Which groups can merge comes from the faces' nearest-neighbour graph (a group
is a candidate for another when some face pair between them is an edge), so only pairs with no
neighbour edge under the threshold are missed, as in ``grouping.cluster``'s component split.
The merges are found by the nearest-neighbour chain (Murtagh 1983), exact for average linkage,
which is reducible: at most ~2n steps, each one vector product over a group's candidates.

Scikit-learn's connectivity-constrained clustering, used before, averages only the distances of
graph edges: on a loose threshold's giant component (89,000 of 100,000 faces at 0.64) it chained
people together (BCubed F 0.19 against 0.997 now) in 111-156 s against 13.5 s now
(benchmarks/loose_bench.py).
"""

from __future__ import annotations

import numpy as np


def average_linkage(vectors: np.ndarray, edges: np.ndarray, threshold: float,
                    cannot: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Merges of average linkage (cosine distance) up to ``threshold``, in the scipy/sklearn
    layout: merge k joins ``children[k]`` into node n + k at ``heights[k]``, heights ascending.

    ``vectors``: n unit rows. ``edges``: face pairs that may bring their groups together.
    ``cannot``: face pairs known to be two people; as in the dense path, such a pair counts as
    distance 2 (similarity -1) in its groups' mean."""
    n = len(vectors)
    groups = _Groups(vectors, edges, cannot)
    merged: list[tuple[int, int, float]] = []
    chain: list[int] = []  # slots, each the nearest candidate of the one below it
    on_chain: set[int] = set()
    starts = list(range(n - 1, -1, -1))
    while True:
        if not chain:
            while starts and not groups.open[starts[-1]]:
                starts.pop()  # merged away, or done: no candidate under the threshold
            if not starts:
                break
            chain.append(starts.pop())
            on_chain.add(chain[-1])
        a = chain[-1]
        cand, dist = groups.distances(a)
        if not len(cand):
            on_chain.discard(chain.pop())
            continue
        best = int(np.argmin(dist))
        # Ties go to the group below on the chain, so that the chain always ends in a merge.
        if len(chain) > 1 and dist[best] >= dist[cand == chain[-2]].min(initial=np.inf):
            best = int(np.flatnonzero(cand == chain[-2])[0])
        if dist[best] > threshold:
            groups.retire(a)  # no candidate will come closer: average linkage is reducible
            on_chain.discard(chain.pop())
            continue
        b = int(cand[best])
        if b in on_chain:  # normally chain[-2]; deeper only through rounding, with the same distance
            at = chain.index(b)
            on_chain.difference_update(chain[at:])
            del chain[at:]
            merged.append((int(groups.node[a]), int(groups.node[b]), float(dist[best])))
            starts.append(groups.merge(a, b, n + len(merged) - 1))
        else:
            chain.append(b)
            on_chain.add(b)
    return _scipy_layout(merged, n)


class _Groups:
    """The groups so far, each in the slot of one of its faces: the sum of its vectors, its
    size, the groups it may merge with, and its cannot-pair penalties.

    A group's candidates are kept as an array of slots that may be stale: a slot merged away
    since stands for the slot it went into (``owner``), and a retired one is left out when the
    array is next read (``distances``), which also compacts it. Sets of Python ints, kept exact
    at every merge, cost ~3.4 kB a face: 320 MB for the giant component of 93,000 faces at 0.58
    in group_bench, more than the rest of a 100,000-face regroup."""

    def __init__(self, vectors: np.ndarray, edges: np.ndarray, cannot: np.ndarray | None):
        n = len(vectors)
        self.sums = np.array(vectors, np.float64)
        self.sizes = np.ones(n, np.float64)
        self.node = np.arange(n)  # the tree node each slot's group is
        e = np.asarray(edges).reshape(-1, 2).astype(np.int32)
        e = e[e[:, 0] != e[:, 1]]
        # Each edge both ways, grouped by its first face (a pair found from both ends is there
        # twice until distances() first compacts the list).
        src, dst = np.concatenate([e[:, 0], e[:, 1]]), np.concatenate([e[:, 1], e[:, 0]])
        del e
        dst = dst[np.argsort(src, kind="stable")]
        ptr = np.zeros(n + 1, np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
        del src
        # Views into one buffer until a merge or a read replaces them.
        self.neighbours: list[np.ndarray] = [dst[ptr[i]:ptr[i + 1]] for i in range(n)]
        self.open = np.diff(ptr) > 0  # a live group that may still have candidates
        self.owner = np.arange(n, dtype=np.int32)  # the live slot each face's group is in now
        self.members: list[list[int] | None] = [None] * n  # a slot's faces, once it holds more than one
        # The other groups a group holds cannot-pairs with, and how much those pairs lower the
        # sum of similarities (a pair counts -1 instead of its own similarity).
        self.penalty: list[dict[int, float]] = [{} for _ in range(n)]
        if cannot is not None and len(cannot):
            for i, j in np.asarray(cannot, np.int64).reshape(-1, 2).tolist():
                if i != j:
                    cost = -1.0 - float(vectors[i] @ vectors[j])
                    self.penalty[i][j] = self.penalty[i].get(j, 0.0) + cost
                    self.penalty[j][i] = self.penalty[j].get(i, 0.0) + cost

    def distances(self, a: int) -> tuple[np.ndarray, np.ndarray]:
        cand = self.owner[self.neighbours[a]]
        cand = cand[self.open[cand] & (cand != a)]
        if len(cand) > 1:  # np.unique, without its overhead on a few dozen slots
            cand.sort()
            first = np.empty(len(cand), bool)
            first[0] = True
            np.not_equal(cand[1:], cand[:-1], out=first[1:])
            cand = cand[first]
        self.neighbours[a] = cand
        if not len(cand):
            self.open[a] = False
            return cand, np.empty(0)
        sim = self.sums[cand] @ self.sums[a]
        if self.penalty[a]:
            for pos, c in enumerate(cand.tolist()):
                sim[pos] += self.penalty[a].get(c, 0.0)
        return cand, 1.0 - sim / (self.sizes[cand] * self.sizes[a])

    def retire(self, a: int) -> None:
        self.open[a] = False
        self.neighbours[a] = self.neighbours[a][:0]

    def merge(self, a: int, b: int, node: int) -> int:
        """Join the groups in slots ``a`` and ``b`` as tree ``node``; returns the slot kept (the
        one of more faces, so that each face's owner is rewritten O(log n) times)."""
        keep, gone = (a, b) if self.sizes[a] >= self.sizes[b] else (b, a)
        moved = self.members[gone] or [gone]
        self.owner[moved] = keep
        kept = self.members[keep]
        if kept is None:
            kept = self.members[keep] = [keep]
        kept.extend(moved)
        self.members[gone] = None
        self.neighbours[keep] = np.concatenate([self.neighbours[keep], self.neighbours[gone]])
        self.neighbours[gone] = self.neighbours[gone][:0]
        self.open[gone] = False
        self.sums[keep] += self.sums[gone]
        self.sizes[keep] += self.sizes[gone]
        self.node[keep] = node
        owed = self.penalty[keep]
        owed.pop(gone, None)
        for c, cost in self.penalty[gone].items():
            if c == keep:
                continue
            owed[c] = owed.get(c, 0.0) + cost
            theirs = self.penalty[c]
            del theirs[gone]
            theirs[keep] = theirs.get(keep, 0.0) + cost
        self.penalty[gone] = {}
        return keep


def _scipy_layout(merged: list[tuple[int, int, float]], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Renumber the chain's merges (made out of height order) into ascending order of height."""
    if not merged:
        return np.empty((0, 2), np.int64), np.empty(0, np.float64)
    # A merge is never lower than the merges under it (average linkage has no inversions, but
    # sums of many faces round): the height carried up keeps every child before its parent.
    heights = np.empty(len(merged))
    for k, (a, b, h) in enumerate(merged):
        heights[k] = max(h, heights[a - n] if a >= n else h, heights[b - n] if b >= n else h)
    order = np.argsort(heights, kind="stable")
    rank = np.empty(len(merged), np.int64)
    rank[order] = np.arange(len(merged))

    def renumber(node: int) -> int:
        return node if node < n else n + int(rank[node - n])

    children = np.array([[renumber(merged[k][0]), renumber(merged[k][1])] for k in order.tolist()], np.int64)
    return children, heights[order]
