"""What a scan tells while it runs (progress) and when it ends (the report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from ..i18n import _, ngettext


@dataclass(frozen=True)
class ScanProgress:
    phase: str  # walking | processing | grouping | done
    done: int
    total: int
    rate: float  # photos per second
    eta_s: float | None
    current: str | None
    faces: int


@dataclass
class ScanReport:
    found: int = 0
    new: int = 0
    unchanged: int = 0
    moved: int = 0
    changed: int = 0
    missing: int = 0
    processed: int = 0
    reembedded: int = 0
    faces_added: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    folder_problems: list[tuple[str, str]] = field(default_factory=list)
    named_faces: int = 0  # faces named from the photos' metadata (XMP regions, Picasa)
    name_problems: list[tuple[str, str]] = field(default_factory=list)  # metadata not read, name clashes
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def model_work(self) -> int:
        return self.processed + self.reembedded

    def summary(self) -> str:
        """One sentence for the status bar: what this scan changed, and nothing it did not."""
        if self.cancelled:
            return _("Scan stopped; Rescan resumes where it stopped.")
        parts = [what.format(n=n) for n, what in ((self.new, _("{n} new")), (self.moved, _("{n} moved")),
                                                  (self.changed, _("{n} changed")), (self.missing, _("{n} missing"))) if n]
        errors = _("; {errors_count} could not be read").format(errors_count=len(self.errors)) if self.errors else ""
        if self.named_faces:
            errors = _(" · {named_faces} faces named from the photos' metadata{errors}").format(named_faces=self.named_faces, errors=errors)
        if not parts and not self.reembedded:
            return _("All {found} photos are up to date: nothing new{errors}.").format(found=self.found, errors=errors)
        faces = ngettext("{n} new face", "{n} new faces", self.faces_added).format(n=self.faces_added)
        reembedded = _(", {reembedded} re-embedded").format(reembedded=self.reembedded) if self.reembedded else ""
        return _("{found} photos: {parts}{reembedded} · {faces}{errors}.").format(found=self.found, parts=', '.join(parts) or _('none new'), reembedded=reembedded, faces=faces, errors=errors)
