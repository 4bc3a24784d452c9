"""``facealbum accuracy``: how well the model separates the people you have named."""

from __future__ import annotations

import json
import sys

from facealbum.core.accuracy import accuracy_report

from .helpers import open_library


def register(sub, common) -> None:
    p = sub.add_parser("accuracy", parents=[common],
                       help="how well the model separates the people you have named")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args) -> int:
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
