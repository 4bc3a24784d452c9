"""What embedding each face mirrored too costs a scan with the built-in pack (YuNet + SFace).

    python benchmarks/mirror_bench.py [--large 24] [--repeat 2] [--out results.md]

The built-in SFace embeds every face as it is and mirrored, and averages the two (grouping quality:
README "Grouping"). Here the same photos are scanned into fresh libraries with the pack as it is
and with the face as it is only, interleaved, in this one process: the figure is the ratio of the
medians. Small photos (celeb13 as shipped and the first 300 of lfw-dev, 250 px) spend most of a
scan in the recognizer; 12 MP JPEGs spend more of it decoding.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from common import SHARED, arguments, fmt_table, make_large_photos, report, sources  # noqa: E402


def scan_seconds(photos: list[Path], recognizer, workdir: Path) -> tuple[float, int]:
    from facealbum.core.catalog import Catalog
    from facealbum.core.models.packs import load_pack
    from facealbum.core.scan import Scanner

    pack = replace(load_pack("builtin"), recognizer=recognizer)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        catalog = Catalog(Path(tmp) / "lib.sqlite")
        try:
            started = time.perf_counter()
            result = Scanner(catalog, pack).scan([str(p) for p in photos])
            return time.perf_counter() - started, result.faces_added
        finally:
            catalog.close()


def main() -> int:
    parser = arguments(__doc__)
    parser.add_argument("--large", type=int, default=24, help="how many 12 MP photos to make (0: skip)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from facealbum.core.models.builtin import SFACE_FILE, SFaceRecognizer, builtin_dir

    workdir = Path(tempfile.mkdtemp(prefix="facealbum-mirror-"))
    mirrored = SFaceRecognizer(builtin_dir() / SFACE_FILE)
    single = SFaceRecognizer(builtin_dir() / SFACE_FILE, mirrored=False)
    lfw = sorted((SHARED / "datasets" / "lfw-dev").glob("*/*.jpg"))[:300]
    sets = [("celeb13 (61 photos, 400-4600 px)", sources()), ("lfw-dev, first 300 (250 px)", lfw)]
    if args.large:
        sets.append((f"12 MP JPEG x{args.large}", make_large_photos(workdir / "large", args.large)))
    for r in (single, mirrored):
        r.embed([np.zeros((112, 112, 3), np.uint8)])
    rows = []
    for name, photos in sets:
        runs: dict[str, list[float]] = {"single": [], "mirrored": []}
        for _ in range(args.repeat):
            for label, recognizer in (("single", single), ("mirrored", mirrored)):
                seconds, faces = scan_seconds(photos, recognizer, workdir)
                runs[label].append(seconds)
                print(f"  {name}: {label} {seconds:.2f} s, {faces} faces", flush=True)
        s, m = (float(np.median(runs[k])) for k in ("single", "mirrored"))
        rows.append([name, str(faces), f"{s:.2f} s", f"{m:.2f} s", f"{m / s:.2f}x"])
    report(fmt_table(rows, ["photos", "faces", "face as it is", "and mirrored (the pack)", "ratio"]), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
