"""FaceAlbum core: a Qt-free library for cataloguing photos, finding faces and grouping people.

Everything here returns plain data (dataclasses, numpy arrays) and reports progress through
callbacks; the CLI (``facealbum.cli``) and the window (``facealbum.gui``) sit on top of it.
"""

__version__ = "0.1.0"
