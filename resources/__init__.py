"""Icons and other files the window shows (SVG, made for FaceAlbum)."""

from pathlib import Path

ROOT = Path(__file__).parent


def icon_path(name: str) -> str:
    return str(ROOT / "icons" / f"{name}.svg")
