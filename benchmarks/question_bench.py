"""How often the app's first questions are answered yes, by rank: why asking pays or not.

In the simulated user's reckoning (core/simulation.py) a "yes" costs one action and saves the
one move or merge it makes, a "no" or a skip costs one and saves none; so a question pays only
where a yes saves more than itself (through a regroup that moves more faces). This lists the
questions the app has after a fresh first pass (calibrated cut, no answers yet, so no stopping
rule), answers each from the folder labels, and counts the replies per kind and band of ranks.
Figures per dev set, never one number.

    python benchmarks/question_bench.py DIR [DIR ...]

It reads the library `facealbum eval DIR` keeps (scanning it when missing) and works on a copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, fmt_table, regrouped_dev_sets, report  # noqa: E402

BANDS = ((1, 10), (11, 20), (21, 50), (51, 100), (101, 200))
KINDS = ("same-person", "is-this")


def main() -> int:
    args = arguments(__doc__, folders=True).parse_args()

    from facealbum.core.review import review_queue
    from facealbum.core.simulation import labelled_reply

    rows = []
    for folder, _source, lib, truth in regrouped_dev_sets(args.folders):
        queue = review_queue(lib.catalog, lib.model_id, lib.threshold(), limit=10_000,
                             strict=lib.default_threshold())
        for kind in KINDS:
            items = [q for q in queue if q.kind == kind]
            replies = [labelled_reply(lib.catalog, truth, q)[0] for q in items]
            for lo, hi in BANDS:
                band = replies[lo - 1:hi]
                if not band:
                    break
                dist = [q.distance for q in items[lo - 1:hi]]
                rows.append([folder.name, f"{lib.threshold():.2f}", kind, f"{lo}-{lo + len(band) - 1}",
                             f"{min(dist):.3f}-{max(dist):.3f}", str(band.count("yes")),
                             str(band.count("no")), str(band.count("skip")),
                             f"{band.count('yes') / len(band):.2f}"])
    header = ["set", "cut", "question", "ranks", "distance", "yes", "no", "skip", "yes share"]
    report("The first questions after a fresh first pass, answered from the labels\n" + fmt_table(rows, header), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
