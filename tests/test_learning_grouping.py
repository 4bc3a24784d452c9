"""Issue 4: corrections are constraints that nothing overrides; incremental assignment; review."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path


from facealbum.core.library import Library
from facealbum.core.incremental_grouping import assign_new
from facealbum.core.review import answer, review_queue

from conftest import LFW

IDENTITIES = sorted(p.name for p in LFW.iterdir() if p.is_dir() and len(list(p.iterdir())) >= 3)


def _link_subset(target: Path, identities: list[str]) -> None:
    for ident in identities:
        (target / ident).mkdir(parents=True, exist_ok=True)
        for photo in sorted((LFW / ident).iterdir()):
            link = target / ident / photo.name
            if not link.exists():
                os.symlink(photo, link)


def _labeled(lib, root: Path) -> dict[int, str]:
    from facealbum.core.evaluation import labeled_faces

    return dict(labeled_faces(lib.catalog, root))


def _apply_truth(lib, truth: dict[int, str]) -> dict:
    """What a careful user does: merge split people, move strays home, 'not this person' the rest, name all."""
    cat, people = lib.catalog, lib.people
    groups: dict[int, list[int]] = defaultdict(list)
    for face, ident in truth.items():
        pid = cat.face(face).person_id
        if pid is not None:
            groups[pid].append(face)
    homes: dict[str, list[int]] = defaultdict(list)
    for pid, faces in groups.items():
        homes[Counter(truth[f] for f in faces).most_common(1)[0][0]].append(pid)
    for ident, pids in homes.items():
        if len(pids) > 1:
            people.merge(pids[1:], pids[0])
        homes[ident] = [pids[0]]
    for face, ident in truth.items():
        pid = cat.face(face).person_id
        if pid is None:
            continue
        home = homes.get(ident, [None])[0]
        majority = next(i for i, p in homes.items() if p[0] == pid) if any(p[0] == pid for p in homes.values()) else None
        if majority == ident:
            continue
        if home is not None:
            people.move([face], home)
        else:
            people.reject([face])
    for ident, (pid,) in homes.items():
        people.rename(pid, ident)
    locked = {f.id: f.person_id for f in cat.faces() if f.assigned_by == "user"}
    return {"locked": locked, "rejections": cat.rejections(), "separations": cat.separations(),
            "names": {p.id: p.name for p in cat.people() if p.name}}


def _check(lib, expected: dict) -> None:
    cat = lib.catalog
    now = {f.id: f for f in cat.faces()}
    lost = [f for f, p in expected["locked"].items() if now[f].person_id != p]
    assert not lost, f"{len(lost)} corrections lost"
    for face, person in expected["rejections"]:
        assert now[face].person_id != person
    for face, others in expected["separations"].items():
        if now[face].person_id is not None:
            assert all(now[o].person_id != now[face].person_id for o in others)
    names = {p.id: p.name for p in cat.people(include_empty=True) if p.name}
    for pid, name in expected["names"].items():
        assert names.get(pid) == name
    per_person_photo = Counter((f.person_id, f.photo_id) for f in now.values() if f.person_id is not None)
    assert max(per_person_photo.values(), default=1) == 1, "a person holds two faces of one photo"


def test_simulated_user_on_lfw(tmp_path):
    root = tmp_path / "lfw"
    first, later = IDENTITIES[:120], IDENTITIES[120:150]
    _link_subset(root, first)
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.scan([root])
        truth = _labeled(lib, root)
        expected = _apply_truth(lib, truth)
        assert expected["locked"]
        _check(lib, expected)
        lib.regroup()  # regroup from scratch
        _check(lib, expected)
        assert lib.scan([root]).model_work == 0  # rescan
        _check(lib, expected)
        _link_subset(root, later)  # more photos
        report = lib.scan([root])
        assert report.new > 0
        _check(lib, expected)
        for t in (0.4, 0.8):  # a changed threshold
            lib.set_threshold(t)
            lib.regroup()
            _check(lib, expected)
        # The new photos' people were grouped among themselves and into the named people.
        new_truth = {f: i for f, i in _labeled(lib, root).items() if i in later}
        grouped = sum(1 for f in new_truth if lib.catalog.face(f).person_id is not None)
        assert grouped / len(new_truth) > 0.8


def test_incremental_assignment_and_review(tmp_path):
    root = tmp_path / "lfw"
    _link_subset(root, IDENTITIES[:40])
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.scan([root])
        truth = _labeled(lib, root)
        _apply_truth(lib, truth)
        named_before = {p.id for p in lib.catalog.people() if p.name}
        # New photos of known people: copies under new names are new faces for the same people.
        extra = tmp_path / "extra"
        extra.mkdir()
        for ident in IDENTITIES[:40]:
            photo = sorted((LFW / ident).iterdir())[0]
            (extra / f"{ident}-again.jpg").write_bytes(photo.read_bytes()[:-1] + b"\xd9")
        lib.scan([extra], group=False)
        # Before any assignment the new faces are unassigned and close to their named person: the
        # queue must ask "is this X?" about them.
        queue = review_queue(lib.catalog, lib.model_id, lib.threshold(), strict=lib.default_threshold())
        assert all(q.kind in ("same-person", "is-this", "name-group") for q in queue)
        asked = sorted((q for q in queue if q.kind == "is-this" and "/extra/" in lib.catalog.photo(
            lib.catalog.face(q.face_id).photo_id).path), key=lambda q: q.distance)
        assert asked
        q = asked[0]  # the main face of a copy (LFW photos also hold strangers in the background)
        assert lib.catalog.person(q.person_id).name in Path(lib.catalog.photo(lib.catalog.face(q.face_id).photo_id).path).name
        answer(lib.people, q, "no")
        assert (q.face_id, q.person_id) in lib.catalog.rejections()
        again = review_queue(lib.catalog, lib.model_id, lib.threshold(), strict=lib.default_threshold())
        assert not any(a.face_id == q.face_id and a.person_id == q.person_id for a in again)
        lib.people.undo()
        assert (q.face_id, q.person_id) not in lib.catalog.rejections()
        answer(lib.people, q, "yes")
        assert lib.catalog.face(q.face_id).person_id == q.person_id
        report = assign_new(lib.catalog, lib.model_id, lib.threshold(), strict=lib.default_threshold())  # as the library calls it
        assert report.joined >= 30
        for face in lib.catalog.faces():
            photo = lib.catalog.photo(face.photo_id).path
            if "/extra/" in photo and face.person_id in named_before:
                assert lib.catalog.person(face.person_id).name in Path(photo).name


def test_large_library_clusters_through_components():
    """Past the dense limit the clustering goes through the neighbour graph, with the same answer."""
    import numpy as np

    from facealbum.core import grouping
    from facealbum.core.evaluation import bcubed

    rng = np.random.default_rng(0)
    centres = rng.standard_normal((300, 128)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    labels = rng.integers(0, 300, 3000)
    v = centres[labels] + 0.06 * rng.standard_normal((3000, 128)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    dense = grouping.cluster(v, 0.55)
    old = grouping.DENSE_LIMIT
    grouping.DENSE_LIMIT = 500
    try:
        sparse = grouping.cluster(v, 0.55)
    finally:
        grouping.DENSE_LIMIT = old
    assert bcubed(dense.tolist(), sparse.tolist())[2] > 0.999
    assert bcubed(labels.tolist(), sparse.tolist())[2] > 0.99


def test_two_nearest_people_is_the_nearest_prototype_of_each_person():
    """The block-at-a-time search gives what the full faces x people matrix gives."""
    import numpy as np

    from facealbum.core.incremental_grouping import two_nearest_people

    rng = np.random.default_rng(3)
    faces = rng.standard_normal((2500, 16)).astype(np.float32)
    faces /= np.linalg.norm(faces, axis=1, keepdims=True)
    protos = rng.standard_normal((40, 16)).astype(np.float32)
    protos /= np.linalg.norm(protos, axis=1, keepdims=True)
    owners = rng.choice([7, 11, 12, 30, 31], size=40)
    first, d1, second, d2 = two_nearest_people(faces, protos, owners, block=256)
    people = np.unique(owners)
    full = np.stack([1.0 - (faces @ protos[owners == p].T).max(1) for p in people], axis=1)
    order = np.argsort(full, axis=1)
    assert (first == people[order[:, 0]]).all() and (second == people[order[:, 1]]).all()
    assert np.allclose(d1, full[np.arange(len(faces)), order[:, 0]], atol=1e-6)
    assert np.allclose(d2, full[np.arange(len(faces)), order[:, 1]], atol=1e-6)
    alone, d, runner, far = two_nearest_people(faces[:5], protos[:3], np.array([4, 4, 4]))
    assert (alone == 4).all() and (runner == -1).all() and (far == 2.0).all()
