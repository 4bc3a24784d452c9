"""Qt item models over the catalog: people, faces and photos.

Rows are plain core records; thumbnails come from the lazy loader, so a model of 100k rows
costs nothing until its tiles are painted. Drag-and-drop changes the catalog through Ops
(face ids and person ids travel in custom MIME types); the views follow the model.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from facealbum.core.catalog import Catalog
from facealbum.core.records import Face, Person

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

    def _thumb_ready(self, key: str) -> None:
        row = self._row_of_key.get(key)
        if row is not None and row < self.rowCount():
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


class PeopleModel(_ThumbModel):
    """People as tiles: cover face, name, number of photos. Drop faces to move, people to merge."""

    def __init__(self, catalog: Catalog, ops, loader, *, hidden: bool = False, unnamed_only: bool = False,
                 sort: str = "count", parent=None):
        super().__init__(loader, parent=parent)
        self.catalog = catalog
        self.ops = ops
        self.show_hidden = hidden
        self.unnamed_only = unnamed_only
        self.sort = sort
        self.people: list[Person] = []
        self.covers: dict[int, int] = {}
        self.refresh()

    def refresh(self, people: list[Person] | None = None, covers: dict[int, int] | None = None) -> None:
        """Reload; the window passes the people and covers it read once for all its views."""
        people = self.catalog.people(include_hidden=True) if people is None else people
        people = [p for p in people if p.hidden == self.show_hidden]
        if self.unnamed_only:
            people = [p for p in people if not p.name]
        if self.sort == "name":
            people.sort(key=lambda p: (p.name is None, (p.name or "").lower(), -p.face_count))
        else:
            people.sort(key=lambda p: (-p.photo_count, (p.name or "~").lower(), p.id))
        covers = self.catalog.cover_faces() if covers is None else covers
        self.beginResetModel()
        self.people = people
        self.covers = covers
        self._row_of_key = {f"face:{covers[p.id]}": i for i, p in enumerate(people) if p.id in covers}
        self.endResetModel()

    def set_sort(self, sort: str) -> None:
        self.sort = sort
        self.refresh()

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
            photos = f"{person.photo_count} photo" + ("" if person.photo_count == 1 else "s")
            return f"{person.display_name}\n{photos}"
        if role == Qt.ItemDataRole.EditRole:
            return person.name or ""
        if role == Qt.ItemDataRole.DecorationRole:
            cover = self.covers.get(person.id)
            return QIcon(self._thumb(f"face:{cover}")) if cover else QIcon(placeholder(self.icon_size))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{person.display_name}: {person.face_count} faces in {person.photo_count} photos\n"
                    "Double-click or F2 to rename; drag onto another person to merge.")
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
        return bool(self.ops.rename(person.id, name))

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

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
            return bool(self.ops.move(faces, target))
        people = [p for p in decode_ids(data, PEOPLE_MIME) if p != target]
        if people:
            return bool(self.ops.merge(people, target))
        return False


class FacesModel(_ThumbModel):
    """Faces as tiles (a person's, or the unknown ones); drag them onto a person to move them."""

    def __init__(self, catalog: Catalog, loader, parent=None):
        super().__init__(loader, icon_size=112, parent=parent)
        self.catalog = catalog
        self.faces: list[Face] = []
        self.person_id: int | None = None
        self.unassigned = False

    def show_person(self, person_id: int | None) -> None:
        self.person_id, self.unassigned = person_id, False
        self.refresh()

    def show_unassigned(self) -> None:
        self.person_id, self.unassigned = None, True
        self.refresh()

    def refresh(self) -> None:
        if self.unassigned:
            faces = self.catalog.faces(unassigned=True)
            faces.sort(key=lambda f: -f.quality)
        elif self.person_id is not None:
            faces = self.catalog.faces(person_id=self.person_id)
            faces.sort(key=lambda f: (f.assigned_by != "user", -f.quality))
        else:
            faces = []
        self.beginResetModel()
        self.faces = faces
        self._row_of_key = {f"face:{f.id}": i for i, f in enumerate(faces)}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.faces)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.faces):
            return None
        face = self.faces[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._thumb(f"face:{face.id}"))
        if role == Qt.ItemDataRole.ToolTipRole:
            how = {"user": "placed by you", "auto": "grouped automatically"}.get(face.assigned_by or "", "")
            return f"Face {face.id} · quality {face.quality:.2f}" + (f" · {how}" if how else "")
        if role == ID_ROLE:
            return face.id
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [FACES_MIME]

    def mimeData(self, indexes):
        return encode_ids(FACES_MIME, sorted({self.faces[i.row()].id for i in indexes if i.isValid()}))


class PhotosModel(_ThumbModel):
    """Photos as tiles, oldest first by the date they were taken: a folder, a person, or photos
    where several people are together; optionally only one year of them."""

    def __init__(self, catalog: Catalog, loader, parent=None):
        super().__init__(loader, icon_size=160, parent=parent)
        self.catalog = catalog
        self.all_photos: list[tuple[int, str, str | None]] = []  # (id, path, taken_at) in date order
        self.photos: list[tuple[int, str, str | None]] = []  # those shown
        self.year: str | None = None  # "2019", "" for photos without a date, None for all
        self.title = ""

    def show_folder(self, folder: str) -> None:
        self.title = folder
        self._set([(p.id, p.path, p.taken_at) for p in self.catalog.photos(under=folder) if p.status == "done"])

    def show_ages(self, min_age: float | None, max_age: float | None, gender: str | None, title: str = "") -> None:
        self.title = title
        self._set([(p.id, p.path, p.taken_at) for p in self.catalog.photos_with_faces(
            min_age=min_age, max_age=max_age, gender=gender)])

    def show_people(self, person_ids: list[int], title: str = "") -> None:
        self.title = title
        if not person_ids:
            self._set([])
            return
        marks = ",".join("?" * len(person_ids))
        rows = self.catalog.execute(
            f"SELECT p.id, p.path, p.taken_at FROM photos p JOIN faces f ON f.photo_id = p.id "
            f"WHERE f.person_id IN ({marks}) AND p.status = 'done' GROUP BY p.id "
            "HAVING COUNT(DISTINCT f.person_id) = ?", [*person_ids, len(person_ids)]).fetchall()
        from facealbum.core.catalog import from_db_path

        self._set([(pid, from_db_path(path), taken) for pid, path, taken in rows])

    def keep(self, wanted) -> None:
        """Only the photos (of those loaded) for which ``wanted(path)`` is true."""
        self._set([row for row in self.all_photos if wanted(row[1])])

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
            return taken[:10] if taken else os.path.basename(path)
        if role == Qt.ItemDataRole.DecorationRole:
            return QIcon(self._thumb(f"photo:{photo_id}"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return path + (f"\ntaken {taken.replace('T', ' ')}" if taken else "\nno date in the photo")
        if role == ID_ROLE:
            return photo_id
        return None


def _natural(text: str) -> list:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.split(r"(\d+)", text)]

