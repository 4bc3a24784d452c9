"""``facealbum``: build the parser from the command modules, run one, say errors in one sentence.

``facealbum`` alone, or ``facealbum FOLDER``, opens the window; the subcommands work without it.
Exit codes: 0 done, 1 the work could not be done (the message says why), 2 a mistake on the
command line, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys

from facealbum.core import __version__
from facealbum.core.errors import FaceAlbumError

from . import (cmd_accuracy, cmd_compare, cmd_errors, cmd_eval, cmd_export, cmd_group, cmd_models, cmd_people,
               cmd_person, cmd_photos, cmd_review, cmd_scan, cmd_who, cmd_xmp)
from facealbum.core.i18n import _

# In the order ``facealbum --help`` lists them.
COMMAND_MODULES = {
    "scan": cmd_scan, "people": cmd_people, "person": cmd_person, "group": cmd_group, "export": cmd_export,
    "models": cmd_models, "errors": cmd_errors, "photos": cmd_photos, "eval": cmd_eval, "review": cmd_review,
    "accuracy": cmd_accuracy, "compare": cmd_compare, "who": cmd_who, "xmp": cmd_xmp,
}
COMMANDS = tuple(COMMAND_MODULES)


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--library", metavar="FILE", default=argparse.SUPPRESS,
                        help=_("the catalog file (default: one in your user data folder)"))
    common.add_argument("--models-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=_("where InsightFace packs live (default: ~/.insightface/models)"))
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="facealbum", parents=[common],
        description=_("Find the people in your photos and group them, privately, on this computer. "
                    "With no command (or with a folder), opens the window."))
    parser.add_argument("--version", action="version", version=_("FaceAlbum {version}").format(version=__version__))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES.values():
        module.register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_window(argv):
        return _open_window([a for a in argv if a != "--window"])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        return _open_window(argv)
    try:
        return args.handler(args)
    except FaceAlbumError as exc:
        print(_("facealbum: {exc}").format(exc=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("\nfacealbum: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


_VALUED = ("--library", "--models-dir")  # the options both front ends take, each with a value


def _wants_window(argv: list[str]) -> bool:
    """No command: ``facealbum``, ``facealbum FOLDER…``, ``facealbum --library FILE FOLDER``,
    ``facealbum --window …``. A command, or --help/--version, goes to the parser."""
    if "--window" in argv:
        return True
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _VALUED:
            i += 2
        elif arg.startswith(tuple(f"{o}=" for o in _VALUED)):
            i += 1
        elif arg.startswith("-"):
            return False
        else:
            return arg not in COMMANDS
    return True


def _open_window(argv: list[str]) -> int:
    # Imported only when asked for: the subcommands run without Qt.
    try:
        from facealbum.gui import app
    except ImportError as exc:
        print(_("facealbum: the window needs PySide6 ({exc}). Install it with: pip install PySide6-Essentials").format(exc=exc),
              file=sys.stderr)
        return 1
    return app.main(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
