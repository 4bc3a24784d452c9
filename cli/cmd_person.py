"""``facealbum person ACTION``: rename, merge, split, move, reject, hide, cover, undo, redo, history."""

from __future__ import annotations

import sys

from facealbum.core.records import Changes
from facealbum.core.sidecars import after_correction

from .helpers import find_person, open_library


def register(sub, common) -> None:
    p = sub.add_parser("person", parents=[common], help="rename, merge, split, move, hide …")
    ps = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = ps.add_parser("rename", parents=[common], help="give a person a name")
    a.add_argument("person", help="person id or name")
    a.add_argument("name")
    a = ps.add_parser("merge", parents=[common], help="merge people into the first one")
    a.add_argument("target", help="person id or name that remains")
    a.add_argument("sources", nargs="+", help="people merged into it")
    a = ps.add_parser("split", parents=[common], help="move faces into a new person")
    a.add_argument("faces", nargs="+", type=int, metavar="FACE_ID")
    a.add_argument("--name")
    a = ps.add_parser("move", parents=[common], help="move faces to a person")
    a.add_argument("faces", nargs="+", type=int, metavar="FACE_ID")
    a.add_argument("--to", required=True, metavar="PERSON")
    a = ps.add_parser("reject", parents=[common], help="'not this person': take faces out of their person")
    a.add_argument("faces", nargs="+", type=int, metavar="FACE_ID")
    a = ps.add_parser("hide", parents=[common], help="hide a person (or --unhide)")
    a.add_argument("person")
    a.add_argument("--unhide", action="store_true")
    a = ps.add_parser("cover", parents=[common], help="choose a person's cover face")
    a.add_argument("person")
    a.add_argument("face", type=int)
    ps.add_parser("undo", parents=[common], help="undo the last correction")
    ps.add_parser("redo", parents=[common], help="redo the last undone correction")
    ps.add_parser("history", parents=[common], help="list the corrections made")
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
                print(f"{args.name} already existed: person {person.id} is merged into person {named}.")
            else:
                print(f"Person {person.id} is now called {args.name}.")
        elif action == "merge":
            target = find_person(lib, args.target)
            sources = [find_person(lib, s).id for s in args.sources]
            changes = people.merge(sources, target.id)
            print(f"Merged {len(sources)} into {lib.catalog.person(target.id).display_name}.")
        elif action == "split":
            new_id, changes = people.split(args.faces, args.name)
            print(f"{len(args.faces)} faces are now person {new_id}{' (' + args.name + ')' if args.name else ''}.")
        elif action == "move":
            target = find_person(lib, args.to)
            changes = people.move(args.faces, target.id)
            print(f"Moved {len(args.faces)} faces to {target.display_name}.")
        elif action == "reject":
            changes = people.reject(args.faces)
            print(f"{len(args.faces)} faces taken out of their person; they will not be put back there.")
        elif action == "hide":
            person = find_person(lib, args.person)
            changes = people.hide(person.id, not args.unhide)
            print(f"{person.display_name} is {'shown' if args.unhide else 'hidden'}.")
        elif action == "cover":
            person = find_person(lib, args.person)
            changes = people.set_cover(person.id, args.face)
            print(f"Cover of {person.display_name} set.")
        elif action == "undo":
            summary = people.undo_status()[0]
            changes = people.undo()
            print(f"Undone: {summary}.")
        elif action == "redo":
            summary = people.undo_status()[1]
            changes = people.redo()
            print(f"Redone: {summary}.")
        elif action == "history":
            for cid, at, summary, undone in people.history():
                print(f"{cid:5d}  {at}  {summary}{'  (undone)' if undone else ''}")
        sidecars = after_correction(lib.catalog, changes)
        if sidecars is not None and (sidecars.written or sidecars.errors):
            print(f"XMP sidecars: {sidecars.summary()}")
            for path, reason in sidecars.errors:
                print(f"  {path}: {reason}", file=sys.stderr)
        return 0
