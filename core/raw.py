"""Camera RAW files (CR2, CR3, NEF, ARW, ORF, RW2, RAF, DNG) through rawpy, LibRaw's binding.

A raw file carries a JPEG preview the camera made: when it is large enough for what is asked, it
is decoded (milliseconds); otherwise the sensor data is developed at half size (or full size for a
small face), with the camera's white balance. Orientation comes from the raw (LibRaw's flip), so
the preview, which cameras store unturned, is turned the same way as the developed image.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np

from .errors import ImageError
from .i18n import _

# imaging.py's JPEG decoder, passed in (this module stays below imaging): bytes -> (BGR
# pixels, date taken), or None when the bytes are no JPEG it can read.
JpegDecoder = Callable[[bytes], "tuple[np.ndarray, str | None] | None"]  # not translated: a type

RAW_SUFFIXES = frozenset({".cr2", ".cr3", ".nef", ".arw", ".orf", ".rw2", ".raf", ".dng"})
# LibRaw's flip (0 none, 3 180 degrees, 5 90 counter-clockwise, 6 90 clockwise) as EXIF orientation.
_FLIP_TO_EXIF = {0: 1, 3: 3, 5: 8, 6: 6}
ASPECT_TOLERANCE = 0.02


def decode_raw(path: str, data: bytes | None, max_side: int | None,
               decode_jpeg: JpegDecoder) -> tuple[np.ndarray, int, tuple[int, int], str | None]:
    """(stored BGR pixels, EXIF orientation, upright full size, date taken) of a raw file."""
    try:
        import rawpy
    except ImportError as exc:  # pragma: no cover - rawpy is a dependency
        raise ImageError(_("RAW files need the rawpy package (pip install rawpy)")) from exc
    try:
        with rawpy.imread(io.BytesIO(data) if data is not None else path) as raw:
            orientation = _FLIP_TO_EXIF.get(int(raw.sizes.flip), 1)
            width, height = int(raw.sizes.width), int(raw.sizes.height)
            upright = (height, width) if orientation in (6, 8) else (width, height)
            preview, taken_at = _preview(raw, width, height, max_side, decode_jpeg)
            if preview is not None:
                return preview, orientation, upright, taken_at
            half = max_side is not None and max(width, height) / 2 >= max_side
            rgb = raw.postprocess(half_size=half, use_camera_wb=True, output_bps=8, user_flip=0)
            return np.ascontiguousarray(rgb[:, :, ::-1]), orientation, upright, taken_at
    except ImageError:
        raise
    except MemoryError as exc:
        raise ImageError(_("RAW file too large to develop in memory")) from exc
    except Exception as exc:  # LibRawFileUnsupportedError, LibRawIOError, LibRawDataError, …
        name = type(exc).__name__
        if "Unsupported" in name:
            raise ImageError(_("a RAW format this version of LibRaw cannot read")) from exc
        raise ImageError(_("corrupt or truncated RAW file ({name})").format(name=name)) from exc


def _preview(raw, width: int, height: int, max_side: int | None, decode_jpeg: JpegDecoder):
    """The camera's JPEG preview as stored (unturned) BGR pixels, when it is big enough and shaped
    like the sensor image; and its date taken."""
    import rawpy

    try:
        thumb = raw.extract_thumb()
    except (rawpy.LibRawNoThumbnailError, rawpy.LibRawUnsupportedThumbnailError):
        return None, None
    if thumb.format != rawpy.ThumbFormat.JPEG:
        return None, None
    decoded = decode_jpeg(bytes(thumb.data))
    if decoded is None:
        return None, None
    pixels, taken_at = decoded
    ph, pw = pixels.shape[:2]
    need = min(max_side or max(width, height), max(width, height))
    shaped = abs(pw / ph - width / height) <= ASPECT_TOLERANCE * (width / height)
    if not shaped or max(pw, ph) < need:
        return None, taken_at
    return pixels, taken_at
