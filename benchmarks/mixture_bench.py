"""Libraries that mix the dev sets: a few people photographed hundreds of times (blackpink) with
people seen once or twice, or with children and adults (LAG dev). Calibration loosens the cut for
the first kind; this measures what that does to the others, with the plain cut at the calibrated
threshold against the cut that trusts a loose threshold by the faces behind a merge
(grouping.allowance). Quality figures per part of each mix, never one number.

    python benchmarks/mixture_bench.py [--lag DIR]

It reads the libraries `facealbum eval DIR` keeps for blackpink, lfw-dev (and LAG dev with
--lag, which CI does not have), scanning any that is missing, and builds each mix from their
embeddings, photos and qualities in a fresh catalog; the real calibration and regroup run on it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from common import SHARED, dev_library, fmt_table, report  # noqa: E402

BLACKPINK = SHARED / "datasets" / "blackpink"
LFW = SHARED / "datasets" / "lfw-dev"


def load(folder: Path) -> dict:
    """Every face of a dev set's eval library: vector, photo, quality, identity (None unlabeled)."""
    from facealbum.core import evaluation as ev
    lib = dev_library(folder)
    truth = dict(ev.labeled_faces(lib.catalog, folder))
    ids, vectors = lib.catalog.embeddings(lib.model_id)
    faces = {f.id: f for f in lib.catalog.faces()}
    rows = [int(i) for i in ids]
    out = {"vectors": vectors, "photo": np.array([faces[i].photo_id for i in rows]),
           "quality": np.array([faces[i].quality for i in rows]),
           "truth": np.array([truth.get(i) for i in rows], dtype=object)}
    lib.close()
    return out


def take(data: dict, identities) -> dict:
    """The faces of ``identities``' photos (their unlabeled background faces too)."""
    keep = set(identities)
    photos = {p for p, t in zip(data["photo"], data["truth"]) if t in keep}
    rows = np.array([i for i, p in enumerate(data["photo"]) if p in photos], np.int64)
    return {k: v[rows] for k, v in data.items()}


def build(parts: dict[str, dict]):
    """A fresh catalog of the parts' faces (model id "mix"), with face id -> (part, identity)."""
    from facealbum.core.catalog import Catalog

    cat = Catalog(Path(tempfile.mkdtemp()) / "mix.sqlite")
    truth: dict[int, tuple[str, str]] = {}
    with cat.transaction():
        for part, d in parts.items():
            photo_ids: dict[int, int] = {}
            for v, photo, quality, ident in zip(d["vectors"], d["photo"], d["quality"], d["truth"]):
                if photo not in photo_ids:
                    photo_ids[photo] = cat.add_photo(f"/{part}/{photo}.jpg", 100, 100)
                face = cat.add_synthetic_face(photo_ids[photo], (0, 0, 80, 80), float(quality), "mix", v)
                if ident is not None:
                    truth[face] = (part, ident)
    return cat, truth


def scores_by_part(cat, truth: dict[int, tuple[str, str]], parts) -> dict:
    """Each part's scores (evaluation.Scores) against its own labels, as the catalog groups it now."""
    from facealbum.core import evaluation as ev

    faces = list(truth)
    pred = ev.predicted_people(cat, faces)
    out = {}
    for part in parts:
        idx = [i for i, f in enumerate(faces) if truth[f][0] == part]
        out[part] = ev.score("", [truth[faces[i]][1] for i in idx], [pred[i] for i in idx])
    return out


def calibrated_regroup(cat, trusted: bool = True):
    """Calibrate the mix and regroup it at its threshold; ``trusted``: as the app does
    (grouping.allowance from the pack's 0.56, past calibration's trusted cut), else the plain cut.
    Returns the calibration."""
    from facealbum.core import calibration, grouping

    found = calibration.calibrate(cat, "mix", 0.56)
    grouping.regroup(cat, "mix", found.threshold, strict=0.56 if trusted else None,
                     trusted=found.trusted if trusted else None)
    return found


def run(name: str, parts: dict[str, dict], trusted: bool) -> list[list]:
    cat, truth = build(parts)
    found = calibrated_regroup(cat, trusted)
    rows = []
    for part, s in scores_by_part(cat, truth, parts).items():
        cut = "plain" if not trusted else f"trusted to {found.trusted:.2f}" if found.trusted else "trusted"
        rows.append([name, cut, f"{found.threshold:.2f}", part,
                     f"{s.bcubed_f:.3f}", f"{s.clusters} / {s.identities}", s.edits])
    cat.close()
    return rows


def sources() -> tuple[dict, dict, list[str], list[str]]:
    """blackpink's and lfw-dev's faces, lfw-dev's people seen once or twice, and all its people."""
    bp, lfw = load(BLACKPINK), load(LFW)
    seen_rarely = sorted(p.name for p in LFW.iterdir() if p.is_dir() and 1 <= len(os.listdir(p)) <= 2)
    return bp, lfw, seen_rarely, sorted({t for t in lfw["truth"] if t is not None})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lag", help="the LAG dev folder (see ../shared/datasets/DATASETS.md)")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    bp, lfw, seen_rarely, lfw_ids = sources()
    rng = np.random.default_rng(0)
    mixes = {
        "blackpink + 60 seen once or twice": {"blackpink": bp, "lfw-dev": take(lfw, seen_rarely[:60])},
        "blackpink + 200 lfw-dev people": {"blackpink": bp, "lfw-dev": take(lfw, rng.choice(lfw_ids, 200, replace=False))},
        "blackpink alone": {"blackpink": bp},
    }
    if args.lag:
        lag = load(Path(args.lag))
        lag_ids = sorted({t for t in lag["truth"] if t is not None})
        mixes["blackpink + 100 LAG people"] = {"blackpink": bp, "LAG": take(lag, rng.choice(lag_ids, 100, replace=False))}
        two = sorted({t for t in bp["truth"] if t is not None})[:2]
        mixes["2 of blackpink + 200 LAG people"] = {"blackpink": take(bp, two), "LAG": take(lag, rng.choice(lag_ids, 200, replace=False))}
        mixes["200 LAG + 200 lfw-dev people"] = {"LAG": take(lag, rng.choice(lag_ids, 200, replace=False)),
                                                 "lfw-dev": take(lfw, rng.choice(lfw_ids, 200, replace=False))}
    rows = [row for name, parts in mixes.items() for trusted in (False, True) for row in run(name, parts, trusted)]
    header = ["MIX", "CUT", "THRESHOLD", "PART", "B3 F", "GROUPS / PEOPLE", "EDITS"]
    report(fmt_table([[str(c) for c in r] for r in rows], header), args.out)


if __name__ == "__main__":
    main()
