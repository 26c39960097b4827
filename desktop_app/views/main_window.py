"""The main window: a sidebar of the sections that work, a stack of pages, menus and a status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, QSize, QTimer, Signal
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
from desktop_app.views.dialogs import DEFAULT_IDLE_MINUTES, AboutDialog, ChangePasswordDialog, SettingsDialog
from desktop_app.views.idle_lock import LOG_OUT, IdleLock, LockDialog
from desktop_app.views.look import ACCENT, icon
from desktop_app.views.messages import role_name
from desktop_app.views.pages.company import CompanyPage
from desktop_app.views.pages.home import HomePage
from desktop_app.views.state import AppState

log = logging.getLogger(__name__)
BACKUP_CHECK_MINUTES = 15  # how often a running app asks whether an automatic backup is due


class MainWindow(QMainWindow):
    logged_out = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.lock_dialog: LockDialog | None = None
        self.settings = QSettings(str(state.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)
        self.setWindowTitle(self.tr("Benji CRM - {0}").format(state.user.display_name))
        self.setWindowIcon(icon("building-2", ACCENT))
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.sections: dict[str, QWidget] = {}
        access = state.user.access
        self._add_section("home", "house", self.tr("Home"), lambda: HomePage(state))
        if access.can("customers", "view"):
            from desktop_app.views.pages.customers import CustomersPage

            self._add_section("customers", "building-2", self.tr("Customers"), lambda: CustomersPage(state))
        if access.can("subscriptions", "view"):
            from desktop_app.views.pages.subscriptions import SubscriptionsPage

            self._add_section("subscriptions", "refresh-cw", self.tr("Subscriptions"), lambda: SubscriptionsPage(state))
        if access.can("products", "view"):
            from desktop_app.views.pages.plans import PlansPage
            from desktop_app.views.pages.products import ProductsPage

            self._add_section("products", "package", self.tr("Products"), lambda: ProductsPage(state))
            self._add_section("plans", "receipt", self.tr("Plans"), lambda: PlansPage(state))
        if access.can("bills", "view"):
            from desktop_app.views.pages.bills import BillsPage

            self._add_section("bills", "receipt", self.tr("Bills"), lambda: BillsPage(state))
        if access.can("reports", "view"):
            from desktop_app.resources import ICONS
            from desktop_app.views.pages.reports import ReportsPage

            chart = "chart-column" if (ICONS / "chart-column.svg").is_file() else "file-down"
            self._add_section("reports", chart, self.tr("Reports"), lambda: ReportsPage(state))
        if access.can("settings", "view"):
            self._add_section("company", "building-2", self.tr("Company"), lambda: CompanyPage(state))
        if access.can("settings", "edit") and access.can("customers", "view"):
            from desktop_app.views.pages.custom_fields import CustomFieldsPage

            self._add_section("custom_fields", "settings", self.tr("Custom fields"), lambda: CustomFieldsPage(state))
        if access.can("users", "view"):
            from desktop_app.views.pages.roles import RolesPage
            from desktop_app.views.pages.users import UsersPage

            self._add_section("users", "user", self.tr("Users"), lambda: UsersPage(state))
            self._add_section("roles", "key-round", self.tr("Roles"), lambda: RolesPage(state))
        if access.can("audit", "view"):
            from desktop_app.views.pages.audit import AuditPage

            self._add_section("audit", "circle-check", self.tr("Audit log"), lambda: AuditPage(state))
        if access.can("backup", "view"):
            from desktop_app.views.pages.backup import BackupPage

            self._add_section("backup", "hard-drive", self.tr("Backup"), lambda: BackupPage(state))
        if access.can("settings", "view"):
            from desktop_app.views.pages.diagnostics import DiagnosticsPage

            self._add_section("diagnostics", "info", self.tr("Diagnostics"), lambda: DiagnosticsPage(state))
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
        self.sidebar.setCurrentRow(0)  # every log-in starts on Home, the dashboard of the user's figures
        geometry = self.settings.value("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)
        minutes = float(str(state.config.extra.get("idle_lock_minutes", DEFAULT_IDLE_MINUTES)))
        self.idle = IdleLock(minutes, self)
        self.idle.idle.connect(self.lock)
        if access.can("customers", "view"):
            QTimer.singleShot(500, self._start_of_day)
        if access.can("backup", "create"):  # automatic backups while the app runs (services/backup_schedule.py)
            self.backup_timer = QTimer(self)
            self.backup_timer.setInterval(BACKUP_CHECK_MINUTES * 60_000)
            self.backup_timer.timeout.connect(self._scheduled_backup)
            self.backup_timer.start()
            QTimer.singleShot(60_000, self._scheduled_backup)

    def _scheduled_backup(self) -> None:
        """Make the automatic backup when one is due — only on a desktop that holds the backup passphrase (the
        others would only record "no passphrase"); another desktop making it at the same moment wins, this one
        skips. In the background: other work goes on meanwhile."""
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.backup_schedule import passphrase_stored, run_scheduled_backup

            return run_scheduled_backup(context) if passphrase_stored(context) else None

        def done(result: Any) -> None:
            if result is not None:
                from desktop_app.services.changes import Changes

                self.state.publish(Changes(settings=True))  # the Backup section shows the new last result

        ops.run(self, work, done, lambda error: log.warning("automatic backup failed: %s", error), write=False)

    def _start_of_day(self) -> None:
        """Return neglected customers to the pool (the configured rule) and remind the user of due follow-ups."""
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.contacts import due_follow_ups
            from desktop_app.services.context import Context
            from desktop_app.services.pool import auto_return

            auto_return(Context(context.database, clock=context.clock))
            return due_follow_ups(context)

        def done(due: list[Any]) -> None:
            if not due:
                return
            lines = "\n".join(f"· {item.customer_name}: {item.content[:40]}" for item in due[:10])
            self.reminder = QMessageBox(QMessageBox.Icon.Information, self.tr("Follow-ups due"),
                                        self.tr("You have {0} follow-ups due:").format(len(due)) + "\n" + lines,
                                        QMessageBox.StandardButton.Ok, self)
            self.reminder.open()

        ops.run(self, work, done, lambda error: log.warning("start-of-day tasks failed: %s", error))

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
        lock = file_menu.addAction(icon("key-round"), self.tr("&Lock"))
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        log_out = file_menu.addAction(icon("log-out"), self.tr("Log &out"))
        log_out.triggered.connect(self.log_out)
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
        self.status_user = QLabel(f"{user.display_name} · {self.role_label(user.access.role_names)}")
        self.status_database = QLabel(self.state.database.description)
        self.status_database.setToolTip(self.tr("Database in use"))
        bar = self.statusBar()
        bar.addWidget(self.status_user)
        bar.addPermanentWidget(self.status_database)

    def role_label(self, names: tuple[str, ...]) -> str:
        return ", ".join(role_name(name) for name in names) or self.tr("no role")

    def open_settings(self) -> None:
        if SettingsDialog(self.state, self).exec():
            QMessageBox.information(
                self, self.tr("Settings"), self.tr("Saved. Restart Benji CRM to use the new settings.")
            )

    def lock(self) -> None:
        """Cover the window with the lock dialog; everything underneath stays as it is."""
        if self.lock_dialog is not None:
            return
        self.idle.pause()
        self.lock_dialog = LockDialog(self.state.context, self.state.user.display_name, self)
        self.lock_dialog.finished.connect(self._unlocked)
        self.lock_dialog.open()

    def _unlocked(self, result: int) -> None:
        self.lock_dialog = None
        if result == LOG_OUT:
            self.log_out()
            return
        self.idle.resume()

    def log_out(self) -> None:
        if not self._may_close():
            return
        self.idle.stop()
        self._save_window_state()
        self.logged_out.emit()

    def show_section(self, key: str) -> None:
        self.sidebar.setCurrentRow(list(self.sections).index(key))

    def _may_close(self) -> bool:
        company = self.sections.get("company")
        if isinstance(company, CompanyPage) and company.is_dirty():
            answer = QMessageBox.question(
                self,
                self.tr("Benji CRM"),
                self.tr("The company details have unsaved changes. Close anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            return answer == QMessageBox.StandardButton.Yes
        return True

    def _save_window_state(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close():
            event.ignore()
            return
        self.idle.stop()
        self._save_window_state()
        ops.wait_idle(10_000)
        event.accept()
