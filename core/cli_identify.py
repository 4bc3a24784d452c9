"""``facealbum compare`` and ``facealbum who``."""

from __future__ import annotations

import json
import sys

from .errors import FaceAlbumError, ImageError


def register(sub, common) -> None:
    p = sub.add_parser("compare", parents=[common], help="are the people in two photos the same person?")
    p.add_argument("photo_a")
    p.add_argument("photo_b")
    p.add_argument("--pack", help="model pack (default: the library's)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_compare)
    p = sub.add_parser("who", parents=[common], help="which named people are in a photo, or in a folder of photos")
    p.add_argument("target", metavar="PHOTO_OR_FOLDER")
    p.add_argument("--people", nargs="+", metavar="NAME", help="the people to look for; reports who is absent")
    p.add_argument("--add", action="store_true", help="also add the photo(s) to the catalog")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_who)


def _pack(args, lib=None):
    from .models.packs import load_pack

    if getattr(args, "pack", None):
        return load_pack(args.pack, getattr(args, "models_dir", None))
    if lib is not None:
        return lib.pack()
    from .cli import open_library

    with open_library(args) as library:
        return library.pack()


def _box(box) -> list[float]:
    return [round(float(v), 1) for v in box]


def cmd_compare(args) -> int:
    from .identify import compare

    pack = _pack(args)
    try:
        result = compare(pack, args.photo_a, args.photo_b)
    except ImageError as exc:
        print(f"facealbum: cannot read a photo: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = {"pack": pack.name, "threshold": pack.match_similarity, "matches": [
            {"face_a": _box(result.faces_a[i].box), "face_b": _box(result.faces_b[j].box),
             "similarity": round(v.similarity, 4), "same": v.same, "confidence": round(v.confidence, 3)}
            for i, j, v in result.best]}
        json.dump(out, sys.stdout, indent=1)
        print()
        return 0
    multi = len(result.faces_a) > 1 or len(result.faces_b) > 1
    for i, j, v in result.best:
        where = f"face {i + 1} of A ~ face {j + 1} of B: " if multi else ""
        word = "same person" if v.same else "different people"
        print(f"{where}similarity {v.similarity:.3f} -> {word} ({v.confidence * 100:.0f}% sure; "
              f"threshold {v.threshold:.2f}, pack {pack.name})")
    return 0


def cmd_who(args) -> int:
    from .cli import open_library
    from .identify import who

    with open_library(args) as lib:
        pack = lib.pack()
        results = who(pack, lib.catalog, args.target, args.people)
        if args.add:
            lib.scan([args.target])
    if args.json:
        json.dump({"photos": [{"photo": r.path, "error": r.error,
                               "present": [{"name": n, "similarity": round(s, 4), "box": _box(b)}
                                           for n, s, b in r.present],
                               "unknown": [_box(b) for b in r.unknown], "absent": r.absent} for r in results],
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
