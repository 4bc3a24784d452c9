"""The XMP sidecars FaceAlbum wrote, and which photos a write covers."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from ..records import PhotoId
from .rows import IN_IDS, from_db_path, json_ids


class SidecarStore:
    db: sqlite3.Connection  # from Connection

    def sidecar_of(self, photo_id: int) -> tuple[str, list[str]] | None:
        """(path, names FaceAlbum put in it) of the sidecar last written for the photo."""
        row = self.db.execute("SELECT path, names FROM sidecars WHERE photo_id=?", (photo_id,)).fetchone()
        return None if row is None else (from_db_path(row[0]), json.loads(row[1]))

    def record_sidecar(self, photo_id: int, path: str, names: list[str]) -> None:
        self.db.execute("INSERT INTO sidecars(photo_id, path, names) VALUES(?, ?, ?) ON CONFLICT(photo_id) DO "
                        "UPDATE SET path=excluded.path, names=excluded.names, written_at=datetime('now')",
                        (photo_id, path, json.dumps(names)))

    def photos_for_sidecars(self, person_ids: Iterable[int] | None = None) -> list[PhotoId]:
        """Photos a sidecar write covers: those holding a named person (or one of ``person_ids``),
        and every photo FaceAlbum wrote a sidecar for before (its names may have gone since)."""
        if person_ids is None:
            named = "SELECT f.photo_id FROM faces f JOIN people p ON p.id = f.person_id WHERE p.name IS NOT NULL"
            rows = self.db.execute(f"SELECT DISTINCT photo_id FROM ({named} UNION SELECT photo_id FROM sidecars) "
                                   "ORDER BY photo_id")
        else:
            rows = self.db.execute(f"SELECT DISTINCT photo_id FROM faces WHERE person_id IN ({IN_IDS}) "
                                   "ORDER BY photo_id", (json_ids(person_ids),))
        return [PhotoId(r[0]) for r in rows]

    def photos_of_faces(self, face_ids: Iterable[int]) -> list[PhotoId]:
        return [PhotoId(r[0]) for r in self.db.execute(
            f"SELECT DISTINCT photo_id FROM faces WHERE id IN ({IN_IDS}) ORDER BY photo_id", (json_ids(face_ids),))]
