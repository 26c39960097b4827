"""Saved report settings (常用筛选) beside a report: pick one to apply its period and filters, save the ones on
screen under a name, delete one. They are the user's own, per report, kept in the database
(services/reports/saved.py) so they follow the user to another desktop; a relative period ("this month")
stays relative."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QMessageBox, QToolButton, QWidget

from desktop_app.views import ops
from desktop_app.views.look import icon


class SavedSettingsBar(QWidget):
    """``chosen(spec)``: the user picked saved settings (``ReportFilter.to_dict`` form)."""

    chosen = Signal(dict)

    def __init__(self, state: Any, report: Callable[[], str], current: Callable[[], dict[str, Any]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.report, self.current = state, report, current
        self.views: list[Any] = []
        self.loaded_for = ""
        self.combo = QComboBox()
        self.combo.setMinimumWidth(150)
        self.combo.setToolTip(self.tr("Saved settings of this report: period and filters"))
        self.combo.activated.connect(self._activated)
        self.save_button = QToolButton()
        self.save_button.setIcon(icon("save"))
        self.save_button.setToolTip(self.tr("Save the period and filters on screen under a name..."))
        self.save_button.clicked.connect(self.save)
        self.delete_button = QToolButton()
        self.delete_button.setIcon(icon("x"))
        self.delete_button.setToolTip(self.tr("Delete the chosen saved settings"))
        self.delete_button.clicked.connect(self.delete)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.save_button)
        layout.addWidget(self.delete_button)
        self._fill([], "")

    def reload(self, select: str = "") -> None:
        context, report = self.state.context, self.report()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.saved import list_report_settings

            return list_report_settings(context, report)

        def done(views: list[Any]) -> None:
            if report == self.report():  # not switched to another report meanwhile
                self.loaded_for = report
                self._fill(views, select)

        ops.run(self, work, done, write=False)

    def _fill(self, views: list[Any], select: str) -> None:
        self.views = list(views)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("Saved settings..."), None)
        for view in self.views:
            self.combo.addItem(view.name, view.name)
        self.combo.setCurrentIndex(max(0, self.combo.findData(select)) if select else 0)
        self.combo.blockSignals(False)
        self.delete_button.setEnabled(bool(self.views))

    def chosen_view(self) -> Any:
        name = self.combo.currentData()
        return next((view for view in self.views if view.name == name), None)

    def _activated(self, _index: int) -> None:
        view = self.chosen_view()
        if view is not None:
            self.chosen.emit(dict(view.data))

    def save(self) -> None:
        chosen = self.chosen_view()
        name, ok = QInputDialog.getText(self, self.tr("Save report settings"),
                                        self.tr("Name of these settings (period and filters):"),
                                        text=chosen.name if chosen else "")
        name = name.strip()
        if not ok or not name:
            return
        context, report, spec = self.state.context, self.report(), self.current()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports import ReportFilter
            from desktop_app.services.reports.saved import company_today, save_report_settings

            return save_report_settings(context, report, name, ReportFilter.from_dict(spec, company_today(context)))

        ops.run(self, work, lambda _changes: self.reload(select=name))

    def delete(self) -> None:
        view = self.chosen_view()
        if view is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete saved settings"),
                                      self.tr("Delete the saved settings \u201c{0}\u201d?").format(view.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        context, report = self.state.context, self.report()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.saved import delete_report_settings

            return delete_report_settings(context, report, view.name)

        ops.run(self, work, lambda _changes: self.reload())
