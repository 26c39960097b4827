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
    QLabel,
    QLineEdit,
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

FILE_PAGE, MAPPING_PAGE, CHECK_PAGE = range(3)
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
        self.combos: dict[str, QComboBox] = {}
        self.grid = QFormLayout()
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Create new customers only"), "create")
        self.mode.addItem(self.tr("Update existing customers only"), "update")
        self.mode.addItem(self.tr("Create new and update existing"), "upsert")
        self.key = QComboBox()
        for key in ("code", "tax_id", "phone", "name"):
            self.key.addItem(target_label(key), key)
        options = QFormLayout()
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
        self.combos = {}
        for target in TARGETS:
            combo = QComboBox()
            combo.addItem(self.tr("(not imported)"), "")
            for column in self.header:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(0, combo.findData(guessed.get(target, ""))))
            self.combos[target] = combo
            self.grid.addRow(target_label(target), combo)

    def mapping(self) -> dict[str, str]:
        return {target: combo.currentData() for target, combo in self.combos.items() if combo.currentData()}


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
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))

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

        ops.run(self, work, self._checked, write=False, label=self.tr("Checking the file..."), cancellable=True)

    def _checked(self, report: Any) -> None:
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


class ImportWizard(QWizard):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.result_report: Any = None
        self._importing = False
        self.setWindowTitle(self.tr("Import customers"))
        self.file_page, self.mapping_page, self.check_page = FilePage(), MappingPage(), CheckPage(state)
        self.setPage(FILE_PAGE, self.file_page)
        self.setPage(MAPPING_PAGE, self.mapping_page)
        self.setPage(CHECK_PAGE, self.check_page)
        self.resize(760, 620)

    def validateCurrentPage(self) -> bool:
        if self.currentId() != CHECK_PAGE or self.result_report is not None:
            return super().validateCurrentPage()
        if self._importing:
            return False
        self._importing = True
        context, path = self.state.context, Path(self.file_page.path.text())
        options = self.check_page.options()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.customer_import import run_import

            return run_import(context, path, options, dry_run=False, progress=progress.report)

        def done(report: Any) -> None:
            from desktop_app.services.customer_import import import_changes

            self.result_report = report
            self.state.publish(import_changes(report))
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            self.button(QWizard.WizardButton.FinishButton).click()  # validates now, and closes

        def failed(error: BaseException) -> None:
            from desktop_app.views.error_dialog import show_error

            self._importing = False
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            show_error(self, error)

        ops.run(self, work, done, failed, label=self.tr("Importing..."))
        return False

