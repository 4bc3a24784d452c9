"""``facealbum who``: which named people are in a photo, or in a folder of photos."""

from __future__ import annotations

import json
import sys

from facealbum.core.errors import FaceAlbumError
from facealbum.core.identify import who

from .helpers import open_library, rounded_box


def register(sub, common) -> None:
    p = sub.add_parser("who", parents=[common], help="which named people are in a photo, or in a folder of photos")
    p.add_argument("target", metavar="PHOTO_OR_FOLDER")
    p.add_argument("--people", nargs="+", metavar="NAME", help="the people to look for; reports who is absent")
    p.add_argument("--add", action="store_true", help="also add the photo(s) to the catalog")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        pack = lib.pack()
        results = who(pack, lib.catalog, args.target, args.people)
        if args.add:
            lib.scan([args.target])
    if args.json:
        json.dump({"photos": [{"photo": r.path, "error": r.error,
                               "present": [{"name": n, "similarity": round(s, 4), "box": rounded_box(b)}
                                           for n, s, b in r.present],
                               "unknown": [rounded_box(b) for b in r.unknown], "absent": r.absent} for r in results],
                   "absent_everywhere": _absent_everywhere(results, args.people)}, sys.stdout, indent=1)
        print()
    else:
        for r in results:
            if r.error:
                print(f"{r.path}: cannot read: {r.error}", file=sys.stderr)
                continue
            names = ", ".join(f"{n} ({s:.2f})" for n, s, _ in r.present) or "no one known"
            line = f"{r.path}: {names}"
            if r.unknown:
                line += f"; {len(r.unknown)} unknown face{'s' if len(r.unknown) > 1 else ''}"
            if not r.present and not r.unknown:
                line = f"{r.path}: no faces found"
            if r.absent and len(results) == 1:
                line += f"; absent: {', '.join(r.absent)}"
            print(line)
        if len(results) > 1:
            absent = _absent_everywhere(results, args.people)
            if args.people:
                print(f"Absent from every photo: {', '.join(absent) if absent else 'nobody'}")
    answered = [r for r in results if r.error is None]
    if not answered:
        raise FaceAlbumError("None of the photos could be read, so the question has no answer.")
    return 0


def _absent_everywhere(results, people) -> list[str]:
    if not people:
        return []
    seen = {n.lower() for r in results for n, _, _ in r.present}
    return [p for p in people if p.lower() not in seen]
