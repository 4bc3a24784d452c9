"""Where the window keeps what belongs to the user rather than to a library: geometry, language."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from facealbum.core.paths import data_dir


def window_settings() -> QSettings:
    # Beside the default library, so FACEALBUM_HOME isolates tests and portable installs.
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)
