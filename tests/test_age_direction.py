"""The built-in pack's embeddings without the age direction, and libraries embedded before it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np

from conftest import CELEB13
from facealbum.core.library import Library
from facealbum.core.models.age_direction import AGE_DIRECTION
from facealbum.core.models.builtin import (AGEFREE_SFACE_ID, RAW_SFACE_ID, SFACE_FILE, SFACE_ID, SFaceRecognizer,
                                          builtin_dir, builtin_recognizer)
from facealbum.core.models.packs import load_pack
from facealbum.core.scan import Scanner


def test_a_library_embedded_before_keeps_its_people_and_the_next_scan_embeds_it_again(tmp_path):
    """A library whose faces carry the raw SFace embeddings (every library before the age direction
    came out) opens with the age-free ones, the same a scan made then, and no rescan. The mirrored
    embeddings the pack makes now need the pixels: the next scan embeds every photo it can read
    again, the faces and people stay (a face on a photo that is not there keeps its person), and
    the older vectors go once every face has new ones."""
    photos = tmp_path / "Angelina_Jolie"
    shutil.copytree(CELEB13 / "Angelina_Jolie", photos)
    single = SFaceRecognizer(builtin_dir() / SFACE_FILE, age_free=True, mirrored=False)
    with Library(tmp_path / "agefree.sqlite") as agefree:  # what a scan made before the mirror image
        agefree.catalog.set_setting("model:builtin", single.id)
        Scanner(agefree.catalog, replace(load_pack("builtin"), recognizer=single)).scan([str(photos)])
        ids_agefree, vectors_agefree = agefree.catalog.embeddings(single.id)
    with Library(tmp_path / "before.sqlite") as before:
        pack = replace(load_pack("builtin"), recognizer=builtin_recognizer(age_free=False))
        assert pack.recognizer.id.startswith(RAW_SFACE_ID)
        before.catalog.set_setting("model:builtin", pack.recognizer.id)
        Scanner(before.catalog, pack).scan([str(photos)])
        ids_raw, raw = before.catalog.embeddings(pack.recognizer.id)
        assert len(ids_raw) >= 8 and np.abs(raw @ AGE_DIRECTION).max() > 0.01  # raw: has an age component
    with Library(tmp_path / "before.sqlite") as opened:
        assert opened.model_id.startswith(AGEFREE_SFACE_ID) and opened.catalog.embedding_models() == [opened.model_id]
        ids, vectors = opened.catalog.embeddings(opened.model_id)
        assert ids.tolist() == ids_raw.tolist() == ids_agefree.tolist()
        assert np.abs(vectors @ AGE_DIRECTION).max() < 1e-5
        assert np.allclose(vectors, vectors_agefree, atol=1e-4)  # the same vectors a scan made then
        opened.regroup()
        placed = {f.id: f.person_id for f in opened.catalog.faces()}
        grouped = [f for f, p in placed.items() if p is not None]
        assert len(grouped) >= 6
        # The pack now in use has embedded nothing yet (the scan that will is to come, or under way):
        # a regroup keeps every face where it was.
        assert opened.pack().recognizer.id == opened.model_id and opened.model_id.startswith(SFACE_ID)
        assert len(opened.catalog.photos_missing_embeddings(opened.model_id)) == len(list(photos.iterdir()))
        opened.regroup()
        assert {f.id: f.person_id for f in opened.catalog.faces()} == placed
        away = opened.catalog.photo(opened.catalog.face(grouped[0]).photo_id).path
        Path(away).rename(tmp_path / "away.jpg")  # on a drive that is not plugged in

        report = opened.scan([str(photos)])
        assert opened.model_id.startswith(SFACE_ID) and report.reembedded == len({
            opened.catalog.face(f).photo_id for f in placed}) - 1
        assert {f.id for f in opened.catalog.faces()} == set(placed)
        opened.regroup()
        assert opened.catalog.face(grouped[0]).person_id == placed[grouped[0]]  # not there: left as it was
        assert sum(1 for f in opened.catalog.faces() if f.person_id is not None) >= len(grouped) - 1
        assert set(opened.catalog.embedding_models()) == {opened.model_id, AGEFREE_SFACE_ID + opened.model_id.split(":")[1]}

        (tmp_path / "away.jpg").rename(away)  # back again: embedded, and the old vectors go
        opened.scan([str(photos)])
        assert opened.catalog.embedding_models() == [opened.model_id]
        assert opened.catalog.photos_missing_embeddings(opened.model_id) == set()
