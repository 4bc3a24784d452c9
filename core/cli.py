"""``facealbum``: the command line, a thin layer over the core.

``facealbum`` alone, or ``facealbum FOLDER``, opens the window; the subcommands below work
without it. Exit codes: 0 done, 1 the work could not be done (the message says why),
2 a mistake on the command line, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys

from . import __version__
from .cli_output import ProgressLine, bar, fmt_duration, table
from .errors import FaceAlbumError, NotFound

COMMANDS = ("scan", "photos", "people", "person", "group", "export", "models", "errors", "review", "eval", "compare", "who",
            "accuracy")


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="FILE", default=argparse.SUPPRESS,
                        help="the catalog file (default: one in your user data folder)")
    common.add_argument("--models-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="where InsightFace packs live (default: ~/.insightface/models)")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="facealbum", parents=[common],
        description="Find the people in your photos and group them, privately, on this computer. "
                    "With no command (or with a folder), opens the window.")
    parser.add_argument("--version", action="version", version=f"FaceAlbum {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("scan", parents=[common], help="find photos and faces in folders, then group them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--pack", help="model pack: builtin, buffalo_l, … or a folder of ONNX files")
    p.add_argument("--no-group", action="store_true", help="do not regroup after scanning")

    p = sub.add_parser("people", parents=[common], help="list the people found")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.add_argument("--hidden", action="store_true", help="include hidden people")

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

    p = sub.add_parser("group", parents=[common], help="regroup faces (corrections are kept)")
    p.add_argument("--threshold", type=float, help="cosine distance; saved for the current pack")

    p = sub.add_parser("export", parents=[common], help="write one album folder per person")
    p.add_argument("dest", metavar="DEST")
    p.add_argument("--person", action="append", default=[], metavar="NAME")
    p.add_argument("--all", action="store_true", help="every named person who is not hidden")
    p.add_argument("--include-unnamed", action="store_true", help="also unnamed groups")
    p.add_argument("--mode", choices=("copy", "hardlink", "symlink"), default="copy")

    p = sub.add_parser("models", parents=[common], help="list model packs, or download one")
    p.add_argument("action", nargs="?", choices=("list", "download"), default="list")
    p.add_argument("name", nargs="?")
    p.add_argument("--yes", action="store_true", help="accept the pack's licence without asking")

    sub.add_parser("errors", parents=[common], help="list the files that could not be read, with the reason")

    p = sub.add_parser("photos", parents=[common],
                       help="list photos by estimated age or gender (packs with InsightFace's genderage model)")
    p.add_argument("--age", metavar="MIN-MAX", help="e.g. 0-12")
    p.add_argument("--gender", choices=("F", "M", "f", "m"))

    for extra in _extra_commands():
        extra(sub, common)
    return parser


def _extra_commands():
    """Commands that live in modules of their own (review, eval, accuracy, compare, who)."""
    from . import cli_identify, cli_review

    return [cli_review.register, cli_identify.register]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")) or argv[0] == "--window":
        return _open_window([a for a in argv if a != "--window"])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        return _open_window([])
    try:
        return args.handler(args) if hasattr(args, "handler") else HANDLERS[args.command](args)
    except FaceAlbumError as exc:
        print(f"facealbum: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nfacealbum: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _open_window(argv: list[str]) -> int:
    # The window is optional to the core: it is imported only when asked for.
    try:
        app = importlib.import_module("facealbum.gui.app")
    except ImportError as exc:
        print(f"facealbum: the window needs PySide6 ({exc}). Install it with: pip install PySide6-Essentials",
              file=sys.stderr)
        return 1
    return app.main(argv)


def open_library(args):
    from .library import Library

    return Library(getattr(args, "library", None), getattr(args, "models_dir", None))


def find_person(lib, ref: str):
    if ref.isdigit():
        return lib.catalog.person(int(ref))
    person = lib.catalog.person_by_name(ref)
    if person is None:
        raise NotFound(f"No person called '{ref}' (use 'facealbum people' to list them).")
    return person


# -- handlers -------------------------------------------------------------------------------
def cmd_scan(args) -> int:
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
            report = lib.scan(args.paths, progress, lambda: cancelled["flag"], group=False)
            line.close()
            grouping = None if args.no_group or report.cancelled else lib.update_groups()
        finally:
            signal.signal(signal.SIGINT, previous)
            line.close()
        print(f"Model pack: {pack.name} ({pack.license.split('(')[0].strip()})")
        print(f"{report.found} photos found: {report.new} new, {report.changed} changed, {report.moved} moved, "
              f"{report.unchanged} unchanged, {report.missing} missing; {report.faces_added} faces found "
              f"in {fmt_duration(report.seconds)}.")
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


def _face_json(lib, face, photos: dict) -> dict:
    if face.photo_id not in photos:
        photos[face.photo_id] = lib.catalog.photo(face.photo_id).path
    return {"id": face.id, "photo": os.path.abspath(photos[face.photo_id]),
            "box": [round(v, 1) for v in face.box], "score": round(face.score, 4)}


def cmd_people(args) -> int:
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
            print("No people yet: run 'facealbum scan FOLDER' first.")
            return 0
        rows = [[str(p.id), p.display_name, str(p.face_count), str(p.photo_count), "hidden" if p.hidden else ""]
                for p in people]
        print(table(rows, ["ID", "NAME", "FACES", "PHOTOS", ""]))
        print(f"\n{len(people)} people; {lib.catalog.unknown_counts().sentence()}.")
        return 0


def cmd_person(args) -> int:
    with open_library(args) as lib:
        people = lib.people
        action = args.action
        if action == "rename":
            person = find_person(lib, args.person)
            named, _ = people.name([person.id], args.name)
            if named != person.id:
                print(f"{args.name} already existed: person {person.id} is merged into person {named}.")
            else:
                print(f"Person {person.id} is now called {args.name}.")
        elif action == "merge":
            target = find_person(lib, args.target)
            sources = [find_person(lib, s).id for s in args.sources]
            people.merge(sources, target.id)
            print(f"Merged {len(sources)} into {lib.catalog.person(target.id).display_name}.")
        elif action == "split":
            new_id, _ = people.split(args.faces, args.name)
            print(f"{len(args.faces)} faces are now person {new_id}{' (' + args.name + ')' if args.name else ''}.")
        elif action == "move":
            target = find_person(lib, args.to)
            people.move(args.faces, target.id)
            print(f"Moved {len(args.faces)} faces to {target.display_name}.")
        elif action == "reject":
            people.reject(args.faces)
            print(f"{len(args.faces)} faces taken out of their person; they will not be put back there.")
        elif action == "hide":
            person = find_person(lib, args.person)
            people.hide(person.id, not args.unhide)
            print(f"{person.display_name} is {'shown' if args.unhide else 'hidden'}.")
        elif action == "cover":
            person = find_person(lib, args.person)
            people.set_cover(person.id, args.face)
            print(f"Cover of {person.display_name} set.")
        elif action == "undo":
            summary = people.undo_status()[0]
            people.undo()
            print(f"Undone: {summary}.")
        elif action == "redo":
            summary = people.undo_status()[1]
            people.redo()
            print(f"Redone: {summary}.")
        elif action == "history":
            for cid, at, summary, undone in people.history():
                print(f"{cid:5d}  {at}  {summary}{'  (undone)' if undone else ''}")
        return 0


def cmd_group(args) -> int:
    with open_library(args) as lib:
        if args.threshold is not None:
            try:
                lib.set_threshold(args.threshold)
            except ValueError as exc:
                print(f"facealbum: {exc}", file=sys.stderr)
                return 2
        report = lib.regroup()
        print(f"{report.people} people from {report.faces} faces (threshold {lib.threshold():.2f}); "
              f"{report.unsure} faces too small or unclear to group; {report.seconds:.1f} s.")
        return 0


def cmd_export(args) -> int:
    from .export import failure_summary, people_for_export

    if not args.person and not args.all and not args.include_unnamed:
        print("facealbum: choose people with --person NAME, or --all", file=sys.stderr)
        return 2
    with open_library(args) as lib:
        ids = people_for_export(lib.catalog, args.person, all_named=args.all, include_unnamed=args.include_unnamed)
        if not ids:
            print("Nobody to export: name people first (facealbum person rename ID NAME).", file=sys.stderr)
            return 1
        line = ProgressLine()
        report = lib.export(args.dest, ids, args.mode,
                            lambda d, t: line.update(f"Exporting {bar(d, t)} {d}/{t}"))
        line.close()
        for album, n in report.albums.items():
            print(f"{album}: {n} new photos")
        print(f"{report.written} photos written to {args.dest}, {report.already} already there.")
        for path, reason in report.errors:
            print(f"  not exported {path}: {reason}", file=sys.stderr)
        if report.errors:
            print(f"{len(report.errors)} photos not exported:", file=sys.stderr)
            for reason, count in failure_summary(report.errors):
                print(f"  {count} x {reason}", file=sys.stderr)
        return 1 if report.errors and not report.written and not report.already else 0


def cmd_models(args) -> int:
    from .models import download, packs

    models_dir = getattr(args, "models_dir", None)
    if args.action == "list":
        rows = []
        for info in packs.list_packs(models_dir):
            state = "available" if info.available else ("missing " + ", ".join(info.missing) if info.location
                                                         else "not installed")
            rows.append([info.name, state, info.description])
        print(table(rows, ["PACK", "STATE", "WHAT"]))
        print("\nInsightFace packs: non-commercial research use only. "
              "Get one with 'facealbum models download NAME' (needs internet).")
        return 0
    if not args.name:
        print("facealbum: name the pack to download, e.g. 'facealbum models download buffalo_l'", file=sys.stderr)
        return 2
    print(download.license_text(args.name))
    if not args.yes:
        if not sys.stdin.isatty():
            print("facealbum: run with --yes to accept the licence non-interactively", file=sys.stderr)
            return 1
        if input("Accept this licence and download? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing downloaded.")
            return 1
    line = ProgressLine()

    def progress(done, total):
        mb = done / 1e6
        line.update(f"Downloading {args.name}: {bar(done, total)} {mb:.1f} MB" if total
                    else f"Downloading {args.name}: {mb:.1f} MB")

    folder = download.download_pack(args.name, models_dir, accept_license=True, progress=progress)
    line.close()
    print(f"Installed {args.name} in {folder}. Use it with 'facealbum scan --pack {args.name} FOLDER'.")
    return 0


def cmd_errors(args) -> int:
    with open_library(args) as lib:
        bad = lib.catalog.photos(status="error")
        for photo in bad:
            print(f"{photo.path}: {photo.error}")
        if not bad:
            print("Every photo could be read.")
        return 0


def cmd_photos(args) -> int:
    low = high = None
    if args.age:
        try:
            low_s, _, high_s = args.age.partition("-")
            low = float(low_s) if low_s else None
            high = float(high_s) if high_s else None
        except ValueError:
            print("facealbum: --age takes MIN-MAX, e.g. 0-12", file=sys.stderr)
            return 2
    with open_library(args) as lib:
        if not lib.catalog.has_ages():
            print("No ages or genders here: they come with packs that include InsightFace's genderage model "
                  "(buffalo_l, buffalo_m, buffalo_s, antelopev2).")
            return 0
        for photo in lib.catalog.photos_with_faces(min_age=low, max_age=high, gender=args.gender):
            print(photo.path)
        return 0


HANDLERS = {"scan": cmd_scan, "photos": cmd_photos, "people": cmd_people, "person": cmd_person, "group": cmd_group,
            "export": cmd_export, "models": cmd_models, "errors": cmd_errors}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
