"""``facealbum group``: regroup every face (corrections are kept)."""

from __future__ import annotations

import sys

from facealbum.core.i18n import _
from .helpers import open_library


def register(sub, common) -> None:
    p = sub.add_parser("group", parents=[common], help=_("regroup faces (corrections are kept)"))
    p.add_argument("--threshold", type=float, help=_("cosine distance; saved for the current pack"))
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        if args.threshold is not None:
            try:
                lib.set_threshold(args.threshold)
            except ValueError as exc:
                print(_("facealbum: {exc}").format(exc=exc), file=sys.stderr)
                return 2
        report = lib.regroup()
        print(_("{people} people from {faces} faces (threshold {threshold:.2f}); {unsure} faces too small or unclear to group; {seconds:.1f} s.").format(people=report.people, faces=report.faces, threshold=lib.threshold(), unsure=report.unsure, seconds=report.seconds))
        return 0
