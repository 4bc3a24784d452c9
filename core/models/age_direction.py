"""The direction in which an SFace embedding moves as a child grows up, projected out of every one.

A child's face and the same person's adult face are far apart for SFace (LAG dev: mean cosine
similarity 0.33 between them, 0.67 between two adult photos of one person), and two different
children sit closer together than two different adults (0.145 against 0.098). Much of that is one
direction: the mean, over people, of (their child faces' mean - their adult faces' mean). Taking
it out of every embedding (nuisance attribute projection, as speaker recognition does with channel
directions) and normalizing again brings a child's and the adult's faces closer (0.33 -> 0.37)
and different children apart (0.145 -> 0.101), and leaves adults as they were.

Measured with ``python benchmarks/age_direction.py --lag DIR``, the direction learned on one half
of LAG dev's people and tested on the other half (average linkage at the pack's 0.56): B3 F
0.700 -> 0.725 and 0.706 -> 0.745; lfw-dev and blackpink (adults; direction from all of LAG dev,
``--also``) 0.9902 -> 0.9898 at 0.56 and 0.9689 -> 0.9687 at blackpink's calibrated 0.76. Two or more directions gained a little more on LAG and
lost on blackpink. The values below are that script's, from all 502 LAG dev people with photos
of both ages (``--write`` regenerates this file).
"""

from __future__ import annotations

import numpy as np

AGE_DIRECTION = np.array([
    +0.026059, +0.001751, +0.045125, +0.007621, -0.050851, +0.052607, -0.037185, -0.202302,
    +0.005679, +0.054600, +0.075260, +0.149605, +0.008864, +0.018885, +0.068464, +0.050698,
    -0.011206, -0.011154, +0.069208, -0.022308, +0.112978, -0.047358, +0.076065, +0.012556,
    +0.043308, -0.002363, -0.100702, -0.083677, +0.118473, -0.055525, +0.076087, -0.153061,
    -0.019930, +0.051908, -0.124368, -0.009838, +0.010752, +0.032952, +0.035534, -0.004682,
    -0.061459, +0.061936, -0.021812, -0.110319, +0.040785, -0.121122, +0.089685, -0.070564,
    +0.020166, +0.089691, +0.059435, -0.122130, -0.022467, -0.034492, +0.024630, +0.104821,
    -0.024946, -0.196185, +0.011282, +0.033151, +0.034751, -0.157945, -0.003938, -0.095970,
    +0.099984, +0.053979, +0.122432, -0.026408, -0.116389, +0.130294, -0.104332, +0.022303,
    +0.049478, -0.151060, -0.007957, +0.097150, +0.123510, -0.089903, -0.131986, -0.137360,
    +0.093125, -0.079039, -0.060236, -0.055403, -0.067527, +0.077211, -0.010352, -0.099883,
    +0.010180, -0.138026, -0.102794, -0.059416, -0.091610, +0.196701, +0.021767, -0.173670,
    -0.159049, +0.004256, +0.012640, +0.092048, -0.100026, +0.054748, +0.064341, +0.106141,
    +0.002302, +0.000389, +0.104182, -0.180103, -0.043868, +0.085206, +0.013199, +0.061347,
    -0.081461, -0.153394, -0.056685, -0.153976, -0.086584, +0.069555, -0.206373, +0.079392,
    +0.143423, -0.054808, -0.044036, +0.000107, -0.016679, -0.025412, -0.147864, -0.169763,
], np.float32)


def without_age(vectors: np.ndarray) -> np.ndarray:
    """Unit rows with their component along AGE_DIRECTION removed."""
    v = np.asarray(vectors, np.float32)
    v = v - np.outer(v @ AGE_DIRECTION, AGE_DIRECTION)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
