"""The window's language: Qt's translation system (``tr``, .ts sources, .qm files in resources/).

Every user-visible string of the window goes through :func:`tr`, one context for the whole
window so that a string moved between classes keeps its translation. Plurals use Qt's ``%n``
forms: ``tr("%n photos", "", n)`` (English singulars come from ``facealbum_en.qm``). The
language follows the system locale unless the user picked one in Settings; the choice is kept
in the window settings and applies when the window starts.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QSettings, Qt, QTranslator

from facealbum.core import i18n as core_i18n
from facealbum.resources import ROOT

TRANSLATIONS = ROOT / "translations"
# Languages the window speaks, each named in its own language for the Settings menu.
LANGUAGES = tuple(core_i18n.NATIVE_NAMES.items())
SETTING = "language"

_installed: list[QTranslator] = []
_language: str | None = None


def language() -> str | None:
    """The language the window speaks, or None before :func:`install`."""
    return _language


def tr(text: str, disambiguation: str = "", n: int = -1) -> str:
    return QCoreApplication.translate("", text, disambiguation or None, n)


def gender_label(code: str | None) -> str:
    """InsightFace's genderage model says "F" or "M": the words, in the window's language."""
    return {"F": tr("woman"), "M": tr("man")}.get((code or "").upper(), "")


def choices() -> list[tuple[str, str]]:
    """(code, label) for the language menu: the system's language first."""
    return [("", tr("The system's language")), *LANGUAGES]


def chosen(settings: QSettings) -> str:
    """The language picked in Settings ("" follows the system)."""
    value = settings.value(SETTING, "")
    return value if value in {code for code, _name in LANGUAGES} else ""


def resolve(choice: str) -> str:
    """The language the window speaks for a choice: "ja" or "en"."""
    if choice:
        return choice
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in core_i18n.LANGUAGES:
            return code
    return "en"


def install(app: QCoreApplication, choice: str) -> str:
    """Load the window's and Qt's own translations, and speak the same language in core."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    code = resolve(choice)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"facealbum_{code}", str(TRANSLATIONS)), (f"qtbase_{code}", qt_dir)):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
    if choice or code != "en":
        # Child processes (scan, regroup) inherit the environment: they speak the same language.
        os.environ["LANGUAGE"] = code
    core_i18n.set_language(code)
    global _language
    _language = code
    QLocale.setDefault(_locale_for(choice))
    return code


def _locale_for(choice: str) -> QLocale:
    """Numbers and dates: the system's, unless the chosen language is not the system's; then that
    language's main country (a bare language writes dates oddly: English alone gives "10 01 2015")."""
    system = QLocale.system()
    if not choice or system.name().split("_")[0] == choice:
        return system
    return QLocale("ja_JP" if choice == "ja" else "en_US")


def date_text(iso: str, with_time: bool = True) -> str:
    """A photo's date taken (ISO 8601, as the catalog keeps it) as the user's locale writes dates."""
    when = QDateTime.fromString(iso[:19], Qt.DateFormat.ISODate)
    if not when.isValid():
        return iso.replace("T", " ")
    # The locale's own (CLDR) formats: the system object may mix in the C library's odd ones.
    locale = QLocale(QLocale().name())
    if locale.language() == QLocale.Language.C:  # no locale set (LANG=C): ISO dates, not "3 05 2019"
        return iso[:10] if not with_time or len(iso) <= 10 else iso[:16].replace("T", " ")
    if not with_time or len(iso) <= 10:
        return locale.toString(when.date(), QLocale.FormatType.ShortFormat)
    return locale.toString(when, QLocale.FormatType.ShortFormat)
