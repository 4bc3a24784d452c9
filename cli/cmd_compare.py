"""``facealbum compare``: are the people in two photos the same person?"""

from __future__ import annotations

import json
import sys

from facealbum.core.errors import ImageError
from facealbum.core.identify import compare
from facealbum.core.models.packs import load_pack

from facealbum.core.i18n import _
from .helpers import open_library, rounded_box


def register(sub, common) -> None:
    p = sub.add_parser("compare", parents=[common], help=_("are the people in two photos the same person?"))
    p.add_argument("photo_a")
    p.add_argument("photo_b")
    p.add_argument("--pack", help=_("model pack (default: the library's)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def _pack(args, lib=None):
    if getattr(args, "pack", None):
        return load_pack(args.pack, getattr(args, "models_dir", None))
    if lib is not None:
        return lib.pack()
    with open_library(args) as library:
        return library.pack()


def run(args) -> int:
    pack = _pack(args)
    try:
        result = compare(pack, args.photo_a, args.photo_b)
    except ImageError as exc:
        print(_("facealbum: cannot read a photo: {exc}").format(exc=exc), file=sys.stderr)
        return 1
    if args.json:
        out = {"pack": pack.name, "threshold": pack.match_similarity, "matches": [
            {"face_a": rounded_box(result.faces_a[i].box), "face_b": rounded_box(result.faces_b[j].box),
             "similarity": round(v.similarity, 4), "same": v.same, "confidence": round(v.confidence, 3)}
            for i, j, v in result.best]}
        json.dump(out, sys.stdout, indent=1)
        print()
        return 0
    multi = len(result.faces_a) > 1 or len(result.faces_b) > 1
    for i, j, v in result.best:
        where = _("face {a} of A ~ face {b} of B: ").format(a=i + 1, b=j + 1) if multi else ""
        word = _("same person") if v.same else _("different people")
        print(_("{where}similarity {similarity:.3f} -> {word} ({percent:.0f}% sure; threshold {threshold:.2f}, pack {name})").format(where=where, similarity=v.similarity, word=word, percent=v.confidence * 100, threshold=v.threshold, name=pack.name))
    return 0
