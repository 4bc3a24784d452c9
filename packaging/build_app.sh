#!/usr/bin/env bash
# Build the one-folder FaceAlbum app with PyInstaller, then check the frozen app itself:
# --version, a scan of celeb13 with the frozen binary, and the window coming up under Xvfb.
#
#     bash packaging/build_app.sh            (from the repository root, in an environment where
#                                             `pip install .` has been done; about 5-10 minutes)
#
# The app lands in build/dist/FaceAlbum (FaceAlbum is its binary). Not run by CI: it takes long
# and needs 1.5 GB of disk; run it before a release.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q "pyinstaller>=6.0"
pyinstaller --noconfirm --distpath build/dist --workpath build/pyinstaller packaging/facealbum.spec
bash packaging/check_app.sh build/dist/FaceAlbum/FaceAlbum
