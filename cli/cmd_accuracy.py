"""``facealbum accuracy``: how well the model separates the people you have named."""

from __future__ import annotations

import json
import sys

from facealbum.core.accuracy import accuracy_report

from facealbum.core.i18n import _
from .helpers import open_library


def register(sub, common) -> None:
    p = sub.add_parser("accuracy", parents=[common],
                       help=_("how well the model separates the people you have named"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        report = accuracy_report(lib.catalog, lib.model_id)
        if report is not None:
            report.update(pack=lib.pack_name, pack_default=lib.pack().match_similarity)
    if report is None:
        print(_("Name at least two people, with two or more faces each, to measure this."))
        return 0
    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return 0
    print(_("From {faces} faces of {people} named people: ROC-AUC {auc:.4f}. Suggested match similarity {suggested_similarity:.3f} (pack {pack} default {pack_default:.3f}).").format(faces=report['faces'], people=report['people'], auc=report['auc'], suggested_similarity=report['suggested_similarity'], pack=report['pack'], pack_default=report['pack_default']))
    return 0
