"""People operations: rename, merge, split, move, "not this person", hide, cover, name a face.

Each is one transaction and one recorded correction holding the state it changed before and
after, so undo and redo are generic, and regrouping never overrides it: every face an
operation touches (or a user confirms by naming its person) is marked ``assigned_by='user'``.
The rules live here; how they are stored (and the correction log) is catalog/corrections.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .catalog import Catalog
from .errors import NotFound, OperationError
from .i18n import N_, Nn_, _, deferred, shown
from .records import Box, Changes, FaceId, PersonId, PhotoId


@dataclass(frozen=True)
class NameClash:
    """A name from a photo's metadata for a face the user placed in someone else."""

    face_id: FaceId
    name: str  # what the metadata says
    current: str | None  # the name the face's person has in FaceAlbum (None: unnamed)

    def sentence(self) -> str:
        kept = self.current or _("an unnamed person")
        return _("the photo's metadata names a face {name}, but you put it in {kept}: kept {kept}").format(name=self.name, kept=kept)


class People:
    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    # -- operations -----------------------------------------------------------------------
    def rename(self, person_id: PersonId, name: str) -> Changes:
        """Name a person; a name someone else already has merges the two (see ``name``)."""
        return self.name([person_id], name)[1]

    def name(self, person_ids: Iterable[PersonId], name: str) -> tuple[PersonId, Changes]:
        """Give one or more groups a name, as one correction and one undo step.

        A name nobody has renames the first group and merges the others into it; a name another
        person already has merges every group into that person (naming a group after someone
        known means it is them). Returns the person that carries the name.
        """
        name = clean_name(name)
        ids = list(dict.fromkeys(PersonId(int(p)) for p in person_ids))
        if not ids:
            raise OperationError(_("Choose at least one person to name."))
        for pid in ids:
            self._require_person(pid)
        existing = self.catalog.person_by_name(name)
        target = existing.id if existing is not None else ids[0]
        sources = [p for p in ids if p != target]
        faces = self.catalog.faces_of([*sources, target])

        def apply():
            if sources:
                self._merge_into(sources, target, faces)
            self.catalog.lock_faces(faces)
            self.catalog.set_person_name(target, name)

        if not sources:
            summary = deferred(N_("Rename to {name}"), name=name)
        elif existing is not None:
            summary = deferred(Nn_("Name {n} group {name} (merged)", "Name {n} groups {name} (merged)"), len(sources),
                               n=len(sources), name=name)
        else:
            summary = deferred(N_("Name {ids_count} groups {name}"), ids_count=len(ids), name=name)
        changes = self._record("name" if sources else "rename", summary, faces, [*sources, target], apply,
                               rejection_people=[*sources, target] if sources else ())
        return PersonId(target), changes

    def merge(self, sources: Iterable[PersonId], target: PersonId) -> Changes:
        others = [PersonId(int(s)) for s in sources if int(s) != int(target)]
        if not others:
            raise OperationError(_("Choose at least one other person to merge."))
        for pid in [*others, target]:
            self._require_person(pid)
        faces = self.catalog.faces_of([*others, target])
        target_name = self.catalog.person(target).name

        def apply():
            names = [self.catalog.person(s).name for s in others]
            self._merge_into(others, target, faces)
            if target_name is None:
                named = next((n for n in names if n), None)
                if named:
                    self.catalog.set_person_name(target, named)

        return self._record("merge", deferred(N_("Merge {n} people"), n=len(others) + 1), faces, [*others, target], apply,
                            rejection_people=[*others, target])

    def _merge_into(self, sources: list[PersonId], target: PersonId, faces: list[FaceId]) -> None:
        self.catalog.assign_faces(faces, target, "user")
        self.catalog.move_rejections(sources, target)
        self.catalog.delete_people(sources)

    def split(self, face_ids: Iterable[FaceId], name: str | None = None) -> tuple[PersonId, Changes]:
        """The chosen faces become a new person; the faces left behind are confirmed where they are."""
        faces = self._existing_faces(face_ids)
        olds = self.catalog.persons_of(faces)
        chosen = set(faces)
        remaining = [f for f in self.catalog.faces_of(olds) if f not in chosen]
        new_id = self.catalog.next_person_id()
        clean = clean_name(name) if name else None

        def apply():
            self.catalog.add_person(new_id, clean)
            self._reject_from_current(faces)
            self.catalog.assign_faces(faces, new_id, "user")
            self.catalog.lock_faces(remaining)

        changes = self._record("split", deferred(N_("Split {faces_count} faces into a new person"), faces_count=len(faces)), faces + remaining,
                               [*olds, new_id], apply)
        return new_id, changes

    def move(self, face_ids: Iterable[FaceId], person_id: PersonId) -> Changes:
        faces = self._existing_faces(face_ids)
        self._require_person(person_id)
        olds = self.catalog.persons_of(faces)

        def apply():
            self._reject_from_current([f for f in faces if self.catalog.face(f).person_id != person_id])
            self.catalog.remove_rejections(faces, person_id)
            self.catalog.assign_faces(faces, person_id, "user")

        name = self.catalog.person(person_id).display_name
        return self._record("move", deferred(N_("Move {faces_count} faces to {name}"), faces_count=len(faces), name=name), faces, [*olds, person_id], apply)

    def name_faces(self, face_ids: Iterable[FaceId], name: str) -> tuple[PersonId, Changes]:
        """Give faces a name: to the person already called that, or to a new person."""
        existing = self.catalog.person_by_name(clean_name(name))
        if existing is not None:
            return existing.id, self.move(face_ids, existing.id)
        return self.split(face_ids, name)

    def import_names(self, named_faces: Sequence[tuple[FaceId, str]],
                     summary: str | None = None) -> tuple[Changes, list[NameClash]]:
        """Names another app gave faces (a photo's XMP regions, Picasa), as one correction.

        Each face goes to the person of that name (made when nobody has it yet), confirmed as
        if the user had put it there. A face the user already placed is never moved: where its
        person has another name (or none), that is a clash, returned for the caller to report.
        """
        wanted: dict[FaceId, str] = {}
        for fid, raw in named_faces:
            try:
                wanted.setdefault(FaceId(int(fid)), clean_name(raw))
            except OperationError:
                continue
        faces = self.catalog.faces(ids=wanted)
        names = self.catalog.person_names()
        clashes: list[NameClash] = []
        plan: dict[str, list[FaceId]] = {}  # casefolded name -> faces
        spelling: dict[str, str] = {}
        for face in faces:
            name = wanted[face.id]
            if face.assigned_by == "user" and face.person_id is not None:
                current = names.get(face.person_id)
                if current is None or current.casefold() != name.casefold():
                    clashes.append(NameClash(face.id, name, current))
                continue
            key = name.casefold()
            spelling.setdefault(key, name)
            plan.setdefault(key, []).append(face.id)
        if not plan:
            return Changes(), clashes
        targets: dict[str, PersonId] = {}
        created: list[tuple[PersonId, str]] = []
        next_id = int(self.catalog.next_person_id())
        for key in plan:
            existing = self.catalog.person_by_name(spelling[key])
            if existing is not None:
                targets[key] = existing.id
            else:
                targets[key] = PersonId(next_id)
                created.append((targets[key], spelling[key]))
                next_id += 1
        moved = [f for fids in plan.values() for f in fids]
        olds = self.catalog.persons_of(moved)

        def apply():
            for pid, name in created:
                self.catalog.add_person(pid, name)
            for key, fids in plan.items():
                self.catalog.assign_faces(fids, targets[key], "user")

        count = len(moved)
        text = summary or deferred(Nn_("Names from photo metadata ({n} face)", "Names from photo metadata ({n} faces)"), count, n=count)
        changes = self._record("import-names", text, moved, [*olds, *targets.values()], apply)
        return changes, clashes

    def reject(self, face_ids: Iterable[FaceId]) -> Changes:
        """"Not this person": the faces leave their person and never return to it automatically."""
        faces = [f for f in self._existing_faces(face_ids) if self.catalog.face(f).person_id is not None]
        if not faces:
            raise OperationError(_("None of these faces belongs to a person."))
        olds = self.catalog.persons_of(faces)

        def apply():
            self._reject_from_current(faces)
            self.catalog.assign_faces(faces, None, None)

        return self._record("reject", deferred(N_("Not this person ({faces_count} faces)"), faces_count=len(faces)), faces, olds, apply)

    def decline(self, face_ids: Iterable[FaceId], person_id: PersonId) -> Changes:
        """"Not <person>" for faces that are not in them (a "no" in the review queue)."""
        faces = self._existing_faces(face_ids)
        self._require_person(person_id)

        def apply():
            self.catalog.add_rejections(faces, person_id)
            self.catalog.separate_from_person(faces, person_id)

        name = self.catalog.person(person_id).display_name
        return self._record("decline", deferred(N_("Not {name}"), name=name), faces, [person_id], apply)

    def separate(self, person_a: PersonId, person_b: PersonId) -> Changes:
        """"Different people": the two are never suggested again, nor joined by a regroup.

        Kept face to face (an even spread of each side), so it outlives both groups being
        dissolved and rebuilt by a regroup or a rescan.
        """
        if int(person_a) == int(person_b):
            raise OperationError(_("Choose two different people."))
        self._require_person(person_a)
        self._require_person(person_b)
        side_a = _spread(sorted(self.catalog.faces_of([person_a])), DIFFERENT_SIDE)
        side_b = _spread(sorted(self.catalog.faces_of([person_b])), DIFFERENT_SIDE)
        if not side_a or not side_b:
            raise OperationError(_("Both people need faces to tell them apart."))

        def apply():
            self.catalog.add_separations([(a, b) for a in side_a for b in side_b])

        names = [self.catalog.person(p).display_name for p in (person_a, person_b)]
        # Only side_a's faces are recorded as changed: the separations hang on them, and undo
        # puts back exactly what they held.
        return self._record("different", deferred(N_("{names} and {names2} are different people"), names=names[0], names2=names[1]), side_a,
                            [person_a, person_b], apply)

    def hide(self, person_id: PersonId, hidden: bool = True) -> Changes:
        self._require_person(person_id)
        faces = self.catalog.faces_of([person_id])

        def apply():
            self.catalog.lock_faces(faces)
            self.catalog.set_person_hidden(person_id, hidden)

        return self._record("hide" if hidden else "unhide", deferred(N_("Hide person") if hidden else N_("Show person")), faces,
                            [person_id], apply)

    def set_cover(self, person_id: PersonId, face_id: FaceId) -> Changes:
        face = self.catalog.face(face_id)
        if face.person_id != person_id:
            raise OperationError(_("The cover must be one of the person's own faces."))
        return self._record("cover", deferred(N_("Set cover face")), [], [person_id],
                            lambda: self.catalog.set_cover_face(person_id, face_id))

    def add_face(self, photo_id: PhotoId, box: Box, person_id: PersonId | None = None) -> tuple[FaceId, Changes]:
        """A face the detector missed, drawn by the user. Its embedding is made by the next scan."""
        x1, y1, x2, y2 = (float(v) for v in box)
        if x2 - x1 < 4 or y2 - y1 < 4:
            raise OperationError(_("Draw a box around the face, at least a few pixels wide."))
        self.catalog.photo(photo_id)
        face_id = self.catalog.next_face_id()

        def apply():
            self.catalog.add_drawn_face(face_id, photo_id, (x1, y1, x2, y2), person_id)

        changes = self._record("add-face", deferred(N_("Add a face")), [face_id], [person_id] if person_id else [], apply,
                               new_faces=[face_id])
        return face_id, changes

    # -- undo / redo ----------------------------------------------------------------------
    def undo_status(self) -> tuple[str | None, str | None]:
        """(summary of what Undo would undo, summary of what Redo would redo)."""
        undo, redo = self.catalog.undo_status()
        return shown(undo), shown(redo)

    def undo(self) -> Changes:
        found = self.catalog.correction_to_undo()
        if found is None:
            raise OperationError(_("Nothing to undo."))
        with self.catalog.transaction():
            changes = self._put_back(found[1])
            self.catalog.set_correction_undone(found[0], True)
        return changes

    def redo(self) -> Changes:
        found = self.catalog.correction_to_redo()
        if found is None:
            raise OperationError(_("Nothing to redo."))
        with self.catalog.transaction():
            changes = self._put_back(found[1])
            self.catalog.set_correction_undone(found[0], False)
        return changes

    def history(self) -> list[tuple[int, str, str, bool]]:
        return [(cid, at, shown(summary) or "", undone) for cid, at, summary, undone in self.catalog.history()]

    # -- the recorded-correction machinery ------------------------------------------------
    def _record(self, kind: str, summary: str, faces: Iterable[int], people: Iterable[int | None],
                apply: Callable[[], None], *, rejection_people: Sequence[int] = (),
                new_faces: Sequence[int] = ()) -> Changes:
        face_list = sorted(set(int(f) for f in faces))
        person_list = sorted(set(int(p) for p in people if p is not None))
        with self.catalog.transaction():
            before = self.catalog.correction_state(face_list, person_list, rejection_people, new_faces)
            apply()
            after = self.catalog.correction_state(face_list, person_list, rejection_people, new_faces)
            self.catalog.record_correction(kind, summary, before, after)
        return Changes(people=frozenset(person_list), faces=frozenset(face_list))

    def _put_back(self, state: dict) -> Changes:
        people, faces = self.catalog.apply_correction_state(state)
        return Changes(people=frozenset(people), faces=frozenset(faces))

    # -- helpers --------------------------------------------------------------------------
    def _require_person(self, person_id: int) -> None:
        if not self.catalog.person_exists(person_id):
            raise NotFound(_("No person with id {person_id}.").format(person_id=person_id))

    def _existing_faces(self, face_ids: Iterable[int]) -> list[FaceId]:
        ids = sorted({FaceId(int(f)) for f in face_ids})
        if not ids:
            raise OperationError(_("Choose at least one face."))
        found = self.catalog.existing_face_ids(ids)
        missing = [f for f in ids if f not in found]
        if missing:
            raise NotFound(_("No face with id {missing}.").format(missing=missing[0]))
        return ids

    def _reject_from_current(self, face_ids: Sequence[int]) -> None:
        if not face_ids:
            return
        self.catalog.reject_from_current(face_ids)
        # "These faces are not those": each face taken out is kept apart from the faces it leaves.
        # Pairs grow as taken x left, so each side is thinned to an even spread of SEPARATION_SIDE
        # faces: a regrouping cluster holding both sides still meets a pair, and splitting a
        # 40k-face person stays a second's work instead of millions of rows.
        chosen = set(face_ids)
        for person_id, taken in self.catalog.faces_by_person(face_ids).items():
            left = [f for f in self.catalog.faces_of([person_id]) if f not in chosen]
            self.catalog.add_separations([(a, b) for a in _spread(sorted(taken)) for b in _spread(left)])


_Id = TypeVar("_Id", bound=int)
SEPARATION_SIDE = 500
DIFFERENT_SIDE = 200  # "different people": up to 200 x 200 pairs, every face of groups that size


def _spread(items: list[_Id], most: int = SEPARATION_SIDE) -> list[_Id]:
    """At most ``most`` items, evenly spaced through the list (all of them when it is short)."""
    if len(items) <= most:
        return items
    step = len(items) / most
    return [items[int(i * step)] for i in range(most)]


def clean_name(name: str) -> str:
    """A person's name as it is stored (spaces collapsed, Unicode composed: macOS hands out names
    decomposed, so "が" typed there and here is one name); an empty or overlong one is refused."""
    name = unicodedata.normalize("NFC", " ".join(str(name).split()))
    if not name:
        raise OperationError(_("A name cannot be empty."))
    if len(name) > 200:
        raise OperationError(_("That name is too long (200 characters at most)."))
    return name
