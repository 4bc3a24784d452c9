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
from ..boxes import box_iou
from ..errors import ImageError
from ..i18n import _
from ..imaging import LoadedImage, crop_box, load_image, read_photo
from ..metadata.photo_names import PhotoNames, names_stamp, read_head, read_photo_names
from ..models.base import ModelPack
from ..records import Box, DetectedFace, Face, FaceId, Photo, PhotoId
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
    names: tuple[tuple[int, str], ...] = ()  # (index in ``faces``, name) from the photo's metadata
    known_names: tuple[tuple[FaceId, str], ...] = ()  # names for faces already in the catalog
    name_problems: tuple[str, ...] = ()  # what could not be read of the metadata, one sentence each
    names_stamp: str | None = None  # the metadata files the names were read from
    names_only: bool = False  # an unchanged photo read again for its names: no detection


@dataclass(frozen=True)
class WorkOptions:
    max_side: int  # the decode's longer side for detection
    min_face: float  # faces smaller than this (full-resolution pixels) are left out
    thumbnails: bool  # make the photo's thumbnail
    read_names: bool = True  # face regions and person keywords from XMP and Picasa


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
        return PhotoResult(photo_id, path, reembed, error=_("cannot read file: {reason}").format(reason=exc.strerror or exc))
    except Exception as exc:  # never let one photo stop the scan
        return PhotoResult(photo_id, path, reembed, error=_("cannot decode image: {exc}").format(exc=exc))
    decoded = PhotoResult(photo_id, path, reembed, full_size=image.full_size, orientation=image.orientation,
                          taken_at=image.taken_at, content_hash=digest)
    try:
        if known is not None:
            return dataclasses.replace(decoded, realigned=_realign(image, known))
        faces, error = _detect(pack, options, image, path, data)
        thumb = photo_thumbnail(image.pixels) if options.thumbnails and error is None else None
        result = dataclasses.replace(decoded, error=error, faces=faces, thumb=thumb)
        if options.read_names and error is None:
            stamp = names_stamp(path)
            found = read_photo_names(path, data, image.orientation, image.full_size)
            result = _with_names(dataclasses.replace(result, names_stamp=stamp), image, found)
        return result
    except Exception as exc:
        log.exception("processing %s failed", path)
        return dataclasses.replace(decoded, error=_("cannot process photo: {exc}").format(exc=exc))


def _detect(pack: ModelPack, options: WorkOptions, image: LoadedImage, path: str,
            data: bytes | None) -> tuple[tuple[ScannedFace, ...], str | None]:
    try:
        detections = pack.detector.detect(image.pixels)
    except Exception as exc:
        return (), _("face detection failed: {exc}").format(exc=exc)
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


def work_on_names(options: WorkOptions, photo: Photo, path: str, known: Sequence[Face]) -> PhotoResult:
    """An unchanged photo whose sidecars or Picasa file changed (or that was scanned before names
    were read): its names, for the faces it has; decoded only for a named region with no face."""
    base = PhotoResult(photo.id, path, names_only=True, names_stamp=names_stamp(path))
    try:
        if not photo.width or not photo.height:
            return base
        found = read_photo_names(path, read_head(path), photo.orientation or 1, (photo.width, photo.height))
        if found.empty:
            return base
        named, missing = _names_for(found, [f.box for f in known])
        base = dataclasses.replace(base, known_names=tuple((known[i].id, name) for i, name in named),
                                   name_problems=found.problems)
        if not missing:
            return base
        image = load_image(path, max_side=options.max_side)
        return dataclasses.replace(base, faces=tuple(_region_face(image, box) for box, _ in missing),
                                   full_size=image.full_size,
                                   names=tuple((i, name) for i, (_, name) in enumerate(missing)))
    except Exception as exc:  # the names are extra: the photo itself stays as it was
        log.warning("reading the names of %s failed: %s", path, exc)
        return dataclasses.replace(base, name_problems=(_("cannot read its names: {exc}").format(exc=exc),))


def _with_names(result: PhotoResult, image: LoadedImage, found: PhotoNames) -> PhotoResult:
    """A new photo's detected faces with the names its metadata gives them; a named region the
    detector missed becomes a face of its own (as if the user had drawn it)."""
    if found.empty:
        return result
    named, missing = _names_for(found, [f.face.box for f in result.faces])
    first = len(result.faces)
    return dataclasses.replace(
        result, faces=result.faces + tuple(_region_face(image, box) for box, _ in missing),
        names=tuple(named) + tuple((first + i, name) for i, (_, name) in enumerate(missing)),
        name_problems=found.problems)


def _names_for(found: PhotoNames, faces: Sequence[Box]) -> tuple[list[tuple[int, str]], list[tuple[Box, str]]]:
    """(face index, name) for the faces the metadata names, and (box, name) of the named regions
    no face lies under. A region over a face names it (an unnamed one still claims its face); a
    person keyword names the face of a photo that holds one face, one keyword and no region."""
    matched = match_regions([r.box for r in found.regions], faces)
    named: list[tuple[int, str]] = []
    missing: list[tuple[Box, str]] = []
    for r, region in enumerate(found.regions):
        if region.name is None:
            continue
        if r in matched:
            named.append((matched[r], region.name))
        else:
            missing.append((region.box, region.name))
    if not found.regions and len(found.keywords) == 1 and len(faces) == 1:
        named.append((0, found.keywords[0]))
    return named, missing


def match_regions(regions: Sequence[Box], faces: Sequence[Box]) -> dict[int, int]:
    """region -> detected face, one to one, best overlap first. Boxes drawn by people are looser
    than a detector's (hair, chin), so a face also matches a region its centre lies in, when the
    region's centre lies in the face."""
    pairs = []
    for r, region in enumerate(regions):
        for f, face in enumerate(faces):
            iou = box_iou(region, face)
            if iou >= 0.3 or (_centre_in(face, region) and _centre_in(region, face)):
                pairs.append((iou, r, f))
    out: dict[int, int] = {}
    taken: set[int] = set()
    for _iou, r, f in sorted(pairs, reverse=True):
        if r not in out and f not in taken:
            out[r] = f
            taken.add(f)
    return out


def _centre_in(inner: Box, outer: Box) -> bool:
    cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _region_face(image: LoadedImage, box: Box) -> ScannedFace:
    """A face from a region alone: five points placed in its box, as for a face the user draws."""
    inv = 1.0 / image.scale
    local = tuple(v * inv for v in box)
    points = landmarks_from_box(local)
    size = min(box[2] - box[0], box[3] - box[1])
    face = DetectedFace(box=box, landmarks=points * image.scale, score=1.0, size=size, quality=0.5, source="user")
    return ScannedFace(face, align_face(image.pixels, points), crop_box(image.pixels, local, out=FACE_SIZE))


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
