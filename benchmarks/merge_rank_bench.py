"""Which score of two groups puts same-person pairs first: the order of the merge questions.

After a fresh first pass (calibrated cut, no answers), every pair of groups (a face left alone is
a group of one) is scored three ways, and the pairs are read from the top: how many of the first
K join two groups of one person (each group is the person most of its faces are, by the folder
labels). Scores:

- average: the mean similarity of their faces (average linkage, what grouping and the merge
  questions use);
- centroid: the cosine of the two groups' mean vectors;
- normalised: the average over the geometric mean of each group's own mean pair similarity (a
  group of one takes the median of groups of three or more).

    python benchmarks/merge_rank_bench.py DIR [DIR ...]

It reads the library `facealbum eval DIR` keeps (scanning it when missing) and works on a copy.
Figures per dev set, never one number.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, fmt_table, regrouped_dev_sets, report  # noqa: E402

TOPS = (10, 50, 100, 150, 300)


def scores(vectors: np.ndarray, groups: list[list[int]]) -> dict[str, np.ndarray]:
    """Each score as a matrix over the groups."""
    size = np.array([len(g) for g in groups], np.float64)
    sums = np.stack([vectors[g].sum(0) for g in groups])
    means = sums / size[:, None]
    own = np.full(len(groups), np.nan)
    many = size > 1
    own[many] = ((sums[many] * sums[many]).sum(1) - size[many]) / (size[many] * (size[many] - 1))
    own = np.where(np.isnan(own), np.nanmedian(own[size >= 3]), own)
    unit = means / np.linalg.norm(means, axis=1, keepdims=True)
    average = means @ means.T
    return {"average": average, "centroid": unit @ unit.T, "normalised": average / np.sqrt(np.outer(own, own))}


def main() -> int:
    args = arguments(__doc__, folders=True).parse_args()

    from facealbum.core import evaluation as ev

    rows = []
    for folder, _source, lib, truth in regrouped_dev_sets(args.folders):
        faces = list(truth)
        predicted = ev.predicted_people(lib.catalog, faces)
        ids, vectors = lib.catalog.embeddings(lib.model_id, faces)
        row_of = {int(f): k for k, f in enumerate(ids)}
        by_group: dict[int, list[int]] = {}
        for f, g in zip(faces, predicted):
            by_group.setdefault(g, []).append(row_of[f])
        groups = list(by_group.values())
        labels = [truth[int(ids[k])] for k in range(len(ids))]
        person = [Counter(labels[k] for k in g).most_common(1)[0][0] for g in groups]
        upper = np.triu_indices(len(groups), 1)
        same = np.array([person[i] == person[j] for i, j in zip(*upper)])
        for name, matrix in scores(vectors.astype(np.float64), groups).items():
            order = np.argsort(-matrix[upper], kind="stable")
            rows.append([folder.name, f"{len(groups):,}", str(int(same.sum())), name,
                         *(str(int(same[order[:k]].sum())) for k in TOPS)])
    report(fmt_table(rows, ["set", "groups", "same-person pairs", "score", *(f"first {k}" for k in TOPS)]), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
