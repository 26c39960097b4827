"""Printing or exporting several bills at once (批量打印 / 批量导出): one combined PDF or one file per bill
(named by its number), with or without prices, into a folder. ``services.documents.export_bills`` makes and
writes them in the background (``ops.run``) with progress and Cancel, streamed: the files are written as the
bills are made, in chunks, with the rendering in worker processes, so a batch of thousands never sits in
memory. The service never overwrites a file: a name already taken gets " (2)", " (3)"… added. Printing
streams the combined PDF into a temporary folder the same way and prints it from there (the print path
needs the document's bytes; this way they are held once, not once per bill and again combined)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.look import icon
from desktop_app.views.state import AppState


class BatchPrintDialog(QDialog):
    """``export`` False: print the bills as one job; True: write PDFs into a folder."""

    def __init__(self, state: AppState, bills: list[Any], export: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.views.printing import pdf_folder, prints_directly

        bills = sorted(bills, key=lambda bill: bill.id)  # in the order they were made: numbers ascending
        self.state, self.bills, self.export = state, bills, export
        self.ids = [bill.id for bill in bills]
        self.progress: ops.Progress | None = None
        self.running = False
        self.files: list[Path] | None = None  # the files made (printing: the temporary combined one)
        self.written: list[Path] = []
        self.renamed = 0
        self.printed = False
        count = len(bills)
        self.setWindowTitle(self.tr("Export bills as PDF") if export else self.tr("Print bills"))
        title = QLabel(self.tr("Export {0} bills as PDF").format(count) if export
                       else self.tr("Print {0} bills").format(count))
        title.setObjectName("pageTitle")
        codes = [bill.code or self.tr("draft #{0}").format(bill.id) for bill in bills]
        listed = ", ".join(codes[:6]) + (self.tr(" and {0} more").format(count - 6) if count > 6 else "")
        which = QLabel(listed)
        which.setWordWrap(True)
        which.setProperty("role", "muted")
        self.combined = QRadioButton(self.tr("One combined PDF"))
        self.separate = QRadioButton(self.tr("One file per bill, named by its number"))
        group = QButtonGroup(self)
        for choice in (self.combined, self.separate):
            group.addButton(choice)
        (self.separate if export else self.combined).setChecked(True)
        self.without_prices = QCheckBox(self.tr("Without prices (quantities only, e.g. as a delivery note)"))
        self.prices_withheld = not amounts.shown(amounts.rule(state.user.access, "bills"))
        if self.prices_withheld:  # the role does not show bill amounts: the services print without prices anyway
            self.without_prices.setChecked(True)
            self.without_prices.setEnabled(False)
            self.without_prices.setToolTip(amounts.note("bills", amounts.rule(state.user.access, "bills")))
        self.folder = QLineEdit(pdf_folder(state))
        self.folder.setMinimumWidth(320)
        choose = QPushButton(self.tr("Choose..."))
        choose.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("Files"), self.combined)
        form.addRow("", self.separate)
        form.addRow(self.tr("Prices"), self.without_prices)
        form.addRow(self.tr("Folder"), folder_row)
        self.folder_widgets = (self.combined, self.separate, self.folder, choose)
        if not export:  # a print job is one document; the folder does not matter
            for row in (0, 1, 3):
                form.setRowVisible(row, False)
        direct = QLabel(self.tr("Goes straight to the default printer (set in the print preview or Print menu).")
                        if prints_directly(state) else self.tr("The print dialog opens when the PDF is ready."))
        direct.setProperty("role", "muted")
        direct.setVisible(not export)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.run_button = QPushButton(icon("file-down" if export else "printer", "#ffffff"),
                                      self.tr("Export") if export else self.tr("Print..."))
        self.run_button.setProperty("default", "true")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.open_button, self.run_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(which)
        layout.addLayout(form)
        layout.addWidget(direct)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        QTimer.singleShot(0, self.adjustSize)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export into folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _say(self, text: str, role: str = "muted") -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))
        QTimer.singleShot(0, self.adjustSize)

    def run(self) -> None:
        if self.running:
            return
        folder = Path(self.folder.text().strip())
        if self.export and not folder.is_dir():
            self._say(self.tr("Choose a folder that exists."), "error")
            return
        context, ids, export = self.state.context, list(self.ids), self.export
        combined = self.combined.isChecked() or not export
        without_prices = self.without_prices.isChecked()
        text = self.tr("Making the PDFs: {0} of {1} bills...")

        def work(progress: ops.Progress) -> tuple[Any, bytes | None]:
            from desktop_app.services.documents import export_bills

            def report(done: int, total: int) -> None:
                try:  # Cancel is noticed between chunks (``cancelled``)
                    progress.report(done, total, text.format(done, total))
                except ops.Cancelled:
                    pass

            def cancelled() -> bool:
                return progress.cancelled

            if export:  # streamed into the folder: the files are written as the bills are made
                return export_bills(context, ids, folder, combined=combined, without_prices=without_prices,
                                    progress=report, cancelled=cancelled), None
            with tempfile.TemporaryDirectory(prefix="benji-print-") as scratch:  # one combined PDF to print
                result = export_bills(context, ids, Path(scratch), combined=True, without_prices=without_prices,
                                      progress=report, cancelled=cancelled)
                return result, result.files[0].read_bytes() if result.files else None

        self._set_running(True)
        self._say(self.tr("Making the PDFs..."))
        self.progress = ops.run(self, work, lambda done: self._finished(done[0], done[1], folder, combined),
                                self._failed, label=self.tr("Making the PDFs..."), cancellable=True)

    def cancel_run(self) -> None:
        if self.progress is not None and self.running:
            self.progress.cancel()

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.run_button.setEnabled(not running)
        self.close_button.setEnabled(not running)
        for widget in (*self.folder_widgets, self.without_prices):
            widget.setEnabled(not running)
        self.without_prices.setEnabled(not running and not self.prices_withheld)

    def _failed(self, error: BaseException) -> None:
        from desktop_app.views.error_dialog import show_error

        self._set_running(False)
        if isinstance(error, OSError):  # the folder went away, is read-only, or the disk is full
            self._say(self.tr("The files could not be written into {0}: {1}").format(
                self.folder.text().strip(), error.strerror or error), "error")
            return
        self._say("")
        show_error(self, error)

    def _finished(self, result: Any, data: bytes | None, folder: Path, combined: bool) -> None:
        self._set_running(False)
        self.files = list(result.files)
        cancelled = result.cancelled or (self.progress is not None and self.progress.cancelled)
        if not result.bills:
            self._say(self.tr("Cancelled: nothing was made.") if cancelled else self.tr("There was nothing to make."))
            return
        if not self.export:
            self._print(data, result.cancelled)
            return
        from desktop_app.views.printing import set_pdf_folder

        self.written, self.renamed = list(result.files), result.renamed
        set_pdf_folder(self.state, str(folder))
        lines = [self.tr("{0} bills exported as one PDF to {1}").format(result.bills, self.written[0])
                 if combined else self.tr("{0} bills exported to {1}").format(len(self.written), folder)]
        if result.cancelled:
            lines.append(self.tr("Cancelled: the other {0} bills were not exported.").format(
                len(self.ids) - result.bills))
        if self.renamed:
            lines.append(self.tr("{0} files of the same name were already there: they were kept, and the new files "
                                 "got a number added, e.g. \"{1}\".").format(self.renamed, self.written[-1].name))
        self._say("\n".join(lines), "error" if result.cancelled else "ok")
        self.open_button.show()
        self.run_button.hide()

    def _print(self, data: bytes | None, cancelled: bool) -> None:
        from desktop_app.views.printing import print_pdf, prints_directly

        if cancelled or data is None:
            self._say(self.tr("Cancelled: nothing was printed."))
            return
        self.printed = print_pdf(self, data, direct=prints_directly(self.state))
        if self.printed:
            self._say(self.tr("{0} bills sent to the printer.").format(len(self.ids)), "ok")
            self.run_button.hide()
        else:
            self._say(self.tr("Nothing was printed."))

    def open_folder(self) -> None:
        folder = self.written[0].parent if self.written else Path(self.folder.text())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def reject(self) -> None:
        if not self.running:  # a running batch is cancelled from its progress window
            super().reject()
