"""Photos that show one person more than once: collages, scanned album pages, screens on a wall.

Grouping holds the faces of one photo apart, since two faces in one photo are two people. A
collage breaks that rule: dlib's face-clustering example (group_photos/dlib__bald_guys.jpg, 24
faces of four actors) came out as no group at all. So a photo is taken for a collage when at
least ``PAIRS`` pairs of its faces (good enough to seed a group) are ``MARGIN`` more alike than
the pack's own cut; each of its faces then counts as a photo of its own. Two faces alone never
make a collage: a mother and her daughter may look alike.

On the dev sets no photo qualifies: there, no two such faces of one photo come within the
pack's cut at all (lfw-dev's 1,809 same-photo pairs, LAG dev's and celeb13's), while in the
collage 46 pairs are past it by the margin.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

MARGIN = 0.16  # cosine distance inside the pack's cut: 0.40 for the built-in 0.56
PAIRS = 2


def collage_photos(photos: Sequence[int], rows: Sequence[int], good: Sequence[bool], vectors: np.ndarray,
                   cut: float) -> set[int]:
    """The collages among ``photos``: face i is on ``photos[i]``, its unit embedding is
    ``vectors[rows[i]]``, ``good[i]`` says whether it is good enough to seed a group; ``cut`` is
    the pack's own threshold. Only photos with enough good faces have their vectors read."""
    rows_of: dict[int, list[int]] = defaultdict(list)
    for photo, row, ok in zip(photos, rows, good):
        if ok:
            rows_of[photo].append(row)
    bar = 1.0 - (cut - MARGIN)
    found = set()
    for photo, held in rows_of.items():
        if len(held) <= PAIRS:  # fewer faces than that cannot hold the pairs without one repeated
            continue
        faces = vectors[held]
        if np.count_nonzero(np.triu(faces @ faces.T, 1) >= bar) >= PAIRS:
            found.add(int(photo))
    return found


def frame(photo: int, face: int, collages: set[int]) -> int:
    """What 'one photo' means for a face: its photo, or for a face of a collage, its own (the
    negative face id, which no photo id is)."""
    return -int(face) if photo in collages else int(photo)


def frames(photos: Sequence[int], faces: Sequence[int], collages: set[int]) -> list[int]:
    """:func:`frame` of each face."""
    return [frame(photo, face, collages) for photo, face in zip(photos, faces)]
