"""Whether the length of SFace's raw embedding says how far a pair of faces may be trusted.

FaceAlbum keeps only the direction of each embedding (unit vectors). The raw length is known to
track how recognisable a face is for margin-trained models (MagFace, AdaFace). Here each dev
set's faces are embedded again from their photos with the built-in SFace, the face as it is and
mirrored; a face's norm is the smaller of the two raw lengths. Two figures per dev set:

1. Among the labelled pairs, the share that are one person, by the smaller norm of the pair and
   by similarity. Where the share crosses one half is where a pair of such faces is as likely one
   person as two.
2. The first pass at the calibrated cut, as the app groups it (edits, BCubed F), and the
   simulated user's actions a face, with the pair similarities in the average-linkage tree moved
   by the norm: by how far that crossing lies from the one at the median norm (NORM_POINTS), for
   every pair ("both"), only pairs past the median norm ("high", moved stricter) or only pairs
   short of it ("low", moved looser). Calibration, the steps that attach faces left alone and
   the questions still see the plain similarity.

    python benchmarks/norm_bench.py DIR [DIR ...]

The norms are kept beside the eval library (<library>.norms.npz); the first run embeds every
face again (about 25 ms a face). Figures per dev set, never one number.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import arguments, dev_library, fmt_table, report  # noqa: E402

# (norm, similarity where half the pairs are one person), read from table 1 on LAG dev and
# lfw-dev, which agree within 0.01 at every norm: 0.42 / 0.43-0.44 / 0.45-0.46 / 0.49-0.50 /
# 0.54-0.55 from the lowest band to the highest.
NORM_POINTS = np.array([[10.0, 0.42], [11.0, 0.435], [12.0, 0.455], [13.0, 0.495], [14.2, 0.545]])
MEDIAN_NORM = 12.35  # both sets' median (12.3-12.4)
SIMILARITY_BANDS = np.arange(0.30, 0.62, 0.04)
NORM_BANDS = (0.0, 10.5, 11.5, 12.5, 13.5, 99.0)
SIDES = ("none", "both", "high", "low")


def norms(lib) -> dict[int, float]:
    """face id -> the smaller raw length of its SFace embedding, as it is and mirrored."""
    from facealbum.core.align import align_face
    from facealbum.core.imaging import ImageError, load_image
    from facealbum.core.models.builtin import builtin_recognizer

    cache = lib.path.with_suffix(".norms.npz")
    if cache.exists():
        kept = np.load(cache)
        return dict(zip(kept["ids"].tolist(), kept["norms"].tolist()))
    rec = builtin_recognizer(age_free=False)
    by_photo = defaultdict(list)
    for face in lib.catalog.faces():
        if face.landmarks is not None:
            by_photo[face.photo_id].append(face)
    out: dict[int, float] = {}
    batch: list[tuple[int, np.ndarray]] = []

    def flush() -> None:
        blob = np.stack([a[:, :, ::-1].transpose(2, 0, 1) for _, a in batch]).astype(np.float32)
        # The recognizer's own run, before its output is normalised (what embed() returns).
        plain = np.linalg.norm(rec._run(blob), axis=1)
        mirrored = np.linalg.norm(rec._run(np.ascontiguousarray(blob[:, :, :, ::-1])), axis=1)
        out.update((fid, float(min(a, b))) for (fid, _), a, b in zip(batch, plain, mirrored))
        batch.clear()

    for photo_id, faces in by_photo.items():
        try:
            image = load_image(lib.catalog.photo(photo_id).path)
        except ImageError:
            continue
        batch.extend((f.id, align_face(image.pixels, np.asarray(f.landmarks, np.float64))) for f in faces)
        if len(batch) >= 64:
            flush()
    if batch:
        flush()
    np.savez(cache, ids=np.array(list(out)), norms=np.array(list(out.values())))
    return out


def crossing_table(name: str, lib, truth: dict[int, str], norm: dict[int, float]) -> list[list[str]]:
    faces = [f for f in truth if f in norm]
    ids, vectors = lib.catalog.embeddings(lib.model_id, faces)
    row = {int(f): k for k, f in enumerate(ids)}
    faces = [f for f in faces if f in row]
    v = vectors[[row[f] for f in faces]].astype(np.float32)
    labels = np.array([truth[f] for f in faces])
    n = np.array([norm[f] for f in faces])
    iu = np.triu_indices(len(faces), 1)
    sims = (v @ v.T)[iu]
    same = labels[iu[0]] == labels[iu[1]]
    low = np.minimum(n[iu[0]], n[iu[1]])
    rows = []
    for lo, hi in zip(NORM_BANDS[:-1], NORM_BANDS[1:]):
        cells = []
        for s in SIMILARITY_BANDS:
            inside = (low >= lo) & (low < hi) & (sims >= s) & (sims < s + 0.04)
            cells.append(f"{same[inside].mean():.2f} ({inside.sum()})" if inside.any() else "-")
        rows.append([name, f"{lo:.1f}-{hi:.1f}" if hi < 99 else f"{lo:.1f}+", *cells])
    return rows


def _shift(low_norm: np.ndarray, side: str) -> np.ndarray:
    shift = np.interp(low_norm, NORM_POINTS[:, 0], NORM_POINTS[:, 1]) - np.interp(MEDIAN_NORM, *NORM_POINTS.T)
    if side == "high":
        return np.maximum(shift, 0.0)
    if side == "low":
        return np.minimum(shift, 0.0)
    return shift


def shifted_grouping(norm_of_row: dict[bytes, float], side: str):
    """Patches grouping's dense linkage to move each pair's similarity by its faces' norms; returns
    a function that undoes it."""
    from scipy.cluster.hierarchy import linkage

    from facealbum.core import grouping

    dense, components = grouping._dense_average_linkage, grouping._exact_components
    reach = float(-_shift(np.array([0.0]), "low")[0])  # the most a pair may come closer

    def shifted(vectors, threshold, cannot=None, strict=None):
        v = np.asarray(vectors, np.float32)
        n = len(v)
        norm = np.array([norm_of_row.get(r.tobytes(), MEDIAN_NORM) for r in v])
        low = np.minimum(norm[:, None], norm[None, :])
        iu = np.triu_indices(n, 1)
        condensed = np.clip(1.0 - ((v @ v.T) - _shift(low, side))[iu], 0.0, 2.0).astype(np.float64)
        if cannot is not None and len(cannot):
            ci, cj = cannot[:, 0], cannot[:, 1]
            condensed[n * ci - ci * (ci + 1) // 2 + (cj - ci - 1)] = 2.0
        return grouping.cut_linkage(linkage(condensed, method="average"), n, threshold, strict, v, cannot)

    grouping._dense_average_linkage = shifted
    grouping._exact_components = lambda vectors, threshold: components(vectors, threshold + reach)

    def undo() -> None:
        grouping._dense_average_linkage, grouping._exact_components = dense, components
    return undo


def main() -> int:
    args = arguments(__doc__, folders=True).parse_args()

    from facealbum.core import evaluation as ev
    from facealbum.core.evaluation_runs import regrouped_copy
    from facealbum.core.simulation import simulate

    crossings, passes = [], []
    for folder in args.folders:
        lib = dev_library(folder)
        try:
            norm = norms(lib)
            truth = dict(ev.labeled_faces(lib.catalog, folder))
            crossings += crossing_table(folder.name, lib, truth, norm)
            ids, vectors = lib.catalog.embeddings(lib.model_id)
            norm_of_row = {vectors[k].astype(np.float32).tobytes(): norm[int(f)]
                           for k, f in enumerate(ids) if int(f) in norm}
            for side in SIDES:
                undo = shifted_grouping(norm_of_row, side) if side != "none" else (lambda: None)
                try:
                    with regrouped_copy(lib, folder, None) as (copy, labels):
                        faces = list(labels)
                        s = ev.score("", [labels[f] for f in faces], ev.predicted_people(copy.catalog, faces))
                        cut = copy.threshold()
                        sim = simulate(copy, labels)  # from that first pass, as simulate_on_copy would
                finally:
                    undo()
                passes.append([folder.name, side, f"{cut:.2f}", f"{s.bcubed_f:.4f}", f"{s.clusters} / {s.identities}",
                               str(s.edits), f"{sim.corrections_per_face:.4f}"])
        finally:
            lib.close()
    header = ["set", "smaller norm", *(f"{s:.2f}-{s + 0.04:.2f}" for s in SIMILARITY_BANDS)]
    report("Share of labelled pairs that are one person (pairs), by the pair's smaller norm and similarity\n"
           + fmt_table(crossings, header)
           + "\n\nThe first pass and the simulated user with the tree's similarities moved by the norm\n"
           + fmt_table(passes, ["set", "moved", "cut", "B3 F", "groups / people", "edits", "actions / face"]),
           args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
