"""Bad files never stop a scan: each gets a clear reason and every good photo is in."""

from __future__ import annotations

import os
import shutil

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
    from facealbum.core.cli import main as cli
    from facealbum.core.errors import CatalogError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the catalog's folder should be")
    with pytest.raises(CatalogError, match="Cannot open the catalog"):
        Library(blocker / "lib.sqlite")
    assert cli(["scan", str(tmp_path), "--library", str(blocker / "lib.sqlite")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facealbum: Cannot open the catalog") and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_files_and_folders(tmp_path):
    photos = tmp_path / "photos"
    (photos / "locked").mkdir(parents=True)
    _face_jpeg(photos / "ok.jpg")
    _face_jpeg(photos / "secret.jpg")
    (photos / "secret.jpg").chmod(0)
    (photos / "locked").chmod(0)
    try:
        with Library(tmp_path / "lib.sqlite") as lib:
            report = lib.scan([photos])
            assert any("permission denied" in r for _, r in report.errors)
            assert any("locked" in p for p, _ in report.folder_problems)
            assert len(lib.catalog.photos(status="done")) == 1
    finally:
        (photos / "locked").chmod(0o755)
        (photos / "secret.jpg").chmod(0o644)
