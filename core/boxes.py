"""Face boxes (x1, y1, x2, y2 in upright full-resolution pixels): how much two overlap."""

from __future__ import annotations

from .records import Box


def box_iou(a: Box, b: Box) -> float:
    """Intersection over union: 1 for the same box, 0 for boxes that do not touch."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0
