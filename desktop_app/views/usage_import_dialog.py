"""Import usage records (用量) from a CSV or Excel file: check every row first (a dry run: rows, new records,
records imported before, problems with row, column and reason, which can be saved as an error file), then
import. The service imports all or nothing and skips records imported before, so a file imported twice adds
nothing (services/usage.py, docs/formats.md "Usage file")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.error_dialog import message_for
from desktop_app.views.import_wizard import problem_text
from desktop_app.views.pages.audit import compact, table
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel


class UsageImportDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.report: Any = None  # the last dry run (or failed import) of ``checked``
        self.checked: Path | None = None
        self.result: Any = None  # the committed import
        self.busy = False
        self.setWindowTitle(self.tr("Import usage"))
        intro = QLabel(self.tr("A CSV or Excel (.xlsx) file with the columns subscription (or customer), meter, "
                               "timestamp with a time zone, quantity and record_id. Every row is checked first; "
                               "nothing is imported while a row has a problem, and records imported before are "
                               "skipped."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Usage file (.csv or .xlsx)"))
        self.path.textChanged.connect(lambda _text: self._forget())
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self.browse)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.clicked.connect(self.check)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(self.check_button)
        self.summary = QLabel(self.tr("Choose the file, then check it."))
        self.summary.setWordWrap(True)
        self.model = RecordTableModel([
            Column(self.tr("Row"), lambda p: p.row, align_right=True),
            Column(self.tr("Column"), lambda p: p.column),
            Column(self.tr("Problem"), problem_text, tooltip=problem_text),
        ], self)
        self.problems = table(self.model)
        compact(self.problems)
        self.problems.hide()
        self.save_errors = QPushButton(self.tr("Save error file..."))
        self.save_errors.clicked.connect(self.save_error_file)
        self.save_errors.hide()
        self.saved_to = QLabel()
        self.saved_to.setProperty("role", "muted")
        errors_row = QHBoxLayout()
        errors_row.addWidget(self.save_errors)
        errors_row.addWidget(self.saved_to, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)  # takes the room while there is no problem to list
        layout.addLayout(errors_row)
        layout.addWidget(buttons)
        self.resize(760, 520)

    def _forget(self) -> None:
        """Another file: what was checked no longer applies."""
        if not self.busy:
            self.report, self.checked = None, None
            self.import_button.setEnabled(False)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import usage"), "",
                                              self.tr("Usage files (*.csv *.xlsx)"))
        if path:
            self.path.setText(path)
            self.check()

    def check(self) -> None:
        """The dry run: every row validated, nothing written."""
        path = Path(self.path.text().strip())
        if not path.is_file():
            self.summary.setText(self.tr("Choose a file that exists."))
            self._role("error")
            return
        self._start()
        context = self.state.context
        self.summary.setText(self.tr("Checking..."))
        self._role("")

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.usage import import_usage

            return import_usage(context, path, dry_run=True)

        def done(report: Any) -> None:
            self._stop()
            self.checked = path
            self.show_report(report)

        ops.run(self, work, done, self._failed, write=False, label=self.tr("Checking the file..."))

    def import_file(self) -> None:
        path = self.checked
        if path is None or self.report is None or not self.report.ok or self.busy:
            return
        self._start()
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.usage import import_usage

            return import_usage(context, path, dry_run=False)

        def done(report: Any) -> None:
            self._stop()
            if not report.committed:  # the file or the data changed since the check: show what is wrong now
                self.show_report(report)
                return
            self.result = report
            self.show_report(report)

        ops.run(self, work, done, self._failed, label=self.tr("Importing..."))

    def _start(self) -> None:
        self.busy = True
        for button in (self.check_button, self.import_button):
            button.setEnabled(False)

    def _stop(self) -> None:
        self.busy = False
        self.check_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self._stop()
        self.report = None
        self.summary.setText(message_for(error))
        self._role("error")

    def show_report(self, report: Any) -> None:
        self.report = report
        self.model.set_rows(report.problems)
        self.problems.setVisible(bool(report.problems))
        self.save_errors.setVisible(bool(report.problems))
        self.saved_to.setText("")
        if report.committed:
            text = self.tr("Imported: {0} new records added; {1} imported before were skipped.").format(
                report.new, report.already_imported)
        elif report.problems:
            text = self.tr("{0} rows, {1} problems. Nothing will be imported until every row is right: correct the "
                           "file and check it again.").format(report.rows, len(report.problems))
        elif report.new == 0 and report.already_imported:
            text = self.tr("All {0} records of this file were already imported: there is nothing new to import.") \
                .format(report.already_imported)
        elif report.new == 0:
            text = self.tr("The file has no usage records.")
        else:
            text = self.tr("{0} rows are fine: {1} new records, {2} already imported (skipped). Press Import.") \
                .format(report.rows, report.new, report.already_imported)
        self.summary.setText(text)
        self._role("ok" if report.committed else "error" if report.problems else "")
        self.import_button.setEnabled(report.ok and report.new > 0 and not report.committed)

    def _role(self, role: str) -> None:
        """The summary in green (imported), red (problems) or plain."""
        self.summary.setProperty("role", role)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    def save_error_file(self) -> None:
        report = self.report
        if report is None or not report.problems:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save error file"), "usage-problems.xlsx",
                                              self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
        if not path:
            return

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.usage import write_problems

            write_problems(report, Path(path))
            return path

        ops.run(self, work, lambda saved: self.saved_to.setText(self.tr("Saved to {0}").format(saved)),
                write=False)
