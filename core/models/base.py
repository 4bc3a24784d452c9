"""What a model pack is: a face detector, a face recognizer, and the facts grouping needs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Detection:
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in the pixels given to detect()
    landmarks: np.ndarray  # (5, 2): eyes, nose tip, mouth corners
    score: float


class Detector(Protocol):
    id: str

    def detect(self, image: np.ndarray) -> list[Detection]:
        """Faces in a BGR uint8 image."""


class Recognizer(Protocol):
    id: str
    dim: int

    def embed(self, aligned: list[np.ndarray]) -> np.ndarray:
        """L2-normalised embeddings (n, dim) of aligned 112x112 BGR face crops."""


class Attributes(Protocol):
    def estimate(self, image: np.ndarray, box) -> tuple[float, str]:
        """(age in years, "F" or "M") for the face in ``box``."""


@dataclass
class ModelPack:
    name: str
    detector: Detector
    recognizer: Recognizer
    # Average-linkage cosine distance under which two groups are one person.
    threshold: float
    # Cosine similarity over which two single faces are judged the same person (compare/who).
    match_similarity: float
    license: str
    attributes: Attributes | None = None
    notes: list[str] = field(default_factory=list)


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
