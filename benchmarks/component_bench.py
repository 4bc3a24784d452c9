"""A library under grouping's dense limit: one distance matrix for all of it, against one per
connected component of the pairs under the cut (what grouping.cluster does since 2026-12-04).

scipy's linkage copies the condensed matrix it is given, so one matrix for a 10,000-face library
peaked at 1.0 GB. Per dev set and cut: whether the two give the same partition, and each one's
time and the peak memory of its process, each in a fresh child process so that its peak is its own. Figures per dev
set, never one number.

    python benchmarks/component_bench.py DIR [DIR ...]

It reads the library `facealbum eval DIR` keeps (scanning it when missing): all its faces, with
the faces of one photo held apart as grouping holds them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, dev_library, fmt_table, peak_rss_mb, report  # noqa: E402
from facealbum.core import grouping  # noqa: E402  (imported before a child measures: not the method's memory)

CUTS = ((0.56, None), (0.64, 0.56), (0.76, 0.56))  # the pack's cut, and two loosened ones


def run(how: str, vectors: np.ndarray, cannot: np.ndarray, threshold: float, strict: float | None) -> np.ndarray:
    if how == "one matrix":
        return grouping._dense_average_linkage(vectors, threshold, grouping._pairs(cannot), strict)
    return grouping.cluster(vectors, threshold, cannot, strict)


def child(data: str, how: str, threshold: float, strict: float | None) -> None:
    arrays = np.load(data)
    t = time.perf_counter()
    labels = run(how, arrays["vectors"], arrays["cannot"], threshold, strict)
    print(json.dumps({"seconds": time.perf_counter() - t, "peak_mb": peak_rss_mb(), "labels": labels.tolist()}))


def library_faces(folder: Path) -> tuple[np.ndarray, np.ndarray]:
    """The library's embeddings, and its pairs of faces of one photo (rows)."""
    lib = dev_library(folder)
    ids, vectors = lib.catalog.embeddings(lib.model_id)
    photo_of = {f.id: f.photo_id for f in lib.catalog.faces()}
    lib.close()
    pairs = grouping.same_photo_pairs([photo_of[int(f)] for f in ids])
    return vectors.astype(np.float32), np.asarray(pairs, np.int64).reshape(-1, 2)


def same_partition(a: list[int], b: list[int]) -> bool:
    return len(set(zip(a, b))) == len(set(a)) == len(set(b))


def main() -> int:
    parser = arguments(__doc__, folders=True)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        data, how, threshold, strict = args.child
        child(data, how, float(threshold), None if strict == "-" else float(strict))
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.folders:
            vectors, cannot = library_faces(folder)
            data = Path(tmp) / f"{folder.name}.npz"
            np.savez(data, vectors=vectors, cannot=cannot)
            for threshold, strict in CUTS:
                largest = int(np.bincount(grouping._exact_components(vectors, threshold)).max())
                got = {}
                for how in ("one matrix", "a matrix per component"):
                    out = subprocess.run([sys.executable, __file__, str(folder), "--child", str(data), how,
                                          str(threshold), "-" if strict is None else str(strict)],
                                         capture_output=True, text=True, check=True)
                    got[how] = json.loads(out.stdout.strip().splitlines()[-1])
                one, parts = got["one matrix"], got["a matrix per component"]
                rows.append([folder.name, f"{len(vectors):,}", f"{threshold:.2f}" + (f" (strict {strict})" if strict else ""),
                             f"{largest:,}", f"{one['seconds']:.2f} s, {one['peak_mb']:.0f} MB",
                             f"{parts['seconds']:.2f} s, {parts['peak_mb']:.0f} MB",
                             "yes" if same_partition(one["labels"], parts["labels"]) else "NO"])
    report(fmt_table(rows, ["set", "faces", "cut", "largest component", "one matrix (process peak)",
                            "a matrix per component", "same groups"]), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
