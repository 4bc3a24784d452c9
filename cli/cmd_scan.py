"""``facealbum scan``: find photos and faces in folders, then group them."""

from __future__ import annotations

import signal
import sys

from .helpers import ProgressLine, bar, fmt_duration, open_library


def register(sub, common) -> None:
    p = sub.add_parser("scan", parents=[common], help="find photos and faces in folders, then group them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--pack", help="model pack: builtin, buffalo_l, … or a folder of ONNX files")
    p.add_argument("--no-group", action="store_true", help="do not regroup after scanning")
    p.add_argument("--no-names", action="store_true",
                   help="this time, do not read names from the photos' metadata (XMP, Picasa)")
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
            print("Stopping after the photos in hand (Ctrl+C again to stop at once)…", file=sys.stderr)

        previous = signal.signal(signal.SIGINT, on_sigint)

        def progress(p):
            if p.phase == "walking":
                line.update("Looking for photos…")
            elif p.phase == "processing":
                line.update(f"Scanning {bar(p.done, p.total)} {p.done}/{p.total}  {p.rate:.1f} photos/s  "
                            f"ETA {fmt_duration(p.eta_s)}  {p.faces} faces")

        try:
            options = {"read_names": False} if args.no_names else {}
            report = lib.scan(args.paths, progress, lambda: cancelled["flag"], group=False, **options)
            line.close()
            grouping = None if args.no_group or report.cancelled else lib.update_groups()
        finally:
            signal.signal(signal.SIGINT, previous)
            line.close()
        print(f"Model pack: {pack.name} ({pack.license.split('(')[0].strip()})")
        print(f"{report.found} photos found: {report.new} new, {report.changed} changed, {report.moved} moved, "
              f"{report.unchanged} unchanged, {report.missing} missing; {report.faces_added} faces found "
              f"in {fmt_duration(report.seconds)}.")
        if report.named_faces:
            print(f"{report.named_faces} faces named from the photos' metadata (XMP regions, Picasa).")
        for path, problem in report.name_problems[:20]:
            print(f"  names in {path}: {problem}", file=sys.stderr)
        if report.reembedded:
            print(f"{report.reembedded} photos re-embedded for the {pack.name} pack.")
        if grouping is not None:
            people = len(lib.catalog.people())
            loose = len(lib.catalog.faces(unassigned=True))
            print(f"{people} people; {loose} faces in no group yet ('facealbum review' asks about the close ones).")
        for path, reason in report.errors[:20]:
            print(f"  skipped {path}: {reason}", file=sys.stderr)
        if len(report.errors) > 20:
            print(f"  … and {len(report.errors) - 20} more ('facealbum errors' lists them all)", file=sys.stderr)
        for path, reason in report.folder_problems:
            print(f"  folder {path}: {reason}", file=sys.stderr)
        if report.cancelled:
            print("Scan stopped; run the same command to resume.", file=sys.stderr)
            return 130
        return 0
