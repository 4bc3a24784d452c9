"""A named face region, and the coordinates it comes in.

MWG, Microsoft and Picasa regions are normalised (0..1) rectangles of the image as stored: "Region
metadata is applied to the stored image. When applying a rotation by applying Exif Orientation,
the rotation must be applied to the regions as well" (MWG Guidelines 2.0, 5.9). FaceAlbum's boxes
are upright full-resolution pixels, so every region is turned the way the photo's orientation turns
its pixels (as PIL's ImageOps.exif_transpose does).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..records import Box

Rect = tuple[float, float, float, float]  # x1, y1, x2, y2, normalised 0..1
MAX_NAME = 200


@dataclass(frozen=True)
class NamedRegion:
    """A face another app marked, with the name it gave (None: a face with no name yet)."""

    rect: Rect  # normalised, of the stored image
    name: str | None
    source: str  # "mwg" | "mp" | "picasa"
    applied_to: tuple[float, float] | None = None  # (w, h) the writer said the rectangle is of


def _point_upright(x: float, y: float, orientation: int) -> tuple[float, float]:
    """Where a stored-image point (normalised) lands once the image is turned upright."""
    return {
        1: (x, y), 2: (1 - x, y), 3: (1 - x, 1 - y), 4: (x, 1 - y),
        5: (y, x), 6: (1 - y, x), 7: (1 - y, 1 - x), 8: (y, 1 - x),
    }.get(orientation, (x, y))


def _point_stored(u: float, v: float, orientation: int) -> tuple[float, float]:
    """The inverse of ``_point_upright``."""
    return {
        1: (u, v), 2: (1 - u, v), 3: (1 - u, 1 - v), 4: (u, 1 - v),
        5: (v, u), 6: (v, 1 - u), 7: (1 - v, 1 - u), 8: (1 - v, u),
    }.get(orientation, (u, v))


def _corners(rect: Rect, turn) -> Rect:
    (ax, ay), (bx, by) = turn(rect[0], rect[1]), turn(rect[2], rect[3])
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def upright_box(rect: Rect, orientation: int, upright_size: tuple[int, int]) -> Box:
    """A stored-image normalised rectangle as an upright full-resolution pixel box."""
    u1, v1, u2, v2 = _corners(rect, lambda x, y: _point_upright(x, y, orientation))
    w, h = upright_size
    return u1 * w, v1 * h, u2 * w, v2 * h


def stored_rect(box: Box, orientation: int, upright_size: tuple[int, int]) -> Rect:
    """An upright pixel box as the normalised rectangle of the stored image regions are written in."""
    w, h = upright_size
    return _corners((box[0] / w, box[1] / h, box[2] / w, box[3] / h),
                    lambda u, v: _point_stored(u, v, orientation))


def clip_rect(rect: Rect) -> Rect | None:
    """The part of a rectangle inside the image; None when nothing (or a sliver) is left."""
    x1, y1, x2, y2 = (min(1.0, max(0.0, v)) for v in rect)
    if x2 - x1 < 1e-3 or y2 - y1 < 1e-3:
        return None
    return x1, y1, x2, y2


def clean_region_name(name: str | None) -> str | None:
    """A name as another app wrote it, made safe: control characters go, spaces collapse, and an
    overlong name is cut; None when nothing is left."""
    if name is None:
        return None
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in str(name))  # not translated: Unicode categories
    text = " ".join(text.split())[:MAX_NAME].strip()
    return text or None
