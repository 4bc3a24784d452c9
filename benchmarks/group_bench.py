"""Grouping at scale: 100k faces on this machine, full regroup and incremental assignment.

    python benchmarks/group_bench.py [--faces 100000] [--real LIBRARY.sqlite]

Faces are real embeddings (from a FaceAlbum library scanned with the built-in pack, by default
the one `facealbum eval ../shared/datasets/lfw-dev` leaves in the user data folder, else celeb13
scanned now) plus synthetic ones: identities on the unit sphere whose within-person spread
matches the spread measured on the real faces and two people as similar as two real ones, in a
family-like size mix (a few people in thousands of photos, many in a handful, strangers once).
Each figure runs in a fresh child process so its peak memory is its own; the baseline is the
same code on 10k faces.
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

from common import CELEB13, add_faces, arguments, fmt_table, report  # noqa: E402


def real_embeddings(library: str | None) -> tuple[np.ndarray, list[str], str]:
    from facealbum.core.catalog import Catalog
    from facealbum.core.paths import data_dir

    candidates = [Path(library)] if library else sorted((data_dir() / "eval").glob("lfw-dev-*.sqlite"))
    if not candidates:
        from facealbum.core.library import Library

        path = Path(tempfile.mkdtemp()) / "celeb13.sqlite"
        with Library(path) as lib:
            lib.scan([CELEB13], group=False)
        candidates = [path]
    from facealbum.core.evaluation import labeled_faces

    cat = Catalog(candidates[0])
    model = cat.embedding_model()
    paths = [p.path for p in cat.photos(status="done")]
    root = Path(os.path.commonpath(paths)) if len(paths) > 1 else Path(paths[0]).parent.parent
    # Each photo's labeled face (the one nearest its centre): background faces carry no identity.
    labeled = dict(labeled_faces(cat, root))
    ids, vectors = cat.embeddings(model, list(labeled))
    return vectors, [labeled[int(i)] for i in ids], str(candidates[0])


def measured_spread(vectors: np.ndarray, labels: list[str]) -> float:
    """Mean cosine similarity of two faces of one person, on the real faces."""
    by: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by.setdefault(label, []).append(i)
    sims = [float(vectors[a] @ vectors[b]) for idx in by.values() if len(idx) > 1
            for k, a in enumerate(idx[:20]) for b in idx[k + 1:20]]
    return float(np.mean(sims))


def measured_impostor(vectors: np.ndarray, labels: list[str], seed: int = 0) -> tuple[np.ndarray, float]:
    """The real faces' mean direction and the median cosine similarity of two faces of two people."""
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, len(vectors), (2, 20_000))
    keep = np.array([labels[i] != labels[j] for i, j in zip(a, b)])
    mean = vectors.mean(0)
    return mean / np.linalg.norm(mean), float(np.median((vectors[a[keep]] * vectors[b[keep]]).sum(1)))


def synthetic(n: int, dim: int, genuine_sim: float, seed: int = 1,
              impostor: tuple[np.ndarray, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``impostor``: (mean direction, median similarity of two people) of the real faces. Real
    faces share a direction, so two people sit near 0.1, not 0; calibration reads a library's
    strangers from that (calibration.few_faces_cut), and random centres alone look more
    separable than any real library."""
    rng = np.random.default_rng(seed)
    # Two faces c + s*g1, c + s*g2 have cosine ~ 1 / (1 + s^2 d): solve for s.
    sigma = np.sqrt((1.0 / genuine_sim - 1.0) / dim)
    sizes = []
    while sum(sizes) < n * 0.9:
        sizes.append(int(min(3000, max(2, rng.pareto(1.2) * 4))))
    strangers = n - sum(sizes)
    sizes += [1] * max(0, strangers)
    centres = rng.standard_normal((len(sizes), dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    if impostor is not None:
        # Centres a*u + b*r give two people a*a / (1 + s^2 d) = a*a * genuine_sim once faces are spread.
        direction, median = impostor
        a2 = min(0.9, max(0.0, median / genuine_sim))
        centres = np.sqrt(a2) * direction[None, :].astype(np.float32) + np.sqrt(1.0 - a2) * centres
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    labels = np.repeat(np.arange(len(sizes)), sizes)[:n]
    vectors = centres[labels] + sigma * rng.standard_normal((len(labels), dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32), labels


def child(args) -> None:
    """Build a catalog of the given faces, regroup it, then add new faces and assign them."""
    from facealbum.core.catalog import Catalog
    from facealbum.core.grouping import regroup
    from facealbum.core.incremental_grouping import assign_new

    data = np.load(args.data)
    vectors, new = data["vectors"], data["new"]
    threshold = float(args.threshold)
    cat = Catalog(Path(args.workdir) / f"bench-{len(vectors)}.sqlite")
    model = "bench"

    add_faces(cat, vectors, 0, model)
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    report = regroup(cat, model, threshold)
    fixed_s = time.perf_counter() - t
    fixed_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # What a library does since issue 11: choose its own threshold, then regroup at it.
    from facealbum.core.calibration import calibrate

    t = time.perf_counter()
    found = calibrate(cat, model, threshold)
    report = regroup(cat, model, found.threshold)
    full_s = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    threshold = found.threshold
    add_faces(cat, new, len(vectors), model)
    t = time.perf_counter()
    added = assign_new(cat, model, threshold)
    inc_s = time.perf_counter() - t
    print(json.dumps({"faces": len(vectors), "people": report.people, "full_s": full_s, "peak_mb": peak,
                      "fixed_s": fixed_s, "fixed_peak_mb": fixed_peak, "calibrated": found.threshold,
                      "calibration_s": found.seconds,
                      "rss_before_mb": before, "new": len(new), "joined": added.joined,
                      "incremental_s": inc_s}))


def main() -> int:
    parser = arguments(__doc__, faces=100_000)
    parser.add_argument("--new", type=int, default=300)
    parser.add_argument("--real", help="a FaceAlbum library to take real embeddings from")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    from facealbum.core.models.packs import SPECS

    threshold = args.threshold or SPECS["builtin"].threshold
    real, labels, source = real_embeddings(args.real)
    spread = measured_spread(real, labels)
    impostor = measured_impostor(real, labels)
    print(f"real faces: {len(real)} from {source}; same-person similarity {spread:.3f}, "
          f"two people {impostor[1]:.3f}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="facealbum-groupbench-"))
    rows = []
    for n in (10_000, args.faces):
        synth, _ = synthetic(max(0, n - len(real)) + args.new, real.shape[1], spread, impostor=impostor)
        # New photos are a random draw from the same people (and strangers) as the library's.
        order = np.random.default_rng(2).permutation(len(synth))
        new, synth = synth[order[:args.new]], synth[order[args.new:]]
        vectors = np.concatenate([real[:n], synth[: max(0, n - len(real))]])
        data = workdir / f"data-{n}.npz"
        np.savez(data, vectors=vectors, new=new)
        out = subprocess.run([sys.executable, __file__, "--child", "--data", str(data), "--workdir", str(workdir),
                              "--threshold", str(threshold)], capture_output=True, text=True,
                             env=dict(os.environ, FACEALBUM_HOME=str(workdir)))
        if out.returncode:
            print(out.stderr)
            return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(r, flush=True)
        rows.append([f"{r['faces']:,}", f"{r['people']:,}", f"{r['full_s']:.1f} s", f"{r['peak_mb']:.0f} MB",
                     f"{r['new']} faces: {r['incremental_s']:.2f} s ({r['joined']} joined a person)",
                     f"{r['calibrated']:.2f} ({r['calibration_s']:.1f} s)",
                     f"{r['fixed_s']:.1f} s, {r['fixed_peak_mb']:.0f} MB",
                     f"{r['full_s'] / r['fixed_s']:.2f}x"])
    table = fmt_table(rows, ["faces", "people found", "full regroup", "peak memory (process)",
                             "then adding new faces", "threshold chosen (time)", "regroup at the fixed default",
                             "calibrated / fixed"])
    ratio = float(rows[1][2].split()[0]) / max(float(rows[0][2].split()[0]), 1e-6)
    text = (f"{table}\n\nFull regroup of {args.faces:,} faces takes {ratio:.1f}x the time of 10,000 "
            f"(threshold {threshold}; real faces: {len(real):,}; synthetic spread matched to a same-person "
            f"similarity of {spread:.3f} and two people's {impostor[1]:.3f}).")
    report(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
