"""Dialogs: export albums, settings (library, model pack, grouping strictness, excluded folders),
and the quiet list of files that could not be read."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPlainTextEdit, QProgressBar, QPushButton, QSlider, QVBoxLayout, QWidget)

from facealbum.core.errors import FaceAlbumError
from facealbum.core.export import failure_summary
from facealbum.core.library import READ_NAMES
from facealbum.core.models import packs
from facealbum.core.sidecars import KEEP_UPDATED

from . import i18n
from .histogram import ScoreHistogram
from .i18n import tr
from .window_settings import window_settings
from .workers import PreviewWorker


def modal(dialog: QDialog) -> int:
    """``dialog.exec()``, then let it go. Kept as the window's child, every dialog ever opened would
    hold its widgets (Compare: its face images) until the window closed. Work it started reports
    to it only while it lives (Task.owned_by)."""
    result = dialog.exec()
    dialog.deleteLater()
    return result


class ExportDialog(QDialog):
    exported = Signal(object)  # core.export.ExportReport

    def __init__(self, library, tasks, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Export albums — FaceAlbum"))
        self.library = library
        self.tasks = tasks
        self.task = None
        self.people = QListWidget()
        self.unnamed = QCheckBox(tr("Include unnamed groups"))
        self.unnamed.toggled.connect(self._fill)
        self.dest = QLineEdit()
        self.dest.setPlaceholderText(tr("Folder to write the albums into"))
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        self.mode = QComboBox()
        self.mode.addItem(tr("Copy the photos"), "copy")
        self.mode.addItem(tr("Hard links (no extra space, same drive)"), "hardlink")
        self.mode.addItem(tr("Symbolic links"), "symlink")
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        dest_row = QHBoxLayout()
        dest_row.addWidget(self.dest)
        dest_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("Destination:"), dest_row)
        form.addRow(tr("How:"), self.mode)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("One folder per person, with their photos and a manifest.csv. "
                                "Nothing is ever overwritten; exporting again adds only new photos.")))
        layout.addWidget(self.people)
        layout.addWidget(self.unnamed)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.everyone: list = []
        self.loaded = False
        # Read on the catalog thread (a pass over every face on a big library), then listed.
        tasks.query(lambda catalog: catalog.people(include_hidden=False)).owned_by(self).success(self._people_read).run()

    def _people_read(self, people: list) -> None:
        self.everyone, self.loaded = people, True
        self._fill()

    def _fill(self) -> None:
        self.people.clear()
        for person in self.everyone:
            if not person.name and not self.unnamed.isChecked():
                continue
            item = QListWidgetItem(tr("{display_name}  ({photo_count} photos)").format(display_name=person.display_name, photo_count=person.photo_count))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person.name else Qt.CheckState.Unchecked)
            self.people.addItem(item)

    def chosen(self) -> list[int]:
        return [self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Export albums to"))
        if folder:
            self.dest.setText(folder)

    def start(self) -> None:
        ids, dest = self.chosen(), self.dest.text().strip()
        if not ids or not dest:
            self.summary.setText(tr("Choose at least one person and a destination folder."))
            return
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        library_path, mode = str(self.library.path), self.mode.currentData()

        def export(task):
            from facealbum.core.library import Library

            with Library(library_path) as lib:  # its own connection: the copying takes a while
                return lib.export(dest, ids, mode, task.report, task.cancelled.is_set)

        self.task = self.tasks.files(export).owned_by(self).with_progress(
            lambda d, t: (self.progress.setMaximum(max(t, 1)), self.progress.setValue(d))
        ).success(self._done).failure(self._failed).run()

    def _failed(self, message: str) -> None:
        self.export_button.setEnabled(True)
        self.summary.setText(tr("Export failed: {message}").format(message=message))

    def _done(self, report) -> None:
        self.export_button.setEnabled(True)
        lines = [tr("{written} photos written, {already} already there.").format(written=report.written, already=report.already)]
        lines += [tr("{album}: {n} new").format(album=album, n=n) for album, n in report.albums.items()]
        if report.errors:
            lines.append(tr("{errors_count} photos could not be exported:").format(errors_count=len(report.errors)))
            lines += [f"  {count} × {reason}" for reason, count in failure_summary(report.errors)]
            lines.append(tr("For example {path}.").format(path=report.errors[0][0]))
        self.summary.setText("\n".join(lines))
        self.report = report
        self.exported.emit(report)

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()  # the copy stops after the file in hand; the manifest keeps what was written
        super().reject()


class SettingsDialog(QDialog):
    library_changed = Signal(str)
    regroup_requested = Signal()

    def __init__(self, library, tasks, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Settings — FaceAlbum"))
        self.library = library
        self.tasks = tasks
        self.strictness = None  # core.strictness.ThresholdPreview, once the child has made it
        self._worker = None
        self.library_path = QLineEdit(str(library.path))
        self.library_path.setReadOnly(True)
        other = QPushButton(tr("Open another…"))
        other.clicked.connect(self._other_library)
        lib_row = QHBoxLayout()
        lib_row.addWidget(self.library_path)
        lib_row.addWidget(other)
        self.pack = QComboBox()
        for info in packs.list_packs(library.models_dir):
            state = "" if info.available else tr("  (not installed)")
            self.pack.addItem(f"{info.name} — {info.description}{state}", info.name)
            if info.name == library.pack_name:
                self.pack.setCurrentIndex(self.pack.count() - 1)
        self.pack_note = QLabel()
        self.pack_note.setWordWrap(True)
        self.pack.currentIndexChanged.connect(self._pack_note)
        self.download = QPushButton(tr("Download…"))
        self.download.clicked.connect(self._download)
        self.download_progress = QProgressBar()
        self.download_progress.setVisible(False)
        self.download_task = None
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(30, 90)
        self.slider.setValue(int(round(library.threshold() * 100)))
        self.slider.valueChanged.connect(self._preview)
        # Both are measured in a child process (a few seconds on a big library); until then, say so.
        self.preview = QLabel(tr("Measuring what each setting would do…"))
        self.accuracy = QLabel(tr("Measuring on the people you named…"))
        self.accuracy.setObjectName("accuracy")
        self.accuracy.setWordWrap(True)
        self.automatic = QCheckBox(tr("Choose automatically for this library (from its faces and your answers)"))
        self.automatic.setChecked(library.threshold_override() is None)
        self.automatic.toggled.connect(lambda on: self.slider.setEnabled(not on))
        self.slider.setEnabled(not self.automatic.isChecked())
        self.calibration_text = QLabel(self._calibration_text())
        self.calibration_text.setObjectName("calibrationSource")
        self.calibration_text.setWordWrap(True)
        self.histogram = ScoreHistogram()
        self.histogram.show_calibration(library.calibration(), library.threshold())
        self.excluded = QListWidget()
        for folder in library.catalog.get_setting("excluded", []):
            self.excluded.addItem(folder)
        add_ex = QPushButton(tr("Exclude a folder…"))
        add_ex.clicked.connect(self._add_excluded)
        rm_ex = QPushButton(tr("Remove"))
        rm_ex.clicked.connect(lambda: [self.excluded.takeItem(self.excluded.row(i))
                                       for i in self.excluded.selectedItems()])
        ex_row = QHBoxLayout()
        ex_row.addWidget(add_ex)
        ex_row.addWidget(rm_ex)
        ex_row.addStretch(1)
        form = QFormLayout()
        form.addRow(tr("Library:"), lib_row)
        pack_row = QHBoxLayout()
        pack_row.addWidget(self.pack, 1)
        pack_row.addWidget(self.download)
        form.addRow(tr("Model pack:"), pack_row)
        form.addRow("", self.pack_note)
        form.addRow("", self.download_progress)
        strict = QWidget()
        sl = QHBoxLayout(strict)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(QLabel(tr("stricter")))
        sl.addWidget(self.slider)
        sl.addWidget(QLabel(tr("looser")))
        form.addRow(tr("Grouping:"), self.automatic)
        form.addRow("", strict)
        form.addRow("", self.preview)
        form.addRow(tr("In use:"), self.calibration_text)
        form.addRow("", self.histogram)
        form.addRow(tr("Accuracy:"), self.accuracy)
        form.addRow(tr("Excluded folders:"), self.excluded)
        form.addRow("", ex_row)
        self.read_names = QCheckBox(tr("Read names from the photos' metadata when scanning (XMP face regions, "
                                    "Picasa)"))
        self.read_names.setChecked(bool(library.catalog.get_setting(READ_NAMES, True)))
        self.keep_sidecars = QCheckBox(tr("Keep XMP sidecars updated after each correction"))
        self.keep_sidecars.setToolTip(tr("Names go into photo.jpg.xmp beside each photo, for digiKam, Lightroom "
                                      "and other apps; the photos themselves are never changed."))
        self.keep_sidecars.setChecked(bool(library.catalog.get_setting(KEEP_UPDATED, False)))
        form.addRow(tr("Names:"), self.read_names)
        form.addRow("", self.keep_sidecars)
        self.language = QComboBox()
        for code, label in i18n.choices():
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(self.language.findData(i18n.chosen(window_settings())), 0))
        self.language.setToolTip(tr("FaceAlbum speaks the language chosen here from the next time it starts."))
        form.addRow(tr("Language:"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._pack_note()
        try:
            self._worker = PreviewWorker(str(library.path), library.model_id, library.default_threshold(), self)
        except FaceAlbumError as exc:  # no model pack to tell which embeddings to read
            self.preview.setText(str(exc))
        else:
            self._worker.done.connect(self._preview_ready)
            self._worker.failed.connect(self.preview.setText)
            self._worker.start()

    def _pack_note(self) -> None:
        name = self.pack.currentData()
        info = next(i for i in packs.list_packs(self.library.models_dir) if i.name == name)
        text = info.license
        if not info.available:
            text += tr("  Not installed: Download it (needs internet), or put its files in {pack_folder}.").format(pack_folder=packs.pack_folder(name, self.library.models_dir))
        self.pack_note.setText(text)
        self.download.setVisible(not info.available)

    def _download(self) -> None:
        from facealbum.core.models.download import download_pack, license_text

        name = self.pack.currentData()
        if QMessageBox.question(self, tr("Download {name}").format(name=name), license_text(name) + tr("\n\nAccept this licence "
                                "and download the pack?")) != QMessageBox.StandardButton.Yes:
            return
        self.download.setEnabled(False)
        self.download_progress.setVisible(True)
        self.download_progress.setRange(0, 0)
        models_dir = self.library.models_dir
        # Closing Settings does not stop the download: the pack is installed all the same.
        self.download_task = self.tasks.files(
            lambda task: str(download_pack(name, models_dir, accept_license=True, progress=task.report))
        ).owned_by(self).with_progress(
            lambda d, t: (self.download_progress.setRange(0, max(t, 1)), self.download_progress.setValue(d))
            if t else None
        ).success(self._downloaded).failure(self._download_failed).run()

    def _downloaded(self, folder: str) -> None:
        self.download_progress.setVisible(False)
        self.download.setEnabled(True)
        index = self.pack.currentIndex()
        info = next(i for i in packs.list_packs(self.library.models_dir) if i.name == self.pack.currentData())
        self.pack.setItemText(index, f"{info.name} — {info.description}")
        self.pack_note.setText(tr("Installed in {folder}. {license}").format(folder=folder, license=info.license))
        self.download.setVisible(False)

    def _download_failed(self, message: str) -> None:
        self.download_progress.setVisible(False)
        self.download.setEnabled(True)
        self.pack_note.setText(message)

    def done(self, result) -> None:
        if self._worker is not None and self._worker.isRunning():
            self._worker.cancel()
            self._worker.wait(30000)
        super().done(result)

    def _calibration_text(self) -> str:
        lib = self.library
        override = lib.threshold_override()
        if override is not None:
            return tr("threshold {override:.2f}, set by hand.").format(override=override)
        found = lib.calibration()
        if found is None:
            return tr("threshold {threshold:.2f}, the model pack's default (chosen anew at the next regroup).").format(threshold=lib.threshold())
        return found.describe() + "."

    def _accuracy(self, report) -> None:
        if report is None:
            self.accuracy.setText(tr("Name at least two people to see how well the model tells them apart."))
            return
        self.accuracy.setText(tr("On the {faces} faces of the {people} people you named: ROC-AUC {auc:.4f}; a same-person similarity of {suggested_similarity:.2f} separates them best.").format(faces=report['faces'], people=report['people'], auc=report['auc'], suggested_similarity=report['suggested_similarity']))

    def _preview_ready(self, result) -> None:
        self.strictness, report = result
        self._accuracy(report)
        self._preview()

    def _preview(self) -> None:
        t = self.slider.value() / 100
        # A lookup in what the child read off the tree: dragging the slider costs the window nothing.
        self.preview.setText(self.strictness.sentence(t) if self.strictness else tr("threshold {t:.2f}").format(t=t))

    def _add_excluded(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Exclude a folder"))
        if folder:
            self.excluded.addItem(folder)

    def _other_library(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Open or create a library"), str(self.library.path.parent),
                                              tr("FaceAlbum library (*.sqlite)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.library_changed.emit(path)
            self.reject()

    def accept(self) -> None:
        lib = self.library
        lib.catalog.set_setting("excluded", [self.excluded.item(i).text() for i in range(self.excluded.count())])
        lib.catalog.set_setting(READ_NAMES, self.read_names.isChecked())
        lib.catalog.set_setting(KEEP_UPDATED, self.keep_sidecars.isChecked())
        language = self.language.currentData()
        if language != i18n.chosen(window_settings()):
            window_settings().setValue(i18n.SETTING, language)
            QMessageBox.information(self, tr("Language"), tr("FaceAlbum will speak {language} the next time it starts.")
                                    .format(language=self.language.currentText()))
        name = self.pack.currentData()
        info = next(i for i in packs.list_packs(lib.models_dir) if i.name == name)
        regroup = False
        if name != lib.pack_name:
            if not info.available:
                QMessageBox.information(self, tr("Model pack not installed"), self.pack_note.text())
                return
            if name != packs.BUILTIN and QMessageBox.question(
                    self, tr("Licence"), info.license + tr("\n\nUse this pack?")) != QMessageBox.StandardButton.Yes:
                return
            lib.set_pack(name)
        new_t = self.slider.value() / 100
        if self.automatic.isChecked():
            if lib.threshold_override() is not None:
                lib.set_threshold(None)
                regroup = True
        elif lib.threshold_override() is None or abs(new_t - lib.threshold()) > 1e-6:
            lib.set_threshold(new_t)
            regroup = True
        super().accept()
        if regroup:
            self.regroup_requested.emit()


class NoticesDialog(QDialog):
    """The files a scan skipped, with the reason for each; and what the last scan could not take
    from the photos' metadata (unreadable XMP, names that clash with yours)."""

    def __init__(self, library, name_notes=(), parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Files that could not be read — FaceAlbum"))
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setObjectName("skippedFiles")
        bad = library.catalog.photos(status="error")
        text.setPlainText("\n".join(f"{p.path}\n    {p.error}" for p in bad) or tr("Every photo could be read."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if bad or not name_notes:  # only notes about names: the files all went in
            layout.addWidget(QLabel(tr("{bad_count} files were skipped. The rest of the scan went on; fix or remove these files and scan again.").format(bad_count=len(bad))))
            layout.addWidget(text)
        if name_notes:
            notes = QPlainTextEdit()
            notes.setReadOnly(True)
            notes.setObjectName("nameNotes")
            notes.setPlainText("\n".join(f"{path}\n    {note}" for path, note in name_notes))
            layout.addWidget(QLabel(tr("{name_notes_count} notes about names in the photos' metadata (your names are never overwritten):").format(name_notes_count=len(name_notes))))
            layout.addWidget(notes)
        layout.addWidget(buttons)
        self.resize(720, 480 if name_notes else 400)


class CompareDialog(QDialog):
    """Two faces side by side, their similarity and the verdict (from the stored embeddings)."""

    def __init__(self, library, face_a: int, face_b: int, loader, parent=None):
        super().__init__(parent)
        from facealbum.core.identify import verdict_for
        from facealbum.core.models.packs import SPECS

        self.setWindowTitle(tr("Compare faces — FaceAlbum"))
        cat = library.catalog
        model = cat.embedding_model(face_a)
        ids, vectors = cat.embeddings(model, [face_a, face_b]) if model else ([], [])
        row = QHBoxLayout()
        for fid in (face_a, face_b):
            label = QLabel()
            label.setObjectName(f"face{fid}")
            path = library.thumbnails.face(cat.face(fid), cat.photo(cat.face(fid).photo_id))
            if path:
                from PySide6.QtGui import QPixmap

                label.setPixmap(QPixmap(str(path)).scaled(200, 200, Qt.AspectRatioMode.KeepAspectRatio,
                                                          Qt.TransformationMode.SmoothTransformation))
            row.addWidget(label)
        self.result = QLabel()
        self.result.setObjectName("compareResult")
        if len(ids) == 2:
            spec = SPECS.get(library.pack_name) or SPECS["builtin"]
            self.verdict = verdict_for(model[0], spec.match_similarity, float(vectors[0] @ vectors[1]))
            word = tr("The same person") if self.verdict.same else tr("Different people")
            self.result.setText(tr("<h3>{word}</h3>similarity {similarity:.3f} (threshold {threshold:.2f}) · {percent:.0f}% sure").format(word=word, similarity=self.verdict.similarity, threshold=self.verdict.threshold, percent=self.verdict.confidence * 100))
        else:
            self.verdict = None
            self.result.setText(tr("One of these faces has no embedding yet (a face you drew): rescan to compare it."))
        _lay_out_comparison(self, row, self.result)


def _lay_out_comparison(dialog: QDialog, faces: QHBoxLayout, result: QLabel) -> None:
    """The faces side by side, the verdict under them, and a Close button."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(faces)
    layout.addWidget(result)
    layout.addWidget(buttons)


class ComparePhotosDialog(QDialog):
    """Two photos' closest faces side by side, with the verdict for every face of the first."""

    def __init__(self, path_a: str, path_b: str, result, crops, parent=None):
        super().__init__(parent)
        from PySide6.QtGui import QImage, QPixmap

        self.setWindowTitle(tr("Compare photos — FaceAlbum"))
        row = QHBoxLayout()
        for path, crop in zip((path_a, path_b), crops):
            column = QVBoxLayout()
            picture = QLabel()
            h, w = crop.shape[:2]
            picture.setPixmap(QPixmap.fromImage(QImage(crop.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()))
            name = QLabel(os.path.basename(path))
            name.setToolTip(path)
            column.addWidget(picture)
            column.addWidget(name)
            row.addLayout(column)
        i, j, best = max(result.best, key=lambda t: t[2].similarity)
        self.verdict = best
        word = tr("The same person") if best.same else tr("Different people")
        lines = [tr("<h3>{word}</h3>closest faces: similarity {similarity:.3f} (threshold {threshold:.2f}) · {percent:.0f}% sure").format(word=word, similarity=best.similarity, threshold=best.threshold, percent=best.confidence * 100)]
        if len(result.faces_a) > 1 or len(result.faces_b) > 1:
            lines.append(tr("<br>{faces_a_count} faces in the first photo, {faces_b_count} in the second:").format(faces_a_count=len(result.faces_a), faces_b_count=len(result.faces_b)))
            for a, b, v in result.best:
                lines.append((tr("<br>face {a} ↔ face {b}: {similarity:.3f}, same ({percent:.0f}% sure)") if v.same else tr("<br>face {a} ↔ face {b}: {similarity:.3f}, different ({percent:.0f}% sure)")).format(a=a + 1, b=b + 1, similarity=v.similarity, percent=v.confidence * 100))
        self.result = QLabel("".join(lines))
        self.result.setObjectName("compareResult")
        self.result.setWordWrap(True)
        _lay_out_comparison(self, row, self.result)
