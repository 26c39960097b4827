"""Choosing and installing the UI language (zh_CN or en)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop_app.resources import TRANSLATIONS

_installed: list[QTranslator] = []


def resolve(setting: str) -> str:
    """``auto`` follows the system: Chinese systems get zh_CN, all others English."""
    if setting in ("zh_CN", "en"):
        return setting
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install(setting: str) -> str:
    """Install the translator for the chosen language; returns the language in use."""
    app = QCoreApplication.instance()
    assert app is not None
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = resolve(setting)
    locale = (
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if language == "zh_CN"
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    )
    QLocale.setDefault(locale)
    if language == "zh_CN":
        translator = QTranslator(app)
        if translator.load(str(TRANSLATIONS / "benji_zh_CN.qm")):
            app.installTranslator(translator)
            _installed.append(translator)
        base = QTranslator(app)  # Qt's own strings (standard buttons, wizard buttons)
        from PySide6.QtCore import QLibraryInfo

        if base.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(base)
            _installed.append(base)
    return language


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
