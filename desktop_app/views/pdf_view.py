"""Print preview (打印预览): a PDF shown as a column of white pages with shadows, zoom, a page indicator,
and Print… / Save as PDF… / Close.

QtPdf draws pages with a transparent background, so every page is painted onto a white image
(platform-notes.md). Only the pages in view are rendered, and the images are cached per zoom.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPaintEvent, QResizeEvent, QShortcut, QWheelEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.look import BORDER, icon

BACKDROP = "#e6e9ed"
MARGIN, GAP = 24, 18  # around the column, between pages (logical pixels)
POINT = 96 / 72  # logical pixels per PDF point at 100 %
ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
CACHE = 12  # rendered page images kept


class PdfPages:
    """A PDF held in memory for Qt: its pages' sizes, and pages rendered onto white."""

    def __init__(self, data: bytes) -> None:
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)  # a QBuffer is not sequential: loaded at once

    @property
    def ok(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready and self.count > 0

    @property
    def count(self) -> int:
        return int(self.document.pageCount())

    def point_size(self, index: int) -> QSizeF:
        size = self.document.pagePointSize(index)
        return size if size.width() > 0 and size.height() > 0 else QSizeF(595.28, 841.89)  # A4

    def render(self, index: int, width: int) -> QImage:
        """Page ``index`` ``width`` pixels wide (height by the page's aspect), on white."""
        size = self.point_size(index)
        target = QSize(max(1, width), max(1, round(width * size.height() / size.width())))
        page = self.document.render(index, target)
        image = QImage(target, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.drawImage(0, 0, page)
        painter.end()
        return image

    def close(self) -> None:
        self.document.close()
        self._buffer.close()


class _Column(QWidget):
    """The pages, one under the other, painted as far as they are visible."""

    def __init__(self, view: PdfView) -> None:
        super().__init__()
        self.view = view
        self.setAutoFillBackground(False)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(BACKDROP))
        for index, rect in enumerate(self.view.page_rects()):
            if not rect.intersects(event.rect().adjusted(-8, -8, 8, 8)):
                continue
            for spread, alpha in ((6, 14), (4, 22), (2, 34)):  # a soft shadow under the sheet
                painter.fillRect(rect.adjusted(-spread + 2, -spread + 4, spread + 2, spread + 4),
                                 QColor(0, 0, 0, alpha))
            painter.drawImage(rect, self.view.page_image(index))
            painter.setPen(QColor(BORDER))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()


class PdfView(QScrollArea):
    """A scrollable column of a PDF's pages; zoom in/out, fit width; says which page is in view."""

    page_changed = Signal(int, int)  # current page (1-based), page count
    zoom_changed = Signal(float)

    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = PdfPages(data)
        self.zoom = 1.0
        self.fit = True  # fit width until the user picks a zoom
        self._cache: OrderedDict[int, QImage] = OrderedDict()
        self._current = 1 if self.pages.count else 0
        self.column = _Column(self)
        self.setWidget(self.column)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setStyleSheet(f"QScrollArea {{ background: {BACKDROP}; border: none; }}")
        self.viewport().setStyleSheet(f"background: {BACKDROP};")
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._track_page())
        self._layout()

    # -- geometry --------------------------------------------------------------------------------------

    def page_size(self, index: int) -> QSize:
        size = self.pages.point_size(index)
        return QSize(round(size.width() * POINT * self.zoom), round(size.height() * POINT * self.zoom))

    def page_rects(self) -> list[QRect]:
        width = self.column.width()
        rects, top = [], MARGIN
        for index in range(self.pages.count):
            size = self.page_size(index)
            rects.append(QRect((width - size.width()) // 2, top, size.width(), size.height()))
            top += size.height() + GAP
        return rects

    def _layout(self) -> None:
        if self.fit:
            self.zoom = self._fit_zoom()
        sizes = [self.page_size(index) for index in range(self.pages.count)] or [QSize(0, 0)]
        width = max(size.width() for size in sizes) + 2 * MARGIN
        height = sum(size.height() for size in sizes) + GAP * (len(sizes) - 1) + 2 * MARGIN
        self.column.resize(max(width, self.viewport().width()), height)
        self._cache.clear()
        self.column.update()
        self.zoom_changed.emit(self.zoom)
        self._track_page()

    def _fit_zoom(self) -> float:
        if not self.pages.count:
            return 1.0
        widest = max(self.pages.point_size(index).width() for index in range(self.pages.count))
        available = self.viewport().width() - 2 * MARGIN - self.verticalScrollBar().sizeHint().width()
        return max(ZOOMS[0], min(ZOOMS[-1], available / (widest * POINT)))

    # -- rendering -------------------------------------------------------------------------------------

    def page_image(self, index: int) -> QImage:
        """Page ``index`` at the current zoom (rendered once, then cached)."""
        image = self._cache.get(index)
        if image is None:
            ratio = self.devicePixelRatioF()
            image = self.pages.render(index, round(self.page_size(index).width() * ratio))
            image.setDevicePixelRatio(ratio)
            self._cache[index] = image
            while len(self._cache) > CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        return image

    # -- zoom and pages --------------------------------------------------------------------------------

    def set_zoom(self, zoom: float) -> None:
        self.fit = False
        self.zoom = max(ZOOMS[0], min(ZOOMS[-1], zoom))
        self._layout()

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOMS if z > self.zoom + 0.001), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOMS) if z < self.zoom - 0.001), ZOOMS[0]))

    def fit_width(self) -> None:
        self.fit = True
        self._layout()

    @property
    def current_page(self) -> int:
        return self._current

    def _track_page(self) -> None:
        """The page under the upper third of the view is the current one."""
        probe = self.verticalScrollBar().value() + self.viewport().height() // 3
        current = 0
        for index, rect in enumerate(self.page_rects()):
            if rect.top() - GAP <= probe:
                current = index + 1
        current = max(current, 1 if self.pages.count else 0)
        self._current = current
        self.page_changed.emit(current, self.pages.count)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit or self.column.width() < self.viewport().width():
            self._layout()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)


def first_page(data: bytes, width: int) -> QImage:
    """The first page of a PDF, ``width`` pixels wide, on white (a null image when it cannot be read)."""
    pages = PdfPages(data)
    try:
        return pages.render(0, width) if pages.ok else QImage()
    finally:
        pages.close()


class PreviewDialog(QDialog):
    """A document before it goes out: look at it, print it, save it."""

    def __init__(self, parent: QWidget | None, document: Any, title: str, *, state: Any = None,
                 recorded: Callable[[], Any] | None = None) -> None:
        """``recorded``: for a previewed bill, fetches the document again as a recorded print (original the
        first time, a copy after); Print and Save then send out that one, each time."""
        super().__init__(parent)
        self.document, self.state, self.recorded = document, state, recorded
        copy = bool(getattr(document, "copy", False))
        self.setWindowTitle(self.tr("{0} (copy)").format(title) if copy else title)
        self.view = PdfView(document.data, self)
        self.view.setObjectName("pdfView")

        def tool(name: str, tip: str, slot: Any, keys: QKeySequence | None = None) -> QToolButton:
            button = QToolButton()
            button.setIcon(icon(name))
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            if keys is not None:
                QShortcut(keys, self, slot)
            return button

        self.zoom_out_button = tool("zoom-out", self.tr("Zoom out (Ctrl+-)"), self.view.zoom_out,
                                    QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_in_button = tool("zoom-in", self.tr("Zoom in (Ctrl++)"), self.view.zoom_in,
                                   QKeySequence(QKeySequence.StandardKey.ZoomIn))
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_button = QPushButton(self.tr("Fit width"))
        self.fit_button.clicked.connect(self.view.fit_width)
        self.page_label = QLabel()
        self.page_label.setProperty("role", "muted")
        self.copy_label = QLabel(self.tr("Copy: this document was printed before; this print is marked as a copy."))
        self.copy_label.setProperty("role", "muted")
        self.copy_label.setVisible(copy)
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 6, 12, 6)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.copy_label)
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        self.direct = QCheckBox(self.tr("Print directly to the default printer"))
        self.direct.setToolTip(self.tr("Print without asking for the printer; remembered on this computer"))
        self.direct.setVisible(state is not None)
        self.status = QLabel()
        self.status.setProperty("role", "ok")
        self.save_button = QPushButton(icon("file-down"), self.tr("Save as PDF..."))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(icon("printer", "#ffffff"), self.tr("Print..."))
        self.print_button.setProperty("default", "true")
        self.print_button.setToolTip(self.tr("Print (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_document)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(12, 8, 12, 10)
        buttons.addWidget(self.direct)
        buttons.addWidget(self.status, 1)
        for button in (self.save_button, self.print_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.zoom_changed.connect(lambda zoom: self.zoom_label.setText(f"{round(zoom * 100)}%"))
        self.view.page_changed.connect(self._page_changed)
        if state is not None:
            from desktop_app.views.printing import prints_directly, set_prints_directly

            self.direct.setChecked(prints_directly(state))
            self.direct.toggled.connect(lambda on: set_prints_directly(state, on))
            self.direct.toggled.connect(lambda on: self.print_button.setText(
                self.tr("Print") if on else self.tr("Print...")))
            self.print_button.setText(self.tr("Print") if self.direct.isChecked() else self.tr("Print..."))
        self.zoom_label.setText(f"{round(self.view.zoom * 100)}%")
        self._page_changed(self.view.current_page, self.view.pages.count)
        self._size()

    def _size(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() is not None else QRect(0, 0, 1280, 1000)
        self.resize(min(900, screen.width() - 40), min(1040, screen.height() - 60))

    def _page_changed(self, current: int, count: int) -> None:
        self.page_label.setText(self.tr("Page %1 of %2").replace("%1", str(current)).replace("%2", str(count)))

    def print_document(self) -> bool:
        from desktop_app.views.printing import print_pdf

        done = print_pdf(self, self._outgoing().data, direct=self.direct.isChecked())
        self.status.setText(self.tr("Sent to the printer.") if done else "")
        return done

    def save(self) -> None:
        from desktop_app.views.printing import save_pdf

        path = save_pdf(self, self._outgoing(), self.state)
        if path:
            self.status.setText(self.tr("Saved to {0}").format(path))

    def _outgoing(self) -> Any:
        """The document that leaves: the previewed one, or (for a bill) the print as it is recorded now."""
        return self.recorded() if self.recorded is not None else self.document

    def done(self, result: int) -> None:
        self.view.pages.close()
        super().done(result)

