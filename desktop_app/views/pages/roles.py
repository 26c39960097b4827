"""Roles: the permission grid per role (built-in ones read-only), and a user's effective access."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.access_grid import AccessGrid
from desktop_app.views.forms import FormErrors
from desktop_app.views.look import icon
from desktop_app.views.messages import role_description, role_name
from desktop_app.views.prompts import ask_password
from desktop_app.views.state import AppState


class RoleEditor(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.can_edit = state.user.access.can("users", "edit")
        self.roles: list[Any] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        copy = QPushButton(icon("refresh-cw"), self.tr("Copy..."))
        copy.clicked.connect(self.copy)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete)
        for button in (copy, self.delete_button):
            button.setEnabled(self.can_edit)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(copy)
        list_buttons.addWidget(self.delete_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        left_layout.addLayout(list_buttons)
        self.name = QLineEdit()
        self.description = QLineEdit()
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.grid = AccessGrid()
        self.errors = FormErrors({"name": self.name})
        self.save_button = QPushButton(icon("save", "#ffffff"), self.tr("Save role"))
        self.save_button.setProperty("default", "true")
        self.save_button.clicked.connect(self.save)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("Name")))
        header.addWidget(self.name, 1)
        header.addWidget(QLabel(self.tr("Description")))
        header.addWidget(self.description, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(header)
        right_layout.addWidget(self.note)
        right_layout.addWidget(self.grid, 1)
        right_layout.addWidget(self.errors.label)
        right_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(splitter)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import list_roles

            return list_roles(context)

        ops.run(self, work, lambda roles: self._fill(roles, select_id), write=False)

    def _fill(self, roles: list[Any], select_id: int | None) -> None:
        current = self.current()
        wanted = select_id if select_id is not None else (current.id if current else None)
        self.roles = roles
        self.list.blockSignals(True)
        self.list.clear()
        for role in roles:
            label = role_name(role.name) + ("  " + self.tr("(built-in)") if role.builtin else "")
            item = QListWidgetItem(label)
            item.setToolTip(self.tr("{0} users").format(role.user_count))
            self.list.addItem(item)
        self.list.blockSignals(False)
        index = next((i for i, r in enumerate(roles) if r.id == wanted), 0)
        self.list.setCurrentRow(index)
        self._show(index)

    def current(self) -> Any:
        row = self.list.currentRow()
        return self.roles[row] if 0 <= row < len(self.roles) else None

    def _show(self, _row: int) -> None:
        role = self.current()
        if role is None:
            return
        editable = self.can_edit and not role.builtin
        self.name.setText(role_name(role.name))
        self.description.setText(role_description(role.name, role.description) if role.builtin else role.description)
        self.name.setReadOnly(not editable)
        self.description.setReadOnly(not editable)
        self.grid.set_grants(role.grants, editable)
        self.save_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.note.setText(self.tr("Built-in role: read-only. Copy it to make a role of your own.")
                          if role.builtin else self.tr("Held by {0} users.").format(role.user_count))
        self.errors.clear()

    def copy(self) -> None:
        role = self.current()
        if role is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Copy role"), self.tr("Name of the new role:"),
                                        text=self.tr("{0} (copy)").format(role_name(role.name)))
        if not ok:
            return
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import copy_role

            return copy_role(context, role.id, name)

        def done(result: Any) -> None:
            self.state.publish(result[1])
            self.reload(result[0].id)

        ops.run(self, work, done)

    def save(self) -> None:
        role = self.current()
        if role is None:
            return
        try:
            grants = self.grid.grants()
        except ValueError as error:
            self.errors.label.setText(str(error))
            self.errors.label.show()
            return
        confirm = ask_password(self, self.tr("Changing a role changes what its users may see and do."))
        if confirm is None:
            return
        context, name, description = self.state.context, self.name.text(), self.description.text()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import save_role

            return save_role(context, role.id, name, description, grants, role.version, confirm)

        def done(result: Any) -> None:
            self.state.publish(result[1])
            self.reload(role.id)

        ops.run(self, work, done, self.errors.show)

    def delete(self) -> None:
        role = self.current()
        if role is None:
            return
        confirm = ask_password(self, self.tr("Delete the role {0}?").format(role.name))
        if confirm is None:
            return
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import delete_role

            return delete_role(context, role.id, confirm)

        def done(changes: Any) -> None:
            self.state.publish(changes)
            self.reload()

        ops.run(self, work, done, self.errors.show)


class EffectiveAccess(QWidget):
    """Pick a user: see the merge of their roles, exactly as the services apply it."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.user = QComboBox()
        self.user.currentIndexChanged.connect(self._show)
        self.roles = QLabel()
        self.roles.setProperty("role", "muted")
        self.grid = AccessGrid()
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("User")))
        row.addWidget(self.user, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.roles)
        layout.addWidget(self.grid, 1)
        self.reload()

    def reload(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.users import list_users

            return list_users(context)

        def done(users: list[Any]) -> None:
            current = self.user.currentData()
            self.user.blockSignals(True)
            self.user.clear()
            for user in users:
                self.user.addItem(f"{user.display_name} ({user.login})", user.id)
            self.user.blockSignals(False)
            self.user.setCurrentIndex(max(0, self.user.findData(current)))
            self._show()

        ops.run(self, work, done, write=False)

    def _show(self, *_args: object) -> None:
        user_id, context = self.user.currentData(), self.state.context
        if user_id is None:
            return

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import effective_access

            return effective_access(context, user_id)

        def done(access: Any) -> None:
            if self.user.currentData() != user_id:
                return  # an answer for a user no longer selected
            self.grid.set_access(access)
            names = ", ".join(role_name(n) for n in access.role_names) or self.tr("no roles: no access")
            self.roles.setText(self.tr("Roles: {0}. Where roles differ, the most permissive wins.").format(names))

        ops.run(self, work, done, write=False)


class RolesPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        title = QLabel(self.tr("Roles and permissions"))
        title.setObjectName("pageTitle")
        self.editor = RoleEditor(state)
        self.effective = EffectiveAccess(state)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, self.tr("Roles"))
        self.tabs.addTab(self.effective, self.tr("Effective access"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        state.bus.changed.connect(lambda changes: changes.users and self.effective.reload())
