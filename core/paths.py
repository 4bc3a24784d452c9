"""Where FaceAlbum keeps its files: one place, with an environment override that tests use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "FaceAlbum"
# Tests and portable installs point this at a folder of their own.
HOME_ENV = "FACEALBUM_HOME"


def data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return base


def default_library() -> Path:
    return data_dir() / "library.sqlite"


def cache_dir_for(library: Path) -> Path:
    """Face thumbnails live beside the catalog, so a library moved as a folder keeps them."""
    library = Path(library)
    return library.with_name(library.stem + ".cache")


def insightface_models_root() -> Path:
    override = os.environ.get("FACEALBUM_INSIGHTFACE_ROOT")
    if override:
        return Path(override)
    return Path.home() / ".insightface" / "models"
