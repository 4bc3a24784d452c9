"""Merge suggestions: "are these two groups the same person?", most likely first.

A person split over several groups (styled photos of one woman, a child's photos next to the
adult's) is only joined by the user, so the app asks about the pairs of groups that are closest
on average (the same average linkage the grouping uses). Unnamed groups are paired with unnamed
groups and with named people; two named people are never suggested (the user told them apart
by naming them). A "no" is kept face to face as separations, like "not this person", so the two
groups are not suggested again, nor joined by a regroup, after any rescan. Two groups with faces
in one photo are two people, unless that photo is a collage (core/collages.py), where grouping
itself lets one person show more than once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .catalog import Catalog
from .collages import collage_photos
from .grouping import good_face
from .records import FaceId, Person, PersonId

NEIGHBOURS = 3  # each group is paired with its few closest groups only
SHOWN = 6  # faces of each side shown with a question
# How far below the grouping's own cut (in mean similarity) a pair of two-face groups is still
# worth asking about. The mean similarity of bigger groups is surer (its spread shrinks as one
# over the square root of the faces), so the margin shrinks with the smaller group's size.
MARGIN = 0.30


@dataclass(frozen=True)
class MergeSuggestion:
    a: PersonId  # ``b`` is the named one when one of them is named
    b: PersonId
    similarity: float  # mean cosine similarity between their faces
    a_name: str | None
    b_name: str | None
    a_faces: tuple[FaceId, ...]  # a few faces of each, best first
    b_faces: tuple[FaceId, ...]
    a_count: int
    b_count: int


def merge_suggestions(catalog: Catalog, model_id: str, threshold: float, limit: int = 50,
                      skipped: frozenset = frozenset(), strict: float | None = None) -> list[MergeSuggestion]:
    """``strict``: the pack's own threshold, which tells collages (the library's ``threshold``
    where not given)."""
    members: dict[int, list[int]] = defaultdict(list)
    photos: dict[int, set[int]] = defaultdict(set)
    for face, person, photo in catalog.assigned_face_rows(present_only=True):
        members[person].append(face)
        photos[person].add(photo)
    people: dict[int, Person] = {p.id: p for p in catalog.people(include_hidden=False)}
    ids = [p for p in members if p in people]
    if len(ids) < 2:
        return []
    face_ids, vectors = catalog.embeddings(model_id, [f for p in ids for f in members[p]])
    row = {int(f): i for i, f in enumerate(face_ids)}
    ids = [p for p in ids if any(f in row for f in members[p])]
    means = np.stack([vectors[[row[f] for f in members[p] if f in row]].mean(0) for p in ids])
    apart = _apart(catalog, members)
    named = np.array([people[p].name is not None for p in ids])
    sizes = np.array([len(members[p]) for p in ids])
    cut = 1.0 - threshold
    is_collage = _CollageCheck(catalog, model_id, strict if strict is not None else threshold)
    seen: set[tuple[int, int]] = set()
    found: list[tuple[float, int, int]] = []
    k = min(NEIGHBOURS + 1, len(ids))
    for start in range(0, len(ids), 1024):
        sims = means[start:start + 1024] @ means.T
        both_named = named[start:start + 1024, None] & named[None, :]
        sims[both_named] = -2.0
        sims[np.arange(sims.shape[0]), np.arange(start, start + sims.shape[0])] = -2.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r in range(sims.shape[0]):
            i = start + r
            for j in top[r]:
                s = float(sims[r, j])
                pair = (min(ids[i], ids[int(j)]), max(ids[i], ids[int(j)]))
                if s < cut - MARGIN * np.sqrt(2.0 / min(sizes[i], sizes[int(j)])) \
                        or pair in seen or pair in apart or pair in skipped:
                    continue
                shared = photos[ids[i]] & photos[ids[int(j)]]
                if shared and not all(is_collage(photo) for photo in shared):
                    continue  # in one photo together: two people
                seen.add(pair)
                found.append((s, ids[i], ids[int(j)]))
    found.sort(reverse=True)
    covers = catalog.faces_by_quality([p for _, a, b in found[:limit] for p in (a, b)], SHOWN)
    out = []
    for s, a, b in found[:limit]:
        # The named one (else the bigger) is the one the other joins.
        if people[a].name is not None or (people[b].name is None and len(members[a]) > len(members[b])):
            a, b = b, a
        out.append(MergeSuggestion(PersonId(a), PersonId(b), s, people[a].name, people[b].name,
                                   tuple(FaceId(f) for f in covers.get(a, ())),
                                   tuple(FaceId(f) for f in covers.get(b, ())), len(members[a]), len(members[b])))
    return out


def _apart(catalog: Catalog, members: dict[int, list[int]]) -> set[tuple[int, int]]:
    """Pairs of people holding faces the user said are two people."""
    person_of = {f: p for p, faces in members.items() for f in faces}
    out = set()
    for face, others in catalog.separations().items():
        p = person_of.get(face)
        if p is None:
            continue
        for o in others:
            q = person_of.get(o)
            if q is not None and q != p:
                out.add((min(p, q), max(p, q)))
    return out


class _CollageCheck:
    """Whether a photo is a collage, as grouping tells (core/collages.py), read for the few photos
    two close groups share and kept for the call."""

    def __init__(self, catalog: Catalog, model_id: str, cut: float) -> None:
        self.catalog, self.model_id, self.cut = catalog, model_id, cut
        self.known: dict[int, bool] = {}

    def __call__(self, photo: int) -> bool:
        if photo not in self.known:
            faces = {int(f.id): f for f in self.catalog.faces(photo_id=photo)}
            ids, vectors = self.catalog.embeddings(self.model_id, list(faces))
            good = [good_face(faces[int(f)].quality, faces[int(f)].size) for f in ids]
            self.known[photo] = bool(collage_photos([photo] * len(ids), range(len(ids)), good, vectors, self.cut))
        return self.known[photo]
