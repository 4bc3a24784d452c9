"""The window's side of names in XMP: File → Write names to sidecars…, the settings that read
names on scan and keep sidecars updated, and a rename in the window reaching the sidecar."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("PySide6")

from facealbum.gui import qtenv  # noqa: E402

qtenv.prepare()

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from conftest import t1_path  # noqa: E402
from facealbum.core.metadata.xmp_read import read_names  # noqa: E402
from facealbum.core.sidecars import KEEP_UPDATED  # noqa: E402
from conftest import scan, settle  # noqa: E402


def sidecar_names(path) -> list[str]:
    return sorted(r.name for r in read_names(path.read_bytes()).regions)


def test_write_names_to_sidecars_from_the_menu_and_after_a_rename(qtbot, window, tmp_path, monkeypatch):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(t1_path(), folder / "t1.jpg")
    original = (folder / "t1.jpg").read_bytes()
    scan(qtbot, window, folder)
    cat = window.library.catalog
    faces = sorted(cat.faces(), key=lambda f: f.box[0])
    for face, name in zip(faces[:2], ("Ann", "Bob")):
        window.ops.name_faces([face.id], name)
        settle(qtbot, window)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    window.act_sidecars.trigger()
    qtbot.waitUntil(lambda: window.sidecars.last_report is not None, timeout=20_000)
    assert "2 people" in asked[0] and "1 photos" in asked[0]
    sidecar = folder / "t1.jpg.xmp"
    assert sidecar_names(sidecar) == ["Ann", "Bob"]
    assert "1 sidecar written" in window.status_text.text()
    # The setting: every correction rewrites the sidecars of the photos it touched.
    window.sidecars.last_report = None
    cat.set_setting(KEEP_UPDATED, True)
    window.sidecars.keep_updated = True
    ann = cat.person_by_name("Ann").id
    window.ops.name([ann], "Anna")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.sidecars.last_report is not None, timeout=20_000)
    assert sidecar_names(sidecar) == ["Anna", "Bob"]
    assert (folder / "t1.jpg").read_bytes() == original


def test_writing_every_sidecar_can_be_stopped_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    """While every photo's sidecar is being written the menu item reads "Stop writing sidecars"
    and stops the writing between two photos; the status bar says it stopped."""
    import threading

    from facealbum.core import sidecars

    folder = tmp_path / "photos"
    folder.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(t1_path(), folder / f"t1{name}.jpg")
    scan(qtbot, window, folder)
    cat = window.library.catalog
    face = sorted(cat.faces(photo_id=cat.photos()[0].id), key=lambda f: f.box[0])[0]
    window.ops.name([face.person_id], "Ann")
    settle(qtbot, window)
    assert len(sidecars.photos_to_write(cat)) == 3
    started, go = threading.Event(), threading.Event()
    real = sidecars.write_sidecar

    def first_waits(*args, **kwargs):  # the real writing, held at the first photo until stopped
        started.set()
        go.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(sidecars, "write_sidecar", first_waits)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.act_sidecars.trigger()
    qtbot.waitUntil(started.is_set, timeout=20_000)
    assert window.act_sidecars.text() == "Stop writing sidecars"
    window.act_sidecars.trigger()
    assert "Stopping" in window.status_text.text()
    go.set()
    qtbot.waitUntil(lambda: window.sidecars.last_report is not None, timeout=20_000)
    report = window.sidecars.last_report
    assert report.stopped and report.written == 1
    assert len(list(folder.glob("*.xmp"))) == 1
    assert "stopped" in window.status_text.text()
    assert window.act_sidecars.text() == "Write names to sidecars…"


def test_settings_hold_the_two_name_settings(qtbot, window):
    from facealbum.core.library import READ_NAMES
    from facealbum.gui.dialogs import SettingsDialog

    dialog = SettingsDialog(window.library, window.tasks, window)
    qtbot.addWidget(dialog)
    assert dialog.read_names.isChecked() and not dialog.keep_sidecars.isChecked()
    dialog.read_names.setChecked(False)
    dialog.keep_sidecars.setChecked(True)
    dialog.accept()
    assert window.library.catalog.get_setting(READ_NAMES) is False
    assert window.library.catalog.get_setting(KEEP_UPDATED) is True
    dialog.close()


def test_what_a_scan_could_not_take_from_metadata_is_listed_behind_the_notice(qtbot, window, tmp_path):
    from facealbum.gui.dialogs import NoticesDialog
    from PySide6.QtWidgets import QPlainTextEdit

    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(t1_path(), folder / "t1.jpg")
    (folder / "t1.jpg.xmp").write_text("<x:xmpmeta><rdf:RDF><broken>")
    report = scan(qtbot, window, folder)
    assert len(report.name_problems) == 1
    qtbot.waitUntil(lambda: window.notice_button.isVisible(), timeout=10_000)
    assert window.notice_button.text() == "1 note about names"
    dialog = NoticesDialog(window.library, window.name_notes, window)
    qtbot.addWidget(dialog)
    notes = dialog.findChild(QPlainTextEdit, "nameNotes").toPlainText()
    assert "t1.jpg" in notes and "not well-formed" in notes
    dialog.close()
