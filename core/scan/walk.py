"""Walking photo folders: recursive, hidden and app folders skipped, symlink loops safe."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..imaging import PHOTO_SUFFIXES

# A folder holding this file is skipped with everything below it (the app's own folders have one).
IGNORE_MARKER = ".facealbum-ignore"


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class WalkProblem:
    path: str
    reason: str
    is_photo: bool  # True: a photo file we could not use; False: a folder we could not enter


def walk_photos(roots: Sequence[str | Path], skip: Sequence[str | Path] = ()) -> Iterator[FoundFile | WalkProblem]:
    skip_real = {os.path.realpath(s) for s in skip}
    seen_dirs: set[tuple[int, int]] = set()
    for root in roots:
        root_path = os.path.abspath(os.path.expanduser(str(root)))
        try:
            st = os.stat(root_path)
        except OSError as exc:
            yield WalkProblem(root_path, _("cannot open: {reason}").format(reason=exc.strerror or exc), False)
            continue
        if stat.S_ISREG(st.st_mode):
            if Path(root_path).suffix.lower() in PHOTO_SUFFIXES:
                yield FoundFile(root_path, st.st_size, st.st_mtime_ns)
            continue
        yield from _walk_dir(root_path, seen_dirs, skip_real)


def _walk_dir(top: str, seen: set, skip_real: set) -> Iterator[FoundFile | WalkProblem]:
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            yield WalkProblem(folder, _("cannot open folder: {reason}").format(reason=exc.strerror or exc), False)
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen or os.path.realpath(folder) in skip_real:
            continue  # a symlink loop, a folder reached twice, or one of the app's own folders
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield WalkProblem(folder, _("cannot read folder: {reason}").format(reason=exc.strerror or exc), False)
            continue
        if any(e.name == IGNORE_MARKER for e in entries):
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(entry.path)
                continue
            if Path(entry.name).suffix.lower() not in PHOTO_SUFFIXES:
                continue
            try:
                est = entry.stat(follow_symlinks=True)
            except FileNotFoundError:
                yield WalkProblem(entry.path, _("broken symbolic link: its target does not exist"), True)
                continue
            except OSError as exc:
                yield WalkProblem(entry.path, _("cannot read file: {reason}").format(reason=exc.strerror or exc), True)
                continue
            if not stat.S_ISREG(est.st_mode):
                continue
            yield FoundFile(entry.path, est.st_size, est.st_mtime_ns)
        stack.extend(reversed(subdirs))
