"""Names into XMP sidecars from the window: File → Write names to sidecars…, and after each
correction when the setting asks for it. The writing runs on the files thread with its own
catalog connection; the window only asks, and says what happened in the status bar. While the
whole library is being written the menu item stops it (each photo's sidecar is whole: a stop
falls between two photos)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox, QWidget

from facealbum.core.catalog import Catalog
from facealbum.core.records import Changes
from facealbum.core.sidecars import KEEP_UPDATED, after_correction, photos_to_write, write_names

from .i18n import tr
from .tasks import Task, Tasks


class SidecarWriter(QObject):
    def __init__(self, library, tasks: Tasks, say: Callable[[str], None], parent: QWidget):
        super().__init__(parent)
        self.library_path = str(library.path)
        self.tasks = tasks
        self.say = say
        self.keep_updated = bool(library.catalog.get_setting(KEEP_UPDATED, False))
        self.window = parent
        self.last_report = None
        self.action: QAction | None = None  # the menu item: "Write…", or "Stop…" while writing all
        self.writing_all: Task | None = None

    @staticmethod
    def label() -> str:
        """The menu item's text while nothing is being written (it reads "Stop…" meanwhile)."""
        return tr("Write names to sidecars…")

    def ask_and_write(self) -> None:
        """How many photos, asked on the catalog thread; then a question; then the writing. While
        every photo is being written: stop."""
        if self.writing_all is not None:
            self.writing_all.cancel()
            self.say(tr("Stopping the sidecar writing…"))
            return
        self.tasks.query(lambda catalog: (len(photos_to_write(catalog)),
                                          sum(1 for p in catalog.people() if p.name))).success(self._ask).run()

    def _ask(self, counts: tuple[int, int]) -> None:
        photos, people = counts
        if not photos:
            QMessageBox.information(self.window, tr("Write names to sidecars"),
                                    tr("Nobody is named yet: name people first, then write their names."))
            return
        answer = QMessageBox.question(
            self.window, tr("Write names to sidecars"),
            tr("Write the names of {people} people into XMP sidecar files beside {photos} photos?\n\nThe photos themselves are not changed. digiKam, Lightroom and other apps read the sidecars; tags already in them are kept.").format(people=people, photos=photos))
        if answer == QMessageBox.StandardButton.Yes:
            self._write(None)

    def _write(self, changes: Changes | None) -> None:
        path = self.library_path

        def work(task):
            with Catalog(path) as catalog:  # its own connection: writing many files takes a while
                if changes is not None:
                    return after_correction(catalog, changes)
                return write_names(catalog, photos_to_write(catalog), task.report, task.cancelled.is_set)

        task = self.tasks.files(work).with_progress(
            lambda done, total: self.say(tr("Writing names to sidecars: {done} of {total} photos…").format(done=done, total=total)))
        if changes is None:
            task.success(self._wrote_all).failure(self._all_failed)
            self._writing_all(task)
        else:
            task.success(self._written).failure(self._not_written)
        task.run()

    def _writing_all(self, task: Task | None) -> None:
        self.writing_all = task
        if self.action is not None:
            self.action.setText(self.label() if task is None else tr("Stop writing sidecars"))

    def _wrote_all(self, report) -> None:
        self._writing_all(None)
        self._written(report)

    def _all_failed(self, message: str) -> None:
        self._writing_all(None)
        self._not_written(message)

    def _not_written(self, message: str) -> None:
        self.say(tr("Sidecars not written: {message}").format(message=message))

    def _written(self, report) -> None:
        self.last_report = report
        if report is None:
            return
        text = tr("XMP sidecars: {summary}").format(summary=report.summary())
        if report.errors:
            text += tr(" First problem: {path}: {reason}").format(path=report.errors[0][0], reason=report.errors[0][1])
        self.say(text)

    def after_change(self, changes: Changes) -> None:
        if self.keep_updated and changes.faces:
            self._write(changes)
