"""How rows look on disk and in Python: the column lists, path and vector encodings, id lists."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable

import numpy as np

from ..records import Face, FaceId, PersonId, Photo, PhotoId

PHOTO_COLS = ("id, path, size, mtime_ns, content_hash, taken_at, width, height, orientation, status, error, "
              "names_stamp")
FACE_COLS = "id, photo_id, x1, y1, x2, y2, landmarks, score, size, quality, person_id, assigned_by, source, age, gender"
# An IN list of ids as one JSON parameter (pass ``json_ids(items)``): SQLite caps a statement at
# 32,766 parameters, and merging a person of 40k faces must not hit that.
IN_IDS = "SELECT value FROM json_each(?)"


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id SQLite gave the row an INSERT just made."""
    assert cursor.lastrowid is not None, "not an INSERT"
    return cursor.lastrowid


def json_ids(items: Iterable[int]) -> str:
    return json.dumps([int(i) for i in items])


def db_path(path: str) -> str | bytes:
    """Paths go in as text; a file name that is not valid UTF-8 goes in as its raw bytes (a BLOB)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path)


def from_db_path(value: str | bytes) -> str:
    return value if isinstance(value, str) else os.fsdecode(value)


def photo_row(row: tuple) -> Photo:
    return Photo(PhotoId(row[0]), from_db_path(row[1]), *row[2:])


def face_row(row: tuple) -> Face:
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


def encode_vector(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def encode_landmarks(points) -> bytes | None:
    if points is None:
        return None
    return np.asarray(points, dtype=np.float32).reshape(-1).tobytes()
