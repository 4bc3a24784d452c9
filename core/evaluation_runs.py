"""Running an evaluation on a labeled folder (sub-folders are people): its own cached library,
scores at the calibrated and the fixed threshold against baselines, and the simulated user on a
copy. `facealbum eval` and the benchmarks call these."""

from __future__ import annotations

import hashlib
import tempfile
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from . import evaluation as ev
from .errors import FaceAlbumError
from .i18n import _
from .library import Library
from .paths import data_dir
from .simulation import simulate


def eval_library(labeled_dir: Path, pack: str | None):
    """A library of its own per dataset and pack, kept so a second run does no model work."""
    key = hashlib.sha1(f"{labeled_dir.resolve()}|{pack or 'builtin'}".encode()).hexdigest()[:12]
    path = data_dir() / "eval" / f"{labeled_dir.name}-{key}.sqlite"
    lib = Library(path)
    lib.set_pack(pack or "builtin")
    return lib


def evaluate(lib, labeled_dir: Path, thresholds: list[float], calibrated: bool = True) -> dict:
    labeled = ev.labeled_faces(lib.catalog, labeled_dir)
    if not labeled:
        raise FaceAlbumError(_("No labeled faces under {labeled_dir} (expected <folder>/<person>/<photo>)").format(labeled_dir=labeled_dir))
    face_ids = [f for f, _ in labeled]
    truth = [i for _, i in labeled]
    ids, vectors = lib.catalog.embeddings(lib.model_id, face_ids)
    order = {int(f): k for k, f in enumerate(ids)}
    vec = vectors[[order[f] for f in face_ids]]
    rows = []
    fixed = []
    if calibrated:  # what a user gets: the threshold this library chooses for itself
        lib.set_threshold(None)
        lib.regroup()
        t = lib.threshold()
        rows.append((t, ev.score(_("FaceAlbum (calibrated: {t:.2f})").format(t=t), truth, ev.predicted_people(lib.catalog, face_ids))))
        default = lib.default_threshold()
        lib.set_threshold(default)
        lib.regroup()
        fixed.append(ev.score(_("FaceAlbum at the fixed default {default:.2f}").format(default=default), truth,
                              ev.predicted_people(lib.catalog, face_ids)))
    for t in thresholds:
        lib.set_threshold(t)
        lib.regroup()
        rows.append((t, ev.score(_("FaceAlbum (threshold {t:.2f})").format(t=t), truth, ev.predicted_people(lib.catalog, face_ids))))
    greedy = ev.score(_("greedy: first face of each group, similarity > 0.6"), truth, ev.greedy_labels(vec, 0.6))
    dbscan = ev.score(_("DBSCAN cosine eps 0.5, min 3 (Immich)"), truth, ev.dbscan_labels(vec, 0.5, 3))
    ver = ev.verification(vec.astype(np.float64), truth)
    return {"faces": len(labeled), "identities": len(set(truth)), "rows": rows,
            "baselines": [*fixed, greedy, dbscan], "verification": ver}


@contextmanager
def regrouped_copy(lib, labeled_dir: Path, threshold: float | None):
    """A throw-away copy of an evaluation library, regrouped at `threshold` (None: calibrated),
    with its labels, so the cached library stays untouched by what is tried on it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "copy.sqlite"
        lib.catalog.copy_to(path)
        with Library(path, lib.models_dir) as copy:
            copy.set_threshold(threshold)
            copy.regroup()
            yield copy, dict(ev.labeled_faces(copy.catalog, labeled_dir))


def simulate_on_copy(lib, labeled_dir: Path, threshold: float | None, max_answers: int | None):
    with regrouped_copy(lib, labeled_dir, threshold) as (copy, truth):
        return simulate(copy, truth, max_answers)
