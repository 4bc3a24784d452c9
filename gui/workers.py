"""Work off the GUI thread: scanning, grouping and export in QThreads that report by signals.

Each worker opens its own Library (SQLite connections stay in the thread that made them); the
window reads and writes corrections through its own connection, and WAL lets both proceed.
"""

from __future__ import annotations

import threading
import time
import traceback

from PySide6.QtCore import QThread, Signal

from facealbum.core.errors import FaceAlbumError
from facealbum.core.library import Library


class ScanWorker(QThread):
    progress = Signal(object)  # core.pipeline.ScanProgress
    grouped = Signal(object)  # core.grouping.GroupingReport, while the scan runs and at its end
    finished_scan = Signal(object)  # core.pipeline.ScanReport
    failed = Signal(str)

    def __init__(self, library_path: str, roots: list[str], models_dir: str | None = None,
                 regroup_every_s: float = 4.0, parent=None):
        super().__init__(parent)
        self.library_path = library_path
        self.roots = roots
        self.models_dir = models_dir
        self.regroup_every_s = regroup_every_s
        self.excluded: list[str] = []
        self._cancel = threading.Event()
        self._running = threading.Event()
        self._running.set()

    # Called from the GUI thread.
    def cancel(self) -> None:
        self._cancel.set()
        self._running.set()

    def pause(self, paused: bool) -> None:
        if paused:
            self._running.clear()
        else:
            self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def _should_stop(self) -> bool:
        # The scan asks this between photos: a pause simply waits here.
        while not self._running.wait(0.1):
            if self._cancel.is_set():
                break
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            with Library(self.library_path, self.models_dir) as lib:
                last_group = time.monotonic()
                faces_at_last_group = 0

                def on_progress(p):
                    nonlocal last_group, faces_at_last_group
                    self.progress.emit(p)
                    # People appear and grow while the scan runs.
                    if (p.phase == "processing" and p.faces > faces_at_last_group
                            and time.monotonic() - last_group > self.regroup_every_s):
                        self.grouped.emit(lib.regroup())
                        last_group = time.monotonic()
                        faces_at_last_group = p.faces

                report = lib.scanner().scan(self.roots, on_progress, self._should_stop, skip=self.excluded)
                if not report.cancelled:
                    self.grouped.emit(lib.regroup())
                self.finished_scan.emit(report)
        except FaceAlbumError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # the unexpected: shown once, quietly, with its trace in the log
            traceback.print_exc()
            self.failed.emit(f"The scan stopped unexpectedly: {exc}")


class GroupWorker(QThread):
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, library_path: str, models_dir: str | None = None, parent=None):
        super().__init__(parent)
        self.library_path = library_path
        self.models_dir = models_dir

    def run(self) -> None:
        try:
            with Library(self.library_path, self.models_dir) as lib:
                self.done.emit(lib.regroup())
        except Exception as exc:
            self.failed.emit(str(exc))


class ExportWorker(QThread):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, library_path: str, dest: str, person_ids: list[int], mode: str, parent=None):
        super().__init__(parent)
        self.library_path, self.dest, self.person_ids, self.mode = library_path, dest, person_ids, mode
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            with Library(self.library_path) as lib:
                report = lib.export(self.dest, self.person_ids, self.mode,
                                    lambda d, t: self.progress.emit(d, t), self._cancel.is_set)
            self.done.emit(report)
        except Exception as exc:
            self.failed.emit(str(exc))
