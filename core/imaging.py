"""Decoding photos into upright pixel arrays, whatever the file throws at us.

Images come out as BGR uint8 arrays (OpenCV's order, which every detector here expects),
rotated upright by their EXIF orientation. Failures become ``ImageError`` with a one-line
reason that the scan records on the photo before moving on.
"""

from __future__ import annotations

import io
import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageError
from .i18n import _
from .raw import RAW_SUFFIXES, decode_raw

try:  # HEIC/HEIF from phones
    import pillow_heif

    pillow_heif.register_heif_opener()
except Exception:  # pragma: no cover - the wheel is a dependency, but never fail a scan for it
    pass

# A 200-megapixel photo is already larger than any camera makes; beyond that is a bomb.
MAX_PIXELS = 200_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

PHOTO_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif"}
) | RAW_SUFFIXES

_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_DATETIME = 0x0132
_EXIF_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769


@dataclass
class LoadedImage:
    pixels: np.ndarray  # BGR uint8, upright
    full_size: tuple[int, int]  # (width, height) of the upright image at full resolution
    orientation: int
    taken_at: str | None

    @property
    def scale(self) -> float:
        """Full-resolution pixels per pixel of ``pixels`` (1.0 when decoded at full size)."""
        return self.full_size[0] / self.pixels.shape[1]


# Files up to this size are read into memory in one go (a scan hashes and decodes the same
# bytes); anything larger is left to the decoder to read, as it is no photo a camera makes.
MAX_READ = 256 << 20


def read_photo(path: str | Path) -> bytes | None:
    """The file's bytes, or None when it is too large to hold (decode it from its path then)."""
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size > MAX_READ:
                return None
            return stream.read()
    except OSError as exc:
        raise _file_error(exc) or ImageError(_("cannot read file: {reason}").format(reason=exc.strerror or exc)) from exc


def _file_error(exc: OSError) -> ImageError | None:
    """Why the file itself could not be read, in the user's words; None for other errors."""
    if isinstance(exc, FileNotFoundError):
        return ImageError(_("file disappeared during the scan"))
    if isinstance(exc, PermissionError):
        return ImageError(_("permission denied: the file cannot be read"))
    if isinstance(exc, IsADirectoryError):
        return ImageError(_("not a file"))
    return None


def load_image(path: str | Path, max_side: int | None = None, data: bytes | None = None) -> LoadedImage:
    """Decode ``path`` (or ``data``, its bytes) upright; with ``max_side``, JPEGs decode at a
    reduced DCT scale.

    The reduced decode is several times cheaper than a full one on 12-50 MP phone photos,
    and the detector only looks at ~640 px anyway.
    """
    if Path(path).suffix.lower() in RAW_SUFFIXES:
        stored, orientation, full_size, taken_at = decode_raw(str(path), data, max_side, _preview_jpeg)
        return LoadedImage(_orient(stored, orientation), full_size, orientation, taken_at)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data) if data is not None else path) as img:
                return _decode(img, max_side, data)
    except ImageError:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageError(_("refused: image is too large to decode safely ({dims})").format(dims=_dims(exc))) from exc
    except Image.DecompressionBombWarning as exc:
        raise ImageError(_("refused: image is too large to decode safely ({dims})").format(dims=_dims(exc))) from exc
    except UnidentifiedImageError as exc:
        if data is not None and not data:
            raise ImageError(_("empty file (0 bytes)")) from exc
        raise ImageError(_unidentified_reason(path)) from exc
    except OSError as exc:
        if (known := _file_error(exc)) is not None:
            raise known from exc
        text = str(exc)
        if "truncated" in text:
            raise ImageError(_("corrupt or truncated image data")) from exc
        raise ImageError(_("cannot decode image: {text}").format(text=text)) from exc
    except (ValueError, SyntaxError, MemoryError, EOFError) as exc:
        raise ImageError(_("corrupt image: {exc}").format(exc=exc)) from exc


def _dims(exc: Exception) -> str:
    return str(exc).split("(")[-1].split(")")[0] if "(" in str(exc) else _("over 200 MP")


def _unidentified_reason(path: str | Path) -> str:
    try:
        size = Path(path).stat().st_size
    except OSError:
        return _("not an image file")
    if size == 0:
        return _("empty file (0 bytes)")
    return _("not an image file, or an image format FaceAlbum cannot read")


def _decode(img: Image.Image, max_side: int | None, data: bytes | None = None) -> LoadedImage:
    exif = img.getexif()
    orientation = int(exif.get(_EXIF_ORIENTATION, 1) or 1)
    if orientation not in range(1, 9):
        orientation = 1
    taken_at = _taken_at(exif)
    stored_w, stored_h = img.size
    if stored_w < 1 or stored_h < 1:
        raise ImageError(_("image has no pixels"))
    if stored_w * stored_h > MAX_PIXELS:
        raise ImageError(_("refused: image is too large to decode safely ({stored_w}x{stored_h})").format(stored_w=stored_w, stored_h=stored_h))
    # Orientations 5-8 swap width and height once upright.
    full_size = (stored_h, stored_w) if orientation >= 5 else (stored_w, stored_h)
    if getattr(img, "n_frames", 1) > 1:
        img.seek(0)  # animated GIF/WebP: the first frame
    if max_side and img.format == "JPEG" and max(stored_w, stored_h) > max_side:
        pixels = _reduced_jpeg(img, data, max_side / max(stored_w, stored_h))
        if pixels is not None:
            return LoadedImage(_orient(pixels, orientation), full_size, orientation, taken_at)
        ratio = max_side / max(stored_w, stored_h)
        img.draft("RGB", (math.ceil(stored_w * ratio), math.ceil(stored_h * ratio)))
    img.load()
    upright = ImageOps.exif_transpose(img) if orientation != 1 else img
    pixels = _to_bgr(upright)
    return LoadedImage(pixels, full_size, orientation, taken_at)


_REDUCED = ((8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4), (2, cv2.IMREAD_REDUCED_COLOR_2))


def _reduced_jpeg(img: Image.Image, data: bytes | None, ratio: float) -> np.ndarray | None:
    """A colour JPEG at the coarsest DCT scale still at least ``ratio`` of its size, by OpenCV.

    OpenCV hands back BGR straight from libjpeg-turbo: 5 ms less per 12 MP photo than Pillow's
    draft plus the copy out of Pillow and the channel swap. Only for a complete file (ending in
    the EOI marker): OpenCV fills a truncated one with grey where Pillow reports it.
    """
    if data is None or img.mode != "RGB" or not data.rstrip(b"\0").endswith(b"\xff\xd9"):
        return None
    for denominator, flag in _REDUCED:
        if 1.0 / denominator >= ratio:
            pixels = cv2.imdecode(np.frombuffer(data, np.uint8), flag | cv2.IMREAD_IGNORE_ORIENTATION)
            return pixels if pixels is not None and pixels.ndim == 3 else None
    return None


def _preview_jpeg(data: bytes) -> tuple[np.ndarray, str | None] | None:
    """A raw file's embedded JPEG preview: its pixels as stored (the raw's orientation applies)."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            taken_at = _taken_at(img.getexif())
            img.load()
            return _to_bgr(img), taken_at
    except Exception:  # a broken preview: the sensor data is developed instead
        return None


def _orient(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """Stored pixels turned upright as EXIF orientation 1-8 says (as ImageOps.exif_transpose)."""
    if orientation == 2:
        return cv2.flip(pixels, 1)
    if orientation == 3:
        return cv2.rotate(pixels, cv2.ROTATE_180)
    if orientation == 4:
        return cv2.flip(pixels, 0)
    if orientation == 5:
        return cv2.transpose(pixels)
    if orientation == 6:
        return cv2.rotate(pixels, cv2.ROTATE_90_CLOCKWISE)
    if orientation == 7:
        return cv2.flip(cv2.transpose(pixels), -1)
    if orientation == 8:
        return cv2.rotate(pixels, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return pixels


def _to_bgr(img: Image.Image) -> np.ndarray:
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        peak = arr.max() if arr.size else 0
        # 16-bit data spans 0..65535; anything already in 0..255 is kept as it is.
        if peak > 255:
            arr = arr / 257.0
        gray = np.clip(arr, 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2))
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba).convert("RGB")
    elif mode != "RGB":
        img = img.convert("RGB")
    # cv2's channel swap is several times faster than a numpy reversed-stride copy on 12 MP.
    return cv2.cvtColor(np.asarray(img, dtype=np.uint8), cv2.COLOR_RGB2BGR)


def _taken_at(exif) -> str | None:
    value = None
    try:
        value = exif.get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL)
    except Exception:
        value = None
    value = value or exif.get(_EXIF_DATETIME)
    if not value or not isinstance(value, str):
        return None
    value = value.strip().replace("\x00", "")
    # EXIF writes "YYYY:MM:DD HH:MM:SS"; store ISO 8601.
    if len(value) >= 19 and value[4] == ":" and value[7] == ":":
        return f"{value[0:4]}-{value[5:7]}-{value[8:10]}T{value[11:19]}"
    return None


def crop_box(pixels: np.ndarray, box, margin: float = 0.25, out: int = 160) -> np.ndarray:
    """A square thumbnail around ``box`` (in ``pixels`` coordinates), padded at the edges."""
    x1, y1, x2, y2 = box
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    side = max(x2 - x1, y2 - y1) * (1 + 2 * margin)
    side = max(side, 2.0)
    src = np.array([[cx - side / 2, cy - side / 2], [cx + side / 2, cy - side / 2], [cx - side / 2, cy + side / 2]],
                   np.float32)
    dst = np.array([[0, 0], [out, 0], [0, out]], np.float32)
    matrix = cv2.getAffineTransform(src, dst)
    return cv2.warpAffine(pixels, matrix, (out, out), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=(40, 40, 40))
