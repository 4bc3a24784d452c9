"""The scan of photo folders, in the order a photo goes through it:

walk.py (find photo files) → classify.py (new, unchanged, moved, changed, vanished) →
photo_work.py (decode, detect, align; worker threads) → scanner.py (embed in batches, write to
the catalog; progress, cancel, resume) → report.py (what it found and did).
"""

from .report import ScanProgress, ScanReport
from .scanner import DETECT_SIDE, Scanner

__all__ = ["DETECT_SIDE", "ScanProgress", "ScanReport", "Scanner"]
