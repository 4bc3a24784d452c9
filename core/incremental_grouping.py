"""Incremental grouping: new faces of a scan join the people they belong to, without a regroup.

New faces join an existing person when they are close to that person's prototypes — several
representative faces per person, not one centroid, since faces change with age, glasses and
beards. A face close to two people, or just outside the threshold, is not guessed: it waits
for the review queue (review.py). Faces that join nobody are clustered among themselves.

At a threshold loosened by calibration, a face against a prototype is held to the pack's own cut
(one face against one face: grouping.allowance), and a face that matched no prototype may join a
person's centre under the cut for a face alone, as a regroup places it. Holding prototypes to
the loose cut let visitors seen once join a family's people (blackpink with 60 lfw-dev people
seen once or twice, scanned in: their F 0.92; 0.99 so).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .catalog import Catalog
from .collages import collage_photos, frame
from .grouping import allowance, clear_nearest_centres, cluster, good_face, trusted_floor
from .records import Changes

PROTOTYPES = 8
WATERMARK = "grouping:seen_through_face"  # faces up to this id have been through grouping
AMBIGUOUS_GAP = 0.05  # two people closer than this to a face: ask, do not guess


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


def people_vectors(catalog: Catalog, model_id: str,
                   rows: list[tuple[int, int, int]] | None = None) -> dict[int, np.ndarray]:
    """person id -> the embeddings of every face they hold (``rows``: the catalog's
    ``assigned_face_rows()``, when already read)."""
    by_person: dict[int, list[int]] = defaultdict(list)
    for fid, pid, _photo in catalog.assigned_face_rows() if rows is None else rows:
        by_person[pid].append(fid)
    ids, vectors = catalog.embeddings(model_id, [f for fids in by_person.values() for f in fids])
    index = {int(f): i for i, f in enumerate(ids)}
    out = {}
    for pid, fids in by_person.items():
        held = [index[f] for f in fids if f in index]
        if held:
            out[pid] = vectors[held]
    return out


def gallery(catalog: Catalog, model_id: str, people: dict[int, np.ndarray] | None = None):
    """(prototype matrix, owner of each prototype row), over every person's faces (``people``:
    :func:`people_vectors`, when already read)."""
    people = people_vectors(catalog, model_id) if people is None else people
    protos, owners = [], []
    for pid, vec in people.items():
        for r in prototypes(vec):
            protos.append(vec[r])
            owners.append(pid)
    if not protos:
        return np.empty((0, 0), np.float32), np.empty(0, np.int64)
    return np.stack(protos), np.asarray(owners)


def two_nearest_people(face_vectors: np.ndarray, protos: np.ndarray, owners: np.ndarray, block: int = 1024):
    """For each face, the two people whose nearest prototype is closest: (first person, its
    distance, second person or -1, its distance or 2.0). The nearest prototype names the first;
    with the first person's prototypes masked, the nearest left names the second. A block of faces
    at a time, so memory stays a block's similarities however many faces wait
    (benchmarks/review_bench.py)."""
    owners = np.asarray(owners)
    # Each person's prototype columns, padded with their first: masking a person is a few writes.
    people, person_of = np.unique(owners, return_inverse=True)
    order = np.argsort(person_of, kind="stable")
    starts = np.searchsorted(person_of[order], np.arange(len(people)))
    counts = np.bincount(person_of, minlength=len(people))
    offsets = np.minimum(np.arange(int(counts.max()))[None, :], counts[:, None] - 1)
    columns = order[starts[:, None] + offsets]
    n = len(face_vectors)
    first, second = np.empty(n, np.int64), np.full(n, -1, np.int64)
    d1, d2 = np.empty(n, np.float32), np.full(n, 2.0, np.float32)
    for s in range(0, n, block):
        sims = face_vectors[s:s + block] @ protos.T
        rows = np.arange(len(sims))
        best = sims.argmax(1)
        first[s:s + block], d1[s:s + block] = owners[best], 1.0 - sims[rows, best]
        sims[rows[:, None], columns[person_of[best]]] = -3.0
        runner = sims.argmax(1)
        found = sims[rows, runner] > -3.0
        second[s:s + block] = np.where(found, owners[runner], -1)
        d2[s:s + block] = np.where(found, 1.0 - sims[rows, runner], 2.0)
    return first, d1, second, d2


def assign_new(catalog: Catalog, model_id: str, threshold: float, *, strict: float | None = None,
               trusted: float | None = None) -> AssignReport:
    """Place faces that belong to no one: join a person, wait for review, or form a new group."""
    started = time.monotonic()
    report = AssignReport()
    # Only faces no grouping has looked at yet: the rest already had their chance (or wait in review).
    seen_through = catalog.get_setting(WATERMARK, 0)
    top = catalog.top_face_id()
    free = catalog.new_unassigned_faces(after=seen_through)
    if not free:
        catalog.set_setting(WATERMARK, top)
        return report
    ids, vectors = catalog.embeddings(model_id, [r[0] for r in free])
    if not len(ids):
        return report
    info = {r[0]: r for r in free}
    assigned = catalog.assigned_face_rows()
    known = people_vectors(catalog, model_id, assigned)
    protos, owners = gallery(catalog, model_id, known)
    rejected = defaultdict(set)
    for f, p in catalog.rejections():
        rejected[f].add(p)
    separated = catalog.separations()
    # A face of a collage counts as a photo of its own (collages.py). A photo's faces come in one
    # scan, so the new faces are all of their photos'.
    row_of = {int(f): i for i, f in enumerate(ids)}
    embedded = [r for r in free if r[0] in row_of]
    collages = collage_photos([r[1] for r in embedded], [row_of[r[0]] for r in embedded],
                              [good_face(r[2], r[3]) for r in embedded], vectors,
                              strict if strict is not None else threshold)
    strict = trusted_floor(threshold, strict, trusted)  # (grouping.regroup does the same)
    info = {f: (f, frame(r[1], f, collages), *r[2:]) for f, r in info.items()}
    photos_of = defaultdict(set)
    faces_of = defaultdict(set)
    for fid, pid, photo in assigned:
        photos_of[pid].add(frame(photo, fid, collages))
        faces_of[pid].add(fid)

    def good_enough(fid: int) -> bool:
        """Good enough to join a person or seed a group (too poor a face waits for review)."""
        return good_face(info[fid][2], info[fid][3])

    def may_join(fid: int, pid: int) -> bool:
        """Not a person the face was declined from, one holding its photo, or one it was separated from."""
        return (pid not in rejected[fid] and info[fid][1] not in photos_of[pid]
                and not (separated.get(fid, set()) & faces_of[pid]))

    joins: list[tuple[int, int]] = []
    leftover: list[int] = []
    # A new face against a prototype is one face against one face: at a loosened threshold, the
    # cut for two single faces (grouping.allowance); a face alone joins a person's centre below.
    face_cut = allowance(1, 1, threshold, strict)
    if len(protos):
        nearest, dist, _runner, runner_dist = two_nearest_people(vectors, protos, owners)
        for row, fid in enumerate(ids.tolist()):
            pid, d = int(nearest[row]), float(dist[row])
            if d < face_cut and may_join(fid, pid) and float(runner_dist[row]) - d >= AMBIGUOUS_GAP \
                    and good_enough(fid):
                joins.append((pid, fid))
                photos_of[pid].add(info[fid][1])
                faces_of[pid].add(fid)
            else:
                leftover.append(row)
    else:
        leftover = list(range(len(ids)))
    if leftover and face_cut < threshold:
        # Faces that matched no prototype join a person's centre as a regroup attaches a face alone.
        pids = list(known)
        joined_rows: set[int] = set()
        means = np.stack([known[p].mean(0) for p in pids]) if pids else np.empty((0, 0), np.float32)
        sizes = [len(known[p]) for p in pids]
        for k, c in clear_nearest_centres(vectors[leftover], means, sizes, threshold, strict):
            row, pid = leftover[k], pids[c]
            fid = int(ids[row])
            if good_enough(fid) and may_join(fid, pid):
                joins.append((pid, fid))
                photos_of[pid].add(info[fid][1])
                faces_of[pid].add(fid)
                joined_rows.add(row)
        leftover = [r for r in leftover if r not in joined_rows]
    # Faces that joined nobody may be someone new: cluster them among themselves.
    seeds = [r for r in leftover if good_enough(int(ids[r]))]
    new_groups: list[list[int]] = []
    if len(seeds) >= 2:
        labels = cluster(vectors[seeds], threshold, strict=strict)
        groups = defaultdict(list)
        for r, label in zip(seeds, labels):
            groups[int(label)].append(int(ids[r]))
        for members in groups.values():
            seen: set[int] = set()
            keep: list[int] = []
            for fid in members:
                if info[fid][1] not in seen and not (separated.get(fid, set()) & set(keep)):
                    seen.add(info[fid][1])
                    keep.append(fid)
            if len(keep) >= 2:
                new_groups.append(keep)
    changed_faces, changed_people = set(), set()
    with catalog.transaction():
        catalog.set_setting(WATERMARK, top)
        catalog.join_unassigned(joins)
        for pid, fid in joins:
            changed_faces.add(fid)
            changed_people.add(pid)
        for members in new_groups:
            pid = catalog.add_auto_person()
            catalog.join_unassigned([(pid, f) for f in members])
            changed_faces.update(members)
            changed_people.add(pid)
    report.joined = len(joins)
    report.new_people = len(new_groups)
    report.to_review = len(leftover) - sum(len(g) for g in new_groups)
    report.seconds = time.monotonic() - started
    report.changes = Changes(people=frozenset(changed_people), faces=frozenset(changed_faces), grouping=True)
    return report
