"""What the window's lists show, read in one go on the catalog thread after each change."""

from __future__ import annotations

from dataclasses import dataclass, field

from facealbum.core.records import Person, UnknownCounts


@dataclass(frozen=True)
class Snapshot:
    people: list[Person] = field(default_factory=list)  # hidden ones too
    covers: dict[int, int] = field(default_factory=dict)
    unknown: UnknownCounts = UnknownCounts(0, 0, 0)
    names: list[str] = field(default_factory=list)  # every name in use, for completion
    errors: int = 0  # photos that could not be read


def read_snapshot(catalog) -> Snapshot:
    # One read shared by every view: on a big library each of these is a pass over the faces.
    everyone = catalog.people(include_hidden=True, include_empty=True)
    names = sorted({p.name for p in everyone if p.name})
    return Snapshot([p for p in everyone if p.face_count > 0], catalog.cover_faces(), catalog.unknown_counts(), names,
                    catalog.photo_counts().get("error", 0))
