"""``facealbum scan``: find photos and faces in folders, then group them."""

from __future__ import annotations

import signal
import sys

from facealbum.core.i18n import _
from .helpers import ProgressLine, bar, fmt_duration, open_library


def register(sub, common) -> None:
    p = sub.add_parser("scan", parents=[common], help=_("find photos and faces in folders, then group them"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--pack", help=_("model pack: builtin, buffalo_l, … or a folder of ONNX files"))
    p.add_argument("--no-group", action="store_true", help=_("do not regroup after scanning"))
    p.add_argument("--no-names", action="store_true",
                   help=_("this time, do not read names from the photos' metadata (XMP, Picasa)"))
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        if args.pack:
            lib.set_pack(args.pack)
        pack = lib.pack()
        line = ProgressLine()
        cancelled = {"flag": False}

        def on_sigint(signum, frame):
            if cancelled["flag"]:
                raise KeyboardInterrupt
            cancelled["flag"] = True
            line.close()
            print(_("Stopping after the photos in hand (Ctrl+C again to stop at once)…"), file=sys.stderr)

        previous = signal.signal(signal.SIGINT, on_sigint)

        def progress(p):
            if p.phase == "walking":
                line.update(_("Looking for photos…"))
            elif p.phase == "processing":
                line.update(_("Scanning {bar} {done}/{total}  {rate:.1f} photos/s  ETA {eta}  {faces} faces").format(bar=bar(p.done, p.total), done=p.done, total=p.total, rate=p.rate, eta=fmt_duration(p.eta_s), faces=p.faces))

        try:
            options = {"read_names": False} if args.no_names else {}
            report = lib.scan(args.paths, progress, lambda: cancelled["flag"], group=False, **options)
            line.close()
            grouping = None if args.no_group or report.cancelled else lib.update_groups(added=report.faces_added)
        finally:
            signal.signal(signal.SIGINT, previous)
            line.close()
        print(_("Model pack: {name} ({license})").format(name=pack.name, license=pack.license.split('(')[0].strip()))
        print(_("{found} photos found: {new} new, {changed} changed, {moved} moved, {unchanged} unchanged, {missing} missing; {faces_added} faces found in {duration}.").format(found=report.found, new=report.new, changed=report.changed, moved=report.moved, unchanged=report.unchanged, missing=report.missing, faces_added=report.faces_added, duration=fmt_duration(report.seconds)))
        if report.named_faces:
            print(_("{named_faces} faces named from the photos' metadata (XMP regions, Picasa).").format(named_faces=report.named_faces))
        for path, problem in report.name_problems[:20]:
            print(_("  names in {path}: {problem}").format(path=path, problem=problem), file=sys.stderr)
        if report.reembedded:
            print(_("{reembedded} photos re-embedded for the {name} pack.").format(reembedded=report.reembedded, name=pack.name))
        if grouping is not None:
            people = len(lib.catalog.people())
            loose = len(lib.catalog.faces(unassigned=True))
            print(_("{people} people; {loose} faces in no group yet ('facealbum review' asks about the close ones).").format(people=people, loose=loose))
        for path, reason in report.errors[:20]:
            print(_("  skipped {path}: {reason}").format(path=path, reason=reason), file=sys.stderr)
        if len(report.errors) > 20:
            print(_("  … and {n} more ('facealbum errors' lists them all)").format(n=len(report.errors) - 20), file=sys.stderr)
        for path, reason in report.folder_problems:
            print(_("  folder {path}: {reason}").format(path=path, reason=reason), file=sys.stderr)
        if report.cancelled:
            print(_("Scan stopped; run the same command to resume."), file=sys.stderr)
            return 130
        return 0
