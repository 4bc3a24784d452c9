"""Calibration on parts of a library: a family's library is a few dozen people, not a whole dev
set. Draws people (and, optionally, a number of each one's photos) from a dev set's eval library,
hides every other photo (as a drive that is not plugged in), lets calibration choose the cut, and
scores the first pass at it and at fixed cuts. Figures per draw, never one number.

    python benchmarks/subset_bench.py DIR --people 30 [--per-person 15] [--draws 2]

It reads the library `facealbum eval DIR` keeps (scanning it when missing) and works on a copy.
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, dev_library, fmt_table, report  # noqa: E402

FIXED = (0.56, 0.62, 0.68, 0.74, 0.80)


def draw(lib, labeled: list[tuple[int, str]], people: int, per_person: int | None, seed: int) -> dict[int, str]:
    """Hide every photo but those of the drawn faces; returns the drawn faces' identities."""
    rng = random.Random(seed)
    faces_of: dict[str, list[int]] = defaultdict(list)
    for face, ident in labeled:
        faces_of[ident].append(face)
    idents = sorted(faces_of)
    rng.shuffle(idents)
    truth: dict[int, str] = {}
    for ident in idents[:people]:
        chosen = faces_of[ident][:]
        rng.shuffle(chosen)
        truth.update((f, ident) for f in chosen[:per_person or len(chosen)])
    photos = {lib.catalog.face(f).photo_id for f in truth}
    with lib.catalog.transaction():
        lib.catalog.db.execute("CREATE TEMP TABLE kept(id INTEGER PRIMARY KEY)")
        lib.catalog.db.executemany("INSERT INTO kept VALUES (?)", [(p,) for p in photos])
        lib.catalog.db.execute("UPDATE photos SET status='missing' WHERE id NOT IN (SELECT id FROM kept)")
    return truth


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--per-person", type=int, default=None)
    parser.add_argument("--draws", type=int, default=2)
    args = parser.parse_args()

    from facealbum.core import evaluation as ev
    from facealbum.core.library import Library

    source = dev_library(args.folder)
    labeled = ev.labeled_faces(source.catalog, args.folder)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.draws):
            path = Path(tmp) / f"draw{seed}.sqlite"
            source.catalog.copy_to(path)
            with Library(path, source.models_dir) as lib:
                truth = draw(lib, labeled, args.people, args.per_person, seed)
                faces = list(truth)
                labels = [truth[f] for f in faces]

                def f_at(threshold: float | None) -> float:
                    lib.set_threshold(threshold)
                    lib.regroup()
                    return ev.score("", labels, ev.predicted_people(lib.catalog, faces)).bcubed_f

                calibrated = f_at(None)
                chosen = lib.threshold()
                fixed = [f_at(t) for t in FIXED]
                rows.append([str(seed), str(len(set(labels))), str(len(faces)), f"{chosen:.2f}", f"{calibrated:.3f}",
                             *(f"{f:.3f}" for f in fixed)])
    source.close()
    header = ["draw", "people", "faces", "calibrated cut", "F there", *(f"F at {t:.2f}" for t in FIXED)]
    report(f"{args.folder.name}: {args.people} people"
           + (f", {args.per_person} photos each" if args.per_person else "") + "\n" + fmt_table(rows, header), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
