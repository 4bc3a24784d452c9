"""Issue 2's main path on real photos and the real built-in models: scan → people → fix → export."""

from __future__ import annotations

import hashlib
import shutil

from facealbum.core.library import Library
from facealbum.core.scan.hashing import content_hash

from conftest import CELEB13, people_by_identity


def _pure_people(lib) -> dict[str, int]:
    """identity -> its person, for identities that are exactly one person holding nobody else."""
    groups = people_by_identity(lib)
    out = {}
    for ident in {i for counts in groups.values() for i in counts}:
        holders = [pid for pid, counts in groups.items() if ident in counts]
        if len(holders) == 1 and set(groups[holders[0]]) == {ident}:
            out[ident] = holders[0]
    return out


def test_celeb13_people_found(celeb13_library, celeb13_template):
    _, report = celeb13_template
    assert report.found == 61 and not report.errors
    pure = _pure_people(celeb13_library)
    print(f"\ncelebrities found as one pure person: {len(pure)}/13")
    assert len(pure) >= 12


def test_corrections_survive_rescan_and_regroup(celeb13_library, tmp_path):
    lib = celeb13_library
    pure = _pure_people(lib)
    people = lib.people
    # rename
    jolie = pure["Angelina_Jolie"]
    people.rename(jolie, "Angelina")
    # merge two different people (a user mistake is still the user's word)
    pitt_like, damon = pure["George_Clooney"], pure["Matt_Damon"]
    people.merge([damon], pitt_like)
    people.rename(pitt_like, "George and Matt")
    # split: two of Katy Perry's faces into a new person
    katy_faces = [f.id for f in lib.catalog.faces(person_id=pure["Katy_Perry"])]
    split_id, _ = people.split(katy_faces[:2], "Katy again")
    # move one face of Scarlett to Angelina
    moved = lib.catalog.faces(person_id=pure["Scarlett_Johansson"])[0].id
    people.move([moved], jolie)
    # not this person
    aniston = [f.id for f in lib.catalog.faces(person_id=pure["Jennifer_Aniston"])]
    rejected = aniston[0]
    people.reject([rejected])

    def check():
        assert lib.catalog.person(jolie).name == "Angelina"
        assert lib.catalog.face(moved).person_id == jolie
        assert lib.catalog.person(pitt_like).name == "George and Matt"
        merged_idents = people_by_identity(lib)[pitt_like]
        assert set(merged_idents) == {"George_Clooney", "Matt_Damon"}
        assert {f.id for f in lib.catalog.faces(person_id=split_id)} == set(katy_faces[:2])
        # "Not this person" holds even when a regroup dissolves and rebuilds that person.
        now = lib.catalog.face(rejected).person_id
        assert now is None or not {f.id for f in lib.catalog.faces(person_id=now)} & set(aniston[1:])

    check()
    report = lib.scan([CELEB13])
    assert report.model_work == 0 and report.unchanged == 61
    check()
    lib.regroup()
    check()
    lib.set_threshold(0.9)  # a much looser threshold still overrides nothing the user said
    lib.regroup()
    check()


def test_undo_redo_every_operation(celeb13_library):
    lib = celeb13_library
    pure = _pure_people(lib)
    people = lib.people
    a, b = pure["Elon_Musk"], pure["Jeff_Bezos"]
    faces_a = {f.id for f in lib.catalog.faces(person_id=a)}
    faces_b = {f.id for f in lib.catalog.faces(person_id=b)}
    people.merge([b], a)
    assert {f.id for f in lib.catalog.faces(person_id=a)} == faces_a | faces_b
    people.undo()
    assert {f.id for f in lib.catalog.faces(person_id=a)} == faces_a
    assert {f.id for f in lib.catalog.faces(person_id=b)} == faces_b
    people.redo()
    assert {f.id for f in lib.catalog.faces(person_id=a)} == faces_a | faces_b
    people.undo()
    new_id, _ = people.split([min(faces_a)], "Someone")
    people.undo()
    assert lib.catalog.face(min(faces_a)).person_id == a
    assert lib.catalog.execute("SELECT 1 FROM people WHERE id=?", (new_id,)).fetchone() is None
    people.redo()
    assert lib.catalog.face(min(faces_a)).person_id == new_id
    assert lib.catalog.person(new_id).name == "Someone"
    people.rename(a, "Elon")
    people.undo()
    assert lib.catalog.person(a).name is None
    assert people.undo_status()[1] == "Rename to Elon"


def test_export_writes_albums_once_and_never_overwrites(celeb13_library, tmp_path):
    lib = celeb13_library
    pure = _pure_people(lib)
    lib.people.rename(pure["Katy_Perry"], "Katy: Perry?")  # characters no file system likes
    lib.people.rename(pure["Elon_Musk"], "Elon")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in CELEB13.rglob("*.jpg")}
    dest = tmp_path / "albums"
    from facealbum.core.export import people_for_export

    ids = people_for_export(lib.catalog, all_named=True)
    first = lib.export(dest, ids)
    katy = dest / "Katy_ Perry_"
    assert katy.is_dir() and (dest / "Elon").is_dir()
    katy_photos = {lib.catalog.photo(f.photo_id).path for f in lib.catalog.faces(person_id=pure["Katy_Perry"])}
    assert first.written == len(katy_photos) + len({lib.catalog.photo(f.photo_id).path
                                                    for f in lib.catalog.faces(person_id=pure["Elon_Musk"])})
    assert len([p for p in katy.iterdir() if p.suffix == ".jpg"]) == len(katy_photos)
    assert (katy / "manifest.csv").read_text().count("\n") == len(katy_photos) + 1
    second = lib.export(dest, ids)
    assert second.written == 0 and second.already == first.written
    # A file of the user's own with a photo's name is never overwritten.
    victim = next(p for p in (dest / "Elon").iterdir() if p.suffix == ".jpg")
    victim.unlink()
    (dest / "Elon" / "manifest.csv").unlink()
    victim.write_bytes(b"mine")
    third = lib.export(dest, [pure["Elon_Musk"]])
    assert victim.read_bytes() == b"mine"
    n_elon = first.albums["Elon"]
    # Without its manifest the album looks new: every photo is written again, beside what is there.
    assert third.written == n_elon
    assert len(list((dest / "Elon").glob("*.jpg"))) == 2 * n_elon
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in CELEB13.rglob("*.jpg")}
    assert before == after


def test_moved_file_keeps_faces_and_corrections(tmp_path):
    photos = tmp_path / "photos"
    (photos / "a").mkdir(parents=True)
    for src in sorted((CELEB13 / "Katy_Perry").glob("*.jpg"))[:3]:
        shutil.copy2(src, photos / "a" / src.name)
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.scan([photos])
        # New photos are hashed by the worker that decodes them, from the very bytes it decodes.
        assert all(p.content_hash == content_hash(p.path) for p in lib.catalog.photos())
        person = lib.catalog.people()[0]
        lib.people.rename(person.id, "Katy")
        faces_before = {f.id: f.person_id for f in lib.catalog.faces()}
        (photos / "b").mkdir()
        moved = photos / "a" / "img2.jpg"
        if not moved.exists():
            moved = sorted((photos / "a").glob("*.jpg"))[0]
        target = photos / "b" / ("renamed-" + moved.name)
        moved.rename(target)
        newcomer = sorted((CELEB13 / "Katy_Perry").glob("*.jpg"))[3]
        shutil.copy2(newcomer, photos / "b" / newcomer.name)
        report = lib.scan([photos])
        assert report.moved == 1 and report.missing == 0
        assert report.new == 1 and report.model_work == 1  # only the newcomer is decoded
        faces_after = {f.id: f.person_id for f in lib.catalog.faces()}
        assert {fid: faces_after.get(fid) for fid in faces_before} == faces_before
        assert lib.catalog.photo_by_path(str(target)) is not None
        assert lib.catalog.person(person.id).name == "Katy"
        # A vanished file is marked missing, not erased.
        target.unlink()
        report = lib.scan([photos])
        assert report.missing == 1
        assert lib.catalog.photo_by_path(str(target)).status == "missing"
        assert len(lib.catalog.faces()) == len(faces_after)
