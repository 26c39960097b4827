"""Saved filters (常用筛选) above a list: pick one to apply it, save the current one by name, delete one.

The page says what its filter is (``current()`` → a JSON-able dict) and applies a chosen one (``chosen``);
the filters are the user's own, kept in the database (services/saved_views.py) so they follow the user
to another desktop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QMessageBox, QToolButton, QWidget

from desktop_app.views import ops
from desktop_app.views.look import icon


class SavedFilterBar(QWidget):
    chosen = Signal(dict)

    def __init__(self, state: Any, kind: str, current: Callable[[], dict[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        self.state, self.kind, self.current = state, kind, current
        self.views: list[Any] = []
        self.combo = QComboBox()
        self.combo.setMinimumWidth(120)
        self.combo.setToolTip(self.tr("Saved filters"))
        self.combo.activated.connect(self._activated)
        self.save_button = QToolButton()
        self.save_button.setIcon(icon("save"))
        self.save_button.setToolTip(self.tr("Save the current filter..."))
        self.save_button.clicked.connect(self.save)
        self.delete_button = QToolButton()
        self.delete_button.setIcon(icon("x"))
        self.delete_button.setToolTip(self.tr("Delete the chosen saved filter"))
        self.delete_button.clicked.connect(self.delete)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addWidget(self.save_button)
        layout.addWidget(self.delete_button)
        QTimer.singleShot(0, self, self.reload)  # after the page has asked for its rows

    def reload(self, select: str = "") -> None:
        context, kind = self.state.context, self.kind

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import list_views

            return list_views(context, kind)

        ops.run(self, work, lambda views: self._fill(views, select), write=False)

    def _fill(self, views: list[Any], select: str) -> None:
        self.views = list(views)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("Saved filters..."), None)
        for view in self.views:
            self.combo.addItem(view.name, view.id)
        self.combo.setCurrentIndex(max(0, self.combo.findText(select)) if select else 0)
        self.combo.blockSignals(False)
        self.delete_button.setEnabled(bool(self.views))

    def _view(self) -> Any:
        view_id = self.combo.currentData()
        return next((v for v in self.views if v.id == view_id), None)

    def _activated(self, _index: int) -> None:
        view = self._view()
        if view is not None:
            self.chosen.emit(dict(view.data))

    def save(self) -> None:
        chosen = self._view()
        name, ok = QInputDialog.getText(self, self.tr("Save filter"), self.tr("Name of this filter:"),
                                        text=chosen.name if chosen else "")
        if not ok or not name.strip():
            return
        context, kind, data = self.state.context, self.kind, self.current()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import save_view

            return save_view(context, kind, name, data)

        ops.run(self, work, lambda result: self.reload(select=result[0].name))

    def delete(self) -> None:
        view = self._view()
        if view is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete saved filter"),
                                      self.tr("Delete the saved filter \u201c{0}\u201d?").format(view.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import delete_view

            return delete_view(context, view.id)

        ops.run(self, work, lambda _changes: self.reload())
