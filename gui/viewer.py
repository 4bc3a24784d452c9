"""The photo viewer: the full photo with face boxes and names, next/previous, fit/zoom,
naming an unknown face by typing, and drawing a box around a face the detector missed."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import (QCompleter, QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene,
                               QGraphicsSimpleTextItem, QGraphicsView, QHBoxLayout, QLabel, QLineEdit, QToolButton,
                               QVBoxLayout, QWidget)

from facealbum.core.imaging import load_image

from .i18n import gender_label, tr
from .icons import icon

_DISPLAY_SIDE = 2400


class _LoadSignals(QObject):
    done = Signal(int, QImage, float)


class _Load(QRunnable):
    def __init__(self, photo_id: int, path: str, signals: _LoadSignals):
        super().__init__()
        self.photo_id, self.path, self.signals = photo_id, path, signals

    def run(self) -> None:
        try:
            loaded = load_image(self.path, max_side=_DISPLAY_SIDE)
        except Exception:
            self.signals.done.emit(self.photo_id, QImage(), 1.0)
            return
        rgb = loaded.pixels[:, :, ::-1].copy()
        h, w = rgb.shape[:2]
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self.signals.done.emit(self.photo_id, image, loaded.scale)


class _FaceBox(QGraphicsRectItem):
    def __init__(self, face_id: int, rect: QRectF, label: str, known: bool):
        super().__init__(rect)
        self.face_id = face_id
        color = QColor(80, 200, 120) if known else QColor(255, 190, 60)
        pen = QPen(color, 3)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setFlag(QGraphicsRectItem.GraphicsItemFlag.ItemIsSelectable)
        self.text = QGraphicsSimpleTextItem(label, self)
        self.text.setBrush(QBrush(Qt.GlobalColor.white))
        self.text.setFlag(QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.text.setPos(rect.left(), rect.bottom() + 2)


class PhotoCanvas(QGraphicsView):
    face_clicked = Signal(int)
    box_drawn = Signal(QRectF)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor(28, 29, 32))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.fit = True
        self.drawing = False
        self._start: QPointF | None = None
        self._rubber: QGraphicsRectItem | None = None

    def set_drawing(self, on: bool) -> None:
        self.drawing = on
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on else QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)

    def fit_photo(self) -> None:
        self.fit = True
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        self.fit = False
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit:
            self.fit_photo()

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)
        else:
            super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:
        if self.drawing and event.button() == Qt.MouseButton.LeftButton:
            self._start = self.mapToScene(event.position().toPoint())
            self._rubber = self.scene().addRect(QRectF(self._start, self._start), QPen(QColor(80, 160, 255), 0))
            return
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, _FaceBox):
            item = item.parentItem()
        if isinstance(item, _FaceBox):
            self.face_clicked.emit(item.face_id)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self.drawing and self._rubber is not None:
            self._rubber.setRect(QRectF(self._start, self.mapToScene(event.position().toPoint())).normalized())
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self.drawing and self._rubber is not None:
            rect = self._rubber.rect()
            self.scene().removeItem(self._rubber)
            self._rubber = None
            if rect.width() > 8 and rect.height() > 8:
                self.box_drawn.emit(rect)
            return
        super().mouseReleaseEvent(event)


class PhotoViewer(QWidget):
    closed = Signal()
    face_selected = Signal(int)
    photo_shown = Signal(int)

    def __init__(self, ops, parent=None):
        super().__init__(parent)
        self.ops = ops
        self.faces_shown: dict = {}  # face id -> (face, its person or None), as drawn
        self.names = lambda: []  # every name in use, for completion (the window's latest read)
        self.photo_ids: list[int] = []
        self.external: tuple | None = None  # (path, who-result) for a photo outside the library
        self.index = 0
        self.scale = 1.0
        self.selected_face: int | None = None
        self._pool = QThreadPool(self)
        self._signals = _LoadSignals()
        self._signals.done.connect(self._loaded)
        self.canvas = PhotoCanvas()
        self.canvas.setObjectName("photoCanvas")
        self.canvas.face_clicked.connect(self._select_face)
        self.canvas.box_drawn.connect(self._drawn)
        self.title = QLabel()
        self.name = QLineEdit()
        self.name.setObjectName("faceName")
        self.name.setPlaceholderText(tr("Click a face, type a name, press Enter"))
        self.name.returnPressed.connect(self._name_face)
        self.name.setEnabled(False)

        def tool(name, tip, slot, key=None):
            b = QToolButton()
            b.setIcon(icon(name)) if name else None
            b.setToolTip(tip + (f" ({key})" if key else ""))
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            if key:
                QShortcut(QKeySequence(key), self, slot)
            return b

        back = tool("back", tr("Back"), self.closed.emit, "Escape")
        prev_b = tool(None, tr("Previous photo"), self.previous, "Left")
        prev_b.setText("◀")
        next_b = tool(None, tr("Next photo"), self.next, "Right")
        next_b.setText("▶")
        fit = tool(None, tr("Fit to window"), self.canvas.fit_photo, "0")
        fit.setText(tr("Fit"))
        zin = tool(None, tr("Zoom in"), lambda: self.canvas.zoom(1.25), "+")
        zin.setText("+")
        zout = tool(None, tr("Zoom out"), lambda: self.canvas.zoom(0.8), "-")
        zout.setText("−")
        self.draw = QToolButton()
        self.draw.setIcon(icon("draw"))
        self.draw.setText(tr("Draw a face"))
        self.draw.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.draw.setCheckable(True)
        self.draw.setToolTip(tr("Draw a box around a face the detector missed"))
        self.draw.toggled.connect(self.canvas.set_drawing)
        bar = QHBoxLayout()
        for w in (back, prev_b, next_b, self.title):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.draw, fit, zout, zin):
            bar.addWidget(w)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(tr("Name:")))
        bottom.addWidget(self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(bottom)

    def show_external(self, path: str, result=None) -> None:
        """A photo that is not in the library, labelled with who ``identify.who`` found in it."""
        self.photo_ids = []
        self.external = (path, result)
        self.title.setText(tr("{path}   (not in the library)").format(path=path))
        self.selected_face = None
        self.name.setEnabled(False)
        self._pool.start(_Load(-1, path, self._signals))

    def label_external(self, result) -> None:
        if self.external is not None:
            self.external = (self.external[0], result)
            self.draw_faces()

    def show_photos(self, photo_id: int, photo_ids: list[int]) -> None:
        self.external = None
        self.photo_ids = list(photo_ids) or [photo_id]
        self.index = self.photo_ids.index(photo_id) if photo_id in self.photo_ids else 0
        self._show()

    def next(self) -> None:
        if self.photo_ids and self.external is None:
            self.index = (self.index + 1) % len(self.photo_ids)
            self._show()

    def previous(self) -> None:
        if self.photo_ids and self.external is None:
            self.index = (self.index - 1) % len(self.photo_ids)
            self._show()

    @property
    def photo_id(self) -> int | None:
        if self.external is not None:
            return -1
        return self.photo_ids[self.index] if self.photo_ids else None

    def _show(self) -> None:
        photo_id = self.photo_id
        self.selected_face = None
        self.name.setEnabled(False)

        def shown(photo) -> None:
            if photo.id != self.photo_id:
                return  # the user paged on meanwhile
            self.photo_shown.emit(photo.id)
            self.title.setText(tr("{path}   ({index} of {count})").format(path=photo.path, index=self.index + 1, count=len(self.photo_ids)))
            self._pool.start(_Load(photo.id, photo.path, self._signals))

        self.ops.tasks.query(lambda catalog: catalog.photo(photo_id)).success(shown).run()

    def wait_loaded(self, ms: int = 5000) -> None:
        self._pool.waitForDone(ms)

    def _loaded(self, photo_id: int, image: QImage, scale: float) -> None:
        if photo_id != self.photo_id:
            return  # the user moved on: a stale result
        scene = self.canvas.scene()
        scene.clear()
        if image.isNull():
            scene.addText(tr("This photo cannot be shown.")).setDefaultTextColor(Qt.GlobalColor.white)
            return
        self.scale = scale
        scene.addItem(QGraphicsPixmapItem(QPixmap.fromImage(image)))
        scene.setSceneRect(QRectF(image.rect()))
        self.draw_faces()
        self.canvas.fit_photo()

    def draw_faces(self) -> None:
        scene = self.canvas.scene()
        for item in [i for i in scene.items() if isinstance(i, _FaceBox)]:
            scene.removeItem(item)
        if self.photo_id is None:
            return
        inv = 1.0 / self.scale
        if self.external is not None:
            result = self.external[1]
            if result is None:
                return
            boxes = [(n + f" ({s:.2f})", b, True) for n, s, b in result.present] + \
                    [(tr("Unknown"), b, False) for b in result.unknown]
            for k, (label, b, known) in enumerate(boxes):
                x1, y1, x2, y2 = (v * inv for v in b)
                scene.addItem(_FaceBox(-(k + 1), QRectF(x1, y1, x2 - x1, y2 - y1), label, known))
            return
        photo_id = self.photo_id

        def read(catalog):
            return [(face, catalog.person(face.person_id) if face.person_id is not None else None)
                    for face in catalog.faces(photo_id=photo_id)]

        def draw(faces) -> None:
            if photo_id != self.photo_id or self.external is not None:
                return
            for item in [i for i in scene.items() if isinstance(i, _FaceBox)]:
                scene.removeItem(item)
            self.faces_shown = {face.id: (face, person) for face, person in faces}
            for face, person in faces:
                x1, y1, x2, y2 = (v * inv for v in face.box)
                label = person.display_name if person is not None else tr("Unknown")
                if face.age is not None:
                    label += f" · ~{face.age:.0f} {gender_label(face.gender)}".rstrip()
                box = _FaceBox(face.id, QRectF(x1, y1, x2 - x1, y2 - y1), label, person is not None)
                scene.addItem(box)
                if face.id == self.selected_face:
                    box.setSelected(True)

        self.ops.tasks.query(read).success(draw).run()

    def _select_face(self, face_id: int) -> None:
        if face_id < 0:
            return  # a face of a photo outside the library: nothing to name there
        self.selected_face = face_id
        completer = QCompleter(self.names(), self.name)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        self.name.setEnabled(True)
        _, person = self.faces_shown.get(face_id, (None, None))
        self.name.setText(person.name or "" if person is not None else "")
        self.name.setFocus()
        self.face_selected.emit(face_id)

    def _name_face(self) -> None:
        name = self.name.text().strip()
        if self.selected_face is not None and name:
            self.ops.name_faces([self.selected_face], name)  # the boxes are drawn anew once it is saved

    def _drawn(self, rect: QRectF) -> None:
        if self.photo_id is None or self.external is not None:
            return
        s = self.scale
        box = (rect.left() * s, rect.top() * s, rect.right() * s, rect.bottom() * s)
        self.draw.setChecked(False)
        photo_id = self.photo_id

        def added(face_id) -> None:
            if self.photo_id == photo_id:
                self.draw_faces()
                self._select_face(int(face_id))

        self.ops.add_face(self.photo_id, box, then=added)
