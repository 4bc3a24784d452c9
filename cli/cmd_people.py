"""``facealbum people``: who was found (``--json`` for scripts)."""

from __future__ import annotations

import json
import os
import sys

from facealbum.core.i18n import _
from .helpers import open_library, table


def register(sub, common) -> None:
    p = sub.add_parser("people", parents=[common], help=_("list the people found"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.add_argument("--hidden", action="store_true", help=_("include hidden people"))
    p.set_defaults(handler=run)


def _face_json(lib, face, photos: dict) -> dict:
    if face.photo_id not in photos:
        photos[face.photo_id] = lib.catalog.photo(face.photo_id).path
    return {"id": face.id, "photo": os.path.abspath(photos[face.photo_id]),
            "box": [round(v, 1) for v in face.box], "score": round(face.score, 4)}


def run(args) -> int:
    with open_library(args) as lib:
        people = lib.catalog.people(include_hidden=True)
        if not args.hidden and not args.json:
            people = [p for p in people if not p.hidden]
        if args.json:
            photos: dict = {}
            out = {"people": [], "unassigned": []}
            for person in people:
                faces = lib.catalog.faces(person_id=person.id)
                out["people"].append({"id": person.id, "name": person.name, "hidden": person.hidden,
                                      "faces": [_face_json(lib, f, photos) for f in faces]})
            out["unassigned"] = [_face_json(lib, f, photos) for f in lib.catalog.faces(unassigned=True)]
            json.dump(out, sys.stdout, indent=1)
            print()
            return 0
        if not people:
            print(_("No people yet: run 'facealbum scan FOLDER' first."))
            return 0
        rows = [[str(p.id), p.display_name, str(p.face_count), str(p.photo_count), _("hidden") if p.hidden else ""]
                for p in people]
        print(table(rows, ["ID", _("NAME"), _("FACES"), _("PHOTOS"), ""]))
        print(_("\n{people_count} people; {sentence}.").format(people_count=len(people), sentence=lib.catalog.unknown_counts().sentence()))
        return 0
