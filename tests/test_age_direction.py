"""The built-in pack's embeddings without the age direction, and libraries embedded before it."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np

from conftest import t1_path
from facealbum.core.library import Library
from facealbum.core.models.age_direction import AGE_DIRECTION
from facealbum.core.models.builtin import RAW_SFACE_ID, SFACE_ID, builtin_recognizer
from facealbum.core.models.packs import load_pack
from facealbum.core.scan import Scanner


def test_a_library_embedded_before_is_converted_to_what_a_scan_makes_now(tmp_path):
    """A library whose faces carry the raw SFace embeddings (every library before the age
    direction came out) opens with the same embeddings a fresh scan makes now, and no rescan."""
    photo = t1_path()
    with Library(tmp_path / "now.sqlite") as now:
        now.scan([photo])
        ids_now, vectors_now = now.catalog.embeddings(now.model_id)
        assert now.model_id.startswith(SFACE_ID) and len(ids_now) == 6
    with Library(tmp_path / "before.sqlite") as before:
        pack = replace(load_pack("builtin"), recognizer=builtin_recognizer(age_free=False))
        assert pack.recognizer.id.startswith(RAW_SFACE_ID)
        before.catalog.set_setting("model:builtin", pack.recognizer.id)
        Scanner(before.catalog, pack).scan([photo])
        ids_raw, raw = before.catalog.embeddings(pack.recognizer.id)
        assert len(ids_raw) == 6 and np.abs(raw @ AGE_DIRECTION).max() > 0.01  # raw: has an age component
    shutil.copy(tmp_path / "before.sqlite", tmp_path / "opened.sqlite")
    with Library(tmp_path / "opened.sqlite") as opened:
        assert opened.catalog.embedding_models() == [opened.model_id] and opened.model_id.startswith(SFACE_ID)
        ids, vectors = opened.catalog.embeddings(opened.model_id)
        assert ids.tolist() == ids_raw.tolist()
        assert np.abs(vectors @ AGE_DIRECTION).max() < 1e-5
        # The same photo, the same faces in the same order: the same vectors as a scan now makes.
        assert np.allclose(vectors, vectors_now, atol=1e-4)
        assert opened.catalog.photos_missing_embeddings(opened.model_id) == set()
