"""Plans (套餐/价格方案): the list of plans, the versions of the selected one, and what can be done with
them: new, edit (a published plan gets a new draft version), publish, duplicate, archive; everyone who
may see plans can open a version read-only and try prices in its calculator."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.catalog_text import STATUSES, name_of
from desktop_app.views.forms import FormErrors, save_and_close
from desktop_app.views.pages.audit import local, table
from desktop_app.views.pages.products import widen
from desktop_app.views.plan_editor import PlanEditor
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel, selected_record


class DuplicateDialog(QDialog):
    """A new code and name for the copy of a plan."""

    def __init__(self, state: AppState, plan: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.plan = state, plan
        self.setWindowTitle(self.tr("Duplicate plan"))
        self.code = QLineEdit(f"{plan.code}-copy")
        self.code.setMaxLength(40)
        self.name = QLineEdit(self.tr("{0} (copy)").format(plan.name))
        form = QFormLayout()
        form.addRow(self.tr("New code *"), self.code)
        form.addRow(self.tr("New name *"), self.name)
        self.errors = FormErrors({"code": self.code, "name": self.name})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("The copy starts as draft version 1 of a new plan, from the latest version of this one."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.resize(420, 0)

    def save(self) -> None:
        context, plan_id, code, name = self.state.context, self.plan.id, self.code.text(), self.name.text()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import duplicate_plan

            return duplicate_plan(context, plan_id, code, name)

        save_and_close(self, work, self.ok_button, self.errors.show)


class PlansPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.editor: PlanEditor | None = None
        self.dialog: QDialog | None = None
        access = state.user.access
        self.can_create, self.can_edit = access.can("products", "create"), access.can("products", "edit")
        # a new plan needs prices: only a role that may set them (field rule products.unit_price editable)
        self.can_create = self.can_create and amounts.editable(access, "products")
        self.can_publish = access.can("products", "approve")
        title = QLabel(self.tr("Plans"))
        title.setObjectName("pageTitle")
        note = QLabel(self.tr("A plan is how you charge: fees, seats, modules, usage, top-ups, tier prices. Changes "
                              "are saved as a draft version; publishing it makes it the version new subscriptions "
                              "get, while existing subscriptions keep theirs until they are moved."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        dash = "—"
        self.model = RecordTableModel([
            Column(self.tr("Code"), lambda p: p.code),
            Column(self.tr("Name"), lambda p: p.name, tooltip=lambda p: p.description),
            Column(self.tr("Published version"), lambda p: p.published_number or dash, align_right=True),
            Column(self.tr("Draft"), lambda p: self.tr("version {0}").format(p.draft_number)
                   if p.draft_number else ""),
            Column(self.tr("Status"), lambda p: self.tr("Archived") if p.archived else
                   (self.tr("On offer") if p.published_number else self.tr("Not published yet"))),
        ], self)
        self.table = table(self.model)
        widen(self.table, {0: 100, 1: 220, 2: 100, 3: 100})
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected_plan())
        self.table.doubleClicked.connect(lambda _index: self.edit() if self.can_edit else self.view())
        self.versions = RecordTableModel([
            Column(self.tr("Version"), lambda v: v.number, align_right=True),
            Column(self.tr("Status"), lambda v: name_of(STATUSES, v.status)),
            Column(self.tr("Published at"), lambda v: local(v.published_at) if v.published_at else ""),
            Column(self.tr("Published by"), lambda v: v.published_by),
        ], self)
        self.version_table = table(self.versions)
        widen(self.version_table, {2: 160, 3: 120})
        self.version_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.version_table.doubleClicked.connect(lambda _index: self.view())
        self.new_button = QPushButton(self.tr("New plan..."))
        self.new_button.clicked.connect(self.new_plan)
        self.edit_button = QPushButton(self.tr("Edit..."))
        self.edit_button.clicked.connect(self.edit)
        self.publish_button = QPushButton(self.tr("Publish"))
        self.publish_button.clicked.connect(self.publish)
        self.duplicate_button = QPushButton(self.tr("Duplicate..."))
        self.duplicate_button.clicked.connect(self.duplicate)
        self.archive_button = QPushButton(self.tr("Archive"))
        self.archive_button.clicked.connect(lambda: self.archive(True))
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.clicked.connect(lambda: self.archive(False))
        self.view_button = QPushButton(self.tr("Open / price calculator"))
        self.view_button.clicked.connect(self.view)
        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.show_archived.toggled.connect(lambda _on: self.reload())
        visible = {self.new_button: self.can_create, self.duplicate_button: self.can_create,
                   self.edit_button: self.can_edit, self.archive_button: self.can_edit,
                   self.restore_button: self.can_edit, self.publish_button: self.can_publish}
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.publish_button, self.duplicate_button,
                       self.archive_button, self.restore_button, self.view_button):
            buttons.addWidget(button)
            button.setVisible(visible.get(button, True))
        buttons.addStretch(1)
        buttons.addWidget(self.show_archived)
        versions_box = QWidget()
        versions_column = QVBoxLayout(versions_box)
        versions_column.setContentsMargins(0, 8, 0, 0)
        self.versions_title = QLabel(self.tr("Versions"))
        self.versions_title.setStyleSheet("font-weight: 600;")
        versions_column.addWidget(self.versions_title)
        versions_column.addWidget(self.version_table, 1)
        splitter = QSplitter()
        splitter.setOrientation(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(versions_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        state.bus.changed.connect(lambda changes: changes.catalog and self.reload())
        self._enable()
        self.reload()

    def selected(self) -> Any:
        return selected_record(self.table)

    def selected_version(self) -> Any:
        return selected_record(self.version_table)

    def _enable(self) -> None:
        plan = self.selected()
        live = plan is not None and not plan.archived
        self.edit_button.setEnabled(live)
        self.publish_button.setEnabled(live and plan.draft_number is not None)
        self.duplicate_button.setEnabled(plan is not None)
        self.archive_button.setEnabled(live)
        self.restore_button.setEnabled(plan is not None and plan.archived)
        self.view_button.setEnabled(plan is not None)

    def reload(self) -> None:
        context, archived = self.state.context, self.show_archived.isChecked()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import list_plans

            return list_plans(context, include_archived=archived)

        def done(plans: list[Any]) -> None:
            self.model.replace_rows(self.table, plans)
            self._selected_plan()

        ops.run(self, work, done, write=False)

    def _selected_plan(self) -> None:
        self._enable()
        plan, context = self.selected(), self.state.context
        if plan is None:
            self.versions.set_rows([])
            self.versions_title.setText(self.tr("Versions"))
            return
        self.versions_title.setText(self.tr("Versions of {0}").format(plan.name))

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import list_versions

            return list_versions(context, plan.id)

        def done(versions: list[Any]) -> None:
            current = self.selected()
            if current is not None and current.id == plan.id:
                self.versions.set_rows(versions)

        ops.run(self, work, done, write=False)

    def new_plan(self) -> None:
        if self.can_create:
            self.editor = PlanEditor(self.state, None, None, parent=self)
            self.editor.open()

    def _open(self, plan: Any, choose: Any, read_only: bool) -> None:
        """Open the editor on the version ``choose(versions)`` picks (loaded fresh: it may have changed)."""
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import list_versions

            return list_versions(context, plan.id)

        def done(versions: list[Any]) -> None:
            self.editor = PlanEditor(self.state, plan, choose(versions), read_only, self)
            self.editor.open()

        ops.run(self, work, done, write=False)

    def edit(self) -> None:
        """The draft if there is one; else the published version, whose edit becomes a new draft on saving."""
        plan = self.selected()
        if plan is None or plan.archived or not self.can_edit:
            return
        self._open(plan, lambda versions: next((v for v in versions if v.status == "draft"), versions[0]), False)

    def view(self) -> None:
        """The chosen version read-only (default: the published one), with the calculator."""
        plan, chosen = self.selected(), self.selected_version()
        if plan is None:
            return

        def pick(versions: list[Any]) -> Any:
            if chosen is not None and chosen.plan_id == plan.id:
                return next((v for v in versions if v.id == chosen.id), versions[0])
            return next((v for v in versions if v.status == "published"), versions[0])

        self._open(plan, pick, True)

    def publish(self) -> None:
        plan, context = self.selected(), self.state.context
        if plan is None or plan.draft_number is None or not self.can_publish:
            return
        answer = QMessageBox.question(
            self, self.tr("Publish plan"),
            self.tr("Publish version {0} of {1}? New subscriptions get it; existing subscriptions stay on "
                    "their version until they are moved.").format(plan.draft_number, plan.name))
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import publish

            return publish(context, plan.id, version=plan.version)  # refused if someone changed it meanwhile

        ops.run(self, work, lambda result: self.state.publish(result[1]))

    def duplicate(self) -> None:
        plan = self.selected()
        if plan is not None and self.can_create:
            self.dialog = DuplicateDialog(self.state, plan, self)
            self.dialog.open()

    def archive(self, archived: bool) -> None:
        plan, context = self.selected(), self.state.context
        if plan is None or not self.can_edit:
            return
        if archived:
            self.show_archived.setChecked(True)  # the row stays in view, marked archived

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import archive_plan

            return archive_plan(context, plan.id, archived, version=plan.version)

        ops.run(self, work, self.state.publish)
