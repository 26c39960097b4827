"""Printing a PDF through Qt (打印): with the print dialog (printer, page range, copies) or straight to the
default printer; saving a PDF where the user says; and the device preference "print directly".

Each page is rendered with QtPdf at the printer's resolution (at most ``MAX_DPI``: a 1200 dpi A4 page
would be a 550 MB image) onto white and drawn fitted to the paper, keeping its aspect. The preference lives
with the other device preferences in the device config file (``DeviceConfig.extra``, like the idle lock).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSizeF, QStandardPaths, Qt
from PySide6.QtGui import QCursor, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop_app.views.pdf_view import PdfPages

PRINT_DIRECT = "print_direct"  # DeviceConfig.extra key: print without the dialog, to the default printer
PDF_FOLDER = "pdf_folder"  # DeviceConfig.extra key: where PDFs were saved last
MAX_DPI = 300


# -- the device preferences ----------------------------------------------------------------------------

def prints_directly(state: Any) -> bool:
    return bool(state.config.extra.get(PRINT_DIRECT, False))


def set_prints_directly(state: Any, on: bool) -> None:
    _remember(state, PRINT_DIRECT, bool(on))


def pdf_folder(state: Any) -> str:
    folder = str(state.config.extra.get(PDF_FOLDER, "")) if state is not None else ""
    if folder and os.path.isdir(folder):
        return folder
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def set_pdf_folder(state: Any, folder: str) -> None:
    if state is not None and folder:
        _remember(state, PDF_FOLDER, folder)


def _remember(state: Any, key: str, value: object) -> None:
    from desktop_app.config import save_config

    if state.config.extra.get(key) == value:
        return
    state.config = replace(state.config, extra={**state.config.extra, key: value})
    try:
        save_config(state.paths, state.config)
    except OSError:
        pass  # kept for this session; the config folder is not writable


# -- printers (tests replace these two) ----------------------------------------------------------------

def default_printer() -> QPrinterInfo | None:
    info = QPrinterInfo.defaultPrinter()
    return None if info.isNull() else info


def make_printer(info: QPrinterInfo | None = None) -> QPrinter:
    mode = QPrinter.PrinterMode.HighResolution
    return QPrinter(info, mode) if info is not None else QPrinter(mode)


# -- printing ------------------------------------------------------------------------------------------

def print_pdf(parent: QWidget | None, data: bytes, *, direct: bool) -> bool:
    """Print the PDF ``data``: through the print dialog, or (``direct``) to the default printer without one.
    True when it was sent to the printer."""
    pages = PdfPages(data)
    try:
        title = QCoreApplication.translate("Printing", "Print")
        if not pages.ok:
            QMessageBox.warning(parent, title, QCoreApplication.translate(
                "Printing", "This document cannot be read, so it cannot be printed."))
            return False
        if direct:
            info = default_printer()
            if info is None:
                QMessageBox.warning(parent, title, QCoreApplication.translate(
                    "Printing",
                    "There is no default printer on this computer. Choose one in Windows Settings > Bluetooth & "
                    "devices > Printers & scanners (Set as default), or turn off \"Print directly to the default "
                    "printer\" to choose a printer each time."))
                return False
            printer = make_printer(info)
            _fit_paper(printer, pages)
            wanted = list(range(pages.count))
        else:
            printer = make_printer()
            _fit_paper(printer, pages)
            chosen = _ask(parent, printer, pages.count)
            if chosen is None:
                return False
            wanted = chosen
        return _print(parent, printer, pages, wanted)
    finally:
        pages.close()


def _fit_paper(printer: QPrinter, pages: PdfPages) -> None:
    """Paper of the document's size and orientation (A4 for our documents), so nothing is scaled."""
    size = pages.point_size(0)
    landscape = size.width() > size.height()
    portrait = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
    printer.setPageSize(QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the document has its own margins
    printer.setDocName(QCoreApplication.translate("Printing", "Benji CRM document"))


def _ask(parent: QWidget | None, printer: QPrinter, count: int) -> list[int] | None:
    """The print dialog: printer, page range and copies. The pages chosen (0-based), or None if cancelled."""
    printer.setFromTo(1, count)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("Printing", "Print"))
    dialog.setMinMax(1, count)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, False)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            return [index for index in range(count) if ranges.contains(index + 1)]
        first, last = printer.fromPage() or 1, printer.toPage() or count
        return list(range(max(first, 1) - 1, min(last, count)))
    return list(range(count))


def _print(parent: QWidget | None, printer: QPrinter, pages: PdfPages, wanted: list[int]) -> bool:
    if not wanted:
        return False
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())  # else the driver copies
    sequence = wanted * copies if printer.collateCopies() else [index for index in wanted for _ in range(copies)]
    painter = QPainter()
    if not painter.begin(printer):
        QMessageBox.warning(parent, QCoreApplication.translate("Printing", "Print"), QCoreApplication.translate(
            "Printing", "The printer could not be started. Check that it is switched on and connected, then try "
            "again."))
        return False
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        area = QRectF(0, 0, paper.width(), paper.height())
        dpi = min(printer.resolution(), MAX_DPI)
        for number, index in enumerate(sequence):
            if number and not printer.newPage():
                return False
            size = pages.point_size(index)
            scale = min(area.width() / size.width(), area.height() / size.height())
            target = QRectF(QPointF(0, 0), size * scale)
            target.moveCenter(area.center())
            target.moveTop(area.top())  # the top of the sheet, as printed forms are read
            width = min(round(size.width() / 72 * dpi), round(target.width()))
            painter.drawImage(target, pages.render(index, width))
    finally:
        painter.end()
        QApplication.restoreOverrideCursor()
    return True


# -- saving --------------------------------------------------------------------------------------------

def save_pdf(parent: QWidget | None, document: Any, state: Any = None) -> str:
    """Ask where to save the DocumentFile ``document`` (its name suggested) and write it; the path or ""."""
    suggested = str(Path(pdf_folder(state)) / document.name)
    title = QCoreApplication.translate("Printing", "Save as PDF")
    pdf_files = QCoreApplication.translate("Printing", "PDF files (*.pdf)")
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, pdf_files)
    if not path:
        return ""
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    try:
        Path(path).write_bytes(document.data)
    except OSError as error:
        QMessageBox.warning(parent, title, QCoreApplication.translate(
            "Printing", "The file could not be written: {0}\n\nIs it open in another program, or is the folder "
            "read-only? Close it or choose another name.").format(error.strerror or error))
        return ""
    set_pdf_folder(state, str(Path(path).parent))
    return path
