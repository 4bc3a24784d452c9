"""InsightFace models (SCRFD / RetinaFace detectors, ArcFace recognizers, genderage) via its model_zoo."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from ..errors import ModelError
from ..i18n import _
from .base import Detection, file_sha256, normalize
from .runtime import providers, session_options


def _zoo_model(path: Path):
    try:
        from insightface.model_zoo import model_zoo
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ModelError(_("InsightFace packs need the 'insightface' package: pip install insightface")) from exc
    try:
        return model_zoo.get_model(str(path), providers=providers(), sess_options=session_options())
    except Exception as exc:
        raise ModelError(_("Cannot load {name}: {exc}").format(name=path.name, exc=exc)) from exc


class InsightDetector:
    def __init__(self, path: Path, det_size: int = 640, score_threshold: float = 0.5, model=None):
        self.path = Path(path)
        self.id = f"{self.path.stem}:{file_sha256(self.path)[:12]}"
        self._model = model or _zoo_model(self.path)
        if self._model is None or self._model.taskname != "detection":
            raise ModelError(_("{name} is not a face detector.").format(name=self.path.name))
        self._model.prepare(0, input_size=(det_size, det_size), det_thresh=score_threshold)
        self.det_size = det_size
        if hasattr(self._model, "_prepare_input_blob") and hasattr(self._model, "input_mean"):
            model = self._model
            model._prepare_input_blob = lambda img, size: _input_blob(img, size, model.input_mean, model.input_std)

    def detect(self, image: np.ndarray) -> list[Detection]:
        boxes, kps = self._model.detect(image, input_size=self._input_size(*image.shape[:2]))
        out = []
        for i in range(boxes.shape[0]):
            x1, y1, x2, y2, score = (float(v) for v in boxes[i])
            if kps is None:
                continue  # no landmarks, no alignment: a detector without keypoints is of no use here
            out.append(Detection((x1, y1, x2, y2), np.asarray(kps[i], np.float32), score))
        return out


    def _input_size(self, h: int, w: int) -> tuple[int, int]:
        """The smallest of a few fixed shapes that holds the photo at the detector's scale.

        A 4:3 photo runs at 640x480 instead of padded to 640x640 (a quarter less work for the
        same detail); the shapes are few because InsightFace builds a session per input shape.
        """
        d = self.det_size
        ratio = d / max(h, w)
        sw, sh = w * ratio, h * ratio
        # SCRFD's anchors need sides in multiples of 32.
        r43, r169 = -(-d * 3 // 4 // 32) * 32, -(-d * 9 // 16 // 32) * 32
        shapes = [(d, d), (d, r43), (r43, d), (d, r169), (r169, d)]
        fitting = [(x, y) for x, y in shapes if x + 1 >= sw and y + 1 >= sh]
        return min(fitting, key=lambda s: s[0] * s[1]) if fitting else (d, d)


def _input_blob(img: np.ndarray, size: tuple[int, int], mean: float, std: float) -> np.ndarray:
    """What cv2.dnn.blobFromImage(img, 1/std, size, (mean,)*3, swapRB=True) makes, 4x faster.

    blobFromImage took 5.6 ms of SCRFD's ~20 ms on a 640x480 input; copying the channels in
    reversed order into the planar array and normalising in place takes 1.5 ms.
    """
    if (img.shape[1], img.shape[0]) != tuple(size):
        img = cv2.resize(img, tuple(size))
    h, w = img.shape[:2]
    blob = np.empty((1, 3, h, w), np.float32)
    for c in range(3):
        blob[0, c] = img[:, :, 2 - c]
    blob -= mean
    blob *= 1.0 / std
    return blob


class ArcFaceRecognizer:
    def __init__(self, path: Path, model=None):
        self.path = Path(path)
        self.id = f"{self.path.stem}:{file_sha256(self.path)[:12]}"
        self._model = model or _zoo_model(self.path)
        if self._model is None or self._model.taskname != "recognition":
            raise ModelError(_("{name} is not a face recognizer.").format(name=self.path.name))
        self.dim = int(self._model.output_shape[-1]) if self._model.output_shape else 512
        batch = self._model.input_shape[0]
        self._batch = batch if isinstance(batch, int) and batch > 0 else 32

    def embed(self, aligned: list[np.ndarray]) -> np.ndarray:
        if not aligned:
            return np.empty((0, self.dim), np.float32)
        out = []
        for start in range(0, len(aligned), self._batch):
            out.append(self._model.get_feat(list(aligned[start:start + self._batch])))
        return normalize(np.concatenate(out))


class GenderAge:
    def __init__(self, path: Path, model=None):
        self._model = model or _zoo_model(Path(path))

    def estimate(self, image: np.ndarray, box) -> tuple[float, str]:
        class _Face(dict):
            __getattr__ = dict.get

        face = _Face(bbox=np.asarray(box, np.float32))
        gender, age = self._model.get(image, face)
        return float(age), "M" if int(gender) == 1 else "F"
