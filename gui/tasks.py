"""One way to run work off the GUI thread, shaped like Anki's CollectionOp / QueryOp.

``tasks.query(fn)`` reads, ``tasks.op(fn)`` corrects, ``tasks.files(fn)`` copies or downloads;
each returns a Task to which a success and a failure callback are attached, then ``run()``.
Both callbacks are called on the GUI thread, exactly one of them, once.

Catalog work (every read a view needs, every correction) runs on one thread, in the order it
was asked, on that thread's own SQLite connection: corrections never interleave, and WAL lets
the window's connection keep reading meanwhile. File work (export, a model download) runs on a
second thread, so a correction never waits behind a long copy. Models, clustering and other
long C calls that hold the GIL do not belong here: they run in a child process (workers.py).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from facealbum.core.catalog import Catalog
from facealbum.core.errors import FaceAlbumError
from facealbum.core.people import People
from .i18n import tr


class _Relay(QObject):
    """Carries a finished task back to the GUI thread (a queued signal from the worker thread)."""

    finished = Signal(object, object)  # task, (ok, result or message)
    progressed = Signal(object, int, int)  # task, done, total


class Task:
    def __init__(self, tasks: "Tasks", pool: ThreadPoolExecutor, work: Callable[..., Any], context) -> None:
        self._tasks, self._pool, self._work, self._context = tasks, pool, work, context
        self._success: Callable[[Any], None] = lambda result: None
        self._failure: Callable[[str], None] = tasks.failed.emit
        self._progress: Callable[[int, int], None] | None = None
        self._owner: QObject | None = None
        self.cancelled = threading.Event()

    def success(self, fn: Callable[[Any], None]) -> "Task":
        self._success = fn
        return self

    def failure(self, fn: Callable[[str], None]) -> "Task":
        self._failure = fn
        return self

    def with_progress(self, fn: Callable[[int, int], None]) -> "Task":
        self._progress = fn
        return self

    def owned_by(self, owner: QObject) -> "Task":
        """Drop the callbacks once ``owner`` is deleted: a dialog closed while its work still ran
        (the work goes on to its end, or stops where the dialog cancelled it)."""
        self._owner = owner
        return self

    def cancel(self) -> None:
        self.cancelled.set()

    def _heard(self) -> bool:
        """Whether anyone is left to hear how the task went."""
        return self._owner is None or shiboken6.isValid(self._owner)

    def report(self, done: int, total: int) -> None:
        """Called by the work, on its thread: progress reaches the GUI thread as a signal."""
        self._tasks._relay.progressed.emit(self, done, total)

    def run(self) -> "Task":
        if self._tasks.closed:
            return self  # the window is gone: what it would show no longer matters
        self._tasks._started(self)
        self._pool.submit(self._call)
        return self

    def _call(self) -> None:
        try:
            result = self._work(self._context(self))
        except FaceAlbumError as exc:
            self._tasks._relay.finished.emit(self, (False, str(exc)))
        except Exception as exc:  # a bug: say so, keep the window alive
            traceback.print_exc()
            self._tasks._relay.finished.emit(self, (False, tr("Something went wrong: {exc}").format(exc=exc)))
        else:
            self._tasks._relay.finished.emit(self, (True, result))


class Tasks(QObject):
    failed = Signal(str)  # where failures go when a task names no failure callback

    def __init__(self, library_path: str, parent=None):
        super().__init__(parent)
        self.library_path = str(library_path)
        self._local = threading.local()
        self._catalog_pool = ThreadPoolExecutor(1, thread_name_prefix="catalog", initializer=self._open)
        self._files_pool = ThreadPoolExecutor(1, thread_name_prefix="files")
        self._relay = _Relay()
        self._relay.finished.connect(self._finished)
        self._relay.progressed.connect(self._progressed)
        self._running: set[Task] = set()
        self.closed = False

    # -- asking for work ------------------------------------------------------------------
    def query(self, work: Callable[[Catalog], Any]) -> Task:
        """A read on the catalog thread: ``work(catalog)``."""
        return Task(self, self._catalog_pool, work, lambda task: self._local.catalog)

    def op(self, work: Callable[[People], Any]) -> Task:
        """A correction on the catalog thread: ``work(people)``; success gets
        ``(result, undo_status)`` so the window can show what Undo and Redo would do."""
        def correct(people: People):
            return work(people), people.undo_status()

        return Task(self, self._catalog_pool, correct, lambda task: self._local.people)

    def files(self, work: Callable[[Task], Any]) -> Task:
        """Long file work on the files thread: ``work(task)``; it may call ``task.report(done, total)``
        and should stop when ``task.cancelled`` is set."""
        return Task(self, self._files_pool, work, lambda task: task)

    # -- state ----------------------------------------------------------------------------
    def idle(self) -> bool:
        """No task is waiting, running, or has a result not yet delivered."""
        return not self._running

    def close(self) -> None:
        """Finish what was asked (corrections are never dropped), then close the connection."""
        if self.closed:
            return
        self.closed = True
        self._catalog_pool.submit(self._close_catalog)
        self._catalog_pool.shutdown(wait=True)
        self._files_pool.shutdown(wait=True, cancel_futures=True)

    # -- plumbing -------------------------------------------------------------------------
    def _open(self) -> None:
        catalog = Catalog(self.library_path)
        self._local.catalog = catalog
        self._local.people = People(catalog)

    def _close_catalog(self) -> None:
        catalog = getattr(self._local, "catalog", None)
        if catalog is not None:
            catalog.close()

    def _started(self, task: Task) -> None:
        self._running.add(task)

    def _finished(self, task: Task, outcome) -> None:
        ok, payload = outcome
        try:
            if not task._heard():
                return
            if ok:
                task._success(payload)
            else:
                task._failure(payload)
        finally:
            self._running.discard(task)

    def _progressed(self, task: Task, done: int, total: int) -> None:
        if task._progress is not None and task._heard():
            task._progress(done, total)
