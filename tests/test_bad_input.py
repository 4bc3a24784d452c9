"""Bad files never stop a scan: each gets a clear reason and every good photo is in."""

from __future__ import annotations

import shutil

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
