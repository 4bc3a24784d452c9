"""Qt item models over the catalog: people, faces and photos.

Rows are plain core records, read off the GUI thread and handed in; thumbnails come from the
lazy loader, so a model of 100k rows costs nothing until its tiles are painted. New rows reach a
model as removals, insertions, a reorder and data changes, never as a reset, so the selection,
the current item and the scroll position survive a correction. Drag-and-drop changes the catalog
through Ops (face ids and person ids travel in custom MIME types); the views follow the model.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from facealbum.core.records import Face, Person
from . import i18n
from .i18n import tr

FACES_MIME = "application/x-facealbum-faces"
PEOPLE_MIME = "application/x-facealbum-people"
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_placeholders: dict[int, QPixmap] = {}


def placeholder(size: int) -> QPixmap:
    if size not in _placeholders:
        pix = QPixmap(size, size)
        pix.fill(QColor(60, 63, 68))
        painter = QPainter(pix)
        painter.setPen(QColor(110, 114, 120))
        painter.drawEllipse(size // 2 - size // 6, size // 4, size // 3, size // 3)
        painter.drawArc(size // 4, size // 2 + size // 12, size // 2, size // 2, 0, 180 * 16)
        painter.end()
        _placeholders[size] = pix
    return _placeholders[size]


def encode_ids(mime: str, ids: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(mime, json.dumps([int(i) for i in ids]).encode())
    return data


def decode_ids(data: QMimeData, mime: str) -> list[int]:
    if not data.hasFormat(mime):
        return []
    try:
        return [int(i) for i in json.loads(bytes(data.data(mime)).decode())]
    except (ValueError, TypeError):
        return []


class _ThumbModel(QAbstractListModel):
    kind = "face"

    def __init__(self, loader, icon_size: int = 128, parent=None):
        super().__init__(parent)
        self.loader = loader
        self.icon_size = icon_size
        self._row_of_key: dict[str, int] = {}
        if loader is not None:
            loader.ready.connect(self._thumb_ready)

    def _thumb(self, key: str):
        if self.loader is None:
            return placeholder(self.icon_size)
        pix = self.loader.pixmap(key)
        return pix if pix is not None else placeholder(self.icon_size)

    def _rows(self) -> list:
        raise NotImplementedError

    def _key(self, row):
        """What a row is (a person's, a face's or a photo's id): rows are matched by it."""
        raise NotImplementedError

    def _thumb_key(self, row) -> str:
        raise NotImplementedError

    def _update_rows(self, new: list, same: Callable[[object, object], bool] = lambda a, b: a == b) -> None:
        """Turn the rows into ``new``: remove the gone, append the new, reorder, then report the
        rows whose content changed."""
        rows = self._rows()
        wanted = {self._key(r) for r in new}
        end = len(rows) - 1
        while end >= 0:  # removals, bottom up, a contiguous run at a time
            if self._key(rows[end]) in wanted:
                end -= 1
                continue
            start = end
            while start > 0 and self._key(rows[start - 1]) not in wanted:
                start -= 1
            self.beginRemoveRows(QModelIndex(), start, end)
            del rows[start:end + 1]
            self.endRemoveRows()
            end = start - 1
        have = {self._key(r) for r in rows}
        added = [r for r in new if self._key(r) not in have]
        if added:
            self.beginInsertRows(QModelIndex(), len(rows), len(rows) + len(added) - 1)
            rows.extend(added)
            self.endInsertRows()
        order = [self._key(r) for r in new]
        if [self._key(r) for r in rows] != order:
            position = {k: i for i, k in enumerate(order)}
            self.layoutAboutToBeChanged.emit()
            before = self.persistentIndexList()
            after = [self.index(position[self._key(rows[i.row()])]) if i.isValid() else QModelIndex()
                     for i in before]
            rows.sort(key=lambda r: position[self._key(r)])
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
        changed = [i for i, r in enumerate(new) if not same(rows[i], r)]
        rows[:] = new
        self._row_of_key = {self._thumb_key(r): i for i, r in enumerate(rows)}
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first), self.index(last))

    def drop(self, keys) -> None:
        """Take rows away at once, before the correction that removes them is saved."""
        keys = set(keys)
        if any(self._key(r) in keys for r in self._rows()):
            self._update_rows([r for r in self._rows() if self._key(r) not in keys])

    def _thumb_ready(self, key: str) -> None:
        row = self._row_of_key.get(key)
        if row is not None and row < self.rowCount():
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


class PeopleModel(_ThumbModel):
    """People as tiles: cover face, name, number of photos. Drop faces to move, people to merge.

    The window reads the people and their covers once, off the GUI thread, for all its views
    and hands them to ``refresh``.
    """

    def __init__(self, ops, loader, *, hidden: bool = False, unnamed_only: bool = False,
                 sort: str = "count", parent=None):
        super().__init__(loader, parent=parent)
        self.ops = ops
        self.show_hidden = hidden
        self.unnamed_only = unnamed_only
        self.sort = sort
        self.people: list[Person] = []
        self.covers: dict[int, int] = {}
        self._all: list[Person] = []

    def _rows(self) -> list:
        return self.people

    def _key(self, person: Person):
        return person.id

    def _thumb_key(self, person: Person) -> str:
        return f"face:{self.covers.get(person.id)}"

    def refresh(self, people: list[Person], covers: dict[int, int]) -> None:
        self._all = people
        shown = [p for p in people if p.hidden == self.show_hidden]
        if self.unnamed_only:
            shown = [p for p in shown if not p.name]
        if self.sort == "name":
            shown.sort(key=lambda p: (p.name is None, (p.name or "").lower(), -p.face_count))
        else:
            shown.sort(key=lambda p: (-p.photo_count, (p.name or "~").lower(), p.id))
        old_covers, self.covers = self.covers, covers
        self._update_rows(shown, lambda a, b: a == b and old_covers.get(a.id) == covers.get(b.id))

    def set_sort(self, sort: str) -> None:
        self.sort = sort
        self.refresh(self._all, self.covers)

    def show_name(self, person_id: int, name: str) -> None:
        """Show a new name at once, before the rename has reached the catalog."""
        row = self.row_of(person_id)
        if row >= 0:
            self.people[row] = replace(self.people[row], name=name)
            self.dataChanged.emit(self.index(row), self.index(row))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.people)

    def row_of(self, person_id: int) -> int:
        for i, p in enumerate(self.people):
            if p.id == person_id:
                return i
        return -1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.people):
            return None
        person = self.people[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            photos = tr("%n photos", "", person.photo_count)
            return f"{person.display_name}\n{photos}"
        if role == Qt.ItemDataRole.EditRole:
            return person.name or ""
        if role == Qt.ItemDataRole.DecorationRole:
            cover = self.covers.get(person.id)
            return QIcon(self._thumb(f"face:{cover}")) if cover else QIcon(placeholder(self.icon_size))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (tr("{display_name}: {face_count} faces in {photo_count} photos\nDouble-click or F2 to rename; drag onto another person to merge.").format(display_name=person.display_name, face_count=person.face_count, photo_count=person.photo_count))
        if role == ID_ROLE:
            return person.id
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        name = str(value).strip()
        person = self.people[index.row()]
        if not name or name == person.name:
            return False
        if not self.ops.rename(person.id, name):
            return False
        self.show_name(person.id, name)
        return True

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags  # drops land on a person, never between them
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [PEOPLE_MIME, FACES_MIME]

    def mimeData(self, indexes):
        ids = sorted({self.people[i.row()].id for i in indexes if i.isValid()})
        return encode_ids(PEOPLE_MIME, ids)

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        if not parent.isValid():
            return False
        target = self.people[parent.row()].id
        if data.hasFormat(FACES_MIME):
            return True
        people = decode_ids(data, PEOPLE_MIME)
        return bool(people) and any(p != target for p in people)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not parent.isValid() or parent.row() >= len(self.people):
            return False
        target = self.people[parent.row()].id
        faces = decode_ids(data, FACES_MIME)
        if faces:
            self.ops.move(faces, target)
            return True
        people = [p for p in decode_ids(data, PEOPLE_MIME) if p != target]
        if people:
            return self.ops.merge(people, target)
        return False


class FacesModel(_ThumbModel):
    """Faces as tiles (a person's, or the unknown ones); drag them onto a person to move them.

    The faces are read on the catalog thread; a read overtaken by a newer one is dropped.
    """

    loaded = Signal()

    def __init__(self, tasks, loader, parent=None):
        super().__init__(loader, icon_size=112, parent=parent)
        self.tasks = tasks
        self.faces: list[Face] = []
        self.person_id: int | None = None
        self.unassigned = False
        self._asked = 0

    def _rows(self) -> list:
        return self.faces

    def _key(self, face: Face):
        return face.id

    def _thumb_key(self, face: Face) -> str:
        return f"face:{face.id}"

    def show_person(self, person_id: int | None) -> None:
        if person_id != self.person_id or self.unassigned:
            self._update_rows([])  # another person's faces never show under this one's name
        self.person_id, self.unassigned = person_id, False
        self.refresh()

    def show_unassigned(self) -> None:
        self.person_id, self.unassigned = None, True
        self.refresh()

    def refresh(self) -> None:
        person_id, unassigned = self.person_id, self.unassigned
        self._asked += 1
        asked = self._asked

        def read(catalog):
            if unassigned:
                return sorted(catalog.faces(unassigned=True), key=lambda f: -f.quality)
            if person_id is not None:
                return sorted(catalog.faces(person_id=person_id),
                              key=lambda f: (f.assigned_by != "user", -f.quality))
            return []

        def show(faces):
            if asked == self._asked:
                self._update_rows(faces)
                self.loaded.emit()

        self.tasks.query(read).success(show).run()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.faces)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.faces):
            return None
        face = self.faces[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._thumb(f"face:{face.id}"))
        if role == Qt.ItemDataRole.ToolTipRole:
            how = {"user": tr("placed by you"), "auto": tr("grouped automatically")}.get(face.assigned_by or "", "")
            return tr("Face {id} · quality {quality:.2f}").format(id=face.id, quality=face.quality) + (f" · {how}" if how else "")
        if role == ID_ROLE:
            return face.id
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [FACES_MIME]

    def mimeData(self, indexes):
        return encode_ids(FACES_MIME, sorted({self.faces[i.row()].id for i in indexes if i.isValid()}))


class PhotosModel(_ThumbModel):
    """Photos as tiles, oldest first by the date they were taken: a folder, a person, or photos
    where several people are together; optionally only one year of them."""

    loaded = Signal()

    def __init__(self, tasks, loader, parent=None):
        super().__init__(loader, icon_size=160, parent=parent)
        self.tasks = tasks
        self.all_photos: list[tuple[int, str, str | None]] = []  # (id, path, taken_at) in date order
        self.photos: list[tuple[int, str, str | None]] = []  # those shown
        self.year: str | None = None  # "2019", "" for photos without a date, None for all
        self.title = ""
        self._asked = 0

    def _load(self, read, wanted=None) -> None:
        """Read photos on the catalog thread, then show those ``wanted(path)`` keeps."""
        self._asked += 1
        asked = self._asked

        def show(photos) -> None:
            if asked == self._asked:
                self._set([r for r in photos if wanted is None or wanted(r[1])])
                self.loaded.emit()

        self.tasks.query(lambda catalog: [(p.id, p.path, p.taken_at) for p in read(catalog)]).success(show).run()

    def show_folder(self, folder: str) -> None:
        self.title = folder
        self._load(lambda catalog: [p for p in catalog.photos(under=folder) if p.status == "done"])

    def show_ages(self, min_age: float | None, max_age: float | None, gender: str | None, title: str = "",
                  wanted=None) -> None:
        self.title = title
        self._load(lambda catalog: catalog.photos_with_faces(min_age=min_age, max_age=max_age, gender=gender),
                   wanted)

    def show_people(self, person_ids: list[int], title: str = "") -> None:
        self.title = title
        self._load(lambda catalog: catalog.photos_together(person_ids))

    def years(self) -> list[tuple[str, int]]:
        """(year, photos) newest first, then ("", photos with no date) if there are any."""
        counts = Counter((taken[:4] if taken else "") for _, _, taken in self.all_photos)
        dated = sorted(((year, n) for year, n in counts.items() if year), reverse=True)
        return dated + ([("", counts[""])] if "" in counts else [])

    def show_year(self, year: str | None) -> None:
        self.year = year
        self._show()

    def _set(self, photos) -> None:
        # Photos without a date go last, in folder order (img2 before img10).
        self.all_photos = sorted(photos, key=lambda r: (r[2] is None, r[2] or "", _natural(r[1])))
        self._show()

    def _show(self) -> None:
        self.beginResetModel()
        year = self.year
        self.photos = self.all_photos if year is None else \
            [r for r in self.all_photos if (r[2] or "")[:4] == year]
        self._row_of_key = {f"photo:{pid}": i for i, (pid, _, _) in enumerate(self.photos)}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.photos):
            return None
        photo_id, path, taken = self.photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return i18n.date_text(taken, with_time=False) if taken else os.path.basename(path)
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._thumb(f"photo:{photo_id}"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return path + (tr("\ntaken {date}").format(date=i18n.date_text(taken)) if taken else tr("\nno date in the photo"))
        if role == ID_ROLE:
            return photo_id
        return None


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _natural(text: str) -> list:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.split(r"(\d+)", text)]

