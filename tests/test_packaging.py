"""The app as people install it: the desktop entry and AppStream metainfo validate with the
desktop's own tools, the icon exists in every hicolor size, and both commands are installed."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO

LINUX = REPO / "packaging" / "linux"
APP_ID = "io.github.facealbum.FaceAlbum"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils")
def test_the_desktop_entry_validates():
    out = subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True)
    assert out.returncode == 0 and not out.stdout.strip(), out.stdout + out.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstream (appstreamcli)")
def test_the_appstream_metainfo_validates():
    out = subprocess.run(["appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_metainfo_desktop_entry_and_window_name_the_same_app():
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    entry = (LINUX / f"{APP_ID}.desktop").read_text()
    assert f"Icon={APP_ID}" in entry and "Exec=facealbum" in entry
    assert f'setDesktopFileName("{APP_ID}")' in (REPO / "gui" / "app.py").read_text()


def test_the_icon_is_there_in_every_hicolor_size():
    for size in SIZES:
        with Image.open(LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as icon:
            assert icon.size == (size, size) and icon.mode == "RGBA"
    assert (LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").exists()


def test_both_commands_are_installed_entry_points():
    if sys.version_info < (3, 11):
        pytest.skip("tomllib is Python 3.11+")
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    targets = {**project["scripts"], **project["gui-scripts"]}
    assert set(targets) == {"facealbum", "facealbum-gui"}
    for target in targets.values():
        module, _, function = target.partition(":")
        assert callable(getattr(importlib.import_module(module), function))
    scripts = {p.name for p in Path(sys.executable).parent.iterdir()}
    assert {"facealbum", "facealbum-gui"} <= scripts, "pip installs both commands beside the interpreter"
