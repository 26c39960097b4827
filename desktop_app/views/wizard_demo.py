"""The set-up wizard's demo company option (演示数据): the checkbox on the last page, and the fill that runs on
the worker after set-up (services/demo.py), with its steps shown in the progress dialog."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from desktop_app.views import ops

CUSTOMERS = 300  # how many demo customers the wizard makes

def _tr(text: str) -> str:
    return QCoreApplication.translate("DemoOption", text)


class DemoOption(QWidget):
    """"Fill with a demo company", unchecked by default, with what it means."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop_app.services.demo_data import DEMO_PASSWORD

        self.checkbox = QCheckBox(self.tr("Fill with a demo company (演示数据) so you can look around"))
        self.checkbox.setChecked(False)
        hint = QLabel(self.tr("Adds 300 made-up customers with a year of subscriptions, usage, bills and payments "
                              "(takes about a minute). Demo users such as demo_manager and demo_clerk get the "
                              "password {0}. Use a new database for real work.").format(DEMO_PASSWORD))
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.checkbox)
        layout.addWidget(hint)

    def isChecked(self) -> bool:
        return self.checkbox.isChecked()


def step_text(step: str) -> str:
    """The progress dialog's label for a step of ``services.demo.fill_demo``."""
    texts = {
        "staff": _tr("Demo company: departments and users..."),
        "catalog": _tr("Demo company: products and plans..."),
        "customers": _tr("Demo company: customers..."),
        "subscriptions": _tr("Demo company: subscriptions..."),
        "usage": _tr("Demo company: a year of usage..."),
        "bills": _tr("Demo company: monthly bill runs..."),
        "payments": _tr("Demo company: payments..."),
    }
    return texts.get(step, _tr("Demo company..."))


def fill(database: Any, user: Any, password: str, progress: ops.Progress) -> Any:
    """Fill the new database with the demo company as the new administrator (on the worker)."""
    from desktop_app.services.context import Context
    from desktop_app.services.demo import fill_demo

    return fill_demo(Context(database, user.actor()), today=date.today(), customers=CUSTOMERS,
                     confirm=password,
                     progress=lambda done, total, step: progress.report(done, total, step_text(step)))
