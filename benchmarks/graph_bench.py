"""A library past the dense limit: does grouping through the neighbour graph keep the real faces'
groups? The dev sets together, clustered on the full matrix and through the graph.

    python benchmarks/graph_bench.py FOLDER [FOLDER ...] [--thresholds 0.56 0.64 0.72]

Each FOLDER is a labeled dev set (e.g. ../shared/datasets/blackpink, lfw-dev, celeb13, LAG dev),
scanned with the built-in pack through `facealbum eval`'s cached library (a second run does no
model work). Their faces together (12,357 for all four) pass grouping's DENSE_LIMIT, so
``grouping.cluster`` goes through the nearest-neighbour graph. The same faces are clustered on
the full matrix (DENSE_LIMIT raised) as the reference, then through the graph with each number
of index buckets searched (``--probes``; grouping.KNN_PROBES is what the app uses). Figures:
BCubed F per set (labeled faces) and the agreement of the graph's groups with the full matrix's
(BCubed F of one against the other, all faces).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from common import fmt_table, report  # noqa: E402


def faces_of(folders: list[Path]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unit vectors, identity or '' per face, set name per face) of the folders' libraries."""
    from facealbum.core.evaluation import labeled_faces
    from facealbum.core.evaluation_runs import eval_library

    vectors, labels, sets = [], [], []
    for folder in folders:
        lib = eval_library(folder, None)
        lib.scan([folder], group=False)
        truth = dict(labeled_faces(lib.catalog, folder))
        ids, v = lib.catalog.embeddings(lib.model_id)
        vectors.append(v)
        labels += [f"{folder.name}:{truth[f]}" if f in truth else "" for f in ids.tolist()]
        sets += [folder.name] * len(ids)
        lib.close()
    v = np.concatenate(vectors).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True), np.array(labels), np.array(sets)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--thresholds", nargs="+", type=float, default=[0.56, 0.64, 0.72])
    parser.add_argument("--strict", type=float, default=0.56)
    parser.add_argument("--probes", nargs="+", type=int, default=[8, 24])
    parser.add_argument("--out")
    args = parser.parse_args()
    from facealbum.core import grouping
    from facealbum.core.evaluation import bcubed

    vectors, labels, sets = faces_of(args.folders)
    names = [f.name for f in args.folders]
    limit, probes = grouping.DENSE_LIMIT, grouping.KNN_PROBES
    rows = []
    for t in args.thresholds:
        strict = args.strict if args.strict < t else None
        grouping.DENSE_LIMIT = len(vectors) + 1
        started = time.perf_counter()
        full = grouping.cluster(vectors, t, strict=strict)
        runs = [("full matrix", full, time.perf_counter() - started)]
        grouping.DENSE_LIMIT = min(limit, len(vectors) - 1)
        for p in args.probes:
            grouping.KNN_PROBES = p
            started = time.perf_counter()
            runs.append((f"graph, {p} buckets", grouping.cluster(vectors, t, strict=strict), time.perf_counter() - started))
        grouping.DENSE_LIMIT, grouping.KNN_PROBES = limit, probes
        for how, labels_of, seconds in runs:
            per_set = []
            for name in names:
                keep = (sets == name) & (labels != "")
                per_set.append(f"{bcubed(list(labels[keep]), list(labels_of[keep]))[2]:.4f}")
            rows.append([f"{t:.2f}", how, *per_set, f"{bcubed(list(full), list(labels_of))[2]:.4f}", f"{seconds:.1f} s"])
    table = fmt_table(rows, ["threshold", "clustered", *names, "agreement with the full matrix", "time"])
    report(f"{table}\n\n{len(vectors):,} faces of {', '.join(names)} together (strict cut {args.strict}).", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
