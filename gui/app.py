"""Start the window: ``facealbum`` or ``facealbum FOLDER...``."""

from __future__ import annotations

import argparse
import os
import sys

from facealbum.core.i18n import _

from . import qtenv


def main(argv: list[str] | None = None) -> int:
    qtenv.prepare()
    from PySide6.QtWidgets import QApplication

    from .i18n import tr
    from .main_window import MainWindow

    parser = argparse.ArgumentParser(prog="facealbum", description=_("Open the FaceAlbum window."))
    parser.add_argument("folders", nargs="*", help=_("folders of photos to add and scan"))
    parser.add_argument("--library", help=_("the catalog file"))
    parser.add_argument("--models-dir", help=_("where InsightFace packs live"))
    args, qt_args = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("FaceAlbum")
    app.setOrganizationName("FaceAlbum")
    app.setDesktopFileName("io.github.facealbum.FaceAlbum")  # packaging/linux: the .desktop and metainfo ids
    window = MainWindow(args.library, args.models_dir)
    window.show()
    # Ctrl+C or a polite kill closes the window properly (the scan stops, geometry is saved);
    # the timer lets Python see the signal while Qt's loop runs.
    import signal

    from PySide6.QtCore import QTimer

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_signal: window.close())
    ticker = QTimer()
    ticker.timeout.connect(lambda: None)
    ticker.start(250)
    for folder in args.folders:
        if not os.path.isdir(folder):
            window.notice(tr("Not a folder: {folder}").format(folder=folder))
            continue
        window.add_folder(folder)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
