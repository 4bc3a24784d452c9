"""One photo's model work, on a worker thread: read, hash, decode, detect, align.

What comes back holds no pixels beyond the faces' aligned crops and thumbnails, so a window of
finished photos stays small while the scan's thread embeds and writes them.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..align import align_face, landmarks_from_box, quality_score
from ..errors import ImageError
from ..imaging import LoadedImage, crop_box, load_image, read_photo
from ..models.base import ModelPack
from ..records import DetectedFace, Face, FaceId, PhotoId
from ..thumbnails import FACE_SIZE, photo_thumbnail
from .hashing import bytes_hash, content_hash

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScannedFace:
    """A detected face with what the recognizer and the thumbnail cache need of its pixels."""

    face: DetectedFace
    aligned: np.ndarray  # 112 x 112 BGR, aligned to the ArcFace template
    thumb: np.ndarray  # the face's square thumbnail


@dataclass(frozen=True)
class RealignedFace:
    """A face already in the catalog, cropped again for a recognizer that has not embedded it."""

    face_id: FaceId
    aligned: np.ndarray


@dataclass(frozen=True)
class PhotoResult:
    photo_id: PhotoId
    path: str
    reembed: bool = False
    error: str | None = None
    faces: tuple[ScannedFace, ...] = ()
    realigned: tuple[RealignedFace, ...] = ()
    thumb: np.ndarray | None = None
    full_size: tuple[int, int] | None = None  # (width, height) upright; None when not decoded
    orientation: int = 1
    taken_at: str | None = None
    content_hash: str | None = None  # set when the catalog has none for the photo yet


@dataclass(frozen=True)
class WorkOptions:
    max_side: int  # the decode's longer side for detection
    min_face: float  # faces smaller than this (full-resolution pixels) are left out
    thumbnails: bool  # make the photo's thumbnail


def work_on_photo(pack: ModelPack, options: WorkOptions, photo_id: PhotoId, path: str,
                  known: Sequence[Face] | None, needs_hash: bool = False) -> PhotoResult:
    """Detect and align the faces of one photo (or re-align ``known`` faces); never raises."""
    reembed = known is not None
    try:
        data = read_photo(path)
        digest = None
        if needs_hash:
            digest = content_hash(path) if data is None else bytes_hash(data)
        image = load_image(path, max_side=options.max_side, data=data)
    except ImageError as exc:
        return PhotoResult(photo_id, path, reembed, error=str(exc))
    except OSError as exc:  # hashing a file too large to hold
        return PhotoResult(photo_id, path, reembed, error=f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # never let one photo stop the scan
        return PhotoResult(photo_id, path, reembed, error=f"cannot decode image: {exc}")
    decoded = PhotoResult(photo_id, path, reembed, full_size=image.full_size, orientation=image.orientation,
                          taken_at=image.taken_at, content_hash=digest)
    try:
        if known is not None:
            return dataclasses.replace(decoded, realigned=_realign(image, known))
        faces, error = _detect(pack, options, image, path, data)
        thumb = photo_thumbnail(image.pixels) if options.thumbnails and error is None else None
        return dataclasses.replace(decoded, error=error, faces=faces, thumb=thumb)
    except Exception as exc:
        log.exception("processing %s failed", path)
        return dataclasses.replace(decoded, error=f"cannot process photo: {exc}")


def _detect(pack: ModelPack, options: WorkOptions, image: LoadedImage, path: str,
            data: bytes | None) -> tuple[tuple[ScannedFace, ...], str | None]:
    try:
        detections = pack.detector.detect(image.pixels)
    except Exception as exc:
        return (), f"face detection failed: {exc}"
    full = None
    scale = image.scale
    faces = []
    for det in detections:
        x1, y1, x2, y2 = det.box
        size_px = min(x2 - x1, y2 - y1)
        if size_px * scale < options.min_face:
            continue
        source, landmarks = image.pixels, det.landmarks
        if scale > 1.0 and size_px < 112:
            # A small face in a reduced decode: decode again at the scale that gives it 112 px
            # (JPEG DCT scaling keeps that cheap), up to full resolution.
            need = max(image.full_size) * 112.0 / max(size_px * scale, 1.0)
            if full is None or max(full.pixels.shape[:2]) < min(need, max(image.full_size)):
                try:
                    full = load_image(path, max_side=int(need) + 1, data=data)
                except ImageError:
                    full = image
            src_scale = full.scale / scale  # reduced-image pixels per pixel of ``full``
            source = full.pixels
            landmarks = det.landmarks / src_scale
        aligned = align_face(source, landmarks)
        box_full = (float(x1) * scale, float(y1) * scale, float(x2) * scale, float(y2) * scale)
        size = min(box_full[2] - box_full[0], box_full[3] - box_full[1])
        age = gender = None
        if pack.attributes is not None:
            try:
                age, gender = pack.attributes.estimate(image.pixels, det.box)
            except Exception:
                pass
        found = DetectedFace(box=box_full, landmarks=det.landmarks * scale, score=float(det.score), size=size,
                             quality=quality_score(aligned, det.landmarks, size, det.score), age=age, gender=gender)
        faces.append(ScannedFace(found, aligned, crop_box(image.pixels, det.box, out=FACE_SIZE)))
    return tuple(faces), None


def _realign(image: LoadedImage, known: Sequence[Face]) -> tuple[RealignedFace, ...]:
    inv = 1.0 / image.scale
    out = []
    for face in known:
        if face.landmarks is not None:
            pts = np.asarray(face.landmarks, np.float64) * inv
        else:
            pts = landmarks_from_box(tuple(v * inv for v in face.box))
        out.append(RealignedFace(face.id, align_face(image.pixels, pts)))
    return tuple(out)
