"""The catalog's migrations: an old catalog is upgraded in place, a newer one is refused."""

from __future__ import annotations

import sqlite3

import pytest

from facealbum.core.catalog import Catalog
from facealbum.core.catalog.schema import MIGRATIONS
from facealbum.core.errors import CatalogError


def test_version_1_catalog_is_migrated_keeping_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO photos(path, status) VALUES('/a.jpg', 'done')")
    conn.execute("INSERT INTO people(name) VALUES('Ann')")
    conn.execute("INSERT INTO faces(photo_id, x1, y1, x2, y2, person_id, assigned_by) VALUES(1, 0, 0, 9, 9, 1, 'user')")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    with Catalog(path) as cat:
        assert cat.schema_version == len(MIGRATIONS)
        indexes = {r[0] for r in cat.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"faces_person_photo", "faces_person_quality"} <= indexes
        [ann] = cat.people()
        assert ann.name == "Ann" and ann.face_count == 1 and ann.photo_count == 1
        assert cat.person(ann.id).face_count == 1
        assert cat.cover_faces() == {ann.id: 1}


def test_catalog_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(CatalogError, match="newer FaceAlbum"):
        Catalog(path)


def test_operations_on_more_faces_than_sqlite_takes_parameters(tmp_path):
    """A child photographed for years can hold 40k faces; SQLite caps a statement at 32,766
    parameters. Merging, splitting and undoing such a person must work all the same."""
    from facealbum.core.people import People

    with Catalog(tmp_path / "big.sqlite") as cat:
        n = 40_000
        with cat.transaction():
            cat.execute("INSERT INTO people(name) VALUES('Baby'), ('Kid')")
            cat.db.executemany("INSERT INTO photos(path, status) VALUES(?, 'done')", [(f"/p/{i}.jpg",) for i in range(n)])
            cat.db.executemany("INSERT INTO faces(photo_id, x1, y1, x2, y2, person_id, assigned_by) "
                               "VALUES(?, 0, 0, 9, 9, ?, 'auto')", [(i + 1, 1 + i % 2) for i in range(n)])
        people = People(cat)
        baby, kid = (p.id for p in cat.people())
        people.merge([baby], kid)
        assert cat.person(kid).face_count == n
        moved = [f.id for f in cat.faces(person_id=kid)][: n - 100]
        assert len(cat.faces(ids=moved)) == len(moved)
        new_id, _ = people.split(moved, "Teen")
        assert cat.person(new_id).face_count == len(moved)
        # Kept apart, but thinned: taken x left pairs would be ~4M rows here.
        assert 0 < cat.execute("SELECT COUNT(*) FROM separations").fetchone()[0] <= 500 * 500
        people.undo()
        people.undo()
        assert {p.name: p.face_count for p in cat.people()} == {"Baby": n // 2, "Kid": n // 2}
