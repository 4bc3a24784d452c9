"""People operations: rename, merge, split, move, "not this person", hide, cover, name a face.

Each is one transaction and one recorded correction holding the state it changed before and
after, so undo and redo are generic, and regrouping never overrides it: every face an
operation touches (or a user confirms by naming its person) is marked ``assigned_by='user'``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .catalog import Catalog
from .errors import NotFound, OperationError
from .records import Changes, FaceId, PersonId

_PERSON_FIELDS = ("name", "hidden", "cover_face_id", "created_by", "created_at")
_FACE_FIELDS = ("person_id", "assigned_by", "photo_id", "x1", "y1", "x2", "y2", "size", "source")
# The layout of the before/after states a correction stores (corrections.format): 1 = one
# positional list per face and person, in the field orders above (before schema 3); 2 = faces as
# named columns (id, person_id, assigned_by; whole rows only for faces the user drew), people as
# named objects.
STATE_FORMAT = 2


class People:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    # -- operations -----------------------------------------------------------------------
    def rename(self, person_id: int, name: str) -> Changes:
        """Name a person; a name someone else already has merges the two (see ``name``)."""
        return self.name([person_id], name)[1]

    def name(self, person_ids: Iterable[int], name: str) -> tuple[PersonId, Changes]:
        """Give one or more groups a name, as one correction and one undo step.

        A name nobody has renames the first group and merges the others into it; a name another
        person already has merges every group into that person (naming a group after someone
        known means it is them). Returns the person that carries the name.
        """
        name = clean_name(name)
        ids = list(dict.fromkeys(int(p) for p in person_ids))
        if not ids:
            raise OperationError("Choose at least one person to name.")
        for pid in ids:
            self._require_person(pid)
        existing = self.catalog.person_by_name(name)
        target = existing.id if existing is not None else ids[0]
        sources = [p for p in ids if p != target]
        faces = self._faces_of([*sources, target])

        def apply():
            if sources:
                self._merge_into(sources, target, faces)
            self._lock_faces(faces)
            self.catalog.execute("UPDATE people SET name=? WHERE id=?", (name, target))

        if not sources:
            summary = f"Rename to {name}"
        elif existing is not None:
            summary = f"Name {len(sources)} group{'s' if len(sources) > 1 else ''} {name} (merged)"
        else:
            summary = f"Name {len(ids)} groups {name}"
        changes = self._record("name" if sources else "rename", summary, faces, [*sources, target], apply,
                               rejection_people=[*sources, target] if sources else ())
        return PersonId(target), changes

    def merge(self, sources: Iterable[int], target: int) -> Changes:
        sources = [int(s) for s in sources if int(s) != int(target)]
        if not sources:
            raise OperationError("Choose at least one other person to merge.")
        for pid in [*sources, target]:
            self._require_person(pid)
        faces = self._faces_of([*sources, target])
        target_name = self.catalog.person(target).name

        def apply():
            names = [self.catalog.person(s).name for s in sources]
            self._merge_into(sources, target, faces)
            if target_name is None:
                named = next((n for n in names if n), None)
                if named:
                    self.catalog.execute("UPDATE people SET name=? WHERE id=?", (named, target))

        return self._record("merge", f"Merge {len(sources) + 1} people", faces, [*sources, target], apply,
                            rejection_people=[*sources, target])

    def _merge_into(self, sources: list[int], target: int, faces: list[int]) -> None:
        self.catalog.execute(
            f"UPDATE faces SET person_id=?, assigned_by='user' WHERE id IN ({_marks(faces)})", [target, _ids(faces)])
        # Rejections of a merged-away person now mean the merged person.
        for s in sources:
            self.catalog.execute("INSERT OR IGNORE INTO rejections(face_id, person_id) "
                                 "SELECT face_id, ? FROM rejections WHERE person_id=?", (target, s))
        self.catalog.execute(f"DELETE FROM people WHERE id IN ({_marks(sources)})", [_ids(sources)])

    def split(self, face_ids: Iterable[int], name: str | None = None) -> tuple[PersonId, Changes]:
        """The chosen faces become a new person; the faces left behind are confirmed where they are."""
        faces = self._existing_faces(face_ids)
        olds = self._persons_of(faces)
        chosen = set(faces)
        remaining = [f for f in self._faces_of(olds) if f not in chosen]
        new_id = self._next_id("people")
        clean = clean_name(name) if name else None

        def apply():
            self.catalog.execute("INSERT INTO people(id, name, created_by) VALUES(?, ?, 'user')", (new_id, clean))
            self._reject_from_current(faces)
            self.catalog.execute(f"UPDATE faces SET person_id=?, assigned_by='user' WHERE id IN ({_marks(faces)})",
                                 [new_id, _ids(faces)])
            self._lock_faces(remaining)

        changes = self._record("split", f"Split {len(faces)} faces into a new person", faces + remaining,
                               [*olds, new_id], apply)
        return PersonId(new_id), changes

    def move(self, face_ids: Iterable[int], person_id: int) -> Changes:
        faces = self._existing_faces(face_ids)
        self._require_person(person_id)
        olds = self._persons_of(faces)

        def apply():
            self._reject_from_current([f for f in faces if self.catalog.face(f).person_id != person_id])
            self.catalog.execute(f"DELETE FROM rejections WHERE person_id=? AND face_id IN ({_marks(faces)})",
                                 [person_id, _ids(faces)])
            self.catalog.execute(f"UPDATE faces SET person_id=?, assigned_by='user' WHERE id IN ({_marks(faces)})",
                                 [person_id, _ids(faces)])

        name = self.catalog.person(person_id).display_name
        return self._record("move", f"Move {len(faces)} faces to {name}", faces, [*olds, person_id], apply)

    def name_faces(self, face_ids: Iterable[int], name: str) -> tuple[PersonId, Changes]:
        """Give faces a name: to the person already called that, or to a new person."""
        existing = self.catalog.person_by_name(clean_name(name))
        if existing is not None:
            return existing.id, self.move(face_ids, existing.id)
        return self.split(face_ids, name)

    def reject(self, face_ids: Iterable[int]) -> Changes:
        """"Not this person": the faces leave their person and never return to it automatically."""
        faces = [f for f in self._existing_faces(face_ids) if self.catalog.face(f).person_id is not None]
        if not faces:
            raise OperationError("None of these faces belongs to a person.")
        olds = self._persons_of(faces)

        def apply():
            self._reject_from_current(faces)
            self.catalog.execute(f"UPDATE faces SET person_id=NULL, assigned_by=NULL WHERE id IN ({_marks(faces)})",
                                 [_ids(faces)])

        return self._record("reject", f"Not this person ({len(faces)} faces)", faces, olds, apply)

    def decline(self, face_ids: Iterable[int], person_id: int) -> Changes:
        """"Not <person>" for faces that are not in them (a "no" in the review queue)."""
        faces = self._existing_faces(face_ids)
        self._require_person(person_id)

        def apply():
            for f in faces:
                self.catalog.execute("INSERT OR IGNORE INTO rejections(face_id, person_id) VALUES(?, ?)", (f, person_id))
                self.catalog.execute("INSERT OR IGNORE INTO separations(face_id, other_face_id) "
                                     "SELECT ?, id FROM faces WHERE person_id=?", (f, person_id))

        name = self.catalog.person(person_id).display_name
        return self._record("decline", f"Not {name}", faces, [person_id], apply)

    def separate(self, person_a: int, person_b: int) -> Changes:
        """"Different people": the two are never suggested again, nor joined by a regroup.

        Kept face to face (an even spread of each side), so it outlives both groups being
        dissolved and rebuilt by a regroup or a rescan.
        """
        if int(person_a) == int(person_b):
            raise OperationError("Choose two different people.")
        self._require_person(person_a)
        self._require_person(person_b)
        side_a = _spread(sorted(self._faces_of([person_a])), DIFFERENT_SIDE)
        side_b = _spread(sorted(self._faces_of([person_b])), DIFFERENT_SIDE)
        if not side_a or not side_b:
            raise OperationError("Both people need faces to tell them apart.")

        def apply():
            self.catalog.db.executemany("INSERT OR IGNORE INTO separations(face_id, other_face_id) VALUES(?, ?)",
                                        [(a, b) for a in side_a for b in side_b])

        names = [self.catalog.person(p).display_name for p in (person_a, person_b)]
        # Only side_a's faces are recorded as changed: the separations hang on them, and undo
        # puts back exactly what they held.
        return self._record("different", f"{names[0]} and {names[1]} are different people", side_a,
                            [person_a, person_b], apply)

    def hide(self, person_id: int, hidden: bool = True) -> Changes:
        self._require_person(person_id)
        faces = self._faces_of([person_id])
        return self._record("hide" if hidden else "unhide", "Hide person" if hidden else "Show person", faces,
                            [person_id], lambda: (
                                self._lock_faces(faces),
                                self.catalog.execute("UPDATE people SET hidden=? WHERE id=?", (int(hidden), person_id)),
                            ))

    def set_cover(self, person_id: int, face_id: int) -> Changes:
        face = self.catalog.face(face_id)
        if face.person_id != person_id:
            raise OperationError("The cover must be one of the person's own faces.")
        return self._record("cover", "Set cover face", [], [person_id], lambda: self.catalog.execute(
            "UPDATE people SET cover_face_id=? WHERE id=?", (face_id, person_id)))

    def add_face(self, photo_id: int, box, person_id: int | None = None) -> tuple[FaceId, Changes]:
        """A face the detector missed, drawn by the user. Its embedding is made by the next scan."""
        x1, y1, x2, y2 = (float(v) for v in box)
        if x2 - x1 < 4 or y2 - y1 < 4:
            raise OperationError("Draw a box around the face, at least a few pixels wide.")
        self.catalog.photo(photo_id)
        face_id = self._next_id("faces")

        def apply():
            size = min(x2 - x1, y2 - y1)
            self.catalog.execute(
                "INSERT INTO faces(id, photo_id, x1, y1, x2, y2, score, size, quality, source, person_id, assigned_by) "
                "VALUES(?, ?, ?, ?, ?, ?, 1.0, ?, 0.5, 'user', ?, ?)",
                (face_id, photo_id, x1, y1, x2, y2, size, person_id, "user" if person_id else None))

        changes = self._record("add-face", "Add a face", [face_id], [person_id] if person_id else [], apply,
                               new_faces=[face_id])
        return FaceId(face_id), changes

    # -- undo / redo ----------------------------------------------------------------------
    def undo_status(self) -> tuple[str | None, str | None]:
        """(summary of what Undo would undo, summary of what Redo would redo)."""
        undo = self.catalog.execute("SELECT summary FROM corrections WHERE undone=0 ORDER BY id DESC LIMIT 1").fetchone()
        redo = self.catalog.execute("SELECT summary FROM corrections WHERE undone=1 ORDER BY id ASC LIMIT 1").fetchone()
        return (undo[0] if undo else None, redo[0] if redo else None)

    def undo(self) -> Changes:
        row = self.catalog.execute(
            "SELECT id, before, format FROM corrections WHERE undone=0 ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            raise OperationError("Nothing to undo.")
        with self.catalog.transaction():
            changes = self._apply_state(_read_state(row[1], row[2]))
            self.catalog.execute("UPDATE corrections SET undone=1 WHERE id=?", (row[0],))
        return changes

    def redo(self) -> Changes:
        row = self.catalog.execute(
            "SELECT id, after, format FROM corrections WHERE undone=1 ORDER BY id ASC LIMIT 1").fetchone()
        if row is None:
            raise OperationError("Nothing to redo.")
        with self.catalog.transaction():
            changes = self._apply_state(_read_state(row[1], row[2]))
            self.catalog.execute("UPDATE corrections SET undone=0 WHERE id=?", (row[0],))
        return changes

    def history(self) -> list[tuple[int, str, str, bool]]:
        return [(r[0], r[1], r[2], bool(r[3])) for r in self.catalog.execute(
            "SELECT id, at, summary, undone FROM corrections WHERE undone < 2 ORDER BY id")]

    # -- the recorded-correction machinery ------------------------------------------------
    def _record(self, kind: str, summary: str, faces: list[int], people: list[int], apply, *,
                rejection_people: list[int] = (), new_faces: list[int] = ()) -> Changes:
        faces = sorted(set(int(f) for f in faces))
        people = sorted(set(int(p) for p in people if p is not None))
        with self.catalog.transaction():
            before = self._state(faces, people, rejection_people, new_faces)
            apply()
            after = self._state(faces, people, rejection_people, new_faces)
            # A new correction ends the redo chain.
            self.catalog.execute("UPDATE corrections SET undone=2 WHERE undone=1")
            self.catalog.execute("INSERT INTO corrections(kind, summary, before, after, format) VALUES(?, ?, ?, ?, ?)",
                                 (kind, summary, json.dumps(before), json.dumps(after), STATE_FORMAT))
        return Changes(people=frozenset(people), faces=frozenset(faces))

    def _state(self, faces: list[int], people: list[int], rejection_people, new_faces) -> dict:
        """What a correction may change, read in a few set queries (a 40k-face merge reads 40k
        faces: one query each, and a JSON object each, held the catalog thread for seconds)."""
        db = self.catalog
        ids, person_ids, assigned = [], [], []
        for fid, pid, how in db.execute(
                f"SELECT id, person_id, assigned_by FROM faces WHERE id IN ({_marks(faces)}) ORDER BY id",
                [_ids(faces)]):
            ids.append(fid)
            person_ids.append(pid)
            assigned.append(how)
        present = set(ids)
        # A face drawn by the user is deleted by undo and made again by redo: its whole row is kept.
        drawn = {str(r[0]): dict(zip(_FACE_FIELDS, r[1:])) for r in db.execute(
            f"SELECT id, {', '.join(_FACE_FIELDS)} FROM faces WHERE id IN ({_marks(new_faces)})",
            [_ids(new_faces)])} if new_faces else {}
        people_state = {}
        for pid in people:
            row = db.execute(f"SELECT {', '.join(_PERSON_FIELDS)} FROM people WHERE id=?", (pid,)).fetchone()
            people_state[str(pid)] = dict(zip(_PERSON_FIELDS, row)) if row else None
        rejections = []
        if faces:
            rejections += [list(r) for r in db.execute(
                f"SELECT face_id, person_id FROM rejections WHERE face_id IN ({_marks(faces)})", [_ids(faces)])]
        if rejection_people:
            rp = list(rejection_people)
            rejections += [list(r) for r in db.execute(
                f"SELECT face_id, person_id FROM rejections WHERE person_id IN ({_marks(rp)})", [_ids(rp)])]
        separations = [list(r) for r in db.execute(
            f"SELECT face_id, other_face_id FROM separations WHERE face_id IN ({_marks(faces)})", [_ids(faces)])] \
            if faces else []
        return {"faces": {"id": ids, "person_id": person_ids, "assigned_by": assigned},
                "absent_faces": [f for f in faces if f not in present], "new_face_rows": drawn,
                "people": people_state, "separations": separations,
                "rejections": sorted({tuple(r) for r in rejections}), "rejection_people": list(rejection_people),
                "new_faces": list(new_faces)}

    def _apply_state(self, state: dict) -> Changes:
        db = self.catalog
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
            db.execute(f"DELETE FROM faces WHERE id IN ({_marks(absent)})", [_ids(absent)])
        for fid_s, row in state.get("new_face_rows", {}).items():
            db.execute(f"INSERT OR IGNORE INTO faces(id, quality, {', '.join(_FACE_FIELDS)}) "
                       f"VALUES(?, 0.5, {', '.join('?' * len(_FACE_FIELDS))})",
                       (int(fid_s), *(row[c] for c in _FACE_FIELDS)))
        # Faces deleted since (their photo left the library) stay deleted: the update finds no row.
        db.db.executemany("UPDATE faces SET person_id=?, assigned_by=? WHERE id=?",
                          zip(columns["person_id"], columns["assigned_by"], columns["id"]))
        faces = [*columns["id"], *state["absent_faces"]]
        # Covers point at faces, so they are set once the faces are back.
        for pid, row in people.items():
            if row is not None:
                cover = row["cover_face_id"]
                db.execute("UPDATE people SET cover_face_id=? WHERE id=? AND (? IS NULL OR EXISTS "
                           "(SELECT 1 FROM faces WHERE id=?))", (cover, int(pid), cover, cover))
        if faces:
            db.execute(f"DELETE FROM rejections WHERE face_id IN ({_marks(faces)})", [_ids(faces)])
            db.execute(f"DELETE FROM separations WHERE face_id IN ({_marks(faces)})", [_ids(faces)])
        db.db.executemany("INSERT OR IGNORE INTO separations(face_id, other_face_id) SELECT ?, ? WHERE EXISTS "
                          "(SELECT 1 FROM faces WHERE id=?) AND EXISTS (SELECT 1 FROM faces WHERE id=?)",
                          ((f, o, f, o) for f, o in state.get("separations", [])))
        rp = state.get("rejection_people", [])
        if rp:
            db.execute(f"DELETE FROM rejections WHERE person_id IN ({_marks(rp)})", [_ids(rp)])
        db.db.executemany("INSERT OR IGNORE INTO rejections(face_id, person_id) SELECT ?, ? WHERE EXISTS "
                          "(SELECT 1 FROM faces WHERE id=?) AND EXISTS (SELECT 1 FROM people WHERE id=?)",
                          ((f, p, f, p) for f, p in state["rejections"]))
        for pid, row in people.items():
            if row is None:
                db.execute("UPDATE faces SET person_id=NULL, assigned_by=NULL WHERE person_id=?", (int(pid),))
                db.execute("DELETE FROM people WHERE id=?", (int(pid),))
        return Changes(people=frozenset(int(p) for p in people), faces=frozenset(faces))

    # -- helpers --------------------------------------------------------------------------
    def _require_person(self, person_id: int) -> None:
        if self.catalog.execute("SELECT 1 FROM people WHERE id=?", (person_id,)).fetchone() is None:
            raise NotFound(f"No person with id {person_id}.")

    def _existing_faces(self, face_ids: Iterable[int]) -> list[int]:
        ids = sorted({int(f) for f in face_ids})
        if not ids:
            raise OperationError("Choose at least one face.")
        found = {r[0] for r in self.catalog.execute(f"SELECT id FROM faces WHERE id IN ({_marks(ids)})", [_ids(ids)])}
        missing = [f for f in ids if f not in found]
        if missing:
            raise NotFound(f"No face with id {missing[0]}.")
        return ids

    def _faces_of(self, person_ids: list[int]) -> list[int]:
        if not person_ids:
            return []
        return [r[0] for r in self.catalog.execute(
            f"SELECT id FROM faces WHERE person_id IN ({_marks(person_ids)})", [_ids(person_ids)])]

    def _persons_of(self, face_ids: list[int]) -> list[int]:
        return [r[0] for r in self.catalog.execute(
            f"SELECT DISTINCT person_id FROM faces WHERE person_id IS NOT NULL AND id IN ({_marks(face_ids)})",
            [_ids(face_ids)])]

    def _lock_faces(self, face_ids: list[int]) -> None:
        if face_ids:
            self.catalog.execute(f"UPDATE faces SET assigned_by='user' WHERE person_id IS NOT NULL "
                                 f"AND id IN ({_marks(face_ids)})", [_ids(face_ids)])

    def _reject_from_current(self, face_ids: list[int]) -> None:
        if not face_ids:
            return
        self.catalog.execute("INSERT OR IGNORE INTO rejections(face_id, person_id) SELECT id, person_id FROM faces "
                             f"WHERE person_id IS NOT NULL AND id IN ({_marks(face_ids)})", [_ids(face_ids)])
        # "These faces are not those": each face taken out is kept apart from the faces it leaves.
        # Pairs grow as taken x left, so each side is thinned to an even spread of SEPARATION_SIDE
        # faces: a regrouping cluster holding both sides still meets a pair, and splitting a
        # 40k-face person stays a second's work instead of millions of rows.
        chosen = set(face_ids)
        by_person: dict[int, list[int]] = {}
        for face_id, person_id in self.catalog.execute(
                f"SELECT id, person_id FROM faces WHERE person_id IS NOT NULL AND id IN ({_marks(face_ids)})",
                [_ids(face_ids)]):
            by_person.setdefault(person_id, []).append(face_id)
        for person_id, taken in by_person.items():
            left = [f for f in self._faces_of([person_id]) if f not in chosen]
            pairs = [(a, b) for a in _spread(sorted(taken)) for b in _spread(left)]
            self.catalog.db.executemany(
                "INSERT OR IGNORE INTO separations(face_id, other_face_id) VALUES(?, ?)", pairs)

    def _next_id(self, table: str) -> int:
        # The AUTOINCREMENT sequence: an id once used (even by a row undone since) never comes back.
        seq = self.catalog.execute("SELECT seq FROM sqlite_sequence WHERE name=?", (table,)).fetchone()
        top = self.catalog.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
        return max(seq[0] if seq else 0, top or 0) + 1


def _read_state(text: str, fmt: int) -> dict:
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
        raise OperationError(f"This correction was recorded by a newer FaceAlbum (format {fmt}): "
                             "update FaceAlbum to undo it.")
    return state


def _marks(items) -> str:
    """An IN list of ids as one parameter (pass ``_ids(items)``): SQLite caps a statement at 32,766
    parameters, and merging a person of 40k faces must not hit that."""
    return "SELECT value FROM json_each(?)"


SEPARATION_SIDE = 500
DIFFERENT_SIDE = 200  # "different people": up to 200 x 200 pairs, every face of groups that size


def _spread(items: list[int], most: int = SEPARATION_SIDE) -> list[int]:
    """At most ``most`` items, evenly spaced through the list (all of them when it is short)."""
    if len(items) <= most:
        return items
    step = len(items) / most
    return [items[int(i * step)] for i in range(most)]


def _ids(items) -> str:
    return json.dumps([int(i) for i in items])


def clean_name(name: str) -> str:
    """A person's name as it is stored (spaces collapsed); an empty or overlong one is refused."""
    name = " ".join(str(name).split())
    if not name:
        raise OperationError("A name cannot be empty.")
    if len(name) > 200:
        raise OperationError("That name is too long (200 characters at most).")
    return name
