"""Content hashes: how a moved or renamed photo is recognised."""

from __future__ import annotations

import hashlib


def content_hash(path: str, chunk: int = 1 << 20) -> str:
    """blake2b of the whole file: how a moved or renamed photo is recognised."""
    digest = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def bytes_hash(data: bytes) -> str:
    """content_hash of a file already read."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()
