"""``facealbum group``: regroup every face (corrections are kept)."""

from __future__ import annotations

import sys

from .helpers import open_library


def register(sub, common) -> None:
    p = sub.add_parser("group", parents=[common], help="regroup faces (corrections are kept)")
    p.add_argument("--threshold", type=float, help="cosine distance; saved for the current pack")
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        if args.threshold is not None:
            try:
                lib.set_threshold(args.threshold)
            except ValueError as exc:
                print(f"facealbum: {exc}", file=sys.stderr)
                return 2
        report = lib.regroup()
        print(f"{report.people} people from {report.faces} faces (threshold {lib.threshold():.2f}); "
              f"{report.unsure} faces too small or unclear to group; {report.seconds:.1f} s.")
        return 0
