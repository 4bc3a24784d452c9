"""``facealbum eval``: grouping quality on a folder whose sub-folders are people, and the simulated user."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from facealbum.core.evaluation import save_plots
from facealbum.core.evaluation_runs import eval_library, evaluate, simulate_on_copy

from facealbum.core.i18n import _
from .helpers import ProgressLine, bar, fmt_duration, table


def register(sub, common) -> None:
    p = sub.add_parser("eval", parents=[common], help=_("measure grouping on a folder whose sub-folders are people"))
    p.add_argument("labeled_dir", metavar="LABELED_DIR")
    p.add_argument("--pack", help=_("model pack (default: builtin)"))
    group = p.add_mutually_exclusive_group()
    group.add_argument("--threshold", type=float, help=_("grouping threshold (cosine distance)"))
    group.add_argument("--sweep", action="store_true", help=_("a table over thresholds"))
    p.add_argument("--plots", metavar="DIR", help=_("save ROC and precision/recall plots here (matplotlib)"))
    p.add_argument("--simulate", action="store_true",
                   help=_("a simulated user answers the app's questions from the labels: actions per face"))
    p.add_argument("--max-answers", type=int, help=_("with --simulate: stop asking after this many answers"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args) -> int:
    labeled = Path(args.labeled_dir).expanduser()
    if not labeled.is_dir():
        print(_("facealbum: {labeled} is not a folder").format(labeled=labeled), file=sys.stderr)
        return 2
    lib = eval_library(labeled, args.pack)
    try:
        line = ProgressLine()
        lib.scan([labeled], lambda p: p.phase == "processing" and line.update(
            _("Scanning {bar} {done}/{total}  ETA {eta}").format(bar=bar(p.done, p.total), done=p.done, total=p.total, eta=fmt_duration(p.eta_s))), group=False)
        line.close()
        if args.sweep:
            thresholds = sorted({round(0.40 + 0.05 * i, 2) for i in range(9)} | {lib.default_threshold()})
        else:
            thresholds = [args.threshold] if args.threshold is not None else []
        result = evaluate(lib, labeled, thresholds, calibrated=args.threshold is None)
        if args.simulate:
            result["simulations"] = [
                (label, simulate_on_copy(lib, labeled, threshold, args.max_answers))
                for label, threshold in (("calibrated", args.threshold), (_("fixed default"), lib.default_threshold()))]
    finally:
        lib.set_threshold(None)
        lib.close()
    ver = result["verification"]
    sims = result.get("simulations", [])
    if args.plots:
        for path in save_plots(args.plots, result["rows"], ver, sims):
            print(_("saved {path}").format(path=path), file=sys.stderr)
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
    print(_("{labeled}: {faces} labeled faces of {identities} people (pack {pack})").format(labeled=labeled, faces=result['faces'], identities=result['identities'], pack=args.pack or 'builtin'))
    body = [[s.method, f"{s.bcubed_precision:.4f}", f"{s.bcubed_recall:.4f}", f"{s.bcubed_f:.4f}",
             f"{s.pairwise_f:.4f}", f"{s.clusters} / {s.identities}", str(s.edits), f"{s.edits_per_face:.4f}"]
            for s in [r for _, r in result["rows"]] + result["baselines"]]
    print(table(body, [_("METHOD"), _("B3 PREC"), _("B3 REC"), _("B3 F"), _("PAIR F"), _("GROUPS / PEOPLE"), _("EDITS"), _("EDITS/FACE")]))
    if sims:
        body = [[label, str(sim.answers), str(sim.names), str(sim.merges), str(sim.fixes), str(sim.actions),
                 f"{sim.actions_per_face:.4f}", f"{sim.corrections_per_face:.4f}", " ".join(f"{f:.3f}@{a}" for a, f, _ in sim.curve), f"{sim.final_f:.3f}"]
                for label, sim in sims]
        print(_("\nSimulated user (every answer, name, merge and fix counts one action; BEYOND NAMES: all but\n"
                "one name per person, per face):"))
        print(table(body, [_("GROUPING"), _("ANSWERS"), _("NAMES"), _("MERGES"), _("FIXES"), _("ACTIONS"),
                           _("ACTIONS/FACE"), _("BEYOND NAMES"), _("F AFTER N ANSWERS"), _("F NAMED")]))
    if ver:
        print(_("\nPairs: ROC-AUC {auc:.4f}; genuine similarity {genuine:.3f} ± {genuine2:.3f}, impostor {impostor:.3f} ± {impostor2:.3f}; suggested match similarity {suggested_similarity:.3f}").format(auc=ver.auc, genuine=ver.genuine[0], genuine2=ver.genuine[1], impostor=ver.impostor[0], impostor2=ver.impostor[1], suggested_similarity=ver.suggested_similarity))
    return 0
