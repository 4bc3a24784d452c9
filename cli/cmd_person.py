"""``facealbum person ACTION``: rename, merge, split, move, reject, hide, cover, undo, redo, history."""

from __future__ import annotations

import sys

from facealbum.core.records import Changes
from facealbum.core.sidecars import after_correction

from facealbum.core.i18n import _
from .helpers import find_person, open_library


def register(sub, common) -> None:
    p = sub.add_parser("person", parents=[common], help=_("rename, merge, split, move, hide …"))
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = ps.add_parser("rename", parents=[common], help=_("give a person a name"))
    a.add_argument("person", help=_("person id or name"))
    a.add_argument("name")
    a = ps.add_parser("merge", parents=[common], help=_("merge people into the first one"))
    a.add_argument("target", help=_("person id or name that remains"))
    a.add_argument("sources", nargs="+", help=_("people merged into it"))
    a = ps.add_parser("split", parents=[common], help=_("move faces into a new person"))
    a.add_argument("faces", nargs="+", type=int, metavar="FACE_ID")
    a.add_argument("--name")
    a = ps.add_parser("move", parents=[common], help=_("move faces to a person"))
    a.add_argument("faces", nargs="+", type=int, metavar="FACE_ID")
    a.add_argument("--to", required=True, metavar="PERSON")
    a = ps.add_parser("reject", parents=[common], help=_("'not this person': take faces out of their person"))
    a.add_argument("faces", nargs="+", type=int, metavar="FACE_ID")
    a = ps.add_parser("hide", parents=[common], help=_("hide a person (or --unhide)"))
    a.add_argument("person")
    a.add_argument("--unhide", action="store_true")
    a = ps.add_parser("cover", parents=[common], help=_("choose a person's cover face"))
    a.add_argument("person")
    a.add_argument("face", type=int)
    ps.add_parser("undo", parents=[common], help=_("undo the last correction"))
    ps.add_parser("redo", parents=[common], help=_("redo the last undone correction"))
    ps.add_parser("history", parents=[common], help=_("list the corrections made"))
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        people = lib.people
        action = args.action
        changes = Changes()
        if action == "rename":
            person = find_person(lib, args.person)
            named, changes = people.name([person.id], args.name)
            if named != person.id:
                print(_("{name} already existed: person {id} is merged into person {named}.").format(name=args.name, id=person.id, named=named))
            else:
                print(_("Person {id} is now called {name}.").format(id=person.id, name=args.name))
        elif action == "merge":
            target = find_person(lib, args.target)
            sources = [find_person(lib, s).id for s in args.sources]
            changes = people.merge(sources, target.id)
            print(_("Merged {sources_count} into {display_name}.").format(sources_count=len(sources), display_name=lib.catalog.person(target.id).display_name))
        elif action == "split":
            new_id, changes = people.split(args.faces, args.name)
            print((_("{n} faces are now person {id} ({name}).") if args.name else _("{n} faces are now person {id}.")).format(n=len(args.faces), id=new_id, name=args.name))
        elif action == "move":
            target = find_person(lib, args.to)
            changes = people.move(args.faces, target.id)
            print(_("Moved {faces_count} faces to {display_name}.").format(faces_count=len(args.faces), display_name=target.display_name))
        elif action == "reject":
            changes = people.reject(args.faces)
            print(_("{faces_count} faces taken out of their person; they will not be put back there.").format(faces_count=len(args.faces)))
        elif action == "hide":
            person = find_person(lib, args.person)
            changes = people.hide(person.id, not args.unhide)
            print((_("{name} is shown.") if args.unhide else _("{name} is hidden.")).format(name=person.display_name))
        elif action == "cover":
            person = find_person(lib, args.person)
            changes = people.set_cover(person.id, args.face)
            print(_("Cover of {display_name} set.").format(display_name=person.display_name))
        elif action == "undo":
            summary = people.undo_status()[0]
            changes = people.undo()
            print(_("Undone: {summary}.").format(summary=summary))
        elif action == "redo":
            summary = people.undo_status()[1]
            changes = people.redo()
            print(_("Redone: {summary}.").format(summary=summary))
        elif action == "history":
            for cid, at, summary, undone in people.history():
                print(f"{cid:5d}  {at}  {summary}" + (_("  (undone)") if undone else ""))
        sidecars = after_correction(lib.catalog, changes)
        if sidecars is not None and (sidecars.written or sidecars.errors):
            print(_("XMP sidecars: {summary}").format(summary=sidecars.summary()))
            for path, reason in sidecars.errors:
                print(f"  {path}: {reason}", file=sys.stderr)
        return 0
