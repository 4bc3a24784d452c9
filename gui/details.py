"""The details panel: what the page shown holds, or the person, face or photo selected.

Counts come from the page; a person's, a face's or a photo's details are read on the catalog
thread, and only the answer to the latest question is shown.
"""

from __future__ import annotations

import html
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from facealbum.core.errors import NotFound
from . import i18n
from .i18n import gender_label, tr


class DetailsPanel(QLabel):
    def __init__(self, tasks, parent=None):
        super().__init__(parent)
        self.tasks = tasks
        self._asked = 0
        self.setObjectName("details")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setMargin(8)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_text(self, text: str) -> None:
        self._asked += 1  # an answer still on its way is about something no longer shown
        self.setText(text)

    def _show_read(self, read) -> None:
        self._asked += 1
        asked = self._asked

        def safe(catalog):
            try:
                return read(catalog)
            except NotFound:  # deleted since it was selected
                return None

        def show(text) -> None:
            if asked == self._asked and text is not None:
                self.setText(text)

        self.tasks.query(safe).success(show).run()

    def show_person(self, person_id: int) -> None:
        self._show_read(lambda catalog: _person_text(catalog.person(person_id)))

    def show_photo(self, photo_id: int) -> None:
        self._show_read(lambda catalog: _photo_text(catalog, photo_id))

    def show_face(self, face_id: int) -> None:
        self._show_read(lambda catalog: _face_text(catalog, face_id))


def _person_text(p) -> str:
    return (tr("<b>{name}</b><br>{face_count} faces in {photo_count} photos").format(name=html.escape(p.display_name), face_count=p.face_count, photo_count=p.photo_count)
            + ("<br>hidden" if p.hidden else ""))


def _photo_text(catalog, photo_id: int) -> str:
    photo = catalog.photo(photo_id)
    faces = catalog.faces(photo_id=photo_id)
    names = sorted({catalog.person(f.person_id).display_name for f in faces if f.person_id})
    unknown = sum(1 for f in faces if not f.person_id)
    lines = [f"<b>{html.escape(os.path.basename(photo.path))}</b>"]
    if photo.taken_at:
        lines.append(tr("taken {date}").format(date=i18n.date_text(photo.taken_at)))
    if photo.width:
        lines.append(tr("{width} x {height} px").format(width=photo.width, height=photo.height))
    if photo.status == "error":
        lines.append(tr("could not be read: {reason}").format(reason=html.escape(photo.error or '')))
    else:
        lines.append(tr("%n faces", "", len(faces))
                     + (f": {html.escape(', '.join(names))}" if names else "")
                     + (tr(" and {unknown} unknown").format(unknown=unknown) if unknown and names else ""))
    lines.append(f"<small>{html.escape(photo.path)}</small>")
    return "<br>".join(lines)


def _face_text(catalog, face_id: int) -> str:
    f = catalog.face(face_id)
    photo = catalog.photo(f.photo_id)
    who = catalog.person(f.person_id).display_name if f.person_id else tr("Unknown")
    extra = tr("<br>age ~{age:.0f}, {gender}").format(age=f.age, gender=gender_label(f.gender)) if f.age is not None else ""
    how = {"user": tr("placed by you"), "auto": tr("grouped automatically")}.get(f.assigned_by or "", tr("not grouped"))
    return (tr("<b>{name}</b> ({how})<br>{file}<br>face {size:.0f} px · detector {score:.2f} · quality {quality:.2f}{extra}<br><small>{path}</small>").format(name=html.escape(who), how=how, file=html.escape(os.path.basename(photo.path)), size=f.size, score=f.score, quality=f.quality, extra=extra, path=html.escape(photo.path)))
