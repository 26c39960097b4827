"""One customer: profile, contacts, follow-ups and history, in tabs."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import ConcurrentEdit
from desktop_app.views import ops
from desktop_app.views.custom_values import CustomFieldsForm, load_fields
from desktop_app.views.forms import FormErrors
from desktop_app.views.messages import describe
from desktop_app.views.pages.audit import compact, local, table
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel

FOLLOW_UP_KINDS = ("visit", "call", "message", "meeting")


def status_name(status: str) -> str:
    names = {"prospect": QCoreApplication.translate("Customers", "Prospect"),
             "active": QCoreApplication.translate("Customers", "Active"),
             "suspended": QCoreApplication.translate("Customers", "Suspended"),
             "closed": QCoreApplication.translate("Customers", "Closed")}
    return names.get(status, status)


def tier_name(tier: str) -> str:
    """The default membership tiers in the UI language; tiers an administrator added show as typed."""
    names = {"standard": QCoreApplication.translate("Customers", "Standard"),
             "silver": QCoreApplication.translate("Customers", "Silver"),
             "gold": QCoreApplication.translate("Customers", "Gold"),
             "platinum": QCoreApplication.translate("Customers", "Platinum")}
    return names.get(tier, tier)


def kind_name(kind: str) -> str:
    names = {"visit": QCoreApplication.translate("Customers", "Visit"),
             "call": QCoreApplication.translate("Customers", "Call"),
             "message": QCoreApplication.translate("Customers", "Message"),
             "meeting": QCoreApplication.translate("Customers", "Meeting")}
    return names.get(kind, kind)


class ProfileForm(QWidget):
    """The customer's own fields; sensitive ones read-only, masked or hidden by the user's role."""

    TEXT = ("name", "short_name", "industry", "region", "address", "source", "tags", "tax_id", "invoice_title",
            "bank_name", "bank_account", "phone", "email", "pinyin_override")

    def __init__(self, tiers: list[str]) -> None:
        super().__init__()
        self.edits = {name: QLineEdit() for name in self.TEXT}
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Company"), "company")
        self.kind.addItem(self.tr("Individual"), "individual")
        self.status = QComboBox()
        for status in ("prospect", "active", "suspended", "closed"):
            self.status.addItem(status_name(status), status)
        self.tier = QComboBox()
        for tier in tiers:
            self.tier.addItem(tier_name(tier), tier)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)
        self.edits["tax_id"].setMaxLength(18)
        self.edits["tags"].setPlaceholderText(self.tr("comma separated, e.g. 重点,华北"))
        self.edits["pinyin_override"].setPlaceholderText(self.tr("only if the pinyin is wrong, e.g. shan xian"))
        left, right = QFormLayout(), QFormLayout()
        left.addRow(self.tr("Name *"), self.edits["name"])
        left.addRow(self.tr("Short name"), self.edits["short_name"])
        left.addRow(self.tr("Type"), self.kind)
        left.addRow(self.tr("Status"), self.status)
        left.addRow(self.tr("Membership tier"), self.tier)
        left.addRow(self.tr("Industry"), self.edits["industry"])
        left.addRow(self.tr("Region"), self.edits["region"])
        left.addRow(self.tr("Address"), self.edits["address"])
        left.addRow(self.tr("Source"), self.edits["source"])
        left.addRow(self.tr("Tags"), self.edits["tags"])
        right.addRow(self.tr("Phone"), self.edits["phone"])
        right.addRow(self.tr("E-mail"), self.edits["email"])
        right.addRow(self.tr("Unified social credit code"), self.edits["tax_id"])
        right.addRow(self.tr("Invoice title"), self.edits["invoice_title"])
        right.addRow(self.tr("Bank"), self.edits["bank_name"])
        right.addRow(self.tr("Bank account"), self.edits["bank_account"])
        right.addRow(self.tr("Pinyin"), self.edits["pinyin_override"])
        right.addRow(self.tr("Notes"), self.notes)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        self.errors = FormErrors(dict(self.edits))
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        self.custom = CustomFieldsForm((left, right))  # the admin-defined fields, below the built-in ones
        layout.addWidget(self.custom)
        layout.addWidget(self.errors.label)
        layout.addStretch(1)

    def set_data(self, data: Any, rules: dict[str, Any] | None = None) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(data, name))
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.status.setCurrentIndex(max(0, self.status.findData(data.status)))
        if self.tier.findData(data.tier) < 0:
            self.tier.addItem(tier_name(data.tier), data.tier)
        self.tier.setCurrentIndex(self.tier.findData(data.tier))
        self.notes.setPlainText(data.notes)
        self.custom.set_values(data.custom)
        for name, rule in (rules or {}).items():
            self.edits[name].setReadOnly(rule.name != "EDITABLE")
            self.edits[name].setVisible(rule.name != "HIDDEN")

    def data(self, version: int) -> Any:
        from desktop_app.services.customers import CustomerInput

        values = {name: edit.text() for name, edit in self.edits.items()}
        return CustomerInput(**values, kind=self.kind.currentData(), status=self.status.currentData(),
                             tier=self.tier.currentData() or "standard", notes=self.notes.toPlainText(),
                             custom=self.custom.values(), version=version)


class CustomerDialog(QDialog):
    """Create (``customer_id`` None) or open a customer."""

    def __init__(self, state: AppState, customer_id: int | None, tiers: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.customer_id, self.detail = state, customer_id, None
        access = state.user.access
        self.setWindowTitle(self.tr("New customer") if customer_id is None else self.tr("Customer"))
        self.profile = ProfileForm(tiers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.profile, self.tr("Profile"))
        self.header = QLabel()
        self.header.setObjectName("pageTitle")
        self.owner = QLabel()
        self.owner.setProperty("role", "muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(access.can("customers", "edit" if customer_id else "create"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.owner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)
        self.load_fields()
        if customer_id is not None:
            self.contacts = ContactsTab(state, customer_id)
            self.follow_ups = FollowUpsTab(state, customer_id)
            self.tabs.addTab(self.contacts, self.tr("Contacts"))
            self.tabs.addTab(self.follow_ups, self.tr("Follow-ups"))
            if access.can("subscriptions", "view"):
                from desktop_app.views.subscriptions_tab import SubscriptionsTab

                self.subscriptions = SubscriptionsTab(state, customer_id)
                self.tabs.addTab(self.subscriptions, self.tr("Subscriptions"))
            if access.can("bills", "view") or access.can("payments", "view"):
                from desktop_app.views.account_tab import AccountTab

                self.account = AccountTab(state, customer_id)
                self.tabs.addTab(self.account, self.tr("Account"))
            if access.can("audit", "view"):
                from desktop_app.views.pages.audit import HistoryTab

                self.tabs.addTab(HistoryTab(state, "customer", customer_id), self.tr("History"))
            self.reload()
        else:
            self.header.setText(self.tr("New customer"))

    def load_fields(self) -> None:
        context, form = self.state.context, self.profile
        ops.run(self, lambda _progress: load_fields(context),
                lambda fields: form.custom.set_fields(fields, form.errors), write=False)

    def reload(self) -> None:
        context, customer_id = self.state.context, self.customer_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.customers import get_customer

            return get_customer(context, customer_id)

        ops.run(self, work, self._show, write=False)

    def _show(self, detail: Any) -> None:
        self.detail = detail
        self.header.setText(f"{detail.data.name}  ·  {detail.code}")
        self.owner.setText(self.tr("Owner: {0}").format(detail.owner_name) if detail.owner_id
                           else self.tr("In the customer pool"))
        self.profile.set_data(detail.data, detail.field_rules)
        self.profile.errors.clear()

    def save(self) -> None:
        version = self.detail.data.version if self.detail else 0
        data, context, customer_id = self.profile.data(version), self.state.context, self.customer_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.customers import create_customer, update_customer

            if customer_id is None:
                return create_customer(context, data)
            return update_customer(context, customer_id, data)

        def done(result: Any) -> None:
            detail, changes = result
            self.state.publish(changes)
            if self.customer_id is None:
                self.accept()
                return
            self._show(detail)

        def failed(error: BaseException) -> None:
            if isinstance(error, ConcurrentEdit):
                answer = QMessageBox.question(self, self.tr("Changed by someone else"),
                                              describe(error) + "\n\n" + self.tr("Reload now?"))
                if answer == QMessageBox.StandardButton.Yes:
                    self.reload()
                return
            self.profile.errors.show(error)

        ops.run(self, work, done, failed)


class ContactsTab(QWidget):
    def __init__(self, state: AppState, customer_id: int) -> None:
        super().__init__()
        self.state, self.customer_id = state, customer_id
        self.model = RecordTableModel([
            Column(self.tr("Name"), lambda c: c.data.name + (" ★" if c.data.is_primary else "")),
            Column(self.tr("Title"), lambda c: c.data.title),
            Column(self.tr("Phone"), lambda c: c.data.phone),
            Column(self.tr("E-mail"), lambda c: c.data.email),
            Column(self.tr("Decision maker"), lambda c: self.tr("yes") if c.data.decision_maker else ""),
        ], self)
        self.table = table(self.model)
        self.name, self.title, self.phone, self.email = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.primary = QCheckBox(self.tr("Primary"))
        self.decision = QCheckBox(self.tr("Decision maker"))
        add = QPushButton(self.tr("Add contact"))
        add.setEnabled(state.user.access.can("contacts", "create"))
        add.clicked.connect(self.add)
        form = QHBoxLayout()
        for placeholder, edit in ((self.tr("Name"), self.name), (self.tr("Title"), self.title),
                                  (self.tr("Phone"), self.phone), (self.tr("E-mail"), self.email)):
            edit.setPlaceholderText(placeholder)
            form.addWidget(edit)
        for widget in (self.primary, self.decision, add):
            form.addWidget(widget)
        self.errors = FormErrors({"name": self.name, "phone": self.phone, "email": self.email})
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        self.reload()

    def reload(self) -> None:
        context, customer_id = self.state.context, self.customer_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.contacts import list_contacts

            return list_contacts(context, customer_id)

        ops.run(self, work, self.model.set_rows, write=False)

    def add(self) -> None:
        from desktop_app.services.contacts import ContactData

        data = ContactData(self.name.text(), self.title.text(), self.phone.text(), self.email.text(),
                           self.primary.isChecked(), self.decision.isChecked())
        context, customer_id = self.state.context, self.customer_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.contacts import save_contact

            return save_contact(context, customer_id, None, data)

        def done(changes: Any) -> None:
            for edit in (self.name, self.title, self.phone, self.email):
                edit.clear()
            self.state.publish(changes)
            self.reload()

        ops.run(self, work, done, self.errors.show)


class FollowUpsTab(QWidget):
    def __init__(self, state: AppState, customer_id: int) -> None:
        super().__init__()
        self.state, self.customer_id = state, customer_id
        self.model = RecordTableModel([
            Column(self.tr("Time"), lambda f: local(f.at)),
            Column(self.tr("Type"), lambda f: kind_name(f.kind)),
            Column(self.tr("By"), lambda f: f.user_name),
            Column(self.tr("Content"), lambda f: f.content, tooltip=lambda f: f.content),
            Column(self.tr("Next contact"), lambda f: local(f.next_contact_at) if f.next_contact_at else ""),
        ], self)
        self.table = table(self.model)
        self.kind = QComboBox()
        for kind in FOLLOW_UP_KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.content = QLineEdit()
        self.content.setPlaceholderText(self.tr("What was discussed"))
        self.has_next = QCheckBox(self.tr("Next contact"))
        self.next = QDateTimeEdit(QDateTime.currentDateTime().addDays(7))
        self.next.setCalendarPopup(True)
        self.next.setDisplayFormat("yyyy-MM-dd HH:mm")
        add = QPushButton(self.tr("Add follow-up"))
        add.setEnabled(state.user.access.can("customers", "edit"))
        add.clicked.connect(self.add)
        row = QHBoxLayout()
        for widget in (self.kind, self.content, self.has_next, self.next, add):
            row.addWidget(widget)
        row.setStretch(1, 1)
        self.errors = FormErrors({"content": self.content, "next_contact_at": self.next})
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.errors.label)
        compact(self.table)
        self.reload()

    def reload(self) -> None:
        context, customer_id = self.state.context, self.customer_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.contacts import list_follow_ups

            return list_follow_ups(context, customer_id)

        ops.run(self, work, self.model.set_rows, write=False)

    def add(self) -> None:
        context, customer_id = self.state.context, self.customer_id
        kind, content = self.kind.currentData(), self.content.text()
        next_at = self.next.dateTime().toPython().astimezone(UTC) if self.has_next.isChecked() else None

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.contacts import add_follow_up

            return add_follow_up(context, customer_id, kind, content, next_at)

        def done(changes: Any) -> None:
            self.content.clear()
            self.state.publish(changes)
            self.reload()

        ops.run(self, work, done, self.errors.show)

