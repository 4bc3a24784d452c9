"""The scan: walk → classify (new / unchanged / moved / changed / vanished) → decode → detect →
align → embed → catalog, with progress, cancel, and resume after an interruption.

Worker threads (one per core) decode, detect and align whole photos; the calling thread
embeds the faces of several photos in one batch and writes each batch of photos in one
transaction, so an interruption loses at most the batch in flight and never leaves half a photo.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .align import align_face, quality_score
from .catalog import Catalog, db_path, encode_landmarks, encode_vector, from_db_path
from .errors import ImageError
from .imaging import LoadedImage, crop_box, load_image, read_photo
from .models.base import ModelPack
from .records import Photo
from .scanning import FoundFile, WalkProblem, bytes_hash, content_hash, walk_photos
from .thumbnails import FACE_SIZE, ThumbnailCache, photo_thumbnail

log = logging.getLogger(__name__)

Cancel = Callable[[], bool]

# JPEGs decode at the smallest DCT scale that is at least this long (the detector sees 640 px);
# a face too small for a 112 px crop there is decoded again at the scale it needs.
DETECT_SIDE = 960


@dataclass(frozen=True)
class ScanProgress:
    phase: str  # walking | processing | grouping | done
    done: int
    total: int
    rate: float  # photos per second
    eta_s: float | None
    current: str | None
    faces: int


@dataclass
class ScanReport:
    found: int = 0
    new: int = 0
    unchanged: int = 0
    moved: int = 0
    changed: int = 0
    missing: int = 0
    processed: int = 0
    reembedded: int = 0
    faces_added: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    folder_problems: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def model_work(self) -> int:
        return self.processed + self.reembedded

    def summary(self) -> str:
        """One sentence for the status bar: what this scan changed, and nothing it did not."""
        if self.cancelled:
            return "Scan stopped; Rescan resumes where it stopped."
        parts = [f"{n} {what}" for n, what in ((self.new, "new"), (self.moved, "moved"),
                                               (self.changed, "changed"), (self.missing, "missing")) if n]
        errors = f"; {len(self.errors)} could not be read" if self.errors else ""
        if not parts and not self.reembedded:
            return f"All {self.found} photos are up to date: nothing new{errors}."
        faces = "1 new face" if self.faces_added == 1 else f"{self.faces_added} new faces"
        reembedded = f", {self.reembedded} re-embedded" if self.reembedded else ""
        return f"{self.found} photos: {', '.join(parts) or 'none new'}{reembedded} · {faces}{errors}."


@dataclass
class _Result:
    """What a worker made of one photo: no pixels beyond crops and a thumbnail."""
    photo_id: int
    path: str
    reembed: bool = False
    error: str | None = None
    faces: list[dict] = field(default_factory=list)
    thumb: np.ndarray | None = None
    full_size: tuple[int, int] | None = None  # (width, height) upright; None until decoded
    orientation: int = 1
    taken_at: str | None = None
    content_hash: str | None = None  # set when the catalog has none for the photo yet
    data: bytes | None = None  # the file, while the worker has it


class Scanner:
    def __init__(self, catalog: Catalog, pack: ModelPack, thumbnails: ThumbnailCache | None = None, *,
                 max_side: int = DETECT_SIDE, workers: int | None = None, batch_photos: int = 16,
                 min_face: float = 16.0):
        self.catalog = catalog
        self.pack = pack
        self.thumbnails = thumbnails
        self.max_side = max_side
        # Each worker decodes, detects and aligns whole photos: per photo, the models are most of
        # the work, so one worker per core keeps every core busy (the recognizer batches run here).
        self.workers = workers or min(os.cpu_count() or 1, 8)
        self.batch_photos = batch_photos
        self.min_face = min_face
        self.model_id = pack.recognizer.id

    # -- the whole scan --------------------------------------------------------------------
    def scan(self, roots, progress: Callable[[ScanProgress], None] | None = None,
             cancel: Cancel | None = None, skip: list[str] = ()) -> ScanReport:
        started = time.monotonic()
        report = ScanReport()
        cancel = cancel or (lambda: False)
        notify = progress or (lambda p: None)
        notify(ScanProgress("walking", 0, 0, 0.0, None, None, 0))
        roots = [os.path.abspath(os.path.expanduser(str(r))) for r in roots]
        skip = list(skip) + ([str(self.thumbnails.root)] if self.thumbnails else [])
        found: list[FoundFile] = []
        for item in walk_photos(roots, skip):
            if isinstance(item, WalkProblem):
                if item.is_photo:
                    self._record_error_path(item.path, item.reason)
                    report.errors.append((item.path, item.reason))
                else:
                    report.folder_problems.append((item.path, item.reason))
            else:
                found.append(item)
            if cancel():
                report.cancelled = True
                report.seconds = time.monotonic() - started
                return report
        report.found = len(found)
        try:
            todo, reembed = self._classify(roots, found, report)
            self._process(todo, reembed, report, notify, cancel, started)
        except sqlite3.Error as exc:
            raise self.catalog.write_error(exc) from exc
        report.seconds = time.monotonic() - started
        notify(ScanProgress("done", report.model_work, len(todo) + len(reembed), 0.0, 0.0, None, report.faces_added))
        return report

    # -- what needs work -------------------------------------------------------------------
    def _classify(self, roots: list[str], found: list[FoundFile], report: ScanReport) -> tuple[list[int], list[int]]:
        cat = self.catalog
        known = {p.path: p for root in roots for p in cat.photos(under=root)}
        for root in roots:
            p = cat.photo_by_path(root)
            if p:
                known[p.path] = p
        needs_embedding = self._photos_missing_embeddings()
        seen = {f.path for f in found}
        todo: list[int] = []
        reembed: list[int] = []
        new_files: list[FoundFile] = []
        with cat.transaction():
            for f in found:
                p = known.get(f.path)
                if p is None:
                    new_files.append(f)
                    continue
                same_stat = p.size == f.size and p.mtime_ns == f.mtime_ns
                if same_stat and p.status in ("done", "error", "missing"):
                    if p.status == "missing":
                        cat.execute("UPDATE photos SET status=? WHERE id=?",
                                    ("done" if p.error is None else "error", p.id))
                    if p.status != "error" and p.id in needs_embedding:
                        reembed.append(p.id)
                    else:
                        report.unchanged += 1
                    continue
                if same_stat:  # pending: an interrupted scan left it
                    todo.append(p.id)
                    continue
                digest = self._hash_or_error(f.path, report)
                if digest is None:
                    continue
                if digest == p.content_hash and p.status == "done":
                    cat.execute("UPDATE photos SET size=?, mtime_ns=? WHERE id=?", (f.size, f.mtime_ns, p.id))
                    report.unchanged += 1
                    if p.id in needs_embedding:
                        reembed.append(p.id)
                    continue
                cat.execute("UPDATE photos SET size=?, mtime_ns=?, content_hash=?, status='pending', error=NULL "
                            "WHERE id=?", (f.size, f.mtime_ns, digest, p.id))
                report.changed += 1
                todo.append(p.id)
            vanished = {p.path: p for p in known.values() if p.path not in seen and p.status != "missing"}
            # A moved photo keeps its size: only a new file of a size the catalog knows is hashed
            # now to look for the photo it was. Every other new file is hashed by the worker
            # that decodes it, from the same bytes, so the first scan reads each file once.
            sizes = {row[0] for row in cat.execute("SELECT DISTINCT size FROM photos WHERE content_hash IS NOT NULL")}
            for f in new_files:
                digest = moved_from = None
                if f.size in sizes:
                    digest = self._hash_or_error(f.path, report)
                    if digest is None:
                        continue
                    moved_from = self._moved_photo(digest, vanished, seen)
                if moved_from is not None:
                    cat.execute("UPDATE photos SET path=?, size=?, mtime_ns=?, "
                                "status=CASE WHEN status='missing' THEN 'done' ELSE status END WHERE id=?",
                                (db_path(f.path), f.size, f.mtime_ns, moved_from.id))
                    vanished.pop(moved_from.path, None)
                    report.moved += 1
                    if moved_from.status == "pending":
                        todo.append(moved_from.id)
                    elif moved_from.id in needs_embedding:
                        reembed.append(moved_from.id)
                    continue
                cur = cat.execute("INSERT INTO photos(path, size, mtime_ns, content_hash, status) "
                                  "VALUES(?, ?, ?, ?, 'pending')", (db_path(f.path), f.size, f.mtime_ns, digest))
                todo.append(cur.lastrowid)
                report.new += 1
            for p in vanished.values():
                cat.execute("UPDATE photos SET status='missing' WHERE id=?", (p.id,))
                report.missing += 1
        return todo, reembed

    def _moved_photo(self, digest: str, vanished: dict[str, Photo], seen: set[str]) -> Photo | None:
        rows = self.catalog.execute("SELECT id, path FROM photos WHERE content_hash=? ORDER BY id", (digest,)).fetchall()
        for photo_id, raw in rows:
            path = from_db_path(raw)
            if path in seen:
                continue  # a second copy of a photo that is still there: a photo of its own
            if path in vanished or not os.path.exists(path):
                return self.catalog.photo(photo_id)
        return None

    def _hash_or_error(self, path: str, report: ScanReport) -> str | None:
        try:
            return content_hash(path)
        except OSError as exc:
            reason = "permission denied: the file cannot be read" if isinstance(exc, PermissionError) \
                else f"cannot read file: {exc.strerror or exc}"
            self._record_error_path(path, reason)
            report.errors.append((path, reason))
            return None

    def _record_error_path(self, path: str, reason: str) -> None:
        try:
            st = os.lstat(path)
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:
            size, mtime = 0, 0
        self.catalog.execute(
            "INSERT INTO photos(path, size, mtime_ns, status, error) VALUES(?, ?, ?, 'error', ?) "
            "ON CONFLICT(path) DO UPDATE SET status='error', error=excluded.error, size=excluded.size, "
            "mtime_ns=excluded.mtime_ns", (db_path(path), size, mtime, reason))

    def _photos_missing_embeddings(self) -> set[int]:
        rows = self.catalog.execute(
            "SELECT DISTINCT f.photo_id FROM faces f LEFT JOIN embeddings e "
            "ON e.face_id = f.id AND e.model = ? WHERE e.face_id IS NULL", (self.model_id,))
        return {r[0] for r in rows}

    # -- model work ------------------------------------------------------------------------
    def _process(self, todo: list[int], reembed: list[int], report: ScanReport, notify, cancel: Cancel,
                 started: float) -> None:
        total = len(todo) + len(reembed)
        if not total:
            return
        paths: dict[int, str] = {}
        unhashed: set[int] = set()
        ids = todo + reembed
        for start in range(0, total, 900):  # SQLite caps the variables of one statement
            chunk = ids[start:start + 900]
            for pid, raw, no_hash in self.catalog.execute(
                    f"SELECT id, path, content_hash IS NULL FROM photos WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                paths[pid] = from_db_path(raw)
                if no_hash:
                    unhashed.add(pid)
        jobs = [(pid, False) for pid in todo] + [(pid, True) for pid in reembed]
        batch: list[_Result] = []
        done = 0
        work_started = time.monotonic()
        # Enough photos in flight that the workers keep detecting while this thread embeds and
        # writes a batch; a finished photo holds only crops and thumbnails, never the decode.
        window = self.batch_photos + 2 * self.workers
        with ThreadPoolExecutor(self.workers, thread_name_prefix="facealbum-scan") as pool:
            pending: deque[Future] = deque()
            queue = iter(jobs)

            def fill():
                while len(pending) < window:
                    job = next(queue, None)
                    if job is None:
                        return
                    pid, is_reembed = job
                    # The catalog is read here: its connection belongs to this thread.
                    known = self.catalog.faces(photo_id=pid) if is_reembed else None
                    pending.append(pool.submit(self._work, pid, paths[pid], known, pid in unhashed))

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

    def _work(self, photo_id: int, path: str, known: list | None, needs_hash: bool = False) -> _Result:
        """One photo, on a worker thread: read, hash if asked, decode, then detect and align
        (or re-align ``known``)."""
        result = _Result(photo_id, path, reembed=known is not None)
        try:
            result.data = read_photo(path)
            if needs_hash:
                result.content_hash = content_hash(path) if result.data is None else bytes_hash(result.data)
            image = load_image(path, max_side=self.max_side, data=result.data)
        except ImageError as exc:
            result.error, result.data = str(exc), None
            return result
        except OSError as exc:  # hashing a file too large to hold
            result.error, result.data = f"cannot read file: {exc.strerror or exc}", None
            return result
        except Exception as exc:  # never let one photo stop the scan
            result.error, result.data = f"cannot decode image: {exc}", None
            return result
        result.full_size, result.orientation, result.taken_at = image.full_size, image.orientation, image.taken_at
        try:
            if known is None:
                self._detect(result, image)
            else:
                self._realign(result, image, known)
        except Exception as exc:
            log.exception("processing %s failed", path)
            result.error, result.faces = f"cannot process photo: {exc}", []
        result.data = None
        return result

    def _detect(self, result: _Result, image: LoadedImage) -> None:
        try:
            detections = self.pack.detector.detect(image.pixels)
        except Exception as exc:
            result.error = f"face detection failed: {exc}"
            return
        full = None
        scale = image.scale
        for det in detections:
            x1, y1, x2, y2 = det.box
            size_px = min(x2 - x1, y2 - y1)
            if size_px * scale < self.min_face:
                continue
            source, src_scale, landmarks = image.pixels, 1.0, det.landmarks
            if scale > 1.0 and size_px < 112:
                # A small face in a reduced decode: decode again at the scale that gives it 112 px
                # (JPEG DCT scaling keeps that cheap), up to full resolution.
                need = max(image.full_size) * 112.0 / max(size_px * scale, 1.0)
                if full is None or max(full.pixels.shape[:2]) < min(need, max(image.full_size)):
                    try:
                        full = load_image(result.path, max_side=int(need) + 1, data=result.data)
                    except ImageError:
                        full = image
                src_scale = full.scale / scale  # reduced-image pixels per pixel of ``full``
                source = full.pixels
                landmarks = det.landmarks / src_scale
            aligned = align_face(source, landmarks)
            box_full = tuple(float(v) * scale for v in det.box)
            lm_full = det.landmarks * scale
            size = min(box_full[2] - box_full[0], box_full[3] - box_full[1])
            face = {
                "box": box_full,
                "landmarks": lm_full,
                "score": det.score,
                "size": size,
                "quality": quality_score(aligned, det.landmarks, size, det.score),
                "aligned": aligned,
                "thumb": crop_box(image.pixels, det.box, out=FACE_SIZE),
            }
            if self.pack.attributes is not None:
                try:
                    face["age"], face["gender"] = self.pack.attributes.estimate(image.pixels, det.box)
                except Exception:
                    pass
            result.faces.append(face)
        if self.thumbnails:
            # Shrunk here, so a finished photo holds a small thumbnail rather than its decode.
            result.thumb = photo_thumbnail(image.pixels)

    def _realign(self, result: _Result, image: LoadedImage, known: list) -> None:
        """Crops of faces already in the catalog, for a recognizer that has not embedded them."""
        inv = 1.0 / image.scale
        for face in known:
            if face.landmarks is not None:
                pts = np.asarray(face.landmarks, np.float64) * inv
            else:
                pts = landmarks_from_box(tuple(v * inv for v in face.box))
            result.faces.append({"id": face.id, "aligned": align_face(image.pixels, pts)})

    def _store_reembed(self, result: _Result) -> None:
        vectors = self.pack.recognizer.embed([face["aligned"] for face in result.faces])
        with self.catalog.transaction():
            for face, vec in zip(result.faces, vectors):
                self.catalog.execute("INSERT OR REPLACE INTO embeddings(face_id, model, vector) VALUES(?, ?, ?)",
                                     (face["id"], self.model_id, encode_vector(vec)))

    def _flush(self, batch: list[_Result], report: ScanReport) -> None:
        if not batch:
            return
        aligned = [face["aligned"] for r in batch for face in r.faces]
        try:
            vectors = self.pack.recognizer.embed(aligned) if aligned else np.empty((0, 0), np.float32)
        except Exception as exc:
            for r in batch:
                if r.faces:
                    r.error, r.faces = f"face recognition failed: {exc}", []
            vectors = np.empty((0, 0), np.float32)
        thumbs: list[tuple[int, np.ndarray]] = []
        k = 0
        try:
            with self.catalog.transaction():
                for r in batch:
                    if r.error is not None or r.full_size is None:
                        self.catalog.execute("UPDATE photos SET status='error', error=?, scanned_at=datetime('now') "
                                             "WHERE id=?", (r.error or "cannot decode image", r.photo_id))
                        report.errors.append((r.path, r.error or "cannot decode image"))
                        report.processed += 1
                        continue
                    old = [f for f in self.catalog.faces(photo_id=r.photo_id) if f.source == "detector"]
                    old_rejections = {f.id: [row[0] for row in self.catalog.execute(
                        "SELECT person_id FROM rejections WHERE face_id=?", (f.id,))] for f in old}
                    self.catalog.execute("DELETE FROM faces WHERE photo_id=? AND source='detector'", (r.photo_id,))
                    new_ids = []
                    for face in r.faces:
                        cur = self.catalog.execute(
                            "INSERT INTO faces(photo_id, x1, y1, x2, y2, landmarks, score, size, quality, age, gender) "
                            "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (r.photo_id, *face["box"], encode_landmarks(face["landmarks"]), face["score"],
                             face["size"], face["quality"], face.get("age"), face.get("gender")))
                        fid = cur.lastrowid
                        new_ids.append(fid)
                        self.catalog.execute("INSERT INTO embeddings(face_id, model, vector) VALUES(?, ?, ?)",
                                             (fid, self.model_id, encode_vector(vectors[k])))
                        k += 1
                        thumbs.append((fid, face["thumb"]))
                    if old:
                        _carry_over(self.catalog, old, old_rejections, list(zip(new_ids, r.faces)))
                    w, h = r.full_size
                    self.catalog.execute(
                        "UPDATE photos SET status='done', error=NULL, width=?, height=?, orientation=?, taken_at=?, "
                        "detector=?, content_hash=COALESCE(?, content_hash), scanned_at=datetime('now') WHERE id=?",
                        (w, h, r.orientation, r.taken_at, self.pack.detector.id, r.content_hash, r.photo_id))
                    report.processed += 1
                    report.faces_added += len(r.faces)
        except sqlite3.Error as exc:
            raise self.catalog.write_error(exc) from exc
        if self.thumbnails:
            try:
                for fid, pixels in thumbs:
                    self.thumbnails.save_face_crop(fid, pixels)
                for r in batch:
                    if r.thumb is not None:
                        self.thumbnails.save_photo(r.photo_id, r.thumb)
            except OSError as exc:  # thumbnails are a cache: they are rebuilt when missing
                log.warning("cannot write thumbnails: %s", exc)
        for r in batch:
            r.faces, r.thumb = [], None


def _carry_over(catalog: Catalog, old_faces, old_rejections: dict[int, list[int]],
                new_faces: list[tuple[int, dict]]) -> None:
    """A changed photo keeps what the user said about its faces: matched by box overlap."""
    for old in old_faces:
        if old.person_id is None and not old_rejections.get(old.id):
            continue
        best, best_iou = None, 0.5
        for fid, face in new_faces:
            iou = box_iou(old.box, face["box"])
            if iou > best_iou:
                best, best_iou = fid, iou
        if best is None:
            continue
        catalog.execute("UPDATE faces SET person_id=?, assigned_by=? WHERE id=?", (old.person_id, old.assigned_by, best))
        for person_id in old_rejections.get(old.id, []):
            catalog.execute("INSERT OR IGNORE INTO rejections(face_id, person_id) VALUES(?, ?)", (best, person_id))


def box_iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def landmarks_from_box(box) -> np.ndarray:
    """Five points placed as in the ArcFace template inside ``box`` (for faces drawn by hand)."""
    from .align import ARCFACE_TEMPLATE

    x1, y1, x2, y2 = box
    side = max(x2 - x1, y2 - y1)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return (ARCFACE_TEMPLATE - 56.0) / 112.0 * side + np.array([cx, cy])
