"""A simulated user on a labeled folder: how many actions it takes to get every person right.

After a fresh scan the simulated user answers the app's own questions from the folder labels
(merge suggestions, "is this X?", "name this group"), regroups when the app would (after every
``REGROUP_EVERY`` answers), stops asking when the questions stop paying (``GIVE_UP`` "no"s in a
row, or none left), names each person once, and fixes what is left by moves and merges. Every
answer, skip, name, move and merge counts one action: the effort a family spends. The user passes
over "name this group" while answering and names every group at the end. A group given a name
that another group already has is a merge, not a name: the effort beyond naming each person once
(``corrections_per_face``, comparable with ``edits_needed``, which counts merges too) holds the
answers, those merges and the fixes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .evaluation import edits_needed, predicted_people, score

REGROUP_EVERY = 10
GIVE_UP = 10
CHECKPOINTS = (0, 10, 50)


@dataclass
class Simulation:
    faces: int
    answers: int = 0
    names: int = 0  # one per person named
    merges: int = 0  # groups given a name already in use, which merges them with its person
    fixes: int = 0  # moves and merges after the names
    curve: list = field(default_factory=list)  # (answers so far, BCubed F, groups)
    final_f: float = 0.0

    @property
    def actions(self) -> int:
        return self.answers + self.names + self.merges + self.fixes

    @property
    def actions_per_face(self) -> float:
        return self.actions / max(1, self.faces)

    @property
    def corrections_per_face(self) -> float:
        """The effort beyond naming each person once: answers, merges and fixes (comparable with
        ``edits_per_face``, which counts the moves and merges left after the first pass)."""
        return (self.answers + self.merges + self.fixes) / max(1, self.faces)


def simulate(lib, truth: dict[int, str], max_answers: int | None = None) -> Simulation:
    """``truth``: face id -> identity. The library is changed as the user would change it."""
    from .review import answer, record_answer, review_queue, skip_key

    faces = list(truth)
    labels = [truth[f] for f in faces]
    sim = Simulation(len(faces))

    def measure() -> None:
        s = score("", labels, predicted_people(lib.catalog, faces))
        sim.curve.append((sim.answers, s.bcubed_f, s.clusters))

    measure()
    skipped: set = set()
    noes = 0
    since_regroup = 0
    while max_answers is None or sim.answers < max_answers:
        queue = review_queue(lib.catalog, lib.model_id, lib.threshold(), limit=50, skipped=skipped,
                             strict=lib.default_threshold())
        # "Name this group" is passed over: naming is done once, at the end, and counted as names.
        names = [q for q in queue if q.kind == "name-group"]
        skipped.update(skip_key(q) for q in names)
        queue = [q for q in queue if q.kind != "name-group"]
        if names and not queue:
            continue
        if not queue or noes >= GIVE_UP:
            break
        item = queue[0]
        reply, name = labelled_reply(lib.catalog, truth, item)
        if reply == "skip":
            skipped.add(skip_key(item))
            record_answer(lib.catalog, item, "skip")
        else:
            answer(lib.people, item, reply, name)
        sim.answers += 1
        since_regroup += 1
        noes = noes + 1 if reply == "no" else 0
        if since_regroup >= REGROUP_EVERY:
            lib.regroup()
            since_regroup = 0
        if sim.answers in CHECKPOINTS:
            measure()
    if since_regroup:
        lib.regroup()
    if not sim.curve or sim.curve[-1][0] != sim.answers:
        measure()
    sim.names, sim.merges = _name_everyone(lib, truth)
    pred = predicted_people(lib.catalog, faces)
    sim.fixes = edits_needed(labels, pred)
    sim.final_f = score("", labels, pred).bcubed_f
    return sim


def _identity(catalog, truth: dict[int, str], person_id: int) -> str | None:
    votes = Counter(truth[f.id] for f in catalog.faces(person_id=person_id) if f.id in truth)
    return votes.most_common(1)[0][0] if votes else None


def labelled_reply(catalog, truth: dict[int, str], item) -> tuple[str, str | None]:
    """The reply the folder labels give to a question: yes, no, or skip where a side is unlabelled;
    for "name this group", its majority identity."""
    if item.kind == "same-person":
        a, b = _identity(catalog, truth, item.person_id), _identity(catalog, truth, item.other_id)
        if a is None or b is None:
            return "skip", None
        return ("yes" if a == b else "no"), None
    if item.kind == "is-this":
        mine, theirs = truth.get(item.face_id), _identity(catalog, truth, item.person_id)
        if mine is None or theirs is None:
            return "skip", None
        return ("yes" if mine == theirs else "no"), None
    ident = _identity(catalog, truth, item.person_id)  # name-group
    return ("yes", ident) if ident else ("skip", None)


def _name_everyone(lib, truth: dict[int, str]) -> tuple[int, int]:
    """Each group of two or more faces gets its majority identity's name: one action each. The
    first group of a person is a name; each further one, given a name already taken, is a merge
    (it mends a person split in two). Returns (names, merges)."""
    named = merged = 0
    groups: dict[str, list[int]] = defaultdict(list)
    for person in lib.catalog.people(include_hidden=True):
        if person.name is None and person.face_count >= 2:
            ident = _identity(lib.catalog, truth, person.id)
            if ident is not None:
                groups[ident].append(person.id)
    for ident, pids in groups.items():
        for pid in pids:
            existing = lib.catalog.person_by_name(ident)
            if existing is None:
                named += 1
            elif existing.id != pid:
                merged += 1
            else:
                continue
            lib.people.name([pid], ident)
    return named, merged
