"""Plain data that crosses the core's boundary: typed ids and frozen records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NewType

import numpy as np
from .i18n import _

PhotoId = NewType("PhotoId", int)
FaceId = NewType("FaceId", int)
PersonId = NewType("PersonId", int)

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in upright full-resolution pixels


@dataclass(frozen=True)
class Photo:
    id: PhotoId
    path: str
    size: int
    mtime_ns: int
    content_hash: str | None
    taken_at: str | None
    width: int | None
    height: int | None
    orientation: int | None
    status: str  # pending | done | error | missing
    error: str | None
    names_stamp: str | None = None  # the metadata files names were last read from (see metadata)


@dataclass(frozen=True)
class Face:
    id: FaceId
    photo_id: PhotoId
    box: Box
    landmarks: tuple[tuple[float, float], ...] | None
    score: float
    size: float
    quality: float
    person_id: PersonId | None
    assigned_by: str | None  # None | "auto" | "user"
    source: str = "detector"  # detector | user (a box the user drew)
    age: float | None = None
    gender: str | None = None


@dataclass(frozen=True)
class DetectedFace:
    """A face the scan found in a photo, before it is in the catalog: where it is, how good it is."""

    box: Box  # upright full-resolution pixels
    landmarks: np.ndarray  # 5 x 2, same pixels
    score: float  # the detector's confidence
    size: float  # the box's shorter side, in pixels
    quality: float  # 0..1, see align.quality_score
    age: float | None = None  # from a pack's genderage model, where it has one
    gender: str | None = None
    source: str = "detector"  # or "user": a region another app marked that the detector missed


@dataclass(frozen=True)
class Person:
    id: PersonId
    name: str | None
    hidden: bool
    cover_face_id: FaceId | None
    face_count: int = 0
    photo_count: int = 0

    @property
    def display_name(self) -> str:
        return self.name or _("Unnamed #{id}").format(id=self.id)


@dataclass(frozen=True)
class UnknownCounts:
    """What the Unknown faces page holds: unnamed groups (not hidden) and faces in no group."""

    groups: int
    grouped_faces: int
    loose_faces: int

    @property
    def faces(self) -> int:
        return self.grouped_faces + self.loose_faces

    def sentence(self) -> str:
        return (_("{faces} unknown faces: {groups} unnamed groups of {grouped_faces} faces, and {loose_faces} faces in no group").format(faces=self.faces, groups=self.groups, grouped_faces=self.grouped_faces, loose_faces=self.loose_faces))


@dataclass(frozen=True)
class Changes:
    """What a write changed, so views refresh only that (Anki's OpChanges)."""

    people: frozenset[int] = field(default_factory=frozenset)
    faces: frozenset[int] = field(default_factory=frozenset)
    photos: frozenset[int] = field(default_factory=frozenset)
    grouping: bool = False

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            self.people | other.people,
            self.faces | other.faces,
            self.photos | other.photos,
            self.grouping or other.grouping,
        )
