"""``--self-test``: offscreen checks of an installation (a bundle or a checkout) in a scratch folder — files,
the embedded database and its migrations, the real set-up and log-in services, drivers and keyring, a
rendered PDF, a spawned worker process, Qt with the translations and fonts, and the main window. Part of the
composition root (it builds the main window), so it may import views like app.py. One line per check;
exit 0 when every check passed (installer/check.sh runs it on the bundle)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from desktop_app import APP_NAME, __version__
from desktop_app.config import Paths, load_config

log = logging.getLogger(__name__)


class SelfTestFailed(Exception):
    """A check found the installation incomplete."""


def _child_pid() -> int:
    """Runs in a spawned process, as the bill run's pricing and the batch rendering do."""
    return os.getpid()


class SelfTest:
    """Offscreen checks of a bundle (or a checkout) in a scratch folder: files, the embedded database and its
    migrations, the real set-up and log-in services, a rendered PDF, a worker process, Qt and the main window."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.database: Any = None
        self.context: Any = None
        self.user: Any = None
        self.pdf = b""
        self.app: Any = None

    def steps(self) -> list[tuple[str, Any]]:
        return [("files", self.files), ("database", self.embedded_database), ("migrations", self.migrations),
                ("set-up", self.set_up), ("drivers", self.drivers), ("pdf", self.render_pdf),
                ("worker process", self.worker_process), ("qt", self.qt), ("main window", self.main_window)]

    def run(self) -> bool:
        import time

        for name, step in self.steps():
            started = time.perf_counter()
            try:
                detail = step()
            except Exception as error:
                log.exception("self-test: %s failed", name)
                print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
                return False
            print(f"ok   {name}: {detail} ({time.perf_counter() - started:.1f} s)", flush=True)
        return True

    def close(self) -> None:
        if self.database is not None:
            self.database.dispose()

    def files(self) -> str:
        from desktop_app import resources
        from desktop_app.schema import MIGRATIONS

        needed = [resources.CJK_FONT_FILE, resources.FONTS / "DejaVuSans.ttf",
                  resources.TRANSLATIONS / "benji_zh_CN.qm", MIGRATIONS / "env.py", MIGRATIONS / "script.py.mako"]
        missing = [str(path) for path in needed if not path.is_file()]
        icons = len(list(resources.ICONS.glob("*.svg")))
        revisions = len(list((MIGRATIONS / "versions").glob("0*.py")))
        if missing or not icons or not revisions:
            raise SelfTestFailed(f"missing {missing or ''} {icons} icons, {revisions} migration scripts")
        where = "bundle" if getattr(sys, "frozen", False) else "source"
        return f"{where} {resources.resource_dir()}: fonts, translations, {icons} icons, {revisions} migrations"

    def embedded_database(self) -> str:
        from desktop_app.config import SQLITE, DatabaseProfile
        from desktop_app.schema import SchemaState, inspect_schema
        from desktop_app.services.system import open_and_prepare

        profile = DatabaseProfile(kind=SQLITE, path=str(self.paths.default_database))
        self.database = open_and_prepare(profile, None, self.paths.backup_dir)
        report = inspect_schema(self.database)
        if report.state is not SchemaState.CURRENT:
            raise SelfTestFailed(f"schema {report.state.value} after creating it")
        return f"created {self.paths.default_database.name} at schema {report.head}"

    def migrations(self) -> str:
        """Every migration script, from an empty database to head: what an upgrade at a customer runs."""
        from desktop_app.config import SQLITE, DatabaseProfile
        from desktop_app.db import open_profile
        from desktop_app.schema import SchemaState, inspect_schema, upgrade

        database = open_profile(DatabaseProfile(kind=SQLITE, path=str(self.paths.data_dir / "upgrade.db")), None)
        try:
            upgrade(database)
            report = inspect_schema(database)
        finally:
            database.dispose()
        if report.state is not SchemaState.CURRENT:
            raise SelfTestFailed(f"schema {report.state.value} after upgrading an empty database")
        return f"upgraded an empty database to {report.head}"

    def set_up(self) -> str:
        import secrets

        from desktop_app.services.auth import log_in
        from desktop_app.services.company import CompanyDetails
        from desktop_app.services.context import Context
        from desktop_app.services.setup import FirstAdmin, initialise

        password = secrets.token_urlsafe(16)
        context = Context(self.database)
        initialise(context, CompanyDetails(name="自检公司 Self-test Ltd"), FirstAdmin("admin", "管理员", password))
        self.user = log_in(context, "admin", password)
        self.context = Context(self.database, self.user.actor())
        return "company and administrator created, logged in"

    def drivers(self) -> str:
        import keyring
        import psycopg
        import pymysql  # type: ignore[import-untyped]

        from desktop_app import credentials

        backend = type(keyring.get_keyring())
        secure = "secure" if credentials.secure_store_available() else "no secure store here"
        return (f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), PyMySQL {pymysql.VERSION_STRING}, "
                f"keyring {backend.__module__}.{backend.__name__} ({secure})")

    def render_pdf(self) -> str:
        from desktop_app.services.branding import get_branding
        from desktop_app.services.documents import preview_bill

        self.pdf = preview_bill(self.context, get_branding(self.context))
        if not self.pdf.startswith(b"%PDF") or b"/FontFile2" not in self.pdf:
            raise SelfTestFailed("the sample bill has no embedded TrueType font")
        if sys.modules.get("_rl_accel") is None:
            raise SelfTestFailed("ReportLab's C accelerator (rl_accel) is missing")
        (self.paths.data_dir / "self-test.pdf").write_bytes(self.pdf)
        return f"sample bill {len(self.pdf) // 1024} KB with embedded fonts, rl_accel"

    def worker_process(self) -> str:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            pid = pool.submit(_child_pid).result(timeout=60)
        if pid == os.getpid():
            raise SelfTestFailed("the worker ran in this process")
        return "a spawned worker process answered"

    def qt(self) -> str:
        from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QSize, qInstallMessageHandler
        from PySide6.QtGui import QFontDatabase
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtWidgets import QApplication

        from desktop_app.resources import CJK_FONT_FAMILY
        from desktop_app.views import i18n, look

        def messages(_kind: Any, _where: Any, text: str) -> None:
            if "propagateSizeHints" not in text:  # the offscreen platform's note on every window shown
                print(text, file=sys.stderr)

        qInstallMessageHandler(messages)
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.app.setApplicationName(APP_NAME)
        look.apply(self.app)
        if i18n.install("zh_CN") != "zh_CN" or QCoreApplication.translate("MainWindow", "Home") == "Home":
            raise SelfTestFailed("the Chinese translation did not load")
        if QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel":
            raise SelfTestFailed("Qt's own Chinese translation (qtbase_zh_CN) did not load")
        if CJK_FONT_FAMILY not in QFontDatabase.families():
            raise SelfTestFailed(f"font {CJK_FONT_FAMILY} not registered")
        if look.icon("house").pixmap(16, 16).isNull():
            raise SelfTestFailed("SVG icons do not render")
        data = QByteArray(self.pdf)
        buffer = QBuffer(data)
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        if document.pageCount() < 1 or document.render(0, QSize(200, 280)).isNull():
            raise SelfTestFailed(f"QtPdf could not show the sample bill ({document.error()})")
        return f"platform {self.app.platformName()}, zh_CN translations, font {CJK_FONT_FAMILY}, icons, QtPdf"

    def main_window(self) -> str:
        from PySide6.QtCharts import QChartView
        from PySide6.QtCore import QCoreApplication

        from desktop_app.views import ops
        from desktop_app.views.main_window import MainWindow
        from desktop_app.views.state import AppState

        state = AppState(paths=self.paths, config=load_config(self.paths), language="zh_CN",
                         database=self.database, context=self.context, user=self.user)
        window = MainWindow(state)
        try:
            window.show()
            for _ in range(3):
                QCoreApplication.processEvents()
                ops.wait_idle(20_000)
            QCoreApplication.processEvents()
            if window.grab().isNull():
                raise SelfTestFailed("the main window did not paint")
            if not window.windowTitle().startswith("本机CRM"):
                raise SelfTestFailed(f"untranslated title {window.windowTitle()!r}")
            charts = len(window.findChildren(QChartView))
            if not charts:
                raise SelfTestFailed("the dashboard shows no chart (QtCharts)")
            return f"{len(window.sections)} sections, {charts} charts, title {window.windowTitle()!r}"
        finally:
            window.idle.stop()
            window.hide()
            window.deleteLater()
            ops.wait_idle(20_000)
            QCoreApplication.processEvents()


def self_test(data_dir: str | None) -> int:
    """``--self-test``: check this installation offscreen; 0 when every check passed. Works in ``data_dir``
    (kept) or a temporary folder (removed); the user's own folders are never touched."""
    import shutil
    import tempfile

    folder = Path(data_dir).resolve() if data_dir else Path(tempfile.mkdtemp(prefix="benji-self-test-"))
    os.environ["BENJI_HOME"] = str(folder)  # every Paths.default() from here on: the scratch folder
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    paths = Paths.default()
    from desktop_app import logsetup

    logsetup.configure(paths.log_file)
    print(f"{APP_NAME} {__version__} self-test in {folder}", flush=True)
    test = SelfTest(paths)
    try:
        ok = test.run()
    finally:
        test.close()
        logging.shutdown()
        if data_dir is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("self-test passed" if ok else f"self-test FAILED (log: {paths.log_file})", flush=True)
    return 0 if ok else 1
