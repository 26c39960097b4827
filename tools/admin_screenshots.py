"""Render the IT screens offscreen into docs/screenshots/ (zh_CN, a small demo company): diagnostics.png (诊断信息,
with the audit chain checked) and move-to-server.png (迁移到局域网服务器, filled in as IT would, not sent).

    python tools/admin_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "Benji-2026!"


def main() -> None:
    from report_screenshots import settle, wait  # type: ignore[import-not-found]

    home = Path(tempfile.mkdtemp(prefix="benji-admin-shots-"))
    os.environ["BENJI_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from desktop_app.config import DatabaseProfile, DeviceConfig, Paths
    from desktop_app.db import open_url
    from desktop_app.schema import prepare
    from desktop_app.services.auth import log_in
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.demo import fill_demo
    from desktop_app.services.setup import FirstAdmin, initialise
    from desktop_app.views import i18n, look, ops
    from desktop_app.views.state import AppState

    app = QApplication([])
    look.apply(app)
    language = i18n.install("zh_CN")
    paths = Paths.default()
    path = paths.default_database
    database = open_url(f"sqlite+pysqlite:///{path}")
    prepare(database, paths.backup_dir)
    initialise(Context(database), CompanyDetails(name="北京本机科技有限公司", tax_id="91110000600037341L"),
               FirstAdmin("zhangwei", "张伟", PASSWORD))
    user = log_in(Context(database), "zhangwei", PASSWORD)
    context = Context(database, user.actor())
    fill_demo(context, today=date.today(), customers=60, confirm=PASSWORD)
    state = AppState(paths, DeviceConfig(language="zh_CN", profile=DatabaseProfile(path=str(path))),
                     database=database, context=context, user=user, language=language)
    from desktop_app.views.main_window import MainWindow
    from desktop_app.views.move_server_dialog import MoveToServerDialog

    window = MainWindow(state)
    window.resize(1280, 860)
    window.show()
    window.show_section("diagnostics")
    page = window.sections["diagnostics"]
    wait(app, lambda: page.report is not None and not ops.busy())
    page.check_audit()
    wait(app, lambda: page.audit_check is not None and not ops.busy())
    settle(app)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "diagnostics.png"))
    dialog = MoveToServerDialog(state, window)
    dialog.host.setText("192.168.1.10")
    dialog.owner_password.setText("owner-password")
    dialog.app_password.setText("app-password")
    dialog.show()
    settle(app)
    dialog.grab().save(str(OUT / "move-to-server.png"))
    print(f"written: {OUT / 'diagnostics.png'}, {OUT / 'move-to-server.png'}")
    dialog.close()
    window.close()
    ops.wait_idle()
    database.dispose()


if __name__ == "__main__":
    main()
