"""Home: who you are, which company, which database: the first screen after logging in."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop_app import __version__
from desktop_app.views import ops
from desktop_app.views.messages import role_name
from desktop_app.views.state import AppState


def card(title: str, value: str = "") -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    title_label = QLabel(title)
    title_label.setObjectName("cardTitle")
    value_label = QLabel(value)
    value_label.setObjectName("cardValue")
    value_label.setWordWrap(True)
    detail = QLabel()
    detail.setProperty("role", "muted")
    detail.setWordWrap(True)
    layout = QVBoxLayout(frame)
    layout.addWidget(title_label)
    layout.addWidget(value_label)
    layout.addWidget(detail)
    return frame, value_label, detail


class HomePage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        subtitle = QLabel(self.tr("Benji CRM keeps your customers and bills on your own computers."))
        subtitle.setProperty("role", "muted")
        company, self.company_name, self.company_detail = card(self.tr("Company"))
        user, self.user_name, self.user_detail = card(self.tr("Signed in as"))
        database, self.database_name, self.database_detail = card(self.tr("Database"))
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(company, 0, 0)
        grid.addWidget(user, 0, 1)
        grid.addWidget(database, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title)
        layout.addWidget(subtitle)
        layout.addSpacing(12)
        layout.addLayout(grid)
        layout.addStretch(1)
        state.bus.changed.connect(self._changed)
        self.reload()

    def _changed(self, changes: Any) -> None:
        if changes.company or changes.users:
            self.reload()

    def reload(self) -> None:
        user = self.state.user
        self.title.setText(self.tr("Welcome, {0}").format(user.display_name))
        self.user_name.setText(f"{user.display_name} ({user.login})")
        self.user_detail.setText(", ".join(role_name(name) for name in user.access.role_names))
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.company import get_company
            from desktop_app.services.system import health

            return get_company(context), health(context.database)

        ops.run(self, work, self._show, write=False)

    def _show(self, result: Any) -> None:
        company, report = result
        self.company_name.setText(company.name)
        lines = [company.address, company.phone, company.tax_id]
        self.company_detail.setText("\n".join(line for line in lines if line))
        self.database_name.setText(report.description)
        self.database_detail.setText(
            self.tr("Schema {0} · Benji CRM {1} · integrity: {2}").format(
                report.schema_revision, __version__, report.integrity
            )
        )
