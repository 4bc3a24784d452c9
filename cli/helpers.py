"""What every command shares: opening the library it names, finding a person, terminal output
(a progress line with rate and ETA, bars, tidy tables)."""

from __future__ import annotations

import sys
import time
import unicodedata

from facealbum.core.durations import fmt_duration
from facealbum.core.errors import NotFound
from facealbum.core.i18n import _
from facealbum.core.library import Library

__all__ = ["ProgressLine", "bar", "find_person", "fmt_duration", "open_library", "rounded_box", "table"]


def open_library(args) -> Library:
    """The library of ``--library`` (default: the user's), with ``--models-dir``'s packs."""
    return Library(getattr(args, "library", None), getattr(args, "models_dir", None))


def find_person(lib, ref: str):
    if ref.isdigit():
        return lib.catalog.person(int(ref))
    person = lib.catalog.person_by_name(ref)
    if person is None:
        raise NotFound(_("No person called '{ref}' (use 'facealbum people' to list them).").format(ref=ref))
    return person


class ProgressLine:
    """One line rewritten in place on a terminal; silent when output is not a terminal."""

    def __init__(self, stream=None, min_interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.min_interval = min_interval
        self._last = 0.0
        self._width = 0

    def update(self, text: str, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def bar(done: int, total: int, width: int = 24) -> str:
    frac = 0.0 if total <= 0 else min(1.0, done / total)
    filled = int(frac * width)
    return "[" + "#" * filled + "." * (width - filled) + f"] {frac * 100:5.1f}%"


def width(text: str) -> int:
    """Columns a terminal gives ``text``: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
               for c in text)


def _pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(width(str(x)) for x in col) for col in zip(header, *rows)] if rows else [width(h) for h in header]
    lines = ["  ".join(_pad(str(h), w) for h, w in zip(header, widths)).rstrip()]
    for row in rows:
        lines.append("  ".join(_pad(str(c), w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def rounded_box(box) -> list[float]:
    """A face box for JSON output: four numbers to a tenth of a pixel."""
    return [round(float(v), 1) for v in box]
