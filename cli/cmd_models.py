"""``facealbum models``: the model packs, and downloading one (licence first)."""

from __future__ import annotations

import sys

from facealbum.core.models import download, packs

from .helpers import ProgressLine, bar, table


def register(sub, common) -> None:
    p = sub.add_parser("models", parents=[common], help="list model packs, or download one")
    p.add_argument("action", nargs="?", choices=("list", "download"), default="list")
    p.add_argument("name", nargs="?")
    p.add_argument("--yes", action="store_true", help="accept the pack's licence without asking")
    p.set_defaults(handler=run)


def run(args) -> int:
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
