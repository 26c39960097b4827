"""Composition root: configuration → language and look → database → log-in → main window.

Imports only what the first window needs; SQLAlchemy and the services load in the background while
the log-in dialog is already on screen.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from desktop_app import APP_NAME, __version__
from desktop_app.config import Paths, load_config

log = logging.getLogger(__name__)


class Controller:
    """Moves the user from the wizard or log-in to the main window."""

    def __init__(self, state: Any) -> None:
        self.state = state
        self.window: Any = None
        self.dialog: Any = None

    def start(self) -> None:
        if self.state.config.profile is None:
            self.show_wizard()
        else:
            self.show_login()

    def show_wizard(self) -> None:
        from desktop_app.views.wizard import SetupWizard

        self.dialog = SetupWizard(self.state)
        self.dialog.finished.connect(self._wizard_finished)
        self.dialog.show()

    def _wizard_finished(self, result: int) -> None:
        outcome = self.dialog.outcome
        if not result or outcome is None:
            self._quit()
            return
        self.state.database = outcome.database
        if outcome.user is None:
            self.show_login()
            return
        from desktop_app.services.context import Context

        self.state.user = outcome.user
        self.state.context = Context(outcome.database, outcome.user.actor())
        self.show_main_window()

    def show_login(self) -> None:
        from desktop_app.views.login import LoginDialog

        self.dialog = LoginDialog(self.state)
        self.dialog.finished.connect(self._login_finished)
        self.dialog.settings_requested.connect(self._login_settings)
        self.dialog.show()

    def _login_settings(self) -> None:
        from desktop_app.views.dialogs import SettingsDialog

        if SettingsDialog(self.state, self.dialog).exec():
            if self.state.database is not None:
                self.state.database.dispose()
                self.state.database = None
            self.dialog.open_database()

    def _login_finished(self, result: int) -> None:
        if not result:
            self._quit()
            return
        if self.state.user.must_change_password:
            self.force_password_change()
            return
        self.show_main_window()

    def force_password_change(self) -> None:
        """After an administrator's reset: choose an own password before anything else."""
        from dataclasses import replace

        from desktop_app.views.dialogs import ChangePasswordDialog

        self.dialog = ChangePasswordDialog(self.state, None, forced=True)

        def finished(result: int) -> None:
            if not result:
                self._quit()
                return
            self.state.user = replace(self.state.user, must_change_password=False)
            self.show_main_window()

        self.dialog.finished.connect(finished)
        self.dialog.open()

    def show_main_window(self) -> None:
        from dataclasses import replace

        from desktop_app.config import save_config
        from desktop_app.views.main_window import MainWindow

        extra = dict(self.state.config.extra, last_login=self.state.user.login)
        self.state.config = replace(self.state.config, extra=extra)
        save_config(self.state.paths, self.state.config)

        self.window = MainWindow(self.state)
        self.window.logged_out.connect(self._logged_out)
        self.window.show()

    def _logged_out(self) -> None:
        from desktop_app.services.auth import log_out
        from desktop_app.views import ops

        context, window = self.state.context, self.window
        ops.run(None, lambda _progress: log_out(context))
        self.state.user = self.state.context = None
        window.hide()
        window.deleteLater()
        self.window = None
        self.show_login()

    def _quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.quit()


def _first_paint_probe(app: Any) -> None:
    """For bench/startup.py: print when the first window has painted, then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Probe(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint and getattr(watched, "isWindow", lambda: False)():
                app.removeEventFilter(self)
                print("first-paint", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    app._probe = Probe()
    app.installEventFilter(app._probe)


def start(app: Any, paths: Paths) -> Controller:
    """Dress the QApplication (look, language, error hook) and show the first window."""
    from desktop_app.views import error_dialog, i18n, look
    from desktop_app.views.state import AppState

    look.apply(app)
    config = load_config(paths)
    language = i18n.install(config.language)
    error_dialog.set_log_file(str(paths.log_file))
    state = AppState(paths=paths, config=config, language=language)
    if os.environ.get("BENJI_BENCH_FIRST_PAINT"):
        _first_paint_probe(app)
    controller = Controller(state)
    controller.start()
    return controller


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="benji", description=f"{APP_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation offscreen in a scratch folder, one line per check; exit 0 "
                             "when healthy (never touches the real data folder)")
    parser.add_argument("--data-dir", help="with --self-test: the folder to work in (kept afterwards)")
    parser.add_argument("--cli", nargs=argparse.REMAINDER, metavar="COMMAND",
                        help="run an admin command (python -m desktop_app COMMAND); benji-admin does the same "
                             "with console output")
    parser.add_argument("--machine-profile", metavar="URL",
                        help="installer: store this computer's database server (postgresql://user@host:5432/db, "
                             "no password) for every user of the installation")
    args, qt_args = parser.parse_known_args(argv[1:])
    if args.self_test:
        from desktop_app.self_test import self_test

        return self_test(args.data_dir)
    from desktop_app import machine_profile

    if args.machine_profile is not None:
        return machine_profile.store_from_url(args.machine_profile)
    paths = Paths.default()
    machine_profile.adopt(paths)
    if args.cli is not None:
        from desktop_app.cli import main as cli_main

        return cli_main(args.cli)
    from desktop_app import logsetup

    logsetup.configure(paths.log_file)
    log.info("starting %s %s", APP_NAME, __version__)

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([argv[0], *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("BenjiCRM")

    controller = start(app, paths)

    def excepthook(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        from desktop_app.views import error_dialog

        error_dialog.show_error(None, error.with_traceback(tb))

    sys.excepthook = excepthook  # an unexpected error gets the error dialog, not a silent crash
    code = app.exec()
    from desktop_app.views import ops

    ops.wait_idle(10_000)
    if controller.state.database is not None:
        controller.state.database.dispose()
    return int(code)
