"""``facealbum photos``: photos by estimated age or gender (packs with a genderage model)."""

from __future__ import annotations

import sys

from facealbum.core.i18n import _
from .helpers import open_library


def register(sub, common) -> None:
    p = sub.add_parser("photos", parents=[common],
                       help=_("list photos by estimated age or gender (packs with InsightFace's genderage model)"))
    p.add_argument("--age", metavar="MIN-MAX", help="e.g. 0-12")
    p.add_argument("--gender", choices=("F", "M", "f", "m"))
    p.set_defaults(handler=run)


def run(args) -> int:
    low = high = None
    if args.age:
        try:
            low_s, _dash, high_s = args.age.partition("-")
            low = float(low_s) if low_s else None
            high = float(high_s) if high_s else None
        except ValueError:
            print(_("facealbum: --age takes MIN-MAX, e.g. 0-12"), file=sys.stderr)
            return 2
    with open_library(args) as lib:
        if not lib.catalog.has_ages():
            print(_("No ages or genders here: they come with packs that include InsightFace's genderage model "
                  "(buffalo_l, buffalo_m, buffalo_s, antelopev2)."))
            return 0
        for photo in lib.catalog.photos_with_faces(min_age=low, max_age=high, gender=args.gender):
            print(photo.path)
        return 0
