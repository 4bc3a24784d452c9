"""Albums exported where families export them: a real FAT drive, and another filesystem.

The FAT drive is a real FAT16 image mounted through FUSE (fusefat, as a USB stick would be
mounted); it has no hard links, no symbolic links and no chmod, so copy mode must not need them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from facealbum.core.export import failure_summary, people_for_export


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def fat_drive(tmp_path):
    """A 64 MB FAT16 filesystem mounted with fusefat; skipped, with the reason, where that cannot be."""
    missing = [tool for tool in ("fusefat", "mkfs.vfat", "fusermount") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: fusefat dosfstools fuse3) to mount a FAT drive")
    if not os.path.exists("/dev/fuse"):
        pytest.skip("needs /dev/fuse to mount a FAT drive")
    image, mount = tmp_path / "usb.img", tmp_path / "usb"
    mount.mkdir()
    with open(image, "wb") as stream:
        stream.truncate(64 << 20)
    subprocess.run(["mkfs.vfat", str(image)], check=True, capture_output=True)
    done = subprocess.run(["fusefat", "-o", "rw+", str(image), str(mount)], capture_output=True, text=True)
    if done.returncode != 0 or not os.path.ismount(mount):
        pytest.skip(f"could not mount a FAT image with FUSE here: {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["fusermount", "-u", str(mount)], capture_output=True)


def _named_people(lib) -> tuple[list[int], set[str]]:
    """Name every group (as a family would before exporting) and return their ids and photos."""
    ids = []
    for n, person in enumerate(lib.catalog.people()):
        lib.people.rename(person.id, f"Person {n + 1}")
        ids.append(person.id)
    photos = {lib.catalog.photo(f.photo_id).path for pid in ids for f in lib.catalog.faces(person_id=pid)}
    return ids, photos


def test_copy_export_to_a_fat_drive(celeb13_library, fat_drive):
    lib = celeb13_library
    ids, photos = _named_people(lib)
    assert sorted(ids) == sorted(people_for_export(lib.catalog, all_named=True))
    report = lib.export(fat_drive / "Albums", ids, "copy")
    assert report.errors == []
    assert report.written == sum(report.albums.values()) >= len(photos) >= 50
    for album, count in report.albums.items():
        folder = fat_drive / "Albums" / album
        rows = (folder / "manifest.csv").read_text(encoding="utf-8").splitlines()
        assert len(rows) == count + 1
        for row in rows[1:]:
            name, source = row.split(",")[:2]
            copy = folder / name
            assert _sha(copy) == _sha(Path(source))
            # FAT keeps the date (to 2 s), which photo apps sort by.
            assert abs(copy.stat().st_mtime - Path(source).stat().st_mtime) <= 2
    assert not list((fat_drive / "Albums").rglob(".facealbum-*"))  # no temporary copy left behind
    again = lib.export(fat_drive / "Albums", ids, "copy")
    assert again.written == 0 and again.already == report.written and again.errors == []


def test_copy_to_a_fat_drive_never_overwrites(celeb13_library, fat_drive):
    lib = celeb13_library
    ids, _ = _named_people(lib)
    person = ids[0]
    first = lib.export(fat_drive, [person], "copy")
    album = fat_drive / next(iter(first.albums))
    victim = next(p for p in album.iterdir() if p.name != "manifest.csv")
    victim.unlink()  # (fusefat does not truncate in place: a new file, as a user's copy would be)
    victim.write_bytes(b"the family's own file")
    (album / "manifest.csv").unlink()
    second = lib.export(fat_drive, [person], "copy")
    assert second.errors == [] and second.written == first.written
    assert victim.read_bytes() == b"the family's own file"


def test_link_modes_on_a_fat_drive_say_why(celeb13_library, fat_drive):
    lib = celeb13_library
    ids, _ = _named_people(lib)
    # A hard link cannot leave the photos' drive at all; a symbolic link could, but FAT has none.
    for mode, what in (("hardlink", "cannot hard-link to another drive"),
                       ("symlink", "this drive cannot hold symbolic links")):
        report = lib.export(fat_drive / mode, ids, mode)
        # One reason per photo of each album (a photo of two people is tried in both albums).
        tried = sum(len({f.photo_id for f in lib.catalog.faces(person_id=pid)}) for pid in ids)
        assert report.written == 0 and len(report.errors) == tried
        [(reason, count)] = failure_summary(report.errors)
        assert what in reason and "--mode copy" in reason
        assert count == len(report.errors)


def test_export_to_another_filesystem(celeb13_library, tmp_path):
    other = Path("/dev/shm")
    if not other.is_dir() or os.stat(other).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs a second filesystem (/dev/shm) beside the test's temporary folder")
    lib = celeb13_library
    ids, _ = _named_people(lib)
    dest = Path(tempfile.mkdtemp(dir=other, prefix="facealbum-export-"))
    try:
        copied = lib.export(dest / "copy", ids[:3], "copy")
        assert copied.errors == [] and copied.written > 0
        linked = lib.export(dest / "hardlink", ids[:3], "hardlink")
        assert linked.written == 0 and len(linked.errors) == copied.written
        [(reason, _)] = failure_summary(linked.errors)
        assert "cannot hard-link to another drive" in reason
    finally:
        shutil.rmtree(dest, ignore_errors=True)
