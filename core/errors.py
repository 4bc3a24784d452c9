"""Typed errors the core raises; the CLI and the window turn them into sentences for the user."""


class FaceAlbumError(Exception):
    """Base class: the message is a full sentence meant for the user."""


class CatalogError(FaceAlbumError):
    """The catalog file cannot be opened, migrated or written."""


class ModelError(FaceAlbumError):
    """A model pack is missing, broken or cannot run."""


class ImageError(FaceAlbumError):
    """A photo cannot be decoded; the message is the one-line reason recorded on the photo."""


class NotFound(FaceAlbumError):
    """A person, face or photo the caller named does not exist."""


class OperationError(FaceAlbumError):
    """A people operation that makes no sense (merging a person into itself, say)."""
