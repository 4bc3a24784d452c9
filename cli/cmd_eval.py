"""``facealbum eval``: grouping quality on a folder whose sub-folders are people, and the simulated user."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from facealbum.core.evaluation import save_plots
from facealbum.core.evaluation_runs import eval_library, evaluate, simulate_on_copy

from .helpers import ProgressLine, bar, fmt_duration, table


def register(sub, common) -> None:
    p = sub.add_parser("eval", parents=[common], help="measure grouping on a folder whose sub-folders are people")
    p.add_argument("labeled_dir", metavar="LABELED_DIR")
    p.add_argument("--pack", help="model pack (default: builtin)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--threshold", type=float, help="grouping threshold (cosine distance)")
    group.add_argument("--sweep", action="store_true", help="a table over thresholds")
    p.add_argument("--plots", metavar="DIR", help="save ROC and precision/recall plots here (matplotlib)")
    p.add_argument("--simulate", action="store_true",
                   help="a simulated user answers the app's questions from the labels: actions per face")
    p.add_argument("--max-answers", type=int, help="with --simulate: stop asking after this many answers")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args) -> int:
    labeled = Path(args.labeled_dir).expanduser()
    if not labeled.is_dir():
        print(f"facealbum: {labeled} is not a folder", file=sys.stderr)
        return 2
    lib = eval_library(labeled, args.pack)
    try:
        line = ProgressLine()
        lib.scan([labeled], lambda p: p.phase == "processing" and line.update(
            f"Scanning {bar(p.done, p.total)} {p.done}/{p.total}  ETA {fmt_duration(p.eta_s)}"), group=False)
        line.close()
        if args.sweep:
            thresholds = sorted({round(0.40 + 0.05 * i, 2) for i in range(9)} | {lib.default_threshold()})
        else:
            thresholds = [args.threshold] if args.threshold is not None else []
        result = evaluate(lib, labeled, thresholds, calibrated=args.threshold is None)
        if args.simulate:
            result["simulations"] = [
                (label, simulate_on_copy(lib, labeled, threshold, args.max_answers))
                for label, threshold in (("calibrated", args.threshold), ("fixed default", lib.default_threshold()))]
    finally:
        lib.set_threshold(None)
        lib.close()
    ver = result["verification"]
    sims = result.get("simulations", [])
    if args.plots:
        for path in save_plots(args.plots, result["rows"], ver, sims):
            print(f"saved {path}", file=sys.stderr)
    if args.json:
        out = {"dataset": str(labeled), "pack": args.pack or "builtin", "faces": result["faces"],
               "identities": result["identities"],
               "facealbum": [dict(asdict(s), threshold=t) for t, s in result["rows"]],
               "baselines": [asdict(s) for s in result["baselines"]]}
        if ver:
            out["verification"] = {k: v for k, v in asdict(ver).items() if k != "curve"}
        if sims:
            out["simulations"] = [dict(asdict(sim), grouping=label, actions=sim.actions,
                                       actions_per_face=sim.actions_per_face,
                                       corrections_per_face=sim.corrections_per_face) for label, sim in sims]
        json.dump(out, sys.stdout, indent=1)
        print()
        return 0
    print(f"{labeled}: {result['faces']} labeled faces of {result['identities']} people "
          f"(pack {args.pack or 'builtin'})")
    body = [[s.method, f"{s.bcubed_precision:.4f}", f"{s.bcubed_recall:.4f}", f"{s.bcubed_f:.4f}",
             f"{s.pairwise_f:.4f}", f"{s.clusters} / {s.identities}", str(s.edits), f"{s.edits_per_face:.4f}"]
            for s in [r for _, r in result["rows"]] + result["baselines"]]
    print(table(body, ["METHOD", "B3 PREC", "B3 REC", "B3 F", "PAIR F", "GROUPS / PEOPLE", "EDITS", "EDITS/FACE"]))
    if sims:
        body = [[label, str(sim.answers), str(sim.names), str(sim.fixes), str(sim.actions),
                 f"{sim.actions_per_face:.4f}", f"{sim.corrections_per_face:.4f}", " ".join(f"{f:.3f}@{a}" for a, f, _ in sim.curve), f"{sim.final_f:.3f}"]
                for label, sim in sims]
        print("\nSimulated user (every answer, name and fix counts one action):")
        print(table(body, ["GROUPING", "ANSWERS", "NAMES", "FIXES", "ACTIONS", "ACTIONS/FACE",
                           "WITHOUT NAMES", "F AFTER N ANSWERS", "F NAMED"]))
    if ver:
        print(f"\nPairs: ROC-AUC {ver.auc:.4f}; genuine similarity {ver.genuine[0]:.3f} ± {ver.genuine[1]:.3f}, "
              f"impostor {ver.impostor[0]:.3f} ± {ver.impostor[1]:.3f}; suggested match similarity "
              f"{ver.suggested_similarity:.3f}")
    return 0
