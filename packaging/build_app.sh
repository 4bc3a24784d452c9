#!/usr/bin/env bash
# Build the one-folder FaceAlbum app with PyInstaller, then check the frozen app itself:
# --version, a scan of celeb13 with the frozen binary, and the window coming up under Xvfb.
#
#     bash packaging/build_app.sh            (from anywhere; about 10 minutes, 3 GB of disk)
#
# It builds in an environment of its own (build/app-venv) with FaceAlbum installed as users get
# it (not an editable install, whose import hooks PyInstaller cannot follow). The app lands in
# build/dist/FaceAlbum (FaceAlbum is its binary). Not run by CI (too long); run it before a release.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=build/app-venv
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q . "pyinstaller>=6.0"
# As in .ci/run: the GUI build of OpenCV that insightface pulls in carries Qt plugins of its own.
"$venv/bin/python" -m pip uninstall -y -q opencv-python || true
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps "opencv-python-headless>=4.8"
"$venv/bin/pyinstaller" --noconfirm --distpath build/dist --workpath build/pyinstaller packaging/facealbum.spec
bash packaging/check_app.sh build/dist/FaceAlbum/FaceAlbum
