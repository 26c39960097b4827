"""Document style (单据样式) on the Company page: logo, accent colour, footer, payment instructions, terms and
QR code text, printed on every bill, receipt and statement; beside the form a live preview of a sample bill
with the unsaved values, made again 400 ms after the last edit, in the background, so typing never waits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import ConcurrentEdit
from desktop_app.views import ops
from desktop_app.views.error_dialog import message_for, show_error
from desktop_app.views.look import BORDER, icon
from desktop_app.views.messages import describe
from desktop_app.views.state import AppState

PREVIEW_WIDTH = 900  # pixels the sample page is rendered at (drawn smaller, so it stays sharp)
DEBOUNCE_MS = 400
LOGO_BOX = QSize(180, 64)


class PagePreview(QWidget):
    """A page image drawn as large as fits, on a grey backdrop with a shadow."""

    def __init__(self) -> None:
        super().__init__()
        self.image = QImage()
        self.setMinimumSize(300, 420)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.update()

    def page_rect(self) -> QRect:
        area = self.rect().adjusted(14, 14, -14, -14)
        if self.image.isNull():
            return QRect()
        size = self.image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRect(area.x() + (area.width() - size.width()) // 2, area.y(), size.width(), size.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#e6e9ed"))
        page = self.page_rect()
        if not page.isNull():
            for spread, alpha in ((5, 16), (3, 26), (1, 40)):
                shadow = page.adjusted(-spread + 2, -spread + 3, spread + 2, spread + 3)
                painter.fillRect(shadow, QColor(0, 0, 0, alpha))
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(page, self.image)
        painter.end()


class BrandingForm(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.loaded: Any = None  # BrandingInfo as saved
        self.logo: bytes | None = None
        self.accent = "#1F4E79"
        self.generation = 0
        self.previews = 0  # previews shown so far (tests wait on it)
        self.can_edit = state.user.access.can("settings", "edit")
        note = QLabel(self.tr("How bills, receipts and statements look. Issued bills keep the style they were "
                              "issued with; the preview shows a sample bill with the values below."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.logo_view = QLabel()
        self.logo_view.setFixedSize(LOGO_BOX)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setStyleSheet(f"border: 1px dashed {BORDER}; border-radius: 4px; background: white;")
        self.choose_logo_button = QPushButton(self.tr("Choose..."))
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(self.tr("Remove"))
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_view)
        logo_row.addWidget(self.choose_logo_button)
        logo_row.addWidget(self.remove_logo_button)
        logo_row.addStretch(1)
        self.accent_button = QPushButton()
        self.accent_button.setToolTip(self.tr("The colour of titles, table headers and lines on the documents"))
        self.accent_button.clicked.connect(self.choose_accent)
        self.accent_button.setMinimumWidth(140)
        accent_row = QHBoxLayout()
        accent_row.addWidget(self.accent_button)
        accent_row.addStretch(1)
        self.footer = QLineEdit()
        self.footer.setMaxLength(200)
        self.footer.setPlaceholderText(self.tr("e.g. Thank you for your business · www.example.cn"))
        self.payment_instructions = QPlainTextEdit()
        self.payment_instructions.setPlaceholderText(
            self.tr("e.g. Please pay by bank transfer within 30 days, quoting the bill number."))
        self.terms = QPlainTextEdit()
        self.terms.setPlaceholderText(self.tr("e.g. Prices include VAT. Questions about this bill: 010-88886666."))
        for edit in (self.payment_instructions, self.terms):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(84)
        self.qr_text = QLineEdit()
        self.qr_text.setMaxLength(500)
        self.qr_text.setPlaceholderText(self.tr("e.g. a payment link; leave empty for no QR code"))
        form = QFormLayout()
        form.addRow(self.tr("Logo"), logo_row)
        form.addRow(self.tr("Accent colour"), accent_row)
        form.addRow(self.tr("Footer"), self.footer)
        form.addRow(self.tr("Payment instructions"), self.payment_instructions)
        form.addRow(self.tr("Terms"), self.terms)
        form.addRow(self.tr("QR code text"), self.qr_text)
        hint = QLabel(self.tr("Logo: PNG or JPEG, at most 512 KB; a wide logo on a white or transparent background "
                              "prints best."))
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        self.saved = QLabel()
        self.saved.setProperty("role", "ok")
        self.save_button = QPushButton(icon("save", "#ffffff"), self.tr("Save"))
        self.save_button.setProperty("default", "true")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.can_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(note)
        left.addLayout(form)
        left.addWidget(hint)
        left.addLayout(buttons)
        left.addStretch(1)
        form_box = QWidget()
        form_box.setLayout(left)
        form_box.setMinimumWidth(430)
        form_box.setMaximumWidth(560)
        self.preview = PagePreview()
        self.preview_state = QLabel()
        self.preview_state.setProperty("role", "muted")
        preview_box = QGroupBox(self.tr("Preview"))
        inner = QVBoxLayout(preview_box)
        inner.addWidget(self.preview, 1)
        inner.addWidget(self.preview_state)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(form_box, 5)
        layout.addWidget(preview_box, 6)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_preview)
        for line in (self.footer, self.qr_text):
            line.textEdited.connect(self._line_edited)
            line.setReadOnly(not self.can_edit)
        for text in (self.payment_instructions, self.terms):
            text.textChanged.connect(self._text_changed)
            text.setReadOnly(not self.can_edit)
        for button in (self.choose_logo_button, self.remove_logo_button, self.accent_button):
            button.setEnabled(self.can_edit)
        self._filling = False
        self._show_accent()
        self.set_logo(None, edited=False)
        self.reload()

    # -- values ----------------------------------------------------------------------------------------

    def current(self) -> Any:
        from desktop_app.services.branding import BrandingInfo

        return BrandingInfo(accent=self.accent, footer=self.footer.text(), terms=self.terms.toPlainText(),
                            payment_instructions=self.payment_instructions.toPlainText(),
                            qr_text=self.qr_text.text(), logo=self.logo,
                            version=self.loaded.version if self.loaded is not None else 0)

    def is_dirty(self) -> bool:
        return self.loaded is not None and self.current() != self.loaded

    def reload(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.branding import get_branding

            return get_branding(context)

        ops.run(self, work, self.fill, write=False)

    def fill(self, branding: Any) -> None:
        self.loaded = branding
        self._filling = True
        try:
            self.accent = branding.accent
            self.footer.setText(branding.footer)
            self.payment_instructions.setPlainText(branding.payment_instructions)
            self.terms.setPlainText(branding.terms)
            self.qr_text.setText(branding.qr_text)
            self.set_logo(branding.logo, edited=False)
        finally:
            self._filling = False
        self._show_accent()
        self.refresh_preview()

    def _line_edited(self, _text: str) -> None:
        self.edited()

    def _text_changed(self) -> None:
        if not self._filling:
            self.edited()

    def edited(self) -> None:
        """Any change: the saved note goes, and the preview follows 400 ms after the last edit."""
        self.saved.setText("")
        self.preview_state.setText(self.tr("Updating the preview..."))
        self._debounce.start()

    def _show_accent(self) -> None:
        swatch = QPixmap(16, 16)
        swatch.fill(QColor(self.accent))
        self.accent_button.setIcon(swatch)
        self.accent_button.setText(self.accent.upper())

    def choose_accent(self) -> None:
        colour = QColorDialog.getColor(QColor(self.accent), self, self.tr("Accent colour"))
        if colour.isValid():
            self.accent = colour.name().upper()
            self._show_accent()
            self.edited()

    def choose_logo(self) -> None:
        from desktop_app.services.branding import LOGO_MAX_BYTES

        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose a logo"), "",
                                                    self.tr("Images (*.png *.jpg *.jpeg)"))
        if not path:
            return
        try:
            with open(path, "rb") as handle:
                data = handle.read(LOGO_MAX_BYTES + 1)
        except OSError as error:
            QMessageBox.warning(self, self.tr("Logo"), self.tr("The file could not be read: {0}").format(
                error.strerror or error))
            return
        image = QImage.fromData(data)
        if len(data) > LOGO_MAX_BYTES:
            QMessageBox.warning(self, self.tr("Logo"), self.tr(
                "This image is larger than 512 KB. Save it smaller (for example 600 pixels wide) and choose it "
                "again."))
        elif image.isNull() or not (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff")):
            QMessageBox.warning(self, self.tr("Logo"), self.tr("Choose a PNG or JPEG image."))
        else:
            self.set_logo(data)

    def set_logo(self, data: bytes | None, *, edited: bool = True) -> None:
        self.logo = data or None
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText(self.tr("No logo"))
        else:
            self.logo_view.setText("")
            self.logo_view.setPixmap(QPixmap.fromImage(image).scaled(
                LOGO_BOX - QSize(8, 8), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        self.remove_logo_button.setEnabled(self.can_edit and self.logo is not None)
        if edited:
            self.edited()

    # -- the live preview ------------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        self._debounce.stop()
        self.generation += 1
        generation, context, branding = self.generation, self.state.context, self.current()
        self.preview_state.setText(self.tr("Updating the preview..."))

        def work(_progress: ops.Progress) -> QImage:
            from desktop_app.services.documents import preview_bill
            from desktop_app.views.pdf_view import first_page

            return first_page(preview_bill(context, branding), PREVIEW_WIDTH)  # rendered here, off the GUI

        def done(image: QImage) -> None:
            if generation != self.generation:
                return  # an older answer: a newer edit's preview is on its way
            self.previews += 1
            self.preview.set_image(image)
            self.preview_state.setText(self.tr("Sample bill with the values above, not saved yet.")
                                       if self.is_dirty() else self.tr("Sample bill with the saved style."))

        def failed(error: BaseException) -> None:
            if generation == self.generation:  # never a dialog per keystroke: the preview says what is wrong
                self.preview_state.setText(self.tr("The preview could not be made: {0}").format(message_for(error)))

        ops.run(self, work, done, failed, write=False)

    # -- saving ----------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.loaded is None or not self.can_edit or not self.save_button.isEnabled():
            return
        branding, context = self.current(), self.state.context
        self.save_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.branding import get_branding, save_branding

            changes = save_branding(context, branding)
            return get_branding(context), changes

        def done(result: Any) -> None:
            saved, changes = result
            self.save_button.setEnabled(True)
            self.fill(saved)
            self.saved.setText(self.tr("Saved. New documents use this style."))
            self.state.publish(changes)

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(error, ConcurrentEdit):
                answer = QMessageBox.question(
                    self, self.tr("Changed by someone else"), describe(error) + "\n\n" + self.tr("Reload now?"))
                if answer == QMessageBox.StandardButton.Yes:
                    self.reload()
                return
            show_error(self, error)

        ops.run(self, work, done, failed)
