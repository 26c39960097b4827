"""The role grid: actions per resource, data scope, and rules for sensitive fields.

Edits a RoleGrants (role editor) or shows an Access read-only (effective-access view).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.services.access import (
    RESOURCE_ACTIONS,
    SCOPED,
    SENSITIVE_FIELDS,
    Access,
    FieldRule,
    ResourceGrant,
    RoleGrants,
    Scope,
)

ACTIONS = ("view", "create", "edit", "delete", "import", "export", "print", "approve")
NAMES = {
    "customers": QT_TRANSLATE_NOOP("Access", "Customers"),
    "contacts": QT_TRANSLATE_NOOP("Access", "Contacts"),
    "products": QT_TRANSLATE_NOOP("Access", "Products and plans"),
    "subscriptions": QT_TRANSLATE_NOOP("Access", "Subscriptions"),
    "usage": QT_TRANSLATE_NOOP("Access", "Usage"),
    "bills": QT_TRANSLATE_NOOP("Access", "Bills"),
    "payments": QT_TRANSLATE_NOOP("Access", "Payments"),
    "reports": QT_TRANSLATE_NOOP("Access", "Reports"),
    "users": QT_TRANSLATE_NOOP("Access", "Users and roles"),
    "settings": QT_TRANSLATE_NOOP("Access", "Settings"),
    "audit": QT_TRANSLATE_NOOP("Access", "Audit log"),
    "backup": QT_TRANSLATE_NOOP("Access", "Backup"),
    "view": QT_TRANSLATE_NOOP("Access", "View"),
    "create": QT_TRANSLATE_NOOP("Access", "Create"),
    "edit": QT_TRANSLATE_NOOP("Access", "Edit"),
    "delete": QT_TRANSLATE_NOOP("Access", "Delete"),
    "import": QT_TRANSLATE_NOOP("Access", "Import"),
    "export": QT_TRANSLATE_NOOP("Access", "Export"),
    "print": QT_TRANSLATE_NOOP("Access", "Print"),
    "approve": QT_TRANSLATE_NOOP("Access", "Approve"),
    "phone": QT_TRANSLATE_NOOP("Access", "Phone"),
    "email": QT_TRANSLATE_NOOP("Access", "E-mail"),
    "bank_account": QT_TRANSLATE_NOOP("Access", "Bank account"),
    "tax_id": QT_TRANSLATE_NOOP("Access", "Tax ID"),
    "unit_price": QT_TRANSLATE_NOOP("Access", "Unit price"),
    "amount": QT_TRANSLATE_NOOP("Access", "Amount"),
}
SCOPE_NAMES = {
    Scope.OWN: QT_TRANSLATE_NOOP("Access", "Own"),
    Scope.SUBORDINATES: QT_TRANSLATE_NOOP("Access", "Own and subordinates"),
    Scope.DEPARTMENT: QT_TRANSLATE_NOOP("Access", "Department"),
    Scope.DEPARTMENT_TREE: QT_TRANSLATE_NOOP("Access", "Department and sub-departments"),
    Scope.ALL: QT_TRANSLATE_NOOP("Access", "All"),
}
RULE_NAMES = {
    FieldRule.EDITABLE: QT_TRANSLATE_NOOP("Access", "Editable"),
    FieldRule.READ_ONLY: QT_TRANSLATE_NOOP("Access", "Read-only"),
    FieldRule.MASKED: QT_TRANSLATE_NOOP("Access", "Masked"),
    FieldRule.HIDDEN: QT_TRANSLATE_NOOP("Access", "Hidden"),
}


def name(key: str) -> str:
    return QCoreApplication.translate("Access", NAMES.get(key, key))


class AccessGrid(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resources = list(RESOURCE_ACTIONS)
        self.table = QTableWidget(len(self.resources), len(ACTIONS) + 1)
        self.table.setHorizontalHeaderLabels([name(a) for a in ACTIONS] + [self.tr("Data scope")])
        self.table.setVerticalHeaderLabels([name(r) for r in self.resources])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.scopes: dict[str, QComboBox] = {}
        for row, resource in enumerate(self.resources):
            for column, action in enumerate(ACTIONS):
                item = QTableWidgetItem()
                if action in RESOURCE_ACTIONS[resource]:
                    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                    item.setCheckState(Qt.CheckState.Unchecked)
                else:
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                self.table.setItem(row, column, item)
            if resource in SCOPED:
                combo = QComboBox()
                for scope, text in SCOPE_NAMES.items():
                    combo.addItem(QCoreApplication.translate("Access", text), int(scope))
                self.scopes[resource] = combo
                self.table.setCellWidget(row, len(ACTIONS), combo)
            else:
                self.table.setItem(row, len(ACTIONS), QTableWidgetItem(QCoreApplication.translate("Access", "All")))
        self.fields = [(resource, field) for resource, names in SENSITIVE_FIELDS.items() for field in names]
        self.field_table = QTableWidget(len(self.fields), 2)
        self.field_table.setHorizontalHeaderLabels([self.tr("Sensitive field"), self.tr("Shown as")])
        self.field_table.horizontalHeader().setStretchLastSection(True)
        self.field_table.verticalHeader().hide()
        self.rules: dict[tuple[str, str], QComboBox] = {}
        for row, (resource, field) in enumerate(self.fields):
            self.field_table.setItem(row, 0, QTableWidgetItem(f"{name(resource)} · {name(field)}"))
            combo = QComboBox()
            for rule, text in RULE_NAMES.items():
                combo.addItem(QCoreApplication.translate("Access", text), int(rule))
            self.rules[(resource, field)] = combo
            self.field_table.setCellWidget(row, 1, combo)
        self.field_table.resizeColumnToContents(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel(self.tr("Sensitive fields (where the role can see the record)")))
        layout.addWidget(self.field_table, 2)

    def _fill(self, grants: dict[str, ResourceGrant], scope_of: dict[str, Scope],
              rule_of: dict[tuple[str, str], FieldRule]) -> None:
        for row, resource in enumerate(self.resources):
            grant = grants.get(resource, ResourceGrant())
            for column, action in enumerate(ACTIONS):
                if action in RESOURCE_ACTIONS[resource]:
                    checked = Qt.CheckState.Checked if action in grant.actions else Qt.CheckState.Unchecked
                    self.table.item(row, column).setCheckState(checked)
            if resource in self.scopes:
                combo = self.scopes[resource]
                combo.setCurrentIndex(max(0, combo.findData(int(scope_of.get(resource, Scope.OWN) or Scope.OWN))))
        for key, combo in self.rules.items():
            combo.setCurrentIndex(max(0, combo.findData(int(rule_of.get(key, FieldRule.EDITABLE)))))

    def set_grants(self, role: RoleGrants, editable: bool) -> None:
        resources = dict(role.resources)
        self._fill(resources, {k: g.scope for k, g in resources.items()},
                   {(k, f): rule for k, g in resources.items() for f, rule in g.fields.items()})
        self.set_editable(editable)

    def set_access(self, access: Access) -> None:
        """Show a user's effective access, read-only."""
        grants = dict(access.grants)
        self._fill(grants, {k: access.scope(k) for k in grants},
                   {(k, f): access.field_rule(k, f) for k, f in self.fields})
        self.set_editable(False)

    def set_editable(self, editable: bool) -> None:
        flags = Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.ItemIsUserCheckable if editable else Qt.ItemFlag.NoItemFlags)
        for row, resource in enumerate(self.resources):
            for column, action in enumerate(ACTIONS):
                applicable = action in RESOURCE_ACTIONS[resource]
                self.table.item(row, column).setFlags(flags if applicable else Qt.ItemFlag.NoItemFlags)
        for combo in [*self.scopes.values(), *self.rules.values()]:
            combo.setEnabled(editable)

    def grants(self) -> RoleGrants:
        raw: dict[str, dict[str, object]] = {}
        for row, resource in enumerate(self.resources):
            actions = [action for column, action in enumerate(ACTIONS)
                       if self.table.item(row, column).checkState() == Qt.CheckState.Checked
                       and action in RESOURCE_ACTIONS[resource]]
            if not actions:
                continue
            scope = Scope(self.scopes[resource].currentData()) if resource in self.scopes else Scope.ALL
            fields = {field: FieldRule(combo.currentData()).name.lower()
                      for (owner, field), combo in self.rules.items()
                      if owner == resource and FieldRule(combo.currentData()) is not FieldRule.EDITABLE}
            raw[resource] = {"actions": actions, "scope": scope.name.lower(), "fields": fields}
        return RoleGrants.from_dict(raw)
