"""What the size-trusting cut (grouping.allowance) costs a full regroup at a loosened threshold.

    python benchmarks/cut_bench.py [--faces 100000] [--threshold 0.70]

The faces are those of group_bench.py (real lfw-dev embeddings plus synthetic identities). The
same catalog is regrouped at the loosened threshold with the plain cut and with the cut that
trusts it by the faces behind each merge (strict = the built-in pack's 0.56), alternating, twice
each, in one process; the figure is the ratio of the faster runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from attach_bench import bench_catalog  # noqa: E402
from common import arguments, report  # noqa: E402


def main() -> int:
    args = arguments(__doc__, faces=100_000, threshold=0.70, strict=0.56).parse_args()
    from facealbum.core import grouping

    cat, vectors = bench_catalog(args.faces)
    times: dict[str, list[float]] = {"plain": [], "trusted": []}
    for _round in range(2):
        for name, strict in (("plain", None), ("trusted", args.strict)):
            started = time.perf_counter()
            grouping.regroup(cat, "bench", args.threshold, strict=strict)
            times[name].append(time.perf_counter() - started)
    trusted, plain = min(times["trusted"]), min(times["plain"])
    report(f"Full regroup of {len(vectors):,} faces at threshold {args.threshold} (strict {args.strict}): "
           f"{trusted:.1f} s with the size-trusting cut, {plain:.1f} s with the plain cut: {trusted / plain:.2f}x.",
           args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
