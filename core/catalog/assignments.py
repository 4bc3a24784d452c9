"""What automatic grouping writes: people it makes, faces it places, groups it empties."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..records import PersonId
from .rows import inserted_id


class AssignmentStore:
    db: sqlite3.Connection  # from Connection

    def reusable_people(self) -> set[PersonId]:
        """Groups grouping made and may rebuild: unnamed, shown, with no face the user placed."""
        return {r[0] for r in self.db.execute(
            "SELECT p.id FROM people p WHERE p.name IS NULL AND p.hidden = 0 AND p.created_by = 'auto' "
            "AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id AND f.assigned_by = 'user')")}

    def add_auto_person(self) -> PersonId:
        return PersonId(inserted_id(self.db.execute("INSERT INTO people(created_by) VALUES('auto')")))

    def write_auto_assignments(self, updates: Iterable[tuple[int | None, str | None, int]]) -> None:
        """(person or None, 'auto' or None, face) for faces the grouping moves; a face the user
        placed after the plan was read stays exactly where it is."""
        self.db.executemany("UPDATE faces SET person_id=?, assigned_by=? WHERE id=? "
                            "AND (assigned_by IS NULL OR assigned_by = 'auto')", updates)

    def join_unassigned(self, pairs: Iterable[tuple[int, int]]) -> None:
        """(person, face): faces still in no person join them, marked automatic."""
        self.db.executemany("UPDATE faces SET person_id=?, assigned_by='auto' WHERE id=? AND person_id IS NULL",
                            pairs)

    def delete_empty_auto_people(self) -> None:
        self.db.execute(
            "DELETE FROM people WHERE name IS NULL AND hidden = 0 AND created_by = 'auto' "
            "AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = people.id)")
