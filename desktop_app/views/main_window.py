"""The main window: a sidebar of the sections that work, a stack of pages, menus and a status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.dialogs import AboutDialog, ChangePasswordDialog, SettingsDialog
from desktop_app.views.look import ACCENT, icon
from desktop_app.views.pages.company import CompanyPage
from desktop_app.views.pages.home import HomePage
from desktop_app.views.state import AppState


class MainWindow(QMainWindow):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.settings = QSettings(str(state.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle(self.tr("Benji CRM - {0}").format(state.user.display_name))
        self.setWindowIcon(icon("building-2", ACCENT))
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.sections: dict[str, QWidget] = {}
        self._add_section("home", "house", self.tr("Home"), lambda: HomePage(state))
        self._add_section("company", "building-2", self.tr("Company"), lambda: CompanyPage(state))
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._menus()
        self._status_bar()
        self.sidebar.setCurrentRow(int(self.settings.value("section", 0)))
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)

    def _add_section(self, key: str, icon_name: str, title: str, build: Callable[[], QWidget]) -> None:
        page = build()
        self.sections[key] = page
        self.stack.addWidget(page)
        item = QListWidgetItem(icon(icon_name), title)
        item.setSizeHint(QSize(0, 36))
        number = self.sidebar.count() + 1
        item.setToolTip(self.tr("{0} (Ctrl+{1})").format(title, number))
        self.sidebar.addItem(item)
        action = QAction(self)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda: self.sidebar.setCurrentRow(number - 1))
        self.addAction(action)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        settings = file_menu.addAction(icon("settings"), self.tr("&Settings..."))
        settings.setShortcut(QKeySequence("Ctrl+,"))
        settings.triggered.connect(self.open_settings)
        password = file_menu.addAction(icon("key-round"), self.tr("Change my &password..."))
        password.triggered.connect(lambda: ChangePasswordDialog(self.state, self).exec())
        file_menu.addSeparator()
        quit_action = file_menu.addAction(icon("log-out"), self.tr("E&xit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = help_menu.addAction(icon("info"), self.tr("&About Benji CRM"))
        about.setShortcut(QKeySequence.StandardKey.HelpContents)
        about.triggered.connect(lambda: AboutDialog(self.state, self).exec())

    def _status_bar(self) -> None:
        user = self.state.user
        role = self.tr("Administrator") if user.is_admin else self.tr("User")
        self.status_user = QLabel(f"{user.display_name} · {role}")
        self.status_database = QLabel(self.state.database.description)
        self.status_database.setToolTip(self.tr("Database in use"))
        bar = self.statusBar()
        bar.addWidget(self.status_user)
        bar.addPermanentWidget(self.status_database)

    def open_settings(self) -> None:
        if SettingsDialog(self.state, self).exec():
            QMessageBox.information(
                self, self.tr("Settings"), self.tr("Saved. Restart Benji CRM to use the new settings.")
            )

    def show_section(self, key: str) -> None:
        self.sidebar.setCurrentRow(list(self.sections).index(key))

    def closeEvent(self, event: QCloseEvent) -> None:
        company = self.sections.get("company")
        if isinstance(company, CompanyPage) and company.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Benji CRM"),
                self.tr("The company details have unsaved changes. Close anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("section", self.sidebar.currentRow())
        self.settings.sync()
        ops.wait_idle(10_000)
        event.accept()
