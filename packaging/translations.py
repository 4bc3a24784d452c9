"""Keep the translations in step with the sources, and compile them.

    python packaging/translations.py update    # sources -> .ts (Qt) and .pot/.po (gettext)
    python packaging/translations.py compile   # .ts -> .qm, .po -> .mo (both shipped in resources/)

The window's strings (``tr`` in gui/) are extracted by pyside6-lupdate into
``resources/translations/facealbum_<lang>.ts``; English has a .ts of its own holding only the
plural forms (``%n``). The CLI's and core's strings (``_``, ``ngettext``, ``N_``, ``Nn_``) are extracted by
Babel into ``resources/locale/facealbum.pot`` and merged into
``resources/locale/<lang>/LC_MESSAGES/facealbum.po``. Translate with Qt Linguist
(``pyside6-linguist``) and any .po editor, then compile. tests/test_translations.py fails while
an entry is unfinished or a compiled file is older than its source. See docs/TRANSLATING.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from facealbum.core.i18n import DOMAIN, LANGUAGES as _ALL  # run where FaceAlbum is installed

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LOCALE_DIR = ROOT / "resources" / "locale"
LANGUAGES = tuple(code for code in _ALL if code != "en")  # besides English, the source language


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install the project with its test extras (pip install -e '.[test]')")
    return found


def gui_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").glob("*.py"))


def gettext_sources() -> list[str]:
    return ["core", "cli", "gui"]  # relative: the .pot names files as the repository does


def ts_path(lang: str) -> Path:
    return TS_DIR / f"{DOMAIN}_{lang}.ts"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    LOCALE_DIR.mkdir(parents=True, exist_ok=True)
    lupdate = _tool("pyside6-lupdate")
    for lang in LANGUAGES:
        subprocess.run([lupdate, *gui_sources(), "-no-obsolete", "-locations", "relative",
                        "-source-language", "en", "-target-language", lang, "-ts", str(ts_path(lang))],
                       cwd=ROOT, check=True)
    subprocess.run([lupdate, *gui_sources(), "-no-obsolete", "-pluralonly", "-locations", "relative",
                    "-source-language", "en", "-target-language", "en", "-ts", str(ts_path("en"))],
                   cwd=ROOT, check=True)
    pot = LOCALE_DIR / f"{DOMAIN}.pot"
    pybabel = _tool("pybabel")
    subprocess.run([pybabel, "-q", "extract", "--no-wrap", "--sort-by-file", "-k", "_", "-k", "N_", "-k", "Nn_:1,2", "-k", "ngettext:1,2",
                    "--project", "FaceAlbum", "--copyright-holder", "FaceAlbum developers",
                    "-o", str(pot), *gettext_sources()], cwd=ROOT, check=True)
    # Every message is a str.format template; Babel also guesses printf ("% sure" reads as "% s").
    pot.write_text(pot.read_text(encoding="utf-8").replace(", python-format", ""), encoding="utf-8")
    for lang in LANGUAGES:
        po = po_path(lang)
        command = "update" if po.exists() else "init"
        args = [pybabel, "-q", command, "--no-wrap", "-D", DOMAIN, "-i", str(pot), "-d", str(LOCALE_DIR), "-l", lang]
        if command == "update":
            args.append("--ignore-obsolete")
        subprocess.run(args, cwd=ROOT, check=True)
        po.write_text(po.read_text(encoding="utf-8").replace(", python-format", ""), encoding="utf-8")


def compile_all() -> None:
    lrelease = _tool("pyside6-lrelease")
    for lang in (*LANGUAGES, "en"):
        subprocess.run([lrelease, "-silent", str(ts_path(lang)), "-qm", str(ts_path(lang).with_suffix(".qm"))],
                       cwd=ROOT, check=True)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for lang in LANGUAGES:
        po = po_path(lang)
        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=lang)
        # Babel's own compile would check printf placeholders, which these str.format templates lack.
        with open(po.with_suffix(".mo"), "wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)


if __name__ == "__main__":
    if sys.argv[1:] == ["update"]:
        update()
    elif sys.argv[1:] == ["compile"]:
        compile_all()
    else:
        sys.exit(__doc__)
