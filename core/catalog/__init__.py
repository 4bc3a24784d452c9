"""The catalog: one SQLite file holding photos, faces, embeddings, people and corrections.

This package is the only place that speaks SQL (tests/test_architecture.py holds the rest of
FaceAlbum to that): every read and write the library, the scan, grouping, people operations and
the front ends need is a named method, grouped by what it is about. One ``Catalog`` per thread
(SQLite connections are not shared across threads); WAL lets the window read while a scan writes.
"""

from __future__ import annotations

from .assignments import AssignmentStore
from .connection import Connection
from .corrections import STATE_FORMAT, CorrectionStore
from .faces import FaceQueries
from .persons import PersonQueries
from .photos import PhotoQueries
from .rows import db_path, encode_landmarks, encode_vector, from_db_path
from .sidecars import SidecarStore

__all__ = ["Catalog", "STATE_FORMAT", "db_path", "from_db_path", "encode_vector", "encode_landmarks"]


class Catalog(Connection, PhotoQueries, FaceQueries, PersonQueries, CorrectionStore, AssignmentStore,
              SidecarStore):
    """The catalog of one library: open it, read and write it through the methods of its parts."""

    def __enter__(self) -> "Catalog":
        return self
