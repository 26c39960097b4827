"""The one look: Fusion, a restrained light palette, the shipped CJK font, Lucide icons."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from desktop_app.resources import CJK_FONT_FAMILY, CJK_FONT_FILE, ICONS

ACCENT = "#1f6feb"
TEXT = "#1f2328"
MUTED = "#59636e"
SURFACE = "#f6f8fa"
BORDER = "#d1d9e0"
DANGER = "#cf222e"
SUCCESS = "#1a7f37"
# Preferred UI fonts per platform, then the shipped one that every machine has.
UI_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", CJK_FONT_FAMILY]

STYLE_SHEET = f"""
QListWidget#sidebar {{ background: {SURFACE}; border: none; border-right: 1px solid {BORDER};
    padding: 8px 6px; outline: 0; }}
QListWidget#sidebar::item {{ padding: 0 10px; margin: 1px 0; border-radius: 6px; color: {TEXT}; }}
QListWidget#sidebar::item:selected {{ background: #ddf4ff; color: {ACCENT}; }}
QListWidget#sidebar::item:hover:!selected {{ background: #eaeef2; }}
QLabel#pageTitle {{ font-size: 18pt; font-weight: 600; color: {TEXT}; }}
QLabel#muted, QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {DANGER}; }}
QLabel[role="ok"] {{ color: {SUCCESS}; }}
QFrame#card {{ background: white; border: 1px solid {BORDER}; border-radius: 8px; }}
QLabel#cardTitle {{ color: {MUTED}; font-size: 9pt; }}
QLabel#cardValue {{ color: {TEXT}; font-size: 12pt; font-weight: 600; }}
QPushButton[default="true"] {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT};
    border-radius: 5px; padding: 5px 16px; }}
QPushButton[default="true"]:disabled {{ background: #8cb4f5; border-color: #8cb4f5; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: 1px solid {DANGER}; border-radius: 3px; }}
"""


def register_fonts() -> str:
    """Register the shipped CJK font with Qt and return the family the UI uses."""
    QFontDatabase.addApplicationFont(str(CJK_FONT_FILE))
    available = set(QFontDatabase.families())
    for family in UI_FAMILIES:
        if family in available:
            return family
    return CJK_FONT_FAMILY


def apply(app: QApplication) -> None:
    """Set font, style, palette and style sheet once per QApplication."""
    if app.property("benji_look"):
        return
    app.setProperty("benji_look", True)
    family = register_fonts()
    font = QFont()
    font.setFamilies([family, CJK_FONT_FAMILY])
    font.setPointSize(10)
    app.setFont(font)
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8c959f"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#8c959f"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#8c959f"))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)


@cache
def icon(name: str, color: str = MUTED) -> QIcon:
    """A Lucide SVG icon from resources/icons, drawn in ``color`` at the common sizes."""
    svg = (ICONS / f"{name}.svg").read_text(encoding="utf-8").replace("currentColor", color)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(QSize(size, size) * 2)
        pixmap.setDevicePixelRatio(2)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result
