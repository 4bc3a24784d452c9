"""``facealbum eval`` (grouping quality on a labeled folder) and ``facealbum accuracy``."""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path

from .cli_output import ProgressLine, bar, fmt_duration, table


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
    p.set_defaults(handler=cmd_eval)
    p = sub.add_parser("review", parents=[common],
                       help="answer 'is this <name>?' for faces the grouping did not guess, and name new groups")
    p.add_argument("--list", action="store_true", help="print the questions instead of asking them")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=cmd_review)
    p = sub.add_parser("accuracy", parents=[common],
                       help="how well the model separates the people you have named")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_accuracy)


def _eval_library(labeled_dir: Path, pack: str | None):
    """A library of its own per dataset and pack, kept so a second run does no model work."""
    from .library import Library
    from .paths import data_dir

    key = hashlib.sha1(f"{labeled_dir.resolve()}|{pack or 'builtin'}".encode()).hexdigest()[:12]
    path = data_dir() / "eval" / f"{labeled_dir.name}-{key}.sqlite"
    lib = Library(path)
    lib.set_pack(pack or "builtin")
    return lib


def evaluate(lib, labeled_dir: Path, thresholds: list[float], calibrated: bool = True) -> dict:
    import numpy as np

    from . import evaluation as ev

    labeled = ev.labeled_faces(lib.catalog, labeled_dir)
    if not labeled:
        raise SystemExit(f"facealbum: no labeled faces under {labeled_dir} (expected <folder>/<person>/<photo>)")
    face_ids = [f for f, _ in labeled]
    truth = [i for _, i in labeled]
    ids, vectors = lib.catalog.embeddings(lib.model_id, face_ids)
    order = {int(f): k for k, f in enumerate(ids)}
    vec = vectors[[order[f] for f in face_ids]]
    rows = []
    fixed = []
    if calibrated:  # what a user gets: the threshold this library chooses for itself
        lib.set_threshold(None)
        lib.regroup()
        t = lib.threshold()
        rows.append((t, ev.score(f"FaceAlbum (calibrated: {t:.2f})", truth, ev.predicted_people(lib.catalog, face_ids))))
        default = lib.default_threshold()
        lib.set_threshold(default)
        lib.regroup()
        fixed.append(ev.score(f"FaceAlbum at the fixed default {default:.2f}", truth,
                              ev.predicted_people(lib.catalog, face_ids)))
    for t in thresholds:
        lib.set_threshold(t)
        lib.regroup()
        rows.append((t, ev.score(f"FaceAlbum (threshold {t:.2f})", truth, ev.predicted_people(lib.catalog, face_ids))))
    greedy = ev.score("greedy: first face of each group, similarity > 0.6", truth, ev.greedy_labels(vec, 0.6))
    dbscan = ev.score("DBSCAN cosine eps 0.5, min 3 (Immich)", truth, ev.dbscan_labels(vec, 0.5, 3))
    ver = ev.verification(vec.astype(np.float64), truth)
    return {"faces": len(labeled), "identities": len(set(truth)), "rows": rows,
            "baselines": [*fixed, greedy, dbscan], "verification": ver}


def simulate_on_copy(lib, labeled_dir: Path, threshold: float | None, max_answers: int | None):
    """The simulated user works on a copy, so the cached evaluation library stays untouched."""
    import sqlite3
    import tempfile

    from . import evaluation as ev
    from .library import Library
    from .simulation import simulate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "simulation.sqlite"
        target = sqlite3.connect(path)
        lib.catalog.db.backup(target)
        target.close()
        with Library(path, lib.models_dir) as copy:
            copy.set_threshold(threshold)
            copy.regroup()
            truth = dict(ev.labeled_faces(copy.catalog, labeled_dir))
            return simulate(copy, truth, max_answers)


def cmd_eval(args) -> int:
    labeled = Path(args.labeled_dir).expanduser()
    if not labeled.is_dir():
        print(f"facealbum: {labeled} is not a folder", file=sys.stderr)
        return 2
    lib = _eval_library(labeled, args.pack)
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
        from .evaluation import save_plots

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


def cmd_accuracy(args) -> int:
    from .cli import open_library

    with open_library(args) as lib:
        report = accuracy_report(lib.catalog, lib.model_id)
        if report is not None:
            report.update(pack=lib.pack_name, pack_default=lib.pack().match_similarity)
    if report is None:
        print("Name at least two people, with two or more faces each, to measure this.")
        return 0
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return 0
    print(f"From {report['faces']} faces of {report['people']} named people: ROC-AUC {report['auc']:.4f}. "
          f"Suggested match similarity {report['suggested_similarity']:.3f} "
          f"(pack {report['pack']} default {report['pack_default']:.3f}).")
    return 0


def accuracy_report(catalog, model_id: str) -> dict | None:
    """How well the current model separates the people the user named (an API the window uses)."""
    import numpy as np

    from .evaluation import verification

    faces, names = [], []
    for person in catalog.people(include_hidden=True):
        if person.name:
            for face in catalog.faces(person_id=person.id):
                faces.append(face.id)
                names.append(person.name)
    if len(set(names)) < 2:
        return None
    ids, vectors = catalog.embeddings(model_id, faces)
    if len(ids) < 3:
        return None
    order = {int(f): k for k, f in enumerate(ids)}
    keep = [k for k, f in enumerate(faces) if f in order]
    vec = vectors[[order[faces[k]] for k in keep]].astype(np.float64)
    ver = verification(vec, [names[k] for k in keep])
    if ver is None:
        return None
    return {"people": len(set(names)), "faces": len(keep), "auc": ver.auc,
            "suggested_similarity": ver.suggested_similarity, "genuine": ver.genuine, "impostor": ver.impostor}


def cmd_review(args) -> int:
    from .cli import open_library
    from .review import answer, review_queue

    with open_library(args) as lib:
        queue = review_queue(lib.catalog, lib.model_id, lib.threshold(), args.limit)
        if args.json or args.list or not sys.stdin.isatty():
            rows = []
            for item in queue:
                face = lib.catalog.face(item.face_id)
                rows.append({"kind": item.kind, "face": item.face_id, "person": item.person_id,
                             "name": item.person_name, "distance": round(item.distance, 4),
                             "settles": item.settles, "photo": lib.catalog.photo(face.photo_id).path,
                             "box": [round(v, 1) for v in face.box], "faces": list(item.faces)})
            if args.json:
                json.dump({"questions": rows}, sys.stdout, indent=1)
                print()
            else:
                for r in rows:
                    q = (f"is face {r['face']} {r['name'] or 'person ' + str(r['person'])}?" if r["kind"] == "is-this"
                         else f"name the {len(r['faces'])} faces of group {r['person']}")
                    print(f"{q}  ({r['photo']} {r['box']})")
                if not rows:
                    print("Nothing to review.")
            return 0
        if not queue:
            print("Nothing to review.")
            return 0
        print("Answer y (yes), n (no), s (skip) or q (quit). For a group, type its name or press Enter to skip.")
        answered = 0
        for item in queue:
            face = lib.catalog.face(item.face_id)
            photo = lib.catalog.photo(face.photo_id).path
            box = ", ".join(f"{v:.0f}" for v in face.box)
            if item.kind == "name-group":
                reply = input(f"These {len(item.faces)} faces look like one new person (e.g. {photo} at {box}). "
                              "Name: ").strip()
                if reply.lower() == "q":
                    break
                if reply:
                    answer(lib.people, item, "yes", reply)
                    answered += 1
                continue
            name = item.person_name or f"person {item.person_id}"
            reply = input(f"Is the face in {photo} at [{box}] {name}? [y/n/s/q] ").strip().lower()
            if reply.startswith("q"):
                break
            if reply[:1] in ("y", "n"):
                answer(lib.people, item, "yes" if reply.startswith("y") else "no")
                answered += 1
        print(f"{answered} answers saved.")
        return 0
