"""Two everyday questions: "are these the same person?" and "who is in this photo?"

Both run the pack's own detector and recognizer on the photos given (which need not be in the
catalog), and judge similarity against the pack's calibrated threshold. ``who`` matches the
faces of one photo to the catalog's named people one to one (Hungarian assignment), so no
person is counted twice in a photo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .align import align_face
from .catalog import Catalog
from .errors import FaceAlbumError, ImageError
from .i18n import _
from .imaging import PHOTO_SUFFIXES, load_image
from .models.base import ModelPack

# Similarity distributions of one pack's genuine and impostor pairs (mean, std), measured on
# ../shared/datasets/lfw-dev with `facealbum eval --json` (README, "Calibration").
SCORE_STATS = {
    "sface": {"genuine": (0.690, 0.081), "impostor": (0.089, 0.089)},
    "arcface": {"genuine": (0.60, 0.12), "impostor": (0.02, 0.07)},  # published ArcFace figures
}


@dataclass(frozen=True)
class FoundFace:
    box: tuple[float, float, float, float]  # upright full-resolution pixels
    score: float
    embedding: np.ndarray


@dataclass(frozen=True)
class Verdict:
    similarity: float
    same: bool
    confidence: float  # 0.5..1: how sure, from the pack's genuine/impostor score distributions
    threshold: float


@dataclass(frozen=True)
class CompareResult:
    faces_a: list[FoundFace]
    faces_b: list[FoundFace]
    matrix: np.ndarray  # similarities, faces of A x faces of B
    best: list[tuple[int, int, Verdict]]  # per face of A: (index in A, best face in B, verdict)


@dataclass
class PhotoPeople:
    path: str
    present: list[tuple[str, float, tuple]] = field(default_factory=list)  # name, similarity, box
    unknown: list[tuple] = field(default_factory=list)  # boxes of faces matched to no one
    absent: list[str] = field(default_factory=list)
    error: str | None = None


def find_faces(pack: ModelPack, path: str | Path, max_side: int = 1600) -> list[FoundFace]:
    image = load_image(path, max_side=max_side)
    detections = pack.detector.detect(image.pixels)
    crops = [align_face(image.pixels, d.landmarks) for d in detections]
    vectors = pack.recognizer.embed(crops)
    s = image.scale
    return [FoundFace((d.box[0] * s, d.box[1] * s, d.box[2] * s, d.box[3] * s), d.score, vec)
            for d, vec in zip(detections, vectors)]


def _family(model_id: str) -> str:
    return "sface" if model_id.startswith("sface") else "arcface"


def verdict(pack: ModelPack, similarity: float) -> Verdict:
    return verdict_for(pack.recognizer.id, pack.match_similarity, similarity)


def verdict_for(model_id: str, threshold: float, similarity: float) -> Verdict:
    """The verdict from a model id and threshold alone (no model loaded: the window uses this)."""
    stats = SCORE_STATS[_family(model_id)]
    g_mean, g_std = stats["genuine"]
    i_mean, i_std = stats["impostor"]
    # Likelihood ratio of the two score distributions, equal priors: P(same | similarity).
    log_g = -0.5 * ((similarity - g_mean) / g_std) ** 2 - math.log(g_std)
    log_i = -0.5 * ((similarity - i_mean) / i_std) ** 2 - math.log(i_std)
    p_same = 1.0 / (1.0 + math.exp(max(-50.0, min(50.0, log_i - log_g))))
    same = similarity >= threshold
    return Verdict(float(similarity), same, p_same if same else 1.0 - p_same, threshold)


def compare(pack: ModelPack, path_a, path_b) -> CompareResult:
    faces_a, faces_b = find_faces(pack, path_a), find_faces(pack, path_b)
    if not faces_a or not faces_b:
        empty = path_a if not faces_a else path_b
        raise FaceAlbumError(_("No face found in {empty}: nothing to compare.").format(empty=empty))
    a = np.stack([f.embedding for f in faces_a])
    b = np.stack([f.embedding for f in faces_b])
    matrix = a @ b.T
    best = []
    for i in range(len(faces_a)):
        j = int(np.argmax(matrix[i]))
        best.append((i, j, verdict(pack, float(matrix[i, j]))))
    return CompareResult(faces_a, faces_b, matrix, best)


def named_gallery(catalog: Catalog, model_id: str, names: list[str] | None = None) -> dict[str, np.ndarray]:
    """name -> embeddings of that person's faces (the catalog's named, not hidden people)."""
    gallery: dict[str, list[int]] = {}
    for person in catalog.people(include_hidden=False):
        if not person.name or (names and person.name.lower() not in {n.lower() for n in names}):
            continue
        gallery.setdefault(person.name, []).extend(f.id for f in catalog.faces(person_id=person.id))
    out = {}
    for name, face_ids in gallery.items():
        _ids, vectors = catalog.embeddings(model_id, face_ids)
        if len(vectors):
            out[name] = vectors
    if names:
        missing = [n for n in names if n.lower() not in {k.lower() for k in out}]
        if missing:
            raise FaceAlbumError(_("No named person called {names} with faces for this model pack.").format(names=', '.join(missing)))
    return out


def person_similarity(face: np.ndarray, gallery_vectors: np.ndarray) -> float:
    """Similarity to a person: the mean of the best few of their faces (robust to one odd photo)."""
    sims = np.sort(gallery_vectors @ face)[::-1]
    return float(sims[: min(3, len(sims))].mean())


def who(pack: ModelPack, catalog: Catalog, target: str | Path, people: list[str] | None = None) -> list[PhotoPeople]:
    from scipy.optimize import linear_sum_assignment

    gallery = named_gallery(catalog, pack.recognizer.id, people)
    if not gallery:
        raise FaceAlbumError(_("Nobody is named yet with this model pack: name people first "
                             "(facealbum person rename ID NAME), or scan with the pack they were named with."))
    names = sorted(gallery)
    target = Path(target).expanduser()
    if target.is_dir():
        photos = sorted(p for p in target.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES and p.is_file()
                        and not any(part.startswith(".") for part in p.relative_to(target).parts))
    else:
        photos = [target]
    results = []
    threshold = pack.match_similarity
    for path in photos:
        result = PhotoPeople(str(path))
        try:
            faces = find_faces(pack, path)
        except ImageError as exc:
            result.error = str(exc)
            results.append(result)
            continue
        if faces:
            sims = np.array([[person_similarity(f.embedding, gallery[n]) for n in names] for f in faces])
            rows, cols = linear_sum_assignment(-sims)
            matched = set()
            for r, c in zip(rows, cols):
                if sims[r, c] >= threshold:
                    result.present.append((names[c], float(sims[r, c]), faces[r].box))
                    matched.add(r)
            result.unknown = [f.box for i, f in enumerate(faces) if i not in matched]
            result.present.sort(key=lambda x: x[2][0])
        found = {n for n, _, _ in result.present}
        result.absent = [n for n in names if n not in found] if people else []
        results.append(result)
    return results
