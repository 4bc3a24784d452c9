"""Photos: what the window and the CLI read, and what the scan writes about each file."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable

from ..errors import NotFound
from ..i18n import _
from ..records import Photo, PhotoId
from .rows import IN_IDS, PHOTO_COLS, db_path, from_db_path, inserted_id, json_ids, photo_row


class PhotoQueries:
    db: sqlite3.Connection  # from Connection

    # -- reads ----------------------------------------------------------------------------
    def photo(self, photo_id: int) -> Photo:
        row = self.db.execute(f"SELECT {PHOTO_COLS} FROM photos WHERE id=?", (photo_id,)).fetchone()
        if row is None:
            raise NotFound(_("No photo with id {photo_id}.").format(photo_id=photo_id))
        return photo_row(row)

    def photo_by_path(self, path: str) -> Photo | None:
        row = self.db.execute(f"SELECT {PHOTO_COLS} FROM photos WHERE path=?", (db_path(str(path)),)).fetchone()
        return None if row is None else photo_row(row)

    def photos(self, status: str | None = None, under: str | None = None) -> list[Photo]:
        sql = f"SELECT {PHOTO_COLS} FROM photos"
        params: list = []
        if status:
            sql += " WHERE status=?"
            params.append(status)
        photos = [photo_row(r) for r in self.db.execute(sql + " ORDER BY path", params)]
        if under:
            # Filtered here, not in SQL: paths stored as bytes must match too.
            prefix = os.path.join(str(under), "")
            photos = [p for p in photos if p.path.startswith(prefix)]
        return photos

    def photo_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT status, COUNT(*) FROM photos GROUP BY status").fetchall()
        return {status: n for status, n in rows}

    def photos_together(self, person_ids: Iterable[int]) -> list[Photo]:
        """Photos in which every one of these people appears (done photos only)."""
        ids = sorted({int(p) for p in person_ids})
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT {PHOTO_COLS} FROM photos WHERE status = 'done' AND id IN (SELECT photo_id FROM faces "
            f"WHERE person_id IN ({IN_IDS}) GROUP BY photo_id "
            "HAVING COUNT(DISTINCT person_id) = ?)", (json.dumps(ids), len(ids))).fetchall()
        return [photo_row(r) for r in rows]

    def photos_with_faces(self, *, min_age: float | None = None, max_age: float | None = None,
                          gender: str | None = None) -> list[Photo]:
        """Photos holding a face in the age range and gender asked (from a pack's genderage model)."""
        where: list[str] = ["f.age IS NOT NULL"]
        params: list[object] = []
        if min_age is not None:
            where.append("f.age >= ?")
            params.append(min_age)
        if max_age is not None:
            where.append("f.age <= ?")
            params.append(max_age)
        if gender:
            where.append("f.gender = ?")
            params.append(gender.upper()[:1])
        rows = self.db.execute(
            f"SELECT DISTINCT {', '.join('p.' + c.strip() for c in PHOTO_COLS.split(','))} FROM photos p "
            f"JOIN faces f ON f.photo_id = p.id WHERE p.status = 'done' AND {' AND '.join(where)} ORDER BY p.path",
            params)
        return [photo_row(r) for r in rows]

    def album_photos(self, person_id: int) -> list[tuple[PhotoId, str, str | None]]:
        """(id, path, taken at) of every readable photo a person is in, oldest first: an album."""
        return [(PhotoId(pid), from_db_path(path), taken) for pid, path, taken in self.db.execute(
            "SELECT DISTINCT p.id, p.path, p.taken_at FROM faces f JOIN photos p ON p.id = f.photo_id "
            "WHERE f.person_id=? AND p.status='done' ORDER BY p.taken_at, p.path", (person_id,))]

    # -- what the scan reads --------------------------------------------------------------
    def photo_paths(self, photo_ids: Iterable[int]) -> dict[PhotoId, tuple[str, bool]]:
        """photo -> (path, whether its content hash is still to be made)."""
        return {PhotoId(pid): (from_db_path(raw), bool(no_hash)) for pid, raw, no_hash in self.db.execute(
            f"SELECT id, path, content_hash IS NULL FROM photos WHERE id IN ({IN_IDS})", (json_ids(photo_ids),))}

    def hashed_sizes(self) -> set[int]:
        """File sizes of photos whose content hash is known (a moved photo keeps its size)."""
        return {row[0] for row in self.db.execute("SELECT DISTINCT size FROM photos WHERE content_hash IS NOT NULL")}

    def photos_with_hash(self, digest: str) -> list[tuple[PhotoId, str]]:
        return [(PhotoId(pid), from_db_path(raw)) for pid, raw in self.db.execute(
            "SELECT id, path FROM photos WHERE content_hash=? ORDER BY id", (digest,))]

    # -- what the scan writes -------------------------------------------------------------
    def add_pending_photo(self, path: str, size: int, mtime_ns: int, digest: str | None) -> PhotoId:
        cur = self.db.execute("INSERT INTO photos(path, size, mtime_ns, content_hash, status) "
                              "VALUES(?, ?, ?, ?, 'pending')", (db_path(path), size, mtime_ns, digest))
        return PhotoId(inserted_id(cur))

    def set_photo_status(self, photo_id: int, status: str) -> None:
        self.db.execute("UPDATE photos SET status=? WHERE id=?", (status, photo_id))

    def set_photo_stat(self, photo_id: int, size: int, mtime_ns: int) -> None:
        """The file was touched but holds the same bytes."""
        self.db.execute("UPDATE photos SET size=?, mtime_ns=? WHERE id=?", (size, mtime_ns, photo_id))

    def mark_photo_changed(self, photo_id: int, size: int, mtime_ns: int, digest: str) -> None:
        """New bytes under a known path: the photo is scanned again."""
        self.db.execute("UPDATE photos SET size=?, mtime_ns=?, content_hash=?, status='pending', error=NULL "
                        "WHERE id=?", (size, mtime_ns, digest, photo_id))

    def move_photo(self, photo_id: int, path: str, size: int, mtime_ns: int) -> None:
        """A known photo found under a new path: it keeps its faces and everything said about them."""
        self.db.execute("UPDATE photos SET path=?, size=?, mtime_ns=?, "
                        "status=CASE WHEN status='missing' THEN 'done' ELSE status END WHERE id=?",
                        (db_path(path), size, mtime_ns, photo_id))

    def record_photo_error(self, path: str, size: int, mtime_ns: int, reason: str) -> None:
        """A file that could not be used, kept with the reason (the error list shows it)."""
        self.db.execute(
            "INSERT INTO photos(path, size, mtime_ns, status, error) VALUES(?, ?, ?, 'error', ?) "
            "ON CONFLICT(path) DO UPDATE SET status='error', error=excluded.error, size=excluded.size, "
            "mtime_ns=excluded.mtime_ns", (db_path(path), size, mtime_ns, reason))

    def photo_failed(self, photo_id: int, reason: str) -> None:
        self.db.execute("UPDATE photos SET status='error', error=?, scanned_at=datetime('now') WHERE id=?",
                        (reason, photo_id))

    def photo_done(self, photo_id: int, width: int, height: int, orientation: int, taken_at: str | None,
                   detector: str, digest: str | None, names_stamp: str | None = None) -> None:
        self.db.execute(
            "UPDATE photos SET status='done', error=NULL, width=?, height=?, orientation=?, taken_at=?, "
            "detector=?, content_hash=COALESCE(?, content_hash), names_stamp=?, scanned_at=datetime('now') "
            "WHERE id=?", (width, height, orientation, taken_at, detector, digest, names_stamp, photo_id))

    def set_names_stamp(self, photo_id: int, stamp: str | None) -> None:
        """The photo's metadata names were read (from the files this stamp describes)."""
        self.db.execute("UPDATE photos SET names_stamp=? WHERE id=?", (stamp, photo_id))

    def add_photo(self, path: str, width: int, height: int) -> PhotoId:
        """A done photo with no file behind it (synthetic libraries of the benchmarks)."""
        cur = self.db.execute("INSERT INTO photos(path, status, width, height) VALUES(?, 'done', ?, ?)",
                              (db_path(path), width, height))
        return PhotoId(inserted_id(cur))
