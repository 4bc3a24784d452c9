"""The command line over a real folder: exit codes, messages and the JSON scripts rely on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from facealbum.cli.main import main as cli

from conftest import CELEB13


def test_scan_people_json_person_export(tmp_path, capsys):
    photos = tmp_path / "photos"
    for ident in ("Elon_Musk", "Jeff_Bezos"):
        shutil.copytree(CELEB13 / ident, photos / ident)
    lib = ["--library", str(tmp_path / "lib.sqlite")]
    assert cli(["scan", str(photos), *lib]) == 0
    assert "photos found" in capsys.readouterr().out
    assert cli(["people", "--json", *lib]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"people", "unassigned"}
    assert len(data["people"]) == 2
    for person in data["people"]:
        assert set(person) == {"id", "name", "hidden", "faces"}
        for face in person["faces"]:
            assert set(face) == {"id", "photo", "box", "score"}
            assert os.path.isabs(face["photo"]) and len(face["box"]) == 4
            x1, y1, x2, y2 = face["box"]
            assert 0 <= x1 < x2 and 0 <= y1 < y2
    first = data["people"][0]
    ident = os.path.basename(os.path.dirname(first["faces"][0]["photo"]))
    assert cli(["person", "rename", str(first["id"]), ident, *lib]) == 0
    assert cli(["person", "rename", "999", "Nobody", *lib]) == 1
    assert "No person with id 999" in capsys.readouterr().err
    dest = tmp_path / "albums"
    assert cli(["export", str(dest), "--all", *lib]) == 0
    assert len(list((dest / ident).glob("*.jpg"))) == len({f["photo"] for f in first["faces"]})
    assert cli(["export", str(dest), "--all", *lib]) == 0
    assert "0 photos written" in capsys.readouterr().out
    assert cli(["person", "undo", *lib]) == 0
    assert f"Undone: Rename to {ident}" in capsys.readouterr().out
    from facealbum.core.catalog import Catalog

    with Catalog(tmp_path / "lib.sqlite") as cat:
        assert cat.person(first["id"]).name is None
    # A name someone already has merges the two, in one undo step (two people never share a name).
    second = data["people"][1]
    assert cli(["person", "rename", str(first["id"]), "Ann", *lib]) == 0
    capsys.readouterr()
    assert cli(["person", "rename", str(second["id"]), "Ann", *lib]) == 0
    assert f"person {second['id']} is merged into person {first['id']}" in capsys.readouterr().out
    with Catalog(tmp_path / "lib.sqlite") as cat:
        assert [p.id for p in cat.people() if p.name == "Ann"] == [first["id"]]
        assert len(cat.faces(person_id=first["id"])) == len(first["faces"]) + len(second["faces"])
    assert cli(["person", "undo", *lib]) == 0
    with Catalog(tmp_path / "lib.sqlite") as cat:
        assert len(cat.faces(person_id=second["id"])) == len(second["faces"])


def test_usage_errors_and_models(tmp_path, capsys):
    lib = ["--library", str(tmp_path / "lib.sqlite")]
    assert cli(["export", str(tmp_path / "x"), *lib]) == 2
    assert cli(["models", *lib]) == 0
    out = capsys.readouterr().out
    assert "builtin" in out and "available" in out and "buffalo_l" in out
    assert cli(["models", "download", "buffalo_l", *lib]) == 1  # no --yes and no terminal
    assert cli(["scan", "--pack", "no_such_pack", str(tmp_path), *lib]) == 1
    assert "Unknown model pack" in capsys.readouterr().err


def test_download_offline_fails_with_a_sentence(tmp_path):
    from facealbum.core.errors import ModelError
    from facealbum.core.models.download import download_pack

    try:
        download_pack("buffalo_sc", tmp_path, accept_license=True, url="http://127.0.0.1:9/buffalo_sc.zip", timeout=5)
    except ModelError as exc:
        assert "Cannot download" in str(exc) and "internet" in str(exc)
    else:
        raise AssertionError("an unreachable download must fail")
    assert not (tmp_path / "buffalo_sc").exists()


def test_console_script_runs(tmp_path):
    env = dict(os.environ, FACEALBUM_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "facealbum.cli", "models"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0 and "builtin" in out.stdout


def test_which_arguments_open_the_window():
    """No command opens the window, with the library and folders given; a command never does."""
    from facealbum.cli.main import _wants_window

    assert _wants_window([]) and _wants_window(["~/Pictures"]) and _wants_window(["--window", "scan"])
    assert _wants_window(["--library", "lib.sqlite", "~/Pictures"]) and _wants_window(["--library=lib.sqlite"])
    assert not _wants_window(["scan", "~/Pictures"]) and not _wants_window(["--library", "lib.sqlite", "people"])
    assert not _wants_window(["--version"]) and not _wants_window(["-h"])
