"""Detection on real photos: t1.jpg's six people, the hand-drawn boxes of group_photos, SCRFD packs."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest

from facealbum.core.imaging import load_image
from facealbum.core.library import Library
from facealbum.core.models.packs import load_pack
from facealbum.core.boxes import box_iou

from conftest import GROUP_PHOTOS, MODELS, t1_path


def _hand_boxes():
    truth = {}
    for xml in sorted((GROUP_PHOTOS / "_boxes").glob("*.xml")):
        for image in ET.parse(xml).getroot().iter("image"):
            name = os.path.basename(image.get("file"))
            name = name if name.startswith("dlib__") else "dlib__" + name
            truth[name] = [(float(b.get("left")), float(b.get("top")),
                            float(b.get("left")) + float(b.get("width")),
                            float(b.get("top")) + float(b.get("height"))) for b in image.iter("box")]
    return truth


@pytest.fixture(scope="module")
def scrfd_pack_dir(tmp_path_factory):
    """A custom pack folder in the InsightFace layout holding only the real SCRFD-500MF detector."""
    folder = tmp_path_factory.mktemp("scrfd_pack")
    os.symlink(MODELS / "det_500m.onnx", folder / "det_500m.onnx")
    return folder


def test_t1_has_six_faces(tmp_path):
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([t1_path()])
        assert report.faces_added == 6
        faces = lib.catalog.faces()
        assert len(faces) == 6 and all(f.score > 0.7 for f in faces)


@pytest.mark.parametrize("pack", ["builtin", "scrfd"])
def test_group_photo_recall(pack, scrfd_pack_dir, record_property):
    detector = load_pack(None if pack == "builtin" else str(scrfd_pack_dir)).detector
    hits = total = 0
    for name, boxes in _hand_boxes().items():
        dets = detector.detect(load_image(GROUP_PHOTOS / name).pixels)
        total += len(boxes)
        hits += sum(any(box_iou(b, d.box) >= 0.3 for d in dets) for b in boxes)
    recall = hits / total
    print(f"\n{pack}: detection recall on group_photos hand-drawn boxes = {hits}/{total} = {recall:.3f}")
    record_property("recall", recall)
    assert total == 43
    assert recall >= 0.9


def test_scrfd_custom_pack_scans(scrfd_pack_dir, tmp_path):
    with Library(tmp_path / "lib.sqlite") as lib:
        key = lib.set_pack(str(scrfd_pack_dir))
        assert key == str(scrfd_pack_dir.resolve())
        pack = lib.pack()
        assert pack.detector.id.startswith("det_500m:")
        assert pack.recognizer.id.startswith("sface")  # no recognizer in the folder: the built-in one
        report = lib.scan([t1_path()])
        assert report.faces_added == 6


def test_det_2_5g_is_a_usable_pack(tmp_path):
    folder = tmp_path / "m"
    folder.mkdir()
    os.symlink(MODELS / "det_2.5g.onnx", folder / "det_2.5g.onnx")
    dets = load_pack(str(folder)).detector.detect(load_image(t1_path()).pixels)
    assert len(dets) == 6


def test_changing_pack_reembeds_and_keeps_faces(scrfd_pack_dir, tmp_path):
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.scan([t1_path()])
        before = {f.id for f in lib.catalog.faces()}
        old_model = lib.model_id
        lib.set_pack(str(scrfd_pack_dir))  # same SFace recognizer: nothing to re-embed
        assert lib.model_id == old_model
        assert lib.scan([t1_path()]).model_work == 0
        assert {f.id for f in lib.catalog.faces()} == before


def test_a_downloaded_pack_is_checked_against_its_sha256sums(tmp_path):
    """An InsightFace-layout pack (real SCRFD-500MF, SFace standing in as its recognizer file)
    loads while its files match SHA256SUMS, and is refused with a sentence once one differs."""
    import shutil

    from facealbum.core.errors import ModelError
    from facealbum.core.models.base import file_sha256
    from facealbum.core.models.builtin import SFACE_FILE, _repaired_sface, builtin_dir

    folder = tmp_path / "buffalo_sc"
    folder.mkdir()
    shutil.copy(MODELS / "det_500m.onnx", folder / "det_500m.onnx")
    (folder / "w600k_mbf.onnx").write_bytes(_repaired_sface(str(builtin_dir() / SFACE_FILE)))
    sums = [f"{file_sha256(folder / n)}  {n}" for n in ("det_500m.onnx", "w600k_mbf.onnx")]
    (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    pack = load_pack("buffalo_sc", tmp_path, cached=False)
    assert pack.detector.id.startswith("det_500m:")
    (folder / "SHA256SUMS").write_text(sums[0] + "\n" + "0" * 64 + "  w600k_mbf.onnx\n")
    with pytest.raises(ModelError, match="differ from what was downloaded"):
        load_pack("buffalo_sc", tmp_path, cached=False)
