"""Writing the names of people into XMP sidecars beside their photos (`facealbum xmp write`,
File → Write names to sidecars…, and after each correction when the setting asks for it).

A sidecar holds every named face of its photo, so other apps (digiKam, Lightroom, Immich, …)
see the same people. Photos are never touched; a photo whose names all went gets its sidecar
rewritten without them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .catalog import Catalog
from .i18n import _, ngettext
from .metadata.photo_names import names_stamp
from .metadata.xmp_write import FaceName, sidecar_path, write_sidecar
from .records import Changes, PhotoId

KEEP_UPDATED = "xmp:keep_sidecars"  # setting: rewrite the sidecars of photos each correction touches


@dataclass
class SidecarReport:
    written: int = 0
    skipped: int = 0  # photos with no named face and no sidecar of FaceAlbum's
    errors: list[tuple[str, str]] = field(default_factory=list)
    stopped: bool = False  # asked to stop before the last photo

    def summary(self) -> str:
        text = ngettext("{n} sidecar written", "{n} sidecars written", self.written).format(n=self.written)
        if self.errors:
            text += _("; {errors_count} could not be written").format(errors_count=len(self.errors))
        if self.stopped:
            text += _("; stopped before the last photo")
        return text + "."


def write_names(catalog: Catalog, photo_ids: Iterable[PhotoId], progress: Callable[[int, int], None] | None = None,
                cancel: Callable[[], bool] | None = None) -> SidecarReport:
    report = SidecarReport()
    ids = list(photo_ids)
    names = catalog.person_names()
    for done, photo_id in enumerate(ids):
        if cancel and cancel():
            report.stopped = True
            break
        if progress:
            progress(done, len(ids))  # skipped and failed photos count as done too
        photo = catalog.photo(photo_id)
        previous = catalog.sidecar_of(photo_id)
        faces = [FaceName(names[f.person_id] or "", f.box)
                 for f in sorted(catalog.faces(photo_id=photo_id), key=lambda f: (f.box[0], f.box[1]))
                 if f.person_id is not None and names.get(f.person_id)]
        if photo.status != "done" or not photo.width or not photo.height or (not faces and previous is None):
            report.skipped += 1
            continue
        path = previous[0] if previous and os.path.exists(previous[0]) else sidecar_path(photo.path)
        try:
            written = write_sidecar(path, faces, (photo.width, photo.height), photo.orientation or 1,
                                    previous[1] if previous else ())
        except (OSError, ValueError) as exc:  # ValueError: an XmpError, or a sidecar with no RDF
            reason = getattr(exc, "strerror", None) or str(exc)
            report.errors.append((path, _("cannot write the sidecar: {reason}").format(reason=reason)))
            continue
        with catalog.transaction():
            catalog.record_sidecar(photo_id, path, written)
            catalog.set_names_stamp(photo_id, names_stamp(photo.path))  # what the next scan would read
        report.written += 1
    else:
        if progress and ids:
            progress(len(ids), len(ids))
    return report


def photos_to_write(catalog: Catalog, person_ids: Iterable[int] | None = None) -> list[PhotoId]:
    return catalog.photos_for_sidecars(None if person_ids is None else list(person_ids))


def after_correction(catalog: Catalog, changes: Changes) -> SidecarReport | None:
    """With the setting on: the sidecars of the photos a correction touched, written anew."""
    if not catalog.get_setting(KEEP_UPDATED, False) or not changes.faces:
        return None
    return write_names(catalog, catalog.photos_of_faces(changes.faces))

