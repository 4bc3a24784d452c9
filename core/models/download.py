"""Downloading an InsightFace pack on request: licence first, progress, sha256, atomic install.

InsightFace publishes no checksums for its zips. We pin the ones we know (none yet, so the
table is empty) and otherwise record the sha256 of what was downloaded in the pack's
SHA256SUMS, which ``integrity.verify_pack`` checks on later loads: a corrupted or swapped file is then
caught, and the user sees the digest to compare with a trusted copy.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ModelError
from ..i18n import _
from .base import file_sha256
from .packs import BUILTIN, INSIGHTFACE_LICENSE, SPECS, pack_folder

RELEASE_URL = "https://github.com/deepinsight/insightface/releases/download/v0.7/{name}.zip"
PINNED_SHA256: dict[str, str] = {}

Progress = Callable[[int, int], None]  # bytes done, bytes total (0 when unknown)


def license_text(name: str) -> str:
    return _(INSIGHTFACE_LICENSE)


def download_pack(name: str, models_dir: str | Path | None = None, *, accept_license: bool,
                  progress: Progress | None = None, url: str | None = None, timeout: float = 30) -> Path:
    if name == BUILTIN:
        raise ModelError(_("The built-in pack comes with FaceAlbum; there is nothing to download."))
    if name not in SPECS:
        raise ModelError(_("Unknown pack '{name}'. Packs that can be downloaded: ").format(name=name)
                         + ", ".join(n for n in SPECS if n != BUILTIN) + ".")
    if not accept_license:
        raise ModelError(_("The InsightFace licence must be accepted before downloading: ") + _(INSIGHTFACE_LICENSE))
    target = pack_folder(name, models_dir)
    url = url or RELEASE_URL.format(name=name)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{name}-") as tmp:
        archive = Path(tmp) / f"{name}.zip"
        digest = _fetch(url, archive, progress, timeout)
        pinned = PINNED_SHA256.get(name)
        if pinned and digest != pinned:
            raise ModelError(_("The download of {name} is corrupt (sha256 {digest}, expected {pinned}); nothing was installed.").format(name=name, digest=digest, pinned=pinned))
        staging = Path(tmp) / "pack"
        try:
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    if member.startswith("/") or ".." in Path(member).parts:
                        raise ModelError(_("The {name} archive holds an unsafe path ({member}); nothing was installed.").format(name=name, member=member))
                zf.extractall(staging)
        except zipfile.BadZipFile as exc:
            raise ModelError(_("The download of {name} is not a valid zip file; nothing was installed.").format(name=name)) from exc
        files = sorted(staging.rglob("*.onnx"))
        if not files:
            raise ModelError(_("The {name} archive holds no ONNX models; nothing was installed.").format(name=name))
        sums = [f"{digest}  {name}.zip"] + [f"{file_sha256(f)}  {f.relative_to(staging).as_posix()}" for f in files]  # not translated: a SHA256SUMS line
        (staging / "SHA256SUMS").write_text("\n".join(sums) + "\n")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staging), str(target))
    return target


def _fetch(url: str, dest: Path, progress: Progress | None, timeout: float) -> str:
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(dest, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done = 0
            while True:
                block = response.read(1 << 16)
                if not block:
                    break
                out.write(block)
                digest.update(block)
                done += len(block)
                if progress:
                    progress(done, total)
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelError(
            _("Cannot download {url}: {reason}. Check the internet connection, or copy the pack's files into the models folder by hand.").format(url=url, reason=reason)
        ) from exc
    return digest.hexdigest()


