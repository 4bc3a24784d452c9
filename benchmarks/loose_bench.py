"""A regroup at a loosened threshold on 100k faces: the giant neighbour-graph component.

    python benchmarks/loose_bench.py [--faces 100000] [--threshold 0.64] [--strict 0.56]

Calibration loosens the cut for libraries whose people sit close together (blackpink: 0.76).
There the nearest-neighbour graph joins most of a large library into one component (89,000 of
100,000 faces at 0.64), too big for a full distance matrix. The faces are group_bench.py's
(real lfw-dev embeddings plus synthetic identities). Each row runs in a fresh child process so
its peak memory is its own:

- "regroup at the pack's cut": the default threshold (strict), group_bench's case, the
  reference for time and memory;
- "loosened, graph linkage": the loosened threshold, the giant component clustered by
  scikit-learn's connectivity-constrained average linkage (what grouping used before);
- "loosened, exact sparse linkage": the same with ``sparse_linkage.average_linkage`` (now).

BCubed F is against the bench's own identities.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from common import add_faces, arguments, fmt_table, report  # noqa: E402

METHODS = ("strict", "graph", "sparse")


def _graph_linkage(vectors, edges, threshold, cannot=None):
    """The previous giant-component path: scikit-learn, average of the graph's edges only."""
    from scipy.sparse import coo_matrix
    from sklearn.cluster import AgglomerativeClustering

    n = len(vectors)
    graph = coo_matrix((np.ones(len(edges), np.int8), (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=threshold, connectivity=graph,
                                    compute_distances=True).fit(vectors)
    return model.children_.astype(np.int64), model.distances_


def child(args) -> None:
    import resource

    from facealbum.core import grouping
    from facealbum.core.catalog import Catalog
    from facealbum.core.evaluation import bcubed

    data = np.load(args.data)
    vectors, labels = data["vectors"], data["labels"]
    if args.method == "graph":
        grouping.sparse_linkage.average_linkage = _graph_linkage
    cat = Catalog(Path(args.workdir) / f"loose-{args.method}.sqlite")
    face_ids = add_faces(cat, vectors)
    threshold, strict = (args.strict, None) if args.method == "strict" else (args.threshold, args.strict)
    started = time.perf_counter()
    grouping.regroup(cat, "bench", threshold, strict=strict)
    seconds = time.perf_counter() - started
    person = {f.id: f.person_id for f in cat.faces()}
    pred = [person.get(f) or -f for f in face_ids]
    print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "f": bcubed(list(labels), pred)[2], "groups": len({p for p in pred if p > 0})}))


def main() -> int:
    parser = arguments(__doc__, faces=100_000, threshold=0.64, strict=0.56)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--method", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    import group_bench

    real, real_labels, _source = group_bench.real_embeddings(None)
    extra = max(0, args.faces - len(real))
    synth, synth_labels = group_bench.synthetic(extra, real.shape[1], group_bench.measured_spread(real, real_labels))
    vectors = np.concatenate([real[:args.faces], synth[:extra]])
    labels = np.array([f"real:{x}" for x in real_labels[:args.faces]] + [f"synth:{x}" for x in synth_labels[:extra]])
    workdir = Path(tempfile.mkdtemp(prefix="facealbum-loosebench-"))
    data = workdir / "data.npz"
    np.savez(data, vectors=vectors, labels=labels)
    results = {}
    for method in METHODS:
        out = subprocess.run([sys.executable, __file__, "--child", "--method", method, "--data", str(data),
                              "--workdir", str(workdir), "--threshold", str(args.threshold),
                              "--strict", str(args.strict)], capture_output=True, text=True,
                             env=dict(os.environ, FACEALBUM_HOME=str(workdir)))
        if out.returncode:
            print(out.stderr)
            return 1
        results[method] = json.loads(out.stdout.strip().splitlines()[-1])
        print(method, results[method], flush=True)
    base = results["strict"]
    names = {"strict": f"regroup at the pack's cut {args.strict}",
             "graph": f"loosened to {args.threshold}, graph linkage (before)",
             "sparse": f"loosened to {args.threshold}, exact sparse linkage (now)"}
    rows = [[names[m], f"{r['seconds']:.1f} s", f"{r['seconds'] / base['seconds']:.2f}x", f"{r['peak_mb']:.0f} MB",
             f"{r['peak_mb'] / base['peak_mb']:.2f}x", f"{r['f']:.4f}", f"{r['groups']:,}"]
            for m, r in results.items()]
    table = fmt_table(rows, ["regroup", "time", "vs the pack's cut", "peak memory (process)", "vs the pack's cut",
                             "BCubed F", "groups"])
    report(f"{table}\n\n{len(vectors):,} faces ({min(len(real), args.faces):,} real).", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
