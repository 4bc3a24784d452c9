"""Per-person albums: DEST/<person>/ with that person's photos and a manifest.csv.

Never overwrites anything (a name taken by another file gets " (2)", " (3)" …); a re-export
adds only photos not already in the album's manifest; originals are only ever read. Copies
need nothing of the drive but plain files, so they work on FAT/exFAT USB sticks and SD cards,
which have no hard links, symbolic links or permissions.
"""

from __future__ import annotations

import csv
import errno
import os
import re
import shutil
import stat
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog
from .errors import OperationError
from .i18n import _

MODES = ("copy", "hardlink", "symlink")
MANIFEST = "manifest.csv"
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


@dataclass
class ExportReport:
    albums: dict[str, int] = field(default_factory=dict)  # album folder -> files written
    written: int = 0
    already: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def safe_name(name: str, fallback: str | None = None) -> str:
    """A file or folder name valid on Windows, macOS and Linux."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", name).strip().rstrip(". ")
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = cleaned + "_"
    cleaned = cleaned[:100].rstrip(". ")
    return cleaned or fallback or _("Unnamed")


def people_for_export(catalog: Catalog, names: Iterable[str] = (), *, all_named: bool = False,
                      include_unnamed: bool = False) -> list[int]:
    chosen: list[int] = []
    for name in names:
        person = catalog.person_by_name(name)
        if person is None:
            raise OperationError(_("No person called '{name}'.").format(name=name))
        chosen.append(person.id)
    if all_named or include_unnamed:
        for person in catalog.people(include_hidden=False):
            if (person.name and all_named) or (not person.name and include_unnamed):
                chosen.append(person.id)
    return list(dict.fromkeys(chosen))


def export_albums(catalog: Catalog, dest: str | Path, person_ids: Iterable[int], mode: str = "copy",
                  progress: Callable[[int, int], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> ExportReport:
    if mode not in MODES:
        raise OperationError(_("Unknown export mode '{mode}': use copy, hardlink or symlink.").format(mode=mode))
    dest = Path(dest).expanduser()
    report = ExportReport()
    plan = []
    used_names: set[str] = set()
    for pid in person_ids:
        person = catalog.person(pid)
        album = safe_name(person.name or _("Unnamed {id}").format(id=person.id))
        while album.lower() in used_names:  # two people with names that clean to the same folder
            album += f" ({person.id})"
        used_names.add(album.lower())
        plan.append((album, catalog.album_photos(pid)))
    total = sum(len(photos) for _, photos in plan)
    done = 0
    for album, photos in plan:
        folder = dest / album
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            report.errors.append((str(folder), _("cannot create folder: {reason}").format(reason=exc.strerror or exc)))
            continue
        _remove_leftovers(folder)
        manifest = _read_manifest(folder)
        exported = {row["source"] for row in manifest}
        new_rows = []
        written = 0
        for photo_id, source, taken_at in photos:
            if cancel and cancel():
                break
            done += 1
            if source in exported:
                report.already += 1
            else:
                try:
                    target = _place(Path(source), folder, mode)
                except OSError as exc:
                    report.errors.append((source, _os_reason(exc, mode)))
                else:
                    new_rows.append({"file": target.name, "source": source, "photo_id": photo_id,
                                     "taken_at": taken_at or ""})
                    written += 1
            if progress:
                progress(done, total)
        if new_rows:
            _append_manifest(folder, new_rows)
        report.albums[album] = written
        report.written += written
    return report


def _place(source: Path, folder: Path, mode: str) -> Path:
    stem, suffix = source.stem, source.suffix
    n = 1
    while True:
        target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem} ({n}){suffix}")
        try:
            _create(source, target, mode)
            return target
        except FileExistsError:
            n += 1


_PART_PREFIX = ".facealbum-"
_PART_SUFFIX = ".part"


def _create(source: Path, target: Path, mode: str) -> None:
    """Create ``target`` only if nothing is there; FileExistsError when the name is taken."""
    if mode == "hardlink":
        os.link(source, target)
    elif mode == "symlink":
        os.symlink(os.path.abspath(source), target)
    else:
        _copy_new(source, target)


def _copy_new(source: Path, target: Path) -> None:
    """Copy into a temporary file, then move it onto a name this call created exclusively.

    The exclusive create is what refuses an existing name (no hard link needed); the rename only
    ever replaces that empty placeholder, so an interrupted copy never leaves a half photo
    under the album name.
    """
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_PART_PREFIX, suffix=_PART_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as dst, open(source, "rb") as src:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _copy_metadata(source, target)  # after the rename: FAT drives stamp a renamed file anew


def _copy_metadata(source: Path, copy: Path) -> None:
    """The copy keeps the photo's dates and modes where the drive can hold them (FAT keeps dates
    only, and refuses chmod)."""
    st = os.stat(source)
    with suppress(OSError):
        os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    with suppress(OSError):
        os.chmod(copy, stat.S_IMODE(st.st_mode))


def _remove_leftovers(folder: Path) -> None:
    """Temporary copies an interrupted export left behind (only ours, by their name)."""
    for part in folder.glob(f"{_PART_PREFIX}*{_PART_SUFFIX}"):
        with suppress(OSError):
            part.unlink()


_UNSUPPORTED = {errno.EPERM, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _os_reason(exc: OSError, mode: str) -> str:
    code = getattr(exc, "errno", None)
    if mode == "hardlink" and code == errno.EXDEV:
        return _("cannot hard-link to another drive (a USB stick or SD card is one): export with --mode copy")
    if mode == "hardlink" and code in _UNSUPPORTED:
        return _("this drive cannot hold hard links (USB sticks and SD cards use FAT or exFAT): export with --mode copy")
    if mode == "symlink" and code in _UNSUPPORTED:
        return _("this drive cannot hold symbolic links (USB sticks and SD cards use FAT or exFAT): export with --mode copy")
    if code == errno.ENOSPC:
        return _("the drive is full")
    if isinstance(exc, FileNotFoundError):
        return _("the photo is no longer there")
    if isinstance(exc, PermissionError):
        return _("permission denied")
    return exc.strerror or str(exc)


def failure_summary(errors: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """Why photos were not exported: each reason with how many photos it stopped, commonest first."""
    return Counter(reason for _path, reason in errors).most_common()


def _read_manifest(folder: Path) -> list[dict]:
    path = folder / MANIFEST
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def _append_manifest(folder: Path, rows: list[dict]) -> None:
    path = folder / MANIFEST
    new = not path.exists()
    with open(path, "a", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=["file", "source", "photo_id", "taken_at"])
        if new:
            writer.writeheader()
        writer.writerows(rows)
