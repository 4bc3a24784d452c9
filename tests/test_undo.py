"""Undo and redo of every people operation, and of corrections recorded before a schema migration.

Each operation runs on the real celeb13 library; the whole user-visible state (every face's
person and how it got there, every person's fields, rejections, separations) must be exactly
what it was after undo, and exactly what the operation made after redo.
"""

from __future__ import annotations

import json
import sqlite3

from facealbum.core.catalog.schema import MIGRATIONS
from facealbum.core.library import Library

from conftest import people_by_identity


def _state(lib) -> dict:
    db = lib.catalog
    return {
        "faces": db.execute("SELECT id, person_id, assigned_by, photo_id, x1, y1, x2, y2, source FROM faces "
                            "ORDER BY id").fetchall(),
        "people": db.execute("SELECT id, name, hidden, cover_face_id, created_by FROM people ORDER BY id").fetchall(),
        "rejections": db.execute("SELECT face_id, person_id FROM rejections ORDER BY 1, 2").fetchall(),
        "separations": db.execute("SELECT face_id, other_face_id FROM separations ORDER BY 1, 2").fetchall(),
    }


def _pure(lib) -> dict[str, int]:
    groups = people_by_identity(lib)
    return {next(iter(c)): pid for pid, c in groups.items() if len(c) == 1
            and sum(1 for other in groups.values() if next(iter(c)) in other) == 1}


def _operations(lib):
    """(name, set-up or None, operation) for every correction the window and the CLI can make."""
    pure = _pure(lib)
    elon, bezos, katy = pure["Elon_Musk"], pure["Jeff_Bezos"], pure["Katy_Perry"]
    faces = {ident: sorted(f.id for f in lib.catalog.faces(person_id=pid)) for ident, pid in pure.items()}
    photo = lib.catalog.photo(lib.catalog.face(faces["Elon_Musk"][0]).photo_id)
    people = lib.people
    return [
        ("rename", None, lambda: people.rename(elon, "Elon")),
        ("name merges into a taken name", lambda: people.rename(bezos, "Jeff"), lambda: people.name([katy], "Jeff")),
        ("name several groups", None, lambda: people.name([elon, bezos], "Two")),
        ("merge", None, lambda: people.merge([bezos], elon)),
        ("split", None, lambda: people.split(faces["Katy_Perry"][:2], "Katy's sister")),
        ("move", None, lambda: people.move(faces["Katy_Perry"][:1], elon)),
        ("name faces", None, lambda: people.name_faces(faces["Katy_Perry"][:1], "Someone new")),
        ("not this person", None, lambda: people.reject(faces["Elon_Musk"][:2])),
        ("not this one (review)", None, lambda: people.decline(faces["Katy_Perry"][:1], elon)),
        ("different people", None, lambda: people.separate(elon, bezos)),
        ("hide", None, lambda: people.hide(elon)),
        ("show", lambda: people.hide(elon), lambda: people.hide(elon, False)),
        ("cover", None, lambda: people.set_cover(elon, faces["Elon_Musk"][-1])),
        ("draw a face", None, lambda: people.add_face(photo.id, (1, 1, 30, 30), elon)),
    ]


def test_undo_and_redo_restore_every_operation_exactly(celeb13_library):
    lib = celeb13_library
    names = [name for name, _, _ in _operations(lib)]
    assert len(names) >= 10
    for name in names:
        _, setup, op = next(o for o in _operations(lib) if o[0] == name)
        if setup is not None:
            setup()
        before = _state(lib)
        op()
        after = _state(lib)
        assert after != before, name
        lib.people.undo()
        assert _state(lib) == before, f"undo of {name}"
        lib.people.redo()
        assert _state(lib) == after, f"redo of {name}"
        lib.people.undo()
        assert _state(lib) == before, f"undo of {name}, again"
        if setup is not None:
            lib.people.undo()  # the set-up too: every operation starts from the scanned library


def test_naming_with_a_taken_name_is_one_step(celeb13_library):
    lib = celeb13_library
    pure = _pure(lib)
    elon, bezos, katy = pure["Elon_Musk"], pure["Jeff_Bezos"], pure["Katy_Perry"]
    lib.people.rename(elon, "Ann")
    before = _state(lib)
    target, _ = lib.people.name([bezos, katy], "Ann")
    assert target == elon
    assert {f.person_id for f in lib.catalog.faces() if f.person_id in (elon, bezos, katy)} == {elon}
    assert lib.catalog.person_by_name("Ann").id == elon and len([p for p in lib.catalog.people() if p.name == "Ann"]) == 1
    assert lib.people.undo_status()[0] == "Name 2 groups Ann (merged)"
    lib.people.undo()  # one step takes all of it back
    assert _state(lib) == before
    assert lib.people.undo_status()[0] == "Rename to Ann"


def _as_format_1(state: dict, db) -> dict:
    """A state as FaceAlbum wrote it before schema 3: one positional list per face and person."""
    fixed = ("photo_id", "x1", "y1", "x2", "y2", "size", "source")
    people = ("name", "hidden", "cover_face_id", "created_by", "created_at")
    faces = {}
    columns = state["faces"]
    for fid, pid, how in zip(columns["id"], columns["person_id"], columns["assigned_by"]):
        drawn = state["new_face_rows"].get(str(fid))
        rest = [drawn[c] for c in fixed] if drawn else list(db.execute(
            f"SELECT {', '.join(fixed)} FROM faces WHERE id=?", (fid,)).fetchone())
        faces[str(fid)] = [pid, how, *rest]
    for fid in state["absent_faces"]:
        faces[str(fid)] = None
    out = {k: v for k, v in state.items() if k not in ("absent_faces", "new_face_rows")}
    out["faces"] = faces
    out["people"] = {p: None if row is None else [row[c] for c in people] for p, row in state["people"].items()}
    return out


def test_undo_across_a_schema_migration(celeb13_library):
    """Corrections recorded by a FaceAlbum of schema 2 are undone and redone after migrating."""
    lib = celeb13_library
    pure = _pure(lib)
    elon, bezos, katy = pure["Elon_Musk"], pure["Jeff_Bezos"], pure["Katy_Perry"]
    katy_faces = sorted(f.id for f in lib.catalog.faces(person_id=katy))
    states = [_state(lib)]
    lib.people.merge([bezos], elon)
    states.append(_state(lib))
    lib.people.split(katy_faces[:2], "Sister")
    states.append(_state(lib))
    lib.people.add_face(lib.catalog.face(katy_faces[0]).photo_id, (2, 2, 40, 40), katy)
    states.append(_state(lib))
    path = lib.path
    lib.close()
    # Turn the catalog into what schema 2 wrote: no format column, positional rows.
    db = sqlite3.connect(path)
    rows = db.execute("SELECT id, before, after FROM corrections").fetchall()
    db.execute("ALTER TABLE corrections DROP COLUMN format")
    db.execute("ALTER TABLE photos DROP COLUMN names_stamp")  # schema 4's
    db.execute("DROP TABLE sidecars")
    for cid, before, after in rows:
        db.execute("UPDATE corrections SET before=?, after=? WHERE id=?",
                   (json.dumps(_as_format_1(json.loads(before), db)), json.dumps(_as_format_1(json.loads(after), db)),
                    cid))
    db.execute("PRAGMA user_version=2")
    db.commit()
    db.close()
    with Library(path) as lib:
        assert lib.catalog.schema_version == len(MIGRATIONS)
        assert {r[0] for r in lib.catalog.execute("SELECT format FROM corrections")} == {1}
        for state in reversed(states[:-1]):
            lib.people.undo()
            assert _state(lib) == state
        for state in states[1:]:
            lib.people.redo()
            assert _state(lib) == state
        lib.people.rename(elon, "Elon")  # new corrections are written in today's layout
        assert lib.catalog.execute("SELECT format FROM corrections ORDER BY id DESC LIMIT 1").fetchone()[0] == 2


def test_undo_reads_in_the_language_chosen_when_it_is_shown(celeb13_library):
    """A summary is kept as its message and values, and put into words when Undo shows it: chosen
    Japanese after the correction, Undo reads Japanese. One kept as text before that stays as
    it was."""
    from facealbum.core import i18n

    lib = celeb13_library
    pure = _pure(lib)
    lib.catalog.record_correction("rename", "Rename to Old", {}, {})  # as kept before: plain text
    assert lib.people.undo_status()[0] == "Rename to Old"
    lib.people.rename(pure["Elon_Musk"], "Ann")
    lib.people.name([pure["Jeff_Bezos"], pure["Katy_Perry"]], "Ann")
    assert lib.people.undo_status()[0] == "Name 2 groups Ann (merged)"
    i18n.set_language("ja")
    try:
        assert lib.people.undo_status()[0] == "2 個のグループに Ann と名前を付ける（統合）"
        assert [h[2] for h in lib.people.history()][-2:] == ["名前を Ann に変更", "2 個のグループに Ann と名前を付ける（統合）"]
        lib.people.undo()
        lib.people.undo()
        assert lib.people.undo_status() == ("Rename to Old", "名前を Ann に変更")
    finally:
        i18n.set_language("en")
