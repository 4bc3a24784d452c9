"""What the step that attaches faces left alone costs a full regroup (issue 11).

    python benchmarks/attach_bench.py [--faces 100000]

The faces are those of group_bench.py (real lfw-dev embeddings plus synthetic identities). The
same catalog is regrouped with and without ``grouping._attach_loose``, alternating, twice each,
in one process; the figure is the ratio of the faster runs.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

import group_bench  # noqa: E402
from common import add_faces, arguments, report  # noqa: E402


def bench_catalog(faces: int):
    """A catalog of ``faces`` faces (model "bench"): group_bench's real and synthetic embeddings."""
    from facealbum.core.catalog import Catalog

    real, labels, _source = group_bench.real_embeddings(None)
    synth, _ = group_bench.synthetic(max(0, faces - len(real)), real.shape[1],
                                     group_bench.measured_spread(real, labels))
    vectors = np.concatenate([real[:faces], synth[: max(0, faces - len(real))]])
    cat = Catalog(Path(tempfile.mkdtemp(prefix="facealbum-bench-")) / "bench.sqlite")
    add_faces(cat, vectors)
    return cat, vectors


def main() -> int:
    args = arguments(__doc__, faces=100_000, threshold=0.56).parse_args()
    from facealbum.core import grouping

    cat, vectors = bench_catalog(args.faces)
    attach = grouping._attach_loose
    times: dict[str, list[float]] = {"without": [], "with": []}
    for _round in range(2):
        for name, step in (("without", lambda *a: None), ("with", attach)):
            grouping._attach_loose = step
            started = time.perf_counter()
            grouping.regroup(cat, "bench", args.threshold)
            times[name].append(time.perf_counter() - started)
    grouping._attach_loose = attach
    with_s, without_s = min(times["with"]), min(times["without"])
    report(f"Full regroup of {len(vectors):,} faces (threshold {args.threshold}): {with_s:.1f} s with the "
           f"attachment of faces left alone, {without_s:.1f} s without: {with_s / without_s:.2f}x.", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
