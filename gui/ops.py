"""Corrections from the window: each runs one core operation off the GUI thread (tasks.op) and
broadcasts the Changes it made.

Views listen to ``changed`` and update the rows those Changes touch; errors go to ``failed`` and
appear as a quiet notice. Undo and redo are the core's (the catalog keeps them), so they survive a
restart. Corrections run one after another in the order asked, so an Undo pressed right after a
merge undoes that merge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from facealbum.core.errors import FaceAlbumError
from facealbum.core.library import Library
from facealbum.core.people import People, clean_name
from facealbum.core.records import Changes
from facealbum.core.review import ReviewItem, answer

from .i18n import tr
from .tasks import Tasks

Then = Callable[[Any], None] | None


class Ops(QObject):
    changed = Signal(object)  # core.records.Changes
    failed = Signal(str)
    undo_changed = Signal(object, object)  # undo text, redo text
    # Shown at once, before the correction is saved: people merged away, faces taken off the page
    # shown. If the correction then fails, ``reverted`` asks the views to read everything again.
    leaving = Signal(object, object)  # person ids, face ids
    reverted = Signal()

    def __init__(self, library: Library, tasks: Tasks, parent=None):
        super().__init__(parent)
        self.library = library
        self.tasks = tasks
        # Asked before a merge; the window shows a dialog, tests answer directly.
        self.confirm: Callable[[str, str], bool] = lambda title, text: True

    def _run(self, work: Callable, then: Then = None) -> None:
        def done(payload) -> None:
            result, undo_status = payload
            changes = result[1] if isinstance(result, tuple) else result
            self.changed.emit(changes if isinstance(changes, Changes) else Changes())
            self.undo_changed.emit(*undo_status)
            if then is not None:
                then(result[0] if isinstance(result, tuple) else result)

        def failed(message: str) -> None:
            self.failed.emit(message)
            self.reverted.emit()

        self.tasks.op(work).success(done).failure(failed).run()

    def _display_names(self, ids) -> list[str]:
        try:
            return [self.library.catalog.person(p).display_name for p in ids]
        except FaceAlbumError:
            return [f"#{p}" for p in ids]

    # -- the corrections ------------------------------------------------------------------
    def name(self, person_ids: list[int], name: str, then: Then = None) -> bool:
        """Name groups (core People.name): a name someone else has merges into them, after asking."""
        try:
            name = clean_name(name)  # the core's rule, so the name looked up is the name stored
        except FaceAlbumError as exc:
            self.failed.emit(str(exc))
            return False
        existing = self.library.catalog.person_by_name(name)
        others = [p for p in person_ids if existing is None or p != existing.id]
        if existing is not None and others and not self.confirm(
                tr("Merge people"), tr("{name} already exists. Merge {names} into {name}? All their faces become {name}. You can undo this.").format(name=name, names=', '.join(self._display_names(others)))):
            return False
        merged_away = others if existing is not None else list(person_ids)[1:]
        if merged_away:
            self.leaving.emit(merged_away, [])
        self._run(lambda people: people.name(person_ids, name), then)
        return True

    def rename(self, person_id: int, name: str, then: Then = None) -> bool:
        return self.name([person_id], name, then)

    def merge(self, sources: list[int], target: int) -> bool:
        sources = [s for s in sources if s != target]
        if not sources:
            return False
        names = self._display_names(sources)
        [target_name] = self._display_names([target])
        if not self.confirm(tr("Merge people"),
                                    tr("Merge {names} into {target_name}? All their faces become {target_name}. You can undo this.").format(names=', '.join(names), target_name=target_name)):
            return False
        self.leaving.emit(sources, [])
        self._run(lambda people: people.merge(sources, target))
        return True

    def split(self, face_ids: list[int], name: str | None = None, then: Then = None) -> None:
        self.leaving.emit([], face_ids)
        self._run(lambda people: people.split(face_ids, name), then)

    def move(self, face_ids: list[int], person_id: int) -> None:
        self.leaving.emit([], face_ids)
        self._run(lambda people: people.move(face_ids, person_id))

    def reject(self, face_ids: list[int]) -> None:
        self.leaving.emit([], face_ids)
        self._run(lambda people: people.reject(face_ids))

    def hide(self, person_id: int, hidden: bool = True) -> None:
        self._run(lambda people: people.hide(person_id, hidden))

    def set_cover(self, person_id: int, face_id: int) -> None:
        self._run(lambda people: people.set_cover(person_id, face_id))

    def name_faces(self, face_ids: list[int], name: str, then: Then = None) -> None:
        self.leaving.emit([], face_ids)
        self._run(lambda people: people.name_faces(face_ids, name), then)

    def add_face(self, photo_id: int, box, person_id: int | None = None, then: Then = None) -> None:
        self._run(lambda people: people.add_face(photo_id, box, person_id), then)

    def answer(self, item: ReviewItem, reply: str, name: str | None = None) -> None:
        """An answer to one of the app's questions (core.review.answer): one correction."""
        self._run(lambda people: answer(people, item, reply, name))

    def undo(self) -> None:
        self._run(lambda people: people.undo())

    def redo(self) -> None:
        self._run(lambda people: people.redo())

    def refresh_undo(self) -> None:
        self.tasks.query(lambda catalog: People(catalog).undo_status()).success(
            lambda status: self.undo_changed.emit(*status)).run()
