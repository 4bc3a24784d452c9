"""Scan throughput: `facealbum scan` against the plain InsightFace loop, and against pure model time.

    python benchmarks/scan_bench.py [--large 48] [--repeat 3] [--rescan 10000] [--out results.md]

(a) photos/s of FaceAlbum's scan vs the loop from InsightFace's docs (FaceAnalysis + app.get on
    every fully decoded photo), same detector (SCRFD-500MF) and recognizer (SFace), same photos,
    in this one process: the figure is the ratio.
(b) the scan's wall time vs the sum of pure model-inference time (detect + embed on photos
    already decoded at the detector's scale): the overhead of everything else.
(c) a rescan of an unchanged folder of N photos (default 10,000): seconds, and model work done.
Each set runs on small photos (celeb13 as shipped, 400-4600 px) and on 12 MP JPEGs; (a) and (b)
run --repeat times, interleaved, and the table gives the median of each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from common import CELEB13, fmt_table, report, make_large_photos, make_pack_folder, sources  # noqa: E402


def warm_up(pack) -> None:
    """Load the models and build the detector's session for each photo shape before timing."""
    for h, w in ((480, 640), (640, 480), (360, 640), (640, 360), (640, 640)):
        pack.detector.detect(np.zeros((h, w, 3), np.uint8))
    pack.recognizer.embed([np.zeros((112, 112, 3), np.uint8)])


def insightface_loop(photos: list[Path], pack: Path) -> float:
    from insightface.app import FaceAnalysis

    from facealbum.core.models.runtime import providers

    # The same execution providers as FaceAlbum's scan: CUDA on both sides when onnxruntime-gpu
    # and a GPU are there (FACEALBUM_CPU_ONLY=1 keeps both on the CPU).
    gpu = "CUDAExecutionProvider" in providers()
    app = FaceAnalysis(name=str(pack), providers=providers())
    app.prepare(ctx_id=0 if gpu else -1, det_size=(640, 640))
    app.get(cv2.imread(str(photos[0])))  # warm-up, as for ours
    started = time.perf_counter()
    faces = 0
    for path in photos:
        img = cv2.imread(str(path))
        if img is None:
            continue
        faces += len(app.get(img))
    elapsed = time.perf_counter() - started
    print(f"  insightface loop: {len(photos)} photos, {faces} faces, {elapsed:.2f} s", flush=True)
    return elapsed


def facealbum_scan(folder: Path, pack: Path, workdir: Path) -> tuple[float, int]:
    from facealbum.core.library import Library

    lib_path = workdir / f"bench-{time.monotonic_ns()}.sqlite"
    with Library(lib_path) as lib:
        lib.set_pack(str(pack))
        warm_up(lib.pack())
        started = time.perf_counter()
        report = lib.scan([folder], group=False)
        elapsed = time.perf_counter() - started
    print(f"  facealbum scan: {report.processed} photos, {report.faces_added} faces, {elapsed:.2f} s", flush=True)
    return elapsed, report.processed


def model_only(photos: list[Path], pack: Path) -> float:
    """Detect + embed on pre-decoded images: the floor any scan of these photos pays."""
    from facealbum.core.align import align_face
    from facealbum.core.imaging import load_image
    from facealbum.core.models.packs import load_pack
    from facealbum.core.scan import DETECT_SIDE

    p = load_pack(str(pack))
    warm_up(p)
    images = [load_image(path, max_side=DETECT_SIDE).pixels for path in photos]
    total = 0.0
    for img in images:
        t = time.perf_counter()
        dets = p.detector.detect(img)
        crops = [align_face(img, d.landmarks) for d in dets]
        p.recognizer.embed(crops)
        total += time.perf_counter() - t
    return total


def rescan_bench(n: int, workdir: Path) -> tuple[float, float, int]:
    from facealbum.core.library import Library

    folder = workdir / f"rescan_{n}"
    folder.mkdir(exist_ok=True)
    tiny = cv2.imencode(".jpg", np.full((24, 32, 3), 127, np.uint8))[1].tobytes()
    for i in range(n):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(exist_ok=True)
        target = sub / f"p{i:05d}.jpg"
        if not target.exists():
            target.write_bytes(tiny[:-2] + i.to_bytes(4, "big") + tiny[-2:])  # distinct content
    for stale in workdir.glob("rescan.sqlite*"):
        stale.unlink()  # the first scan must really be a first scan
    with Library(workdir / "rescan.sqlite") as lib:
        t = time.perf_counter()
        first = lib.scan([folder], group=False)
        first_s = time.perf_counter() - t
        t = time.perf_counter()
        again = lib.scan([folder], group=False)
        rescan_s = time.perf_counter() - t
        # What reading names costs a rescan: the same rescan without (stamps of sidecars and
        # Picasa files), and the first rescan after an upgrade, when no photo's names were read.
        t = time.perf_counter()
        lib.scan([folder], group=False, read_names=False)
        no_names_s = time.perf_counter() - t
        lib.catalog.execute("UPDATE photos SET names_stamp = NULL")
        t = time.perf_counter()
        lib.scan([folder], group=False)
        upgrade_s = time.perf_counter() - t
    print(f"  first scan of {first.found} photos {first_s:.1f} s; unchanged rescan {rescan_s:.2f} s, "
          f"model work {again.model_work}; without reading names {no_names_s:.2f} s "
          f"({rescan_s / max(no_names_s, 1e-9):.2f}x); first rescan after an upgrade (every photo's "
          f"names read once) {upgrade_s:.2f} s", flush=True)
    return first_s, rescan_s, again.model_work


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", type=int, default=48, help="how many 12 MP photos to make (0: skip)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (b) per set; medians reported")
    parser.add_argument("--rescan", type=int, default=10000, help="photos in the rescan test (0: skip)")
    parser.add_argument("--workdir", help="keep generated photos here between runs")
    parser.add_argument("--out", help="write the table (Markdown) here too")
    args = parser.parse_args()
    os.environ.setdefault("FACEALBUM_HOME", tempfile.mkdtemp(prefix="facealbum-bench-home-"))
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="facealbum-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    pack = make_pack_folder(workdir / "pack")
    sets = [("small (celeb13, 400-4600 px)", CELEB13, sources())]
    if args.large:
        large = workdir / f"grain12mp-{args.large}"
        sets.append((f"large (12 MP JPEG) x{args.large}", large, make_large_photos(large, args.large)))
    rows = []
    for name, folder, photos in sets:
        print(f"{name}:", flush=True)
        ours, theirs, models = [], [], []
        for _ in range(args.repeat):
            seconds, processed = facealbum_scan(folder, pack, workdir)
            ours.append(seconds)
            theirs.append(insightface_loop(photos, pack))
            models.append(model_only(photos, pack))
        o, t, m = (float(np.median(x)) for x in (ours, theirs, models))
        rows.append([name, f"{processed / o:.2f}", f"{len(photos) / t:.2f}", f"{t / o:.2f}x",
                     f"{m:.2f} s", f"{o:.2f} s", f"{(o - m) / m * 100:+.0f}%"])
    table = fmt_table(rows, ["photos", "FaceAlbum photos/s", "InsightFace loop photos/s", "speed-up",
                             "model time", "scan time", "overhead vs models"])
    lines = [table]
    if args.rescan:
        print(f"rescan of {args.rescan} unchanged photos:", flush=True)
        first_s, rescan_s, work = rescan_bench(args.rescan, workdir)
        lines.append(f"\nUnchanged rescan of {args.rescan} photos: {rescan_s:.2f} s "
                     f"(first scan {first_s:.1f} s; photos given model work on rescan: {work}).")
    import onnxruntime

    from facealbum.core.models.runtime import providers

    lines.append(f"\nCPU: {os.cpu_count()} cores; onnxruntime {onnxruntime.__version__}; both sides ran on "
                 f"{providers()[0]}")
    text = "\n".join(lines)
    report(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
