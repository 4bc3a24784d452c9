"""Measuring grouping against ground truth: BCubed, pairwise F, user edits, baselines, ROC.

A labeled folder is ``<root>/<identity>/<photo>``; the labeled face of a photo is the face
nearest its centre (LFW photos often show other people behind the subject).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .catalog import Catalog
from .i18n import _


@dataclass(frozen=True)
class Scores:
    method: str
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f: float
    pairwise_f: float
    clusters: int  # predicted groups of two or more faces
    identities: int  # identities with two or more labeled faces
    edits: int  # moves of misgrouped faces + merges of split people
    edits_per_face: float


def bcubed(truth: list, pred: list) -> tuple[float, float, float]:
    t_list, p_list = np.asarray(truth).tolist(), np.asarray(pred).tolist()
    pairs = Counter(zip(t_list, p_list))
    t_size, p_size = Counter(t_list), Counter(p_list)
    n = len(t_list)
    # For each item: |same cluster and same identity| / |same cluster| (precision), / |same identity| (recall).
    precision = sum(c * c / p_size[p] for (t, p), c in pairs.items()) / n
    recall = sum(c * c / t_size[t] for (t, p), c in pairs.items()) / n
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f


def pairwise_f(truth: list, pred: list) -> float:
    pairs = Counter(zip(truth, pred))
    same_both = sum(c * (c - 1) / 2 for c in pairs.values())
    same_pred = sum(c * (c - 1) / 2 for c in Counter(pred).values())
    same_truth = sum(c * (c - 1) / 2 for c in Counter(truth).values())
    if not same_pred or not same_truth:
        return 0.0
    p, r = same_both / same_pred, same_both / same_truth
    return 2 * p * r / (p + r) if p + r else 0.0


def edits_needed(truth: list, pred: list) -> int:
    """Moves (faces not of their group's majority identity) + merges (extra groups per identity).

    A face left on its own counts as a move when its identity has a group to join.
    """
    clusters: dict = defaultdict(list)
    for t, p in zip(truth, pred):
        clusters[p].append(t)
    moves = 0
    majority_groups: dict = defaultdict(int)
    loose: Counter = Counter()
    for members in clusters.values():
        if len(members) == 1:
            loose[members[0]] += 1
            continue
        ident, count = Counter(members).most_common(1)[0]
        moves += len(members) - count
        majority_groups[ident] += 1
    merges = sum(k - 1 for k in majority_groups.values())
    for ident, n in loose.items():
        if majority_groups.get(ident):
            moves += n  # each joins the identity's group
        elif n >= 2:
            moves += n - 1  # one becomes the group, the others join it
    return moves + merges


def score(method: str, truth: list, pred: list) -> Scores:
    p, r, f = bcubed(truth, pred)
    edits = edits_needed(truth, pred)
    return Scores(method, p, r, f, pairwise_f(truth, pred),
                  sum(1 for c in Counter(pred).values() if c >= 2),
                  sum(1 for c in Counter(truth).values() if c >= 2), edits, edits / max(1, len(truth)))


# -- baselines on the same embeddings --------------------------------------------------------
def greedy_labels(vectors: np.ndarray, similarity: float = 0.6) -> list[int]:
    """The seeds' loop: each face joins the first group whose first face it matches."""
    firsts: list[np.ndarray] = []
    labels = []
    for v in vectors:
        for i, f in enumerate(firsts):
            if float(v @ f) > similarity:
                labels.append(i)
                break
        else:
            firsts.append(v)
            labels.append(len(firsts) - 1)
    return labels


def dbscan_labels(vectors: np.ndarray, eps: float = 0.5, min_samples: int = 3) -> list[int]:
    """Immich's parameters: cosine distance 0.5, three faces start a person; noise stays alone."""
    from sklearn.cluster import DBSCAN

    raw = DBSCAN(eps=eps, min_samples=min_samples, metric="cosine").fit_predict(vectors)
    top = raw.max() + 1
    return [int(x) if x >= 0 else top + i for i, x in enumerate(raw)]


# -- reading a labeled catalog -----------------------------------------------------------------
def labeled_faces(catalog: Catalog, root: str | Path) -> list[tuple[int, str]]:
    """(face id, identity) for the face nearest the centre of each photo under ``root``."""
    # abspath, not resolve: the scan stores paths as found, through any symbolic links.
    root = Path(os.path.abspath(os.path.expanduser(str(root))))
    out: list[tuple[int, str]] = []
    for photo in catalog.photos(status="done", under=str(root)):
        faces = catalog.faces(photo_id=photo.id)
        if not faces or not photo.width or not photo.height:
            continue
        cx, cy = photo.width / 2, photo.height / 2
        face = min(faces, key=lambda f: ((f.box[0] + f.box[2]) / 2 - cx) ** 2 + ((f.box[1] + f.box[3]) / 2 - cy) ** 2)
        rel = Path(photo.path).relative_to(root)
        if len(rel.parts) >= 2:
            out.append((face.id, rel.parts[0]))
    return out


def predicted_people(catalog: Catalog, face_ids: list[int]) -> list:
    person = catalog.face_people()
    return [person.get(f) if person.get(f) is not None else f"alone-{f}" for f in face_ids]


# -- verification: ROC over pairs -------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    auc: float
    suggested_similarity: float  # the threshold with the best F1 over pairs
    genuine: tuple[float, float]  # mean, std
    impostor: tuple[float, float]
    genuine_pairs: int
    impostor_pairs: int
    curve: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # fpr, tpr, thresholds


def verification(vectors: np.ndarray, identities: list[str], max_impostors: int = 200_000,
                 seed: int = 0) -> Verification | None:
    """ROC over all same-person pairs and a sample of different-person pairs (numpy only, so the
    window can ask for it without importing scikit-learn)."""
    labels = np.asarray(identities)
    by_id: dict = defaultdict(list)
    for i, ident in enumerate(labels):
        by_id[ident].append(i)
    gen = [vectors[a] @ vectors[b] for idx in by_id.values() for k, a in enumerate(idx) for b in idx[k + 1:]]
    rng = np.random.default_rng(seed)
    n = len(labels)
    if not gen or n < 3:
        return None
    a = rng.integers(0, n, max_impostors)
    b = rng.integers(0, n, max_impostors)
    keep = labels[a] != labels[b]
    imp = np.einsum("ij,ij->i", vectors[a[keep]], vectors[b[keep]])
    if not len(imp):
        return None
    genuine = np.asarray(gen, dtype=np.float64)
    scores = np.r_[genuine, imp]
    is_gen = np.r_[np.ones(len(genuine), bool), np.zeros(len(imp), bool)]
    from scipy.stats import rankdata

    ranks = rankdata(scores)
    auc = float((ranks[is_gen].sum() - len(genuine) * (len(genuine) + 1) / 2) / (len(genuine) * len(imp)))
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(is_gen[order]) / len(genuine)  # true match rate at each cut
    fp = np.cumsum(~is_gen[order]) / len(imp)  # false match rate
    # Balanced F1 (as if pairs of both kinds were equally many), so the impostor flood does not rule.
    precision = tp / np.maximum(tp + fp, 1e-12)
    f1 = 2 * precision * tp / np.maximum(precision + tp, 1e-12)
    best = int(np.argmax(f1))
    return Verification(auc, float(scores[order][best]), (float(genuine.mean()), float(genuine.std())),
                        (float(imp.mean()), float(imp.std())), len(genuine), len(imp),
                        (np.r_[0.0, fp], np.r_[0.0, tp], np.r_[np.inf, scores[order]]))


def _finish(plt, fig, ax, path: Path) -> Path:
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def save_plots(folder: str | Path, sweep_rows: list[tuple[float, Scores]], ver: Verification | None,
               simulations: Sequence = ()) -> list[Path]:
    try:
        import matplotlib
    except ImportError as exc:
        from .errors import FaceAlbumError

        raise FaceAlbumError(_("Plots need matplotlib: pip install 'facealbum[plots]' (or pip install matplotlib).")) \
            from exc

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    if ver is not None and ver.curve is not None:
        fpr, tpr, _cuts = ver.curve
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.plot(fpr, tpr, label=_("AUC {auc:.4f}").format(auc=ver.auc))
        ax.set_xscale("log")
        ax.set_xlim(1e-5, 1)
        ax.set_xlabel(_("false match rate"))
        ax.set_ylabel(_("true match rate"))
        ax.set_title(_("ROC of face pairs"))
        out.append(_finish(plt, fig, ax, folder / "roc.png"))
    sweep_rows = sorted(sweep_rows, key=lambda row: row[0])
    if len(sweep_rows) > 1:
        fig, ax = plt.subplots(figsize=(6, 4))
        ts = [t for t, _ in sweep_rows]
        ax.plot(ts, [s.bcubed_precision for _, s in sweep_rows], label=_("BCubed precision"))
        ax.plot(ts, [s.bcubed_recall for _, s in sweep_rows], label=_("BCubed recall"))
        ax.plot(ts, [s.bcubed_f for _, s in sweep_rows], label=_("BCubed F"))
        ax.set_xlabel(_("grouping threshold (cosine distance)"))
        ax.set_title(_("Precision / recall over thresholds"))
        out.append(_finish(plt, fig, ax, folder / "precision_recall.png"))
    if simulations:
        fig, ax = plt.subplots(figsize=(6, 4))
        for label, sim in simulations:
            ax.plot([a for a, _, _ in sim.curve], [f for _, f, _ in sim.curve], marker="o",
                    label=_("{label}: {actions_per_face:.3f} actions/face").format(label=label, actions_per_face=sim.actions_per_face))
        ax.set_xlabel(_("answers to the app's questions"))
        ax.set_ylabel(_("BCubed F"))
        ax.set_title(_("Simulated user: quality after N answers"))
        out.append(_finish(plt, fig, ax, folder / "simulated_user.png"))
    return out
