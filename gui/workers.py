"""Work in a child process: scanning, grouping, who-is-this, comparing photos, the strictness preview.

Each runs in a spawned process relayed by a QThread: loading models and clustering are long C
calls that hold Python's GIL (measured: ~75 ms for a model load, ~1.7 s for average linkage over
6k faces), which would freeze a window that shared the interpreter. The child opens the library
itself; every batch it writes is its own SQLite transaction, so stopping or even killing it loses
nothing that was reported saved. Catalog reads, corrections and file work run on threads through
tasks.py instead. Every worker here has one success signal and one failure signal (``failed``).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import traceback

from PySide6.QtCore import QThread, Signal

from facealbum.core.errors import FaceAlbumError
from facealbum.core.i18n import _
from facealbum.core.library import Library
from .i18n import tr


# -- what runs in the child process -----------------------------------------------------------
def _yield_to_window() -> None:
    """The child gives way to the window: lower CPU priority (model threads never busy-wait)."""
    import os

    try:
        os.nice(5)
    except (AttributeError, OSError):
        pass


def _scan_child(library_path, roots, models_dir, excluded, regroup_every_s, events, cancel, running):
    import os

    _yield_to_window()
    parent = os.getppid()

    def should_stop() -> bool:
        while not running.wait(0.1):  # paused
            if cancel.is_set() or os.getppid() != parent:
                break
        return cancel.is_set() or os.getppid() != parent  # the window is gone: stop, keep what is saved

    try:
        with Library(library_path, models_dir) as lib:
            report = lib.scan(roots, lambda p: events.put(("progress", p)), should_stop, skip=excluded,
                              group_every_s=regroup_every_s, grouped=lambda r: events.put(("grouped", r)))
            events.put(("finished", report))
    except FaceAlbumError as exc:
        events.put(("failed", str(exc)))
    except Exception as exc:
        traceback.print_exc()
        events.put(("failed", _("The scan stopped unexpectedly: {exc}").format(exc=exc)))


def _group_child(library_path, models_dir, events, cancel, running):
    _yield_to_window()
    try:
        with Library(library_path, models_dir) as lib:
            events.put(("finished", lib.regroup()))
    except Exception as exc:
        events.put(("failed", _("Grouping failed: {exc}").format(exc=exc)))


def retire(worker: QThread | None) -> None:
    """Let go of a worker the window is replacing with a new one. Each run has a worker of its own,
    parented to the window, and with it a queue and two events (POSIX semaphores and a pipe): kept,
    they added up, one more set each regroup (a regroup follows every correction), for as long as
    the window lived. A worker still running goes once it finishes."""
    if worker is None:
        return
    if worker.isRunning():
        worker.finished.connect(worker.deleteLater)
    else:
        worker.deleteLater()


class _ChildWorker(QThread):
    """Runs ``target`` in a spawned process and turns what it reports into signals."""

    failed = Signal(str)

    def __init__(self, target, args: tuple, parent=None):
        super().__init__(parent)
        ctx = mp.get_context("spawn")
        self._ctx = ctx
        self._target, self._args = target, args
        self._events = ctx.Queue()
        self._cancel = ctx.Event()
        self._running = ctx.Event()
        self._running.set()
        self._process = None

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

    def kill(self) -> None:
        """Last resort when closing: the child's committed work is safe in the catalog."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()

    def run(self) -> None:
        self._process = self._ctx.Process(target=self._target, args=(*self._args, self._events, self._cancel,
                                                                     self._running), daemon=True)
        self._process.start()
        ended = False
        while True:
            try:
                kind, payload = self._events.get(timeout=0.1)
            except queue.Empty:
                if not self._process.is_alive():
                    break
                continue
            if kind in ("finished", "failed"):
                ended = True
            self.dispatch(kind, payload)
        self._process.join()
        self._events.close()  # the child is gone: nothing more comes down the pipe
        if not ended:
            code = self._process.exitcode
            self.failed.emit(tr("The background process stopped before it finished")
                             + (tr(" (exit code {code}).").format(code=code) if code else "."))

    def dispatch(self, kind: str, payload) -> None:
        if kind == "failed":
            self.failed.emit(payload)


class ScanWorker(_ChildWorker):
    progress = Signal(object)  # core.scan.ScanProgress
    grouped = Signal(object)  # core.grouping.GroupingReport, while the scan runs and at its end
    finished_scan = Signal(object)  # core.scan.ScanReport

    def __init__(self, library_path: str, roots: list[str], models_dir: str | None = None,
                 excluded: list[str] = (), regroup_every_s: float = 4.0, parent=None):
        super().__init__(_scan_child, (library_path, list(roots), models_dir, list(excluded), regroup_every_s),
                         parent)

    def dispatch(self, kind, payload) -> None:
        if kind == "progress":
            self.progress.emit(payload)
        elif kind == "grouped":
            self.grouped.emit(payload)
        elif kind == "finished":
            self.finished_scan.emit(payload)
        else:
            super().dispatch(kind, payload)


class _ResultWorker(_ChildWorker):
    """A child that reports one result."""

    done = Signal(object)

    def dispatch(self, kind, payload) -> None:
        if kind == "finished":
            self.done.emit(payload)
        else:
            super().dispatch(kind, payload)


class GroupWorker(_ResultWorker):
    def __init__(self, library_path: str, models_dir: str | None = None, parent=None):
        super().__init__(_group_child, (library_path, models_dir), parent)


def _preview_child(library_path, model_id, strict, events, cancel, running):
    """The strictness slider's preview (a linkage tree) and the accuracy report, off the window."""
    from facealbum.core.catalog import Catalog
    from facealbum.core.accuracy import accuracy_report
    from facealbum.core.strictness import threshold_preview

    _yield_to_window()
    try:
        with Catalog(library_path) as catalog:
            _ids, vectors = catalog.embeddings(model_id)
            report = accuracy_report(catalog, model_id)
        events.put(("finished", (threshold_preview(vectors, strict=strict), report)))
    except Exception as exc:
        events.put(("failed", _("The preview could not be made: {exc}").format(exc=exc)))


class PreviewWorker(_ResultWorker):
    def __init__(self, library_path: str, model_id: str, strict: float, parent=None):
        super().__init__(_preview_child, (library_path, model_id, strict), parent)


def _who_child(library_path, models_dir, photo, events, cancel, running):
    from facealbum.core.identify import who

    _yield_to_window()
    try:
        with Library(library_path, models_dir) as lib:
            [result] = who(lib.pack(), lib.catalog, photo)
            events.put(("finished", result))
    except Exception as exc:
        events.put(("failed", str(exc)))


class WhoWorker(_ResultWorker):
    """Who is in a photo that is not in the catalog: the models run in the child process."""

    def __init__(self, library_path: str, photo: str, models_dir: str | None = None, parent=None):
        super().__init__(_who_child, (library_path, models_dir, photo), parent)


def _compare_child(library_path, models_dir, path_a, path_b, events, cancel, running):
    """Both photos through the models; back come the verdicts and the closest pair's faces."""
    import cv2

    from facealbum.core.identify import compare
    from facealbum.core.imaging import crop_box, load_image

    _yield_to_window()
    try:
        with Library(library_path, models_dir) as lib:
            result = compare(lib.pack(), path_a, path_b)
            i, j, _verdict = max(result.best, key=lambda t: t[2].similarity)
            crops = []
            for path, face in ((path_a, result.faces_a[i]), (path_b, result.faces_b[j])):
                image = load_image(path, max_side=1600)
                box = [v / image.scale for v in face.box]
                crops.append(cv2.cvtColor(crop_box(image.pixels, box, out=200), cv2.COLOR_BGR2RGB))
            events.put(("finished", (result, crops)))
    except Exception as exc:
        events.put(("failed", str(exc)))


class ComparePhotosWorker(_ResultWorker):
    """"Are these the same person?" for two photos on disk: the models run in the child process."""

    def __init__(self, library_path: str, path_a: str, path_b: str, models_dir: str | None = None, parent=None):
        super().__init__(_compare_child, (library_path, models_dir, path_a, path_b), parent)
