"""FaceAlbum speaks Japanese: every user-visible string is translated, and the translations load.

The sources are scanned (tests/i18n_scan.py) for prose that bypasses tr()/_(); the strings that do
go through them are extracted here with Python's own parser, independently of pyside6-lupdate and
Babel, and must each have a finished Japanese entry with the same placeholders; the compiled
.qm/.mo files must say what the .ts/.po files say. Then the CLI is run with LANG=ja_JP.UTF-8 and
the window is opened in Japanese.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from i18n_scan import gettext_shadowed, translated_at_import, untranslated

REPO = Path(__file__).resolve().parents[1]
TS_JA = REPO / "resources" / "translations" / "facealbum_ja.ts"
TS_EN = REPO / "resources" / "translations" / "facealbum_en.ts"
PO_JA = REPO / "resources" / "locale" / "ja" / "LC_MESSAGES" / "facealbum.po"
SOURCES = [p for d in ("core", "cli", "gui") for p in sorted((REPO / d).rglob("*.py"))]
PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}:!]*)(?:![rsa])?(?::[^{}]*)?\}(?!\})|%n")


def _placeholders(text: str) -> set[str]:
    return {m.group(0) if m.group(0) == "%n" else m.group(1) for m in PLACEHOLDER.finditer(text)}


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _calls(path: Path, names: set[str]):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            yield node


def tr_strings() -> set[str]:
    found = set()
    for path in SOURCES:
        if path.parts[-2] == "gui":
            for call in _calls(path, {"tr"}):
                if call.args and _literal(call.args[0]) is not None:
                    found.add(_literal(call.args[0]))
    return found


def gettext_strings() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for path in SOURCES:
        for call in _calls(path, {"_", "N_", "ngettext", "Nn_"}):
            if call.func.id in ("ngettext", "Nn_"):  # type: ignore[attr-defined]
                pair = (_literal(call.args[0]), _literal(call.args[1]))
                if None not in pair:  # not i18n.shown's ngettext of a kept pair
                    found.add(pair)  # type: ignore[arg-type]
            elif call.args and _literal(call.args[0]) is not None:
                found.add(_literal(call.args[0]))  # type: ignore[arg-type]
    return found


def ts_messages(path: Path) -> dict[str, tuple[str, ...]]:
    """source -> the translation's forms, for finished messages only (unfinished ones map to ())."""
    out = {}
    for message in ET.parse(path).iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if translation.get("type") in {"unfinished", "vanished", "obsolete"}:
            out[source] = ()
        elif message.get("numerus") == "yes":
            out[source] = tuple(f.text or "" for f in translation.iter("numerusform"))
        else:
            out[source] = (translation.text or "",)
    return out


def po_messages():
    from babel.messages.pofile import read_po

    with open(PO_JA, "rb") as fh:
        return read_po(fh, locale="ja")


# --- the sources: nothing user-visible bypasses the translation system -------------------------

def test_every_user_visible_string_goes_through_tr_or_gettext():
    found = [f"{path.relative_to(REPO)}:{line}: {text[:70]!r}" for path in SOURCES
             for line, text in untranslated(path)]
    assert not found, "strings a user sees but no translator does (wrap them in tr() or _(), or say " \
                      "'# not translated: why'):\n" + "\n".join(found)


def test_nothing_is_translated_at_import_time():
    # A module-level tr()/_() runs before the window has chosen its language: use N_ and translate later.
    found = [f"{path.relative_to(REPO)}:{line}: {call}" for path in SOURCES for line, call in translated_at_import(path)]
    assert not found, "\n".join(found)


def test_gettext_is_never_shadowed_by_a_throwaway_variable():
    found = [f"{path.relative_to(REPO)}:{line}" for path in SOURCES for line in gettext_shadowed(path)]
    assert not found, "`_` is gettext in these modules; name the variable otherwise:\n" + "\n".join(found)


def test_the_scanner_catches_an_untranslated_string(tmp_path):
    # The guard above is only as good as its scanner: show it a window and a CLI that forget.
    sample = tmp_path / "sample.py"
    sample.write_text('from x import tr\nlabel = QLabel("Add a folder")\nok = QLabel(tr("Add a folder"))\n'
                      'print(f"{n} photos found")\nlog.info("not for users")\nkey = d["some key"]\n'
                      'shortcut = QKeySequence("Ctrl+Shift+M")\nQSettings().value("window/geometry")\n',
                      encoding="utf-8")
    assert [t for _line, t in untranslated(sample)] == ["Add a folder", "{} photos found"]


# --- the catalogs: complete, current, and faithful to the placeholders --------------------------

def test_every_window_string_has_a_finished_japanese_translation():
    messages = ts_messages(TS_JA)
    missing = sorted(tr_strings() - set(messages))
    assert not missing, "tr() strings not in facealbum_ja.ts (run: python packaging/translations.py update):\n" \
                        + "\n".join(missing)
    stale = sorted(set(messages) - tr_strings())
    assert not stale, "entries no source uses any more (run the update):\n" + "\n".join(stale)
    unfinished = sorted(s for s, forms in messages.items() if not forms or not all(f.strip() for f in forms))
    assert not unfinished, "untranslated in facealbum_ja.ts:\n" + "\n".join(unfinished)


def test_every_cli_and_core_string_has_a_japanese_translation():
    catalog = po_messages()
    ids = {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id for m in catalog if m.id}
    used = gettext_strings()
    assert not sorted(map(str, used - ids)), f"not in facealbum.po (run the update): {sorted(map(str, used - ids))}"
    assert not sorted(map(str, ids - used)), f"entries no source uses any more: {sorted(map(str, ids - used))}"
    bad = [str(m.id) for m in catalog if m.id and (m.fuzzy or not all(
        s.strip() for s in (m.string if isinstance(m.string, (list, tuple)) else [m.string])))]
    assert not bad, "unfinished or fuzzy in facealbum.po:\n" + "\n".join(bad)


def test_translations_keep_every_placeholder():
    wrong = []
    for source, forms in ts_messages(TS_JA).items():
        wrong += [f"{source!r} -> {f!r}" for f in forms if _placeholders(f) != _placeholders(source)]
    for m in po_messages():
        if not m.id:
            continue
        source = m.id[0] if isinstance(m.id, (list, tuple)) else m.id
        strings = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        wrong += [f"{source!r} -> {s!r}" for s in strings if _placeholders(s) != _placeholders(source)]
    assert not wrong, "a translation must keep the {name} and %n placeholders of its source:\n" + "\n".join(wrong)


def test_english_has_a_singular_for_every_plural():
    ja = {s for s, _forms in ts_messages(TS_JA).items() if "%n" in s}
    en = ts_messages(TS_EN)
    assert ja <= set(en), sorted(ja - set(en))
    assert all(len(en[s]) == 2 and "%n" in en[s][0] for s in ja)


def test_the_compiled_files_say_what_the_sources_say(qapp):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(TS_JA.with_suffix(".qm")))
    stale = [s for s, forms in ts_messages(TS_JA).items()
             if translator.translate("", s, None, 1 if "%n" in s else -1) != forms[0]]
    assert not stale, "facealbum_ja.qm is older than its .ts (run: python packaging/translations.py compile):\n" \
                      + "\n".join(stale)
    with open(PO_JA.with_suffix(".mo"), "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for m in po_messages():
        if not m.id:
            continue
        if isinstance(m.id, (list, tuple)):
            ok = mo.ngettext(m.id[0], m.id[1], 1) == m.string[0]
        else:
            ok = mo.gettext(m.id) == m.string
        if not ok:
            stale.append(str(m.id))
    assert not stale, "facealbum.mo is older than its .po (run the compile):\n" + "\n".join(stale)


# --- the programs speak it -----------------------------------------------------------------------

def _env(lang: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES"}}
    env["LANG"] = lang
    return env


def test_the_cli_speaks_japanese_under_a_japanese_locale(celeb13_library):
    lib_path = str(celeb13_library.path)
    celeb13_library.close()
    run = [sys.executable, "-m", "facealbum.cli", "--library", lib_path]
    ja = subprocess.run([*run, "people"], capture_output=True, text=True, env=_env("ja_JP.UTF-8"), check=True)
    assert "名前" in ja.stdout.splitlines()[0] and "顔" in ja.stdout  # the table header, the summary
    assert "人。" in ja.stdout and "people;" not in ja.stdout
    en = subprocess.run([*run, "people"], capture_output=True, text=True, env=_env("C.UTF-8"), check=True)
    assert en.stdout.splitlines()[0].split()[:2] == ["ID", "NAME"] and "people;" in en.stdout
    help_ja = subprocess.run([*run, "scan", "--help"], capture_output=True, text=True, env=_env("ja_JP.UTF-8"))
    assert "フォルダ内の写真と顔を見つけて" not in help_ja.stdout  # the subcommand's own help is its description
    assert "スキャン後に再グループ化しない" in help_ja.stdout
    # Core's one-sentence errors reach the user in the same language, with the exit code unchanged.
    missing = subprocess.run([*run, "person", "rename", "Nobody-at-all", "X"], capture_output=True, text=True,
                             env=_env("ja_JP.UTF-8"))
    assert missing.returncode != 0 and "という人物はいません" in missing.stderr


def test_a_bad_photo_is_explained_in_japanese(tmp_path):
    from facealbum.core import i18n
    from facealbum.core.errors import ImageError
    from facealbum.core.imaging import load_image

    bad = tmp_path / "壊れた写真.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    i18n.set_language("ja")
    try:
        with pytest.raises(ImageError) as err:
            load_image(str(bad))
    finally:
        i18n.set_language("en")
    assert re.search(r"[\u3040-\u30ff]", str(err.value)), str(err.value)


def test_the_accuracy_reports_labels_follow_the_language_shown_in(celeb13_library):
    """A calibration is kept in the catalog: its histogram labels are kept untranslated and read
    in the language of the moment, not the one it was calibrated in."""
    from facealbum.core import i18n

    lib = celeb13_library
    found = lib.calibrate()
    assert found.impostor_label and found.impostor_text == found.impostor_label  # English
    i18n.set_language("ja")
    try:
        kept = lib.calibration()
        texts = (kept.genuine_text, kept.impostor_text)
    finally:
        i18n.set_language("en")
    assert all(re.search(r"[\u3040-\u30ff]", text) for text in texts), texts


@pytest.mark.gui
def test_the_window_speaks_japanese(qtbot, qapp, celeb13_library):
    from PySide6.QtWidgets import QDialogButtonBox

    from facealbum.gui import i18n
    from facealbum.gui.dialogs import SettingsDialog
    from facealbum.gui.main_window import MainWindow
    from facealbum.gui.window_settings import window_settings

    lib_path = str(celeb13_library.path)
    celeb13_library.close()
    assert i18n.install(qapp, "ja") == "ja"
    try:
        window = MainWindow(lib_path)
        qtbot.addWidget(window)
        window.show()
        menus = [a.text() for a in window.menuBar().actions()]
        assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", m) for m in menus), menus
        qtbot.waitUntil(lambda: window.nav_items["people"].text(0).startswith("人物（"), timeout=15000)
        # Qt's own words come translated too (qtbase_ja.qm), and plurals take the %n form.
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.buttons()[0].text() == "キャンセル"
        assert i18n.tr("%n photos", "", 3) == "写真 3 枚"
        assert (i18n.gender_label("F"), i18n.gender_label("m"), i18n.gender_label(None)) == ("女性", "男性", "")
        # The language is a setting: chosen in Settings, kept for the next start.
        dialog = SettingsDialog(window.library, window.tasks, window)
        qtbot.addWidget(dialog)
        assert dialog.language.itemData(0) == "" and dialog.language.itemText(2) == "日本語"
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        qtbot.waitUntil(lambda: True)
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox

        def close_notice():
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QMessageBox) and w.isVisible():
                    w.accept()
        QTimer.singleShot(200, close_notice)
        dialog.accept()
        assert i18n.chosen(window_settings()) == "en"
        window.close()
    finally:
        os.environ.pop("LANGUAGE", None)  # install("ja") set it for the window's child processes
        i18n.install(qapp, "")  # back to the system's language, numbers and dates, for the tests after
        window_settings().remove(i18n.SETTING)
    assert i18n.tr("%n photos", "", 1) == "1 photo"
    assert i18n.date_text("2015-01-10T10:00:00", with_time=False) == "2015-01-10"  # LANG=C: ISO dates
