"""The user's language for the CLI and for the sentences core says (gettext).

The catalogs are ``resources/locale/<lang>/LC_MESSAGES/facealbum.mo``, compiled from the ``.po``
files beside them (``python packaging/translations.py compile``; see docs/TRANSLATING.md). The
language follows ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` as gettext does, so
``LANG=ja_JP.UTF-8 facealbum people`` speaks Japanese; the window sets it from its own setting
(through ``LANGUAGE``, which its child processes inherit).

Strings are translated where they are shown, never at import time: a module-level constant is
marked with ``N_`` and passed through ``_`` where it is used.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "facealbum"
#: Languages FaceAlbum speaks, each named in its own language (not translated, for the menus);
#: English is the source language and needs no catalog. The one list: the window and
#: packaging/translations.py read it. A new language also needs its resources folder listed in
#: pyproject.toml.
NATIVE_NAMES = {"en": "English", "ja": "日本語"}  # not translated: each named in its own language
LANGUAGES = tuple(NATIVE_NAMES)

_translation: gettext.NullTranslations | None = None


def locale_dir() -> Path:
    from facealbum.resources import ROOT

    return ROOT / "locale"


def set_language(code: str | None = None) -> None:
    """Speak ``code`` ("ja", "en"), or what the environment asks for when None."""
    global _translation
    languages = [code] if code else None
    _translation = gettext.translation(DOMAIN, locale_dir(), languages=languages, fallback=True)


def _current() -> gettext.NullTranslations:
    if _translation is None:
        set_language(None)
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for translation where it is defined; ``_`` translates it where it is shown."""
    return message
