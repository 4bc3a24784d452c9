"""What a scan tells while it runs (progress) and when it ends (the report)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
            return "Scan stopped; Rescan resumes where it stopped."
        parts = [f"{n} {what}" for n, what in ((self.new, "new"), (self.moved, "moved"),
                                               (self.changed, "changed"), (self.missing, "missing")) if n]
        errors = f"; {len(self.errors)} could not be read" if self.errors else ""
        if self.named_faces:
            errors = f" · {self.named_faces} faces named from the photos' metadata{errors}"
        if not parts and not self.reembedded:
            return f"All {self.found} photos are up to date: nothing new{errors}."
        faces = "1 new face" if self.faces_added == 1 else f"{self.faces_added} new faces"
        reembedded = f", {self.reembedded} re-embedded" if self.reembedded else ""
        return f"{self.found} photos: {', '.join(parts) or 'none new'}{reembedded} · {faces}{errors}."
