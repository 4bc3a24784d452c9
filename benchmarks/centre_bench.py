"""Whether taking out the library's mean face (centring its embeddings, then back to unit length)
groups better. It is label-free and per library, a classic of speaker and face verification: the
mean carries what every face of the library shares (a population, an age, a camera), which makes
two people of the same family look alike. Cosine similarities move with it, so the pack's cut
is carried over to the centred space, either at the same share of the library's pairs past it
("share") or at the same place in the library's empirical null, its pairs' median and spread
("null", as calibration.excess_bands reads them). Three ways, against today:

- today: the embeddings as they are;
- faces' mean, share: the plain mean of every face;
- people's mean, null: each face weighted by one over its neighbours within the pack's cut, so
  that a person photographed a thousand times counts about as much as one seen once.

Each runs the real calibration and regroup (and with --simulate the simulated user) on a copy of
each dev set's eval library, then on mixes of the dev sets (as benchmarks/mixture_bench.py builds
them), per part. Figures per set and per part, never one number.

    python benchmarks/centre_bench.py [--lag DIR] [--simulate] [--cuts 0.56 0.60 ...]
                                      [--people N [--draws D]] [--sets NAME ...]
"""

from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager, nullcontext
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mixture_bench as mb  # noqa: E402
from common import SHARED, arguments, dev_library, fmt_table, report  # noqa: E402

PACK_CUT = 0.56
STRICTER = 0.04  # the hybrid's carried cut, made stricter: the null's carry lands past lfw-dev's best
WAYS = {"today": None, "faces' mean, share": ("faces", "share"), "people's mean, null": ("people", "null"),
        "hybrid": ("people", "hybrid")}


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def _median_spread(sims: np.ndarray) -> tuple[float, float]:
    median = float(np.median(sims))
    return median, 1.4826 * float(np.median(np.abs(sims - median)))


class Space:
    """The centred space of one library: its mean, and the line that carries a cut there."""

    def __init__(self, mean: np.ndarray, before: tuple[float, float], after: tuple[float, float], stricter: float):
        self.mean, self.before, self.after, self.stricter = mean, before, after, stricter

    def carry(self, cut: float) -> float:
        (m0, s0), (m1, s1) = self.before, self.after
        return round(1 - (m1 + (1 - cut - m0) / s0 * s1) - self.stricter, 3)

    def raw(self, centred_rows: np.ndarray) -> np.ndarray:
        """The unit vectors these centred ones came from: x = t c + m with |x| = 1, t > 0."""
        cm = centred_rows @ self.mean
        t = -cm + np.sqrt(cm ** 2 - float(self.mean @ self.mean) + 1)
        return (t[:, None] * centred_rows + self.mean).astype(np.float32)


def centred(vectors: np.ndarray, way: tuple[str, str] | None, cut: float = PACK_CUT):
    """(the vectors in the centred space, the pack's cut carried there, the Space); as they are
    and None for ``way`` None."""
    if way is None:
        return vectors, cut, None
    mean_of, carry = way
    if mean_of == "faces":
        mean = vectors.mean(0)
    else:
        rng = np.random.default_rng(1)
        sample = vectors[rng.choice(len(vectors), min(len(vectors), 6000), replace=False)]
        near = np.concatenate([((vectors[i:i + 2048] @ sample.T) > 1 - cut).sum(1)
                               for i in range(0, len(vectors), 2048)])
        weight = 1.0 / np.maximum(near, 1)
        mean = (vectors * weight[:, None]).sum(0) / weight.sum()
    out = _unit(vectors - mean).astype(np.float32)
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(vectors), 200_000), rng.integers(0, len(vectors), 200_000)
    a, b = a[a != b], b[a != b]
    before = np.einsum("ij,ij->i", vectors[a], vectors[b])
    after = np.einsum("ij,ij->i", out[a], out[b])
    space = Space(mean, _median_spread(before), _median_spread(after), STRICTER if carry == "hybrid" else 0.0)
    if carry == "share":
        return out, round(1 - float(np.quantile(after, 1 - (before > 1 - cut).mean())), 3), space
    return out, space.carry(cut), space


@contextmanager
def trust_read_before_centring(space, pack_cut: float):
    """For the hybrid: calibration's excess (how far any merge is trusted) read on the library's
    vectors as they are, whose empirical null it was made for, and carried to the centred space."""
    from facealbum.core import calibration

    plain = calibration.excess_cut
    raw_candidates = calibration.choose_candidates(pack_cut)

    def carried(vectors, candidates, share=calibration.EXCESS_SHARE):
        found = plain(space.raw(vectors), raw_candidates, share)
        return None if found is None or space.carry(found) <= candidates[0] else space.carry(found)

    calibration.excess_cut = carried
    try:
        yield
    finally:
        calibration.excess_cut = plain


def pair_auc(vectors: np.ndarray, labels: list[str]) -> float:
    """ROC AUC of the labelled faces' pairs: every pair of one person, 300,000 drawn of two."""
    from sklearn.metrics import roc_auc_score

    y = np.asarray(labels, dtype=object)
    rows: dict[str, list[int]] = {}
    for i, t in enumerate(labels):
        rows.setdefault(t, []).append(i)
    same = np.array([(p, q) for r in rows.values() for k, p in enumerate(r) for q in r[k + 1:]], np.int64).reshape(-1, 2)
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(y), 300_000), rng.integers(0, len(y), 300_000)
    keep = y[a] != y[b]
    a, b = np.concatenate([same[:, 0], a[keep]]), np.concatenate([same[:, 1], b[keep]])
    return float(roc_auc_score(y[a] == y[b], np.einsum("ij,ij->i", vectors[a], vectors[b])))


def _trust(way, space, pack_cut: float):
    return trust_read_before_centring(space, pack_cut) if way and way[1] == "hybrid" else nullcontext()


def dev_set_rows(folder: Path, simulate_user: bool, cuts: list[float], people: int | None = None,
                 draws: int = 1) -> list[list[str]]:
    """Rows per way for a dev set, or (``people``) for ``draws`` parts of it of that many people,
    the other photos hidden as subset_bench.py hides them."""
    from facealbum.core import evaluation as ev
    from facealbum.core.library import Library
    from facealbum.core.simulation import simulate
    from subset_bench import draw

    source = dev_library(folder)
    labeled = ev.labeled_faces(source.catalog, folder)
    rows = []
    for d in range(draws if people else 1):
        label = f"{folder.name}, {people} people, draw {d}" if people else folder.name
        for name, way in WAYS.items():
            with tempfile.TemporaryDirectory() as tmp:
                source.catalog.copy_to(Path(tmp) / "copy.sqlite")
                with Library(Path(tmp) / "copy.sqlite", source.models_dir) as lib:
                    truth = draw(lib, labeled, people, None, d) if people else dict(ev.labeled_faces(lib.catalog, folder))
                    pack_cut = lib.default_threshold()
                    ids, vectors = lib.catalog.embeddings(lib.model_id, [r[0] for r in lib.catalog.calibration_faces()])
                    moved, cut, space = centred(vectors, way, pack_cut)
                    with lib.catalog.transaction():
                        lib.catalog.store_embeddings(lib.model_id, ids.tolist(), moved)
                    lib.default_threshold = lambda cut=cut: cut  # type: ignore[method-assign]  # the pack's cut, carried
                    faces = list(truth)
                    order = {int(f): k for k, f in enumerate(ids)}
                    auc = pair_auc(moved[[order[f] for f in faces]], [truth[f] for f in faces])
                    with _trust(way, space, pack_cut):
                        lib.set_threshold(None)
                        lib.regroup()
                        s = ev.score("", [truth[f] for f in faces], ev.predicted_people(lib.catalog, faces))
                        row = [label, name, f"{auc:.4f}", f"{cut:.3f}", f"{lib.threshold():.3f}",
                               f"{s.bcubed_f:.4f}", f"{s.clusters} / {s.identities}", str(s.edits)]
                        rows.append(row)
                        for fixed in cuts:  # the first pass at a cut set by hand, as the strictness slider sets it
                            lib.set_threshold(fixed)
                            lib.regroup()
                            s = ev.score("", [truth[f] for f in faces], ev.predicted_people(lib.catalog, faces))
                            rows.append([label, name, "", f"{cut:.3f}", f"{fixed:.2f} (fixed)", f"{s.bcubed_f:.4f}",
                                         f"{s.clusters} / {s.identities}", str(s.edits)] + [""] * simulate_user)
                        if simulate_user:  # from the calibrated first pass again
                            lib.set_threshold(None)
                            lib.regroup()
                            sim = simulate(lib, truth)
                            row.append(f"{sim.corrections_per_face:.4f} ({sim.answers} / {sim.merges} / {sim.fixes})")
    source.close()
    return rows


def mix_rows(name: str, parts: dict[str, dict]) -> list[list[str]]:
    from facealbum.core import calibration, grouping

    rows = []
    for way_name, way in WAYS.items():
        order = list(parts)
        moved, cut, space = centred(np.concatenate([parts[p]["vectors"] for p in order]), way)
        ends = np.cumsum([0] + [len(parts[p]["vectors"]) for p in order])
        moved_parts = {p: {**parts[p], "vectors": moved[ends[i]:ends[i + 1]]} for i, p in enumerate(order)}
        cat, truth = mb.build(moved_parts)
        with _trust(way, space, PACK_CUT):
            found = calibration.calibrate(cat, "mix", cut)
            grouping.regroup(cat, "mix", found.threshold, strict=cut, trusted=found.trusted)
        for part, s in mb.scores_by_part(cat, truth, moved_parts).items():
            rows.append([name, way_name, f"{found.threshold:.3f}", part, f"{s.bcubed_f:.3f}",
                         f"{s.clusters} / {s.identities}", str(s.edits)])
        cat.close()
    return rows


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--lag", type=Path, help="the LAG dev folder (see ../shared/datasets/DATASETS.md)")
    parser.add_argument("--simulate", action="store_true", help="also run the simulated user on each dev set")
    parser.add_argument("--cuts", type=float, nargs="*", default=[], help="also the first pass at these cuts set by hand")
    parser.add_argument("--people", type=int, help="only parts of the dev sets of this many people (no mixes)")
    parser.add_argument("--draws", type=int, default=3, help="with --people: how many parts of each")
    parser.add_argument("--sets", nargs="*", help="only these dev sets (by folder name)")
    args = parser.parse_args()
    datasets = SHARED / "datasets"
    folders = [datasets / "blackpink", datasets / "lfw-dev", datasets / "celeb13"] + ([args.lag] if args.lag else [])
    folders = [f for f in folders if not args.sets or f.name in args.sets]
    rows = [row for folder in folders for row in dev_set_rows(folder, args.simulate, args.cuts, args.people, args.draws)]
    header = ["DEV SET", "WAY", "PAIR AUC", "PACK CUT", "CALIBRATED", "B3 F", "GROUPS / PEOPLE", "EDITS"]
    if args.simulate:
        header.append("SIMULATED USER (ANSWERS / MERGES / FIXES)")
    text = fmt_table(rows, header)
    if args.people:
        report(text, args.out)
        return

    bp, lfw, seen_rarely, lfw_ids = mb.sources()
    rng = np.random.default_rng(0)
    women = sorted({t for t in bp["truth"] if t is not None})
    mixes = {
        "blackpink + 60 seen once or twice": {"blackpink": bp, "lfw-dev": mb.take(lfw, seen_rarely[:60])},
        "blackpink + 200 lfw-dev people": {"blackpink": bp, "lfw-dev": mb.take(lfw, rng.choice(lfw_ids, 200, replace=False))},
        "1 of blackpink + 60 seen once or twice": {"blackpink": mb.take(bp, women[:1]),
                                                   "lfw-dev": mb.take(lfw, seen_rarely[60:120])},
    }
    if args.lag:
        lag = mb.load(args.lag)
        lag_ids = sorted({t for t in lag["truth"] if t is not None})
        mixes["blackpink + 100 LAG people"] = {"blackpink": bp, "LAG": mb.take(lag, rng.choice(lag_ids, 100, replace=False))}
        mixes["2 of blackpink + 200 LAG people"] = {"blackpink": mb.take(bp, women[:2]),
                                                    "LAG": mb.take(lag, rng.choice(lag_ids, 200, replace=False))}
        mixes["200 LAG + 200 lfw-dev people"] = {"LAG": mb.take(lag, rng.choice(lag_ids, 200, replace=False)),
                                                 "lfw-dev": mb.take(lfw, rng.choice(lfw_ids, 200, replace=False))}
    mix_table = fmt_table([row for name, parts in mixes.items() for row in mix_rows(name, parts)],
                          ["MIX", "WAY", "CALIBRATED", "PART", "B3 F", "GROUPS / PEOPLE", "EDITS"])
    report(text + "\n\nMixes of the dev sets, per part\n" + mix_table, args.out)


if __name__ == "__main__":
    main()
