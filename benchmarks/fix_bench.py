"""Whether the fixing stage could cost less than one action a wrong face: two ways measured.

1. Regroups between the moves. The simulated user (core/simulation.py) fixes what is left after
   the names by moves counted from the final grouping, with no regroup between them. A real user's
   moves are answers too, and the app regroups after corrections, so a moved face might pull its
   person's other faces along. Here the user moves ``--batch`` wrong faces into their person's
   group (naming one face of each person with no group yet, which edits_needed counts free as
   well), the app regroups, and so on until nothing is left; the actions are compared with the
   simulation's.
2. Ejecting a group's outliers. Each face of a group of three or more is scored by how far its mean
   similarity to the others falls below the group's median; the highest-scored faces would be
   put out of their group. An ejected stranger saves the move that takes it out; an ejected
   member costs the move that brings it back. Listed: how many of each the top N are.

    python benchmarks/fix_bench.py DIR [DIR ...] [--batch 10]

It reads the library `facealbum eval DIR` keeps (scanning it when missing) and works on copies.
Figures per dev set, never one number.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, fmt_table, regrouped_dev_sets, report  # noqa: E402

TOPS = (5, 10, 20, 40)


def fix_with_regroups(lib, truth: dict[int, str], batch: int) -> tuple[int, int, int]:
    """(moves made, regroups, edits left at the end) for a user who moves ``batch`` faces at a time."""
    faces = list(truth)
    count = Counter(truth.values())
    moves = rounds = 0
    while True:
        person_of = {f.id: f.person_id for f in lib.catalog.faces()}
        unnamed: dict[str, int] = {}
        for f in faces:
            if count[truth[f]] >= 2 and lib.catalog.person_by_name(truth[f]) is None:
                unnamed.setdefault(truth[f], f)
        for ident, f in list(unnamed.items())[:batch]:
            lib.people.name_faces([f], ident)  # the person's name: free, as in edits_needed
        todo = [(f, p.id) for f in faces
                if (p := lib.catalog.person_by_name(truth[f])) is not None and person_of.get(f) != p.id]
        if not todo and not unnamed:
            break
        for f, pid in todo[:batch]:
            lib.people.move([f], pid)
            moves += 1
        lib.regroup()
        rounds += 1
    from facealbum.core import evaluation as ev
    left = ev.edits_needed([truth[f] for f in faces], ev.predicted_people(lib.catalog, faces))
    return moves, rounds, left


def outlier_counts(lib, truth: dict[int, str]) -> list[tuple[int, int]]:
    """(strangers, members) among the top-N faces by shortfall from their group's median similarity."""
    from facealbum.core import evaluation as ev
    faces = list(truth)
    pred = ev.predicted_people(lib.catalog, faces)
    ids, vectors = lib.catalog.embeddings(lib.model_id, faces)
    row = {int(f): k for k, f in enumerate(ids)}
    v = vectors[[row[f] for f in faces]].astype(np.float64)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    groups: dict = defaultdict(list)
    for k, p in enumerate(pred):
        groups[p].append(k)
    scored = []
    for members in groups.values():
        if len(members) < 3:
            continue
        majority = Counter(truth[faces[k]] for k in members).most_common(1)[0][0]
        sims = v[members] @ v[members].T
        mean = (sims.sum(axis=1) - 1.0) / (len(members) - 1)
        shortfall = np.median(mean) - mean
        scored += [(s, truth[faces[k]] != majority) for s, k in zip(shortfall, members)]
    scored.sort(key=lambda x: -x[0])
    return [(sum(b for _, b in scored[:n]), sum(not b for _, b in scored[:n])) for n in TOPS]


def main() -> int:
    parser = arguments(__doc__, folders=True)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()

    from facealbum.core.simulation import simulate

    fix_rows, eject_rows = [], []
    for folder, _source, lib, truth in regrouped_dev_sets(args.folders):
        eject_rows += [[folder.name, str(n), str(bad), str(good)]
                       for n, (bad, good) in zip(TOPS, outlier_counts(lib, truth))]
        sim = simulate(lib, truth)
        moves, rounds, left = fix_with_regroups(lib, truth, args.batch)
        before = sim.answers + sim.merges + sim.fixes
        after = sim.answers + sim.merges + moves + left
        fix_rows.append([folder.name, str(sim.faces), str(sim.answers), str(sim.merges), str(sim.fixes),
                         f"{before / sim.faces:.4f}", f"{moves} + {left} ({rounds} regroups)",
                         f"{after / sim.faces:.4f}"])
    report(f"Fixing with a regroup after every {args.batch} moves (actions beyond the names)\n"
           + fmt_table(fix_rows, ["set", "faces", "answers", "merges", "fixes", "per face",
                                  "moves + left, regrouping", "per face"])
           + "\n\nEjecting the faces furthest below their group's median similarity (groups of 3+)\n"
           + fmt_table(eject_rows, ["set", "top", "strangers", "members"]), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
