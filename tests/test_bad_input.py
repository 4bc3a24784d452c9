"""Bad files never stop a scan: each gets a clear reason and every good photo is in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from facealbum.core.library import Library

from conftest import CELEB13


def test_corrupt_empty_and_fake_files(tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    good = sorted((CELEB13 / "Elon_Musk").glob("*.jpg"))
    for src in good:
        shutil.copy2(src, photos / src.name)
    data = good[0].read_bytes()
    (photos / "truncated.jpg").write_bytes(data[: len(data) // 3])
    (photos / "empty.jpg").write_bytes(b"")
    (photos / "notes.jpg").write_text("this is not a photo\n")
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([photos])
        reasons = {p.split("/")[-1]: r for p, r in report.errors}
        assert set(reasons) == {"truncated.jpg", "empty.jpg", "notes.jpg"}
        assert "truncated" in reasons["truncated.jpg"] or "corrupt" in reasons["truncated.jpg"]
        assert reasons["empty.jpg"] == "empty file (0 bytes)"
        assert "not an image" in reasons["notes.jpg"]
        done = lib.catalog.photos(status="done")
        assert {p.path.split("/")[-1] for p in done} == {p.name for p in good}
        errors = {p.path.split("/")[-1]: p.error for p in lib.catalog.photos(status="error")}
        assert errors == reasons
        # A rescan does not try them again, and does not lose them.
        again = lib.scan([photos])
        assert again.model_work == 0
        assert len(lib.catalog.photos(status="error")) == 3


def _face_jpeg(path, exif=None):
    from PIL import Image

    src = sorted((CELEB13 / "Jeff_Bezos").glob("*.jpg"))[0]
    with Image.open(src) as img:
        img = img.convert("RGB")
        img.thumbnail((800, 800))
        img.save(path, quality=90, **({"exif": exif} if exif is not None else {}))


def test_random_bytes_huge_exif_and_long_names(tmp_path):
    import os

    from PIL import Image

    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "noise.jpg").write_bytes(os.urandom(50_000))
    exif = Image.Exif()
    exif[0x010E] = "x" * 60_000  # ImageDescription: an EXIF block near the 64 KB limit of a JPEG segment
    _face_jpeg(photos / "huge_exif.jpg", exif)
    long_name = "a" * 240 + ".jpg"  # file names may be 255 bytes on most file systems
    _face_jpeg(photos / long_name)
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([photos])
        reasons = {p.split("/")[-1]: r for p, r in report.errors}
        assert set(reasons) == {"noise.jpg"} and "not an image" in reasons["noise.jpg"]
        done = {p.path.split("/")[-1] for p in lib.catalog.photos(status="done")}
        assert done == {"huge_exif.jpg", long_name}
        assert all(len(lib.catalog.faces(photo_id=p.id)) == 1 for p in lib.catalog.photos(status="done"))


def test_files_deleted_or_replaced_during_the_scan(tmp_path):
    photos = tmp_path / "photos"
    photos.mkdir()
    for i in range(8):
        _face_jpeg(photos / f"p{i}.jpg")
    doomed, swapped = photos / "p6.jpg", photos / "p7.jpg"
    with Library(tmp_path / "lib.sqlite") as lib:
        def progress(p):
            if p.phase == "processing" and p.done == 1 and doomed.exists():
                doomed.unlink()
                swapped.write_text("replaced by a text file while the scan ran")

        report = lib.scan([photos], progress, workers=1, batch_photos=1)  # few photos in flight
        reasons = {p.split("/")[-1]: r for p, r in report.errors}
        assert reasons.get("p6.jpg") == "file disappeared during the scan"
        assert "not an image" in reasons.get("p7.jpg", "")
        assert len(lib.catalog.photos(status="done")) == 6
        # The next scan sees p6 gone and p7 changed: nothing is lost, nothing is stuck.
        again = lib.scan([photos])
        assert again.missing == 1


def test_catalog_folder_that_cannot_be_written(tmp_path, capsys):
    from facealbum.cli.main import main as cli
    from facealbum.core.errors import CatalogError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the catalog's folder should be")
    with pytest.raises(CatalogError, match="Cannot open the catalog"):
        Library(blocker / "lib.sqlite")
    assert cli(["scan", str(tmp_path), "--library", str(blocker / "lib.sqlite")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facealbum: Cannot open the catalog") and len(err.strip().splitlines()) == 1


_SCAN_AND_REPORT = """
import json, sys
from facealbum.core.library import Library
with Library(sys.argv[2]) as lib:
    report = lib.scan([sys.argv[1]])
    print(json.dumps({"errors": report.errors, "folders": report.folder_problems,
                      "done": [p.path for p in lib.catalog.photos(status="done")]}))
"""


def _without_root_file_access() -> None:
    """Runs in the child before exec: root without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    obeys file permissions like anybody else (CI runs as root)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop capability")


def test_unreadable_files_and_folders(tmp_path):
    photos = tmp_path / "photos"
    (photos / "locked").mkdir(parents=True)
    _face_jpeg(photos / "ok.jpg")
    _face_jpeg(photos / "secret.jpg")
    _face_jpeg(photos / "locked" / "hidden.jpg")
    (photos / "secret.jpg").chmod(0)
    (photos / "locked").chmod(0)
    try:
        # The scan runs in a child process, which as root gives up reading what it may not.
        run = subprocess.run([sys.executable, "-c", _SCAN_AND_REPORT, str(photos), str(tmp_path / "lib.sqlite")],
                             capture_output=True, text=True, timeout=300,
                             preexec_fn=_without_root_file_access if os.geteuid() == 0 else None)
        assert run.returncode == 0, run.stderr
        result = json.loads(run.stdout.strip().splitlines()[-1])
        assert [(p.split("/")[-1], r) for p, r in result["errors"]] == \
            [("secret.jpg", "permission denied: the file cannot be read")]
        assert [p.split("/")[-1] for p, _ in result["folders"]] == ["locked"]
        assert "permission" in result["folders"][0][1].lower()
        assert [p.split("/")[-1] for p in result["done"]] == ["ok.jpg"]
    finally:
        (photos / "locked").chmod(0o755)
        (photos / "secret.jpg").chmod(0o644)
