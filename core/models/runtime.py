"""onnxruntime sessions: every core on the CPU, CUDA or CoreML when their builds are installed."""

from __future__ import annotations

import os

import onnxruntime as ort

_PREFERRED = ("CUDAExecutionProvider", "CoreMLExecutionProvider", "CPUExecutionProvider")


def providers() -> list[str]:
    if os.environ.get("FACEALBUM_CPU_ONLY"):
        return ["CPUExecutionProvider"]
    available = set(ort.get_available_providers())
    return [p for p in _PREFERRED if p in available] or ["CPUExecutionProvider"]


def session_options(threads: int | None = None) -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or (os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    if not os.environ.get("FACEALBUM_ORT_SPIN"):
        # onnxruntime's pool threads spin for a while after every run. A scan alternates two
        # sessions with numpy/OpenCV work and decoding in between, so the spinning threads of the
        # idle session steal the cores the working one needs: on 2 cores, detecting and embedding
        # 61 photos took 4.0 s spinning and 1.9 s not (benchmarks/scan_bench.py measures both).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return options


def make_session(model, threads: int | None = None) -> ort.InferenceSession:
    """``model`` is a path or the serialized bytes of an ONNX model."""
    if not isinstance(model, (bytes, bytearray)):
        model = str(model)
    return ort.InferenceSession(model, session_options(threads), providers=providers())
