"""The print preview of a report: the common preview dialog, where Print records the print once the printer
took it (audit ``report.print``), and Save as PDF writes the report through the export service (audited as a
PDF export) rather than copying bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop_app.views import ops
from desktop_app.views.pdf_view import PreviewDialog


class ReportPreview(PreviewDialog):
    def __init__(self, parent: QWidget | None, document: Any, title: str, state: Any, snapshot: Any,
                 language: str) -> None:
        self.snapshot, self.language = snapshot, language
        super().__init__(parent, document, title, state=state)

    def print_document(self) -> bool:
        from desktop_app.views.report_output import record_print

        done = super().print_document()
        if done:
            record_print(self, self.state, self.snapshot)
        return done

    def save(self) -> None:
        from desktop_app.views.printing import pdf_folder, set_pdf_folder

        title = QCoreApplication.translate("Printing", "Save as PDF")
        pdf_files = QCoreApplication.translate("Printing", "PDF files (*.pdf)")
        path, _filter = QFileDialog.getSaveFileName(self, title, str(Path(pdf_folder(self.state)) / self.document.name),
                                                    pdf_files)
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        context, snapshot, language = self.state.context, self.snapshot, self.language

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.output import export_report

            return export_report(context, snapshot, target, language)

        def done(_path: Any) -> None:
            set_pdf_folder(self.state, str(target.parent))
            self.status.setText(QCoreApplication.translate("PreviewDialog", "Saved to {0}").format(target))

        ops.run(self, work, done)
