"""Home: the first screen after logging in. Who you are, which company and database (one line), and for users
who may see reports the dashboard of their scope: headline figures, charts and the top customers, each
opening the list behind it (views/navigation.py)."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.documents.report_snapshot import Card, Chart, Dashboard, Drill
from desktop_app.views import ops
from desktop_app.views.charts import ChartView, chart_view, ui_language
from desktop_app.views.error_dialog import message_for
from desktop_app.views.look import icon
from desktop_app.views.messages import role_name
from desktop_app.views.navigation import open_drill
from desktop_app.views.report_format import format_value
from desktop_app.views.state import AppState

log = logging.getLogger(__name__)
CARD_COLUMNS = 5
CHART_COLUMNS = 2
CHART_HEIGHT = 290
# What a dashboard chart leads to: (the report behind a clicked month, the report behind the whole chart, the
# period of the whole chart). Revenue of a month is the bill register of that month (the bills it adds up).
CHART_REPORTS = {
    "revenue_trend": ("bill_register", "revenue_by_period", "last-12-months"),
    "mrr_trend": ("revenue_by_period", "revenue_by_period", "last-12-months"),
    "usage_trend": ("usage", "usage", "last-12-months"),
    "payments_by_method": ("collections", "collections", "this-month"),
}


class FigureCard(QFrame):
    """One headline figure: its name, the value, a comparison line; a click (or Enter) opens what it counts."""

    clicked = Signal()

    def __init__(self, card: Card, language: str) -> None:
        super().__init__()
        self.card = card
        self.setObjectName("card")
        self.title = QLabel(card.label.text(language))
        self.title.setObjectName("cardTitle")
        self.value = QLabel(format_value(card.value, card.kind) or "—")
        self.value.setObjectName("cardValue")
        self.value.setStyleSheet("font-size: 16pt;")
        self.detail = QLabel(card.detail.text(language) if card.detail else "")
        self.detail.setProperty("role", "muted")
        self.detail.setWordWrap(True)
        self.detail.setVisible(card.detail is not None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        if card.drill is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setToolTip(self.tr("Click to open the list behind this figure"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.card.drill is not None:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.card.drill is not None:
            self.clicked.emit()
            return
        super().keyPressEvent(event)


def chart_drill(chart: Chart, index: int) -> Drill | None:
    """The report behind a dashboard chart; a clicked month (category "2026-10") narrows it to that month."""
    if chart.key not in CHART_REPORTS:
        return None
    for_month, for_chart, period = CHART_REPORTS[chart.key]
    category = chart.categories[index] if 0 <= index < len(chart.categories) else ""
    month = isinstance(category, str) and len(category) == 7 and category[4] == "-"
    if month and category[:4].isdigit() and category[5:].isdigit():
        return Drill(for_month, {"period": category})
    return Drill(for_chart, {"period": period})


class HomePage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.dashboard: Dashboard | None = None
        self.cards: list[FigureCard] = []
        self.charts: list[ChartView] = []
        self._generation = 0
        self.shows_dashboard = state.user.access.can("reports", "view")
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.updated = QLabel()
        self.updated.setProperty("role", "muted")
        self.refresh_button = QPushButton(icon("refresh-cw"), self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Compute the figures again (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.reload_dashboard)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.updated)
        heading.addWidget(self.refresh_button)
        self.refresh_button.setVisible(self.shows_dashboard)
        self.company_name = QLabel()  # the facts: one line, the details on hover
        self.company_name.setStyleSheet("font-weight: 600;")
        self.user_name = QLabel()
        self.database_name = QLabel()
        facts = QHBoxLayout()
        facts.setSpacing(6)
        for position, label in enumerate((self.company_name, self.user_name, self.database_name)):
            if position:
                dot = QLabel("·")
                dot.setProperty("role", "muted")
                facts.addWidget(dot)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addWidget(label)
        for label in (self.user_name, self.database_name):
            label.setProperty("role", "muted")
        facts.addStretch(1)
        self.message = QLabel()
        self.message.setProperty("role", "muted")
        self.message.setWordWrap(True)
        self.card_grid = QGridLayout()
        self.card_grid.setSpacing(12)
        self.chart_grid = QGridLayout()
        self.chart_grid.setSpacing(12)
        self.top = QTableWidget(0, 3)
        self.top.verticalHeader().hide()
        self.top.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.top.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.top.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.top.setShowGrid(False)
        self.top.setAlternatingRowColors(True)
        self.top.setHorizontalHeaderLabels(["#", self.tr("Customer"), self.tr("Revenue")])
        header = self.top.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.top.verticalHeader().setDefaultSectionSize(22)
        self.top.setToolTip(self.tr("Click a customer to open it"))
        self.top.cellClicked.connect(lambda row, _column: self.open_top(row))
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.top, lambda: self.open_top(self.top.currentRow()))
        self.top_title = QLabel()
        self.top_title.setStyleSheet("font-weight: 600;")
        self.top_panel = QFrame()
        self.top_panel.setObjectName("card")
        top_layout = QVBoxLayout(self.top_panel)
        top_layout.setContentsMargins(12, 10, 12, 10)
        top_layout.addWidget(self.top_title)
        top_layout.addWidget(self.top, 1)
        self.notes = QLabel()
        self.notes.setProperty("role", "muted")
        self.notes.setWordWrap(True)
        body = QWidget()
        content = QVBoxLayout(body)
        content.setContentsMargins(24, 20, 24, 20)
        content.setSpacing(10)
        content.addLayout(heading)
        content.addLayout(facts)
        content.addSpacing(6)
        content.addWidget(self.message)
        content.addLayout(self.card_grid)
        content.addLayout(self.chart_grid)
        content.addWidget(self.notes)
        content.addStretch(1)
        self.top_panel.hide()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        state.bus.changed.connect(self._changed)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------------

    def _changed(self, changes: Any) -> None:
        if changes.company or changes.users:
            self.reload_facts()
        if changes.billing or changes.customers:
            self.reload_dashboard()

    def reload(self) -> None:
        self.reload_facts()
        self.reload_dashboard()

    def reload_facts(self) -> None:
        user = self.state.user
        self.title.setText(self.tr("Welcome, {0}").format(user.display_name))
        roles = ", ".join(role_name(name) for name in user.access.role_names)
        self.user_name.setText(f"{user.display_name} ({user.login})" + (f" · {roles}" if roles else ""))
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.company import get_company
            from desktop_app.services.system import health

            return get_company(context), health(context.database, thorough=False)

        ops.run(self, work, self._show_facts, write=False)

    def _show_facts(self, result: Any) -> None:
        company, report = result
        self.company_name.setText(company.name)
        self.company_name.setToolTip("\n".join(line for line in (company.address, company.phone, company.tax_id)
                                               if line))
        self.database_name.setText(report.description)
        self.database_name.setToolTip(self.tr("Schema {0} · Benji CRM {1}").format(report.schema_revision, __version__))

    def reload_dashboard(self) -> None:
        """Compute the figures in the background; an answer overtaken by a newer request is dropped."""
        if not self.shows_dashboard:
            return
        self._generation += 1
        generation, context = self._generation, self.state.context
        if self.dashboard is None:
            self.message.setText(self.tr("Computing the figures..."))
        self.refresh_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.dashboard import load_dashboard

            return load_dashboard(context)

        def done(dashboard: Dashboard) -> None:
            if generation == self._generation:
                self.refresh_button.setEnabled(True)
                self.show_dashboard(dashboard)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            log.warning("the dashboard could not be computed", exc_info=error)
            self.refresh_button.setEnabled(True)
            self.message.setProperty("role", "error")
            self.message.setText(self.tr("The figures could not be computed: {0}").format(message_for(error)))
            self.message.style().polish(self.message)

        ops.run(self, work, done, failed, write=False)

    # -- showing ---------------------------------------------------------------------------------------

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        language = ui_language()
        self.message.setProperty("role", "muted")
        self.message.style().polish(self.message)
        self.message.setText("")
        self.message.setVisible(False)
        for grid in (self.card_grid, self.chart_grid):
            while grid.count():
                item = grid.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None and widget is not self.top_panel:
                    widget.deleteLater()
        self.cards, self.charts = [], []
        rows = -(-len(dashboard.cards) // CARD_COLUMNS)  # as few rows as five to a row need, filled evenly
        columns = -(-len(dashboard.cards) // rows) if rows else 1
        for position, figure in enumerate(dashboard.cards):
            card = FigureCard(figure, language)
            card.clicked.connect(lambda c=card: self.open(c.card.drill))
            self.card_grid.addWidget(card, position // columns, position % columns)
            self.cards.append(card)
        for column in range(CARD_COLUMNS):
            self.card_grid.setColumnStretch(column, 1 if column < columns else 0)
        for position, chart in enumerate(dashboard.charts):
            view = chart_view(chart, language)
            assert isinstance(view, ChartView)
            view.setFixedHeight(CHART_HEIGHT)
            if chart.key in CHART_REPORTS:
                view.setCursor(Qt.CursorShape.PointingHandCursor)
                view.setToolTip(self.tr("Click to open the report behind this chart"))
                view.clicked.connect(lambda index, c=chart: self.open(chart_drill(c, index)))
            frame = QFrame()
            frame.setObjectName("card")
            box = QVBoxLayout(frame)
            box.setContentsMargins(6, 6, 6, 6)
            box.addWidget(view)
            self.chart_grid.addWidget(frame, position // CHART_COLUMNS, position % CHART_COLUMNS)
            self.charts.append(view)
        self._show_top(dashboard, language)
        place = len(dashboard.charts)
        # without amounts (a role that may not see them) there is no ranking by revenue to show
        if dashboard.top_customers or any(card.kind == "money" for card in dashboard.cards):
            self.chart_grid.addWidget(self.top_panel, place // CHART_COLUMNS, place % CHART_COLUMNS)
            self.top_panel.show()
        else:
            self.top_panel.hide()
        for column in range(CHART_COLUMNS):
            self.chart_grid.setColumnStretch(column, 1)
        zone = ZoneInfo(dashboard.time_zone)
        at = dashboard.generated_at.astimezone(zone) if dashboard.generated_at.tzinfo else dashboard.generated_at
        self.updated.setText(self.tr("Figures as of {0}").format(at.strftime("%Y-%m-%d %H:%M")))
        self.notes.setText("\n".join(note.text(language) for note in dashboard.notes))
        self.notes.setVisible(bool(dashboard.notes))

    def _show_top(self, dashboard: Dashboard, language: str) -> None:
        self.top_title.setText(dashboard.top_customers_label.text(language))
        rows = dashboard.top_customers
        self.top.setRowCount(max(len(rows), 1))
        if not rows:
            self.top.setSpan(0, 0, 1, 3)
            self.top.setItem(0, 0, QTableWidgetItem(self.tr("No revenue in this period yet.")))
        else:
            self.top.clearSpans()
        for row, (name, revenue, _drill) in enumerate(rows):
            rank = QTableWidgetItem(str(row + 1))
            amount = QTableWidgetItem(format_value(revenue, "money"))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate((rank, QTableWidgetItem(name), amount)):
                self.top.setItem(row, column, item)
        self.top_panel.setFixedHeight(CHART_HEIGHT + 12)  # the height of a chart's frame beside it

    # -- clicking through --------------------------------------------------------------------------------

    def open_top(self, row: int) -> None:
        if self.dashboard is not None and 0 <= row < len(self.dashboard.top_customers):
            self.open(self.dashboard.top_customers[row][2])

    def open(self, drill: Drill | None) -> bool:
        """Open the list behind a figure in the main window; a word in the status bar when there is none."""
        if drill is None:
            return False
        window = self.window()
        opened = open_drill(window, drill)
        if not opened and isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.tr("You cannot open the list behind this figure."), 5000)
        return opened
