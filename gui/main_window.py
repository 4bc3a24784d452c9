"""The main window: sidebar, central pages, details panel, status bar with scan progress."""

from __future__ import annotations

import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QLabel, QListView, QMainWindow, QMessageBox, QProgressBar,
                               QSplitter, QStackedWidget, QToolBar, QToolButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from facealbum.core.durations import fmt_duration
from facealbum.core.library import Library
from facealbum.core.records import Changes

from .details import DetailsPanel
from .dialogs import ExportDialog, NoticesDialog, SettingsDialog, modal
from . import i18n
from .i18n import tr
from .icons import icon
from .item_models import ID_ROLE, PeopleModel
from .ops import Ops
from .pages import EmptyPage, PeoplePage, PersonPage, PhotosPage, UnknownPage
from .sidecar_ui import SidecarWriter
from .snapshot import Snapshot, read_snapshot
from .tasks import Tasks
from .thumbs import ThumbnailLoader
from .viewer import PhotoViewer
from .views import accept_drops
from .window_settings import window_settings
from .workers import GroupWorker, ScanWorker, retire

NAV_PEOPLE, NAV_UNKNOWN, NAV_HIDDEN, NAV_FOLDERS = "people", "unknown", "hidden", "folders"
AUTO_REGROUP_MS = 4000
def photo_filter() -> str:
    return tr("Photos ({patterns})").format(patterns="*.jpg *.jpeg *.png *.webp *.tif *.tiff *.bmp *.gif *.heic *.heif")


class MainWindow(QMainWindow):
    def __init__(self, library_path: str | Path | None = None, models_dir: str | None = None):
        super().__init__()
        if i18n.language() is None:  # the language chosen in Settings (or the system's), once per process
            i18n.install(QApplication.instance(), i18n.chosen(window_settings()))
        self.setWindowTitle("FaceAlbum")
        self.setWindowIcon(icon("app"))
        self.models_dir = models_dir
        self.scan_worker: ScanWorker | None = None
        self.group_worker: GroupWorker | None = None
        self._queued_roots: list[str] = []
        self._history: list[tuple] = []
        self._build(library_path)
        self._restore()

    # -- building -------------------------------------------------------------------------
    def _build(self, library_path) -> None:
        self.library = Library(library_path, self.models_dir)
        self.tasks = Tasks(str(self.library.path), self)
        self.details = DetailsPanel(self.tasks)  # its dock is built further down; pages and the viewer feed it
        self.ops = Ops(self.library, self.tasks, self)
        self.snapshot = Snapshot()
        self._refreshes = 0
        self.ops.confirm = self._confirm
        self.ops.changed.connect(self._on_changed)
        self.sidecars = SidecarWriter(self.library, self.tasks, self.notice, self)
        self.name_notes: list[tuple[str, str]] = []  # the last scan's notes about names in metadata
        self.ops.changed.connect(self.sidecars.after_change)
        # A regroup in the child process a few seconds after the last correction, not after each.
        self.regroup_timer = QTimer(self)
        self.regroup_timer.setSingleShot(True)
        self.regroup_timer.setInterval(AUTO_REGROUP_MS)
        self.regroup_timer.timeout.connect(self._auto_regroup)
        self.ops.failed.connect(self.notice)
        self.tasks.failed.connect(self.notice)
        self.ops.leaving.connect(self._leaving)
        self.ops.reverted.connect(self.refresh_all)
        self.loader = ThumbnailLoader(str(self.library.path), self.library.thumbnails, parent=self)
        cat = self.library.catalog

        self.stack = QStackedWidget()
        self.empty_page = EmptyPage()
        self.empty_page.add_folder.connect(self.add_folder)
        self.people_page = PeoplePage(self.ops, self.loader)
        self.hidden_page = PeoplePage(self.ops, self.loader, hidden=True)
        self.person_page = PersonPage(self.tasks, self.ops, self.loader)
        self.unknown_page = UnknownPage(self.ops, self.loader)
        self.photos_page = PhotosPage(self.tasks, self.loader)
        self.photos_page.has_ages = cat.has_ages()
        self.viewer = PhotoViewer(self.ops)
        self.viewer.names = lambda: self.snapshot.names
        for page in (self.empty_page, self.people_page, self.hidden_page, self.person_page, self.unknown_page,
                     self.photos_page, self.viewer):
            self.stack.addWidget(page)
        for page in (self.people_page, self.hidden_page):
            page.open_person.connect(self.open_person)
            page.show_photos.connect(self.show_photos)
            page.view.selectionModel().selectionChanged.connect(lambda *_, p=page: self._details_people(p.view))
        self.unknown_page.open_person.connect(self.open_person)
        self.unknown_page.compare_faces.connect(self.compare_faces)
        self.person_page.compare_faces.connect(self.compare_faces)
        self.person_page.back.connect(self.go_back)
        self.person_page.open_photo.connect(self.open_photo)
        self.person_page.show_photos.connect(self.show_photos)
        self.person_page.view.selectionModel().selectionChanged.connect(
            lambda *_: self._details_faces(self.person_page.view))
        self.photos_page.open_photo.connect(self.open_photo)
        self.viewer.closed.connect(self.go_back)
        self.viewer.face_selected.connect(self.details.show_face)
        self.viewer.photo_shown.connect(self.details.show_photo)
        self.photos_page.view.selectionModel().selectionChanged.connect(self._details_photos)
        self.unknown_page.group_view.selectionModel().selectionChanged.connect(
            lambda *_: self._details_people(self.unknown_page.group_view))
        self.unknown_page.face_view.selectionModel().selectionChanged.connect(
            lambda *_: self._details_faces(self.unknown_page.face_view))
        # The panel follows the page shown: never the selection of a page left behind; and the
        # rows it counts, which arrive from the catalog thread after the page is shown.
        self.stack.currentChanged.connect(lambda *_: self._details_for_page())
        for model in (self.person_page.model, self.unknown_page.faces, self.photos_page.model):
            model.loaded.connect(self._details_for_page)

        # Sidebar: where to look, and every person as a drop target for faces.
        self.nav = QTreeWidget()
        self.nav.setObjectName("navigation")
        self.nav.setHeaderHidden(True)
        self.nav_items = {}
        for key, text, ic in ((NAV_PEOPLE, tr("People"), "people"), (NAV_UNKNOWN, tr("Unknown faces"), "unknown"),
                              (NAV_HIDDEN, tr("Hidden people"), "hidden"), (NAV_FOLDERS, tr("Folders"), "folder")):
            item = QTreeWidgetItem([text])
            item.setIcon(0, icon(ic))
            item.setData(0, Qt.ItemDataRole.UserRole, key)
            self.nav.addTopLevelItem(item)
            self.nav_items[key] = item
        self.nav.itemClicked.connect(self._nav_clicked)
        self.side_people = PeopleModel(self.ops, self.loader, sort="name")
        self.side_people.icon_size = 32
        self.side_list = QListView()
        self.side_list.setObjectName("sidebarPeople")
        self.side_list.setModel(self.side_people)
        self.side_list.setIconSize(QSize(32, 32))
        # Every row is as tall as the first: without this a layout asks all rows for their size
        # (and their cover), which on 3,000 people took the window 100-400 ms after each change.
        self.side_list.setUniformItemSizes(True)
        accept_drops(self.side_list, True)
        self.side_list.setDragEnabled(True)
        self.side_list.setDropIndicatorShown(True)
        self.side_list.setDragDropMode(QListView.DragDropMode.DragDrop)
        self.side_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.side_list.setEditTriggers(QListView.EditTrigger.EditKeyPressed)
        self.side_list.doubleClicked.connect(lambda idx: self.open_person(idx.data(ID_ROLE)))
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(4, 4, 4, 4)
        sl.addWidget(self.nav, 2)
        hint = QLabel(tr("People — drop faces here to move them"))
        hint.setEnabled(False)
        sl.addWidget(hint)
        sl.addWidget(self.side_list, 3)
        self.splitter = QSplitter()
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 900])
        self.setCentralWidget(self.splitter)

        dock = QDockWidget(tr("Details"), self)
        dock.setObjectName("detailsDock")
        dock.setWidget(self.details)
        self.details.setMinimumWidth(220)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.details_dock = dock

        self._build_actions()
        self._build_status()
        self.refresh_all()
        self.go(NAV_PEOPLE if cat.face_count() or self.folders() else None)

    def _build_actions(self) -> None:
        def act(text, slot, shortcut=None, ic=None, tip=None):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            if ic:
                a.setIcon(icon(ic))
            if tip:
                a.setToolTip(tip)
            a.triggered.connect(slot)
            return a

        self.act_add = act(tr("Add folder…"), self.add_folder, "Ctrl+O", "add-folder", tr("Add a folder of photos and scan it"))
        self.act_rescan = act(tr("Rescan"), self.rescan, "F5", "rescan", tr("Look for new, changed and moved photos"))
        self.act_export = act(tr("Export albums…"), self.export, "Ctrl+E", "export", tr("Write one folder per person"))
        self.act_who = act(tr("Who is in a photo…"), self.who_in_photo, "Ctrl+I", "compare",
                           tr("Open any photo and label the people you have named"))
        self.act_compare = act(tr("Compare two photos…"), self.compare_photos, "Ctrl+Shift+K", "compare",
                               tr("Are the people in two photos the same person?"))
        self.act_settings = act(tr("Settings…"), self.settings, "Ctrl+,", "settings")
        self.act_quit = act(tr("Quit"), self.close, "Ctrl+Q")
        self.act_undo = act(tr("Undo"), self.ops.undo, QKeySequence.StandardKey.Undo, "undo")
        self.act_redo = act(tr("Redo"), self.ops.redo, "Ctrl+Shift+Z", "redo")
        self.act_errors = act(tr("Files that could not be read…"), self.show_errors)
        self.act_sidecars = act(self.sidecars.label(), self.sidecars.ask_and_write, None, None,
                                tr("Write the names of people into XMP sidecars beside their photos "
                                "(the photos are not changed)"))
        self.sidecars.action = self.act_sidecars  # it reads "Stop writing sidecars" while writing them all
        self.ops.undo_changed.connect(self._undo_texts)
        menu = self.menuBar()
        file_menu = menu.addMenu(tr("&File"))
        for a in (self.act_add, self.act_rescan, self.act_who, self.act_compare, self.act_export, self.act_sidecars,
                  self.act_errors, self.act_settings):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = menu.addMenu(tr("&Edit"))
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        view = menu.addMenu(tr("&View"))
        for key, text, shortcut in ((NAV_PEOPLE, tr("People"), "Ctrl+1"), (NAV_UNKNOWN, tr("Unknown faces"), "Ctrl+2"),
                                    (NAV_HIDDEN, tr("Hidden people"), "Ctrl+3")):
            view.addAction(act(text, lambda _=False, k=key: self.go(k), shortcut))
        view.addAction(self.details_dock.toggleViewAction())
        help_menu = menu.addMenu(tr("&Help"))
        help_menu.addAction(act(tr("About FaceAlbum"), self._about))
        bar = QToolBar(tr("Main"))
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for a in (self.act_add, self.act_rescan, self.act_export):
            bar.addAction(a)
        bar.addSeparator()
        bar.addAction(self.act_undo)
        bar.addAction(self.act_redo)
        self.addToolBar(bar)
        self.ops.refresh_undo()

    def _build_status(self) -> None:
        status = self.statusBar()
        self.status_text = QLabel(tr("Ready"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setVisible(False)
        self.pause_button = QToolButton()
        self.pause_button.setIcon(icon("pause"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(tr("Pause the scan"))
        self.pause_button.toggled.connect(self._pause)
        self.cancel_button = QToolButton()
        self.cancel_button.setIcon(icon("stop"))
        self.cancel_button.setToolTip(tr("Stop the scan (it resumes where it stopped next time)"))
        self.cancel_button.clicked.connect(self.cancel_scan)
        self.notice_button = QToolButton()
        self.notice_button.setIcon(icon("warning"))
        self.notice_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.notice_button.setAutoRaise(True)
        self.notice_button.clicked.connect(self.show_errors)
        for w in (self.pause_button, self.cancel_button):
            w.setVisible(False)
        status.addWidget(self.status_text, 1)
        status.addPermanentWidget(self.notice_button)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.pause_button)
        status.addPermanentWidget(self.cancel_button)
        self._update_notices()

    # -- navigation -----------------------------------------------------------------------
    def go(self, key: str | None) -> None:
        if key is None:
            self.stack.setCurrentWidget(self.empty_page)
            return
        self._history.clear()
        if key == NAV_PEOPLE:
            self.stack.setCurrentWidget(self.people_page)
        elif key == NAV_UNKNOWN:
            self.unknown_page.refresh(self.snapshot)
            self.stack.setCurrentWidget(self.unknown_page)
        elif key == NAV_HIDDEN:
            self.stack.setCurrentWidget(self.hidden_page)
        elif key == NAV_FOLDERS:
            folders = self.folders()
            if folders:
                self.show_folder(folders[0])
        item = self.nav_items.get(key)
        if item is not None:
            self.nav.setCurrentItem(item)

    def _nav_clicked(self, item, _column=0) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key in self.nav_items:
            self.go(key)
        elif key:
            self.show_folder(key)

    def _push(self) -> None:
        self._history.append(self.stack.currentWidget())

    def go_back(self) -> None:
        page = self._history.pop() if self._history else self.people_page
        if page is self.person_page:
            self.person_page.refresh()
        elif page is self.unknown_page:
            self.unknown_page.refresh(self.snapshot)
        self.stack.setCurrentWidget(page)

    def open_person(self, person_id: int) -> None:
        self._push()
        self.person_page.show_person(person_id)
        self.stack.setCurrentWidget(self.person_page)
        self.details.show_person(person_id)

    def show_photos(self, person_ids: list, title: str) -> None:
        self._push()
        self.photos_page.show_people(person_ids, title)
        self.stack.setCurrentWidget(self.photos_page)

    def show_folder(self, folder: str) -> None:
        self.photos_page.show_folder(folder)
        self.stack.setCurrentWidget(self.photos_page)
        parent = self.nav_items[NAV_FOLDERS]
        for i in range(parent.childCount()):  # the sidebar says where we are
            if parent.child(i).data(0, Qt.ItemDataRole.UserRole) == folder:
                self.nav.setCurrentItem(parent.child(i))

    def open_photo(self, photo_id: int, photo_ids: list) -> None:
        self._push()
        self.viewer.show_photos(photo_id, photo_ids)
        self.stack.setCurrentWidget(self.viewer)

    # -- folders and scanning -------------------------------------------------------------
    def folders(self) -> list[str]:
        return list(self.library.catalog.get_setting("folders", []))

    def add_folder(self, folder: str | None = None) -> None:
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, tr("Add a folder of photos"), str(Path.home()))
        if not folder:
            return
        folder = os.path.abspath(os.path.expanduser(folder))
        folders = self.folders()
        if folder not in folders:
            folders.append(folder)
            self.library.catalog.set_setting("folders", folders)
        self._refresh_folders()
        self.start_scan([folder])

    def rescan(self) -> None:
        if self.folders():
            self.start_scan(self.folders())

    def start_scan(self, roots: list[str]) -> None:
        if self.scan_worker is not None and self.scan_worker.isRunning():
            self._queued_roots += [r for r in roots if r not in self._queued_roots]
            self.status_text.setText(tr("A scan is running; the new folder is scanned next."))
            return
        if self.stack.currentWidget() is self.empty_page:
            self.go(NAV_PEOPLE)
        retire(self.scan_worker)
        worker = ScanWorker(str(self.library.path), roots, self.library.models_dir,
                            self.library.catalog.get_setting("excluded", []), parent=self)
        worker.progress.connect(self._scan_progress)
        worker.grouped.connect(lambda _r: self.refresh_all(grouping=True))
        worker.finished_scan.connect(self._scan_finished)
        worker.failed.connect(self._scan_failed)
        self.scan_worker = worker
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.pause_button.setVisible(True)
        self.pause_button.setChecked(False)
        self.cancel_button.setVisible(True)
        self.status_text.setText(tr("Looking for photos…"))
        worker.start()

    def _scan_progress(self, p) -> None:
        if p.phase == "processing":
            self.progress.setRange(0, max(p.total, 1))
            self.progress.setValue(p.done)
            paused = tr("  (paused)") if self.scan_worker and self.scan_worker.paused else ""
            self.status_text.setText(tr("Scanning {done} of {total} photos · {rate:.1f}/s · ETA {eta} · {faces} faces{paused}").format(done=p.done, total=p.total, rate=p.rate, eta=fmt_duration(p.eta_s), faces=p.faces, paused=paused))

    def _scan_finished(self, report) -> None:
        self._end_scan()
        self.refresh_all()
        self.status_text.setText(report.summary())
        self.last_report = report
        self.name_notes = list(report.name_problems)
        if self._queued_roots:
            roots, self._queued_roots = self._queued_roots, []
            self.start_scan(roots)

    def _scan_failed(self, message: str) -> None:
        self._end_scan()
        self.notice(message)

    def _end_scan(self) -> None:
        self.progress.setVisible(False)
        self.pause_button.setVisible(False)
        self.cancel_button.setVisible(False)
        self._update_notices()

    def _pause(self, paused: bool) -> None:
        if self.scan_worker is not None:
            self.scan_worker.pause(paused)
            self.status_text.setText(tr("Scan paused.") if paused else tr("Scan resumed."))

    def cancel_scan(self) -> None:
        if self.scan_worker is not None and self.scan_worker.isRunning():
            self.scan_worker.cancel()
            self.status_text.setText(tr("Stopping the scan…"))

    def regroup(self) -> None:
        if self.group_worker is not None and self.group_worker.isRunning():
            self.regroup_timer.start()  # corrections landed meanwhile: regroup once more after it
            return
        retire(self.group_worker)
        self.group_worker = GroupWorker(str(self.library.path), self.library.models_dir, self)
        self.group_worker.done.connect(lambda r: (self.refresh_all(grouping=True),
                                                  self.status_text.setText(tr("Regrouped: {people} people.").format(people=r.people))))
        self.group_worker.failed.connect(self.notice)
        self.status_text.setText(tr("Regrouping…"))
        self.group_worker.start()

    def _auto_regroup(self) -> None:
        """Corrections teach the grouping (calibration, constraints): regroup once they settle."""
        if self.scan_worker is not None and self.scan_worker.isRunning():
            return  # the scan regroups as it goes, and at its end
        if self.library.catalog.get_setting(f"model:{self.library.pack_name}"):
            self.regroup()

    # -- refreshing -----------------------------------------------------------------------
    def _on_changed(self, changes) -> None:
        self.refresh_all(changes)
        if not changes.grouping:
            self.regroup_timer.start()

    def _leaving(self, person_ids, face_ids) -> None:
        """A correction is on its way: what it takes away leaves the views now."""
        if person_ids:
            for model in (self.people_page.model, self.hidden_page.model, self.side_people, self.unknown_page.groups):
                model.drop(person_ids)
        if face_ids:
            for model in (self.person_page.model, self.unknown_page.faces):
                model.drop(face_ids)

    def refresh_all(self, changes: Changes | None = None, grouping: bool = False) -> None:
        """Read what the lists show on the catalog thread, then update the views from it.

        ``changes`` (what a correction changed) says which pages need more than the shared
        read; with none (a scan or regroup, or the first showing) every page shown reloads.
        """
        self._refreshes += 1
        asked = self._refreshes
        whole = changes is None or changes.grouping or grouping

        def apply(snapshot: Snapshot) -> None:
            if asked != self._refreshes:
                return  # a newer read is on its way: never show an older state after a newer one
            self.snapshot = snapshot
            if whole:
                self.loader.retry_failed()
            for page in (self.people_page, self.hidden_page):
                page.refresh(snapshot)
            self.side_people.refresh(snapshot.people, snapshot.covers)
            self.person_page.set_names(snapshot.names)
            current = self.stack.currentWidget()
            if current is self.person_page and (whole or self.person_page.person_id in changes.people
                                                or changes.faces & {f.id for f in self.person_page.model.faces}):
                self.person_page.refresh()
            elif current is self.unknown_page:
                self.unknown_page.refresh(snapshot, faces=whole or bool(changes.faces))
            elif current is self.viewer:
                self.viewer.draw_faces()
            self._refresh_folders()
            self.nav_items[NAV_PEOPLE].setText(0, tr("People ({count})").format(count=self.people_page.model.rowCount()))
            self.nav_items[NAV_UNKNOWN].setText(0, tr("Unknown faces ({faces})").format(faces=snapshot.unknown.faces))
            self.nav_items[NAV_UNKNOWN].setToolTip(0, snapshot.unknown.sentence() + ".")
            self._show_notices(snapshot.errors)
            self._details_for_page()  # counts and names in the panel follow too

        self.tasks.query(read_snapshot).success(apply).run()
        self.nav_items[NAV_HIDDEN].setText(0, tr("Hidden people ({count})").format(count=self.hidden_page.model.rowCount()))

    def _refresh_folders(self) -> None:
        item = self.nav_items[NAV_FOLDERS]
        folders = self.folders()
        if [item.child(i).data(0, Qt.ItemDataRole.UserRole) for i in range(item.childCount())] == folders:
            return
        item.takeChildren()
        for folder in folders:
            child = QTreeWidgetItem([os.path.basename(folder) or folder])
            child.setToolTip(0, folder)
            child.setData(0, Qt.ItemDataRole.UserRole, folder)
            item.addChild(child)
        item.setExpanded(True)

    def _undo_texts(self, undo, redo) -> None:
        self.act_undo.setEnabled(undo is not None)
        self.act_undo.setText(tr("Undo {undo}").format(undo=undo) if undo else tr("Undo"))
        self.act_redo.setEnabled(redo is not None)
        self.act_redo.setText(tr("Redo {redo}").format(redo=redo) if redo else tr("Redo"))

    # -- details panel --------------------------------------------------------------------
    def _details_for_page(self) -> None:
        page = self.stack.currentWidget()
        if page in (self.people_page, self.hidden_page):
            self._details_people(page.view)
        elif page is self.person_page:
            self._details_faces(page.view)
        elif page is self.unknown_page:
            self._details_faces(page.face_view)
        elif page is self.photos_page:
            self._details_photos()
        elif page is self.viewer and self.viewer.photo_id and self.viewer.photo_id > 0:
            self.details.show_photo(self.viewer.photo_id)
        else:
            self.details.show_text("")

    def _details_people(self, view) -> None:
        ids = view.selected_ids()
        if len(ids) == 1:
            self.details.show_person(ids[0])
        elif ids:
            self.details.show_text(tr("<b>{ids_count} people selected</b><br>Ctrl+M merges them; Ctrl+T shows the photos they are in together.").format(ids_count=len(ids)))
        else:
            count = view.model().rowCount()
            self.details.show_text(tr("<b>%n people</b><br>Select one to see its faces and photos; F2 renames, dragging one onto another merges them.", "", count))

    def _details_faces(self, view) -> None:
        ids = view.selected_ids()
        if len(ids) == 1:
            self.details.show_face(ids[0])
        elif ids:
            self.details.show_text(tr("<b>{ids_count} faces selected</b><br>Ctrl+N: move to a new person<br>Delete: not this person<br>or drag them onto a person in the sidebar.").format(ids_count=len(ids)))
        elif view is self.person_page.view and self.person_page.person_id is not None:
            self.details.show_person(self.person_page.person_id)
        else:
            count = view.model().rowCount()
            self.details.show_text(tr("<b>{count} faces in no group</b><br>Select faces and type a name, or drag them onto a person in the sidebar.").format(count=count))

    def _details_photos(self) -> None:
        ids = self.photos_page.view.selected_ids()
        if len(ids) == 1:
            self.details.show_photo(ids[0])
        else:
            shown = self.photos_page.model.rowCount()
            self.details.show_text(tr("<b>{text}</b><br>{shown} photos").format(text=self.photos_page.heading.text(), shown=shown)
                                 + (tr(", {ids_count} selected").format(ids_count=len(ids)) if ids else ""))

    # -- dialogs and notices --------------------------------------------------------------
    def _confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def notice(self, message: str) -> None:
        # Quiet: a line in the status bar, never a storm of dialogs.
        self.status_text.setText(message)

    def _update_notices(self) -> None:
        self.tasks.query(lambda catalog: catalog.photo_counts().get("error", 0)).success(self._show_notices).run()

    def _show_notices(self, n: int) -> None:
        notes = len(self.name_notes)
        self.notice_button.setVisible(n > 0 or notes > 0)
        parts = [tr("%n files could not be read", "", n)] if n else []
        parts += [tr("%n notes about names", "", notes)] if notes else []
        self.notice_button.setText(" · ".join(parts))

    def show_errors(self) -> None:
        modal(NoticesDialog(self.library, self.name_notes, self))

    def who_in_photo(self, path: str | None = None) -> None:
        from .workers import WhoWorker

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, tr("Who is in this photo?"), str(Path.home()), photo_filter())
        if not path:
            return
        self._push()
        self.viewer.show_external(path)
        self.stack.setCurrentWidget(self.viewer)
        self.status_text.setText(tr("Looking for the people you named…"))
        retire(getattr(self, "who_worker", None))
        self.who_worker = WhoWorker(str(self.library.path), path, self.library.models_dir, self)
        self.who_worker.done.connect(self._who_done)
        self.who_worker.failed.connect(self.notice)
        self.who_worker.start()

    def _who_done(self, result) -> None:
        self.viewer.label_external(result)
        names = ", ".join(n for n, _, _ in result.present) or tr("nobody you named")
        unknown = tr("; {unknown_count} unknown").format(unknown_count=len(result.unknown)) if result.unknown else ""
        self.status_text.setText(tr("In this photo: {names}{unknown}.").format(names=names, unknown=unknown))

    def compare_photos(self, path_a: str | None = None, path_b: str | None = None) -> None:
        from .workers import ComparePhotosWorker

        for which, title in (("first", tr("Compare photos: the first photo")),
                             ("second", tr("Compare photos: the second photo"))):
            if (path_a if which == "first" else path_b):
                continue
            path, _ = QFileDialog.getOpenFileName(self, title, str(Path.home()), photo_filter())
            if not path:
                return
            if which == "first":
                path_a = path
            else:
                path_b = path
        self.status_text.setText(tr("Comparing the two photos…"))
        retire(getattr(self, "compare_worker", None))
        self.compare_worker = ComparePhotosWorker(str(self.library.path), path_a, path_b, self.library.models_dir,
                                                  self)
        self.compare_worker.done.connect(lambda payload: self._compared(path_a, path_b, payload))
        self.compare_worker.failed.connect(self.notice)
        self.compare_worker.start()

    def _compared(self, path_a: str, path_b: str, payload) -> None:
        from .dialogs import ComparePhotosDialog

        result, crops = payload
        previous = getattr(self, "compare_dialog", None)
        if previous is not None and shiboken6.isValid(previous):
            previous.close()
        self.compare_dialog = ComparePhotosDialog(path_a, path_b, result, crops, self)
        # Each comparison holds its photos' face crops: closed, it goes, not kept as the window's child.
        self.compare_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        word = tr("the same person") if self.compare_dialog.verdict.same else tr("different people")
        self.status_text.setText(tr("{photo_a} and {photo_b}: {word}.").format(photo_a=os.path.basename(path_a), photo_b=os.path.basename(path_b), word=word))
        self.compare_dialog.open()  # not exec(): the window stays live behind it

    def compare_faces(self, a: int, b: int) -> None:
        from .dialogs import CompareDialog

        modal(CompareDialog(self.library, a, b, self.loader, self))

    def export(self) -> None:
        modal(ExportDialog(self.library, self.tasks, self))

    def settings(self) -> None:
        dialog = SettingsDialog(self.library, self.tasks, self)
        dialog.regroup_requested.connect(self.regroup)
        dialog.library_changed.connect(self.switch_library)
        if dialog.exec():
            self.sidecars.keep_updated = dialog.keep_sidecars.isChecked()
        dialog.deleteLater()  # as modal() does

    def switch_library(self, path: str) -> None:
        self.cancel_scan()
        if self.scan_worker is not None:
            self.scan_worker.wait()
        old = self.library
        self.takeCentralWidget()
        for dock in (self.details_dock,):
            self.removeDockWidget(dock)
        self.menuBar().clear()
        for bar in self.findChildren(QToolBar):
            self.removeToolBar(bar)
        old_tasks = self.tasks
        self._build(path)
        old_tasks.close()
        old.close()

    def _about(self) -> None:
        from facealbum.core import __version__

        QMessageBox.about(self, tr("About FaceAlbum"),
                          tr("FaceAlbum {version}\nFaces found and grouped on this computer.\nLibrary: {path}\nModel pack: {pack_name}").format(version=__version__, path=self.library.path, pack_name=self.library.pack_name))

    # -- window state ---------------------------------------------------------------------
    def _restore(self) -> None:
        s = window_settings()
        geometry = s.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 820)
        state = s.value("state")
        if state is not None:
            self.restoreState(state)
        sizes = s.value("splitter")
        if sizes is not None:
            self.splitter.restoreState(sizes)

    def closeEvent(self, event) -> None:
        self.regroup_timer.stop()  # no regroup may start once the window is going
        s = window_settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState())
        s.setValue("splitter", self.splitter.saveState())
        s.sync()
        if self.scan_worker is not None and self.scan_worker.isRunning():
            # The batch in flight is written, the rest stays pending: the next scan resumes.
            self.scan_worker.cancel()
            if not self.scan_worker.wait(30000):
                self.scan_worker.kill()
                self.scan_worker.wait(5000)
        if self.group_worker is not None and self.group_worker.isRunning():
            if not self.group_worker.wait(30000):
                self.group_worker.kill()
                self.group_worker.wait(5000)
        self.loader.wait_idle(5000)
        for name in ("who_worker", "compare_worker"):
            worker = getattr(self, name, None)
            if worker is not None and worker.isRunning():
                worker.wait(30000)
        self.viewer.wait_loaded(5000)
        self.tasks.close()  # every correction asked for is written before the window goes
        super().closeEvent(event)
