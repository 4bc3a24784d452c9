"""The review queue: the questions whose answers settle the most.

"Are these two groups the same person?" (merge suggestions, most likely first), "is this Ann?"
for faces grouping would not guess, and "name this group"; and turning an answer into a
correction.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from .catalog import Catalog
from .incremental_grouping import gallery, people_vectors, two_nearest_people
from .people import People
from .records import Changes, FaceId, PersonId

REVIEW_MARGIN = 0.12  # how far past the threshold (cosine distance) a face still gets asked about

# Questions stop when they stop paying. A "no" or a skip costs the user an action and saves none;
# a "yes" saves about one (the name, merge or move they would otherwise make by hand). So questions
# of a kind pay while more than half are answered yes. From the last PAYING_WINDOW answers of a
# kind (at least MIN_ANSWERS), the chance that more than half of such questions would be yes is
# P(rate > 1/2) under a uniform prior, Beta(1 + yes, 1 + not yes); once that is below STOP_BELIEF
# (more likely than not, most such questions would not pay) the app stops asking questions of that
# kind as far from the cut as those were. Closer ones (after new photos or a regroup) are still
# asked. Measured with the simulated user (which fixes what is left at one action a face, so even
# a "yes" only breaks even there): asking nothing at all needs the fewest actions on every dev
# set. Stopping at 0.5 instead of when quite sure (0.1), and judging from 3 answers instead of 5,
# cut LAG dev's answers from 39 to 26 (answers + fixes per face 0.164 -> 0.156), lfw-dev's from 27
# to 6 (0.0143 -> 0.0112) and celeb13's, grouped right from the start, from 7 to 5; the fixes left
# were the same or fewer. Blackpink asks 6 either way, and 58 at the pack's cut, where they pay.
# (Those per-face figures leave out the merges made by naming, as the simulated user counted
# before 2026-12-02; README "Grouping" has the figures with them.)
# [kind, distance, yes(, correction id)] of the latest answers, oldest first; an answer whose
# correction is undone does not count (skips make none, and always count)
ANSWERS_SETTING = "question_answers"
PAYING_WINDOW = 10
MIN_ANSWERS = 3
STOP_BELIEF = 0.5
ANSWERS_KEPT = 200


@dataclass(frozen=True)
class ReviewItem:
    kind: str  # "is-this" | "name-group" | "same-person"
    face_id: FaceId
    person_id: PersonId
    person_name: str | None
    distance: float
    settles: int  # faces this answer is likely to settle
    faces: tuple[FaceId, ...] = ()  # name-group: the group's faces; same-person: a few of the group's
    runner_up: str | None = None
    # same-person: the group or person the first one may be
    other_id: PersonId | None = None
    other_name: str | None = None
    other_faces: tuple[FaceId, ...] = ()


def review_queue(catalog: Catalog, model_id: str, threshold: float, limit: int = 50,
                 skipped: Collection[tuple] = frozenset(), strict: float | None = None) -> list[ReviewItem]:
    """Questions worth asking: "are these the same person?" (most likely first), then "is this
    <person>?" and "name this group", most settling first. ``strict``: the pack's own threshold
    (see :func:`merge_suggestions`)."""
    from .merge_suggestions import merge_suggestions

    # ``skipped`` holds (face, person) for "is this" and ("groups", a, b) for "same person".
    skipped_groups = frozenset((s[1], s[2]) for s in skipped if len(s) == 3)
    answered = _standing(catalog, catalog.get_setting(ANSWERS_SETTING, []))
    merges = [ReviewItem("same-person", (m.a_faces or (FaceId(0),))[0], m.a, m.a_name, 1.0 - m.similarity,
                         m.a_count + m.b_count, m.a_faces, None, m.b, m.b_name, m.b_faces)
              for m in merge_suggestions(catalog, model_id, threshold, limit, skipped_groups, strict)]
    face_skips = {s for s in skipped if len(s) == 2}
    items = merges + _face_questions(catalog, model_id, threshold, limit, face_skips)
    stops = {kind: _stop_distance(answered, kind) for kind in ("same-person", "is-this")}
    return [i for i in items if (stop := stops.get(i.kind)) is None or i.distance < stop][:limit]


def _standing(catalog: Catalog, answered: list) -> list:
    """The answers whose corrections stand: Undo takes an answer back from the stopping rule too."""
    undone = catalog.undone_corrections([a[3] for a in answered if len(a) > 3])
    return [a for a in answered if len(a) <= 3 or a[3] not in undone]


def _stop_distance(answered: list, kind: str) -> float | None:
    """How far from the cut questions of ``kind`` stopped paying, or None while they pay."""
    last = [a for a in answered if a[0] == kind][-PAYING_WINDOW:]
    if len(last) < MIN_ANSWERS or chance_most_are_yes(sum(1 for a in last if a[2]), len(last)) >= STOP_BELIEF:
        return None
    return min(float(a[1]) for a in last)


def chance_most_are_yes(yes: int, answers: int) -> float:
    """P(rate > 1/2) for a rate ~ Beta(1 + yes, 1 + answers - yes): for whole numbers that is the
    chance of at most ``yes`` heads in ``answers + 1`` fair coin tosses."""
    return sum(math.comb(answers + 1, k) for k in range(yes + 1)) / 2 ** (answers + 1)


def record_answer(catalog: Catalog, item: ReviewItem, reply: str, correction: int | None = None) -> None:
    """Keep how a question was answered, for :func:`_stop_distance`, with the ``correction`` it
    made (undoing that takes the answer back). A skip (asked again next session) cost the user an
    action and settled nothing: it counts as not yes."""
    if item.kind == "name-group" or reply not in ("yes", "no", "skip"):
        return
    answered = catalog.get_setting(ANSWERS_SETTING, [])
    answered.append([item.kind, round(float(item.distance), 4), reply == "yes"] + ([correction] if correction else []))
    catalog.set_setting(ANSWERS_SETTING, answered[-ANSWERS_KEPT:])


def skip_key(item: ReviewItem) -> tuple:
    """What to pass back in ``skipped`` so a skipped question is not asked again this session."""
    if item.kind == "same-person" and item.other_id is not None:
        return ("groups", min(item.person_id, item.other_id), max(item.person_id, item.other_id))
    return (item.face_id, item.person_id)


def _face_questions(catalog: Catalog, model_id: str, threshold: float, limit: int,
                    skipped: Collection[tuple]) -> list[ReviewItem]:
    items: list[ReviewItem] = []
    free = catalog.unassigned_face_ids()
    ids, vectors = catalog.embeddings(model_id, free)
    assigned = catalog.assigned_face_rows()  # read once: the gallery and "name this group" both need it
    protos, owners = gallery(catalog, model_id, people_vectors(catalog, model_id, assigned))
    names: dict[int, str | None] = {p.id: p.name for p in catalog.people(include_hidden=True)}
    rejected = defaultdict(set)
    for f, p in catalog.rejections():
        rejected[f].add(p)
    if len(ids) and len(protos):
        nearest, dist, runners, _runner_dist = two_nearest_people(vectors, protos, owners)
        # How many unassigned faces sit close to each face: a yes there settles them too.
        crowd = np.zeros(len(vectors), np.int64)
        for start in range(0, len(vectors), 2048):
            crowd[start:start + 2048] = ((vectors[start:start + 2048] @ vectors.T) > (1.0 - threshold * 0.8)).sum(1)
        for row, fid in enumerate(ids.tolist()):
            pid, d = int(nearest[row]), float(dist[row])
            if d >= threshold + REVIEW_MARGIN or pid in rejected[fid] or (fid, pid) in skipped:
                continue
            runner = int(runners[row]) if runners[row] >= 0 else None
            items.append(ReviewItem("is-this", FaceId(fid), PersonId(pid), names.get(pid), d, int(crowd[row]),
                                    runner_up=names.get(runner) if runner else None))
    items.sort(key=lambda it: (-it.settles, it.distance))
    groups = []
    held: dict[int, list[int]] = defaultdict(list)  # each group's faces, in id order
    for face, person_id, _photo in sorted(assigned):
        held[person_id].append(face)
    for person in catalog.people(include_hidden=False):
        if person.name is None and person.face_count >= 2 and held.get(person.id):
            faces = tuple(FaceId(f) for f in held[person.id])
            if (faces[0], person.id) in skipped:
                continue
            groups.append(ReviewItem("name-group", faces[0], person.id, None, 0.0, person.face_count, faces))
    groups.sort(key=lambda it: -it.settles)
    # Interleave: the biggest unnamed group first when it settles more than the best question.
    merged = sorted(items + groups, key=lambda it: -it.settles)
    return merged[:limit]


def answer(people: People, item: ReviewItem, reply: str, name: str | None = None) -> Changes:
    """Turn an answer into a correction: yes = the face is that person, no = it never will be;
    for two groups, yes merges them and no keeps them apart for good."""
    before = people.catalog.latest_correction_id()
    changes = _apply_answer(people, item, reply, name)
    latest = people.catalog.latest_correction_id()
    record_answer(people.catalog, item, reply, latest if latest != before else None)
    return changes


def _apply_answer(people: People, item: ReviewItem, reply: str, name: str | None) -> Changes:
    if item.kind == "same-person":
        if item.other_id is None:
            return Changes()
        if reply == "yes":
            return people.merge([item.person_id], item.other_id)
        if reply == "no":
            return people.separate(item.person_id, item.other_id)
        return Changes()
    if item.kind == "name-group":
        if reply == "yes" and name:
            return people.name([item.person_id], name)[1]
        return Changes()
    if reply == "yes":
        return people.move([item.face_id], item.person_id)
    if reply == "no":
        return people.decline([item.face_id], item.person_id)
    return Changes()
