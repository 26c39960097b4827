"""Import customers: choose a file, map its columns, check every row (dry run), then import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
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
from desktop_app.views.import_mapping import TARGETS, MappingPage, target_label
from desktop_app.views.pages.audit import compact, table
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel

FILE_PAGE, MAPPING_PAGE, CHECK_PAGE, DONE_PAGE = range(4)
__all__ = ["TARGETS", "ImportWizard", "MappingPage", "target_label"]


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

