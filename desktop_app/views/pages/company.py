"""Company details: what every printed document shows in its header; and the documents' style (单据样式,
views/branding_form.py) with a live preview."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import ConcurrentEdit
from desktop_app.views import ops
from desktop_app.views.forms import FormErrors, company_fields
from desktop_app.views.look import icon
from desktop_app.views.messages import describe
from desktop_app.views.state import AppState


class CompanyPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.loaded: Any = None
        title = QLabel(self.tr("Company details"))
        title.setObjectName("pageTitle")
        note = QLabel(self.tr("Printed in the header of bills, receipts and statements."))
        note.setProperty("role", "muted")
        form = QFormLayout()
        self.fields = company_fields(form)
        self.errors = FormErrors(dict(self.fields))
        self.saved = QLabel()
        self.saved.setProperty("role", "ok")
        self.save_button = QPushButton(icon("save", "#ffffff"), self.tr("Save"))
        self.save_button.setProperty("default", "true")
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        reload_button = QPushButton(icon("refresh-cw"), self.tr("Reload"))
        reload_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(reload_button)
        buttons.addWidget(self.save_button)
        details = QWidget()
        content = QWidget()
        content.setMaximumWidth(760)  # a form stretched across a wide screen is hard to read
        row = QHBoxLayout(details)
        row.addWidget(content, 1)
        row.addStretch(0)
        page = QVBoxLayout(self)
        page.setContentsMargins(24, 20, 24, 20)
        page.addWidget(title)
        page.addWidget(note)
        from desktop_app.views.branding_form import BrandingForm

        self.branding = BrandingForm(state)  # 单据样式: logo, colour, texts, with a live preview
        self.tabs = QTabWidget()
        self.tabs.addTab(details, self.tr("Details"))
        self.tabs.addTab(self.branding, self.tr("Documents"))
        if state.user.access.can("audit", "view"):
            from desktop_app.views.pages.audit import HistoryTab

            self.tabs.addTab(HistoryTab(state, "company", 1), self.tr("History"))
        page.addWidget(self.tabs, 1)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        can_edit = state.user.access.can("settings", "edit")
        for edit in self.fields.values():
            edit.setReadOnly(not can_edit)
            edit.textEdited.connect(lambda _text: self.saved.setText(""))
        self.save_button.setEnabled(can_edit)
        state.bus.changed.connect(self._changed)
        self.reload()

    def _changed(self, changes: Any) -> None:
        if changes.company and not self.is_dirty():
            self.reload()

    def is_dirty(self) -> bool:
        return (self.loaded is not None and self._current() != self.loaded) or self.branding.is_dirty()

    def _current(self) -> Any:
        return replace(self.loaded, **{key: edit.text() for key, edit in self.fields.items()})

    def reload(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.company import get_company

            return get_company(context)

        ops.run(self, work, self._fill, write=False)

    def _fill(self, details: Any) -> None:
        self.loaded = details
        for key, edit in self.fields.items():
            edit.setText(getattr(details, key))
        self.errors.clear()

    def save(self) -> None:
        if self.tabs.currentWidget() is self.branding:  # Ctrl+S saves the tab in view
            self.branding.save()
            return
        if self.loaded is None or not self.save_button.isEnabled():
            return
        details, context = self._current(), self.state.context
        self.save_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.company import update_company

            return update_company(context, details)

        def done(result: Any) -> None:
            saved, changes = result
            self.save_button.setEnabled(True)
            self._fill(saved)
            self.saved.setText(self.tr("Saved."))
            self.state.publish(changes)

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(error, ConcurrentEdit):
                answer = QMessageBox.question(
                    self, self.tr("Changed by someone else"), describe(error) + "\n\n" + self.tr("Reload now?")
                )
                if answer == QMessageBox.StandardButton.Yes:
                    self.reload()
                return
            self.errors.show(error)

        ops.run(self, work, done, failed)
