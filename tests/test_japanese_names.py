"""Japanese folder, file and person names everywhere: scan, names, export and its manifest.csv,
also names in decomposed Unicode (NFD) as macOS writes them."""

from __future__ import annotations

import csv
import hashlib
import shutil
import unicodedata

from facealbum.cli.main import main as cli
from facealbum.core.library import Library

from conftest import t1_path

GRANDMA = "おばあちゃん"
PORTRAIT = "ポートレート"  # has a dakuten-free kana and a handakuten one (ポ): NFD splits it


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_japanese_and_decomposed_names_scan_name_and_export(tmp_path, capsys):
    folder = tmp_path / "家族の写真" / "二〇二四年"
    folder.mkdir(parents=True)
    composed = folder / "写真１.jpg"
    decomposed = folder / (unicodedata.normalize("NFD", PORTRAIT) + ".jpg")
    assert decomposed.name != unicodedata.normalize("NFC", decomposed.name)
    shutil.copy(t1_path(), composed)
    shutil.copy(t1_path(), decomposed)
    library = tmp_path / "ライブラリ.sqlite"
    with Library(library) as lib:
        report = lib.scan([tmp_path / "家族の写真"])
        assert report.found == 2 and not report.errors
        for path in (composed, decomposed):
            photo = lib.catalog.photo_by_path(str(path))
            assert photo is not None and photo.status == "done" and len(lib.catalog.faces(photo_id=photo.id)) == 6
        first = [min(lib.catalog.faces(photo_id=lib.catalog.photo_by_path(str(p)).id), key=lambda f: f.box[0])
                 for p in (composed, decomposed)]
        # Typed decomposed (macOS) for one photo, composed for the other: one person.
        lib.people.name_faces([first[0].id], unicodedata.normalize("NFD", GRANDMA + "ぐ"))
        lib.people.name_faces([first[1].id], unicodedata.normalize("NFC", GRANDMA + "ぐ"))
        named = [p for p in lib.catalog.people() if p.name]
        assert [(p.name, p.face_count) for p in named] == [(GRANDMA + "ぐ", 2)]
        assert lib.catalog.person_by_name(unicodedata.normalize("NFD", GRANDMA + "ぐ")).id == named[0].id
    albums = tmp_path / "アルバム"
    assert cli(["--library", str(library), "export", str(albums), "--all"]) == 0
    assert "2 photos written" in capsys.readouterr().out
    album = albums / (GRANDMA + "ぐ")
    with open(album / "manifest.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(r["source"] for r in rows) == sorted([str(composed), str(decomposed)])
    copies = sorted(p for p in album.iterdir() if p.suffix == ".jpg")
    assert len(copies) == 2 and all(digest(c) == digest(composed) for c in copies)
    assert cli(["--library", str(library), "person", "rename", GRANDMA + "ぐ", "祖母"]) == 0
    assert "祖母" in capsys.readouterr().out
