"""The age direction of the built-in SFace (core/models/age_direction.py): learn it from LAG dev,
measure what taking it out does on people it was not learned from, and (with --write) regenerate
the module.

    python benchmarks/age_direction.py --lag DIR [--also FOLDER ...] [--write]

LAG dev (see ../shared/datasets/DATASETS.md) holds each person as a child ("young_" photos) and
as an adult. Its photos, and every --also folder (default: blackpink), are scanned with the raw
SFace into temporary libraries. The direction is the mean over people of (child faces' mean -
adult faces' mean). Its effect is measured the honest way: learned on one half of LAG dev's
people, tested on the other half, average linkage at the pack's threshold, B3 F per half; the
adult folders get the direction learned from all of LAG dev.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from common import SHARED, fmt_table, report  # noqa: E402

MODULE = Path(__file__).resolve().parents[1] / "core" / "models" / "age_direction.py"


def raw_faces(folder: Path) -> tuple[np.ndarray, list[str], list[bool]]:
    """Raw SFace embeddings, identities and "is a child photo" of a labeled folder's faces."""
    from facealbum.core import evaluation as ev
    from facealbum.core.library import Library
    from facealbum.core.models.builtin import builtin_recognizer
    from facealbum.core.models.packs import load_pack
    from facealbum.core.scan import Scanner

    pack = replace(load_pack("builtin"), recognizer=builtin_recognizer(age_free=False))
    recognizer = pack.recognizer
    with Library(Path(tempfile.mkdtemp()) / "raw.sqlite") as lib:
        Scanner(lib.catalog, pack).scan([folder])
        truth = dict(ev.labeled_faces(lib.catalog, folder))
        ids, vectors = lib.catalog.embeddings(recognizer.id)
        photo_of = {f.id: f.photo_id for f in lib.catalog.faces()}
        paths = {p.id: Path(p.path).name for p in lib.catalog.photos(status="done")}
        rows = [i for i, f in enumerate(ids.tolist()) if f in truth]
        faces = [int(ids[i]) for i in rows]
        return (vectors[rows].astype(np.float64), [truth[f] for f in faces],
                [paths[photo_of[f]].startswith("young_") for f in faces])


def direction(vectors: np.ndarray, names: np.ndarray, young: np.ndarray) -> np.ndarray:
    shifts = [vectors[(names == n) & young].mean(0) - vectors[(names == n) & ~young].mean(0)
              for n in np.unique(names) if ((names == n) & young).any() and ((names == n) & ~young).any()]
    w = np.mean(shifts, 0)
    return w / np.linalg.norm(w)


def without(vectors: np.ndarray, w: np.ndarray) -> np.ndarray:
    v = vectors - np.outer(vectors @ w, w)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def f_at(vectors: np.ndarray, names, threshold: float) -> float:
    from scipy.cluster.hierarchy import fcluster, linkage

    from facealbum.core import evaluation as ev

    d = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
    labels = fcluster(linkage(d[np.triu_indices(len(d), 1)], "average"), threshold, "distance")
    return ev.bcubed(list(names), list(labels))[2]


def same_share(raw: np.ndarray, names, w: np.ndarray, similarity: float = 0.36) -> list[str]:
    """compare/who's operating point: the share of different-person pairs the raw SFace puts
    above ``similarity``, and the similarity that keeps that share without the age direction."""
    iu = np.triu_indices(len(raw), 1)
    other = (names[:, None] != names[None, :])[iu]
    before = (raw @ raw.T)[iu][other]
    free = without(raw, w)
    after = (free @ free.T)[iu][other]
    share = float(np.mean(before >= similarity))
    return [f"{share:.2%}", f"{np.quantile(after, 1.0 - share):.3f}"]


def pair_means(vectors, names, young) -> list[str]:
    s = vectors @ vectors.T
    iu = np.triu_indices(len(s), 1)
    same = (names[:, None] == names[None, :])[iu]
    kinds = (young[:, None].astype(int) + young[None, :].astype(int))[iu]
    out = []
    for k in (0, 1, 2):
        out += [f"{s[iu][same & (kinds == k)].mean():.3f}", f"{s[iu][~same & (kinds == k)].mean():.3f}"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lag", required=True, help="the LAG dev folder")
    parser.add_argument("--also", nargs="*", default=[str(SHARED / "datasets" / "blackpink")],
                        help="labeled folders of adults to check (default: blackpink)")
    parser.add_argument("--threshold", type=float, default=0.56)
    parser.add_argument("--write", action="store_true", help="regenerate core/models/age_direction.py's values")
    parser.add_argument("--out")
    args = parser.parse_args()
    v, names, young = raw_faces(Path(args.lag))
    names, young = np.array(names), np.array(young)
    people = np.unique(names)
    rng = np.random.default_rng(0)
    rng.shuffle(people)
    half = np.isin(names, people[::2])
    rows = []
    for k, test in enumerate((half, ~half)):
        w = direction(v[~test], names[~test], young[~test])
        rows.append([f"LAG dev, half {k + 1} (learned on the other)", f"{f_at(v[test], names[test], args.threshold):.4f}",
                     f"{f_at(without(v[test], w), names[test], args.threshold):.4f}"])
    w = direction(v, names, young)
    points = []
    for folder in args.also:
        av, an, _young = raw_faces(Path(folder))
        an = np.array(an)
        points.append([Path(folder).name] + same_share(av, an, w))
        for t in sorted({args.threshold, 0.76} if "blackpink" in folder else {args.threshold}):
            rows.append([f"{Path(folder).name} at {t:.2f}", f"{f_at(av, an, t):.4f}", f"{f_at(without(av, w), an, t):.4f}"])
    text = fmt_table(rows, ["SET", "B3 F RAW", "B3 F WITHOUT THE AGE DIRECTION"])
    pairs = [["raw"] + pair_means(v, names, young), ["without"] + pair_means(without(v, w), names, young)]
    text += "\n\nLAG dev mean similarity (one person / two people):\n" + fmt_table(
        pairs, ["", "ADULT-ADULT 1", "2", "CHILD-ADULT 1", "2", "CHILD-CHILD 1", "2"])
    text += "\n\ncompare/who at similarity 0.36 (different-person pairs above it):\n" + fmt_table(
        points, ["SET", "RAW SFACE", "SAME SHARE WITHOUT THE AGE DIRECTION AT"])
    report(text, args.out)
    if args.write:
        body = MODULE.read_text()
        start = body.index("AGE_DIRECTION = np.array([") + len("AGE_DIRECTION = np.array([")
        end = body.index("], np.float32)", start)
        values = "\n" + "\n".join("    " + ", ".join(f"{x:+.6f}" for x in w[i:i + 8]) + "," for i in range(0, len(w), 8)) + "\n"
        MODULE.write_text(body[:start] + values + body[end:])
        print(f"wrote {MODULE}")


if __name__ == "__main__":
    main()
