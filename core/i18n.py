"""The user's language for the CLI and for the sentences core says (gettext).

The catalogs are ``resources/locale/<lang>/LC_MESSAGES/facealbum.mo``, compiled from the ``.po``
files beside them (``python packaging/translations.py compile``; see docs/TRANSLATING.md). The
language follows ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` as gettext does, so
``LANG=ja_JP.UTF-8 facealbum people`` speaks Japanese; the window sets it from its own setting
(through ``LANGUAGE``, which its child processes inherit).

Strings are translated where they are shown, never at import time: a module-level constant is
marked with ``N_`` and passed through ``_`` where it is used. What the catalog keeps to show later
(undo labels) is kept untranslated (:func:`deferred`) and put into words when shown (:func:`shown`),
so it reads in the language chosen then.
"""

from __future__ import annotations

import gettext
import json
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


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair as ``N_`` marks one string (``ngettext`` shows it)."""
    return singular, plural


def deferred(message: str | tuple[str, str], count: int | None = None, **args) -> str:
    """A sentence kept to be shown later (an undo summary in the catalog), in the language chosen
    when it is shown, not when it was written: ``message`` marked with ``N_`` (a pair marked with
    ``Nn_``, chosen by ``count``), ``args`` its placeholders. Kept as JSON; :func:`shown` reads it."""
    return json.dumps({"message": message, "count": count, "args": args}, ensure_ascii=False)


def shown(kept: str | None) -> str | None:
    """A :func:`deferred` sentence in the current language. Text kept as it was shown (undo
    summaries written before they were deferred) comes back as it is."""
    if not kept or not kept.startswith("{"):
        return kept
    try:
        found = json.loads(kept)
        message, count, args = found["message"], found["count"], found["args"]
        english = message if isinstance(message, str) else message[0 if count == 1 else 1]
        text = _(message) if isinstance(message, str) else ngettext(message[0], message[1], count)
    except (ValueError, KeyError, TypeError, IndexError):
        return kept
    try:
        return text.format(**args)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return english.format(**args)
