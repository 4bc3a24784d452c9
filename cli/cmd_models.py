"""``facealbum models``: the model packs, and downloading one (licence first)."""

from __future__ import annotations

import sys

from facealbum.core.models import download, packs

from facealbum.core.i18n import _
from .helpers import ProgressLine, bar, table


def register(sub, common) -> None:
    p = sub.add_parser("models", parents=[common], help=_("list model packs, or download one"))
    p.add_argument("action", nargs="?", choices=("list", "download"), default="list")
    p.add_argument("name", nargs="?")
    p.add_argument("--yes", action="store_true", help=_("accept the pack's licence without asking"))
    p.set_defaults(handler=run)


def run(args) -> int:
    models_dir = getattr(args, "models_dir", None)
    if args.action == "list":
        rows = []
        for info in packs.list_packs(models_dir):
            state = _("available") if info.available else (
                _("missing {files}").format(files=", ".join(info.missing)) if info.location else _("not installed"))
            rows.append([info.name, state, info.description])
        print(table(rows, [_("PACK"), _("STATE"), _("WHAT")]))
        print(_("\nInsightFace packs: non-commercial research use only. "
              "Get one with 'facealbum models download NAME' (needs internet)."))
        return 0
    if not args.name:
        print(_("facealbum: name the pack to download, e.g. 'facealbum models download buffalo_l'"), file=sys.stderr)
        return 2
    print(download.license_text(args.name))
    if not args.yes:
        if not sys.stdin.isatty():
            print(_("facealbum: run with --yes to accept the licence non-interactively"), file=sys.stderr)
            return 1
        if input(_("Accept this licence and download? [y/N] ")).strip().lower() not in ("y", "yes"):
            print(_("Nothing downloaded."))
            return 1
    line = ProgressLine()

    def progress(done, total):
        mb = done / 1e6
        line.update(_("Downloading {name}: {bar} {mb:.1f} MB").format(name=args.name, bar=bar(done, total), mb=mb) if total
                    else _("Downloading {name}: {mb:.1f} MB").format(name=args.name, mb=mb))

    folder = download.download_pack(args.name, models_dir, accept_license=True, progress=progress)
    line.close()
    print(_("Installed {name} in {folder}. Use it with 'facealbum scan --pack {name} FOLDER'.").format(name=args.name, folder=folder))
    return 0
