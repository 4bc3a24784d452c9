#!/usr/bin/env bash
# Validate the Linux desktop integration: the .desktop entry and the AppStream metainfo.
# (Debian: apt install desktop-file-utils appstream.)  tests/test_packaging.py runs the same.
set -euo pipefail
cd "$(dirname "$0")/linux"
desktop-file-validate io.github.facealbum.FaceAlbum.desktop
appstreamcli validate --no-net io.github.facealbum.FaceAlbum.metainfo.xml
echo "desktop entry and metainfo valid"
