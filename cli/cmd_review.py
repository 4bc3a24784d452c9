"""``facealbum review``: answer the app's questions ("is this Ann?", "name this group") at the terminal."""

from __future__ import annotations

import json
import sys

from facealbum.core.review import answer, record_answer, review_queue

from facealbum.core.i18n import _
from .helpers import open_library


def register(sub, common) -> None:
    p = sub.add_parser("review", parents=[common],
                       help=_("answer 'is this <name>?' for faces the grouping did not guess, and name new groups"))
    p.add_argument("--list", action="store_true", help=_("print the questions instead of asking them"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        queue = review_queue(lib.catalog, lib.model_id, lib.threshold(), args.limit,
                             strict=lib.default_threshold())
        if args.json or args.list or not sys.stdin.isatty():
            rows = []
            for item in queue:
                face = lib.catalog.face(item.face_id)
                rows.append({"kind": item.kind, "face": item.face_id, "person": item.person_id,
                             "name": item.person_name, "distance": round(item.distance, 4),
                             "settles": item.settles, "photo": lib.catalog.photo(face.photo_id).path,
                             "box": [round(v, 1) for v in face.box], "faces": list(item.faces)})
            if args.json:
                json.dump({"questions": rows}, sys.stdout, indent=1)
                print()
            else:
                for r in rows:
                    q = (_("is face {face} {name}?").format(face=r['face'], name=r['name'] or _("person {id}").format(id=r['person'])) if r["kind"] == "is-this"
                         else _("name the {faces_count} faces of group {person}").format(faces_count=len(r['faces']), person=r['person']))
                    print(f"{q}  ({r['photo']} {r['box']})")
                if not rows:
                    print(_("Nothing to review."))
            return 0
        if not queue:
            print(_("Nothing to review."))
            return 0
        print(_("Answer y (yes), n (no), s (skip) or q (quit). For a group, type its name or press Enter to skip."))
        answered = 0
        for item in queue:
            face = lib.catalog.face(item.face_id)
            photo = lib.catalog.photo(face.photo_id).path
            box = ", ".join(f"{v:.0f}" for v in face.box)
            if item.kind == "name-group":
                reply = input(_("These {faces_count} faces look like one new person (e.g. {photo} at {box}). Name: ").format(faces_count=len(item.faces), photo=photo, box=box)).strip()
                if reply.lower() == "q":
                    break
                if reply:
                    answer(lib.people, item, "yes", reply)
                    answered += 1
                continue
            name = item.person_name or _("person {person_id}").format(person_id=item.person_id)
            reply = input(_("Is the face in {photo} at [{box}] {name}? [y/n/s/q] ").format(photo=photo, box=box, name=name)).strip().lower()
            if reply.startswith("q"):
                break
            if reply.startswith("s"):
                record_answer(lib.catalog, item, "skip")  # settled nothing: questions may stop paying
            if reply[:1] in ("y", "n"):
                answer(lib.people, item, "yes" if reply.startswith("y") else "no")
                answered += 1
        print(_("{answered} answers saved.").format(answered=answered))
        return 0
