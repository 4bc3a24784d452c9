"""Faces and their embeddings: reads for every view, and the scan's writes of a photo's faces."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np

from ..errors import NotFound
from ..i18n import _
from ..records import DetectedFace, Face, FaceId, PersonId, PhotoId
from .rows import FACE_COLS, IN_IDS, encode_landmarks, encode_vector, face_row, inserted_id, json_ids


class FaceQueries:
    db: sqlite3.Connection  # from Connection

    # -- reads ----------------------------------------------------------------------------
    def face(self, face_id: int) -> Face:
        row = self.db.execute(f"SELECT {FACE_COLS} FROM faces WHERE id=?", (face_id,)).fetchone()
        if row is None:
            raise NotFound(_("No face with id {face_id}.").format(face_id=face_id))
        return face_row(row)

    def faces(self, *, photo_id: int | None = None, person_id: int | None = None,
              unassigned: bool = False, ids: Iterable[int] | None = None) -> list[Face]:
        sql = f"SELECT {FACE_COLS} FROM faces"
        where: list[str] = []
        params: list[object] = []
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
            where.append(f"id IN ({IN_IDS})")  # no cap on the number of ids
            params.append(json.dumps(id_list))
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [face_row(r) for r in self.db.execute(sql + " ORDER BY id", params)]

    def has_ages(self) -> bool:
        return self.db.execute("SELECT 1 FROM faces WHERE age IS NOT NULL LIMIT 1").fetchone() is not None

    def face_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM faces").fetchone()[0]

    def grouping_counts(self) -> tuple[int, int]:
        """(faces, faces in no person)."""
        total, loose = self.db.execute("SELECT COUNT(*), SUM(person_id IS NULL) FROM faces").fetchone()
        return total or 0, loose or 0

    def top_face_id(self) -> int:
        """The highest face id so far (0 for none): a watermark for 'faces seen through'."""
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM faces").fetchone()[0]

    def face_people(self) -> dict[int, int | None]:
        """face -> the person it is in, for every face."""
        return dict(self.db.execute("SELECT id, person_id FROM faces").fetchall())

    def unassigned_face_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM faces WHERE person_id IS NULL")]

    def assigned_face_rows(self, *, present_only: bool = False) -> list[tuple[int, int, int]]:
        """(face, person, photo) of every face in a person; ``present_only``: on photos still there."""
        sql = "SELECT f.id, f.person_id, f.photo_id FROM faces f"
        if present_only:
            sql += " JOIN photos p ON p.id = f.photo_id WHERE f.person_id IS NOT NULL AND p.status != 'missing'"
        else:
            sql += " WHERE f.person_id IS NOT NULL"
        return self.db.execute(sql).fetchall()

    def faces_by_quality(self, person_ids: Iterable[int], most: int) -> dict[int, list[int]]:
        """person -> up to ``most`` of their faces, best quality first."""
        out: dict[int, list[int]] = {}
        for person, face in self.db.execute(
                f"SELECT person_id, id FROM faces WHERE person_id IN ({IN_IDS}) "
                "ORDER BY person_id, quality DESC, id", (json_ids(sorted({int(p) for p in person_ids})),)):
            faces = out.setdefault(person, [])
            if len(faces) < most:
                faces.append(face)
        return out

    def calibration_faces(self) -> list[tuple[int, int, int | None, str | None, float, float]]:
        """(face, photo, person, assigned_by, quality, size) of every face on a photo still there:
        what grouping and its calibration read."""
        return self.db.execute(
            "SELECT f.id, f.photo_id, f.person_id, f.assigned_by, f.quality, f.size FROM faces f "
            "JOIN photos p ON p.id = f.photo_id WHERE p.status != 'missing'").fetchall()

    def new_unassigned_faces(self, after: int) -> list[tuple[int, int, float, float]]:
        """(face, photo, quality, size) of faces in no person, above id ``after``, on photos still there."""
        return self.db.execute(
            "SELECT f.id, f.photo_id, f.quality, f.size FROM faces f JOIN photos p ON p.id = f.photo_id "
            "WHERE f.person_id IS NULL AND p.status != 'missing' AND f.id > ?", (after,)).fetchall()

    # -- embeddings -----------------------------------------------------------------------
    def embeddings(self, model: str, face_ids: Iterable[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(face ids, L2-normalised float32 matrix) of every face embedded with ``model``."""
        sql = "SELECT face_id, vector FROM embeddings WHERE model=?"
        params: list[object] = [model]
        if face_ids is not None:
            id_list = [int(i) for i in face_ids]
            if not id_list:
                return np.empty(0, np.int64), np.empty((0, 0), np.float32)
            sql += f" AND face_id IN ({IN_IDS})"
            params.append(json.dumps(id_list))
        rows = self.db.execute(sql + " ORDER BY face_id", params).fetchall()
        if not rows:
            return np.empty(0, np.int64), np.empty((0, 0), np.float32)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        mat = np.stack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
        return ids, mat

    def embedding_model(self, face_id: int | None = None) -> str | None:
        """The model a face was embedded with (the first by name); without a face, the model most
        faces of the catalog were embedded with."""
        if face_id is not None:
            row = self.db.execute("SELECT model FROM embeddings WHERE face_id=? ORDER BY model LIMIT 1",
                                  (face_id,)).fetchone()
        else:
            row = self.db.execute("SELECT model FROM embeddings GROUP BY model ORDER BY COUNT(*) DESC LIMIT 1"
                                  ).fetchone()
        return None if row is None else row[0]

    def photos_missing_embeddings(self, model: str) -> set[PhotoId]:
        """Photos with a face the model has not embedded (another pack scanned them)."""
        rows = self.db.execute(
            "SELECT DISTINCT f.photo_id FROM faces f LEFT JOIN embeddings e "
            "ON e.face_id = f.id AND e.model = ? WHERE e.face_id IS NULL", (model,))
        return {PhotoId(r[0]) for r in rows}

    def embedding_models(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT model FROM embeddings ORDER BY model")]

    def drop_embeddings(self, model: str) -> None:
        self.db.execute("DELETE FROM embeddings WHERE model=?", (model,))

    def store_embeddings(self, model: str, face_ids: Sequence[int], vectors: np.ndarray) -> None:
        self.db.executemany("INSERT OR REPLACE INTO embeddings(face_id, model, vector) VALUES(?, ?, ?)",
                            [(int(f), model, encode_vector(v)) for f, v in zip(face_ids, vectors)])

    # -- what the scan writes -------------------------------------------------------------
    def face_rejections(self, face_ids: Iterable[int]) -> dict[FaceId, list[PersonId]]:
        """face -> the people it was said not to be."""
        out: dict[FaceId, list[PersonId]] = {FaceId(int(f)): [] for f in face_ids}
        for face, person in self.db.execute(
                f"SELECT face_id, person_id FROM rejections WHERE face_id IN ({IN_IDS}) ORDER BY rowid",
                (json_ids(out),)):
            out[face].append(person)
        return out

    def replace_detected_faces(self, photo_id: int, faces: Sequence[DetectedFace], model: str,
                               vectors: np.ndarray) -> list[FaceId]:
        """A photo's detected faces, anew with their embeddings (faces the user drew stay)."""
        self.db.execute("DELETE FROM faces WHERE photo_id=? AND source='detector'", (photo_id,))
        return [self.add_found_face(photo_id, face, model, vector) for face, vector in zip(faces, vectors)]

    def add_found_face(self, photo_id: int, face: DetectedFace, model: str, vector: np.ndarray) -> FaceId:
        """One face the scan found (or another app marked), with its embedding."""
        cur = self.db.execute(
            "INSERT INTO faces(photo_id, x1, y1, x2, y2, landmarks, score, size, quality, age, gender, source) "
            "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (photo_id, *face.box, encode_landmarks(face.landmarks), face.score, face.size, face.quality,
             face.age, face.gender, face.source))
        face_id = FaceId(inserted_id(cur))
        self.db.execute("INSERT INTO embeddings(face_id, model, vector) VALUES(?, ?, ?)",
                        (face_id, model, encode_vector(vector)))
        return face_id

    def carry_face(self, face_id: int, person_id: int | None, assigned_by: str | None,
                   rejected_from: Iterable[int]) -> None:
        """What the user said about a face, given to the face that replaces it (a re-detected photo)."""
        self.db.execute("UPDATE faces SET person_id=?, assigned_by=? WHERE id=?", (person_id, assigned_by, face_id))
        self.db.executemany("INSERT OR IGNORE INTO rejections(face_id, person_id) VALUES(?, ?)",
                            [(face_id, int(p)) for p in rejected_from])

    def add_synthetic_face(self, photo_id: int, box, quality: float, model: str, vector: np.ndarray) -> FaceId:
        """A face with its embedding and no file behind it (synthetic libraries of the benchmarks)."""
        x1, y1, x2, y2 = box
        cur = self.db.execute("INSERT INTO faces(photo_id, x1, y1, x2, y2, score, size, quality) "
                              "VALUES(?, ?, ?, ?, ?, 0.9, ?, ?)",
                              (photo_id, x1, y1, x2, y2, min(x2 - x1, y2 - y1), quality))
        face_id = FaceId(inserted_id(cur))
        self.db.execute("INSERT INTO embeddings(face_id, model, vector) VALUES(?, ?, ?)",
                        (face_id, model, encode_vector(vector)))
        return face_id
