"""Two similarity distributions and the grouping's cut, painted (no plotting library in the window)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget
from .i18n import tr

GENUINE = QColor(46, 139, 87)
IMPOSTOR = QColor(200, 70, 60)


class ScoreHistogram(QWidget):
    """Where one person's pairs and two people's pairs fall, and the similarity the grouping cuts at."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("scoreHistogram")
        self.setMinimumSize(360, 160)
        self.calibration = None
        self.cut: float | None = None

    def show_calibration(self, calibration, threshold: float) -> None:
        self.calibration = calibration
        self.cut = 1.0 - threshold
        self.setToolTip(tr("{genuine_label} (green) and {impostor_label} (red); the line is the cut at similarity {cut:.2f}").format(genuine_label=calibration.genuine_text, impostor_label=calibration.impostor_text, cut=self.cut) if calibration else "")
        self.update()

    def paintEvent(self, _event) -> None:
        from facealbum.core.calibration import HIST_RANGE

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.calibration
        legend = [(c.genuine_text, GENUINE, c.genuine_hist), (c.impostor_text, IMPOSTOR, c.impostor_hist)] if c else []
        legend = [entry for entry in legend if sum(entry[2])]
        # The legend has a band of its own above the curves, which would otherwise run through it.
        area = QRectF(self.rect()).adjusted(6, 6 + 16 * len(legend) + (4 if legend else 0), -6, -20)
        y = 6.0
        for label, colour, hist in legend:
            p.setPen(colour)
            p.drawText(QRectF(area.left(), y, area.width(), 16), Qt.AlignmentFlag.AlignLeft,
                       tr("{label} ({pairs:,} pairs)").format(label=label, pairs=sum(hist)))
            y += 16
        p.setPen(self.palette().mid().color())
        p.drawLine(area.bottomLeft(), area.bottomRight())
        lo, hi = HIST_RANGE
        p.setPen(self.palette().text().color())
        for value in (0.0, 0.5, 1.0):
            x = area.left() + (value - lo) / (hi - lo) * area.width()
            p.drawText(QRectF(x - 20, area.bottom() + 2, 40, 16), Qt.AlignmentFlag.AlignCenter, f"{value:g}")
        if c is None or not legend:
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("No pairs measured yet."))
            return
        for hist, colour in ((c.impostor_hist, IMPOSTOR), (c.genuine_hist, GENUINE)):
            total = sum(hist)
            if not total:
                continue
            top = max(hist) / total
            path = QPainterPath(QPointF(area.left(), area.bottom()))
            step = area.width() / len(hist)
            for i, count in enumerate(hist):  # each curve scaled to its own peak: shapes, not counts
                path.lineTo(area.left() + (i + 0.5) * step, area.bottom() - (count / total) / top * area.height())
            path.lineTo(area.right(), area.bottom())
            fill = QColor(colour)
            fill.setAlpha(70)
            p.setPen(QPen(colour, 1.5))
            p.setBrush(fill)
            p.drawPath(path)
        if self.cut is not None:
            x = area.left() + (self.cut - lo) / (hi - lo) * area.width()
            p.setPen(QPen(self.palette().text().color(), 1.5, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
