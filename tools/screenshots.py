"""Render the README screenshots offscreen into docs/screenshots/ (Chinese UI, sample company).

    python tools/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def wait(app, condition, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the GUI")
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    os.environ["BENJI_HOME"] = tempfile.mkdtemp(prefix="benji-shots-")
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import start
    from desktop_app.config import DeviceConfig, Paths, save_config
    from desktop_app.views import ops

    paths = Paths.default()
    save_config(paths, DeviceConfig(language="zh_CN"))
    app = QApplication([])
    controller = start(app, paths)
    wizard = controller.dialog
    OUT.mkdir(parents=True, exist_ok=True)
    wizard.grab().save(str(OUT / "wizard-database.png"))
    wizard.next()
    values = {"name": "北京本机科技有限公司", "address": "北京市海淀区中关村大街1号", "phone": "010-88886666",
              "tax_id": "91110000600037341L", "bank_name": "招商银行北京分行", "bank_account": "6214 8301 2345 6789"}
    for key, value in values.items():
        wizard.company_page.fields[key].setText(value)
    wizard.grab().save(str(OUT / "wizard-company.png"))
    wizard.next()
    admin = wizard.admin_page
    admin.login.setText("zhangwei")
    admin.display_name.setText("张伟")
    admin.password.setText("Benji-2026!")
    admin.confirm.setText("Benji-2026!")
    wizard.accept()
    wait(app, lambda: controller.window is not None)
    window = controller.window
    window.resize(1100, 700)
    home = window.sections["home"]
    wait(app, lambda: home.company_name.text() == values["name"])
    wait(app, lambda: not ops.busy())
    window.grab().save(str(OUT / "main-window.png"))
    window.show_section("company")
    wait(app, lambda: not ops.busy())
    app.processEvents()
    window.grab().save(str(OUT / "company.png"))
    window.close()
    controller.state.database.dispose()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
