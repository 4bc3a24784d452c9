#!/usr/bin/env bash
# Check a frozen FaceAlbum binary: its version, a real scan of celeb13 with the built-in models
# inside it, and its window on an X display (Xvfb). Usage: packaging/check_app.sh PATH/TO/FaceAlbum
set -euo pipefail
app="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/.."
celeb13="${FACEALBUM_SHARED:-../shared}/datasets/celeb13"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export FACEALBUM_HOME="$work/home"  # the app's data folder, away from the user's

echo "== version"
"$app" --version | tee "$work/version"
grep -q "^FaceAlbum [0-9]" "$work/version"

echo "== a scan of celeb13 with the frozen binary"
cp -r "$celeb13" "$work/photos"
"$app" --library "$work/lib.sqlite" scan "$work/photos"
"$app" --library "$work/lib.sqlite" people --json > "$work/people.json"
python3 - "$work/people.json" <<'PY'
import json, sys
people = json.load(open(sys.argv[1]))["people"]
faces = sum(len(p["faces"]) for p in people)
print(f"{len(people)} people, {faces} faces in groups")
assert len(people) >= 10 and faces >= 50, "the frozen scan found too little"
PY

echo "== in Japanese: the CLI's catalog and the window's (and Qt's) translations are inside"
LANG=ja_JP.UTF-8 LANGUAGE= "$app" --library "$work/lib.sqlite" people | tee "$work/people-ja.txt" | tail -1
grep -q "人。" "$work/people-ja.txt"
dist="$(dirname "$app")"
for f in facealbum_ja.qm facealbum_en.qm qtbase_ja.qm facealbum.mo; do
  find "$dist" -name "$f" | grep -q . || { echo "$f is not in the frozen app"; exit 1; }
done
echo "translations bundled"

echo "== the window under Xvfb"
cat > "$work/window.sh" <<'SH'
"$1" --library "$2/lib.sqlite" & pid=$!
for i in $(seq 1 60); do
  if xwininfo -root -tree | grep -q '"FaceAlbum"'; then
    echo "window shown after ${i} s"; kill "$pid"; wait "$pid" || true; exit 0
  fi
  sleep 1
done
kill "$pid" || true
echo "no window after 60 s"
exit 1
SH
xvfb-run -a -s "-screen 0 1400x900x24" bash "$work/window.sh" "$app" "$work"

echo "== the window scanning a folder (its scan runs in a child process of the frozen binary)"
cp -r "$celeb13/Elon_Musk" "$work/one-person"
cat > "$work/scan.sh" <<'SH'
"$1" --library "$2/window.sqlite" "$2/one-person" & pid=$!
for i in $(seq 1 120); do
  n=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM faces').fetchone()[0])" \
      "$2/window.sqlite" 2>/dev/null || echo 0)
  if [ "${n:-0}" -gt 0 ]; then
    echo "faces in the catalog after ${i} s"; kill "$pid"; wait "$pid" || true; exit 0
  fi
  sleep 1
done
kill "$pid" || true
echo "the window's scan wrote no face in 120 s"
exit 1
SH
xvfb-run -a -s "-screen 0 1400x900x24" bash "$work/scan.sh" "$app" "$work"
echo "frozen app OK"
