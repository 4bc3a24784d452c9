"""Start FaceAlbum on a real X display (Xvfb) over a real folder and save screenshots.

    python scripts/screenshots.py [FOLDER] [--out docs/screenshots] [--language ja]

Starts its own Xvfb when DISPLAY is unset. Scans FOLDER (default ../shared/datasets/celeb13)
into a throw-away library, names each group after the folder most of its photos come from
(standing in for a user typing names), then grabs the People view, a person page and the
photo viewer from the screen, and the Settings and Export dialogs. ``--language ja`` takes them
in Japanese (install a CJK font first; Debian: fonts-noto-cjk), into docs/screenshots/ja by default.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def ensure_display() -> subprocess.Popen | None:
    if os.environ.get("DISPLAY"):
        return None
    if not shutil.which("Xvfb"):
        sys.exit("Xvfb is not installed (Debian: apt-get install xvfb)")
    display = ":97"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = display
    time.sleep(1.5)
    return proc


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", default=str(REPO.parent / "shared" / "datasets" / "celeb13"))
    parser.add_argument("--out")
    parser.add_argument("--language", default="en", choices=["en", "ja"])
    args = parser.parse_args()
    args.out = args.out or str(REPO / "docs" / "screenshots" / ("" if args.language == "en" else args.language))
    xvfb = ensure_display()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    home = tempfile.mkdtemp(prefix="facealbum-shots-")
    os.environ["FACEALBUM_HOME"] = home
    try:
        from facealbum.gui import qtenv

        qtenv.prepare()
        from PySide6.QtWidgets import QApplication

        from facealbum.gui import i18n
        from facealbum.gui.main_window import MainWindow

        app = QApplication([sys.argv[0]])
        i18n.install(app, args.language)
        window = MainWindow(Path(home) / "library.sqlite")
        window.resize(1500, 940)
        window.show()
        done = []
        window.add_folder(args.folder)
        window.scan_worker.finished_scan.connect(lambda r: done.append(r))
        deadline = time.time() + 600
        while not done and time.time() < deadline:
            app.processEvents()
            time.sleep(0.02)
        cat = window.library.catalog
        taken: set[str] = set()
        for person in cat.people():
            folders = collections.Counter(Path(cat.photo(f.photo_id).path).parent.name
                                          for f in cat.faces(person_id=person.id))
            name = folders.most_common(1)[0][0].replace("_", " ")
            if name in taken:  # a person split in two stays so: a taken name would ask to merge
                continue
            taken.add(name)
            window.ops.rename(person.id, name)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)

        def settle(seconds=1.5):
            end = time.time() + seconds
            while time.time() < end:
                app.processEvents()
                time.sleep(0.02)

        def shoot(name):
            settle()
            window.loader.wait_idle()
            settle(0.5)
            pixmap = window.screen().grabWindow(window.winId())
            pixmap.save(str(out / name))
            print("saved", out / name)

        window.go("people")
        shoot("people.png")
        first = window.people_page.model.people[0].id
        window.open_person(first)
        shoot("person.png")
        face = window.person_page.model.faces[0]
        window.open_photo(face.photo_id, [f.photo_id for f in window.person_page.model.faces])
        settle()
        window.viewer.wait_loaded()
        shoot("viewer.png")
        window.go("unknown")
        shoot("unknown.png")
        window.show_folder(args.folder)
        shoot("photos.png")

        from facealbum.gui.dialogs import ExportDialog, SettingsDialog

        for name, dialog in (("settings.png", SettingsDialog(window.library, window.tasks, window)),
                             ("export.png", ExportDialog(window.library, window.tasks, window))):
            dialog.show()
            settle(2.5)
            worker = getattr(dialog, "_worker", None)  # the settings' measurements, in a child process
            for _ in range(120):
                if worker is None or not worker.isRunning():
                    break
                settle(0.5)
            settle(0.5)
            dialog.grab().save(str(out / name))
            print("saved", out / name)
            dialog.reject()
        window.close()
        assert "FaceAlbum" in window.windowTitle()
        return 0
    finally:
        if xvfb is not None:
            xvfb.terminate()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 6.12.0 (excluded in pyproject.toml) aborted while the interpreter finalized after this
    # scripted session; the screenshots are written by now, so finalization is skipped anyway.
    os._exit(code)
