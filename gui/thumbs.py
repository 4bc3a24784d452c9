"""Lazy thumbnails: a thread pool reads (or makes) the cached JPEG, the GUI thread makes the pixmap.

Requests are served newest first (what is on screen now), a small LRU of pixmaps sits in
memory over the disk cache that the scan filled, and results for tiles no longer wanted are
simply never asked for again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from facealbum.core.catalog import Catalog
from facealbum.core.thumbnails import ThumbnailCache


class _Signals(QObject):
    loaded = Signal(str, QImage)


class _Job(QRunnable):
    def __init__(self, loader: "ThumbnailLoader"):
        super().__init__()
        self.loader = loader
        self.setAutoDelete(True)

    def run(self) -> None:
        key = self.loader._next_key()
        if key is None:
            return
        image = self.loader._load(key)
        self.loader._signals.loaded.emit(key, image if image is not None else QImage())


class ThumbnailLoader(QObject):
    ready = Signal(str)  # key: "face:<id>" or "photo:<id>"

    def __init__(self, library_path: str, cache: ThumbnailCache, capacity: int = 3000, parent=None):
        super().__init__(parent)
        self.library_path = library_path
        self.cache = cache
        self.capacity = capacity
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._wanted: list[str] = []
        self._queued: set[str] = set()
        # Thumbnails that could not be made (the photo is gone or unreadable) are not asked for
        # again at every repaint: that kept two threads busy and the window short of the GIL.
        self._failed: set[str] = set()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _Signals()
        self._signals.loaded.connect(self._on_loaded)

    def pixmap(self, key: str) -> QPixmap | None:
        pix = self._pixmaps.get(key)
        if pix is not None:
            self._pixmaps.move_to_end(key)
            return pix
        if key in self._failed:
            return None
        with self._lock:
            if key not in self._queued:
                self._queued.add(key)
                self._wanted.append(key)
                self._pool.start(_Job(self))
        return None

    def retry_failed(self) -> None:
        """A scan may have brought photos back: ask again for thumbnails that failed."""
        self._failed.clear()

    def forget(self, key: str) -> None:
        self._pixmaps.pop(key, None)
        self._failed.discard(key)

    def wait_idle(self, ms: int = 5000) -> None:
        self._pool.waitForDone(ms)

    def _next_key(self) -> str | None:
        with self._lock:
            return self._wanted.pop() if self._wanted else None  # LIFO: the newest request first

    def _catalog(self) -> Catalog:
        cat = getattr(self._local, "catalog", None)
        if cat is None:
            cat = self._local.catalog = Catalog(self.library_path)
        return cat

    def _load(self, key: str) -> QImage | None:
        kind, _, ident = key.partition(":")
        try:
            cat = self._catalog()
            if kind == "face":
                face = cat.face(int(ident))
                path = self.cache.face(face, cat.photo(face.photo_id))
            else:
                path = self.cache.photo(cat.photo(int(ident)))
        except Exception:
            return None
        if path is None:
            return None
        image = QImage(str(path))
        return None if image.isNull() else image

    def _on_loaded(self, key: str, image: QImage) -> None:
        with self._lock:
            self._queued.discard(key)
        if image.isNull():
            self._failed.add(key)
            return
        self._pixmaps[key] = QPixmap.fromImage(image)
        while len(self._pixmaps) > self.capacity:
            self._pixmaps.popitem(last=False)
        self.ready.emit(key)
