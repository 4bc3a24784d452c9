"""``facealbum who``: which named people are in a photo, or in a folder of photos."""

from __future__ import annotations

import json
import sys

from facealbum.core.errors import FaceAlbumError
from facealbum.core.identify import who

from facealbum.core.i18n import _, ngettext
from .helpers import open_library, rounded_box


def register(sub, common) -> None:
    p = sub.add_parser("who", parents=[common], help=_("which named people are in a photo, or in a folder of photos"))
    p.add_argument("target", metavar="PHOTO_OR_FOLDER")
    p.add_argument("--people", nargs="+", metavar="NAME", help=_("the people to look for; reports who is absent"))
    p.add_argument("--add", action="store_true", help=_("also add the photo(s) to the catalog"))
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
                print(_("{path}: cannot read: {error}").format(path=r.path, error=r.error), file=sys.stderr)
                continue
            names = ", ".join(f"{n} ({s:.2f})" for n, s, _ in r.present) or _("no one known")
            line = f"{r.path}: {names}"
            if r.unknown:
                line += ngettext("; {n} unknown face", "; {n} unknown faces", len(r.unknown)).format(n=len(r.unknown))
            if not r.present and not r.unknown:
                line = _("{path}: no faces found").format(path=r.path)
            if r.absent and len(results) == 1:
                line += _("; absent: {names}").format(names=', '.join(r.absent))
            print(line)
        if len(results) > 1:
            absent = _absent_everywhere(results, args.people)
            if args.people:
                print(_("Absent from every photo: {names}").format(names=', '.join(absent) if absent else _('nobody')))
    answered = [r for r in results if r.error is None]
    if not answered:
        raise FaceAlbumError(_("None of the photos could be read, so the question has no answer."))
    return 0


def _absent_everywhere(results, people) -> list[str]:
    if not people:
        return []
    seen = {n.lower() for r in results for n, _, _ in r.present}
    return [p for p in people if p.lower() not in seen]
