"""Five-point face alignment to the 112x112 ArcFace template, and a face-quality score."""

from __future__ import annotations

import cv2
import numpy as np

# The ArcFace template (insightface.utils.face_align.arcface_dst): eyes, nose tip, mouth corners.
ARCFACE_TEMPLATE = np.array(
    [[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]],
    dtype=np.float64,
)


def similarity_transform(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares similarity (Umeyama 1991) mapping ``src`` points onto ``dst``; a 2x3 matrix."""
    src = np.asarray(src, dtype=np.float64)
    dst = np.asarray(dst, dtype=np.float64)
    src_mean, dst_mean = src.mean(0), dst.mean(0)
    src_c, dst_c = src - src_mean, dst - dst_mean
    cov = dst_c.T @ src_c / len(src)
    u, s, vt = np.linalg.svd(cov)
    d = np.ones(2)
    if np.linalg.det(cov) < 0:
        d[-1] = -1
    rot = u @ np.diag(d) @ vt
    var = (src_c**2).sum() / len(src)
    scale = (s * d).sum() / var if var > 0 else 1.0
    t = dst_mean - scale * rot @ src_mean
    return np.hstack([scale * rot, t[:, None]])


def align_face(image: np.ndarray, landmarks, size: int = 112) -> np.ndarray:
    """The aligned ``size`` x ``size`` crop of a face given its five landmarks."""
    dst = ARCFACE_TEMPLATE * (size / 112.0)
    matrix = similarity_transform(np.asarray(landmarks, dtype=np.float64).reshape(5, 2), dst)
    return cv2.warpAffine(image, matrix, (size, size), borderValue=0.0)


def quality_score(aligned: np.ndarray, landmarks, face_size: float, det_score: float) -> float:
    """0..1: how well suited a face is to seed a group (size, sharpness, frontal pose, detector confidence)."""
    gray = cv2.cvtColor(aligned, cv2.COLOR_BGR2GRAY) if aligned.ndim == 3 else aligned
    sharpness = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    sharp_factor = min(1.0, sharpness / 150.0)
    size_factor = float(np.clip((face_size - 24.0) / (80.0 - 24.0), 0.0, 1.0))
    pts = np.asarray(landmarks, dtype=np.float64).reshape(5, 2)
    eye_mid = (pts[0] + pts[1]) / 2
    eye_dist = np.linalg.norm(pts[1] - pts[0]) + 1e-6
    # The nose tip drifts sideways from between the eyes as the head turns.
    yaw = abs(pts[2, 0] - eye_mid[0]) / eye_dist
    pose_factor = float(np.clip(1.0 - (yaw - 0.15) / 0.45, 0.0, 1.0))
    score_factor = float(np.clip((det_score - 0.5) / 0.4, 0.0, 1.0))
    return round(sharp_factor ** 0.5 * size_factor * pose_factor * (0.5 + 0.5 * score_factor), 4)


def landmarks_from_box(box) -> np.ndarray:
    """Five points placed as in the ArcFace template inside ``box`` (for faces drawn by hand)."""
    x1, y1, x2, y2 = box
    side = max(x2 - x1, y2 - y1)
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    return (ARCFACE_TEMPLATE - 56.0) / 112.0 * side + np.array([cx, cy])
