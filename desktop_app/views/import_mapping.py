"""The import wizard's second page: which column of the file goes into which customer field, with saved
mapping presets (the user's own, kept in the database) and the active custom fields as extra targets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.views import ops
from desktop_app.views.messages import field_label

PRESET_KIND = "import_mapping"
TARGETS = ("code", "name", "short_name", "kind", "status", "tier", "industry", "region", "address", "source",
           "tags", "tax_id", "invoice_title", "bank_name", "bank_account", "phone", "email", "notes", "owner",
           "created_at")


def target_label(target: str) -> str:
    extra = {"code": QCoreApplication.translate("ImportWizard", "Code"),
             "kind": QCoreApplication.translate("ImportWizard", "Type"),
             "status": QCoreApplication.translate("ImportWizard", "Status"),
             "tier": QCoreApplication.translate("ImportWizard", "Membership tier"),
             "notes": QCoreApplication.translate("ImportWizard", "Notes"),
             "owner": QCoreApplication.translate("ImportWizard", "Owner (login name)"),
             "created_at": QCoreApplication.translate("ImportWizard", "Created on")}
    return extra.get(target) or field_label(target)


class MappingPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Columns with familiar headers are matched already. Check them and choose how "
                                 "existing customers are recognised."))
        self.header: list[str] = []
        self.combos: dict[str, QComboBox] = {}  # target -> column; custom fields as custom.<key>, after the others
        self.fields: list[Any] = []  # the active custom fields (services.custom_fields.CustomFieldInfo)
        self._loading = 0  # which initializePage a background answer belongs to
        self.presets: dict[int, Any] = {}  # id -> services.saved_views.SavedViewInfo
        self.preset = QComboBox()
        self.preset.setMinimumWidth(200)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.save_preset = QPushButton(self.tr("Save preset..."))
        self.save_preset.clicked.connect(self._save_preset)
        self.delete_preset = QPushButton(self.tr("Delete preset"))
        self.delete_preset.clicked.connect(self._delete_preset)
        self.grid = QFormLayout()
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Create new customers only"), "create")
        self.mode.addItem(self.tr("Update existing customers only"), "update")
        self.mode.addItem(self.tr("Create new and update existing"), "upsert")
        self.key = QComboBox()
        for key in ("code", "tax_id", "phone", "name"):
            self.key.addItem(target_label(key), key)
        presets = QHBoxLayout()
        presets.addWidget(self.preset, 1)
        presets.addWidget(self.save_preset)
        presets.addWidget(self.delete_preset)
        options = QFormLayout()
        options.addRow(self.tr("Preset"), presets)
        options.addRow(self.tr("Mode"), self.mode)
        options.addRow(self.tr("Recognise existing customers by"), self.key)
        holder = QWidget()
        holder.setLayout(self.grid)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(holder, 1)

    def initializePage(self) -> None:
        from desktop_app.services.import_table import auto_mapping, read_table

        path = Path(self.wizard().file_page.path.text())
        self.header, _rows = read_table(path)
        guessed = auto_mapping(self.header)
        while self.grid.rowCount():
            self.grid.removeRow(0)
        self.combos, self.fields = {}, []
        for target in TARGETS:
            self._add_row(target, target_label(target), guessed.get(target, ""))
        self._loading += 1
        loading, context = self._loading, self.wizard().state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.customer_import import import_fields

            return import_fields(context)

        def loaded(fields: list[Any]) -> None:
            if loading == self._loading:  # not the answer for a file chosen before
                self.add_custom_fields(fields)

        def failed(error: BaseException) -> None:
            from desktop_app.views.error_dialog import show_error

            show_error(self, error)
            if loading == self._loading:  # the built-in fields and the presets still work
                self.add_custom_fields([])

        ops.run(self, work, loaded, failed, write=False)

    def _add_row(self, target: str, label: str, guess: str) -> None:
        combo = QComboBox()
        combo.addItem(self.tr("(not imported)"), "")
        for column in self.header:
            combo.addItem(column, column)
        combo.setCurrentIndex(max(0, combo.findData(guess)))
        self.combos[target] = combo
        self.grid.addRow(label, combo)

    def add_custom_fields(self, fields: list[Any]) -> None:
        """A row per active custom field after the built-in ones, labelled as on the form; then the presets
        (which may name custom fields)."""
        from desktop_app.services.import_table import auto_mapping, custom_target

        self.fields = list(fields)
        guessed = auto_mapping(self.header, self.fields)
        for info in self.fields:
            target = custom_target(info.key)
            self._add_row(target, info.label, guessed.get(target, ""))
        self.load_presets()

    def mapping(self) -> dict[str, str]:
        return {target: combo.currentData() for target, combo in self.combos.items() if combo.currentData()}

    # --- presets: saved mappings of the user ---------------------------------------------------------

    def load_presets(self, select_id: int | None = None) -> None:
        context = self.wizard().state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import list_views

            return list_views(context, PRESET_KIND)

        def loaded(views: list[Any]) -> None:
            self.presets = {view.id: view for view in views}
            self.preset.blockSignals(True)
            self.preset.clear()
            self.preset.addItem(self.tr("(no preset)"), None)
            for view in views:
                self.preset.addItem(view.name, view.id)
            self.preset.setCurrentIndex(max(0, self.preset.findData(select_id)) if select_id is not None else 0)
            self.preset.blockSignals(False)
            self.delete_preset.setEnabled(self.preset.currentData() is not None)

        ops.run(self, work, loaded, write=False)

    def _preset_chosen(self, _index: int) -> None:
        view = self.presets.get(self.preset.currentData())
        self.delete_preset.setEnabled(view is not None)
        if view is not None:
            self.apply_preset(view.data)

    def apply_preset(self, data: dict[str, Any]) -> None:
        """The preset's columns where this file has them; its mode and how customers are recognised."""
        from desktop_app.services.import_table import preset_mapping

        mapping = preset_mapping(self.header, dict(data.get("mapping") or {}), self.fields)
        for target, combo in self.combos.items():
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(target, ""))))
        for combo, value in ((self.mode, data.get("mode")), (self.key, data.get("match_key"))):
            if combo.findData(value) >= 0:
                combo.setCurrentIndex(combo.findData(value))

    def _save_preset(self) -> None:
        current = self.presets.get(self.preset.currentData())
        name, ok = QInputDialog.getText(self, self.tr("Save preset"), self.tr("Save this column mapping as:"),
                                        text=current.name if current else "")
        if not ok or not name.strip():
            return
        context = self.wizard().state.context
        data = {"mapping": self.mapping(), "mode": self.mode.currentData(), "match_key": self.key.currentData()}

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import save_view

            return save_view(context, PRESET_KIND, name, data)[0]

        ops.run(self, work, lambda view: self.load_presets(view.id))

    def _delete_preset(self) -> None:
        view = self.presets.get(self.preset.currentData())
        if view is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete preset"),
                                      self.tr('Delete the preset "{0}"?').format(view.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        context = self.wizard().state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.saved_views import delete_view

            return delete_view(context, view.id)

        ops.run(self, work, lambda _changes: self.load_presets())
