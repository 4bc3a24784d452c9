"""How far a library's pairs stand above chance past the pack's cut, and what trusting that cut
for every merge does to the first pass (calibration.excess_cut, Calibration.trusted).

For each dev set, over the library's good faces (at most calibration.EXCESS_SAMPLE of them):

1. per band of similarity just inside each cut, the share of pairs above what the library's own
   null gives two people (the estimate, no labels), against the share of the labelled pairs there
   that the folder labels say are one person (the truth the estimate stands for);
2. the excess cut over five draws of the sample (one draw where the library is small enough to be
   counted whole), and the first pass at the calibrated threshold with the trusted cut and with the
   pack's cut in its place (grouping.allowance from the pack's cut, as before the trusted cut).

    python benchmarks/excess_bench.py DIR [DIR ...]

It reads the library `facealbum eval DIR` keeps (scanning it when missing) and works on copies.
Figures per dev set, never one number.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, fmt_table, regrouped_dev_sets, report  # noqa: E402

DRAWS = 5


def labelled_shares(vectors: np.ndarray, labels: list[str], candidates: list[float], band: float) -> list[float | None]:
    """Per cut, the share of labelled pairs in the band just inside it that are one person."""
    v = vectors.astype(np.float32)
    ident = np.unique(np.asarray(labels), return_inverse=True)[1]
    same = np.zeros(len(candidates))
    other = np.zeros(len(candidates))
    for start in range(0, len(v), 1024):
        sims = v[start:start + 1024] @ v[start:].T
        upper = ~np.tri(sims.shape[0], sims.shape[1], 0, dtype=bool)
        one = (ident[start:start + 1024, None] == ident[None, start:]) & upper
        for k, cut in enumerate(candidates):
            inside = (sims >= 1 - cut) & (sims < 1 - cut + band) & upper
            same[k] += np.count_nonzero(inside & one)
            other[k] += np.count_nonzero(inside & ~one)
    return [s / (s + o) if s + o else None for s, o in zip(same, other)]


def main() -> int:
    args = arguments(__doc__, folders=True).parse_args()

    from facealbum.core import calibration, evaluation as ev, grouping

    bands, firsts = [], []
    for folder, source, lib, truth in regrouped_dev_sets(args.folders):
        default = source.default_threshold()
        candidates = calibration.choose_candidates(default)[:6]
        draws = []
        for seed in range(DRAWS):
            sample = calibration._evidence(source.catalog, source.model_id, default, seed).library_sample
            draws.append(calibration.excess_cut(sample, calibration.choose_candidates(default)))
            if seed == 0:
                estimate = calibration.excess_bands(sample, candidates)
                whole = len(sample) < calibration.EXCESS_SAMPLE
            if whole:
                break
        faces = list(truth)
        ids, vectors = source.catalog.embeddings(source.model_id, faces)
        row = {int(f): i for i, f in enumerate(ids)}
        labelled = [f for f in faces if f in row]
        true_shares = labelled_shares(vectors[[row[f] for f in labelled]], [truth[f] for f in labelled],
                                      candidates, calibration.EXCESS_BAND)
        for (cut, seen, chance), share in zip(estimate, true_shares):
            bands.append([folder.name, f"{1 - cut:.2f}-{1 - cut + calibration.EXCESS_BAND:.2f} (inside {cut:.2f})",
                          f"{seen:,.0f}", f"{chance:,.0f}", f"{max(0.0, seen - chance) / seen:.2f}" if seen else "-",
                          f"{share:.2f}" if share is not None else "-"])
        found = lib.calibration()
        labels = [truth[f] for f in faces]
        for name, trusted in (("trusted cut", found.trusted), ("pack's cut", None)):
            grouping.regroup(lib.catalog, lib.model_id, found.threshold, strict=default, trusted=trusted)
            s = ev.score("", labels, ev.predicted_people(lib.catalog, faces))
            firsts.append([folder.name, ", ".join("-" if d is None else f"{d:.2f}" for d in draws),
                           f"{found.threshold:.2f}", name,
                           "-" if trusted is None else f"{trusted:.2f}",
                           f"{s.bcubed_f:.4f}", f"{s.clusters} / {s.identities}", str(s.edits),
                           f"{s.edits / len(faces):.4f}"])
    report("Pairs just inside each cut: seen, what chance gives two people, the share above chance (the "
           "estimate) and the share of labelled pairs that are one person (the truth)\n"
           + fmt_table(bands, ["set", "similarity band", "pairs", "chance", "above chance", "one person (labels)"])
           + "\n\nFirst pass at the calibrated threshold\n"
           + fmt_table(firsts, ["set", "excess cut per draw", "threshold", "merges trusted to", "cut",
                                "B3 F", "groups / people", "edits", "edits / face"]), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
