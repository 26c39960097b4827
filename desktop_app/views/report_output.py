"""A report's way out: Export… (XLSX or CSV, reports.export), Print preview and Print… (the PDF with the
chart and the table, reports.print). A print is recorded (audit ``report.print``) once the printer took it,
from the preview or from Print… directly; a PDF saved from the preview is written and audited as an export."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton, QWidget

from desktop_app.views import ops
from desktop_app.views.look import icon


def file_name(title: str, period: str) -> str:
    """A file name from the report's title and period: characters Windows refuses become "-"."""
    text = f"{title}-{period}" if period else title
    return re.sub(r'[\\/:*?"<>|\s]+', "-", text).strip("-") or "report"


def record_print(parent: QWidget, state: Any, snapshot: Any) -> None:
    """Record (audit ``report.print``) that ``snapshot`` went to the printer."""
    context = state.context

    def work(_progress: ops.Progress) -> Any:
        from desktop_app.services.reports.output import record_report_print

        return record_report_print(context, snapshot)

    ops.run(parent, work)


@dataclass(frozen=True)
class ReportDocument:
    """The printed report as the preview and save_pdf take a document: a file name and the PDF bytes."""

    name: str
    data: bytes
    copy: bool = False


class ReportOutput(QObject):
    """The Export…, Preview and Print buttons of the reports page (hidden without the permission)."""

    def __init__(self, state: Any, page: QWidget) -> None:
        super().__init__(page)
        self.state, self.page = state, page
        access = state.user.access
        self.can_export, self.can_print = access.can("reports", "export"), access.can("reports", "print")
        self.preview: QDialog | None = None
        self.exported = ""  # the path of the last export
        self.export_button = QPushButton(icon("file-down"), self.tr("Export..."))
        self.export_button.setToolTip(self.tr("Save the report as an Excel workbook (XLSX) or a CSV file"))
        self.export_button.clicked.connect(self.export)
        self.preview_button = QPushButton(icon("eye"), self.tr("Print preview"))
        self.preview_button.clicked.connect(self.print_preview)
        self.print_button = QPushButton(icon("printer"), self.tr("Print..."))
        self.print_button.clicked.connect(self.print_report)
        self.buttons: tuple[QPushButton, ...] = (self.export_button, self.preview_button, self.print_button)
        self.export_button.setVisible(self.can_export)
        self.preview_button.setVisible(self.can_print)
        self.print_button.setVisible(self.can_print)

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons:
            button.setEnabled(enabled)

    @property
    def snapshot(self) -> Any:
        return getattr(self.page, "snapshot", None)

    @property
    def language(self) -> str:
        language: str = getattr(self.page, "language", "en")
        return language

    def _title(self, snapshot: Any) -> str:
        return snapshot.title.text(self.language)

    def _period(self, snapshot: Any) -> str:
        """The period (or as-of day) the page shows for the report."""
        return str(getattr(self.page, "period_text", "") or snapshot.period_label.text(self.language))

    # -- export --------------------------------------------------------------------------------------

    def export(self) -> None:
        snapshot = self.snapshot
        if snapshot is None or not self.can_export:
            return
        from desktop_app.views.printing import pdf_folder, set_pdf_folder

        language = self.language
        name = file_name(self._title(snapshot), self._period(snapshot))
        xlsx, csv = self.tr("Excel workbook (*.xlsx)"), self.tr("CSV file, UTF-8 (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(self.page, self.tr("Export report"),
                                                   str(Path(pdf_folder(self.state)) / f"{name}.xlsx"),
                                                   f"{xlsx};;{csv}")
        if not path:
            return
        if not path.lower().endswith((".xlsx", ".csv")):
            path += ".csv" if chosen == csv else ".xlsx"
        target, context = Path(path), self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.output import export_report

            return export_report(context, snapshot, target, language)

        def done(_result: Any) -> None:
            set_pdf_folder(self.state, str(target.parent))
            self.exported = str(target)
            status = getattr(self.page, "status", None)
            if status is not None:
                status.setText(self.tr("Exported to {0}").format(target))

        ops.run(self.page, work, done)

    # -- print ---------------------------------------------------------------------------------------

    def _pdf(self, then: Any) -> None:
        snapshot, context, language = self.snapshot, self.state.context, self.language
        name = file_name(self._title(snapshot), self._period(snapshot)) + ".pdf"

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.output import report_pdf

            return ReportDocument(name, report_pdf(context, snapshot, language))

        ops.run(self.page, work, lambda document: then(snapshot, document), write=False)

    def print_preview(self) -> None:
        if self.snapshot is None or not self.can_print:
            return

        def show(snapshot: Any, document: Any) -> None:
            from desktop_app.views.report_preview import ReportPreview

            title = f"{self._title(snapshot)} · {self._period(snapshot)}"
            dialog = ReportPreview(self.page, document, title, self.state, snapshot, self.language)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.preview = dialog
            dialog.open()

        self._pdf(show)

    def print_report(self) -> None:
        """Print without a preview: the print dialog, or straight to the default printer when so set."""
        if self.snapshot is None or not self.can_print:
            return

        def send(snapshot: Any, document: Any) -> None:
            from desktop_app.views.printing import print_pdf, prints_directly

            if print_pdf(self.page, document.data, direct=prints_directly(self.state)):
                record_print(self.page, self.state, snapshot)

        self._pdf(send)
