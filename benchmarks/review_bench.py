"""What asking the questions costs on a large library: the review queue of *Unknown faces*.

    python benchmarks/review_bench.py [--faces 100000]

The faces are those of group_bench.py (real lfw-dev embeddings plus synthetic identities),
regrouped at the pack's cut; about a tenth are left in no group. The queue asks "is this
<person>?" for each of them, which needs the two people nearest each face. That is timed, with
its peak memory (tracemalloc, which sees numpy's buffers), done the way it was before, the
full faces x people matrix of nearest prototypes, and the way it is done now, block by block;
then the whole queue. Same faces, one process; the figures are ratios of the faster of two runs.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from attach_bench import bench_catalog  # noqa: E402
from common import arguments, report  # noqa: E402


def full_matrix(face_vectors: np.ndarray, protos: np.ndarray, owners: np.ndarray):
    """The reference: every face against every person, then the two best of each row."""
    people = np.unique(owners)
    sims = face_vectors @ protos.T
    best = np.full((len(face_vectors), len(people)), -1.0, np.float32)
    col = {p: i for i, p in enumerate(people)}
    for j, owner in enumerate(owners):
        c = col[owner]
        best[:, c] = np.maximum(best[:, c], sims[:, j])
    order = np.argsort(-best, axis=1)[:, :2]
    return people[order[:, 0]], people[order[:, 1]]


def measure(step, *args, memory: bool = True) -> tuple[float, float, object]:
    """(seconds, peak MB, result) of the faster of two runs; ``memory=False``: untraced (tracemalloc
    slows Python-heavy steps such as the whole queue), peak 0."""
    runs = []
    for _ in range(2):
        if memory:
            tracemalloc.start()
        started = time.perf_counter()
        result = step(*args)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6 if memory else 0.0
        if memory:
            tracemalloc.stop()
        runs.append((seconds, peak, result))
    return min(runs, key=lambda r: r[0])


def main() -> int:
    args = arguments(__doc__, faces=100_000, threshold=0.56).parse_args()
    from facealbum.core import grouping
    from facealbum.core.incremental_grouping import gallery, two_nearest_people
    from facealbum.core.review import review_queue

    cat, vectors = bench_catalog(args.faces)
    grouping.regroup(cat, "bench", args.threshold)
    _ids, free = cat.embeddings("bench", cat.unassigned_face_ids())
    protos, owners = gallery(cat, "bench")
    old_s, old_mb, (old_first, old_second) = measure(full_matrix, free, protos, owners)
    new_s, new_mb, (first, _d1, second, _d2) = measure(two_nearest_people, free, protos, owners)
    same = float(np.mean((first == old_first) & (second == old_second)))
    queue_s = measure(review_queue, cat, "bench", args.threshold, memory=False)[0]
    report(f"{len(free):,} faces in no group of {len(vectors):,}, {len(protos):,} prototypes of "
           f"{len(np.unique(owners)):,} people. The two nearest people of each face: the full matrix "
           f"{old_s:.2f} s / {old_mb:.0f} MB, block by block {new_s:.2f} s / {new_mb:.0f} MB "
           f"({new_s / old_s:.2f}x the time, {new_mb / old_mb:.2f}x the memory; the same two people "
           f"for {same:.2%} of faces). The whole review queue now: {queue_s:.2f} s.", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
