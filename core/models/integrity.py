"""A downloaded pack's SHA256SUMS (written at download): checked each time the pack is loaded,
so a corrupted or swapped model file is refused with a sentence, not run."""

from __future__ import annotations

import functools
from pathlib import Path

from .base import file_sha256


@functools.lru_cache(maxsize=64)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    return file_sha256(path)


def _cached_sha256(path: Path) -> str:
    # A pack is loaded by every scan: hash each file once per process unless it changes.
    st = path.stat()
    return _sha256_of(str(path), st.st_size, st.st_mtime_ns)


def verify_pack(folder: str | Path) -> list[str]:
    """Files whose sha256 differs from the SHA256SUMS written at download (empty: all good)."""
    folder = Path(folder)
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        return []
    bad = []
    for line in sums.read_text().splitlines():
        expected, _, rel = line.partition("  ")
        path = folder / rel
        if rel.endswith(".zip") or not rel:
            continue
        if not path.is_file() or _cached_sha256(path) != expected:
            bad.append(rel)
    return bad
