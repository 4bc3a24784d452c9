"""``facealbum export``: one album folder per person; never overwrites."""

from __future__ import annotations

import sys

from facealbum.core.export import failure_summary, people_for_export

from facealbum.core.i18n import _
from .helpers import ProgressLine, bar, open_library


def register(sub, common) -> None:
    p = sub.add_parser("export", parents=[common], help=_("write one album folder per person"))
    p.add_argument("dest", metavar="DEST")
    p.add_argument("--person", action="append", default=[], metavar="NAME")
    p.add_argument("--all", action="store_true", help=_("every named person who is not hidden"))
    p.add_argument("--include-unnamed", action="store_true", help=_("also unnamed groups"))
    p.add_argument("--mode", choices=("copy", "hardlink", "symlink"), default="copy")
    p.set_defaults(handler=run)


def run(args) -> int:
    if not args.person and not args.all and not args.include_unnamed:
        print(_("facealbum: choose people with --person NAME, or --all"), file=sys.stderr)
        return 2
    with open_library(args) as lib:
        ids = people_for_export(lib.catalog, args.person, all_named=args.all, include_unnamed=args.include_unnamed)
        if not ids:
            print(_("Nobody to export: name people first (facealbum person rename ID NAME)."), file=sys.stderr)
            return 1
        line = ProgressLine()
        report = lib.export(args.dest, ids, args.mode,
                            lambda d, t: line.update(_("Exporting {bar} {d}/{t}").format(bar=bar(d, t), d=d, t=t)))
        line.close()
        for album, n in report.albums.items():
            print(_("{album}: {n} new photos").format(album=album, n=n))
        print(_("{written} photos written to {dest}, {already} already there.").format(written=report.written, dest=args.dest, already=report.already))
        for path, reason in report.errors:
            print(_("  not exported {path}: {reason}").format(path=path, reason=reason), file=sys.stderr)
        if report.errors:
            print(_("{errors_count} photos not exported:").format(errors_count=len(report.errors)), file=sys.stderr)
            for reason, count in failure_summary(report.errors):
                print(f"  {count} x {reason}", file=sys.stderr)
        return 1 if report.errors and not report.written and not report.already else 0
