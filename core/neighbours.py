"""Approximate nearest neighbours for large libraries, in plain numpy (BLAS does the work).

An inverted-file index: a few rounds of k-means split the faces into about sqrt(n) buckets;
each bucket's faces are compared only with the faces of the few buckets nearest to it.
Memory stays at a few bucket-sized blocks, never n x n.
"""

from __future__ import annotations

import numpy as np


def kmeans(vectors: np.ndarray, k: int, iterations: int = 6, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centroids = vectors[rng.choice(len(vectors), size=k, replace=False)].copy()
    for _ in range(iterations):
        labels = _nearest_centroid(vectors, centroids)
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, vectors)
        counts = np.bincount(labels, minlength=k)
        empty = counts == 0
        sums[empty] = vectors[rng.choice(len(vectors), size=int(empty.sum()), replace=False)]
        centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return centroids


def _nearest_centroid(vectors: np.ndarray, centroids: np.ndarray, block: int = 16384) -> np.ndarray:
    out = np.empty(len(vectors), np.int64)
    for start in range(0, len(vectors), block):
        out[start:start + block] = np.argmax(vectors[start:start + block] @ centroids.T, axis=1)
    return out


def knn(vectors: np.ndarray, k: int = 16, probes: int = 8, seed: int = 0,
        max_distance: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(neighbour indices, cosine distances), each (n, k), nearest first; -1 pads missing ones.

    Each face searches the ``probes`` buckets whose centroids are nearest to it (an inverted
    file, as in FAISS's IVF-Flat), keeping a running top-k as the buckets are visited.
    ``max_distance``: neighbours at or beyond it are not wanted (grouping keeps only pairs under
    its threshold), so a bucket's faces are merged into the top-k only of the faces that have one
    closer: most of a face's probed buckets hold nobody that close, and that merge is the cost.
    """
    n = len(vectors)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    nlist = max(1, int(np.sqrt(n)))
    probes = min(probes, nlist)
    floor = -np.inf if max_distance is None else 1.0 - max_distance
    centroids = kmeans(vectors, nlist, seed=seed)
    home = np.empty(n, np.int64)
    probe_lists = np.empty((n, probes), np.int64)
    for start in range(0, n, 16384):
        sims = vectors[start:start + 16384] @ centroids.T
        probe_lists[start:start + 16384] = np.argpartition(-sims, probes - 1, axis=1)[:, :probes]
        home[start:start + 16384] = np.argmax(sims, axis=1)
    members = np.split(np.argsort(home, kind="stable"), np.cumsum(np.bincount(home, minlength=nlist))[:-1])
    slot = np.empty(n, np.int64)  # each face's column in its own bucket
    for m in members:
        slot[m] = np.arange(len(m))
    flat = probe_lists.ravel()
    order = np.argsort(flat, kind="stable")
    asking = np.split(order // probes, np.cumsum(np.bincount(flat, minlength=nlist))[:-1])
    best_sim = np.full((n, k), -np.inf, np.float32)
    best_idx = np.full((n, k), -1, np.int64)
    for b in range(nlist):
        cand, asked = members[b], asking[b]
        if not len(cand) or not len(asked):
            continue
        # The faces asking one bucket, a block at a time: a bucket is asked by probes x its size
        # faces on average, and each asking face holds about 24 bytes per candidate while it is
        # merged (260 MB at once for 100,000 faces, more than the linkage after it).
        block = max(1, QUERY_BLOCK // len(cand))
        for start in range(0, len(asked), block):
            _merge_bucket(vectors, cand, asked[start:start + block], b, home, slot, floor, max_distance,
                          best_sim, best_idx, k)
    best_sim[best_sim <= floor] = -np.inf
    order = np.argsort(-best_sim, axis=1)
    best_sim = np.take_along_axis(best_sim, order, axis=1)
    best_idx = np.take_along_axis(best_idx, order, axis=1)
    best_idx[~np.isfinite(best_sim)] = -1
    return best_idx, np.where(np.isfinite(best_sim), 1.0 - best_sim, np.inf).astype(np.float32)


QUERY_BLOCK = 1 << 21  # query-candidate similarities merged at once (~50 MB with their indices)


def _merge_bucket(vectors, cand, queries, b, home, slot, floor, max_distance, best_sim, best_idx, k) -> None:
    """Merge bucket ``b``'s faces (``cand``) into the running top-k of the faces ``queries``."""
    sims = vectors[queries] @ vectors[cand].T
    own = np.flatnonzero(home[queries] == b)
    sims[own, slot[queries[own]]] = -np.inf  # a face is not its own neighbour
    if max_distance is not None:
        near = (sims > floor).any(axis=1)
        queries, sims = queries[near], sims[near]
        if not len(queries):
            return
    merged_sim = np.concatenate([best_sim[queries], sims], axis=1)
    merged_idx = np.concatenate([best_idx[queries], np.broadcast_to(cand, sims.shape)], axis=1)
    part = np.argpartition(-merged_sim, k - 1, axis=1)[:, :k] if merged_sim.shape[1] > k else \
        np.argsort(-merged_sim, axis=1)[:, :k]
    best_sim[queries] = np.take_along_axis(merged_sim, part, axis=1)
    best_idx[queries] = np.take_along_axis(merged_idx, part, axis=1)
