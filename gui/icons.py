"""Our own SVG icons from facealbum.resources."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from facealbum.resources import icon_path


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    return QIcon(icon_path(name))
