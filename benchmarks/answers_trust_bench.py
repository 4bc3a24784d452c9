"""How far a family's answers may be trusted for every merge (calibration.ANSWERED_EXCESS_SHARE):
what naming one part of a mixed library does to the faces of the part nobody named.

Each mix (as in mixture_bench.py: real embeddings of the dev sets in a fresh catalog) is
calibrated and regrouped as the app does; then the named part's people are named from the
folder labels (every group of two or more faces whose faces are mostly one person gets that
person's name, so a person in several groups is merged), which gives the calibration labelled
pairs enough to rule the threshold, and the library is calibrated and regrouped again. The cut
then trusted for every merge (Calibration.trusted) is the answers' threshold as far as the
library's own pairs stand above chance:

- "twice chance": the rule without answers (calibration.EXCESS_SHARE);
- "half again" : the rule with answers (calibration.ANSWERED_EXCESS_SHARE, what the app does);
- "no witness" : the answers' threshold, whatever the library's pairs say.

Then, per dev-set folder given (default: blackpink and lfw-dev, with LAG dev where --lag names it),
the simulated user of `facealbum eval --simulate` (core/simulation.py) under each rule: its answers
are what make the threshold the answers'.

    python benchmarks/answers_trust_bench.py [--lag DIR] [FOLDER ...] [--people N --draws D]

With --people, the simulated user works on parts of each folder instead (N people drawn, the
other photos hidden, as in subset_bench.py), D draws each.

Figures per part of each mix and per dev set, never one number; the named part's edits count the
moves and merges its names left, the other part's the edits a user would still need there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from common import dev_library, fmt_table, report  # noqa: E402
from mixture_bench import BLACKPINK, LFW, build, calibrated_regroup, load, scores_by_part, sources, take  # noqa: E402

RULES = {"twice chance": 0.5, "half again": 1 / 3, "no witness": -1e9}


def _name(cat, truth: dict, part: str) -> None:
    from facealbum.core.people import People
    people = People(cat)
    person_of = cat.face_people()
    votes: dict[int, Counter] = defaultdict(Counter)
    for face, (p, ident) in truth.items():
        if person_of.get(face) is not None and p == part:
            votes[person_of[face]][ident] += 1
    groups: dict[str, list[int]] = defaultdict(list)
    for pid, v in votes.items():
        if sum(v.values()) >= 2:
            groups[v.most_common(1)[0][0]].append(pid)
    for ident, pids in groups.items():
        people.name(pids, ident)


def run(name: str, parts: dict[str, dict], named: str, rule: str) -> list[list]:
    from facealbum.core import calibration

    calibration.ANSWERED_EXCESS_SHARE = RULES[rule]
    cat, truth = build(parts)
    calibrated_regroup(cat)
    _name(cat, truth, named)
    found = calibrated_regroup(cat)
    rows = []
    for part, s in scores_by_part(cat, truth, parts).items():
        rows.append([name, rule, found.source, f"{found.threshold:.2f}",
                     f"{found.trusted:.2f}" if found.trusted else "-", part + (" (named)" if part == named else ""),
                     f"{s.bcubed_f:.3f}", f"{s.clusters} / {s.identities}", str(s.edits)])
    cat.close()
    return rows


def simulated(folder: Path, rule: str, people: int | None = None, seed: int = 0) -> list[str]:
    from facealbum.core import calibration, evaluation as ev
    from facealbum.core.evaluation_runs import simulate_on_copy
    from facealbum.core.library import Library
    from facealbum.core.simulation import simulate

    calibration.ANSWERED_EXCESS_SHARE = RULES[rule]
    lib = dev_library(folder)
    try:
        if people is None:
            sim, part = simulate_on_copy(lib, folder, None, None), "all"
        else:
            from subset_bench import draw
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "part.sqlite"
                lib.catalog.copy_to(path)
                with Library(path, lib.models_dir) as copy:
                    truth = draw(copy, ev.labeled_faces(copy.catalog, folder), people, None, seed)
                    copy.set_threshold(None)
                    copy.regroup()
                    sim, part = simulate(copy, truth), f"{people} people, draw {seed}"
    finally:
        lib.close()
    return [folder.name, part, rule, str(sim.answers), str(sim.merges), str(sim.fixes),
            f"{sim.corrections_per_face:.4f}", f"{sim.final_f:.3f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="dev sets for the simulated user")
    parser.add_argument("--lag", help="the LAG dev folder (see ../shared/datasets/DATASETS.md)")
    parser.add_argument("--people", type=int, help="the simulated user on parts of this many people")
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    bp, lfw, seen_rarely, lfw_ids = sources()
    rng = np.random.default_rng(0)
    mixes = [("blackpink + 60 seen once or twice", {"blackpink": bp, "lfw-dev": take(lfw, seen_rarely[:60])}, "blackpink"),
             ("blackpink + 200 lfw-dev people", {"blackpink": bp, "lfw-dev": take(lfw, rng.choice(lfw_ids, 200, replace=False))}, "blackpink")]
    if args.lag:
        lag = load(Path(args.lag))
        lag_ids = sorted({t for t in lag["truth"] if t is not None})
        mix = {"LAG": take(lag, rng.choice(lag_ids, 200, replace=False)),
               "lfw-dev": take(lfw, rng.choice(lfw_ids, 200, replace=False))}
        mixes += [("200 LAG + 200 lfw-dev people", mix, "LAG"), ("200 LAG + 200 lfw-dev people", mix, "lfw-dev")]
    rows = [row for name, parts, named in mixes for rule in RULES for row in run(name, parts, named, rule)]
    header = ["MIX", "RULE", "SOURCE", "THRESHOLD", "TRUSTED", "PART", "B3 F", "GROUPS / PEOPLE", "EDITS"]
    folders = args.folders or [BLACKPINK, LFW] + ([Path(args.lag)] if args.lag else [])
    draws = [None] if args.people is None else range(args.draws)
    sims = [simulated(folder, rule, args.people, 0 if seed is None else seed)
            for folder in folders for seed in draws for rule in RULES]
    sim_header = ["DEV SET", "PART", "RULE", "ANSWERS", "MERGES", "FIXES", "ACTIONS / FACE", "FINAL F"]
    report("Naming one part of a mix\n" + fmt_table(rows, header)
           + "\n\nThe simulated user\n" + fmt_table(sims, sim_header), args.out)


if __name__ == "__main__":
    main()
