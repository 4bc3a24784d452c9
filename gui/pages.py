"""The central pages: first run, People grid, a person's faces, Unknown faces, a photo grid."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QCompleter, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton,
                               QSplitter, QToolButton, QVBoxLayout, QWidget)

from .i18n import tr
from .icons import icon
from .item_models import ID_ROLE, FacesModel, PeopleModel, PhotosModel
from .views import GridView, accept_drops


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    label.setFont(font)
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setEnabled(False)  # greyed: a hint, not content
    return label


def _action(parent, text, slot, shortcut=None) -> QAction:
    action = QAction(text, parent)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    return action


class EmptyPage(QWidget):
    add_folder = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = _title(tr("Welcome to FaceAlbum"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(tr("Add a folder of photos. FaceAlbum finds the faces in them and groups them into people,\n"
                      "here on this computer: nothing is uploaded, and your photos are never changed."))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        button = QPushButton(icon("add-folder"), tr("  Add a folder of photos…"))
        button.setMinimumHeight(40)
        button.clicked.connect(self.add_folder)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        row.addStretch(1)
        for w in (title, text):
            layout.addWidget(w)
        layout.addSpacing(16)
        layout.addLayout(row)
        layout.addStretch(2)


def _name_completer(names: list[str], parent) -> QCompleter:
    completer = QCompleter(names, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class PeoplePage(QWidget):
    open_person = Signal(int)
    show_photos = Signal(list, str)

    def __init__(self, ops, loader, hidden: bool = False, parent=None):
        super().__init__(parent)
        self.ops = ops
        self.hidden = hidden
        self.model = PeopleModel(ops, loader, hidden=hidden)
        self.view = GridView(tile=128)
        self.view.rename_on_name = True
        self.view.setModel(self.model)
        self.view.setObjectName("peopleGrid")
        self.view.activated_id.connect(self.open_person)
        self.heading = _title(tr("Hidden people") if hidden else tr("People"))
        self.count = QLabel()
        self.sort = QComboBox()
        self.sort.addItems([tr("Most photos first"), tr("By name")])
        self.sort.currentIndexChanged.connect(lambda i: self.model.set_sort("name" if i else "count"))
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(QLabel(tr("Sort:")))
        top.addWidget(self.sort)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(_hint(tr("Double-click a face to see all of a person's faces, a name (or F2) to rename · "
                               "drag a person onto another to merge")))
        layout.addWidget(self.view)
        # Enter opens through the view's own key handling, which leaves Enter alone while a name is edited.
        self.view.addAction(_action(self, tr("Open\tEnter"), self._open))
        self.view.addAction(_action(self, tr("Rename…"), self._rename, "F2"))
        self.view.addAction(_action(self, tr("Merge selected people"), self._merge, "Ctrl+M"))
        self.view.addAction(_action(self, tr("Photos with all selected people together"), self._together, "Ctrl+T"))
        self.view.addAction(_action(self, tr("Show person") if hidden else tr("Hide person"), self._hide, "Ctrl+H"))
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_count)
        self._update_count()

    def _update_count(self, *_) -> None:
        n = self.model.rowCount()
        self.count.setText(tr("  %n people", "", n))

    def refresh(self, snapshot) -> None:
        self.model.refresh(snapshot.people, snapshot.covers)  # selection and scroll survive

    def _open(self) -> None:
        ids = self.view.selected_ids()
        if ids:
            self.open_person.emit(ids[0])

    def _rename(self) -> None:
        idx = self.view.currentIndex()
        if idx.isValid():
            self.view.edit(idx)

    def _merge(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) < 2:
            return
        current = self.view.currentIndex().data(ID_ROLE)
        target = current if current in ids else ids[0]
        self.ops.merge([i for i in ids if i != target], target)

    def _together(self) -> None:
        ids = self.view.selected_ids()
        if ids:
            names = tr(", ").join(self.model.people[self.model.row_of(i)].display_name for i in ids)
            title = tr("Photos of {names} together") if len(ids) > 1 else tr("Photos of {names}")
            self.show_photos.emit(ids, title.format(names=names))

    def _hide(self) -> None:
        for pid in self.view.selected_ids():
            self.ops.hide(pid, not self.hidden)


class PersonPage(QWidget):
    back = Signal()
    open_photo = Signal(int, list)
    show_photos = Signal(list, str)
    compare_faces = Signal(int, int)

    def __init__(self, tasks, ops, loader, parent=None):
        super().__init__(parent)
        self.tasks, self.ops = tasks, ops
        self.person_id: int | None = None
        self.person = None
        self.names: list[str] = []
        self._asked = 0
        self.model = FacesModel(tasks, loader)
        self.view = GridView(tile=112, text_lines=0)
        self.view.setObjectName("faceGrid")
        self.view.setModel(self.model)
        accept_drops(self.view, False)
        self.view.activated_id.connect(self._open_face_photo)
        back = QToolButton()
        back.setIcon(icon("back"))
        back.setToolTip(tr("Back to People (Alt+Left)"))
        back.setShortcut(QKeySequence("Alt+Left"))
        back.clicked.connect(self.back)
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("Type a name and press Enter"))
        self.name.setObjectName("personName")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.name.setFont(font)
        self.name.returnPressed.connect(self._rename)
        self.info = QLabel()
        photos = QPushButton(tr("Photos"))
        photos.clicked.connect(self._photos)
        self.hide_button = QPushButton(tr("Hide"))
        self.hide_button.clicked.connect(self._toggle_hidden)
        top = QHBoxLayout()
        for w in (back, self.name):
            top.addWidget(w)
        top.addWidget(self.info)
        top.addStretch(1)
        top.addWidget(photos)
        top.addWidget(self.hide_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(_hint(tr("Select faces (Ctrl/Shift-click) · drag them onto a person in the sidebar to "
                                  "move them · right-click for more")))
        layout.addWidget(self.view)
        self.view.addAction(_action(self, tr("Move to new person"), self.split_selected, "Ctrl+N"))
        self.view.addAction(_action(self, tr("Move to person…"), self._move_to, "Ctrl+Shift+M"))
        self.view.addAction(_action(self, tr("Not this person"), self.reject_selected, "Delete"))
        self.view.addAction(_action(self, tr("Use as cover"), self._cover))
        self.view.addAction(_action(self, tr("Compare two faces"), self._compare, "Ctrl+K"))
        self.view.addAction(_action(self, tr("Open photo"), lambda: self._open_face_photo(None)))

    def show_person(self, person_id: int) -> None:
        if person_id != self.person_id:
            self.person = None
        self.person_id = person_id
        self.refresh()

    def set_names(self, names: list[str]) -> None:
        if names != self.names:
            self.names = names
            self.name.setCompleter(_name_completer(names, self.name))

    def refresh(self) -> None:
        """Read the person and their faces on the catalog thread; go back if they are gone."""
        if self.person_id is None:
            return
        self._asked += 1
        asked, person_id = self._asked, self.person_id

        def show(person) -> None:
            if asked != self._asked or person_id != self.person_id:
                return
            if person is None or not person.face_count:
                self.back.emit()  # merged away, or every face moved out
                return
            self.person = person
            if not self.name.hasFocus():
                self.name.setText(person.name or "")
            self.info.setText(tr("  {face_count} faces in {photo_count} photos").format(face_count=person.face_count, photo_count=person.photo_count)
                              + (tr("  ·  hidden") if person.hidden else ""))
            self.hide_button.setText(tr("Show") if person.hidden else tr("Hide"))

        self.tasks.query(lambda catalog: next(iter(catalog.people(ids=[person_id])), None)).success(show).run()
        self.model.show_person(person_id)

    def _rename(self) -> None:
        name = self.name.text().strip()
        if not name or self.person_id is None:
            return
        # Naming a group after someone known merges it into them: this page then shows them.
        self.ops.name([self.person_id], name, then=self.show_person)
        self.view.setFocus()

    def split_selected(self) -> None:
        ids = self.view.selected_ids()
        if ids:
            self.ops.split(ids)

    def reject_selected(self) -> None:
        ids = self.view.selected_ids()
        if ids:
            self.ops.reject(ids)

    def _move_to(self) -> None:
        ids = self.view.selected_ids()
        if not ids:
            return
        name, ok = QInputDialog.getItem(self, tr("Move faces"), tr("Move to the person called:"), self.names, 0, True)
        if ok and name.strip():
            self.ops.name_faces(ids, name.strip())

    def _cover(self) -> None:
        ids = self.view.selected_ids()
        if ids and self.person_id is not None:
            self.ops.set_cover(self.person_id, ids[0])

    def _compare(self) -> None:
        ids = self.view.selected_ids()
        if len(ids) == 2:
            self.compare_faces.emit(ids[0], ids[1])

    def _toggle_hidden(self) -> None:
        if self.person is not None:
            self.ops.hide(self.person.id, not self.person.hidden)

    def _photos(self) -> None:
        if self.person is not None:
            self.show_photos.emit([self.person.id], tr("Photos of {display_name}").format(display_name=self.person.display_name))

    def _open_face_photo(self, face_id) -> None:
        if face_id is None:
            ids = self.view.selected_ids()
            if not ids:
                return
            face_id = ids[0]
        face = next((f for f in self.model.faces if f.id == face_id), None)
        if face is not None:
            photos = list(dict.fromkeys(f.photo_id for f in self.model.faces))
            self.open_photo.emit(face.photo_id, photos)


class ReviewPanel(QWidget):
    """The app's questions, Y / N / S: "are these the same person?" for two groups (most likely
    first), then "is this <name>?" for single faces. Answers are corrections (undoable)."""

    SHOWN = 4  # faces of each side

    def __init__(self, library, ops, loader, parent=None):
        super().__init__(parent)
        from PySide6.QtWidgets import QFrame

        self.setObjectName("reviewPanel")
        self.library, self.ops, self.loader = library, ops, loader
        self.tasks = ops.tasks
        self.queue = []
        self.faces_of: dict[int, list[int]] = {}
        self.skipped: set = set()
        self._asked = 0
        self.sides = []
        for _ in range(2):
            labels = []
            for _ in range(self.SHOWN):
                label = QLabel()
                label.setFixedSize(72, 72)
                label.setFrameShape(QFrame.Shape.StyledPanel)
                label.setScaledContents(True)
                labels.append(label)
            self.sides.append(labels)
        self.question = QLabel(tr("Looking for questions to ask…"))
        self.question.setObjectName("reviewQuestion")
        self.question.setWordWrap(True)
        self.captions = [QLabel(), QLabel()]
        self.yes = QPushButton(tr("Yes"))
        self.no = QPushButton(tr("No"))
        self.skip = QPushButton(tr("Skip"))
        self.yes.setShortcut(QKeySequence("Y"))
        self.no.setShortcut(QKeySequence("N"))
        self.skip.setShortcut(QKeySequence("S"))
        self.yes.clicked.connect(lambda: self.reply("yes"))
        self.no.clicked.connect(lambda: self.reply("no"))
        self.skip.clicked.connect(lambda: self.reply("skip"))
        row = QHBoxLayout(self)
        # Each side in a box of its own, its name under its faces: in one strip of faces it was not
        # clear where the first group ended and the second began.
        for side, caption in zip(self.sides, self.captions):
            box = QFrame()
            box.setObjectName("reviewSide")
            box.setFrameShape(QFrame.Shape.StyledPanel)
            col = QVBoxLayout(box)
            col.setContentsMargins(6, 6, 6, 4)
            faces = QHBoxLayout()
            for label in side:
                faces.addWidget(label)
            faces.addStretch(1)
            col.addLayout(faces)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            col.addWidget(caption)
            row.addWidget(box)
        row.insertSpacing(1, 12)
        col = QVBoxLayout()
        col.addWidget(self.question)
        buttons = QHBoxLayout()
        for b in (self.yes, self.no, self.skip):
            buttons.addWidget(b)
        buttons.addStretch(1)
        col.addLayout(buttons)
        row.addLayout(col, 1)
        loader.ready.connect(lambda _key: self._show())

    def refresh(self) -> None:
        """Ask the catalog thread for the questions (matrix work; BLAS lets the GIL go)."""
        lib = self.library
        model = lib.catalog.get_setting(f"model:{lib.pack_name}")  # known once a scan ran: no model load here
        if not model:
            self.setVisible(False)
            return
        threshold, strict, skipped, shown = lib.threshold(), lib.default_threshold(), set(self.skipped), self.SHOWN
        self._asked += 1
        asked = self._asked

        def read(catalog):
            from facealbum.core.review import review_queue

            queue = [q for q in review_queue(catalog, model, threshold, skipped=skipped, strict=strict)
                     if q.kind in ("is-this", "same-person")]
            faces = catalog.faces_by_quality({q.person_id for q in queue if q.kind == "is-this"}, shown)
            return queue, faces

        def ready(result) -> None:
            if asked == self._asked:
                self.queue, self.faces_of = result
                self._show()

        self.tasks.query(read).success(ready).run()

    def _show(self) -> None:
        if not self.queue:
            self.setVisible(False)
            return
        self.setVisible(True)
        item = self.queue[0]
        count = tr("%n questions · Y / N / S", "", len(self.queue))
        if item.kind == "same-person":
            other = item.other_name or tr("Unnamed #{other_id}").format(other_id=item.other_id)
            question = (tr("Is this group {other_name}?").format(other_name=item.other_name) if item.other_name
                        else tr("Are these two groups the same person?"))
            sides = [list(item.faces), list(item.other_faces)]
            self.captions[0].setText(item.person_name or tr("Unnamed #{person_id}").format(person_id=item.person_id))
            self.captions[1].setText(other)
        else:
            name = item.person_name or tr("Unnamed #{person_id}").format(person_id=item.person_id)
            question = tr("Is this {name}?").format(name=name)
            sides = [[item.face_id], self.faces_of.get(item.person_id, [])]
            self.captions[0].setText(tr("this face"))
            self.captions[1].setText(name)
        self.question.setText(f"<b>{escape(question)}</b><br><small>{escape(count)}</small>")  # not translated: markup around translated words
        for labels, faces in zip(self.sides, sides):
            for k, label in enumerate(labels):
                pix = self.loader.pixmap(f"face:{faces[k]}") if k < len(faces) else None
                label.setVisible(k < len(faces))
                if pix is not None:
                    label.setPixmap(pix)

    def reply(self, answer_text: str) -> None:
        from facealbum.core.review import record_answer, skip_key

        if not self.queue:
            return
        item = self.queue.pop(0)
        if answer_text == "skip":
            self.skipped.add(skip_key(item))
            # Not a correction (nothing to undo): kept so that the questions stop when they stop paying.
            self.ops.tasks.query(lambda catalog: record_answer(catalog, item, "skip")).run()
        else:
            self.ops.answer(item, answer_text)
            # Questions about the same faces or groups are stale now: the next refresh asks anew.
            touched = {item.person_id, item.other_id} - {None}
            self.queue = [q for q in self.queue if q.face_id != item.face_id
                          and not ({q.person_id, q.other_id} & touched and q.kind == "same-person")]
        self._show()


class UnknownPage(QWidget):
    """Unnamed groups, largest first, each nameable in one step; then single unknown faces."""

    open_person = Signal(int)
    compare_faces = Signal(int, int)

    def __init__(self, ops, loader, parent=None):
        super().__init__(parent)
        self.ops = ops
        self.names: list[str] = []
        self.review = ReviewPanel(ops.library, ops, loader)
        self.review.setVisible(False)
        self.groups = PeopleModel(ops, loader, unnamed_only=True)
        self.group_view = GridView(tile=112)
        self.group_view.setObjectName("unknownGroups")
        self.group_view.setModel(self.groups)
        self.group_view.activated_id.connect(self.open_person)
        self.group_name = QLineEdit()
        self.group_name.setPlaceholderText(tr("Name the selected group and press Enter"))
        self.group_name.returnPressed.connect(self._name_group)
        self.faces = FacesModel(ops.tasks, loader)
        self.face_view = GridView(tile=96, text_lines=0)
        self.face_view.setObjectName("unknownFaces")
        self.face_view.setModel(self.faces)
        accept_drops(self.face_view, False)
        self.face_name = QLineEdit()
        self.face_name.setPlaceholderText(tr("Name the selected faces and press Enter"))
        self.face_name.returnPressed.connect(self._name_faces)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.addWidget(_title(tr("Unknown people")))
        tl.addWidget(QLabel(tr("Groups of faces that look like one person, largest first.")))
        tl.addWidget(self.group_view)
        self.no_groups = QLabel(tr("No unnamed groups: every group of faces has a name."))
        self.no_groups.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_groups.setEnabled(False)
        tl.addWidget(self.no_groups)
        tl.addWidget(self.group_name)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.addWidget(QLabel(tr("Faces in no group (one of a kind, or too small or unclear to group on their own):")))
        bl.addWidget(self.face_view)
        bl.addWidget(self.face_name)
        split.addWidget(top)
        split.addWidget(bottom)
        self.face_view.addAction(_action(self, tr("Compare two faces"), self._compare, "Ctrl+K"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.review)
        layout.addWidget(split)

    def _compare(self) -> None:
        ids = self.face_view.selected_ids()
        if len(ids) == 2:
            self.compare_faces.emit(ids[0], ids[1])

    def refresh(self, snapshot, faces: bool = True) -> None:
        """The groups from the window's snapshot; the questions and the loose faces are read anew."""
        self.review.refresh()
        self.groups.refresh(snapshot.people, snapshot.covers)
        has_groups = self.groups.rowCount() > 0
        self.group_view.setVisible(has_groups)
        self.group_name.setVisible(has_groups)
        self.no_groups.setVisible(not has_groups)
        if faces:
            self.faces.show_unassigned()
        if snapshot.names != self.names:
            self.names = snapshot.names
            self.group_name.setCompleter(_name_completer(self.names, self))
            self.face_name.setCompleter(_name_completer(self.names, self))

    def _name_group(self) -> None:
        name = self.group_name.text().strip()
        ids = self.group_view.selected_ids() or ([self.groups.people[0].id] if self.groups.people else [])
        if not name or not ids:
            return
        # One correction, one undo step: rename (and merge the other groups in), or merge into
        # the person who already has that name.
        if self.ops.name(ids, name):
            self.group_name.clear()

    def _name_faces(self) -> None:
        name = self.face_name.text().strip()
        ids = self.face_view.selected_ids()
        if name and ids:
            self.ops.name_faces(ids, name)
            self.face_name.clear()


class PhotosPage(QWidget):
    open_photo = Signal(int, list)

    def __init__(self, tasks, loader, parent=None):
        super().__init__(parent)
        self.model = PhotosModel(tasks, loader)
        self.model.loaded.connect(self._loaded)
        self.has_ages = False
        self.view = GridView(tile=160, text_lines=1)
        self.view.setObjectName("photoGrid")
        self.view.setModel(self.model)
        self.view.setDragEnabled(False)
        accept_drops(self.view, False)
        self.view.activated_id.connect(lambda pid: self.open_photo.emit(pid, [row[0] for row in self.model.photos]))
        self.heading = _title(tr("Photos"))
        self.count = QLabel()
        # Ages and genders exist only with a pack that has InsightFace's genderage model.
        self.age_filter = QComboBox()
        self.age_filter.setObjectName("ageFilter")
        self.age_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, data in ((tr("Everyone"), None), (tr("Children (0-12)"), (0, 12, None)), (tr("Teens (13-19)"), (13, 19, None)),
                           (tr("Adults (20-64)"), (20, 64, None)), (tr("Seniors (65+)"), (65, None, None)),
                           (tr("Women"), (None, None, "F")), (tr("Men"), (None, None, "M"))):
            self.age_filter.addItem(text, data)
        self.age_filter.currentIndexChanged.connect(self._filter)
        # Photos run oldest first by the date taken; the year list jumps to one year of them.
        self.year_filter = QComboBox()
        self.year_filter.setObjectName("yearFilter")
        # Its items are made after the photos arrive, and in Japanese they are wider than the first.
        self.year_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year_filter.currentIndexChanged.connect(self._year_chosen)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(self.year_filter)
        top.addWidget(self.age_filter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)

    def show_folder(self, folder: str) -> None:
        self._folder = folder
        self.age_filter.blockSignals(True)
        self.age_filter.setCurrentIndex(0)
        self.age_filter.blockSignals(False)
        self.age_filter.setVisible(self.has_ages)
        self._title = folder
        self.model.show_folder(folder)

    def _filter(self) -> None:
        data = self.age_filter.currentData()
        if data is None:
            self.show_folder(getattr(self, "_folder", ""))
            return
        low, high, gender = data
        folder = getattr(self, "_folder", "")
        prefix = folder.rstrip("/") + "/"
        # The filter applies within the folder shown.
        self._title = tr("{filter} in {folder}").format(filter=self.age_filter.currentText(), folder=folder or tr('all photos'))
        self.model.show_ages(low, high, gender, wanted=(lambda path: path.startswith(prefix)) if folder else None)

    def show_people(self, ids: list[int], title: str) -> None:
        self.age_filter.setVisible(False)
        self._title = title
        self.model.show_people(ids)

    def _loaded(self) -> None:
        self.heading.setText(self._title)
        self._fill_years()
        self._count()

    def _count(self) -> None:
        self.count.setText(tr("  {count} photos").format(count=self.model.rowCount()))

    def _fill_years(self) -> None:
        """A new set of photos starts on all years; the list offers the years it holds."""
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        years = self.model.years()
        self.year_filter.addItem(tr("All dates ({all_photos_count})").format(all_photos_count=len(self.model.all_photos)), None)
        for year, n in years:
            self.year_filter.addItem(tr("{year} ({count})").format(year=year or tr("No date"), count=n), year)
        self.year_filter.setCurrentIndex(0)
        self.year_filter.blockSignals(False)
        self.year_filter.setVisible(len(years) > 1)
        self.model.show_year(None)

    def _year_chosen(self) -> None:
        self.model.show_year(self.year_filter.currentData())
        self._count()
