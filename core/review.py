"""Incremental assignment and the review queue.

New faces join an existing person when they are close to that person's prototypes — several
representative faces per person, not one centroid, since faces change with age, glasses and
beards. A face close to two people, or just outside the threshold, is not guessed: it goes to
the review queue ("Is this Ann?" yes / no / skip), ordered so the answers that settle the most
come first. Unnamed groups come up for naming in one step.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .catalog import Catalog
from .grouping import MIN_QUALITY, MIN_SIZE, cluster
from .people import People
from .records import Changes

PROTOTYPES = 8
WATERMARK = "grouping:seen_through_face"  # faces up to this id have been through grouping
REVIEW_MARGIN = 0.12  # how far past the threshold (cosine distance) a face still gets asked about
AMBIGUOUS_GAP = 0.05  # two people closer than this to a face: ask, do not guess


@dataclass(frozen=True)
class ReviewItem:
    kind: str  # "is-this" | "name-group" | "same-person"
    face_id: int
    person_id: int | None
    person_name: str | None
    distance: float
    settles: int  # faces this answer is likely to settle
    faces: tuple[int, ...] = ()  # name-group: the group's faces; same-person: a few of the group's
    runner_up: str | None = None
    # same-person: the group or person the first one may be
    other_id: int | None = None
    other_name: str | None = None
    other_faces: tuple[int, ...] = ()


@dataclass
class AssignReport:
    joined: int = 0
    to_review: int = 0
    new_people: int = 0
    seconds: float = 0.0
    changes: Changes = field(default_factory=Changes)


def prototypes(vectors: np.ndarray, k: int = PROTOTYPES) -> np.ndarray:
    """Up to k faces spread over a person's appearance (farthest-point sampling from the medoid)."""
    n = len(vectors)
    if n <= k:
        return np.arange(n)
    centre = vectors.mean(0)
    chosen = [int(np.argmax(vectors @ centre))]
    nearest = 1.0 - vectors @ vectors[chosen[0]]
    for _ in range(k - 1):
        nxt = int(np.argmax(nearest))
        chosen.append(nxt)
        nearest = np.minimum(nearest, 1.0 - vectors @ vectors[nxt])
    return np.asarray(chosen)


def _gallery(catalog: Catalog, model_id: str):
    """(person ids, prototype matrix, owner of each prototype row), over every person's faces."""
    rows = catalog.execute("SELECT id, person_id FROM faces WHERE person_id IS NOT NULL").fetchall()
    by_person: dict[int, list[int]] = defaultdict(list)
    for fid, pid in rows:
        by_person[pid].append(fid)
    ids, vectors = catalog.embeddings(model_id, [f for f, _ in rows])
    index = {int(f): i for i, f in enumerate(ids)}
    protos, owners = [], []
    for pid, fids in by_person.items():
        rows_ = [index[f] for f in fids if f in index]
        if not rows_:
            continue
        vec = vectors[rows_]
        for r in prototypes(vec):
            protos.append(vec[r])
            owners.append(pid)
    if not protos:
        return np.empty((0, 0), np.float32), np.empty(0, np.int64)
    return np.stack(protos), np.asarray(owners)


def _person_distances(face_vectors: np.ndarray, protos: np.ndarray, owners: np.ndarray):
    """Distance of each face to each person: the nearest of that person's prototypes."""
    people = np.unique(owners)
    sims = face_vectors @ protos.T
    best = np.full((len(face_vectors), len(people)), -1.0, np.float32)
    col = {p: i for i, p in enumerate(people)}
    for j, owner in enumerate(owners):
        c = col[owner]
        best[:, c] = np.maximum(best[:, c], sims[:, j])
    return people, 1.0 - best


def assign_new(catalog: Catalog, model_id: str, threshold: float, *, min_quality: float = MIN_QUALITY,
               min_size: float = MIN_SIZE) -> AssignReport:
    """Place faces that belong to no one: join a person, wait for review, or form a new group."""
    started = time.monotonic()
    report = AssignReport()
    # Only faces no grouping has looked at yet: the rest already had their chance (or wait in review).
    seen_through = catalog.get_setting(WATERMARK, 0)
    top = catalog.execute("SELECT COALESCE(MAX(id), 0) FROM faces").fetchone()[0]
    free = catalog.execute(
        "SELECT f.id, f.photo_id, f.quality, f.size FROM faces f JOIN photos p ON p.id = f.photo_id "
        "WHERE f.person_id IS NULL AND p.status != 'missing' AND f.id > ?", (seen_through,)).fetchall()
    if not free:
        catalog.set_setting(WATERMARK, top)
        return report
    ids, vectors = catalog.embeddings(model_id, [r[0] for r in free])
    if not len(ids):
        return report
    info = {r[0]: r for r in free}
    protos, owners = _gallery(catalog, model_id)
    rejected = defaultdict(set)
    for f, p in catalog.rejections():
        rejected[f].add(p)
    separated = catalog.separations()
    photos_of = defaultdict(set)
    faces_of = defaultdict(set)
    for fid, pid, photo in catalog.execute("SELECT id, person_id, photo_id FROM faces WHERE person_id IS NOT NULL"):
        photos_of[pid].add(photo)
        faces_of[pid].add(fid)
    joins: list[tuple[int, int]] = []
    leftover: list[int] = []
    if len(protos):
        people, dist = _person_distances(vectors, protos, owners)
        for row, fid in enumerate(ids.tolist()):
            order = np.argsort(dist[row])
            placed = False
            for rank, c in enumerate(order[:2]):
                pid = int(people[c])
                d = float(dist[row, c])
                if d >= threshold:
                    break
                second = float(dist[row, order[1]]) if len(order) > 1 else 2.0
                ok = (pid not in rejected[fid] and info[fid][1] not in photos_of[pid]
                      and not (separated.get(fid, set()) & faces_of[pid]))
                if rank == 0 and ok and second - d >= AMBIGUOUS_GAP and info[fid][2] >= min_quality \
                        and info[fid][3] >= min_size:
                    joins.append((pid, fid))
                    photos_of[pid].add(info[fid][1])
                    faces_of[pid].add(fid)
                    placed = True
                break
            if not placed:
                leftover.append(row)
    else:
        leftover = list(range(len(ids)))
    # Faces that joined nobody may be someone new: cluster them among themselves.
    seeds = [r for r in leftover if info[int(ids[r])][2] >= min_quality and info[int(ids[r])][3] >= min_size]
    new_groups: list[list[int]] = []
    if len(seeds) >= 2:
        labels = cluster(vectors[seeds], threshold)
        groups = defaultdict(list)
        for r, label in zip(seeds, labels):
            groups[int(label)].append(int(ids[r]))
        for members in groups.values():
            seen, keep = set(), []
            for fid in members:
                if info[fid][1] not in seen and not (separated.get(fid, set()) & set(keep)):
                    seen.add(info[fid][1])
                    keep.append(fid)
            if len(keep) >= 2:
                new_groups.append(keep)
    changed_faces, changed_people = set(), set()
    with catalog.transaction():
        catalog.set_setting(WATERMARK, top)
        for pid, fid in joins:
            catalog.execute("UPDATE faces SET person_id=?, assigned_by='auto' WHERE id=? AND person_id IS NULL",
                            (pid, fid))
            changed_faces.add(fid)
            changed_people.add(pid)
        for members in new_groups:
            pid = catalog.execute("INSERT INTO people(created_by) VALUES('auto')").lastrowid
            catalog.db.executemany("UPDATE faces SET person_id=?, assigned_by='auto' WHERE id=? AND person_id IS NULL",
                                   [(pid, f) for f in members])
            changed_faces.update(members)
            changed_people.add(pid)
    report.joined = len(joins)
    report.new_people = len(new_groups)
    report.to_review = len(leftover) - sum(len(g) for g in new_groups)
    report.seconds = time.monotonic() - started
    report.changes = Changes(people=frozenset(changed_people), faces=frozenset(changed_faces), grouping=True)
    return report


def review_queue(catalog: Catalog, model_id: str, threshold: float, limit: int = 50,
                 skipped: set[tuple[int, int]] = frozenset()) -> list[ReviewItem]:
    """Questions worth asking: "are these the same person?" (most likely first), then "is this
    <person>?" and "name this group", most settling first."""
    from .suggestions import merge_suggestions

    # ``skipped`` holds (face, person) for "is this" and ("groups", a, b) for "same person".
    skipped_groups = frozenset((s[1], s[2]) for s in skipped if len(s) == 3)
    merges = [ReviewItem("same-person", (m.a_faces or (0,))[0], m.a, m.a_name, 1.0 - m.similarity,
                         m.a_count + m.b_count, m.a_faces, None, m.b, m.b_name, m.b_faces)
              for m in merge_suggestions(catalog, model_id, threshold, limit, skipped_groups)]
    face_skips = {s for s in skipped if len(s) == 2}
    return (merges + _face_questions(catalog, model_id, threshold, limit, face_skips))[:limit]


def skip_key(item: ReviewItem) -> tuple:
    """What to pass back in ``skipped`` so a skipped question is not asked again this session."""
    if item.kind == "same-person":
        return ("groups", min(item.person_id, item.other_id), max(item.person_id, item.other_id))
    return (item.face_id, item.person_id)


def _face_questions(catalog: Catalog, model_id: str, threshold: float, limit: int,
                    skipped: set[tuple[int, int]]) -> list[ReviewItem]:
    items: list[ReviewItem] = []
    free = [r[0] for r in catalog.execute("SELECT id FROM faces WHERE person_id IS NULL")]
    ids, vectors = catalog.embeddings(model_id, free)
    protos, owners = _gallery(catalog, model_id)
    names = {p.id: p.name for p in catalog.people(include_hidden=True)}
    rejected = defaultdict(set)
    for f, p in catalog.rejections():
        rejected[f].add(p)
    if len(ids) and len(protos):
        people, dist = _person_distances(vectors, protos, owners)
        # How many unassigned faces sit close to each face: a yes there settles them too.
        crowd = np.zeros(len(vectors), np.int64)
        for start in range(0, len(vectors), 2048):
            crowd[start:start + 2048] = ((vectors[start:start + 2048] @ vectors.T) > (1.0 - threshold * 0.8)).sum(1)
        for row, fid in enumerate(ids.tolist()):
            order = np.argsort(dist[row])
            c = order[0]
            pid, d = int(people[c]), float(dist[row, c])
            if d >= threshold + REVIEW_MARGIN or pid in rejected[fid] or (fid, pid) in skipped:
                continue
            runner = int(people[order[1]]) if len(order) > 1 else None
            items.append(ReviewItem("is-this", fid, pid, names.get(pid), d, int(crowd[row]),
                                    runner_up=names.get(runner) if runner else None))
    items.sort(key=lambda it: (-it.settles, it.distance))
    groups = []
    for person in catalog.people(include_hidden=False):
        if person.name is None and person.face_count >= 2:
            faces = tuple(f.id for f in catalog.faces(person_id=person.id))
            groups.append(ReviewItem("name-group", faces[0], person.id, None, 0.0, person.face_count, faces))
    groups.sort(key=lambda it: -it.settles)
    # Interleave: the biggest unnamed group first when it settles more than the best question.
    merged = sorted(items + groups, key=lambda it: -it.settles)
    return merged[:limit]


def answer(people: People, item: ReviewItem, reply: str, name: str | None = None) -> Changes:
    """Turn an answer into a correction: yes = the face is that person, no = it never will be;
    for two groups, yes merges them and no keeps them apart for good."""
    if item.kind == "same-person":
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
