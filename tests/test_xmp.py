"""Names that travel with the photos, proved against exiftool (the reference reader and writer of
XMP): what FaceAlbum writes, exiftool reads back, in every EXIF orientation; what exiftool writes
in digiKam's, Lightroom's and Windows Photo Gallery's layouts (and a Picasa file) comes into a
fresh library as named, confirmed faces; a round trip keeps every person and name; originals stay
byte-identical; hostile XMP is refused with a sentence."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from facealbum.cli.main import main as cli
from facealbum.core.library import Library
from facealbum.core.sidecars import KEEP_UPDATED, photos_to_write, write_names

from conftest import t1_path

NAMES = ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay"]  # t1.jpg's six people, left to right
_STORE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
          5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
          8: Image.Transpose.ROTATE_270}

needs_exiftool = pytest.mark.skipif(shutil.which("exiftool") is None,
                                    reason="exiftool is not installed (Debian: libimage-exiftool-perl; .ci/run installs it)")


def exiftool(*args: str) -> list[dict]:
    out = subprocess.run(["exiftool", "-j", "-struct", *args], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def exiftool_write(*args: str) -> None:
    """exiftool changing a file in place, or making a new sidecar (``-o NEW.xmp``, JSON for "*")."""
    out = subprocess.run(["exiftool", "-q", "-overwrite_original", *args], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def t1_upright():
    with Image.open(t1_path()) as img:
        return img.convert("RGB").copy()


def oriented_copies(folder, upright: Image.Image) -> dict[int, object]:
    """t1 stored as each EXIF orientation would store it (the pixels turned back), tagged with it."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for k in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = k
        stored = upright if k == 1 else upright.transpose(_STORE[k])
        paths[k] = folder / f"t1-o{k}.jpg"
        stored.save(paths[k], quality=92, exif=exif)
    return paths


def left_to_right(lib, photo_id):
    return sorted(lib.catalog.faces(photo_id=photo_id), key=lambda f: (f.box[0] + f.box[2]) / 2)


def expected_stored_rect(box, k: int, upright_size) -> tuple[float, float, float, float]:
    """Where an upright box lies in the stored image, found by turning a mask the way the test
    turned the pixels (PIL), not by FaceAlbum's own arithmetic."""
    w, h = upright_size
    mask = np.zeros((h, w), np.uint8)
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    mask[y1:y2, x1:x2] = 255
    stored = Image.fromarray(mask)
    if k != 1:
        stored = stored.transpose(_STORE[k])
    ys, xs = np.nonzero(np.asarray(stored))
    sw, sh = stored.size
    return xs.min() / sw, ys.min() / sh, (xs.max() + 1) / sw, (ys.max() + 1) / sh


def name_left_to_right(lib, photo_id):
    for face, name in zip(left_to_right(lib, photo_id), NAMES):
        lib.people.name_faces([face.id], name)


@needs_exiftool
def test_exiftool_reads_back_every_name_and_region_in_all_eight_orientations(tmp_path, t1_upright):
    paths = oriented_copies(tmp_path / "photos", t1_upright)
    before = {k: digest(p) for k, p in paths.items()}
    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        lib.scan([tmp_path / "photos"])
        for k, path in paths.items():
            photo = lib.catalog.photo_by_path(str(path))
            assert photo.orientation == k and len(lib.catalog.faces(photo_id=photo.id)) == 6
            name_left_to_right(lib, photo.id)
    assert cli(["--library", str(library), "xmp", "write", "--all"]) == 0
    with Library(library) as lib:
        for k, path in paths.items():
            assert digest(path) == before[k], "a photo was modified"
            photo = lib.catalog.photo_by_path(str(path))
            upright = (photo.width, photo.height)
            read = exiftool("-RegionInfo", "-RegionInfoMP", "-TagsList", "-HierarchicalSubject", "-Subject",
                            f"{path}.xmp")[0]
            stored = (upright[1], upright[0]) if k >= 5 else upright
            assert read["RegionInfo"]["AppliedToDimensions"] == {"W": stored[0], "H": stored[1], "Unit": "pixel"}
            regions = {r["Name"]: r for r in read["RegionInfo"]["RegionList"]}
            mp = {r["PersonDisplayName"]: r["Rectangle"] for r in read["RegionInfoMP"]["Regions"]}
            assert set(regions) == set(mp) == set(NAMES), f"orientation {k}"
            for face, name in zip(left_to_right(lib, photo.id), NAMES):
                ex1, ey1, ex2, ey2 = expected_stored_rect(face.box, k, upright)
                area = regions[name]["Area"]
                assert area["Unit"] == "normalized" and regions[name]["Type"] == "Face"
                got = (area["X"] - area["W"] / 2, area["Y"] - area["H"] / 2, area["X"] + area["W"] / 2,
                       area["Y"] + area["H"] / 2)
                assert np.allclose(got, (ex1, ey1, ex2, ey2), atol=0.004), f"orientation {k}, {name}"
                x, y, w, h = (float(v) for v in str(mp[name]).split(","))
                assert np.allclose((x, y, x + w, y + h), (ex1, ey1, ex2, ey2), atol=0.004)
            assert sorted(read["TagsList"]) == [f"People/{n}" for n in NAMES]
            assert sorted(read["HierarchicalSubject"]) == [f"People|{n}" for n in NAMES]
            assert sorted(read["Subject"]) == NAMES


def _regions_json(lib, photo, names=NAMES):
    """MWG regions of a photo's faces (left to right) as exiftool's JSON structure, stored-image normalised."""
    w, h = photo.width, photo.height
    regions = []
    for face, name in zip(left_to_right(lib, photo.id), names):
        x1, y1, x2, y2 = face.box
        # A person's box is looser than a detector's: the hair and chin are in it.
        pad_x, pad_y = 0.15 * (x2 - x1), 0.2 * (y2 - y1)
        x1, y1, x2, y2 = x1 - pad_x, y1 - pad_y, x2 + pad_x, y2 + pad_y
        regions.append({"Area": {"X": (x1 + x2) / 2 / w, "Y": (y1 + y2) / 2 / h, "W": (x2 - x1) / w,
                                 "H": (y2 - y1) / h, "Unit": "normalized"}, "Name": name, "Type": "Face"})
    return {"AppliedToDimensions": {"W": w, "H": h, "Unit": "pixel"}, "RegionList": regions}


def _named_faces(lib, photo_id) -> list[tuple[str | None, str | None]]:
    out = []
    for face in left_to_right(lib, photo_id):
        person = lib.catalog.person(face.person_id) if face.person_id else None
        out.append((person.name if person else None, face.assigned_by))
    return out


@needs_exiftool
def test_regions_other_apps_wrote_come_in_as_named_confirmed_faces(tmp_path, t1_upright):
    """digiKam embeds MWG regions (and writes photo.jpg.xmp); Lightroom keeps photo.xmp; Windows
    Photo Gallery writes MP regions; Picasa a .picasa.ini. Each comes in with no rename needed."""
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in ("digikam", "lightroom", "windows", "picasa", "rotated"):
        shutil.copy(t1_path(), folder / f"{name}.jpg")
    oriented = oriented_copies(tmp_path / "o", t1_upright)
    shutil.copy(oriented[6], folder / "rotated.jpg")
    with Library(tmp_path / "probe.sqlite") as probe:  # where the faces are, to write regions over them
        probe.scan([folder], group=False)
        photo = probe.catalog.photo_by_path(str(folder / "digikam.jpg"))
        info = _regions_json(probe, photo)
        rotated = probe.catalog.photo_by_path(str(folder / "rotated.jpg"))
        upright_faces = left_to_right(probe, rotated.id)
        mp_regions, picasa_faces = [], []
        for face, name in zip(left_to_right(probe, photo.id), NAMES):
            x1, y1, x2, y2 = face.box
            mp_regions.append({"PersonDisplayName": name, "Rectangle":
                               f"{x1 / photo.width:.6f}, {y1 / photo.height:.6f}, "
                               f"{(x2 - x1) / photo.width:.6f}, {(y2 - y1) / photo.height:.6f}"})
            value = 0
            for v in (x1 / photo.width, y1 / photo.height, x2 / photo.width, y2 / photo.height):
                value = (value << 16) | int(round(v * 65535))
            picasa_faces.append((f"rect64({value:x})", f"{NAMES.index(name) + 1:016x}"))
    # The rotated photo's regions, as MWG says: of the stored image (here turned 90 degrees).
    stored_regions = []
    for face, name in zip(upright_faces, NAMES):
        x1, y1, x2, y2 = expected_stored_rect(face.box, 6, (rotated.width, rotated.height))
        stored_regions.append({"Area": {"X": (x1 + x2) / 2, "Y": (y1 + y2) / 2, "W": x2 - x1, "H": y2 - y1,
                                        "Unit": "normalized"}, "Name": name, "Type": "Face"})
    tags = [f"People/{n}" for n in NAMES]
    (tmp_path / "digikam.json").write_text(json.dumps([{"SourceFile": str(folder / "digikam.jpg"),
                                                        "RegionInfo": info, "TagsList": tags}]))
    exiftool_write(f"-json={tmp_path / 'digikam.json'}", str(folder / "digikam.jpg"))
    (tmp_path / "lr.json").write_text(json.dumps([{"SourceFile": "*", "RegionInfo": info,
                                                   "HierarchicalSubject": [f"People|{n}" for n in NAMES]}]))
    exiftool_write("-o", str(folder / "lightroom.xmp"), f"-json={tmp_path / 'lr.json'}")
    (tmp_path / "mp.json").write_text(json.dumps([{"SourceFile": str(folder / "windows.jpg"),
                                                   "RegionInfoMP": {"Regions": mp_regions}}]))
    exiftool_write(f"-json={tmp_path / 'mp.json'}", str(folder / "windows.jpg"))
    (tmp_path / "rot.json").write_text(json.dumps([{"SourceFile": str(folder / "rotated.jpg"), "RegionInfo": {
        "AppliedToDimensions": {"W": rotated.height, "H": rotated.width, "Unit": "pixel"},
        "RegionList": stored_regions}}]))
    exiftool_write(f"-json={tmp_path / 'rot.json'}", str(folder / "rotated.jpg"))
    contacts = "\n".join(f"{i + 1:016x}={n};;" for i, n in enumerate(NAMES))
    faces = ";".join(f"{rect},{contact}" for rect, contact in picasa_faces)
    (folder / ".picasa.ini").write_text(f"[Contacts2]\n{contacts}\n[picasa.jpg]\nfaces={faces}\nbackuphash=1\n")
    written = exiftool("-RegionInfo", str(folder / "lightroom.xmp"))[0]["RegionInfo"]["RegionList"]
    assert [r["Name"] for r in written] == NAMES
    before = {p.name: digest(p) for p in folder.iterdir()}

    with Library(tmp_path / "fresh.sqlite") as lib:
        report = lib.scan([folder])
        assert report.named_faces == 30, report.name_problems
        for name in ("digikam", "lightroom", "windows", "picasa", "rotated"):
            photo = lib.catalog.photo_by_path(str(folder / f"{name}.jpg"))
            assert _named_faces(lib, photo.id) == [(n, "user") for n in NAMES], name
        people = {p.name: p for p in lib.catalog.people()}
        assert {n: people[n].face_count for n in NAMES} == {n: 5 for n in NAMES}
        history = lib.people.history()
        assert len(history) == 1 and history[0][2] == "Names from photo metadata (30 faces)"
        # The import is a correction like any other: undone, nobody is named; redone, all are.
        lib.people.undo()
        assert not [p for p in lib.catalog.people() if p.name]
        assert all(f.assigned_by != "user" for f in lib.catalog.faces())
        lib.people.redo()
        assert {p.name: p.face_count for p in lib.catalog.people() if p.name} == {n: 5 for n in NAMES}
        # A rescan reads nothing again: the files have not changed.
        again = lib.scan([folder])
        assert again.named_faces == 0 and again.unchanged == 5
    assert {p.name: digest(p) for p in folder.iterdir()} == before


@needs_exiftool
def test_round_trip_a_new_library_finds_the_same_people_with_the_same_names(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(t1_path(), folder / "a.jpg")
    with Image.open(t1_path()) as img:
        img.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(folder / "b.jpg", quality=92)
    first = tmp_path / "first.sqlite"
    with Library(first) as lib:
        lib.scan([folder])
        for path in ("a.jpg", "b.jpg"):
            name_left_to_right(lib, lib.catalog.photo_by_path(str(folder / path)).id)
        report = write_names(lib.catalog, photos_to_write(lib.catalog))
        assert report.written == 2 and not report.errors
        kept = {(p, tuple(_named_faces(lib, lib.catalog.photo_by_path(str(folder / p)).id))) for p in ("a.jpg", "b.jpg")}
    with Library(tmp_path / "second.sqlite") as lib:
        assert lib.scan([folder]).named_faces == 12
        found = {(p, tuple(_named_faces(lib, lib.catalog.photo_by_path(str(folder / p)).id))) for p in ("a.jpg", "b.jpg")}
        assert found == kept
        assert sorted(p.name for p in lib.catalog.people()) == NAMES


@needs_exiftool
def test_sidecars_merge_keep_other_tags_and_follow_renames_and_removals(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    photo_path = folder / "t1.jpg"
    shutil.copy(t1_path(), photo_path)
    sidecar = folder / "t1.jpg.xmp"
    (tmp_path / "own.json").write_text(json.dumps([{
        "SourceFile": "*", "Rating": 5, "Subject": ["Holiday"], "TagsList": ["Places/Kyoto"],
        "RegionInfo": {"AppliedToDimensions": {"W": 1280, "H": 886, "Unit": "pixel"}, "RegionList": [
            {"Area": {"X": 0.5, "Y": 0.9, "W": 0.1, "H": 0.1, "Unit": "normalized"}, "Name": "Rex", "Type": "Pet"}]}}]))
    exiftool_write("-o", str(sidecar), f"-json={tmp_path / 'own.json'}")
    original = digest(photo_path)
    library = tmp_path / "lib.sqlite"
    with Library(library) as lib:
        lib.scan([folder])
        photo = lib.catalog.photo_by_path(str(photo_path))
        name_left_to_right(lib, photo.id)
        lib.catalog.set_setting(KEEP_UPDATED, True)
    assert cli(["--library", str(library), "xmp", "write", "Ann", "Bob"]) == 0
    read = exiftool("-Rating", "-Subject", "-TagsList", "-RegionInfo", str(sidecar))[0]
    assert read["Rating"] == 5 and "Holiday" in read["Subject"] and "Places/Kyoto" in read["TagsList"]
    kinds = {r["Name"]: r["Type"] for r in read["RegionInfo"]["RegionList"]}
    assert kinds == {**{n: "Face" for n in NAMES}, "Rex": "Pet"}
    # With the setting on, a rename through the command line rewrites the sidecar; a removal too.
    with Library(library) as lib:
        ann = lib.catalog.person_by_name("Ann").id
    assert cli(["--library", str(library), "person", "rename", str(ann), "Anna"]) == 0
    with Library(library) as lib:
        bob_face = lib.catalog.faces(person_id=lib.catalog.person_by_name("Bob").id)[0].id
    assert cli(["--library", str(library), "person", "reject", str(bob_face)]) == 0
    read = exiftool("-Subject", "-TagsList", "-HierarchicalSubject", "-RegionInfo", str(sidecar))[0]
    expected = sorted(["Anna", *NAMES[2:]])
    assert sorted(r["Name"] for r in read["RegionInfo"]["RegionList"]) == sorted([*expected, "Rex"])
    assert sorted(read["Subject"]) == sorted(["Holiday", *expected])
    assert sorted(read["TagsList"]) == sorted(["Places/Kyoto", *(f"People/{n}" for n in expected)])
    assert digest(photo_path) == original


@needs_exiftool
def test_a_name_clash_is_reported_and_never_overwrites_the_users_name(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    shutil.copy(t1_path(), folder / "t1.jpg")
    shutil.copy(t1_path(), folder / "u.jpg")  # read in the same batch, after t1.jpg, with no clash
    with Library(tmp_path / "lib.sqlite") as lib:
        lib.scan([folder])
        photo = lib.catalog.photo_by_path(str(folder / "t1.jpg"))
        first = left_to_right(lib, photo.id)[0]
        lib.people.name_faces([first.id], "Grandma")
        info = _regions_json(lib, photo, ["Ann"])
        (tmp_path / "r.json").write_text(json.dumps([{"SourceFile": "*", "RegionInfo": info}]))
        exiftool_write("-o", str(folder / "t1.jpg.xmp"), f"-json={tmp_path / 'r.json'}")
        other = lib.catalog.photo_by_path(str(folder / "u.jpg"))
        (tmp_path / "u.json").write_text(json.dumps([{"SourceFile": "*", "RegionInfo": _regions_json(lib, other)}]))
        exiftool_write("-o", str(folder / "u.jpg.xmp"), f"-json={tmp_path / 'u.json'}")
        report = lib.scan([folder])  # the photos are unchanged; their new sidecars are read
        # u.jpg's faces but one: its copy of Grandma's face stayed in the group the split left, which
        # the split confirmed (a clash too); t1.jpg's one face clashes.
        assert report.named_faces == 5
        clashes = [(path, p) for path, p in report.name_problems if "Ann" in p and "Grandma" in p]
        assert clashes and clashes[0][0] == str(folder / "t1.jpg"), report.name_problems
        assert lib.catalog.person(lib.catalog.face(first.id).person_id).name == "Grandma"


def test_hostile_and_broken_metadata_get_a_sentence_and_the_scan_goes_on(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in ("malformed", "bomb", "outside", "control", "huge", "fine"):
        shutil.copy(t1_path(), folder / f"{name}.jpg")
    rdf = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" '
           'xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"><mwg-rs:Regions rdf:parseType="Resource">'
           '<mwg-rs:RegionList><rdf:Bag>{items}</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>'
           '</rdf:Description></rdf:RDF></x:xmpmeta>')

    def item(x, y, w, h, name):
        return (f'<rdf:li rdf:parseType="Resource"><mwg-rs:Type>Face</mwg-rs:Type><mwg-rs:Name>{name}</mwg-rs:Name>'
                f'<mwg-rs:Area stArea:x="{x}" stArea:y="{y}" stArea:w="{w}" stArea:h="{h}" stArea:unit="normalized"/>'
                '</rdf:li>')

    (folder / "malformed.jpg.xmp").write_text("<x:xmpmeta><rdf:RDF><unclosed>")
    laughs = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    (folder / "bomb.jpg.xmp").write_text(f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "ha">{laughs}]>'
                                         + rdf.format(items=item(0.5, 0.5, 0.1, 0.1, "&l9;")))
    (folder / "outside.jpg.xmp").write_text(rdf.format(items=item(3.0, 3.0, 0.1, 0.1, "Far") +
                                                       item(0.5, 0.5, 0.0, 0.0, "Nobody")))
    (folder / "control.jpg.xmp").write_text(rdf.format(items=item(0.087, 0.3755, 0.0923, 0.1508,
                                                                  "Ann&#x9;&#xA;  Smith&#x202E;")))
    (folder / "huge.jpg.xmp").write_bytes(b"<x:xmpmeta>" + b" " * (5 << 20) + b"</x:xmpmeta>")
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([folder])
        assert not report.errors and report.processed == 6, "metadata problems must not stop the scan"
        problems = {path.rsplit("/", 1)[-1]: text for path, text in report.name_problems}
        assert "not well-formed" in problems["malformed.jpg"]
        assert "entities" in problems["bomb.jpg"]
        assert "outside the photo" in problems["outside.jpg"] or "no size" in problems["outside.jpg"]
        assert "larger than any" in problems["huge.jpg"]
        assert report.named_faces == 1  # only the name with control characters, cleaned
        assert [p.name for p in lib.catalog.people() if p.name] == ["Ann Smith"]
        for name in ("malformed", "bomb", "outside", "huge", "fine"):
            assert len(lib.catalog.faces(photo_id=lib.catalog.photo_by_path(str(folder / f"{name}.jpg")).id)) == 6


@needs_exiftool
def test_regions_embedded_in_png_tiff_and_heic_are_read(tmp_path, t1_upright):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    folder = tmp_path / "photos"
    folder.mkdir()
    t1_upright.save(folder / "t1.png")
    t1_upright.save(folder / "t1.tif")
    t1_upright.save(folder / "t1.heic", quality=90)
    with Library(tmp_path / "probe.sqlite") as probe:
        probe.scan([folder], group=False)
        infos = {p.path: _regions_json(probe, p) for p in probe.catalog.photos()}
    for path, info in infos.items():
        (tmp_path / "r.json").write_text(json.dumps([{"SourceFile": path, "RegionInfo": info}]))
        exiftool_write(f"-json={tmp_path / 'r.json'}", path)
    with Library(tmp_path / "fresh.sqlite") as lib:
        report = lib.scan([folder])
        assert report.named_faces == 18, report.name_problems
        for path in infos:
            photo = lib.catalog.photo_by_path(path)
            assert _named_faces(lib, photo.id) == [(n, "user") for n in NAMES], path


def test_a_person_keyword_names_the_one_face_of_a_photo(tmp_path):
    from conftest import CELEB13

    folder = tmp_path / "photos"
    folder.mkdir()
    source = sorted((CELEB13 / "Elon_Musk").glob("*.jpg"))[0]
    shutil.copy(source, folder / "elon.jpg")
    (folder / "elon.jpg.xmp").write_text(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:digiKam="http://www.digikam.org/ns/1.0/"><digiKam:TagsList><rdf:Seq>'
        '<rdf:li>People/Elon</rdf:li><rdf:li>Places/Texas</rdf:li></rdf:Seq></digiKam:TagsList>'
        '</rdf:Description></rdf:RDF></x:xmpmeta>')
    with Library(tmp_path / "lib.sqlite") as lib:
        report = lib.scan([folder])
        faces = lib.catalog.faces()
        assert len(faces) == 1 and report.named_faces == 1
        assert lib.catalog.person(faces[0].person_id).name == "Elon" and faces[0].assigned_by == "user"
