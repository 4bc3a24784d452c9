"""How many people a grouping threshold would give: the preview behind the strictness slider.

The average-linkage tree is built once; every threshold the slider can take is then read off it,
so moving the slider is a lookup. Building the tree is a long C call that holds the GIL: the
window runs this in a child process.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from .i18n import _

PREVIEW_FACES = 6000  # beyond, an even sample: the tree costs n² memory (6000: 0.14 GB, seconds)
THRESHOLDS = tuple(t / 100 for t in range(30, 91))  # the slider's range, in steps of 0.01


@dataclass(frozen=True)
class ThresholdPreview:
    counts: dict[float, int]  # threshold -> groups of two or more faces
    faces: int  # faces in the library
    sampled: int  # faces the tree was built on

    def people_at(self, threshold: float) -> int:
        nearest = min(self.counts, key=lambda t: abs(t - threshold))
        return self.counts[nearest]

    def sentence(self, threshold: float) -> str:
        sentence = (_("threshold {threshold:.2f}: about {groups} groups from your {faces} faces") if self.sampled < self.faces
                    else _("threshold {threshold:.2f}: {groups} groups from your {faces} faces"))
        return sentence.format(threshold=threshold, groups=self.people_at(threshold), faces=self.faces)


def threshold_preview(vectors: np.ndarray, thresholds=THRESHOLDS, most: int = PREVIEW_FACES,
                      strict: float | None = None) -> ThresholdPreview | None:
    """Groups of two or more faces that average linkage would make at each threshold, cut as grouping
    cuts it (``strict``: the pack's own threshold, see grouping.allowance)."""
    from scipy.cluster.hierarchy import linkage

    from .grouping import cut_linkage

    n = len(vectors)
    if n < 2:
        return None
    sample = vectors if n <= most else vectors[np.linspace(0, n - 1, most).astype(np.int64)]
    sample = sample.astype(np.float64)
    sample /= np.maximum(np.linalg.norm(sample, axis=1, keepdims=True), 1e-12)
    tree = linkage(sample, method="average", metric="cosine")
    scale = n / len(sample)
    counts = {}
    for t in thresholds:
        sizes = np.bincount(cut_linkage(tree, len(sample), t, strict, sample))
        counts[t] = int(round(int((sizes >= 2).sum()) * scale))
    return ThresholdPreview(counts, n, len(sample))
