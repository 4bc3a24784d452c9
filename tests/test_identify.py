"""compare and who, on real photos with the built-in models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from facealbum.cli.main import main as cli
from facealbum.core.identify import compare, who
from facealbum.core.library import Library
from facealbum.core.models.packs import load_pack

from conftest import CELEB13, t1_path

IDENTITIES = sorted(p.name for p in CELEB13.iterdir() if p.is_dir())


def photos(identity):
    return sorted((CELEB13 / identity).glob("*.jpg"))


@pytest.fixture(scope="module")
def pack():
    return load_pack(None)


@pytest.mark.parametrize("identity", IDENTITIES)
def test_same_person_in_two_photos(pack, identity):
    a, b = photos(identity)[:2]
    result = compare(pack, a, b)
    best = max((v for _, _, v in result.best), key=lambda v: v.similarity)
    assert best.same, f"{identity}: {best.similarity:.3f}"
    assert best.confidence > 0.9


@pytest.mark.parametrize("identity", IDENTITIES)
def test_two_different_people(pack, identity):
    other = IDENTITIES[(IDENTITIES.index(identity) + 1) % len(IDENTITIES)]
    result = compare(pack, photos(identity)[0], photos(other)[0])
    assert not any(v.same for _, _, v in result.best), f"{identity} vs {other}"


def test_who_finds_six_named_faces_in_a_resized_reencoded_copy(tmp_path):
    lib_path = tmp_path / "lib.sqlite"
    with Library(lib_path) as lib:
        lib.scan([t1_path()])
        faces = sorted(lib.catalog.faces(), key=lambda f: f.box[0])
        assert len(faces) == 6
        names = [f"Person {i + 1}" for i in range(6)]
        for face, name in zip(faces, names):
            lib.people.name_faces([face.id], name)
        copy = tmp_path / "t1-copy.jpg"
        with Image.open(t1_path()) as img:
            img.resize((int(img.width * 0.7), int(img.height * 0.7)), Image.Resampling.LANCZOS).save(copy, quality=75)
        [result] = who(lib.pack(), lib.catalog, copy)
        assert sorted(n for n, _, _ in result.present) == names
        # left to right, as in the original
        assert [n for n, _, _ in result.present] == names
        assert not result.unknown
        assert lib.catalog.photo_by_path(str(copy)) is None  # not added unless asked


def test_who_reports_absent_people_for_a_folder(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy2(photos("Elon_Musk")[0], folder / "a.jpg")
    shutil.copy2(photos("Jeff_Bezos")[0], folder / "b.jpg")
    (folder / "broken.jpg").write_bytes(b"not a photo")
    lib_path = tmp_path / "lib.sqlite"
    with Library(lib_path) as lib:
        lib.scan([CELEB13 / "Elon_Musk", CELEB13 / "Jeff_Bezos", CELEB13 / "Matt_Damon"])
        for person in lib.catalog.people():
            ident = Path(lib.catalog.photo(lib.catalog.faces(person_id=person.id)[0].photo_id).path).parent.name
            lib.people.rename(person.id, ident.split("_")[0])
    code = cli(["who", str(folder), "--people", "Elon", "Jeff", "Matt", "--library", str(lib_path), "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    by_photo = {Path(p["photo"]).name: p for p in out["photos"]}
    assert [x["name"] for x in by_photo["a.jpg"]["present"]] == ["Elon"]
    assert [x["name"] for x in by_photo["b.jpg"]["present"]] == ["Jeff"]
    assert by_photo["broken.jpg"]["error"]
    assert out["absent_everywhere"] == ["Matt"]


def test_compare_cli_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"")
    good = photos("Elon_Musk")[0]
    assert cli(["compare", str(bad), str(good), "--library", str(tmp_path / "l.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "empty file" in err and len(err.strip().splitlines()) == 1
    noface = tmp_path / "noface.png"
    Image.new("RGB", (300, 300), (200, 180, 160)).save(noface)
    assert cli(["compare", str(noface), str(good), "--library", str(tmp_path / "l.sqlite")]) == 1
    assert "No face found" in capsys.readouterr().err
    assert cli(["compare", str(good), str(photos("Elon_Musk")[1]), "--library", str(tmp_path / "l.sqlite")]) == 0
    assert "same person" in capsys.readouterr().out


def test_age_and_gender_filter_when_a_pack_provides_them(tmp_path, capsys):
    """The built-in pack has no genderage model: no ages, no error. Ages written as a genderage
    pack would write them are filterable in the CLI and the window's photo grid."""
    lib_path = tmp_path / "lib.sqlite"
    folder = tmp_path / "p"
    shutil.copytree(CELEB13 / "Elon_Musk", folder)
    with Library(lib_path) as lib:
        lib.scan([folder])
        assert not lib.catalog.has_ages()
    assert cli(["photos", "--age", "0-12", "--library", str(lib_path)]) == 0
    assert "No ages" in capsys.readouterr().out
    with Library(lib_path) as lib:
        faces = lib.catalog.faces()
        lib.catalog.execute("UPDATE faces SET age=8, gender='M' WHERE id=?", (faces[0].id,))
        lib.catalog.execute("UPDATE faces SET age=40, gender='M' WHERE id!=?", (faces[0].id,))
        child = lib.catalog.photo(faces[0].photo_id).path
    assert cli(["photos", "--age", "0-12", "--library", str(lib_path)]) == 0
    assert capsys.readouterr().out.split() == [child]
    assert cli(["photos", "--gender", "F", "--library", str(lib_path)]) == 0
    assert capsys.readouterr().out.strip() == ""
