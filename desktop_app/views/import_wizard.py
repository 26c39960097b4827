"""Import customers: choose a file, map its columns, check every row (dry run), then import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.views import ops
from desktop_app.views.messages import field_label
from desktop_app.views.pages.audit import compact, table
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel

FILE_PAGE, MAPPING_PAGE, CHECK_PAGE, DONE_PAGE = range(4)
PRESET_KIND = "import_mapping"
TARGETS = ("code", "name", "short_name", "kind", "status", "tier", "industry", "region", "address", "source",
           "tags", "tax_id", "invoice_title", "bank_name", "bank_account", "phone", "email", "notes", "owner",
           "created_at")


def target_label(target: str) -> str:
    extra = {"code": QCoreApplication.translate("ImportWizard", "Code"),
             "kind": QCoreApplication.translate("ImportWizard", "Type"),
             "status": QCoreApplication.translate("ImportWizard", "Status"),
             "tier": QCoreApplication.translate("ImportWizard", "Membership tier"),
             "notes": QCoreApplication.translate("ImportWizard", "Notes"),
             "owner": QCoreApplication.translate("ImportWizard", "Owner (login name)"),
             "created_at": QCoreApplication.translate("ImportWizard", "Created on")}
    return extra.get(target) or field_label(target)


def problem_text(problem: Any) -> str:
    from desktop_app.errors import DomainError
    from desktop_app.views.messages import describe

    return describe(DomainError(problem.code, **problem.params))


class FilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("CSV (UTF-8, GBK or UTF-16, as Excel saves it) or an Excel workbook (.xlsx) "
                                 "with a header row."))
        self.path = QLineEdit()
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addStretch(1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import customers"), "",
                                              self.tr("Customer lists (*.csv *.xlsx)"))
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return Path(self.path.text()).is_file()


class MappingPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Columns with familiar headers are matched already. Check them and choose how "
                                 "existing customers are recognised."))
        self.header: list[str] = []
        self.combos: dict[str, QComboBox] = {}  # target -> column; custom fields as custom.<key>, after the others
        self.fields: list[Any] = []  # the active custom fields (services.custom_fields.CustomFieldInfo)
        self._loading = 0  # which initializePage a background answer belongs to
        self.presets: dict[int, Any] = {}  # id -> services.saved_views.SavedViewInfo
        self.preset = QComboBox()
        self.preset.setMinimumWidth(200)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.save_preset = QPushButton(self.tr("Save preset..."))
        self.save_preset.clicked.connect(self._save_preset)
        self.delete_preset = QPushButton(self.tr("Delete preset"))
        self.delete_preset.clicked.connect(self._delete_preset)
        self.grid = QFormLayout()
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Create new customers only"), "create")
        self.mode.addItem(self.tr("Update existing customers only"), "update")
        self.mode.addItem(self.tr("Create new and update existing"), "upsert")
        self.key = QComboBox()
        for key in ("code", "tax_id", "phone", "name"):
            self.key.addItem(target_label(key), key)
        presets = QHBoxLayout()
        presets.addWidget(self.preset, 1)
        presets.addWidget(self.save_preset)
        presets.addWidget(self.delete_preset)
        options = QFormLayout()
        options.addRow(self.tr("Preset"), presets)
        options.addRow(self.tr("Mode"), self.mode)
        options.addRow(self.tr("Recognise existing customers by"), self.key)
        holder = QWidget()
        holder.setLayout(self.grid)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(holder, 1)

    def initializePage(self) -> None:
        from desktop_app.services.customer_import import auto_mapping, read_table

        path = Path(self.wizard().file_page.path.text())
        self.header, _rows = read_table(path)
        guessed = auto_mapping(self.header)
        while self.grid.rowCount():
            self.grid.removeRow(0)
        self.combos, self.fields = {}, []
        for target in TARGETS:
            self._add_row(target, target_label(target), guessed.get(target, ""))
        self._loading += 1
        loading, context = self._loading, self.wizard().state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.customer_import import import_fields

            return import_fields(context)

        def loaded(fields: list[Any]) -> None:
            if loading == self._loading:  # not the answer for a file chosen before
                self.add_custom_fields(fields)

        def failed(error: BaseException) -> None:
            from desktop_app.views.error_dialog import show_error

            show_error(self, error)
            if loading == self._loading:  # the built-in fields and the presets still work
                self.add_custom_fields([])

        ops.run(self, work, loaded, failed, write=False)

    def _add_row(self, target: str, label: str, guess: str) -> None:
        combo = QComboBox()
        combo.addItem(self.tr("(not imported)"), "")
        for column in self.header:
            combo.addItem(column, column)
        combo.setCurrentIndex(max(0, combo.findData(guess)))
        self.combos[target] = combo
        self.grid.addRow(label, combo)

    def add_custom_fields(self, fields: list[Any]) -> None:
        """A row per active custom field after the built-in ones, labelled as on the form; then the presets
        (which may name custom fields)."""
        from desktop_app.services.customer_import import auto_mapping, custom_target

        self.fields = list(fields)
        guessed = auto_mapping(self.header, self.fields)
        for info in self.fields:
            target = custom_target(info.key)
            self._add_row(target, info.label, guessed.get(target, ""))
        self.load_presets()

    def mapping(self) -> dict[str, str]:
        return {target: combo.currentData() for target, combo in self.combos.items() if combo.currentData()}

    # --- presets: saved mappings of the user ---------------------------------------------------------

    def load_presets(self, select_id: int | None = None) -> None:
        context = self.wizard().state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import list_views

            return list_views(context, PRESET_KIND)

        def loaded(views: list[Any]) -> None:
            self.presets = {view.id: view for view in views}
            self.preset.blockSignals(True)
            self.preset.clear()
            self.preset.addItem(self.tr("(no preset)"), None)
            for view in views:
                self.preset.addItem(view.name, view.id)
            self.preset.setCurrentIndex(max(0, self.preset.findData(select_id)) if select_id is not None else 0)
            self.preset.blockSignals(False)
            self.delete_preset.setEnabled(self.preset.currentData() is not None)

        ops.run(self, work, loaded, write=False)

    def _preset_chosen(self, _index: int) -> None:
        view = self.presets.get(self.preset.currentData())
        self.delete_preset.setEnabled(view is not None)
        if view is not None:
            self.apply_preset(view.data)

    def apply_preset(self, data: dict[str, Any]) -> None:
        """The preset's columns where this file has them; its mode and how customers are recognised."""
        from desktop_app.services.customer_import import preset_mapping

        mapping = preset_mapping(self.header, dict(data.get("mapping") or {}), self.fields)
        for target, combo in self.combos.items():
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(target, ""))))
        for combo, value in ((self.mode, data.get("mode")), (self.key, data.get("match_key"))):
            if combo.findData(value) >= 0:
                combo.setCurrentIndex(combo.findData(value))

    def _save_preset(self) -> None:
        current = self.presets.get(self.preset.currentData())
        name, ok = QInputDialog.getText(self, self.tr("Save preset"), self.tr("Save this column mapping as:"),
                                        text=current.name if current else "")
        if not ok or not name.strip():
            return
        context = self.wizard().state.context
        data = {"mapping": self.mapping(), "mode": self.mode.currentData(), "match_key": self.key.currentData()}

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import save_view

            return save_view(context, PRESET_KIND, name, data)[0]

        ops.run(self, work, lambda view: self.load_presets(view.id))

    def _delete_preset(self) -> None:
        view = self.presets.get(self.preset.currentData())
        if view is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete preset"),
                                      self.tr('Delete the preset "{0}"?').format(view.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        context = self.wizard().state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import delete_view

            return delete_view(context, view.id)

        ops.run(self, work, lambda _changes: self.load_presets())


class CheckPage(QWizardPage):
    """Runs the dry run on entry; "Import" is enabled only when every row is right."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Check every row"))
        self.report: Any = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RecordTableModel([
            Column(self.tr("Row"), lambda p: p.row, align_right=True),
            Column(self.tr("Column"), lambda p: p.column),
            Column(self.tr("Problem"), problem_text, tooltip=problem_text),
        ], self)
        self.problems = table(self.model)
        compact(self.problems)
        self.save_errors = QPushButton(self.tr("Save the problems as Excel..."))
        self.save_errors.clicked.connect(self._save_errors)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.save_errors)
        self.setCommitPage(True)  # after the import there is no way back, only "Undo this import"
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))

    def options(self) -> Any:
        from desktop_app.services.customer_import import ImportOptions

        mapping_page = self.wizard().mapping_page
        return ImportOptions(mapping_page.mapping(), mapping_page.mode.currentData(), mapping_page.key.currentData())

    def initializePage(self) -> None:
        self.report = None
        self.summary.setText(self.tr("Checking..."))
        self.model.set_rows([])
        context, path, options = self.state.context, Path(self.wizard().file_page.path.text()), self.options()

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.customer_import import run_import

            return run_import(context, path, options, dry_run=True, progress=progress.report)

        ops.run(self, work, self.show_report, write=False, label=self.tr("Checking the file..."), cancellable=True)

    def show_report(self, report: Any) -> None:
        self.report = report
        self.model.set_rows(report.problems)
        self.save_errors.setVisible(bool(report.problems))
        if report.problems:
            self.summary.setText(self.tr("{0} rows, {1} problems. Nothing will be imported until every row is "
                                         "right: correct the file and go back to check it again.")
                                 .format(report.rows, len(report.problems)))
        else:
            self.summary.setText(self.tr("{0} rows are fine: {1} new customers, {2} updated, {3} unchanged. "
                                         "Press Import.").format(report.rows, report.created, report.updated,
                                                                  report.unchanged))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.report is not None and self.report.ok

    def _save_errors(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the problems"), "import-problems.xlsx",
                                              "Excel (*.xlsx)")
        if path and self.report is not None:
            from desktop_app.services.customer_import import write_problems

            write_problems(self.report, Path(path))


class DonePage(QWizardPage):
    """What was imported, and "Undo this import" while nothing depends on it."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.setTitle(self.tr("Imported"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo this import"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_report: Any = None
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addStretch(1)

    def initializePage(self) -> None:
        report = self.wizard().result_report
        self.summary.setText(self.tr("{0} new customers, {1} updated, {2} unchanged. If this was the wrong file, "
                                     "you can undo the import as long as nobody has worked on these customers.")
                             .format(report.created, report.updated, report.unchanged))
        self.undo_button.setVisible(report.batch_id is not None)
        self.undo_button.setEnabled(True)

    def undo(self) -> None:
        report = self.wizard().result_report
        answer = QMessageBox.question(self, self.tr("Undo this import"), self.tr(
            "Delete the {0} customers this import created and put back the old values of the {1} it updated?")
            .format(report.created, report.updated))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.undo_button.setEnabled(False)
        context, batch_id = self.state.context, report.batch_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.import_undo import undo_import

            return undo_import(context, batch_id)

        def done(result: Any) -> None:
            undo_report, changes = result
            self.undo_report = undo_report
            self.state.publish(changes)
            self.summary.setText(self.tr("The import was undone: {0} customers deleted, {1} restored.")
                                 .format(undo_report.deleted, undo_report.restored))

        def failed(error: BaseException) -> None:
            from desktop_app.views.error_dialog import show_error

            self.undo_button.setEnabled(True)
            show_error(self, error)

        ops.run(self, work, done, failed, label=self.tr("Undoing the import..."))


class ImportWizard(QWizard):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.result_report: Any = None
        self._importing = False
        self.setWindowTitle(self.tr("Import customers"))
        self.file_page, self.mapping_page, self.check_page = FilePage(), MappingPage(), CheckPage(state)
        self.done_page = DonePage(state)
        self.setPage(FILE_PAGE, self.file_page)
        self.setPage(MAPPING_PAGE, self.mapping_page)
        self.setPage(CHECK_PAGE, self.check_page)
        self.setPage(DONE_PAGE, self.done_page)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)  # imported: nothing left to cancel
        self.resize(760, 620)

    def validateCurrentPage(self) -> bool:
        if self.currentId() != CHECK_PAGE or self.result_report is not None:
            return super().validateCurrentPage()
        if self._importing:
            return False
        self._importing = True
        context, path = self.state.context, Path(self.file_page.path.text())
        options = self.check_page.options()
        self.button(QWizard.WizardButton.CommitButton).setEnabled(False)

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.customer_import import run_import

            return run_import(context, path, options, dry_run=False, progress=progress.report)

        def done(report: Any) -> None:
            from desktop_app.services.customer_import import import_changes

            self._importing = False
            self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
            if not report.committed:  # a row went wrong since the check (someone else's change): show it
                self.check_page.show_report(report)
                return
            self.result_report = report
            self.state.publish(import_changes(report))
            self.next()  # validates now, and shows what was imported

        def failed(error: BaseException) -> None:
            from desktop_app.views.error_dialog import show_error

            self._importing = False
            self.button(QWizard.WizardButton.CommitButton).setEnabled(True)
            show_error(self, error)

        ops.run(self, work, done, failed, label=self.tr("Importing..."))
        return False

