"""Shared set-up for the benchmarks: photo folders made from ../shared, and a model pack folder
that both FaceAlbum and InsightFace's FaceAnalysis can load."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACEALBUM_SHARED", REPO.parent / "shared"))
CELEB13 = SHARED / "datasets" / "celeb13"


def add_faces(catalog, vectors, start: int = 0, model: str = "bench") -> list[int]:
    """One photo with one face per vector (embedding only, no file behind it), numbered from
    ``start``; the new face ids, in order. The synthetic libraries of the grouping benchmarks."""
    with catalog.transaction():
        return [catalog.add_synthetic_face(catalog.add_photo(f"/bench/{start + i}.jpg", 100, 100), (0, 0, 80, 80),
                                           0.9, model, v) for i, v in enumerate(vectors)]


def dev_library(folder: Path):
    """The library `facealbum eval FOLDER` keeps for a dev set (built-in pack), scanned first
    when it holds no photo yet."""
    from facealbum.core.evaluation_runs import eval_library

    lib = eval_library(folder, None)
    if not lib.catalog.photos(status="done"):
        lib.scan([folder], group=False)
    return lib


def regrouped_dev_sets(folders: list[Path]):
    """For each dev set: (folder, its eval library, a throw-away copy of it regrouped at its
    calibrated cut, the copy's labels: face id -> identity). Each is closed once the next is asked
    for, so what the caller reads of them comes before that."""
    from facealbum.core.evaluation_runs import regrouped_copy

    for folder in folders:
        source = dev_library(folder)
        try:
            with regrouped_copy(source, folder, None) as (lib, truth):
                yield folder, source, lib, truth
        finally:
            source.close()


def sources() -> list[Path]:
    return sorted(p for p in CELEB13.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))


def make_large_photos(folder: Path, count: int, megapixels: float = 12.0) -> list[Path]:
    """12 MP phone-sized JPEGs: the shared photos upscaled onto a 4:3 canvas, with grain.

    Upscaling alone leaves smooth pictures that compress to 1 MB and decode unrealistically
    fast; a little luminance noise (sigma 4, like a phone sensor's) brings them to the 2-3 MB
    of a real 12 MP photo at quality 90, and to its decoding cost.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(12)
    width = int(round((megapixels * 1e6 * 4 / 3) ** 0.5))
    height = int(round(width * 3 / 4))
    out = []
    srcs = sources()
    for i in range(count):
        src = srcs[i % len(srcs)]
        target = folder / f"grain_{i:03d}.jpg"
        out.append(target)
        if target.exists():
            continue
        with Image.open(src) as img:
            img = img.convert("RGB")
            scale = min(width / img.width, height / img.height)
            big = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.BICUBIC)
            canvas = Image.new("RGB", (width, height), (128, 128, 128))
            canvas.paste(big, ((width - big.width) // 2, (height - big.height) // 2))
            pixels = np.asarray(canvas, np.int16)
            pixels += rng.normal(0, 4, (height, width, 1)).astype(np.int16)
            Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(target, quality=90)
    return out


def make_pack_folder(folder: Path) -> Path:
    """SCRFD-500MF from ../shared/models plus the built-in SFace written as a plain ONNX file.

    InsightFace routes the SFace file to its ArcFaceONNX class (112x112 input; its graph's own
    Sub/Mul make InsightFace feed raw RGB values, which is what SFace wants), so FaceAnalysis and
    FaceAlbum run the very same two models.
    """
    from facealbum.core.models.builtin import SFACE_FILE, _repaired_sface, builtin_dir

    folder.mkdir(parents=True, exist_ok=True)
    det = folder / "det_500m.onnx"
    if not det.exists():
        os.symlink(SHARED / "models" / "det_500m.onnx", det)
    rec = folder / "sface_2021dec.onnx"
    if not rec.exists():
        rec.write_bytes(_repaired_sface(str(builtin_dir() / SFACE_FILE)))
    return folder


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fmt_table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def unit_vectors(n: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def arguments(doc: str, *, faces: int | None = None, threshold: float | None = None,
              strict: float | None = None, folders: bool = False) -> argparse.ArgumentParser:
    """The options the benchmarks share, with each one's defaults: the synthetic library's size,
    the cut and the pack's strict cut where the benchmark takes them, the dev sets' folders
    (``folders``), and ``--out``."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    if folders:
        parser.add_argument("folders", type=Path, nargs="+")
    if faces is not None:
        parser.add_argument("--faces", type=int, default=faces)
    if threshold is not None:
        parser.add_argument("--threshold", type=float, default=threshold)
    if strict is not None:
        parser.add_argument("--strict", type=float, default=strict)
    parser.add_argument("--out", help="also write the result to this file")
    return parser


def report(text: str, out: str | None) -> None:
    """Print the result, and keep it in ``out`` too when asked."""
    print("\n" + text)
    if out:
        Path(out).write_text(text + "\n")
