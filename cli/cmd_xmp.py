"""``facealbum xmp``: write people's names into XMP sidecars beside their photos (the photos
themselves are never changed), and choose whether sidecars follow every correction."""

from __future__ import annotations

import sys

from facealbum.core.sidecars import KEEP_UPDATED, photos_to_write, write_names

from facealbum.core.i18n import _
from .helpers import ProgressLine, bar, find_person, open_library


def register(sub, common) -> None:
    p = sub.add_parser("xmp", parents=[common], help=_("write names to XMP sidecars (digiKam, Lightroom, …)"))
    ps = p.add_subparsers(dest="xmp_action", metavar="ACTION", required=True)
    a = ps.add_parser("write", parents=[common], help=_("write the names of people into their photos' sidecars"))
    a.add_argument("people", nargs="*", metavar="PERSON", help=_("person ids or names"))
    a.add_argument("--all", action="store_true", help=_("every photo with a named person"))
    a = ps.add_parser("keep-updated", parents=[common], help=_("rewrite the sidecars after each correction"))
    a.add_argument("state", choices=("on", "off"))
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        if args.xmp_action == "keep-updated":
            lib.catalog.set_setting(KEEP_UPDATED, args.state == "on")
            print(_("Sidecars now follow every correction.") if args.state == "on"
                  else _("Sidecars are written only when asked (facealbum xmp write)."))
            return 0
        if not args.all and not args.people:
            print(_("facealbum: name the people whose sidecars to write, or --all"), file=sys.stderr)
            return 2
        ids = None if args.all else [find_person(lib, ref).id for ref in args.people]
        photos = photos_to_write(lib.catalog, ids)
        line = ProgressLine()
        report = write_names(lib.catalog, photos, lambda d, t: line.update(_("Writing {bar} {d}/{t}").format(bar=bar(d, t), d=d, t=t)))
        line.close()
        print(_("{summary} beside {n} photos; the photos are unchanged.").format(summary=report.summary().rstrip('.。'), n=len(photos) - report.skipped))
        for path, reason in report.errors:
            print(f"  {path}: {reason}", file=sys.stderr)
        return 1 if report.errors and not report.written else 0
