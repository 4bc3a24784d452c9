"""Shared fixtures: real photos from ../shared and the insightface wheel, real models."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests read what FaceAlbum says in English and its dates in ISO form, whatever the machine's
# locale; the Japanese tests (test_translations.py) ask for Japanese themselves.
# (LANGUAGE would win over LC_ALL for gettext, and Qt would read it as en_US.)
os.environ.pop("LANGUAGE", None)
os.environ["LC_ALL"] = "C.UTF-8"

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEALBUM_SHARED", REPO.parent / "shared"))
DATASETS = SHARED / "datasets"
MODELS = SHARED / "models"
CELEB13 = DATASETS / "celeb13"
LFW = DATASETS / "lfw-dev"
GROUP_PHOTOS = DATASETS / "group_photos"
BLACKPINK = DATASETS / "blackpink"


def t1_path() -> Path:
    import insightface

    return Path(insightface.__file__).parent / "data" / "images" / "t1.jpg"


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory):
    # Nothing a test does lands in the real user-data folder.
    home = tmp_path_factory.mktemp("facealbum-home")
    os.environ["FACEALBUM_HOME"] = str(home)
    os.environ["FACEALBUM_INSIGHTFACE_ROOT"] = str(home / "insightface-models")
    yield


@pytest.fixture(scope="session")
def shared_ok():
    if not CELEB13.is_dir():
        pytest.fail(f"the shared datasets are missing: expected {CELEB13}")
    return SHARED


@pytest.fixture(scope="session")
def celeb13_template(tmp_path_factory, shared_ok):
    """celeb13 scanned once with the built-in pack; tests get their own copy of the library."""
    from facealbum.core.library import Library

    folder = tmp_path_factory.mktemp("celeb13-template")
    lib = Library(folder / "library.sqlite")
    report = lib.scan([CELEB13])
    lib.close()
    return folder, report


@pytest.fixture
def celeb13_library(celeb13_template, tmp_path):
    from facealbum.core.library import Library

    folder, _ = celeb13_template
    target = tmp_path / "lib"
    shutil.copytree(folder, target)
    lib = Library(target / "library.sqlite")
    yield lib
    lib.close()


def identity_of(path: str) -> str:
    return Path(path).parent.name


def people_by_identity(lib) -> dict[int, dict[str, int]]:
    """person id -> {identity folder: number of faces}"""
    out: dict[int, dict[str, int]] = {}
    for person in lib.catalog.people():
        counts: dict[str, int] = {}
        for face in lib.catalog.faces(person_id=person.id):
            ident = identity_of(lib.catalog.photo(face.photo_id).path)
            counts[ident] = counts.get(ident, 0) + 1
        out[person.id] = counts
    return out


@pytest.fixture(scope="session")
def blackpink_template(tmp_path_factory, shared_ok):
    """blackpink (four Korean women, 1,138 photos) scanned and grouped once; tests copy it."""
    from facealbum.core.library import Library

    folder = tmp_path_factory.mktemp("blackpink-template")
    with Library(folder / "library.sqlite") as lib:
        lib.scan([BLACKPINK])
    return folder


@pytest.fixture
def blackpink_library(blackpink_template, tmp_path):
    from facealbum.core.library import Library

    target = tmp_path / "blackpink"
    shutil.copytree(blackpink_template, target)
    lib = Library(target / "library.sqlite")
    yield lib
    lib.close()


# -- the window, for the GUI tests ------------------------------------------------------------
@pytest.fixture
def window(qtbot, tmp_path):
    """The real main window on an empty library, shown; no window may outlive the test."""
    from PySide6.QtWidgets import QApplication

    from facealbum.gui.main_window import MainWindow

    win = MainWindow(tmp_path / "library.sqlite")
    win.ops.confirm = lambda title, text: True  # the merge dialog, answered "Yes"
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    win.close()
    # No window may outlive its test (napari's make_napari_viewer does the same check).
    leaked = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not leaked, f"windows left open: {leaked}"


def scan(qtbot, win, folder=CELEB13, timeout=240_000):
    win.add_folder(str(folder))
    with qtbot.waitSignal(win.scan_worker.finished_scan, timeout=timeout) as blocker:
        pass
    qtbot.waitUntil(lambda: not win.scan_worker.isRunning(), timeout=10_000)
    settle(qtbot, win)
    return blocker.args[0]


def settle(qtbot, win, timeout=20_000) -> None:
    """Wait until the window's background tasks (reads and corrections) are done and shown."""
    qtbot.waitUntil(win.tasks.idle, timeout=timeout)
