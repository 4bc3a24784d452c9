"""A photo library: the catalog, its thumbnail cache and the active model pack, tied together.

The CLI and the window both work through this; it owns no threads.
"""

from __future__ import annotations

import time
from pathlib import Path

from . import calibration, grouping
from .calibration import Calibration
from .catalog import Catalog
from .export import ExportReport, export_albums
from .i18n import _
from .models.base import ModelPack
from .models.packs import BUILTIN, SPECS, load_pack, resolve_pack_name
from .paths import cache_dir_for, default_library
from .people import People
from .scan import Scanner, ScanReport
from .thumbnails import ThumbnailCache


# Past this share of ungrouped faces, a scan's new faces are regrouped with everyone else.
FULL_REGROUP_SHARE = 0.25


# Setting: read face regions and person names from the photos' metadata on every scan (on by default).
READ_NAMES = "metadata:read_names"

class Library:
    def __init__(self, path: str | Path | None = None, models_dir: str | Path | None = None):
        self.path = Path(path).expanduser() if path else default_library()
        self.catalog = Catalog(self.path)
        upgrade_embeddings(self.catalog)
        self.thumbnails = ThumbnailCache(cache_dir_for(self.path))
        self.people = People(self.catalog)
        self.models_dir = models_dir or self.catalog.get_setting("models_dir")
        self._pack: ModelPack | None = None

    def close(self) -> None:
        self.catalog.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- model pack and grouping settings -------------------------------------------------
    @property
    def pack_name(self) -> str:
        return self.catalog.get_setting("pack", BUILTIN)

    def set_pack(self, name_or_folder: str | None) -> str:
        key = resolve_pack_name(name_or_folder, self.models_dir)
        if key != self.pack_name:
            self.catalog.set_setting("pack", key)
            self._pack = None
        return key

    def pack(self) -> ModelPack:
        if self._pack is None:
            self._pack = load_pack(self.pack_name, self.models_dir)
            key = f"model:{self.pack_name}"
            if self.catalog.get_setting(key) != self._pack.recognizer.id:
                self.catalog.set_setting(key, self._pack.recognizer.id)
        return self._pack

    @property
    def model_id(self) -> str:
        """The active recognizer's id; read from the catalog when known, so the window loads no model."""
        if self._pack is None:
            known = self.catalog.get_setting(f"model:{self.pack_name}")
            if known:
                return known
        return self.pack().recognizer.id

    def default_threshold(self) -> float:
        spec = SPECS.get(self.pack_name)
        return spec.threshold if spec else self.pack().threshold

    def threshold_override(self) -> float | None:
        """The threshold the user set by hand (the strictness slider, ``--threshold``), if any."""
        override = self.catalog.get_setting(f"threshold:{self.pack_name}")
        return None if override is None else float(override)

    def cuts(self) -> tuple[float, float | None]:
        """(threshold, trusted cut), read together: the user's own threshold, whose looser part is
        trusted by the faces behind a merge (no trusted cut); else this library's calibrated one
        and the cut it trusts for any merge (Calibration.trusted); else the pack's default."""
        override = self.threshold_override()
        if override is not None:
            return override, None
        found = self.calibration()
        return (found.threshold, found.trusted) if found is not None else (self.default_threshold(), None)

    def threshold(self) -> float:
        """The user's own threshold; else this library's calibrated one; else the pack's default."""
        return self.cuts()[0]

    def trusted_threshold(self) -> float | None:
        """The cut calibration trusts for any merge; none where the user set the threshold by hand."""
        return self.cuts()[1]

    def calibration(self) -> Calibration | None:
        return calibration.load(self.catalog, self.model_id)

    def calibrate(self) -> Calibration:
        """Choose this library's threshold from its own faces and the user's answers, and keep it."""
        found = calibration.calibrate(self.catalog, self.model_id, self.default_threshold())
        calibration.save(self.catalog, self.model_id, found)
        return found

    def set_threshold(self, value: float | None) -> None:
        key = f"threshold:{self.pack_name}"
        if value is None:
            self.catalog.delete_setting(key)
        else:
            if not 0.05 <= value <= 1.5:
                raise ValueError(_("The grouping threshold is a cosine distance between 0.05 and 1.5."))
            self.catalog.set_setting(key, float(value))

    # -- work -----------------------------------------------------------------------------
    def scanner(self, **options) -> Scanner:
        options.setdefault("read_names", bool(self.catalog.get_setting(READ_NAMES, True)))
        return Scanner(self.catalog, self.pack(), self.thumbnails, **options)

    def scan(self, roots, progress=None, cancel=None, group: bool = True, *, skip=(),
             group_every_s: float | None = None, grouped=None, **options) -> ScanReport:
        """Scan ``roots``, then place the new faces (:meth:`update_groups`) unless ``group`` is off.

        With ``group_every_s`` (the window's scan), people also appear and grow while the scan
        runs; ``grouped`` gets every grouping report, the last one's included.
        """
        interim = _GroupingWhileScanning(self, group_every_s, grouped) \
            if group and group_every_s is not None else None

        def on_progress(p):
            if progress is not None:
                progress(p)
            if interim is not None:
                interim.progress(p)

        report = self.scanner(**options).scan(roots, on_progress, cancel, skip=skip)
        if not report.cancelled:
            upgrade_embeddings(self.catalog)  # a scan that embedded every face again lets the old vectors go
        if group and not report.cancelled:
            result = self.update_groups(added=report.faces_added)
            if grouped is not None:
                grouped(result)
        return report

    def regroup(self) -> grouping.GroupingReport:
        """Regroup every automatic assignment from scratch (corrections are kept).

        The library's threshold is chosen anew first (unless the user set one by hand), so every
        answer given since the last regroup counts.
        """
        if self.threshold_override() is None:
            self.calibrate()
        threshold, trusted = self.cuts()
        return grouping.regroup(self.catalog, self.model_id, threshold, strict=self.default_threshold(), trusted=trusted)

    def update_groups(self, added: int = 0):
        """After a scan: new faces join people incrementally; a library that is mostly new
        regroups. ``added``: the faces the scan added, which grouping while it ran may already
        have placed incrementally (blackpink scanned by the window: F 0.82 so, 0.975 regrouped)."""
        from .incremental_grouping import assign_new

        total, loose = self.catalog.grouping_counts()
        if loose == total or max(loose, added) > FULL_REGROUP_SHARE * total:
            return self.regroup()
        threshold, trusted = self.cuts()
        return assign_new(self.catalog, self.model_id, threshold, strict=self.default_threshold(), trusted=trusted)

    def export(self, dest, person_ids, mode="copy", progress=None, cancel=None) -> ExportReport:
        return export_albums(self.catalog, dest, person_ids, mode, progress, cancel)


class _GroupingWhileScanning:
    """Groups the faces found so far every ``every_s`` seconds of a scan. Grouping pauses the scan,
    so on a big library it waits three times as long as it took: at most a quarter of the time."""

    def __init__(self, library: Library, every_s: float, grouped) -> None:
        self.library, self.every_s, self.grouped = library, every_s, grouped
        self.wait = every_s
        self.last = time.monotonic()
        self.faces = 0

    def progress(self, p) -> None:
        if p.phase != "processing" or p.faces <= self.faces or time.monotonic() - self.last <= self.wait:
            return
        started = time.monotonic()
        result = self.library.update_groups(added=p.faces)
        self.last = time.monotonic()
        self.wait = max(self.every_s, 3 * (self.last - started))
        self.faces = p.faces
        if self.grouped is not None:
            self.grouped(result)


def upgrade_embeddings(catalog: Catalog) -> None:
    """Embeddings an older built-in pack made, brought up to date when a library is opened.

    The raw SFace file's become the age-free ones (the same vectors with the age direction taken
    out: models/age_direction.py), a few seconds at 100k faces. The mirrored ones the pack makes
    now need the pixels: the next scan embeds every photo again, and grouping goes on with the
    older vectors until it has (a face the new model has not embedded yet keeps its person). Once
    the new model has embedded every face, the older vectors go."""
    from .models.age_direction import without_age
    from .models.builtin import AGEFREE_SFACE_ID, RAW_SFACE_ID, SFACE_ID

    for old in catalog.embedding_models():
        if not old.startswith(RAW_SFACE_ID):
            continue
        new = AGEFREE_SFACE_ID + old[len(RAW_SFACE_ID):]
        ids, vectors = catalog.embeddings(old)
        with catalog.transaction():
            for start in range(0, len(ids), 20_000):
                catalog.store_embeddings(new, ids[start:start + 20_000].tolist(),
                                         without_age(vectors[start:start + 20_000]))
            catalog.drop_embeddings(old)
            for key in catalog.setting_keys_with_value(old):
                catalog.set_setting(key, new)
    models = catalog.embedding_models()
    for old in models:
        if old.startswith(AGEFREE_SFACE_ID):
            current = SFACE_ID + old[len(AGEFREE_SFACE_ID):]
            if current in models and not catalog.photos_missing_embeddings(current):
                with catalog.transaction():
                    catalog.drop_embeddings(old)
