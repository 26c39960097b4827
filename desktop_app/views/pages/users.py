"""Users and departments: the department tree, the user list, the user editor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.forms import FormErrors
from desktop_app.views.look import icon
from desktop_app.views.messages import role_description, role_name
from desktop_app.views.pages.audit import compact
from desktop_app.views.prompts import ask_password
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel

ALL_USERS = -1


class UserDialog(QDialog):
    """Create or edit one account; roles are ticked in a list."""

    def __init__(self, state: AppState, user: Any, departments: list[Any], people: list[Any], roles: list[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.user = state, user
        self.setWindowTitle(self.tr("New user") if user is None else self.tr("Edit user {0}").format(user.login))
        self.login = QLineEdit(user.login if user else "")
        self.display_name = QLineEdit(user.display_name if user else "")
        self.phone = QLineEdit(user.phone if user else "")
        self.email = QLineEdit(user.email if user else "")
        for edit, field in ((self.phone, "phone"), (self.email, "email")):
            rule = state.user.access.field_rule("users", field)
            edit.setReadOnly(rule.name != "EDITABLE")
        self.department = QComboBox()
        self.department.addItem(self.tr("(none)"), None)
        for department in departments:
            self.department.addItem(department.name, department.id)
        self.supervisor = QComboBox()
        self.supervisor.addItem(self.tr("(none)"), None)
        for person in people:
            if user is None or person.id != user.id:
                self.supervisor.addItem(f"{person.display_name} ({person.login})", person.id)
        if user is not None:
            self.department.setCurrentIndex(max(0, self.department.findData(user.department_id)))
            self.supervisor.setCurrentIndex(max(0, self.supervisor.findData(user.supervisor_id)))
        self.roles = QListWidget()
        for role in roles:
            item = QListWidgetItem(role_name(role.name))
            item.setData(Qt.ItemDataRole.UserRole, role.id)
            item.setToolTip(role_description(role.name, role.description))
            item.setCheckState(Qt.CheckState.Checked if user and role.id in user.role_ids else Qt.CheckState.Unchecked)
            self.roles.addItem(item)
        self.roles.setMaximumHeight(130)
        self.active = QCheckBox(self.tr("Active (may log in)"))
        self.active.setChecked(user.active if user else True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Login name *"), self.login)
        form.addRow(self.tr("Display name"), self.display_name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Supervisor"), self.supervisor)
        form.addRow(self.tr("Roles"), self.roles)
        form.addRow("", self.active)
        if user is None:
            form.addRow(self.tr("Initial password *"), self.password)
            hint = QLabel(self.tr("The user must change it at the first log-in."))
            hint.setProperty("role", "muted")
            form.addRow("", hint)
        self.errors = FormErrors({"login": self.login, "display_name": self.display_name, "phone": self.phone,
                                  "email": self.email, "password": self.password, "department_id": self.department,
                                  "supervisor_id": self.supervisor})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def role_ids(self) -> tuple[int, ...]:
        return tuple(self.roles.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.roles.count())
                     if self.roles.item(i).checkState() == Qt.CheckState.Checked)

    def data(self) -> Any:
        from desktop_app.services.users import UserInput

        return UserInput(self.login.text(), self.display_name.text(), self.phone.text(), self.email.text(),
                         self.department.currentData(), self.supervisor.currentData(), self.role_ids(),
                         self.active.isChecked(), self.user.version if self.user else 0)

    def save(self) -> None:
        data, context, user, password = self.data(), self.state.context, self.user, self.password.text()
        roles_changed = tuple(sorted(data.role_ids)) != tuple(sorted(user.role_ids if user else ()))
        confirm = ""
        if roles_changed:
            answer = ask_password(self, self.tr("Changing roles changes what this user may see and do."))
            if answer is None:
                return
            confirm = answer

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.users import create_user, update_user

            if user is None:
                return create_user(context, data, password, confirm)
            return update_user(context, user.id, data, confirm)

        def done(result: Any) -> None:
            self.state.publish(result[1])
            self.accept()

        ops.run(self, work, done, self.errors.show)


class UsersPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        access = state.user.access
        self.can_edit = access.can("users", "edit")
        title = QLabel(self.tr("Users and departments"))
        title.setObjectName("pageTitle")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Department"), self.tr("Users")])
        self.tree.currentItemChanged.connect(lambda *_: self.reload_users())
        tree_buttons = QHBoxLayout()
        self.add_department = QPushButton(icon("building-2"), self.tr("New department"))
        self.rename_department = QPushButton(self.tr("Rename"))
        self.delete_department = QPushButton(self.tr("Delete"))
        for button, slot in ((self.add_department, self._new_department), (self.rename_department, self._rename),
                             (self.delete_department, self._delete_department)):
            button.setEnabled(self.can_edit)
            button.clicked.connect(slot)
            tree_buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree)
        left_layout.addLayout(tree_buttons)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search login or name"))
        self.search.textChanged.connect(lambda _t: self.reload_users())
        self.model = RecordTableModel([
            Column(self.tr("Login"), lambda u: u.login),
            Column(self.tr("Name"), lambda u: u.display_name),
            Column(self.tr("Department"), lambda u: u.department_name),
            Column(self.tr("Supervisor"), lambda u: u.supervisor_name),
            Column(self.tr("Roles"), lambda u: ", ".join(role_name(n) for n in u.role_names)),
            Column(self.tr("Phone"), lambda u: u.phone),
            Column(self.tr("E-mail"), lambda u: u.email),
            Column(self.tr("Status"), self._status),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _i: self.edit_user())
        compact(self.table)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(icon("user"), self.tr("New user"))
        self.edit_button = QPushButton(self.tr("Edit..."))
        self.reset_button = QPushButton(icon("key-round"), self.tr("Reset password..."))
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.new_button.setEnabled(access.can("users", "create"))
        for button, slot in ((self.new_button, self.new_user), (self.edit_button, self.edit_user),
                             (self.reset_button, self.reset_password), (self.unlock_button, self.unlock)):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        for button in (self.edit_button, self.reset_button, self.unlock_button):
            button.setEnabled(self.can_edit)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.table)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        self.tree.setMinimumWidth(150)
        self.search.setMaximumWidth(260)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        self.departments: list[Any] = []
        self.editor: UserDialog | None = None
        state.bus.changed.connect(lambda changes: changes.users and self.reload())
        self.reload()

    def _status(self, user: Any) -> str:
        if not user.active:
            return self.tr("Disabled")
        if user.locked:
            return self.tr("Locked")
        if user.must_change_password:
            return self.tr("Must change password")
        return self.tr("Active")

    # --- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import list_departments

            return list_departments(context)

        ops.run(self, work, self._fill_tree, write=False)

    def _fill_tree(self, departments: list[Any]) -> None:
        current = self.selected_department()
        self.departments = departments
        self.tree.blockSignals(True)
        self.tree.clear()
        root = QTreeWidgetItem([self.tr("All users"), ""])
        root.setData(0, Qt.ItemDataRole.UserRole, ALL_USERS)
        self.tree.addTopLevelItem(root)
        items = {d.id: QTreeWidgetItem([d.name, str(d.member_count)]) for d in departments}
        for department in departments:
            item = items[department.id]
            item.setData(0, Qt.ItemDataRole.UserRole, department.id)
            parent = items.get(department.parent_id) if department.parent_id is not None else None
            (parent if parent is not None else root).addChild(item)
        self.tree.expandAll()
        chosen = items.get(current) if current not in (None, ALL_USERS) else None
        self.tree.setCurrentItem(chosen if chosen is not None else root)
        self.tree.resizeColumnToContents(0)
        self.tree.blockSignals(False)
        self.reload_users()

    def selected_department(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def reload_users(self) -> None:
        context, search, department = self.state.context, self.search.text(), self.selected_department()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.users import list_users

            return list_users(context, search, None if department in (None, ALL_USERS) else department)

        ops.run(self, work, self.model.set_rows, write=False)

    def selected_user(self) -> Any:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0]) if indexes else None

    # --- users ------------------------------------------------------------------------------------

    def _open_editor(self, user: Any) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import list_roles
            from desktop_app.services.users import list_users

            return list_users(context), list_roles(context)

        def done(result: Any) -> None:
            people, roles = result
            self.editor = UserDialog(self.state, user, self.departments, people, roles, self)
            self.editor.open()

        ops.run(self, work, done, write=False)

    def new_user(self) -> None:
        self._open_editor(None)

    def edit_user(self) -> None:
        user = self.selected_user()
        if user is not None and self.can_edit:
            self._open_editor(user)

    def reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        new, ok = QInputDialog.getText(self, self.tr("Reset password"),
                                       self.tr("Temporary password for {0} (changed at the next log-in):")
                                       .format(user.login), QLineEdit.EchoMode.Password)
        if not ok:
            return
        confirm = ask_password(self, self.tr("Resetting a password lets someone log in as {0}.").format(user.login))
        if confirm is None:
            return
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.users import reset_password

            return reset_password(context, user.id, new, confirm)

        ops.run(self, work, self.state.publish)

    def unlock(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.users import unlock_user

            return unlock_user(context, user.id)

        ops.run(self, work, self.state.publish)

    # --- departments ------------------------------------------------------------------------------

    def _save_department(self, department_id: int | None, name: str, parent: int | None, version: int) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import save_department

            return save_department(context, department_id, name, parent, version)

        ops.run(self, work, lambda result: self.state.publish(result[1]))

    def _new_department(self) -> None:
        parent = self.selected_department()
        name, ok = QInputDialog.getText(self, self.tr("New department"), self.tr("Name of the new department:"))
        if ok:
            self._save_department(None, name, None if parent in (None, ALL_USERS) else parent, 0)

    def _rename(self) -> None:
        chosen = next((d for d in self.departments if d.id == self.selected_department()), None)
        if chosen is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename department"), self.tr("New name:"), text=chosen.name)
        if ok:
            self._save_department(chosen.id, name, chosen.parent_id, chosen.version)

    def _delete_department(self) -> None:
        department = self.selected_department()
        if department in (None, ALL_USERS):
            return
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.roles import delete_department

            return delete_department(context, department)

        ops.run(self, work, self.state.publish)
