"""What people operations write, and the correction log that makes each one undoable.

A correction stores the state it changed before and after (``correction_state``), in a layout
named by ``corrections.format``; undo and redo put a stored state back (``apply_correction_state``).
The rules (what a merge or a split means) are in core/people.py; this is how they are kept.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from ..errors import OperationError
from ..i18n import _
from ..records import FaceId, PersonId
from .rows import IN_IDS, json_ids

_PERSON_FIELDS = ("name", "hidden", "cover_face_id", "created_by", "created_at")
_FACE_FIELDS = ("person_id", "assigned_by", "photo_id", "x1", "y1", "x2", "y2", "size", "source")
# The layout of the before/after states a correction stores (corrections.format): 1 = one
# positional list per face and person, in the field orders above (before schema 3); 2 = faces as
# named columns (id, person_id, assigned_by; whole rows only for faces the user drew), people as
# named objects.
STATE_FORMAT = 2


class CorrectionStore:
    db: sqlite3.Connection  # from Connection

    # -- reads the operations check against -----------------------------------------------
    def existing_face_ids(self, face_ids: Iterable[int]) -> set[FaceId]:
        return {r[0] for r in self.db.execute(f"SELECT id FROM faces WHERE id IN ({IN_IDS})", (json_ids(face_ids),))}

    def faces_of(self, person_ids: Sequence[int]) -> list[FaceId]:
        if not person_ids:
            return []
        return [r[0] for r in self.db.execute(f"SELECT id FROM faces WHERE person_id IN ({IN_IDS})",
                                              (json_ids(person_ids),))]

    def persons_of(self, face_ids: Sequence[int]) -> list[PersonId]:
        return [r[0] for r in self.db.execute(
            f"SELECT DISTINCT person_id FROM faces WHERE person_id IS NOT NULL AND id IN ({IN_IDS})",
            (json_ids(face_ids),))]

    def faces_by_person(self, face_ids: Sequence[int]) -> dict[PersonId, list[FaceId]]:
        """person -> those of ``face_ids`` that are in them."""
        out: dict[PersonId, list[FaceId]] = {}
        for face_id, person_id in self.db.execute(
                f"SELECT id, person_id FROM faces WHERE person_id IS NOT NULL AND id IN ({IN_IDS})",
                (json_ids(face_ids),)):
            out.setdefault(person_id, []).append(face_id)
        return out

    def next_person_id(self) -> PersonId:
        return PersonId(self._next_id("people"))

    def next_face_id(self) -> FaceId:
        return FaceId(self._next_id("faces"))

    def _next_id(self, table: str) -> int:
        # The AUTOINCREMENT sequence: an id once used (even by a row undone since) never comes back.
        seq = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name=?", (table,)).fetchone()
        top = self.db.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
        return max(seq[0] if seq else 0, top or 0) + 1

    # -- writes ---------------------------------------------------------------------------
    def assign_faces(self, face_ids: Sequence[int], person_id: int | None, by: str | None) -> None:
        self.db.execute(f"UPDATE faces SET person_id=?, assigned_by=? WHERE id IN ({IN_IDS})",
                        (person_id, by, json_ids(face_ids)))

    def lock_faces(self, face_ids: Sequence[int]) -> None:
        """The faces stay with the person they are in: no regroup moves them."""
        if face_ids:
            self.db.execute(f"UPDATE faces SET assigned_by='user' WHERE person_id IS NOT NULL "
                            f"AND id IN ({IN_IDS})", (json_ids(face_ids),))

    def add_person(self, person_id: int, name: str | None) -> None:
        self.db.execute("INSERT INTO people(id, name, created_by) VALUES(?, ?, 'user')", (person_id, name))

    def set_person_name(self, person_id: int, name: str) -> None:
        self.db.execute("UPDATE people SET name=? WHERE id=?", (name, person_id))

    def set_person_hidden(self, person_id: int, hidden: bool) -> None:
        self.db.execute("UPDATE people SET hidden=? WHERE id=?", (int(hidden), person_id))

    def set_cover_face(self, person_id: int, face_id: int) -> None:
        self.db.execute("UPDATE people SET cover_face_id=? WHERE id=?", (face_id, person_id))

    def delete_people(self, person_ids: Sequence[int]) -> None:
        self.db.execute(f"DELETE FROM people WHERE id IN ({IN_IDS})", (json_ids(person_ids),))

    def add_drawn_face(self, face_id: int, photo_id: int, box, person_id: int | None) -> None:
        x1, y1, x2, y2 = box
        self.db.execute(
            "INSERT INTO faces(id, photo_id, x1, y1, x2, y2, score, size, quality, source, person_id, assigned_by) "
            "VALUES(?, ?, ?, ?, ?, ?, 1.0, ?, 0.5, 'user', ?, ?)",
            (face_id, photo_id, x1, y1, x2, y2, min(x2 - x1, y2 - y1), person_id, "user" if person_id else None))

    def move_rejections(self, sources: Sequence[int], target: int) -> None:
        """Rejections of merged-away people now mean the person they were merged into."""
        for s in sources:
            self.db.execute("INSERT OR IGNORE INTO rejections(face_id, person_id) "
                            "SELECT face_id, ? FROM rejections WHERE person_id=?", (target, s))

    def reject_from_current(self, face_ids: Sequence[int]) -> None:
        """Each face is kept out of the person it is in now."""
        self.db.execute("INSERT OR IGNORE INTO rejections(face_id, person_id) SELECT id, person_id FROM faces "
                        f"WHERE person_id IS NOT NULL AND id IN ({IN_IDS})", (json_ids(face_ids),))

    def add_rejections(self, face_ids: Iterable[int], person_id: int) -> None:
        self.db.executemany("INSERT OR IGNORE INTO rejections(face_id, person_id) VALUES(?, ?)",
                            [(int(f), person_id) for f in face_ids])

    def remove_rejections(self, face_ids: Sequence[int], person_id: int) -> None:
        self.db.execute(f"DELETE FROM rejections WHERE person_id=? AND face_id IN ({IN_IDS})",
                        (person_id, json_ids(face_ids)))

    def add_separations(self, pairs: Iterable[tuple[int, int]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO separations(face_id, other_face_id) VALUES(?, ?)", pairs)

    def separate_from_person(self, face_ids: Iterable[int], person_id: int) -> None:
        """Each face is kept apart from every face the person holds now."""
        for f in face_ids:
            self.db.execute("INSERT OR IGNORE INTO separations(face_id, other_face_id) "
                            "SELECT ?, id FROM faces WHERE person_id=?", (int(f), person_id))

    # -- the correction log ---------------------------------------------------------------
    def record_correction(self, kind: str, summary: str, before: dict, after: dict) -> None:
        # A new correction ends the redo chain.
        self.db.execute("UPDATE corrections SET undone=2 WHERE undone=1")
        self.db.execute("INSERT INTO corrections(kind, summary, before, after, format) VALUES(?, ?, ?, ?, ?)",
                        (kind, summary, json.dumps(before), json.dumps(after), STATE_FORMAT))

    def correction_to_undo(self) -> tuple[int, dict] | None:
        """(id, state before) of the latest correction not undone."""
        row = self.db.execute(
            "SELECT id, before, format FROM corrections WHERE undone=0 ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else (row[0], read_state(row[1], row[2]))

    def correction_to_redo(self) -> tuple[int, dict] | None:
        """(id, state after) of the earliest undone correction still on the redo chain."""
        row = self.db.execute(
            "SELECT id, after, format FROM corrections WHERE undone=1 ORDER BY id ASC LIMIT 1").fetchone()
        return None if row is None else (row[0], read_state(row[1], row[2]))

    def set_correction_undone(self, correction_id: int, undone: bool) -> None:
        self.db.execute("UPDATE corrections SET undone=? WHERE id=?", (int(undone), correction_id))

    def undo_status(self) -> tuple[str | None, str | None]:
        """(summary of what Undo would undo, summary of what Redo would redo)."""
        undo = self.db.execute("SELECT summary FROM corrections WHERE undone=0 ORDER BY id DESC LIMIT 1").fetchone()
        redo = self.db.execute("SELECT summary FROM corrections WHERE undone=1 ORDER BY id ASC LIMIT 1").fetchone()
        return (undo[0] if undo else None, redo[0] if redo else None)

    def history(self) -> list[tuple[int, str, str, bool]]:
        return [(r[0], r[1], r[2], bool(r[3])) for r in self.db.execute(
            "SELECT id, at, summary, undone FROM corrections WHERE undone < 2 ORDER BY id")]

    def latest_correction_id(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(id), 0) FROM corrections").fetchone()[0]

    def undone_corrections(self, ids: Sequence[int]) -> set[int]:
        """Those of ``ids`` that are undone now (waiting for redo, or past any redo)."""
        return {r[0] for r in self.db.execute(
            f"SELECT id FROM corrections WHERE undone > 0 AND id IN ({IN_IDS})", (json_ids(ids),))}

    def corrections_mark(self) -> tuple[int, int]:
        """Changes whenever a correction is made, undone or redone (grouping checks it before writing)."""
        return tuple(self.db.execute("SELECT (SELECT COALESCE(MAX(id), 0) FROM corrections), "
                                     "(SELECT COUNT(*) FROM corrections WHERE undone = 1)").fetchone())

    # -- states -----------------------------------------------------------------------------
    def correction_state(self, faces: Sequence[int], people: Sequence[int], rejection_people: Sequence[int] = (),
                         new_faces: Sequence[int] = ()) -> dict:
        """What a correction may change, read in a few set queries (a 40k-face merge reads 40k
        faces: one query each, and a JSON object each, held the catalog thread for seconds)."""
        db = self.db
        ids, person_ids, assigned = [], [], []
        for fid, pid, how in db.execute(
                f"SELECT id, person_id, assigned_by FROM faces WHERE id IN ({IN_IDS}) ORDER BY id",
                (json_ids(faces),)):
            ids.append(fid)
            person_ids.append(pid)
            assigned.append(how)
        present = set(ids)
        # A face drawn by the user is deleted by undo and made again by redo: its whole row is kept.
        drawn = {str(r[0]): dict(zip(_FACE_FIELDS, r[1:])) for r in db.execute(
            f"SELECT id, {', '.join(_FACE_FIELDS)} FROM faces WHERE id IN ({IN_IDS})",
            (json_ids(new_faces),))} if new_faces else {}
        people_state = {}
        for pid in people:
            row = db.execute(f"SELECT {', '.join(_PERSON_FIELDS)} FROM people WHERE id=?", (pid,)).fetchone()
            people_state[str(pid)] = dict(zip(_PERSON_FIELDS, row)) if row else None
        rejections = []
        if faces:
            rejections += [list(r) for r in db.execute(
                f"SELECT face_id, person_id FROM rejections WHERE face_id IN ({IN_IDS})", (json_ids(faces),))]
        if rejection_people:
            rejections += [list(r) for r in db.execute(
                f"SELECT face_id, person_id FROM rejections WHERE person_id IN ({IN_IDS})",
                (json_ids(rejection_people),))]
        separations = [list(r) for r in db.execute(
            f"SELECT face_id, other_face_id FROM separations WHERE face_id IN ({IN_IDS})", (json_ids(faces),))] \
            if faces else []
        return {"faces": {"id": ids, "person_id": person_ids, "assigned_by": assigned},
                "absent_faces": [f for f in faces if f not in present], "new_face_rows": drawn,
                "people": people_state, "separations": separations,
                "rejections": sorted({tuple(r) for r in rejections}), "rejection_people": list(rejection_people),
                "new_faces": list(new_faces)}

    def apply_correction_state(self, state: dict) -> tuple[list[int], list[int]]:
        """Put a stored state back; returns (people, faces) it touched."""
        db = self.db
        people = state["people"]
        for pid, row in people.items():
            if row is not None:
                cols = ", ".join(_PERSON_FIELDS)
                updates = ", ".join(f"{c}=excluded.{c}" for c in _PERSON_FIELDS)
                values = [None if c == "cover_face_id" else row[c] for c in _PERSON_FIELDS]  # covers come last
                db.execute(f"INSERT INTO people(id, {cols}) VALUES(?, ?, ?, ?, ?, ?) "
                           f"ON CONFLICT(id) DO UPDATE SET {updates}", [int(pid), *values])
        columns = state["faces"]
        new_faces = set(state.get("new_faces", []))
        absent = [f for f in state["absent_faces"] if f in new_faces]
        if absent:  # a drawn face that did not exist yet in this state
            db.execute(f"DELETE FROM faces WHERE id IN ({IN_IDS})", (json_ids(absent),))
        for fid_s, row in state.get("new_face_rows", {}).items():
            db.execute(f"INSERT OR IGNORE INTO faces(id, quality, {', '.join(_FACE_FIELDS)}) "
                       f"VALUES(?, 0.5, {', '.join('?' * len(_FACE_FIELDS))})",
                       (int(fid_s), *(row[c] for c in _FACE_FIELDS)))
        # Faces deleted since (their photo left the library) stay deleted: the update finds no row.
        db.executemany("UPDATE faces SET person_id=?, assigned_by=? WHERE id=?",
                       zip(columns["person_id"], columns["assigned_by"], columns["id"]))
        faces = [*columns["id"], *state["absent_faces"]]
        # Covers point at faces, so they are set once the faces are back.
        for pid, row in people.items():
            if row is not None:
                cover = row["cover_face_id"]
                db.execute("UPDATE people SET cover_face_id=? WHERE id=? AND (? IS NULL OR EXISTS "
                           "(SELECT 1 FROM faces WHERE id=?))", (cover, int(pid), cover, cover))
        if faces:
            db.execute(f"DELETE FROM rejections WHERE face_id IN ({IN_IDS})", (json_ids(faces),))
            db.execute(f"DELETE FROM separations WHERE face_id IN ({IN_IDS})", (json_ids(faces),))
        db.executemany("INSERT OR IGNORE INTO separations(face_id, other_face_id) SELECT ?, ? WHERE EXISTS "
                       "(SELECT 1 FROM faces WHERE id=?) AND EXISTS (SELECT 1 FROM faces WHERE id=?)",
                       ((f, o, f, o) for f, o in state.get("separations", [])))
        rp = state.get("rejection_people", [])
        if rp:
            db.execute(f"DELETE FROM rejections WHERE person_id IN ({IN_IDS})", (json_ids(rp),))
        db.executemany("INSERT OR IGNORE INTO rejections(face_id, person_id) SELECT ?, ? WHERE EXISTS "
                       "(SELECT 1 FROM faces WHERE id=?) AND EXISTS (SELECT 1 FROM people WHERE id=?)",
                       ((f, p, f, p) for f, p in state["rejections"]))
        for pid, row in people.items():
            if row is None:
                db.execute("UPDATE faces SET person_id=NULL, assigned_by=NULL WHERE person_id=?", (int(pid),))
                db.execute("DELETE FROM people WHERE id=?", (int(pid),))
        return [int(p) for p in people], faces


def read_state(text: str, fmt: int) -> dict:
    """A stored before/after state in today's layout, whatever layout it was written in."""
    state = json.loads(text)
    if fmt == 1:  # {face: [fields in _FACE_FIELDS order] or None}, {person: [_PERSON_FIELDS] or None}
        rows = {int(f): row for f, row in state["faces"].items()}
        present = sorted(f for f, row in rows.items() if row is not None)
        state["faces"] = {"id": present, "person_id": [rows[f][0] for f in present],
                          "assigned_by": [rows[f][1] for f in present]}
        state["absent_faces"] = sorted(f for f, row in rows.items() if row is None)
        state["new_face_rows"] = {str(f): dict(zip(_FACE_FIELDS, rows[f])) for f in state.get("new_faces", [])
                                  if rows.get(f) is not None}
        state["people"] = {p: None if row is None else dict(zip(_PERSON_FIELDS, row))
                           for p, row in state["people"].items()}
    elif fmt != STATE_FORMAT:
        raise OperationError(_("This correction was recorded by a newer FaceAlbum (format {fmt}): update FaceAlbum to undo it.").format(fmt=fmt))
    return state
