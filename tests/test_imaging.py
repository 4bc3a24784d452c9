"""Decoding real photos in every shape a family folder holds them; bad ones fail with a reason."""

from __future__ import annotations

import os

import numpy as np
import pytest
from PIL import Image

from facealbum.core.errors import ImageError
from facealbum.core.imaging import load_image
from facealbum.core.library import Library
from facealbum.core.boxes import box_iou

from conftest import CELEB13

SOURCE = CELEB13 / "Elon_Musk"

_INVERSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
            5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
            8: Image.Transpose.ROTATE_270}


@pytest.fixture(scope="module")
def face_photo():
    path = sorted(SOURCE.glob("*.jpg"))[0]
    with Image.open(path) as img:
        img = img.convert("RGB")
        img.thumbnail((900, 900))
        return img.copy()


def test_every_exif_orientation_comes_out_upright(face_photo, tmp_path):
    folder = tmp_path / "orient"
    folder.mkdir()
    face_photo.save(folder / "o1.jpg", quality=92)
    for k, transpose in _INVERSE.items():
        exif = Image.Exif()
        exif[0x0112] = k
        face_photo.transpose(transpose).save(folder / f"o{k}.jpg", quality=92, exif=exif)
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([folder])
        assert not report.errors
        ref = lib.catalog.faces(photo_id=lib.catalog.photo_by_path(str(folder / "o1.jpg")).id)
        assert len(ref) == 1
        for k in range(2, 9):
            photo = lib.catalog.photo_by_path(str(folder / f"o{k}.jpg"))
            assert photo.orientation == k
            assert (photo.width, photo.height) == face_photo.size
            faces = lib.catalog.faces(photo_id=photo.id)
            assert len(faces) == 1, f"orientation {k}"
            assert box_iou(faces[0].box, ref[0].box) > 0.8, f"orientation {k}: box not upright"
            # The cached thumbnail is upright too: the face looks like the reference face.
            thumb = np.asarray(Image.open(lib.thumbnails.face_path(faces[0].id)).convert("L"), np.float32)
            ref_thumb = np.asarray(Image.open(lib.thumbnails.face_path(ref[0].id)).convert("L"), np.float32)
            assert np.abs(thumb - ref_thumb).mean() < 25, f"orientation {k}: thumbnail not upright"


def test_modes_and_formats(face_photo, tmp_path):
    folder = tmp_path / "modes"
    folder.mkdir()
    face_photo.convert("CMYK").save(folder / "cmyk.jpg")
    face_photo.convert("L").save(folder / "gray.png")
    rgba = face_photo.convert("RGBA")
    rgba.putalpha(200)
    rgba.save(folder / "alpha.png")
    face_photo.convert("P", palette=Image.Palette.ADAPTIVE).save(folder / "palette.gif")
    frames = [face_photo.convert("P"), face_photo.rotate(90).convert("P")]
    frames[0].save(folder / "animated.gif", save_all=True, append_images=frames[1:], duration=100)
    sixteen = (np.asarray(face_photo.convert("L"), np.uint16) * 257)
    Image.fromarray(sixteen).save(folder / "sixteen.png")
    face_photo.save(folder / "really_png.jpg", format="PNG")
    face_photo.save(folder / "webp.webp")
    face_photo.save(folder / "tiff.tif")
    face_photo.save(folder / "bmp.bmp")
    face_photo.save(folder / "phone.heic", quality=80)  # HEIC, as iPhones write (pillow-heif)
    Image.new("RGB", (1, 1)).save(folder / "tiny.png")
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([folder])
        assert not report.errors
        for photo in lib.catalog.photos():
            n = len(lib.catalog.faces(photo_id=photo.id))
            expected = 0 if photo.path.endswith("tiny.png") else 1
            assert n == expected, f"{photo.path}: {n} faces"


def test_sixteen_bit_keeps_its_range(face_photo, tmp_path):
    sixteen = (np.asarray(face_photo.convert("L"), np.uint16) * 257)
    Image.fromarray(sixteen).save(tmp_path / "s.png")
    pixels = load_image(tmp_path / "s.png").pixels
    assert pixels.max() > 200 and pixels.dtype == np.uint8


def test_decompression_bomb_is_refused(tmp_path):
    # A real PNG header that declares 100000 x 100000 pixels, with almost no data behind it.
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    (tmp_path / "bomb.png").write_bytes(png)
    with pytest.raises(ImageError, match="too large"):
        load_image(tmp_path / "bomb.png")


def test_reduced_decode_of_a_large_jpeg(face_photo, tmp_path):
    big = face_photo.resize((face_photo.width * 4, face_photo.height * 4), Image.Resampling.BICUBIC)
    big.save(tmp_path / "big.jpg", quality=90)
    loaded = load_image(tmp_path / "big.jpg", max_side=1280)
    assert max(loaded.pixels.shape[:2]) < big.width
    assert max(loaded.pixels.shape[:2]) >= 1280 * 0.5
    assert loaded.full_size == big.size


def test_awkward_names_links_and_loops(face_photo, tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    face_photo.save(folder / ("é" * 60 + ".jpg"))
    raw = os.fsencode(str(folder)) + b"/caf\xe9-latin1.jpg"  # not valid UTF-8
    face_photo.save(raw.decode("utf-8", "surrogateescape"), format="JPEG")
    os.symlink(folder / "nowhere.jpg", folder / "broken.jpg")
    os.symlink(folder, folder / "loop")
    (folder / ".hidden").mkdir()
    face_photo.save(folder / ".hidden" / "secret.jpg")
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([folder])
        done = lib.catalog.photos(status="done")
        assert len(done) == 2
        reasons = dict(report.errors)
        assert any("broken symbolic link" in r for r in reasons.values())
        assert not any("secret" in p.path for p in lib.catalog.photos())
