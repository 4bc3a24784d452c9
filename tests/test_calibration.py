"""Issue 11: grouping that calibrates itself per library, merge suggestions, the simulated user.

Real photos, real models: blackpink (four Korean women, where the LFW-tuned threshold splits
each person into many groups) and a slice of lfw-dev (Western adults, where it is right).
"""

from __future__ import annotations

import os
from pathlib import Path

from facealbum.core import evaluation as ev
from facealbum.core.library import Library
from facealbum.core.review import answer, review_queue
from facealbum.core.simulation import simulate

from conftest import BLACKPINK, CELEB13, GROUP_PHOTOS, LFW, t1_path


def _truth(lib, root):
    return dict(ev.labeled_faces(lib.catalog, root))


def _f(lib, truth):
    faces = list(truth)
    return ev.score("", [truth[f] for f in faces], ev.predicted_people(lib.catalog, faces))


def test_blackpink_calibrates_looser_than_lfw(blackpink_library, tmp_path):
    lib = blackpink_library
    found = lib.calibration()
    assert found is not None and found.source == "library"
    assert found.threshold >= lib.default_threshold() + 0.1, found.describe()
    s = _f(lib, _truth(lib, BLACKPINK))
    assert s.bcubed_f >= 0.95 and s.clusters <= 8, s  # 0.808 and 45 groups at the fixed default

    root = tmp_path / "lfw"
    identities = sorted(p.name for p in LFW.iterdir() if p.is_dir() and len(os.listdir(p)) >= 4)[:150]
    for ident in identities:
        (root / ident).mkdir(parents=True)
        for photo in sorted((LFW / ident).iterdir()):
            os.symlink(photo, root / ident / photo.name)
    with Library(tmp_path / "lfw.sqlite") as lfw:
        lfw.scan([root])
        assert lfw.calibration().threshold < found.threshold
        assert lfw.threshold() == lfw.calibration().threshold
        assert _f(lfw, _truth(lfw, root)).bcubed_f >= 0.98


def test_a_library_of_few_faces_cuts_looser_than_a_large_one(celeb13_library, blackpink_library):
    """celeb13's 61 faces of 13 people: few strangers to confuse anyone with, so calibration takes a
    looser cut than the pack's (the silhouette alone keeps 0.56), and says why; every person stays
    whole and apart. The same faces as a library of 10,000 would keep the pack's cut. blackpink,
    four people in 1,135 faces, gets no looser from it: its pairs are a quarter one person."""
    from facealbum.core.calibration import few_faces_cut

    lib = celeb13_library
    lib.regroup()
    found = lib.calibration()
    default = lib.default_threshold()
    assert found.few_faces is not None and found.threshold > default, found
    assert "looser than the pack's" in found.describe()
    s = _f(lib, _truth(lib, CELEB13))
    assert s.bcubed_f == 1.0 and s.clusters == 13, s
    _ids, vectors = lib.catalog.embeddings(lib.model_id)
    assert few_faces_cut(vectors, len(vectors)) > default > few_faces_cut(vectors, 10_000)
    _ids, pink = blackpink_library.catalog.embeddings(blackpink_library.model_id)
    assert few_faces_cut(pink, len(pink)) < default
    assert blackpink_library.calibration().few_faces is None


def test_the_windows_scan_ends_grouped_as_a_scan_grouped_at_its_end(blackpink_library, tmp_path):
    """The window groups the faces found so far while it scans, placing later ones incrementally;
    at the scan's end the faces it added are regrouped with everyone (they had stayed placed
    incrementally: blackpink F 0.82, one woman in two groups, 140 of her faces with another)."""
    once = _f(blackpink_library, _truth(blackpink_library, BLACKPINK))
    reports = []
    with Library(tmp_path / "live.sqlite") as live:
        live.scan([BLACKPINK], group_every_s=0.0, grouped=reports.append)
        assert len(reports) >= 3  # while it ran, and at its end
        s = _f(live, _truth(live, BLACKPINK))
    assert s.bcubed_f >= once.bcubed_f - 0.005 and s.clusters <= once.clusters, (s, once)


def test_threshold_set_by_hand_wins(blackpink_library):
    lib = blackpink_library
    lib.set_threshold(0.56)
    lib.regroup()
    assert lib.threshold() == 0.56
    assert _f(lib, _truth(lib, BLACKPINK)).clusters > 8
    lib.set_threshold(None)
    lib.regroup()
    assert lib.threshold() == lib.calibration().threshold > 0.6


def test_answers_become_the_calibration(blackpink_library, monkeypatch):
    """Names are labelled pairs: with enough of them the threshold comes from the answers, which
    are then a second witness for how far any merge may be trusted (ANSWERED_EXCESS_SHARE)."""
    import dataclasses

    from facealbum.core import calibration

    shares = []
    real = calibration.excess_cut
    monkeypatch.setattr(calibration, "excess_cut", lambda v, c, share: shares.append(share) or real(v, c, share))
    lib = blackpink_library
    truth = _truth(lib, BLACKPINK)
    for person in lib.catalog.people():
        idents = [truth[f.id] for f in lib.catalog.faces(person_id=person.id) if f.id in truth]
        if len(idents) >= 10:
            lib.people.rename(person.id, max(set(idents), key=idents.count) + f" {person.id}")
    lib.regroup()
    found = lib.calibration()
    assert found.source == "answers" and found.must_pairs >= 20 and found.cannot_pairs >= 20
    assert "labelled pairs" in found.describe()
    assert sum(found.genuine_hist) and sum(found.impostor_hist)
    assert shares[-1] == calibration.ANSWERED_EXCESS_SHARE < calibration.EXCESS_SHARE
    trusting = dataclasses.replace(found, excess=0.66)
    assert found.threshold > 0.66 and trusting.trusted == 0.66, found
    assert "your answers cut at least that far" in trusting.describe()
    assert dataclasses.replace(found, excess=0.66, threshold=found.default).trusted is None


def test_no_to_a_merge_survives_regroup_and_rescan(blackpink_library):
    lib = blackpink_library
    lib.set_threshold(0.56)  # the LFW-tuned cut: each woman in several groups, so there is a question
    lib.regroup()
    queue = [q for q in review_queue(lib.catalog, lib.model_id, lib.threshold()) if q.kind == "same-person"]
    assert queue, "fragments of one person must give merge suggestions"
    q = queue[0]
    a_faces = {f.id for f in lib.catalog.faces(person_id=q.person_id)}
    b_faces = {f.id for f in lib.catalog.faces(person_id=q.other_id)}
    answer(lib.people, q, "no")

    def still_apart():
        for face in lib.catalog.faces():
            if face.id in a_faces and face.person_id is not None:
                others = {f.id for f in lib.catalog.faces(person_id=face.person_id)}
                assert not (others & b_faces), "a 'no' was undone by grouping"
        pairs = {(x.person_id, x.other_id) for x in review_queue(lib.catalog, lib.model_id, lib.threshold())
                 if x.kind == "same-person"}
        persons_a = {lib.catalog.face(f).person_id for f in a_faces} - {None}
        persons_b = {lib.catalog.face(f).person_id for f in b_faces} - {None}
        assert not any((x in persons_a and y in persons_b) or (x in persons_b and y in persons_a) for x, y in pairs)

    still_apart()
    lib.set_threshold(0.9)  # loose enough to join anyone
    lib.regroup()
    still_apart()
    lib.set_threshold(None)
    assert lib.scan([BLACKPINK]).model_work == 0
    lib.regroup()
    still_apart()
    # Undo takes the "no" back; yes then merges.
    lib.set_threshold(0.56)
    lib.regroup()
    lib.people.undo()
    queue = [q for q in review_queue(lib.catalog, lib.model_id, lib.threshold()) if q.kind == "same-person"]
    q = queue[0]
    answer(lib.people, q, "yes")
    assert lib.catalog.execute("SELECT 1 FROM people WHERE id=?", (q.person_id,)).fetchone() is None
    assert all(lib.catalog.face(f).person_id == q.other_id for f in q.faces)


def test_simulated_user_needs_fewer_actions_when_calibrated(blackpink_library):
    lib = blackpink_library
    truth = _truth(lib, BLACKPINK)
    calibrated = simulate(lib, truth)
    lib.people.catalog.execute("DELETE FROM corrections")
    with Library(lib.path.with_name("fixed.sqlite")) as fixed:
        lib.catalog.db.backup(fixed.catalog.db)
    with Library(lib.path.with_name("fixed.sqlite")) as fixed:
        # Start again from the scan: no corrections, the fixed default threshold.
        fixed.catalog.execute("DELETE FROM separations")
        fixed.catalog.execute("DELETE FROM rejections")
        fixed.catalog.execute("UPDATE faces SET person_id=NULL, assigned_by=NULL")
        fixed.catalog.execute("DELETE FROM people")
        fixed.set_threshold(fixed.default_threshold())
        fixed.regroup()
        baseline = simulate(fixed, _truth(fixed, BLACKPINK))
    assert calibrated.final_f >= 0.95 and baseline.final_f >= 0.95
    assert calibrated.actions < baseline.actions, (calibrated, baseline)
    assert calibrated.curve[0][1] > baseline.curve[0][1]
    assert calibrated.actions_per_face <= 0.03
    # The target on blackpink: 0.02 answers and fixes per face, the names aside (0.0185:
    # 5 answers, 16 fixes, with the cut that protects people photographed once or twice, below).
    assert calibrated.corrections_per_face <= 0.02, calibrated


def test_a_second_group_of_a_named_person_is_a_merge_not_a_name(celeb13_library):
    """The effort beyond naming each person once counts a person split in two: giving the second
    group the name is a merge (edits_needed counts it so too), not one more free name."""
    lib = celeb13_library
    lib.regroup()
    truth = _truth(lib, CELEB13)
    whole = max(lib.catalog.people(), key=lambda p: p.face_count)
    faces = [f.id for f in lib.catalog.faces(person_id=whole.id)]
    half = lib.catalog.add_auto_person()
    with lib.catalog.transaction():
        lib.catalog.write_auto_assignments([(half, "auto", f) for f in faces[:2]])
    people = len({truth[f] for f in truth})
    sim = simulate(lib, truth, max_answers=0)
    assert (sim.names, sim.merges) == (people, 1), sim
    assert sim.fixes == 0 and sim.final_f == 1.0
    assert sim.corrections_per_face == 1 / sim.faces


def test_each_answer_is_one_vote_however_many_faces_it_spans():
    """A "yes" that merged two big groups must not outvote many "no"s about small ones: on lfw-dev,
    counting face pairs half and half let 8 yeses near the boundary loosen the threshold from 0.56
    to 0.60, and the grouping then needed 135 fixes instead of 94 (README "Grouping"). Groups A and
    B of 20 faces are 0.6 apart, C is far from both. One answer says A and B are one person; forty
    say they are two (a pair each); one says A and C are two (400 pairs, right at any cut)."""
    import numpy as np

    from facealbum.core.calibration import _Evidence, _score_candidates, pick

    rng = np.random.default_rng(0)
    base = np.zeros((3, 64))
    base[0, 0] = 1.0
    base[1, 0], base[1, 1] = 0.4, np.sqrt(1 - 0.4 ** 2)  # cosine 0.4 to A: distance 0.6
    base[2, 2] = 1.0
    v = np.repeat(base, 20, axis=0) + rng.normal(0, 0.01, (60, 64))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    a_b = [(a, b) for a in range(20) for b in range(20, 40)]
    a_c = [(a, c) for a in range(20) for c in range(40, 60)]
    evidence = _Evidence(np.arange(60), v, a_b, a_b[:40] + a_c, [], [0] * 400, list(range(1, 41)) + [41] * 400)
    # Counting pairs (each kind half) chose 0.7, A and B together; counting answers keeps them apart.
    assert pick(_score_candidates(evidence, [0.5, 0.7]), use_answers=True) == 0.5


def test_questions_stop_when_they_stop_paying(blackpink_library):
    """Once the answers make it more likely than not that most questions of a kind would be no,
    questions of that kind as far from the cut stop; while half or more are yes they go on."""
    from facealbum.core.review import ANSWERS_SETTING, MIN_ANSWERS, PAYING_WINDOW, STOP_BELIEF, chance_most_are_yes

    assert chance_most_are_yes(0, 5) == 1 / 64 and chance_most_are_yes(5, 10) == 0.5
    assert chance_most_are_yes(5, 10) >= STOP_BELIEF > chance_most_are_yes(4, 10)  # half yes: still asked
    lib = blackpink_library
    lib.set_threshold(0.56)  # each woman in several groups: plenty of merge questions
    lib.regroup()
    asked = []
    for _ in range(MIN_ANSWERS):
        q = next(q for q in review_queue(lib.catalog, lib.model_id, lib.threshold()) if q.kind == "same-person")
        answer(lib.people, q, "no")  # a user who keeps saying no (the questions were right, here)
        asked.append(q.distance)
    farthest = min(asked)
    left = [q for q in review_queue(lib.catalog, lib.model_id, lib.threshold()) if q.kind == "same-person"]
    assert all(q.distance < farthest for q in left), (farthest, [q.distance for q in left])
    # Undo takes the answers back: every question answered is asked again; after redo, not.
    for _ in asked:
        lib.people.undo()
    back = [q.distance for q in review_queue(lib.catalog, lib.model_id, lib.threshold()) if q.kind == "same-person"]
    assert sum(1 for d in back if d <= max(asked)) >= len(asked), (asked, back)
    for _ in asked:
        lib.people.redo()
    left = [q for q in review_queue(lib.catalog, lib.model_id, lib.threshold()) if q.kind == "same-person"]
    assert all(q.distance < farthest for q in left), (farthest, [q.distance for q in left])
    # Answers that mostly say yes keep the questions coming.
    lib.catalog.set_setting(ANSWERS_SETTING, [["same-person", 0.5, k % 3 != 0] for k in range(PAYING_WINDOW)])
    assert any(q.kind == "same-person" for q in review_queue(lib.catalog, lib.model_id, lib.threshold()))
    # A skip (asked again next session) settled nothing: it counts as not yes.
    q = next(q for q in review_queue(lib.catalog, lib.model_id, lib.threshold()) if q.kind == "same-person")
    answer(lib.people, q, "skip")
    assert lib.catalog.get_setting(ANSWERS_SETTING)[-1] == ["same-person", round(q.distance, 4), False]


def test_a_face_left_alone_joins_the_person_it_is_clearly_closest_to(celeb13_library):
    """Average linkage leaves out a face whose mean similarity to a big person is low although it
    sits near their centre; it joins them, unless the user said it is not them or the photo is
    already theirs."""
    import numpy as np

    from facealbum.core import grouping

    lib = celeb13_library
    cat = lib.catalog
    person = max(cat.people(), key=lambda p: p.face_count)
    faces = cat.faces(person_id=person.id)
    ids, vectors = cat.embeddings(lib.model_id)
    index = {int(f): i for i, f in enumerate(ids)}
    rows = [grouping._FaceRow(f.id, f.photo_id, f.person_id, f.assigned_by, f.quality, f.size) for f in cat.faces()]
    alone = next(r for r in rows if r.id == faces[0].id)
    assignment = {r.id: r.person for r in rows}
    assignment[alone.id] = None

    def attach(threshold, rejected=None, separated=None):
        plan = dict(assignment)
        grouping._attach_loose(rows, rows, [], plan, vectors, index, threshold, None,
                               rejected or {r.id: set() for r in rows}, separated or {})
        return plan[alone.id]

    assert attach(0.56) == person.id
    assert attach(0.56, rejected={**{r.id: set() for r in rows}, alone.id: {person.id}}) is None
    # A cut so strict that nobody is near enough: the face stays alone.
    assert attach(0.0) is None
    # Two faces of one photo are two people: a face whose photo the person already holds stays out.
    twin = grouping._FaceRow(10**9, faces[1].photo_id, None, None, alone.quality, alone.size)
    vectors2 = np.vstack([vectors, vectors[index[alone.id]]])
    index2 = {**index, twin.id: len(vectors)}
    plan = {**assignment, twin.id: None}
    grouping._attach_loose([*rows, twin], [twin], [], plan, vectors2, index2, 0.56, None,
                           {r.id: set() for r in [*rows, twin]}, {})
    assert plan[twin.id] is None


def test_people_seen_once_stay_apart_at_a_loose_threshold(blackpink_library, tmp_path):
    """A library of a few people photographed hundreds of times calibrates loose (blackpink), and
    people photographed once or twice in it must not chain into groups there: a merge is trusted at
    the loose cut in proportion to the faces behind it (grouping.allowance)."""
    from facealbum.core import grouping

    lib = blackpink_library
    root = tmp_path / "visitors"
    identities = sorted(p.name for p in LFW.iterdir() if p.is_dir() and 1 <= len(os.listdir(p)) <= 2)[:60]
    for ident in identities:
        (root / ident).mkdir(parents=True)
        for photo in sorted((LFW / ident).iterdir()):
            os.symlink(photo, root / ident / photo.name)
    from facealbum.core.library import FULL_REGROUP_SHARE

    faces_before = lib.catalog.grouping_counts()[0]
    lib.scan([root])  # as the app scans: the few new faces are placed incrementally (update_groups)
    visitors = _truth(lib, root)
    faces_after = lib.catalog.grouping_counts()[0]
    assert faces_after - faces_before < FULL_REGROUP_SHARE * faces_after  # so no full regroup ran
    after_scan = _f(lib, visitors)
    assert after_scan.bcubed_f >= 0.95, after_scan  # the old prototype rule at 0.76: F 0.92
    lib.regroup()
    assert lib.threshold() >= lib.default_threshold() + 0.1, lib.calibration().describe()
    mixed = _f(lib, visitors)
    members = _f(lib, _truth(lib, BLACKPINK))
    assert members.bcubed_f >= 0.95 and members.clusters <= 8, members
    assert mixed.bcubed_f >= 0.95, mixed
    # The plain cut at the same threshold chains them (measured: F 0.82 against 0.99).
    grouping.regroup(lib.catalog, lib.model_id, lib.threshold())
    plain = _f(lib, visitors)
    assert plain.bcubed_f < mixed.bcubed_f - 0.08, (plain, mixed)


def test_a_collage_is_grouped_though_its_faces_share_a_photo(blackpink_library):
    """Faces of one photo are held apart, but a collage shows people more than once: dlib's
    face-clustering example (24 faces of four actors in one picture) came out as no group at all.
    A group photo of six people (t1.jpg) still puts no two of them together."""
    from collections import Counter

    lib = blackpink_library

    def people_in(name: str) -> list[int | None]:
        photos = {p.id for p in lib.catalog.photos() if Path(p.path).name == name}
        return [f.person_id for f in lib.catalog.faces() if f.photo_id in photos]

    lib.scan([GROUP_PHOTOS / "dlib__bald_guys.jpg", t1_path()])  # few new faces: placed incrementally
    for placed in ("scanned", "regrouped"):
        collage = people_in("dlib__bald_guys.jpg")
        assert len(collage) == 24
        assert sorted(Counter(p for p in collage if p is not None).values()) == [6, 6, 6, 6], placed
        t1 = [p for p in people_in("t1.jpg") if p is not None]
        assert len(set(t1)) == len(t1) and not set(t1) & set(collage), placed
        lib.regroup()


def test_two_groups_sharing_a_collage_are_still_suggested_as_one_person(blackpink_library):
    """Two groups with faces in one photo are two people, so they are never suggested as one;
    but one actor of a collage split over two groups is one person, and the app asks."""
    from facealbum.core.merge_suggestions import merge_suggestions

    lib = blackpink_library
    lib.scan([GROUP_PHOTOS / "dlib__bald_guys.jpg"])
    photo = next(p.id for p in lib.catalog.photos() if Path(p.path).name == "dlib__bald_guys.jpg")
    actor = lib.catalog.faces(photo_id=photo)[0].person_id
    faces = [f.id for f in lib.catalog.faces(person_id=actor)]
    assert actor is not None and len(faces) == 6
    # As a grouping that split him would leave it: half his faces in a group of their own.
    other = lib.catalog.next_person_id()
    with lib.catalog.transaction():
        lib.catalog.add_person(other, None)
        lib.catalog.assign_faces(faces[3:], other, "auto")

    def suggested() -> set:
        return {frozenset((m.a, m.b)) for m in merge_suggestions(lib.catalog, lib.model_id, lib.threshold(),
                                                                 strict=lib.default_threshold())}

    assert frozenset((actor, other)) in suggested()
    # A group photo of six people is no collage: two groups sharing it are never asked about.
    lib.scan([t1_path()])
    t1 = next(p.id for p in lib.catalog.photos() if Path(p.path).name == "t1.jpg")
    a, b = [f.id for f in lib.catalog.faces(photo_id=t1)][:2]
    with lib.catalog.transaction():
        lib.catalog.assign_faces([a], actor, "auto")
        lib.catalog.assign_faces([b], other, "auto")
    assert frozenset((actor, other)) not in suggested()


def test_the_cut_trusts_a_loose_threshold_by_the_faces_behind_a_merge():
    """Two single faces merge under the strict cut only; two big groups under the loose one."""
    import numpy as np

    from facealbum.core import grouping

    assert grouping.allowance(1, 1, 0.76, 0.56) == 0.56
    assert grouping.allowance(grouping.FULL_TRUST, grouping.FULL_TRUST, 0.76, 0.56) == 0.76
    assert 0.56 < grouping.allowance(2, 10, 0.76, 0.56) < 0.76
    # leaves 0,1 merge at 0.60 (refused: two single faces); 2,3 at 0.10 (kept); node 5 = {2,3}
    # joins leaf 4 at 0.20; then {0} (carried up) meets {2,3,4} at 0.9: refused above 0.76.
    children = np.array([[2, 3], [5, 4], [0, 1], [7, 6]])
    heights = np.array([0.10, 0.20, 0.60, 0.90])
    labels = grouping.cut_tree(children, heights, 5, 0.76, 0.56)
    assert labels[2] == labels[3] == labels[4]
    assert len({labels[0], labels[1], labels[2]}) == 3


def test_pairs_closer_than_chance_are_trusted_for_any_merge():
    """excess_cut: where most pairs just past the pack's cut are more than chance gives two people
    (the library's own null: the median and spread of its pairs), the cut is trusted that far for
    any merge. 300 people of four faces whose faces sit about 0.45 apart (a child's and the
    adult's) show it; the same people with faces 0.75 apart (adults), and two single faces with
    nothing past the cut, do not."""
    import numpy as np

    from facealbum.core import calibration, grouping

    rng = np.random.default_rng(3)

    def people(same: float) -> np.ndarray:
        centres = rng.normal(size=(300, 128))
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
        noise = rng.normal(size=(1200, 128))
        noise /= np.linalg.norm(noise, axis=1, keepdims=True)
        v = np.sqrt(same) * np.repeat(centres, 4, axis=0) + np.sqrt(1 - same) * noise
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    candidates = calibration.choose_candidates(0.56)
    close = people(0.45)
    growing = calibration.excess_cut(close, candidates)
    assert growing is not None and growing > 0.56, growing
    # Where answers rule the threshold, half as many pairs again as chance will do: a looser cut.
    assert calibration.excess_cut(close, candidates, calibration.ANSWERED_EXCESS_SHARE) > growing
    assert calibration.excess_cut(people(0.75), candidates) is None
    # The cut it gives is the strict side of grouping.allowance: two single faces 0.60 apart merge
    # under a trusted 0.62 (the threshold 0.76 further still trusted by the faces behind a merge).
    assert grouping.trusted_floor(0.76, 0.56, 0.62) == 0.62
    assert grouping.trusted_floor(0.60, 0.56, 0.62) == 0.60 and grouping.trusted_floor(0.76, 0.56, None) == 0.56
    pair = np.array([[1.0, 0.0], [0.4, np.sqrt(1 - 0.16)]])
    assert len(set(grouping.cluster(pair, 0.76, strict=0.56))) == 2
    assert len(set(grouping.cluster(pair, 0.76, strict=grouping.trusted_floor(0.76, 0.56, 0.62)))) == 1


def test_the_library_groups_with_the_cut_its_calibration_trusts(blackpink_library, monkeypatch):
    """blackpink's four women fill a quarter of its pairs, so they lift the null and no excess
    shows: the silhouette's cut stands alone. Where calibration finds one, the library's regroups
    and the accuracy report use it; a threshold set by hand trusts only the pack's cut."""
    from facealbum.core import calibration

    lib = blackpink_library
    lib.regroup()
    found = lib.calibration()
    assert found.excess is None and found.trusted is None and lib.trusted_threshold() is None
    monkeypatch.setattr(calibration, "excess_cut", lambda vectors, candidates, share: 0.66)
    lib.regroup()
    found = lib.calibration()
    assert found.trusted == 0.66 == lib.trusted_threshold() and found.threshold >= 0.7, found
    assert "up to 0.66 apart" in found.describe()
    assert _f(lib, _truth(lib, BLACKPINK)).bcubed_f >= 0.95
    lib.set_threshold(0.70)
    assert lib.trusted_threshold() is None


def test_a_side_refused_for_its_size_is_held_against_the_whole_group():
    """The tree compares a face with the first node it meets, a small part of a big person; with
    the faces' vectors, a side refused for its size alone joins the whole group when its mean
    distance to it is under the allowance for their sizes, unless they are known to be two people."""
    import numpy as np

    from facealbum.core import grouping

    # leaves 0-3 are one person (nodes 5 = {0,1}, 6 = {2,3}); leaf 4 meets {0,1} at 0.70: refused
    # for two faces' allowance (about 0.58) though under the loose 0.76; then {0,1} joins {2,3}.
    children = np.array([[0, 1], [2, 3], [4, 5], [7, 6]])
    heights = np.array([0.10, 0.10, 0.70, 0.10])
    near = np.array([[1.0, 0.0]] * 5)
    far = near.copy()
    far[4] = [0.3, np.sqrt(1 - 0.09)]  # 0.70 from every one of the person's faces
    assert len(set(grouping.cut_tree(children, heights, 5, 0.76, 0.56))) == 2  # no vectors: as the tree
    assert len(set(grouping.cut_tree(children, heights, 5, 0.76, 0.56, near))) == 1
    assert len(set(grouping.cut_tree(children, heights, 5, 0.76, 0.56, far))) == 2
    assert len(set(grouping.cut_tree(children, heights, 5, 0.76, 0.56, near, np.array([[4, 2]])))) == 2


def test_a_giant_component_is_clustered_as_the_full_matrix_would(blackpink_library):
    """Past the dense limit, a loose threshold's giant component goes through the exact sparse
    average linkage: on blackpink's real embeddings, with every pair under the cut as a candidate,
    it finds scipy's merges at scipy's heights (cannot-pairs counted as distance 2 in both), and
    through the neighbour graph it groups the faces as the full matrix does."""
    import numpy as np
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    from facealbum.core import grouping, sparse_linkage

    lib = blackpink_library
    _ids, v = lib.catalog.embeddings(lib.model_id)
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float64)
    n, t = len(v), 0.76
    cannot = np.array([[0, 1], [5, 9], [10, 400], [3, 700]])
    d = np.clip(1.0 - v @ v.T, 0.0, 2.0)
    np.fill_diagonal(d, 0.0)
    d[cannot[:, 0], cannot[:, 1]] = d[cannot[:, 1], cannot[:, 0]] = 2.0
    tree = linkage(squareform(d, checks=False), method="average")
    rows, cols = np.nonzero(np.triu(d < t, 1))
    children, heights = sparse_linkage.average_linkage(v, np.stack([rows, cols], 1), t, cannot)
    expected = tree[:, 2][tree[:, 2] <= t]
    assert len(heights) == len(expected)
    assert np.allclose(heights, expected, atol=1e-9)
    assert all(a < n + k and b < n + k for k, (a, b) in enumerate(children.tolist()))  # children first

    # The index keeps only neighbours under the cut, at their true distance, nearest first.
    from facealbum.core.neighbours import knn

    idx, dist = knn(v.astype(np.float32), k=grouping.KNN_K, probes=4, max_distance=t)
    kept = idx >= 0
    assert kept.any() and (dist[kept] < t).all() and np.isinf(dist[~kept]).all()
    rows_k, cols_k = np.nonzero(kept)
    assert np.allclose(dist[kept], 1.0 - (v[rows_k] * v[idx[rows_k, cols_k]]).sum(1), atol=1e-5)
    assert (np.diff(np.where(kept, dist, 9.0), axis=1) >= 0).all()
    # A bucket's faces merged into its askers' top-k a few askers at a time, as on 100,000 faces,
    # find the same neighbours as all at once.
    from facealbum.core import neighbours

    block = neighbours.QUERY_BLOCK
    neighbours.QUERY_BLOCK = 500
    try:
        idx_b, dist_b = knn(v.astype(np.float32), k=grouping.KNN_K, probes=4, max_distance=t)
    finally:
        neighbours.QUERY_BLOCK = block
    assert np.array_equal(np.sort(idx_b, 1), np.sort(idx, 1)) and np.allclose(dist_b, dist, atol=1e-5)

    dense = grouping.cluster(v.astype(np.float32), t, strict=0.56)
    old = grouping.DENSE_LIMIT
    grouping.DENSE_LIMIT = 200  # the whole library is then one giant component at 0.76
    try:
        sparse = grouping.cluster(v.astype(np.float32), t, strict=0.56)
    finally:
        grouping.DENSE_LIMIT = old
    assert ev.bcubed(dense.tolist(), sparse.tolist())[2] > 0.97
    truth = _truth(lib, BLACKPINK)
    rows_of = {int(f): r for r, f in enumerate(_ids.tolist())}
    faces = [f for f in truth if f in rows_of]
    labels = [truth[f] for f in faces]
    f_dense = ev.bcubed(labels, [int(dense[rows_of[f]]) for f in faces])[2]
    f_sparse = ev.bcubed(labels, [int(sparse[rows_of[f]]) for f in faces])[2]
    assert f_sparse > f_dense - 0.01


def test_a_library_under_the_dense_limit_is_clustered_a_component_at_a_time(blackpink_library):
    """Up to the dense limit each connected component of the pairs under the cut gets a matrix of
    its own (scipy's linkage copies its input, so one for the library cost twice its size): on
    blackpink's real embeddings, with faces of one photo held apart and blocks of products that
    split the library several times, the groups are those of the library's full matrix, at cuts
    where it falls into many components or a few, and at a loosened one."""
    import numpy as np

    from facealbum.core import grouping

    lib = blackpink_library
    _ids, v = lib.catalog.embeddings(lib.model_id)
    v = v.astype(np.float32)
    cannot = np.array([[0, 1], [5, 9], [10, 400], [3, 700]])
    block = grouping.COMPONENT_BLOCK
    grouping.COMPONENT_BLOCK = 100
    try:
        for t, strict in ((0.40, None), (0.56, None), (0.76, 0.56)):
            whole = grouping._dense_average_linkage(v, t, cannot, strict)
            parts = grouping.cluster(v, t, cannot, strict)
            if strict is None:
                assert len(set(grouping._exact_components(v, t).tolist())) > (50 if t < 0.5 else 1)
            pairs = {(int(a), int(b)) for a, b in zip(whole.tolist(), parts.tolist())}
            assert len(pairs) == len(set(whole.tolist())) == len(set(parts.tolist()))  # one partition
    finally:
        grouping.COMPONENT_BLOCK = block


def test_the_calibration_silhouette_is_scikit_learns(blackpink_library):
    """Calibration scores each candidate cut by its own (sparse, fast) silhouette: on blackpink's
    real embeddings, cut where it splits each person into many groups and where it does not, it
    gives scikit-learn's figure."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.metrics import silhouette_score

    from facealbum.core.calibration import silhouette

    lib = blackpink_library
    _ids, v = lib.catalog.embeddings(lib.model_id)
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float64)
    d = np.clip(1.0 - v @ v.T, 0.0, 2.0)
    np.fill_diagonal(d, 0.0)
    tree = linkage(squareform(d, checks=False), method="average")
    for t in (0.5, 0.62, 0.76):
        labels = fcluster(tree, t=t, criterion="distance")
        assert 2 <= len(set(labels)) < len(labels)
        assert abs(silhouette(d, labels) - silhouette_score(d, labels, metric="precomputed")) < 1e-9
