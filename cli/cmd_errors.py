"""``facealbum errors``: the files that could not be read, with the reason."""

from __future__ import annotations

from facealbum.core.i18n import _
from .helpers import open_library


def register(sub, common) -> None:
    p = sub.add_parser("errors", parents=[common], help=_("list the files that could not be read, with the reason"))
    p.set_defaults(handler=run)


def run(args) -> int:
    with open_library(args) as lib:
        bad = lib.catalog.photos(status="error")
        for photo in bad:
            print(f"{photo.path}: {photo.error}")
        if not bad:
            print(_("Every photo could be read."))
        return 0
