"""A grid of tiles (people, faces or photos) on QListView in icon mode: cheap for 100k rows."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView

from .item_models import ID_ROLE


def accept_drops(view: QAbstractItemView, on: bool) -> None:
    # Drag events reach the viewport under the mouse; it must accept them itself, or they
    # climb to the scroll area, which drops them on the floor.
    view.setAcceptDrops(on)
    view.viewport().setAcceptDrops(on)


class GridView(QListView):
    activated_id = Signal(int)

    def __init__(self, tile: int = 128, text_lines: int = 2, parent=None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)  # drops go to the model, tiles never wander
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(400)
        self.setUniformItemSizes(True)
        self.setSpacing(6)
        self.setWordWrap(True)
        self.setIconSize(QSize(tile, tile))
        self.setGridSize(QSize(tile + 24, tile + 18 + 16 * text_lines))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        accept_drops(self, True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.doubleClicked.connect(lambda idx: self.activated_id.emit(idx.data(ID_ROLE)))

    # On a tile with a name under it, a double-click on the name renames; on the picture, opens.
    rename_on_name = False

    def mouseDoubleClickEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        if self.rename_on_name and index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
            rect = self.visualRect(index)
            if event.position().y() > rect.top() + self.iconSize().height() + 4:
                self.setCurrentIndex(index)
                self.edit(index)
                return
        super().mouseDoubleClickEvent(event)

    def selected_ids(self) -> list[int]:
        return [i.data(ID_ROLE) for i in self.selectionModel().selectedIndexes()]

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            idx = self.currentIndex()
            if idx.isValid():
                self.activated_id.emit(idx.data(ID_ROLE))
                return
        super().keyPressEvent(event)
