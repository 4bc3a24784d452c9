"""People as the views read them: lists with counts, covers, names, what the user ruled out."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable

from ..errors import NotFound
from ..i18n import _
from ..records import Person, PersonId, UnknownCounts
from .rows import IN_IDS, json_ids


class PersonQueries:
    db: sqlite3.Connection  # from Connection

    def person(self, person_id: int) -> Person:
        people = self.people(ids=[person_id], include_hidden=True, include_empty=True)
        if not people:
            raise NotFound(_("No person with id {person_id}.").format(person_id=person_id))
        return people[0]

    def person_exists(self, person_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM people WHERE id=?", (person_id,)).fetchone() is not None

    def people(self, *, include_hidden: bool = True, include_empty: bool = False,
               ids: Iterable[int] | None = None) -> list[Person]:
        if ids is not None:
            # A few people: count their faces through the index, person by person.
            rows = self.db.execute(
                "SELECT p.id, p.name, p.hidden, p.cover_face_id, "
                "(SELECT COUNT(*) FROM faces WHERE person_id = p.id), "
                "(SELECT COUNT(DISTINCT photo_id) FROM faces WHERE person_id = p.id) "
                f"FROM people p WHERE p.id IN ({IN_IDS})"
                + ("" if include_hidden else " AND p.hidden = 0"), (json_ids(ids),)).fetchall()
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
        where = []
        if not include_hidden:
            where.append("p.hidden = 0")
        if not include_empty:
            where.append("s.n > 0")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY p.name IS NULL, p.name COLLATE NOCASE, s.n DESC, p.id"
        return [Person(PersonId(r[0]), r[1], bool(r[2]), r[3], r[4], r[5]) for r in self.db.execute(sql)]

    def person_by_name(self, name: str) -> Person | None:
        """The person of that name (ASCII letters in any case; Unicode compared composed)."""
        row = self.db.execute(
            "SELECT id FROM people WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1",
            (unicodedata.normalize("NFC", name),)).fetchone()
        return None if row is None else self.person(row[0])

    def person_names(self) -> dict[int, str | None]:
        return dict(self.db.execute("SELECT id, name FROM people").fetchall())

    def people_with_faces(self) -> int:
        return self.db.execute("SELECT COUNT(DISTINCT person_id) FROM faces WHERE person_id IS NOT NULL").fetchone()[0]

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

    # -- what the user ruled out ----------------------------------------------------------
    def separations(self) -> dict[int, set[int]]:
        """face -> faces the user said are someone else (symmetric)."""
        out: dict[int, set[int]] = {}
        for a, b in self.db.execute("SELECT face_id, other_face_id FROM separations"):
            out.setdefault(a, set()).add(b)
            out.setdefault(b, set()).add(a)
        return out

    def rejections(self) -> set[tuple[int, int]]:
        """(face, person it is not) for every "not this person"."""
        return {(f, p) for f, p in self.db.execute("SELECT face_id, person_id FROM rejections")}

    def separation_pairs(self, face_ids: Iterable[int]) -> list[tuple[int, int]]:
        """Separations with both faces among ``face_ids``."""
        ids = json_ids(face_ids)
        return self.db.execute(
            f"SELECT face_id, other_face_id FROM separations WHERE face_id IN ({IN_IDS}) "
            f"AND other_face_id IN ({IN_IDS})", (ids, ids)).fetchall()

    def rejection_pairs(self, face_ids: Iterable[int]) -> list[tuple[int, int]]:
        """(rejected face, a face now in the person it was rejected from), both among ``face_ids``."""
        ids = json_ids(face_ids)
        return self.db.execute(
            "SELECT r.face_id, f.id FROM rejections r JOIN faces f ON f.person_id = r.person_id "
            f"WHERE r.face_id IN ({IN_IDS}) AND f.id IN ({IN_IDS})", (ids, ids)).fetchall()
