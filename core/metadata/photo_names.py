"""Everything one photo's metadata says about who is in it, in FaceAlbum's upright pixels.

Where names come from, first found wins for regions: an XMP sidecar (``photo.jpg.xmp`` as digiKam
and darktable write it, ``photo.xmp`` as Lightroom does), the XMP inside the file, the folder's
.picasa.ini. Person keywords are gathered from all of them.
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from . import picasa
from ..i18n import _
from ..raw import RAW_SUFFIXES
from ..records import Box
from .regions import NamedRegion, upright_box
from .xmp_read import MAX_PACKET, XmpNames, find_packet, read_names

ASPECT_TOLERANCE = 0.03


@dataclass(frozen=True)
class PhotoName:
    box: Box  # upright full-resolution pixels
    name: str | None
    source: str  # mwg | mp | picasa


@dataclass(frozen=True)
class PhotoNames:
    regions: tuple[PhotoName, ...] = ()
    keywords: tuple[str, ...] = ()  # person names the photo is tagged with (no region)
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.regions and not self.keywords and not self.problems


def sidecars(path: str) -> list[str]:
    """The sidecars beside a photo, digiKam's spelling first. ``IMG_1.xmp`` beside a JPEG is the
    JPEG's only when no raw file of that name is there too (a camera's RAW+JPEG pair: Lightroom's
    sidecar belongs to the raw)."""
    folder, name = os.path.split(path)
    stem, suffix = os.path.splitext(path)
    digikam, lightroom = _sidecar_spellings(name)
    candidates = digikam + (lightroom if suffix.lower() in RAW_SUFFIXES or not _has_raw_sibling(stem) else [])
    out: list[str] = []
    for candidate in (os.path.join(folder, c) for c in candidates):
        if os.path.isfile(candidate) and os.path.normcase(candidate) not in (os.path.normcase(o) for o in out):
            out.append(candidate)
    return out


def _sidecar_spellings(name: str) -> tuple[list[str], list[str]]:
    """The file names a photo's sidecar may have: digiKam's and darktable's (``IMG_1.jpg.xmp``),
    then Lightroom's (``IMG_1.xmp``)."""
    stem = os.path.splitext(name)[0]
    return [name + ".xmp", name + ".XMP"], [stem + ".xmp", stem + ".XMP"]


# An unchanged photo read again for its names only: as much of the file as holds its XMP (JPEG
# keeps it in an APP1 segment of at most 64 KB before the image data; TIFF, PNG, HEIC near the start).
HEAD_BYTES = {".jpg": 256 << 10, ".jpeg": 256 << 10, ".jpe": 256 << 10}
HEAD_DEFAULT = 2 << 20


def read_head(path: str) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            return stream.read(HEAD_BYTES.get(os.path.splitext(path)[1].lower(), HEAD_DEFAULT))
    except OSError:
        return None


def names_stamp(path: str) -> str:
    """The files a photo's names are read from besides the photo itself (its sidecars and the
    folder's Picasa file), as names, sizes and times: when it changes, the names are read again.
    (The photo's own XMP changes with its bytes, which the scan sees anyway.)"""
    folder, name = os.path.split(path)
    digikam, lightroom = _sidecar_spellings(name)
    candidates = [*digikam, *lightroom, *picasa.INI_NAMES]
    # Names as the folder spells them (so a case-blind drive stamps the same way every time).
    present = folder_names(folder)
    candidates = [c for c in candidates if c in present]
    parts = []
    seen = set()
    for candidate in candidates:
        try:
            st = os.stat(os.path.join(folder, candidate))
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:  # one file under two spellings (a case-blind drive)
            continue
        seen.add((st.st_dev, st.st_ino))
        parts.append(f"{candidate}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts) or "-"


_LISTINGS: dict[str, tuple[int, frozenset[str]]] = {}
_LISTINGS_LOCK = threading.Lock()
MAX_LISTINGS = 4096


def folder_names(folder: str) -> frozenset[str]:
    """The file names of a folder, listed again only when the folder changes (its mtime): stamping
    100,000 photos costs one listing per folder, not seven stat calls per photo, and the scan's
    worker threads share the listings (a folder of 10,000 new photos is listed once, not 10,000
    times)."""
    path = folder or "."
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return frozenset()
    hit = _LISTINGS.get(path)
    if hit is not None and hit[0] == mtime:
        return hit[1]
    try:
        names = frozenset(os.listdir(path))
    except OSError:
        return frozenset()
    with _LISTINGS_LOCK:
        if len(_LISTINGS) >= MAX_LISTINGS:
            _LISTINGS.clear()
        _LISTINGS[path] = (mtime, names)
    return names


def _has_raw_sibling(stem: str) -> bool:
    if not (os.path.isfile(stem + ".xmp") or os.path.isfile(stem + ".XMP")):
        return False  # nothing to share
    return any(os.path.isfile(stem + s) or os.path.isfile(stem + s.upper()) for s in RAW_SUFFIXES)


def read_photo_names(path: str, data: bytes | None, orientation: int, upright_size: tuple[int, int]) -> PhotoNames:
    """Never raises: a file that cannot be read becomes a problem in the answer."""
    problems: list[str] = []
    found: list[tuple[str, XmpNames]] = []
    for sidecar in sidecars(path):
        try:
            if os.path.getsize(sidecar) > MAX_PACKET:
                problems.append(_("{name} is larger than any XMP sidecar: not read").format(name=os.path.basename(sidecar)))
                continue
            with open(sidecar, "rb") as stream:
                found.append((os.path.basename(sidecar), read_names(stream.read())))
        except OSError as exc:
            problems.append(_("cannot read {name}: {reason}").format(name=os.path.basename(sidecar), reason=exc.strerror or exc))
    if data:
        packet = find_packet(data)
        if packet is not None:
            found.append((_("the photo's XMP"), read_names(packet)))
    keywords: list[str] = []
    regions: list[NamedRegion] = []
    for where, names in found:
        problems += [f"{where}: {p}" for p in names.problems]
        keywords += [k for k in names.keywords if k.lower() not in {n.lower() for n in keywords}]
        if names.regions and not regions:
            regions = names.regions
    if not regions:
        folder_faces, folder_problems = _picasa(os.path.dirname(path))
        regions = folder_faces.get(os.path.basename(path), [])
        if regions:
            problems += [p for p in folder_problems if p.startswith(os.path.basename(path) + ":")]
    out = []
    for region in regions:
        turn = _orientation_for(region, orientation, upright_size)
        if turn is None:
            problems.append(_("a {kind} region was drawn on a photo of another shape (cropped since?): left out").format(kind=region.source.upper()))
            continue
        out.append(PhotoName(upright_box(region.rect, turn, upright_size), region.name, region.source))
    return PhotoNames(tuple(out), tuple(keywords), tuple(problems))


def _orientation_for(region: NamedRegion, orientation: int, upright_size: tuple[int, int]) -> int | None:
    """How to turn a region upright: as the photo turns (MWG), or not at all where the writer
    measured it on the upright photo (AppliedToDimensions says so: older digiKam did); None when
    it was drawn on an image of another shape."""
    if region.applied_to is None:
        return orientation
    aw, ah = region.applied_to
    uw, uh = upright_size
    stored = (uh, uw) if orientation >= 5 else (uw, uh)

    def same(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return abs(a[0] / a[1] - b[0] / b[1]) <= ASPECT_TOLERANCE * (b[0] / b[1])

    if same((aw, ah), stored):
        return orientation
    if orientation >= 5 and same((aw, ah), (uw, uh)):
        return 1
    return None


@functools.lru_cache(maxsize=256)
def _picasa_cached(folder: str, stamp: tuple) -> tuple[dict, list[str]]:
    return picasa.read_folder(folder)


def _picasa(folder: str) -> tuple[dict, list[str]]:
    """A folder's Picasa faces, read once per folder and scan (again when the file changes)."""
    stamp = []
    present = folder_names(folder)  # the listing the stamps use: no stat calls for files not there
    for name in (n for n in picasa.INI_NAMES if n in present):
        try:
            st = os.stat(Path(folder) / name)
            stamp.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            continue
    return _picasa_cached(folder, tuple(stamp)) if stamp else ({}, [])
