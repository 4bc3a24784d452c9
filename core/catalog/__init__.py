"""The catalog: one SQLite file holding photos, faces, embeddings, people and corrections.

One ``Catalog`` per thread (SQLite connections are not shared across threads); WAL lets the
window read while a scan writes.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import CatalogError, NotFound
from ..records import Face, FaceId, Person, PersonId, Photo, PhotoId, UnknownCounts
from .schema import MIGRATIONS

_PHOTO_COLS = "id, path, size, mtime_ns, content_hash, taken_at, width, height, orientation, status, error"
_FACE_COLS = "id, photo_id, x1, y1, x2, y2, landmarks, score, size, quality, person_id, assigned_by, source, age, gender"


def db_path(path: str) -> str | bytes:
    """Paths go in as text; a file name that is not valid UTF-8 goes in as its raw bytes (a BLOB)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path)


def from_db_path(value: str | bytes) -> str:
    return value if isinstance(value, str) else os.fsdecode(value)


def _photo(row: tuple) -> Photo:
    return Photo(PhotoId(row[0]), from_db_path(row[1]), *row[2:])


def _face(row: tuple) -> Face:
    lm = row[6]
    landmarks = None
    if lm is not None:
        pts = np.frombuffer(lm, dtype=np.float32).reshape(-1, 2)
        landmarks = tuple((float(x), float(y)) for x, y in pts)
    return Face(
        id=FaceId(row[0]),
        photo_id=PhotoId(row[1]),
        box=(row[2], row[3], row[4], row[5]),
        landmarks=landmarks,
        score=row[7],
        size=row[8],
        quality=row[9],
        person_id=None if row[10] is None else PersonId(row[10]),
        assigned_by=row[11],
        source=row[12],
        age=row[13],
        gender=row[14],
    )


class Catalog:
    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise CatalogError(f"Cannot open the catalog {self.path}: {exc}") from exc
        self._depth = 0
        self._lock = threading.RLock()
        try:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            self.db.close()
            raise CatalogError(f"Cannot use the catalog {self.path}: {exc}") from exc

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise CatalogError(
                f"The catalog {self.path} was written by a newer FaceAlbum (schema {version}); "
                "update FaceAlbum to open it."
            )
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[number]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction for a multi-row change; nested calls join the outer one."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self.db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self.db
            except BaseException as exc:
                self._depth -= 1
                if outer:
                    self._rollback()
                    if isinstance(exc, sqlite3.Error):
                        raise self.write_error(exc) from exc
                raise
            self._depth -= 1
            if outer:
                try:
                    self.db.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._rollback()  # a COMMIT that failed (disk full) leaves the transaction open
                    raise self.write_error(exc) from exc

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already: after 'database or disk is
        full' it may have rolled back itself, and a second ROLLBACK would raise an error that
        hides the real one."""
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def write_error(self, exc: sqlite3.Error) -> CatalogError:
        """A failed write, said so that the user knows what to do and that nothing is lost."""
        text = str(exc)
        if "full" in text:
            return CatalogError(f"Cannot write to the catalog {self.path}: the disk is full. Free some space "
                                "and start again; everything saved before this is kept.")
        return CatalogError(f"Cannot write to the catalog {self.path}: {text}")

    def execute(self, sql: str, params: Iterable = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, tuple(params))

    # -- settings -------------------------------------------------------------------------
    def get_setting(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value) -> None:
        self.db.execute(
            "INSERT INTO settings(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, json.dumps(value)),
        )

    # -- photos ---------------------------------------------------------------------------
    def photo(self, photo_id: int) -> Photo:
        row = self.db.execute(f"SELECT {_PHOTO_COLS} FROM photos WHERE id=?", (photo_id,)).fetchone()
        if row is None:
            raise NotFound(f"No photo with id {photo_id}.")
        return _photo(row)

    def photo_by_path(self, path: str) -> Photo | None:
        row = self.db.execute(f"SELECT {_PHOTO_COLS} FROM photos WHERE path=?", (db_path(str(path)),)).fetchone()
        return None if row is None else _photo(row)

    def photos(self, status: str | None = None, under: str | None = None) -> list[Photo]:
        sql = f"SELECT {_PHOTO_COLS} FROM photos"
        where, params = [], []
        if status:
            where.append("status=?")
            params.append(status)
        if where:
            sql += " WHERE " + " AND ".join(where)
        photos = [_photo(r) for r in self.db.execute(sql + " ORDER BY path", params)]
        if under:
            # Filtered here, not in SQL: paths stored as bytes must match too.
            prefix = os.path.join(str(under), "")
            photos = [p for p in photos if p.path.startswith(prefix)]
        return photos

    def photo_counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT status, COUNT(*) FROM photos GROUP BY status").fetchall()
        return {status: n for status, n in rows}

    # -- faces ----------------------------------------------------------------------------
    def face(self, face_id: int) -> Face:
        row = self.db.execute(f"SELECT {_FACE_COLS} FROM faces WHERE id=?", (face_id,)).fetchone()
        if row is None:
            raise NotFound(f"No face with id {face_id}.")
        return _face(row)

    def faces(self, *, photo_id: int | None = None, person_id: int | None = None,
              unassigned: bool = False, ids: Iterable[int] | None = None) -> list[Face]:
        sql = f"SELECT {_FACE_COLS} FROM faces"
        where, params = [], []
        if photo_id is not None:
            where.append("photo_id=?")
            params.append(photo_id)
        if person_id is not None:
            where.append("person_id=?")
            params.append(person_id)
        if unassigned:
            where.append("person_id IS NULL")
        if ids is not None:
            id_list = [int(i) for i in ids]
            if not id_list:
                return []
            where.append("id IN (SELECT value FROM json_each(?))")  # no cap on the number of ids
            params.append(json.dumps(id_list))
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_face(r) for r in self.db.execute(sql + " ORDER BY id", params)]

    def photos_together(self, person_ids: Iterable[int]) -> list[Photo]:
        """Photos in which every one of these people appears (done photos only)."""
        ids = sorted({int(p) for p in person_ids})
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT {_PHOTO_COLS} FROM photos WHERE status = 'done' AND id IN (SELECT photo_id FROM faces "
            "WHERE person_id IN (SELECT value FROM json_each(?)) GROUP BY photo_id "
            "HAVING COUNT(DISTINCT person_id) = ?)", (json.dumps(ids), len(ids))).fetchall()
        return [_photo(r) for r in rows]

    def photos_with_faces(self, *, min_age: float | None = None, max_age: float | None = None,
                          gender: str | None = None) -> list[Photo]:
        """Photos holding a face in the age range and gender asked (from a pack's genderage model)."""
        where, params = ["f.age IS NOT NULL"], []
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
            f"SELECT DISTINCT {', '.join('p.' + c.strip() for c in _PHOTO_COLS.split(','))} FROM photos p "
            f"JOIN faces f ON f.photo_id = p.id WHERE p.status = 'done' AND {' AND '.join(where)} ORDER BY p.path",
            params)
        return [_photo(r) for r in rows]

    def has_ages(self) -> bool:
        return self.db.execute("SELECT 1 FROM faces WHERE age IS NOT NULL LIMIT 1").fetchone() is not None

    def face_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM faces").fetchone()[0]

    def embeddings(self, model: str, face_ids: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(face ids, L2-normalised float32 matrix) of every face embedded with ``model``."""
        sql = "SELECT face_id, vector FROM embeddings WHERE model=?"
        params: list = [model]
        if face_ids is not None:
            id_list = [int(i) for i in face_ids]
            if not id_list:
                return np.empty(0, np.int64), np.empty((0, 0), np.float32)
            sql += " AND face_id IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(id_list))
        rows = self.db.execute(sql + " ORDER BY face_id", params).fetchall()
        if not rows:
            return np.empty(0, np.int64), np.empty((0, 0), np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        mat = np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
        return ids, mat

    # -- people ---------------------------------------------------------------------------
    def person(self, person_id: int) -> Person:
        people = self.people(ids=[person_id], include_hidden=True, include_empty=True)
        if not people:
            raise NotFound(f"No person with id {person_id}.")
        return people[0]

    def people(self, *, include_hidden: bool = True, include_empty: bool = False,
               ids: Iterable[int] | None = None) -> list[Person]:
        if ids is not None:
            # A few people: count their faces through the index, person by person.
            id_list = [int(i) for i in ids]
            rows = self.db.execute(
                "SELECT p.id, p.name, p.hidden, p.cover_face_id, "
                "(SELECT COUNT(*) FROM faces WHERE person_id = p.id), "
                "(SELECT COUNT(DISTINCT photo_id) FROM faces WHERE person_id = p.id) "
                f"FROM people p WHERE p.id IN ({','.join('?' * len(id_list)) or 'NULL'})"
                + ("" if include_hidden else " AND p.hidden = 0"), id_list).fetchall()
            return [Person(PersonId(r[0]), r[1], bool(r[2]), r[3], r[4], r[5]) for r in rows
                    if include_empty or r[4] > 0]
        # All people: faces are counted once, in a subquery the (person_id, photo_id) index covers.
        sql = """
            SELECT p.id, p.name, p.hidden, p.cover_face_id, COALESCE(s.n, 0), COALESCE(s.photos, 0)
            FROM people p LEFT JOIN (
                SELECT person_id, COUNT(*) AS n, COUNT(DISTINCT photo_id) AS photos
                FROM faces WHERE person_id IS NOT NULL GROUP BY person_id
            ) s ON s.person_id = p.id
        """
        where, params = [], []
        if not include_hidden:
            where.append("p.hidden = 0")
        if not include_empty:
            where.append("s.n > 0")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY p.name IS NULL, p.name COLLATE NOCASE, s.n DESC, p.id"
        return [
            Person(PersonId(r[0]), r[1], bool(r[2]), r[3], r[4], r[5])
            for r in self.db.execute(sql, params)
        ]

    def person_by_name(self, name: str) -> Person | None:
        row = self.db.execute(
            "SELECT id FROM people WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1", (name,)
        ).fetchone()
        return None if row is None else self.person(row[0])

    def separations(self) -> dict[int, set[int]]:
        """face -> faces the user said are someone else (symmetric)."""
        out: dict[int, set[int]] = {}
        for a, b in self.db.execute("SELECT face_id, other_face_id FROM separations"):
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
        return out

    def cover_faces(self) -> dict[int, int]:
        """person -> the face that shows them: the one the user chose, else their best-quality face."""
        # SQLite returns the row holding the MAX for a bare column: one pass over the faces.
        covers = {p: f for p, f, _ in self.db.execute(
            "SELECT person_id, id, MAX(quality) FROM faces WHERE person_id IS NOT NULL GROUP BY person_id")}
        for person, face in self.db.execute("SELECT id, cover_face_id FROM people WHERE cover_face_id IS NOT NULL"):
            covers[person] = face
        return covers

    def unknown_counts(self) -> UnknownCounts:
        """The faces nobody has named yet, counted one way for the window and the CLI."""
        loose = self.db.execute("SELECT COUNT(*) FROM faces WHERE person_id IS NULL").fetchone()[0]
        groups, grouped = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM faces f "
            "JOIN people p ON p.id = f.person_id WHERE p.name IS NULL AND p.hidden = 0 GROUP BY p.id)").fetchone()
        return UnknownCounts(groups, grouped, loose)

    def rejections(self) -> set[tuple[int, int]]:
        return {(f, p) for f, p in self.db.execute("SELECT face_id, person_id FROM rejections")}

    # -- what merge suggestions read -------------------------------------------------------
    def assigned_faces(self) -> list[tuple[int, int, int]]:
        """(face, person, photo) of every face in a person, on a photo still there."""
        return self.db.execute(
            "SELECT f.id, f.person_id, f.photo_id FROM faces f JOIN photos p ON p.id = f.photo_id "
            "WHERE f.person_id IS NOT NULL AND p.status != 'missing'").fetchall()

    def faces_by_quality(self, person_ids: Iterable[int], most: int) -> dict[int, list[int]]:
        """person -> up to ``most`` of their faces, best quality first."""
        out: dict[int, list[int]] = {}
        for person, face in self.db.execute(
                "SELECT person_id, id FROM faces WHERE person_id IN (SELECT value FROM json_each(?)) "
                "ORDER BY person_id, quality DESC, id", (json.dumps(sorted({int(p) for p in person_ids})),)):
            faces = out.setdefault(person, [])
            if len(faces) < most:
                faces.append(face)
        return out

    # -- what grouping calibration reads --------------------------------------------------
    def calibration_faces(self) -> list[tuple[int, int, int | None, str | None, float, float]]:
        """(face, photo, person, assigned_by, quality, size) of every face on a photo still there."""
        return self.db.execute(
            "SELECT f.id, f.photo_id, f.person_id, f.assigned_by, f.quality, f.size FROM faces f "
            "JOIN photos p ON p.id = f.photo_id WHERE p.status != 'missing'").fetchall()

    def person_names(self) -> dict[int, str | None]:
        return dict(self.db.execute("SELECT id, name FROM people").fetchall())

    def separation_pairs(self, face_ids: Iterable[int]) -> list[tuple[int, int]]:
        """Separations with both faces among ``face_ids``."""
        ids = json.dumps([int(f) for f in face_ids])
        return self.db.execute(
            "SELECT face_id, other_face_id FROM separations WHERE face_id IN (SELECT value FROM json_each(?)) "
            "AND other_face_id IN (SELECT value FROM json_each(?))", (ids, ids)).fetchall()

    def rejection_pairs(self, face_ids: Iterable[int]) -> list[tuple[int, int]]:
        """(rejected face, a face now in the person it was rejected from), both among ``face_ids``."""
        ids = json.dumps([int(f) for f in face_ids])
        return self.db.execute(
            "SELECT r.face_id, f.id FROM rejections r JOIN faces f ON f.person_id = r.person_id "
            "WHERE r.face_id IN (SELECT value FROM json_each(?)) AND f.id IN (SELECT value FROM json_each(?))",
            (ids, ids)).fetchall()


def _split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def encode_vector(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def encode_landmarks(points) -> bytes | None:
    if points is None:
        return None
    return np.asarray(points, dtype=np.float32).reshape(-1).tobytes()
