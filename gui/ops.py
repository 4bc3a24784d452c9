"""Corrections from the window: each calls one core operation and broadcasts what it changed.

Views listen to ``changed`` and refresh; errors go to ``failed`` and appear as a quiet notice.
Undo and redo are the core's (the catalog keeps them), so they survive a restart.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from facealbum.core.errors import FaceAlbumError
from facealbum.core.library import Library
from facealbum.core.records import Changes


class Ops(QObject):
    changed = Signal(object)  # core.records.Changes
    failed = Signal(str)
    undo_changed = Signal(object, object)  # undo text, redo text

    def __init__(self, library: Library, parent=None):
        super().__init__(parent)
        self.library = library
        # Asked before a merge; the window shows a dialog, tests answer directly.
        self.confirm: Callable[[str, str], bool] = lambda title, text: True

    @property
    def people(self):
        return self.library.people

    def _run(self, fn, *args):
        try:
            result = fn(*args)
        except FaceAlbumError as exc:
            self.failed.emit(str(exc))
            return None
        changes = result[1] if isinstance(result, tuple) else result
        self.changed.emit(changes if isinstance(changes, Changes) else Changes())
        self.undo_changed.emit(*self.people.undo_status())
        return result if result is not None else True

    def rename(self, person_id: int, name: str):
        return self._run(self.people.rename, person_id, name)

    def merge(self, sources: list[int], target: int, ask: bool = True):
        sources = [s for s in sources if s != target]
        if not sources:
            return None
        names = [self.library.catalog.person(p).display_name for p in sources]
        target_name = self.library.catalog.person(target).display_name
        if ask and not self.confirm("Merge people",
                                    f"Merge {', '.join(names)} into {target_name}? All their faces become "
                                    f"{target_name}. You can undo this."):
            return None
        return self._run(self.people.merge, sources, target)

    def split(self, face_ids: list[int], name: str | None = None):
        return self._run(self.people.split, face_ids, name)

    def move(self, face_ids: list[int], person_id: int):
        return self._run(self.people.move, face_ids, person_id)

    def reject(self, face_ids: list[int]):
        return self._run(self.people.reject, face_ids)

    def hide(self, person_id: int, hidden: bool = True):
        return self._run(self.people.hide, person_id, hidden)

    def set_cover(self, person_id: int, face_id: int):
        return self._run(self.people.set_cover, person_id, face_id)

    def name_faces(self, face_ids: list[int], name: str):
        return self._run(self.people.name_faces, face_ids, name)

    def add_face(self, photo_id: int, box, person_id: int | None = None):
        return self._run(self.people.add_face, photo_id, box, person_id)

    def answer(self, item, reply: str, name: str | None = None):
        """An answer to one of the app's questions (core.review.answer): one correction."""
        from facealbum.core.review import answer

        return self._run(answer, self.people, item, reply, name)

    def undo(self):
        return self._run(self.people.undo)

    def redo(self):
        return self._run(self.people.redo)

    def refresh_undo(self) -> None:
        self.undo_changed.emit(*self.people.undo_status())
