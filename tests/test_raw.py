"""Camera RAW files: developed by LibRaw (rawpy), turned upright by the raw's own orientation,
scanned like any photo, named from a Lightroom-style sidecar (photo.xmp) and written back there.

No CC0 camera raw file can be reached from this machine (see the README), so the raw here is a
DNG made from t1.jpg: a real DNG container with Bayer sensor data that LibRaw develops, not a
camera's file. A broken raw file gets a sentence and the scan goes on."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image

from facealbum.core.boxes import box_iou
from facealbum.core.imaging import load_image
from facealbum.core.library import Library
from facealbum.core.sidecars import photos_to_write, write_names

from conftest import REPO, t1_path

tifffile = pytest.importorskip("tifffile")
_STORE = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def _rationals(values, den=10000):
    out = []
    for v in values:
        out += [int(round(v * den)), den]
    return out


def make_dng(path, upright: Image.Image, orientation: int = 1) -> None:
    """A DNG holding ``upright`` as 12-bit RGGB sensor data of a camera whose colours are linear sRGB,
    stored turned back as a camera held that way would, with that Orientation."""
    stored = upright if orientation == 1 else upright.transpose(_STORE[orientation])
    rgb = np.asarray(stored, np.float64) / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    h, w = (linear.shape[0] // 2) * 2, (linear.shape[1] // 2) * 2
    linear = linear[:h, :w]
    cfa = np.empty((h, w), np.uint16)
    cfa[0::2, 0::2] = linear[0::2, 0::2, 0] * 4095
    cfa[0::2, 1::2] = linear[0::2, 1::2, 1] * 4095
    cfa[1::2, 0::2] = linear[1::2, 0::2, 1] * 4095
    cfa[1::2, 1::2] = linear[1::2, 1::2, 2] * 4095
    xyz_to_srgb = [3.2406, -1.5372, -0.4986, -0.9689, 1.8758, 0.0415, 0.0557, -0.2040, 1.0570]
    tags = [(50706, "B", 4, (1, 4, 0, 0), True), (50707, "B", 4, (1, 1, 0, 0), True),  # DNG version
            (50708, "s", 0, "FaceAlbum test camera", True), (271, "s", 0, "FaceAlbum", True),
            (272, "s", 0, "Test", True), (33421, "H", 2, (2, 2), True), (33422, "B", 4, (0, 1, 1, 2), True),
            (50717, "I", 1, 4095, True), (50714, "H", 1, 0, True),  # white and black levels
            (50721, "2i", 9, _rationals(xyz_to_srgb), True), (50728, "2I", 3, (1, 1, 1, 1, 1, 1), True),
            (50778, "H", 1, 21, True), (274, "H", 1, orientation, True)]  # D65, orientation
    tifffile.imwrite(path, cfa, photometric=32803, extratags=tags, subfiletype=0)


@pytest.fixture(scope="module")
def t1_upright():
    with Image.open(t1_path()) as img:
        return img.convert("RGB").copy()


def test_a_raw_file_is_developed_upright_at_the_size_asked(tmp_path, t1_upright):
    for k in (1, 3, 6, 8):
        make_dng(tmp_path / f"t1-{k}.dng", t1_upright, k)
        image = load_image(tmp_path / f"t1-{k}.dng", max_side=640)
        assert image.orientation == k and image.full_size == (1280, 886)
        assert max(image.pixels.shape[:2]) == 640, "half-size development for a 640 px decode"
        small = np.asarray(t1_upright.resize((image.pixels.shape[1], image.pixels.shape[0])), np.float32)
        assert np.abs(image.pixels[:, :, ::-1].astype(np.float32) - small).mean() < 25, f"orientation {k}"
    full = load_image(tmp_path / "t1-6.dng")
    assert full.pixels.shape[:2] == (886, 1280)


def test_raw_photos_are_scanned_named_from_their_sidecar_and_written_back(tmp_path, t1_upright):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(t1_path(), folder / "t1.jpg")
    make_dng(folder / "t1-raw.nef.dng", t1_upright, 6)  # a raw beside its JPEG, turned as shot
    (folder / "broken.cr2").write_bytes(b"II*\x00" + bytes(range(256)) * 40)
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([folder])
        assert [p for p, _ in report.errors] == [str(folder / "broken.cr2")]
        assert "RAW" in report.errors[0][1]
        jpeg = lib.catalog.photo_by_path(str(folder / "t1.jpg"))
        raw = lib.catalog.photo_by_path(str(folder / "t1-raw.nef.dng"))
        assert (raw.width, raw.height, raw.orientation) == (1280, 886, 6)
        raw_faces = sorted(lib.catalog.faces(photo_id=raw.id), key=lambda f: f.box[0])
        jpeg_faces = sorted(lib.catalog.faces(photo_id=jpeg.id), key=lambda f: f.box[0])
        assert len(raw_faces) == len(jpeg_faces) == 6
        assert all(box_iou(a.box, b.box) > 0.6 for a, b in zip(raw_faces, jpeg_faces))
        assert lib.thumbnails.face_path(raw_faces[0].id).exists()
        # Each face of the raw is grouped with the same face of the JPEG: one person each.
        assert all(a.person_id is not None and a.person_id == b.person_id for a, b in zip(raw_faces, jpeg_faces))
        for face, name in zip(raw_faces, ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay"]):
            lib.people.name([face.person_id], name)
        report = write_names(lib.catalog, photos_to_write(lib.catalog))
        assert report.written == 2 and not report.errors
    # Lightroom's spelling beside a raw file: t1-raw.nef.xmp (the photo's name without .dng).
    assert (folder / "t1-raw.nef.xmp").exists() and (folder / "t1.jpg.xmp").exists()
    with Library(tmp_path / "fresh.sqlite") as lib:
        assert lib.scan([folder]).named_faces == 12
        raw = lib.catalog.photo_by_path(str(folder / "t1-raw.nef.dng"))
        names = [lib.catalog.person(f.person_id).name for f in sorted(lib.catalog.faces(photo_id=raw.id),
                                                                        key=lambda f: f.box[0])]
        assert names == ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay"]


def test_a_real_camera_raw_cut_short_gets_a_sentence(tmp_path):
    """A Nikon D70s NEF whose sensor data ends early (tests/data/README.md): LibRaw reads its
    header and a 160 px preview, too small to look for faces in, then fails on the data."""
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(REPO / "tests" / "data" / "nikon-d70s-truncated.nef", folder / "DSC_0001.NEF")
    shutil.copy(t1_path(), folder / "t1.jpg")
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([folder])
        assert report.errors == [(str(folder / "DSC_0001.NEF"), "corrupt or truncated RAW file (LibRawIOError)")]
        assert len(lib.catalog.faces()) == 6  # the JPEG beside it is scanned as ever


def test_a_raw_and_jpeg_pair_keep_a_sidecar_each(tmp_path, t1_upright):
    """A camera's RAW+JPEG pair: Lightroom's IMG.xmp belongs to the raw, IMG.jpg.xmp to the JPEG."""
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(t1_path(), folder / "IMG_0001.jpg")
    make_dng(folder / "IMG_0001.dng", t1_upright)
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.scan([folder])
        raw = lib.catalog.photo_by_path(str(folder / "IMG_0001.dng"))
        for face, name in zip(sorted(lib.catalog.faces(photo_id=raw.id), key=lambda f: f.box[0]), "ABCDEF"):
            lib.people.name([face.person_id], f"Person {name}")
        assert write_names(lib.catalog, photos_to_write(lib.catalog)).written == 2
    assert sorted(p.name for p in folder.glob("*.xmp")) == ["IMG_0001.jpg.xmp", "IMG_0001.xmp"]
