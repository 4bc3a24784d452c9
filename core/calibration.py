"""Each library's own grouping threshold, chosen from its own faces and the user's answers.

One threshold does not fit every family: East-Asian faces sit closer together, both within and
across people, so the threshold tuned on Western adults splits each person into many groups
(README "Grouping"). The library itself says where to cut:

- Without labels, the cut of the average-linkage tree with the best mean silhouette
  (Rousseeuw 1987): how much closer each face is to its own group than to the next one. Of
  the thresholds within ``SILHOUETTE_TOLERANCE`` of the best, the strictest is taken, and the
  search never goes stricter than the pack's default (tuned for precision on the easy case),
  so a library only loosens when its structure clearly asks for it.
- A library of few faces can cut looser for the same risk: each face has fewer other people's
  faces to be confused with (:func:`few_faces_cut`). Where that cut is looser than the
  silhouette's, it is taken.
- Faces of one photo are different people: a threshold that would put them together
  (more than ``MAX_SAME_PHOTO_MERGED`` of those pairs) is never chosen.
- Every answer is a labelled pair: faces the user placed in one person must be together,
  faces of two named people, "not this person" and "different people" must be apart. With
  enough of them (``MIN_ANSWER_PAIRS`` of each kind) the threshold that satisfies them best is
  chosen, the silhouette only breaking ties.

The estimate works on a sample of at most ``SAMPLE`` faces (labelled faces first), so its cost
is bounded however large the library is.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np

from .catalog import Catalog
from .collages import collage_photos, frames
from .grouping import cluster, good_face, same_photo_pairs
from .i18n import N_, _

SAMPLE = 3000
STEP = 0.02
SPAN = 0.26  # how far past the pack default the search goes (cosine distance)
SILHOUETTE_TOLERANCE = 0.01
MIN_ANSWER_PAIRS = 20
MAX_SAME_PHOTO_MERGED = 0.01
ANSWER_TOLERANCE = 0.005
HIST_BINS = 40
HIST_RANGE = (-0.2, 1.0)
SETTING = "calibration:{model}"
MUST_SIDE = 60
# The cut that few_faces_cut() gives lfw-dev (8,664 good faces, 2,184 people): each face may
# expect this many faces of other people more similar than the cut, estimated from the
# library's own pairs. The pack's default, 0.56, was tuned there, so a library of that many faces
# of that many people keeps it, and a smaller one cuts looser in proportion to its size.
STRANGERS_NEAR = 0.44
SPREAD_SAMPLE = 1000  # faces whose pairs give the library's similarity median and spread
# excess_cut(): how much of the pairs just inside a cut must stand above what chance gives two
# people there (the empirical null) for the cut to be trusted for every merge (0.5: twice as many
# pairs as chance gives), and how wide a band of similarity that is judged on. On the dev sets
# (benchmarks/excess_bench.py) the share just past the pack's cut falls steeply where a crowd of
# adults lies beyond it (lfw-dev: 0.62 inside 0.56, 0.34 inside 0.58, 0.12 inside 0.60) and
# slowly where a child's and the adult's faces lie there (LAG dev: 0.67, 0.54, 0.37, 0.23). A
# normal null has thinner tails than two people's real pairs, so the share overstates how many
# of the pairs are one person (by the labels: lfw-dev 0.38 and 0.16, LAG dev 0.45 and 0.34):
# twice chance is about a third of the pairs one person.
EXCESS_SHARE = 0.5
# Where the user's answers rule the threshold, they are a second witness that the cut is looser:
# the excess need only be half as many pairs again as chance gives (a third above it) for the
# answers' cut to be trusted for every merge that far. Alone the library's pairs cannot be trusted
# there: lfw-dev's share inside 0.58 ranges 0.27-0.36 over samples of 6,000 faces, where a plain
# 0.58 costs it 24 edits; but its answers keep 0.56. On LAG dev the answers choose 0.60-0.64 and
# this trusts 0.60 (share 0.37 inside it): the simulated user's actions a face 0.2111 -> 0.2056.
# Trusting the answers' cut with no such witness (0.2001 there) chains visitors onto the people a
# family has named where those few people fill the library (benchmarks/answers_trust_bench.py).
ANSWERED_EXCESS_SHARE = 1 / 3
EXCESS_BAND = 0.04
EXCESS_MIN_PAIRS = 20  # fewer pairs in a band tell nothing (a library of few faces: few_faces_cut)
EXCESS_SAMPLE = 6000  # faces whose pairs are counted: the tail's mass turns on the spread's third digit


@dataclass(frozen=True)
class Calibration:
    threshold: float
    source: str  # "default" | "library" | "answers"
    default: float
    faces: int  # faces in the sample the estimate used
    same_photo_pairs: int
    answer_pairs: int  # labelled pairs from names, merges, moves, "not this person", "different people"
    must_pairs: int
    cannot_pairs: int
    seconds: float
    # (threshold, mean silhouette, share of labelled pairs kept right or None) for every candidate
    candidates: list = field(default_factory=list)
    # similarity histograms (HIST_BINS over HIST_RANGE): pairs known or estimated to be one
    # person, and pairs known to be two people; their labels kept untranslated (core/i18n.py),
    # shown by genuine_text and impostor_text in the language of the moment
    genuine_hist: list = field(default_factory=list)
    impostor_hist: list = field(default_factory=list)
    genuine_label: str = ""
    impostor_label: str = ""
    # few_faces_cut() of the library, where it chose the threshold (None: it did not)
    few_faces: float | None = None
    # excess_cut() of the library: how far its pairs stand well above chance (None: no further
    # than the pack's cut)
    excess: float | None = None

    @property
    def genuine_text(self) -> str:
        return _(self.genuine_label) if self.genuine_label else ""

    @property
    def impostor_text(self) -> str:
        return _(self.impostor_label) if self.impostor_label else ""

    @property
    def trusted(self) -> float | None:
        """The cut every merge may use, however few faces it joins (grouping.allowance trusts the
        threshold beyond it by the faces behind a merge): pairs as close as the excess cut are
        well above chance here, and it never goes past the threshold. None: the pack's default
        (also where the threshold is the pack's: nothing past it to trust)."""
        cut = None if self.excess is None else min(self.excess, self.threshold)
        return cut if cut is not None and cut > self.default else None

    def describe(self) -> str:
        if self.source == "answers":
            why = (_("from {answer_pairs:,} labelled pairs of your answers").format(answer_pairs=self.answer_pairs)
                   + (_(" and {same_photo_pairs:,} same-photo pairs").format(same_photo_pairs=self.same_photo_pairs) if self.same_photo_pairs else ""))
        elif self.source == "library":
            why = (_("from the structure of {faces:,} of your faces").format(faces=self.faces)
                   + (_(" and {same_photo_pairs:,} same-photo pairs").format(same_photo_pairs=self.same_photo_pairs) if self.same_photo_pairs else ""))
            if self.few_faces is not None:
                why += _("; looser than the pack's {default:.2f}, since a library of this few faces holds few "
                         "strangers to confuse with anyone").format(default=self.default)
        else:
            why = _("the model pack's default (too few faces to measure)")
        if self.trusted is not None and self.source == "answers":
            why += _("; pairs of faces up to {trusted:.2f} apart are half as many again here as chance gives "
                     "two people, and your answers cut at least that far, so any group may join another "
                     "that close").format(trusted=self.trusted)
        elif self.trusted is not None:
            why += _("; pairs of faces up to {trusted:.2f} apart are at least twice as many here as chance "
                     "gives two people, so any group may join another that close").format(trusted=self.trusted)
        return _("threshold {threshold:.2f}, {why}").format(threshold=self.threshold, why=why)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Calibration":
        return cls(**json.loads(text))


def load(catalog: Catalog, model_id: str) -> Calibration | None:
    raw = catalog.get_setting(SETTING.format(model=model_id))
    if not raw:
        return None
    try:
        return Calibration.from_json(raw if isinstance(raw, str) else json.dumps(raw))
    except (TypeError, ValueError):
        return None  # written by another version: recalibrate


def save(catalog: Catalog, model_id: str, calibration: Calibration) -> None:
    catalog.set_setting(SETTING.format(model=model_id), calibration.to_json())


@dataclass
class _Evidence:
    ids: np.ndarray
    vectors: np.ndarray
    must: list[tuple[int, int]]  # row pairs that are one person (the user said so)
    cannot: list[tuple[int, int]]  # row pairs that are two people (the user said so)
    same_photo: list[tuple[int, int]]  # row pairs from one photo
    # Which answer each pair comes from: one person (must), or one pair of people (cannot). An
    # answer is one vote however many faces it spans, so a merge of two big groups does not
    # outvote many "no"s about small ones.
    must_units: list[int] = field(default_factory=list)
    cannot_units: list[int] = field(default_factory=list)
    good_faces: int = 0  # in the whole library, not only the sample
    # A random sample of all the library's good faces (labelled or not): the sample above puts
    # the user's faces first, whose pairs are far more often one person than the library's.
    library_sample: np.ndarray | None = None


def calibrate(catalog: Catalog, model_id: str, default: float, *, seed: int = 0) -> Calibration:
    started = time.monotonic()
    ev = _evidence(catalog, model_id, default, seed)
    n = len(ev.ids)
    if n < 8:
        return Calibration(default, "default", default, n, len(ev.same_photo), 0, 0, 0,
                           time.monotonic() - started)
    candidates = choose_candidates(default)
    rows = _score_candidates(ev, candidates)
    enough = len(ev.must) >= MIN_ANSWER_PAIRS and len(ev.cannot) >= MIN_ANSWER_PAIRS
    few = None if enough else few_faces_cut(ev.vectors, max(ev.good_faces, n), seed)
    excess = excess_cut(ev.library_sample if ev.library_sample is not None else ev.vectors, candidates,
                        ANSWERED_EXCESS_SHARE if enough else EXCESS_SHARE)
    plain = pick(rows, use_answers=enough)
    without_excess = pick(rows, use_answers=enough, few_faces=few)
    # Answers, where there are enough, rule the threshold as they rule the few-faces cut; the
    # excess still says how far any merge may be trusted (Calibration.trusted).
    threshold = pick(rows, use_answers=enough, few_faces=few, excess=None if enough else excess)
    few = few if without_excess > plain else None  # kept only where it chose the threshold
    source = "answers" if enough else "library"
    sims = _pair_sims(ev.vectors, ev.must + ev.cannot + ev.same_photo)
    must_s = sims[:len(ev.must)]
    cannot_s = sims[len(ev.must):]
    if len(ev.must) >= MIN_ANSWER_PAIRS:
        genuine, genuine_label = must_s, N_("your answers: one person")
    else:  # pairs that the chosen cut puts in one group: the library's own estimate
        genuine, genuine_label = _grouped_pair_sims(ev.vectors, threshold, default), N_("estimated: faces grouped together")
    impostor_label = N_("your answers and same-photo pairs: two people") if len(ev.cannot) else N_("same-photo pairs: two people")
    return Calibration(
        threshold=threshold, source=source, default=default, faces=n, same_photo_pairs=len(ev.same_photo),
        answer_pairs=len(ev.must) + len(ev.cannot), must_pairs=len(ev.must), cannot_pairs=len(ev.cannot),
        seconds=time.monotonic() - started,
        candidates=[[t, s, a] for t, s, a, _ in rows],
        genuine_hist=_hist(genuine), impostor_hist=_hist(cannot_s),
        genuine_label=genuine_label, impostor_label=impostor_label, few_faces=few, excess=excess)


def choose_candidates(default: float) -> list[float]:
    steps = int(round(SPAN / STEP))
    return [round(default + STEP * i, 4) for i in range(steps + 1)]


def pick(rows: list[tuple[float, float, float | None, float | None]], use_answers: bool,
         few_faces: float | None = None, excess: float | None = None) -> float:
    """rows: (threshold, silhouette, answers kept right, same-photo pairs merged).
    ``few_faces``, ``excess``: the library's :func:`few_faces_cut` and :func:`excess_cut`; the
    loosest candidate up to either is taken where the silhouette's is stricter (same-photo pairs
    still rule candidates out)."""
    allowed = [r for r in rows if r[3] is None or r[3] <= MAX_SAME_PHOTO_MERGED] or rows[:1]
    if use_answers:
        best = max(r[2] or 0.0 for r in allowed)
        allowed = [r for r in allowed if (r[2] or 0.0) >= best - ANSWER_TOLERANCE]
    best_sil = max(r[1] for r in allowed)
    chosen = min(r[0] for r in allowed if r[1] >= best_sil - SILHOUETTE_TOLERANCE)
    for loose in (few_faces, excess):
        if loose is not None:
            chosen = max([chosen] + [r[0] for r in allowed if r[0] <= loose + 1e-9])
    return chosen


def excess_cut(vectors: np.ndarray, candidates: list[float], share: float = EXCESS_SHARE) -> float | None:
    """The loosest of ``candidates`` (cosine distance, the pack's first) up to which, band by
    band, the library's pairs stand well above what chance gives two people there: a ``share``
    of them above it (EXCESS_SHARE, twice chance; ANSWERED_EXCESS_SHARE, half as many again,
    where answers rule the threshold). None where the pack's own cut is as far as that goes.

    Nearly every pair of a library's faces is two people, so the median and spread (MAD) of its
    pairs give the chance two people have of each similarity (an empirical null, as in Efron's
    local false discovery rate); the pairs beyond it are of one person. Where the same people's
    faces lie past the pack's cut (a child's and the adult's), the excess goes on past it; where
    a crowd does (adults seen once beside others seen often), it stops there. Where a few people
    fill the library (blackpink: a quarter of its pairs are one person), they lift the null
    itself, so no excess shows and the silhouette rules (see pick())."""
    chosen = None
    for cut, seen, chance in excess_bands(vectors, candidates):
        if seen < EXCESS_MIN_PAIRS or (seen - chance) / seen < share:
            break
        chosen = cut
    return chosen if chosen is not None and chosen > candidates[0] else None


def excess_bands(vectors: np.ndarray, candidates: list[float]) -> list[tuple[float, float, float]]:
    """(cut, pairs seen, pairs chance gives two people) in the band of EXCESS_BAND just inside
    each cut, over every pair of ``vectors``; empty where they are too few to tell."""
    from scipy.stats import norm

    if len(vectors) < 8:
        return []
    counts, edges = _pair_histogram(vectors)
    total = float(counts.sum())
    centres = (edges[:-1] + edges[1:]) / 2
    median = float(centres[np.searchsorted(np.cumsum(counts), total / 2)])
    deviation = np.abs(centres - median)
    order = np.argsort(deviation, kind="stable")
    spread = 1.4826 * float(deviation[order][np.searchsorted(np.cumsum(counts[order]), total / 2)])
    if spread <= 0:
        return []
    bands = []
    for cut in candidates:
        low = 1.0 - cut
        high = low + EXCESS_BAND
        seen = float(counts[(centres >= low) & (centres < high)].sum())
        chance = total * float(norm.cdf((high - median) / spread) - norm.cdf((low - median) / spread))
        bands.append((cut, seen, chance))
    return bands


def _pair_histogram(vectors: np.ndarray, bins: int = 20000) -> tuple[np.ndarray, np.ndarray]:
    """Counts of the similarities of every pair of ``vectors`` (unit rows) in ``bins`` equal bins
    over [-1, 1], a block of rows at a time: fine bins, so the spread, on which a normal tail's
    mass turns, is not rounded."""
    v = vectors.astype(np.float32)
    counts = np.zeros(bins, np.int64)
    for start in range(0, len(v), 1024):
        block = v[start:start + 1024] @ v[start:].T
        upper = block[~np.tri(block.shape[0], block.shape[1], 0, dtype=bool)]
        index = ((upper + 1.0) * (bins / 2)).astype(np.int32)
        counts += np.bincount(np.clip(index, 0, bins - 1), minlength=bins)
    return counts, np.linspace(-1.0, 1.0, bins + 1)


def few_faces_cut(vectors: np.ndarray, faces: int, seed: int = 0) -> float:
    """The loosest cut (cosine distance) at which each of a library's ``faces`` faces may expect
    STRANGERS_NEAR faces of other people closer than it.

    Nearly every pair of a library's faces is two people, so the median and spread (MAD) of the
    pairs of a sample (``vectors``) say how similar two people are there, and a normal tail says
    how many of the library's pairs pass a cut by chance: the more faces, the more of them, so
    the stricter the cut. The silhouette cannot see this: a child's and the adult's groups are
    two tight clusters at any library size. On parts of LAG dev of 30 people this loosens the cut
    to 0.60-0.62 (F 0.775 -> 0.782, 0.745 -> 0.758, 0.812 -> 0.851: benchmarks/subset_bench.py),
    and parts of lfw-dev lose nothing; whole dev sets keep what they had (LAG dev 0.568, lfw-dev
    0.558, both 0.56 after rounding down to a candidate). Where a few people fill the library
    (blackpink: a quarter of its pairs are one person), the median and spread rise and this cut
    only gets stricter, so the silhouette's stands."""
    from scipy.stats import norm

    if len(vectors) < 3 or faces < 3:
        return 0.0
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(vectors), SPREAD_SAMPLE, replace=False) if len(vectors) > SPREAD_SAMPLE else np.arange(len(vectors))
    v = vectors[rows].astype(np.float64)
    sims = (v @ v.T)[np.triu_indices(len(v), 1)]
    median = float(np.median(sims))
    spread = 1.4826 * float(np.median(np.abs(sims - median)))
    chance = min(0.5, STRANGERS_NEAR / (faces - 1))
    return 1.0 - (median + spread * float(norm.isf(chance)))


def _score_candidates(ev: _Evidence, candidates: list[float]):
    """Each candidate scored on the plain cut of the tree there: the silhouette measures how tight
    the library's people are at that scale (grouping then trusts a looser scale in proportion to
    the faces behind each merge, grouping.allowance)."""
    from scipy.cluster.hierarchy import fcluster, linkage

    v = ev.vectors.astype(np.float64)
    dist = np.clip(1.0 - v @ v.T, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    iu = np.triu_indices(len(v), 1)
    tree = linkage(dist[iu], method="average")
    must = np.asarray(ev.must, np.int64).reshape(-1, 2)
    cannot = np.asarray(ev.cannot, np.int64).reshape(-1, 2)
    same = np.asarray(ev.same_photo, np.int64).reshape(-1, 2)
    must_units = np.asarray(ev.must_units or [0] * len(must), np.int64)
    cannot_units = np.asarray(ev.cannot_units or [0] * len(cannot), np.int64)
    rows = []
    for t in candidates:
        labels = fcluster(tree, t=t, criterion="distance")
        sil = silhouette(dist, labels)
        kept = None
        if len(must) and len(cannot):
            # The share of answers kept, each answer by the share of its face pairs kept.
            together = _unit_shares(labels[must[:, 0]] == labels[must[:, 1]], must_units)
            apart = _unit_shares(labels[cannot[:, 0]] != labels[cannot[:, 1]], cannot_units)
            kept = float((together.sum() + apart.sum()) / (len(together) + len(apart)))
        merged = float((labels[same[:, 0]] == labels[same[:, 1]]).mean()) if len(same) else None
        rows.append((t, sil, kept, merged))
    return rows


def _unit_shares(right: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Per answer, the share of its pairs that the cut gets right."""
    _units, inv = np.unique(units, return_inverse=True)
    return np.bincount(inv, weights=right.astype(np.float64)) / np.bincount(inv)


def silhouette(dist: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over all faces (a face alone in its group counts 0, as in scikit-learn)."""
    from scipy import sparse

    n = len(labels)
    uniq, inv, counts = np.unique(labels, return_inverse=True, return_counts=True)
    if len(uniq) < 2 or len(uniq) == n:
        return 0.0
    # Each face's summed distance to each group, as a sparse membership matrix times the
    # (symmetric) distances: n^2 additions, where a dense one-hot product costs n^2 per group.
    member = sparse.csr_matrix((np.ones(n), (inv, np.arange(n))), shape=(len(uniq), n))
    sums = np.asarray(member @ dist).T
    own = sums[np.arange(n), inv]
    own_n = counts[inv] - 1
    a = np.where(own_n > 0, own / np.maximum(own_n, 1), 0.0)
    others = sums / counts[None, :]
    others[np.arange(n), inv] = np.inf
    b = others.min(1)
    s = np.where(own_n > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def _evidence(catalog: Catalog, model_id: str, cut: float, seed: int) -> _Evidence:
    rows = catalog.calibration_faces()
    ids_all, vecs_all = catalog.embeddings(model_id, [r[0] for r in rows])
    index = {int(f): i for i, f in enumerate(ids_all)}
    info = {r[0]: r for r in rows if r[0] in index}
    # Faces the user placed are the answers: they come first; the rest is a random sample of seeds.
    labelled = [f for f, r in info.items() if r[3] == "user" and r[2] is not None]
    rng = np.random.default_rng(seed)
    labelled = list(rng.permutation(labelled)[:SAMPLE // 2]) if len(labelled) > SAMPLE // 2 else labelled
    chosen = set(labelled)
    others = [f for f, r in info.items() if f not in chosen and good_face(r[4], r[5])]
    room = SAMPLE - len(labelled)
    if len(others) > room:
        others = list(rng.choice(others, room, replace=False))
    faces = [int(f) for f in labelled] + [int(f) for f in others]
    row_of = {f: i for i, f in enumerate(faces)}
    vectors = vecs_all[[index[f] for f in faces]] if faces else np.empty((0, 0), np.float32)
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    must_units: list[int] = []
    cannot_units: list[int] = []
    unit_of: dict[tuple, int] = {}

    def unit(key: tuple) -> int:
        return unit_of.setdefault(key, len(unit_of))

    by_person: dict[int, list[int]] = defaultdict(list)
    for f in labelled:
        person = info[f][2]
        if person is not None:  # always, for a labelled face
            by_person[person].append(row_of[int(f)])
    for person, rows_ in by_person.items():
        rows_ = rows_[:MUST_SIDE]  # pairs grow as the square of a person's faces
        pairs = [(a, b) for i, a in enumerate(rows_) for b in rows_[i + 1:]]
        must += pairs
        must_units += [unit(("person", person))] * len(pairs)
    # Two named people are two people (a spread of each, so big people do not swamp the rest).
    names = catalog.person_names()
    named_people = [p for p in by_person if names.get(p)]
    for i, p in enumerate(named_people):
        for q in named_people[i + 1:]:
            pairs = [(a, b) for a in by_person[p][:30] for b in by_person[q][:30]]
            cannot += pairs
            cannot_units += [unit(("apart", min(p, q), max(p, q)))] * len(pairs)
    for face, other in catalog.separation_pairs(faces) + catalog.rejection_pairs(faces):
        cannot.append((row_of[face], row_of[other]))
        # One "no" keeps two groups apart: its pairs are one answer, named by the two people the
        # faces are in now (a face in nobody stands for itself).
        a = info[face][2] if info[face][2] is not None else ("face", face)
        b = info[other][2] if info[other][2] is not None else ("face", other)
        cannot_units.append(unit(("apart", *sorted((a, b), key=str))))
    embedded = list(info.values())
    collages = collage_photos([r[1] for r in embedded], [index[r[0]] for r in embedded],
                              [good_face(r[4], r[5]) for r in embedded], vecs_all, cut)
    same_photo = same_photo_pairs(frames([info[f][1] for f in faces], faces, collages))
    good_ids = [f for f, r in info.items() if good_face(r[4], r[5])]
    good = len(good_ids)
    if len(good_ids) > EXCESS_SAMPLE:
        good_ids = list(np.random.default_rng(seed + 1).choice(good_ids, EXCESS_SAMPLE, replace=False))
    library_sample = vecs_all[[index[int(f)] for f in good_ids]] if good_ids else None
    return _Evidence(np.asarray(faces, np.int64), vectors, must, cannot, same_photo, must_units, cannot_units,
                     good, library_sample)


def _pair_sims(vectors: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    if not pairs:
        return np.empty(0)
    p = np.asarray(pairs, np.int64)
    return np.einsum("ij,ij->i", vectors[p[:, 0]], vectors[p[:, 1]]).astype(np.float64)


def _grouped_pair_sims(vectors: np.ndarray, threshold: float, strict: float, most: int = 20000) -> np.ndarray:
    labels = cluster(vectors, threshold, strict=strict)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        groups[int(label)].append(i)
    pairs = [(a, b) for rows in groups.values() if len(rows) > 1 for i, a in enumerate(rows) for b in rows[i + 1:]]
    if len(pairs) > most:
        keep = np.random.default_rng(0).choice(len(pairs), most, replace=False)
        pairs = [pairs[k] for k in keep]
    return _pair_sims(vectors, pairs)


def _hist(sims: np.ndarray) -> list[int]:
    return np.histogram(sims, bins=HIST_BINS, range=HIST_RANGE)[0].astype(int).tolist()
