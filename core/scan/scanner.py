"""The scan: walk → classify → decode → detect → align → embed → catalog, with progress,
cancel, and resume after an interruption.

Worker threads (one per core) decode, detect and align whole photos (photo_work.py); the calling
thread embeds the faces of several photos in one batch and writes each batch of photos in one
transaction, so an interruption loses at most the batch in flight and never leaves half a photo.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from ..boxes import box_iou
from ..catalog import Catalog
from ..i18n import _
from ..models.base import ModelPack
from ..people import People
from ..records import Face, FaceId
from ..thumbnails import ThumbnailCache
from .classify import Work, classify, record_error
from .photo_work import PhotoResult, ScannedFace, WorkOptions, work_on_names, work_on_photo
from .report import ScanProgress, ScanReport
from .walk import FoundFile, WalkProblem, walk_photos

log = logging.getLogger(__name__)

Cancel = Callable[[], bool]

# JPEGs decode at the smallest DCT scale that is at least this long (the detector sees 640 px);
# a face too small for a 112 px crop there is decoded again at the scale it needs.
DETECT_SIDE = 960


class Scanner:
    def __init__(self, catalog: Catalog, pack: ModelPack, thumbnails: ThumbnailCache | None = None, *,
                 max_side: int = DETECT_SIDE, workers: int | None = None, batch_photos: int = 16,
                 min_face: float = 16.0, read_names: bool = True):
        self.catalog = catalog
        self.pack = pack
        self.thumbnails = thumbnails
        self.options = WorkOptions(max_side=max_side, min_face=min_face, thumbnails=thumbnails is not None,
                                   read_names=read_names)
        # Each worker decodes, detects and aligns whole photos: per photo, the models are most of
        # the work, so one worker per core keeps every core busy (the recognizer batches run here).
        self.workers = workers or min(os.cpu_count() or 1, 8)
        self.batch_photos = batch_photos
        self.model_id = pack.recognizer.id

    # -- the whole scan --------------------------------------------------------------------
    def scan(self, roots: Sequence[str | os.PathLike], progress: Callable[[ScanProgress], None] | None = None,
             cancel: Cancel | None = None, skip: Sequence[str] = ()) -> ScanReport:
        started = time.monotonic()
        report = ScanReport()
        cancel = cancel or (lambda: False)
        notify = progress or (lambda p: None)
        notify(ScanProgress("walking", 0, 0, 0.0, None, None, 0))
        paths = [os.path.abspath(os.path.expanduser(str(r))) for r in roots]
        skip = list(skip) + ([str(self.thumbnails.root)] if self.thumbnails else [])
        found: list[FoundFile] = []
        for item in walk_photos(paths, skip):
            if isinstance(item, WalkProblem):
                if item.is_photo:
                    record_error(self.catalog, item.path, item.reason, report)
                else:
                    report.folder_problems.append((item.path, item.reason))
            else:
                found.append(item)
            if cancel():
                report.cancelled = True
                report.seconds = time.monotonic() - started
                return report
        report.found = len(found)
        with self.catalog.errors_said():
            work = classify(self.catalog, paths, found, self.model_id, report, self.options.read_names)
            self._process(work, report, notify, cancel)
        report.seconds = time.monotonic() - started
        notify(ScanProgress("done", report.model_work, len(work.todo) + len(work.reembed) + len(work.names), 0.0,
                            0.0, None, report.faces_added))
        return report

    # -- model work ------------------------------------------------------------------------
    def _process(self, work: Work, report: ScanReport, notify: Callable[[ScanProgress], None],
                 cancel: Cancel) -> None:
        total = len(work.todo) + len(work.reembed) + len(work.names)
        if not total:
            return
        paths = self.catalog.photo_paths(work.todo + work.reembed + work.names)
        jobs = [(pid, "detect") for pid in work.todo] + [(pid, "reembed") for pid in work.reembed] + \
            [(pid, "names") for pid in work.names]
        batch: list[PhotoResult] = []
        done = 0
        work_started = time.monotonic()
        # Enough photos in flight that the workers keep detecting while this thread embeds and
        # writes a batch; a finished photo holds only crops and thumbnails, never the decode.
        window = self.batch_photos + 2 * self.workers
        with ThreadPoolExecutor(self.workers, thread_name_prefix="facealbum-scan") as pool:
            pending: deque[Future[PhotoResult]] = deque()
            queue = iter(jobs)

            def fill() -> None:
                while len(pending) < window:
                    job = next(queue, None)
                    if job is None:
                        return
                    pid, kind = job
                    path, unhashed = paths[pid]
                    # The catalog is read here: its connection belongs to this thread.
                    if kind == "names":
                        pending.append(pool.submit(work_on_names, self.options, self.catalog.photo(pid), path,
                                                   self.catalog.faces(photo_id=pid)))
                        continue
                    known = self.catalog.faces(photo_id=pid) if kind == "reembed" else None
                    pending.append(pool.submit(work_on_photo, self.pack, self.options, pid, path, known, unhashed))

            fill()
            while pending:
                if cancel():
                    report.cancelled = True
                    for fut in pending:
                        fut.cancel()
                    break
                result = pending.popleft().result()
                fill()
                if result.reembed:
                    if result.error is None:
                        self._store_reembed(result)
                        report.reembedded += 1
                    # A re-embed that cannot decode keeps its faces; the next scan tries again.
                else:
                    batch.append(result)
                done += 1
                if len(batch) >= self.batch_photos:
                    self._flush(batch, report)
                    batch = []
                elapsed = max(time.monotonic() - work_started, 1e-6)
                rate = done / elapsed
                notify(ScanProgress("processing", done, total, rate, (total - done) / rate if rate else None,
                                    result.path, report.faces_added + sum(len(r.faces) for r in batch)))
            self._flush(batch, report)

    def _store_reembed(self, result: PhotoResult) -> None:
        vectors = self.pack.recognizer.embed([face.aligned for face in result.realigned])
        with self.catalog.transaction():
            self.catalog.store_embeddings(self.model_id, [face.face_id for face in result.realigned], vectors)

    def _flush(self, batch: list[PhotoResult], report: ScanReport) -> None:
        if not batch:
            return
        aligned = [face.aligned for r in batch for face in r.faces]
        try:
            vectors = self.pack.recognizer.embed(aligned) if aligned else np.empty((0, 0), np.float32)
        except Exception as exc:
            batch = [dataclasses.replace(r, error=_("face recognition failed: {exc}").format(exc=exc), faces=(), names=())
                     if r.faces else r for r in batch]
            vectors = np.empty((0, 0), np.float32)
        thumbs: list[tuple[FaceId, np.ndarray]] = []
        named: list[tuple[FaceId, str]] = []
        photo_of: dict[FaceId, str] = {}
        k = 0
        with self.catalog.errors_said(), self.catalog.transaction():
            for r in batch:
                own = vectors[k:k + len(r.faces)]
                k += len(r.faces)
                if r.names_only:
                    ids = dict(enumerate(self._add_region_faces(r.photo_id, r.faces, own)))
                    self.catalog.set_names_stamp(r.photo_id, r.names_stamp)
                elif r.error is not None or r.full_size is None:
                    reason = r.error or _("cannot decode image")
                    self.catalog.photo_failed(r.photo_id, reason)
                    report.errors.append((r.path, reason))
                    report.processed += 1
                    continue
                else:
                    ids = self._store_photo(r, own)
                    report.processed += 1
                    report.faces_added += len(r.faces)
                thumbs += [(ids[i], s.thumb) for i, s in enumerate(r.faces)]
                mine = [*r.known_names, *((ids[i], name) for i, name in r.names)]
                named += mine
                photo_of.update((fid, r.path) for fid, _ in mine)
                report.name_problems += [(r.path, p) for p in r.name_problems]
            if named:
                changes, clashes = People(self.catalog).import_names(named)
                report.named_faces += len(changes.faces)
                report.name_problems += [(photo_of.get(c.face_id, ""), c.sentence()) for c in clashes]
        if self.thumbnails:
            try:
                for fid, pixels in thumbs:
                    self.thumbnails.save_face_crop(fid, pixels)
                for r in batch:
                    if r.thumb is not None:
                        self.thumbnails.save_photo(r.photo_id, r.thumb)
            except OSError as exc:  # thumbnails are a cache: they are rebuilt when missing
                log.warning("cannot write thumbnails: %s", exc)

    def _store_photo(self, r: PhotoResult, vectors: np.ndarray) -> dict[int, FaceId]:
        """A new or changed photo's faces, anew, with what the user said about the old ones;
        returns the catalog id of each of ``r.faces``."""
        old = [f for f in self.catalog.faces(photo_id=r.photo_id) if f.source == "detector"]
        old_rejections = self.catalog.face_rejections(f.id for f in old)
        found = [i for i, s in enumerate(r.faces) if s.face.source == "detector"]
        drawn = [i for i, s in enumerate(r.faces) if s.face.source != "detector"]
        ids: dict[int, FaceId] = dict(zip(found, self.catalog.replace_detected_faces(
            r.photo_id, [r.faces[i].face for i in found], self.model_id, vectors[found])))
        if drawn:
            ids.update(zip(drawn, self._add_region_faces(r.photo_id, [r.faces[i] for i in drawn], vectors[drawn])))
        if old:
            _carry_over(self.catalog, old, old_rejections, [(ids[i], r.faces[i]) for i in found])
        assert r.full_size is not None  # the caller sends decoded photos only
        w, h = r.full_size
        self.catalog.photo_done(r.photo_id, w, h, r.orientation, r.taken_at, self.pack.detector.id,
                                r.content_hash, r.names_stamp)
        return ids

    def _add_region_faces(self, photo_id: int, faces: Sequence[ScannedFace], vectors: np.ndarray) -> list[FaceId]:
        """Faces from named regions the detector missed; a region already made a face by an
        earlier scan of the photo is that face again (its embedding is renewed)."""
        existing = [f for f in self.catalog.faces(photo_id=photo_id) if f.source == "user"]
        ids = []
        for scanned, vector in zip(faces, vectors):
            same = max(existing, key=lambda f: box_iou(f.box, scanned.face.box), default=None)
            if same is not None and box_iou(same.box, scanned.face.box) > 0.5:
                self.catalog.store_embeddings(self.model_id, [same.id], vector[None, :])
                ids.append(same.id)
            else:
                ids.append(self.catalog.add_found_face(photo_id, scanned.face, self.model_id, vector))
        return ids


def _carry_over(catalog: Catalog, old_faces: list[Face], old_rejections: dict[FaceId, list],
                new_faces: list[tuple[FaceId, ScannedFace]]) -> None:
    """A changed photo keeps what the user said about its faces: matched by box overlap."""
    for old in old_faces:
        if old.person_id is None and not old_rejections.get(old.id):
            continue
        best, best_iou = None, 0.5
        for fid, scanned in new_faces:
            iou = box_iou(old.box, scanned.face.box)
            if iou > best_iou:
                best, best_iou = fid, iou
        if best is not None:
            catalog.carry_face(best, old.person_id, old.assigned_by, old_rejections.get(old.id, []))
