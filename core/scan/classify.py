"""Which found files need model work: new, unchanged, moved, changed or vanished photos."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..i18n import _
from ..metadata.photo_names import names_stamp
from ..records import Photo, PhotoId
from .hashing import content_hash
from .report import ScanReport
from .walk import FoundFile


@dataclass
class Work:
    """Photos to detect faces in (``todo``), and photos whose faces need the current recognizer."""

    todo: list[PhotoId] = field(default_factory=list)
    reembed: list[PhotoId] = field(default_factory=list)
    names: list[PhotoId] = field(default_factory=list)  # unchanged photos whose metadata names changed


def record_error(catalog: Catalog, path: str, reason: str, report: ScanReport) -> None:
    """A file that cannot be used: kept in the catalog with its reason, and told in the report."""
    try:
        st = os.lstat(path)
        size, mtime = st.st_size, st.st_mtime_ns
    except OSError:
        size, mtime = 0, 0
    catalog.record_photo_error(path, size, mtime, reason)
    report.errors.append((path, reason))


def classify(catalog: Catalog, roots: Sequence[str], found: Sequence[FoundFile], model_id: str,
             report: ScanReport, read_names: bool = True) -> Work:
    """Bring the catalog's photos up to date with the files found, in one transaction."""
    known = {p.path: p for root in roots for p in catalog.photos(under=root)}
    for root in roots:
        p = catalog.photo_by_path(root)
        if p:
            known[p.path] = p
    needs_embedding = catalog.photos_missing_embeddings(model_id)
    seen = {f.path for f in found}
    work = Work()
    new_files: list[FoundFile] = []
    with catalog.transaction():
        for f in found:
            p = known.get(f.path)
            if p is None:
                new_files.append(f)
                continue
            same_stat = p.size == f.size and p.mtime_ns == f.mtime_ns
            if same_stat and p.status in ("done", "error", "missing"):
                if p.status == "missing":
                    catalog.set_photo_status(p.id, "done" if p.error is None else "error")
                if p.status != "error" and p.id in needs_embedding:
                    work.reembed.append(p.id)
                else:
                    report.unchanged += 1
                    if read_names and p.status != "error" and names_stamp(f.path) != p.names_stamp:
                        work.names.append(p.id)
                continue
            if same_stat:  # pending: an interrupted scan left it
                work.todo.append(p.id)
                continue
            digest = _hash_or_error(catalog, f.path, report)
            if digest is None:
                continue
            if digest == p.content_hash and p.status == "done":
                catalog.set_photo_stat(p.id, f.size, f.mtime_ns)
                report.unchanged += 1
                if p.id in needs_embedding:
                    work.reembed.append(p.id)
                elif read_names and names_stamp(f.path) != p.names_stamp:
                    work.names.append(p.id)
                continue
            catalog.mark_photo_changed(p.id, f.size, f.mtime_ns, digest)
            report.changed += 1
            work.todo.append(p.id)
        vanished = {p.path: p for p in known.values() if p.path not in seen and p.status != "missing"}
        # A moved photo keeps its size: only a new file of a size the catalog knows is hashed
        # now to look for the photo it was. Every other new file is hashed by the worker
        # that decodes it, from the same bytes, so the first scan reads each file once.
        sizes = catalog.hashed_sizes()
        for f in new_files:
            digest = None
            moved_from = None
            if f.size in sizes:
                digest = _hash_or_error(catalog, f.path, report)
                if digest is None:
                    continue
                moved_from = _moved_photo(catalog, digest, vanished, seen)
            if moved_from is not None:
                catalog.move_photo(moved_from.id, f.path, f.size, f.mtime_ns)
                vanished.pop(moved_from.path, None)
                report.moved += 1
                if moved_from.status == "pending":
                    work.todo.append(moved_from.id)
                elif moved_from.id in needs_embedding:
                    work.reembed.append(moved_from.id)
                continue
            work.todo.append(catalog.add_pending_photo(f.path, f.size, f.mtime_ns, digest))
            report.new += 1
        for p in vanished.values():
            catalog.set_photo_status(p.id, "missing")
            report.missing += 1
    return work


def _moved_photo(catalog: Catalog, digest: str, vanished: dict[str, Photo], seen: set[str]) -> Photo | None:
    for photo_id, path in catalog.photos_with_hash(digest):
        if path in seen:
            continue  # a second copy of a photo that is still there: a photo of its own
        if path in vanished or not os.path.exists(path):
            return catalog.photo(photo_id)
    return None


def _hash_or_error(catalog: Catalog, path: str, report: ScanReport) -> str | None:
    try:
        return content_hash(path)
    except OSError as exc:
        reason = _("permission denied: the file cannot be read") if isinstance(exc, PermissionError) \
            else _("cannot read file: {reason}").format(reason=exc.strerror or exc)
        record_error(catalog, path, reason, report)
        return None
