"""Reports (报表): the list of reports on the left; above the report its filters; then its headline cards,
its chart, its table (sortable, totals at the bottom) and its notes. Export (XLSX/CSV), print preview and
print, saved settings; double-click a row to drill down to another report or to the list behind it.

Reports run off the GUI thread (ops.run); a newer run makes an older answer stale, so a quick change of
filters never shows the figures of the filter before.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.reports import localised
from desktop_app.views import ops
from desktop_app.views.charts import ui_language
from desktop_app.views.look import icon
from desktop_app.views.report_filters import FilterBar
from desktop_app.views.report_output import ReportOutput
from desktop_app.views.report_saved import SavedSettingsBar
from desktop_app.views.report_table import CardStrip, ColumnFitter, ReportTableModel, report_table, totals_view
from desktop_app.views.state import AppState

DEBOUNCE_MS = 250  # a filter change waits this long for the next one before the report runs


class ReportsPage(QWidget):
    """``show_report(name, changes)`` opens report ``name`` with ``changes`` (ReportFilter.to_dict keys; the
    period as its text) applied to the filter on screen."""

    shown = Signal(object)  # the snapshot now on screen

    def __init__(self, state: AppState) -> None:
        super().__init__()
        from desktop_app.services.reports import REPORTS

        self.state = state
        self.language = ui_language()
        self.infos = dict(REPORTS)
        self.name = next(iter(self.infos))
        self.snapshot: Any = None
        self.shown_spec: dict[str, Any] | None = None  # the filter of the report on screen
        self.running = False
        self.chart: Any = None
        self.dialog: Any = None  # the targets or grading dialog last opened
        self.period_text = ""  # the period (or as-of day) of the report on screen, as its subtitle says
        self._generation = 0
        access = state.user.access
        self.can_edit_customers = access.can("customers", "edit")
        self.can_edit_settings = access.can("settings", "edit")
        self.can_set_targets = access.can("users", "edit") or access.can("reports", "export")

        self.reports = QListWidget()
        self.reports.setObjectName("reportList")
        self.reports.setFixedWidth(190)
        self.reports.setStyleSheet("QListWidget#reportList { border: none; border-right: 1px solid #d1d9e0; "
                                   "padding: 6px 4px; outline: 0; } QListWidget#reportList::item { padding: 6px 8px; "
                                   "border-radius: 5px; } QListWidget#reportList::item:selected { "
                                   "background: #ddf4ff; color: #1f6feb; }")
        for name, info in self.infos.items():
            item = QListWidgetItem(info.title.text(self.language))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.reports.addItem(item)
        self.reports.currentRowChanged.connect(self._report_chosen)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "muted")
        self.filters = FilterBar(state)
        self.filters.changed.connect(self.schedule)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.run())

        self.refresh_button = QPushButton(icon("refresh-cw"), self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Compute the report again with the latest figures (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(lambda: self.run())
        self.output = ReportOutput(state, self)
        self.saved = SavedSettingsBar(state, lambda: self.name, lambda: self.filters.spec(), self)
        self.saved.chosen.connect(self._saved_chosen)
        self.targets_button = QPushButton(self.tr("Targets..."))
        self.targets_button.setToolTip(self.tr("Set the monthly sales targets (业绩目标) of each salesperson"))
        self.targets_button.clicked.connect(self.edit_targets)
        self.grading_button = QPushButton(icon("settings"), self.tr("Grading settings..."))
        self.grading_button.setToolTip(self.tr("Thresholds of the A/B/C/D grades and the tier each grade suggests"))
        self.grading_button.clicked.connect(self.edit_grading)
        self.apply_button = QPushButton(icon("circle-check"), self.tr("Apply suggested tiers..."))
        self.apply_button.setToolTip(self.tr("Set the suggested tier on the selected customers, or on every "
                                             "customer whose suggestion differs when none is selected"))
        self.apply_button.clicked.connect(self.apply_tiers)
        actions = QHBoxLayout()
        actions.setSpacing(6)
        actions.addWidget(self.refresh_button)
        for button in self.output.buttons:
            actions.addWidget(button)
        actions.addSpacing(12)
        actions.addWidget(self.saved)
        actions.addStretch(1)
        for button in (self.targets_button, self.grading_button, self.apply_button):
            actions.addWidget(button)

        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.cards = CardStrip()
        self.cards.hide()
        self.chart_box = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.model = ReportTableModel(self)
        self.table = report_table(self.model)
        self.totals = totals_view(self.table, self.model)
        self.fitter = ColumnFitter(self.table, self.totals)
        self.table.setObjectName("reportTable")
        self.totals.setObjectName("reportTotals")
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.setSpacing(0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.totals)
        self.table.doubleClicked.connect(self.drill)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.chart_box)
        self.splitter.addWidget(table_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.notes = QLabel()
        self.notes.setProperty("role", "muted")
        self.notes.setWordWrap(True)

        body = QVBoxLayout()
        body.setContentsMargins(20, 16, 20, 14)
        body.setSpacing(8)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addSpacing(12)
        heading.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBottom)
        body.addLayout(heading)
        body.addWidget(self.filters)
        body.addLayout(actions)
        body.addWidget(self.cards)
        body.addWidget(self.splitter, 1)
        body.addWidget(self.notes)
        body.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.reports)
        layout.addLayout(body, 1)
        state.bus.changed.connect(self._changed)
        self.started = False  # the first report runs when the page is first shown, not at log-in
        self.stale = False  # figures changed elsewhere while the page was hidden: run again when shown
        self.filters.reset()
        with QSignalBlocker(self.reports):
            self.reports.setCurrentRow(0)
        self._prepare()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.started:
            self._start()
            self.run()
        elif self.stale and not self.running:
            self.run()

    def _start(self) -> None:
        """Load the filter choices and the saved settings once, when the page is first used."""
        if not self.started:
            self.started = True
            self.filters.load_choices()
            self.saved.reload()

    # -- choosing and running ------------------------------------------------------------------------

    @property
    def info(self) -> Any:
        return self.infos[self.name]

    def _report_chosen(self, row: int) -> None:
        item = self.reports.item(row)
        if item is None:
            return
        self.name = str(item.data(Qt.ItemDataRole.UserRole))
        self._prepare()
        if self.started:
            self.saved.reload()
        self._start()
        self.run()

    def _prepare(self) -> None:
        """The filters, title and buttons of the chosen report, before its figures arrive."""
        info = self.info
        self.filters.set_report(info)
        self.title.setText(info.title.text(self.language))
        self.targets_button.setVisible(self.name == "sales_performance" and self.can_set_targets)
        self.grading_button.setVisible(self.name == "customer_value" and self.can_edit_settings)
        self.apply_button.setVisible(self.name == "customer_value" and self.can_edit_customers)

    def show_report(self, name: str, changes: dict[str, Any] | None = None) -> None:
        """Open report ``name`` with ``changes`` applied to the filter on screen (drill-down, the dashboard)."""
        if name not in self.infos:
            return
        changes = {key: value.isoformat() if isinstance(value, date) else value
                   for key, value in (changes or {}).items()}
        spec = {**self.filters.spec(), **changes}
        names: dict[str, str] = {}
        if self.snapshot is not None and spec.get("customer_id") == (self.shown_spec or {}).get("customer_id"):
            names["customer_id"] = self._filter_text("Customer")
        self.filters.apply(spec, names)
        row = list(self.infos).index(name)
        if row != self.reports.currentRow():
            with QSignalBlocker(self.reports):
                self.reports.setCurrentRow(row)
            self.name = name
            self._prepare()
            if self.started:
                self.saved.reload()
        self._start()
        self.run()

    def schedule(self) -> None:
        """A filter changed: run again once the user stops changing them."""
        self._debounce.start()

    def run(self, message: str = "") -> None:
        """Compute the report on screen for the filters on screen; ``message`` is shown with its figures."""
        self._debounce.stop()
        self.stale = False
        self._generation += 1
        generation, name, spec, context = self._generation, self.name, self.filters.spec(), self.state.context
        self.running = True
        self.status.setText(self.tr("Computing the report..."))
        self._enable()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports import ReportFilter, run_report
            from desktop_app.services.reports.saved import company_today

            today = company_today(context)
            return today, run_report(context, name, ReportFilter.from_dict(spec, today))

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return  # a newer run replaced this one
            self.running = False
            self.status.setText(self.tr("The report could not be computed."))
            self._enable()
            from desktop_app.views.error_dialog import show_error

            show_error(self, error)

        ops.run(self, work, lambda result: self._show(generation, spec, result[0], result[1], message), failed,
                write=False)

    def _show(self, generation: int, spec: dict[str, Any], today: Any, snapshot: Any, message: str = "") -> None:
        if generation != self._generation:
            return  # a newer run is on its way
        self.running = False
        self.snapshot, self.shown_spec = snapshot, spec
        self.filters.set_as_of_default(today)
        language = self.language
        self.title.setText(snapshot.title.text(language))
        facts = [snapshot.period_label.text(language)]  # the period, or "截至 2026-04-30" (aging)
        facts += [f"{label.text(language)}: {value}" for label, value in snapshot.filters]
        self.period_text = facts[0]
        self.subtitle.setText(" · ".join(facts))
        if spec.get("customer_id") is not None:
            self.filters.customer.set_customer(spec["customer_id"], self._filter_text("Customer"))
        shown = localised(snapshot, language)  # the words the report writes ("合计", "免税") in the UI language
        self.cards.show_cards(shown.cards, language)
        self._show_chart(shown)
        self.model.set_snapshot(shown, language)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.fitter.measure()
        self.notes.setText("\n".join(note.text(language) for note in snapshot.notes))
        self.notes.setVisible(bool(snapshot.notes))
        rows = len(snapshot.rows)
        text = (self.tr("{0} rows · double-click a row for its details").format(rows) if any(snapshot.drills)
                else self.tr("{0} rows").format(rows))
        self.status.setText(f"{message} {text}" if message else text)
        self._enable()
        self.shown.emit(snapshot)

    def _filter_text(self, english: str) -> str:
        """The value of filter ``english`` ("Customer"...) as the report on screen names it."""
        if self.snapshot is None:
            return ""
        return next((value for label, value in self.snapshot.filters if label.en == english), "")

    def _show_chart(self, snapshot: Any) -> None:
        if self.chart is not None:
            self.chart_layout.removeWidget(self.chart)
            self.chart.hide()
            self.chart.deleteLater()
            self.chart = None
        if snapshot.chart is not None:
            from desktop_app.views.charts import chart_view

            self.chart = chart_view(snapshot.chart, self.language, self.chart_box)
            self.chart.setObjectName("reportChart")
            clicked = getattr(self.chart, "clicked", None)
            if clicked is not None:
                clicked.connect(self.select_category)
            self.chart_layout.addWidget(self.chart)
            self.chart.show()  # now, not when the layout gets round to it
        self.chart_box.setVisible(snapshot.chart is not None)

    def select_category(self, index: int) -> None:
        """A bar, point or slice was clicked: select (and show) the table row of that category."""
        chart = self.snapshot.chart if self.snapshot is not None else None
        if chart is None or not 0 <= index < len(chart.categories):
            return
        category = chart.categories[index]
        if not isinstance(category, str):  # a Label: the table shows it in the UI language
            category = category.text(self.language)
        for row in range(self.model.rowCount()):
            if not self.model.is_total(row) and category in self.model.values(row):
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def _enable(self) -> None:
        ready = self.snapshot is not None and not self.running
        self.output.set_enabled(ready)
        self.apply_button.setEnabled(ready)

    def _changed(self, changes: Any) -> None:
        if not self.started or not any(getattr(changes, flag, False)
                                       for flag in ("billing", "customers", "settings", "users")):
            return
        if self.isVisible():
            self.schedule()
        else:
            self.stale = True

    def _saved_chosen(self, spec: dict[str, Any]) -> None:
        self.filters.apply(spec)
        self.run()  # at once: a deliberate choice, not typing

    # -- drill-down ----------------------------------------------------------------------------------

    def drill(self, index: QModelIndex) -> None:
        """Where the double-clicked row leads: another report with changed filters, or a list."""
        source = self.model.snapshot_row(index.row())
        drills = self.snapshot.drills if self.snapshot is not None else ()
        if source is None or source >= len(drills) or drills[source] is None:
            return
        target = drills[source]
        if target.target in self.infos:
            self.show_report(target.target, dict(target.params))
            return
        from desktop_app.views.navigation import open_drill

        open_drill(self.window(), target)

    # -- sales targets and customer value ------------------------------------------------------------

    def edit_targets(self) -> None:
        from desktop_app.views.sales_targets_dialog import SalesTargetsDialog

        text = self.filters.period.text()
        year = int(text[:4]) if text[:4].isdigit() else None  # the year on screen; relative: this year
        self.dialog = SalesTargetsDialog(self.state, year, self)
        self.dialog.saved.connect(lambda: self.run())
        self.dialog.open()

    def edit_grading(self) -> None:
        from desktop_app.views.customer_value_dialog import GradingDialog

        self.dialog = GradingDialog(self.state, self)
        self.dialog.saved.connect(lambda: self.run())
        self.dialog.open()

    def apply_tiers(self) -> None:
        from desktop_app.views.customer_value_dialog import apply_suggested_tiers

        if self.snapshot is None:
            return
        chosen = (self.model.snapshot_row(index.row()) for index in self.table.selectionModel().selectedRows())
        rows = sorted({row for row in chosen if row is not None})
        apply_suggested_tiers(self, self.state, self.snapshot, rows, self.run)
