"""The plan editor: header, charges (one form per kind), price lists, minimum commitment, the plan's own
discounts, and the live price calculator beside them. Every change is checked by
``services.plans.check_definition`` a moment later in the background; each problem is shown at its field or
tier row, and listed below. Closing with changes not saved asks first."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.access import FieldRule
from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.catalog_text import error_text, problem_text
from desktop_app.views.charge_list import CHARGE_PATH, ChargesPanel
from desktop_app.views.look import DANGER, icon
from desktop_app.views.plan_discounts import DiscountsEditor
from desktop_app.views.plan_extras import CommitmentForm, PriceListsEditor
from desktop_app.views.plan_header import PlanHeader
from desktop_app.views.price_calculator import CalculatorPanel
from desktop_app.views.state import AppState

CHARGES_TAB, PRICE_LISTS_TAB, COMMITMENT_TAB, DISCOUNTS_TAB = range(4)
_TIER = re.compile(r"^tiers\[(\d+)\]")
_DISCOUNT = re.compile(r"^discounts\[(\d+)\]")


def product_dict(product: Any) -> dict[str, Any]:
    """A catalog ProductInfo in the definition's product form."""
    return {"code": product.code, "name": product.name, "unit": product.unit, "tax_rate": product.tax_rate,
            "description": product.description, "category": product.category, "active": product.active}


class PlanEditor(QDialog):
    """Edit the draft of ``plan`` (None: a new plan) starting from ``version``'s definition."""

    def __init__(self, state: AppState, plan: Any, version: Any, read_only: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        access = state.user.access
        self.price_rule = amounts.rule(access, "products")  # masked "****", hidden "—": shown read-only
        self.prices_shown = amounts.shown(self.price_rule)
        # a role that may not change prices reads the plan (the services refuse a changed price anyway)
        read_only = read_only or not amounts.editable(access, "products")
        self.state, self.plan, self.version, self.read_only = state, plan, version, read_only
        self.setWindowTitle(self.tr("Plan") if plan else self.tr("New plan"))
        self.products: dict[str, dict[str, Any]] = {}
        self.problems: list[tuple[str, str]] = []
        self.tiers: list[str] = []
        self.generation = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.check)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.header = PlanHeader()
        self.header.code.setReadOnly(plan is not None)
        for form in (self.header.left, self.header.right):
            form.changed.connect(self.changed)
        self.charges = ChargesPanel()
        self.charges.changed.connect(self.changed)
        self.price_lists = PriceListsEditor()
        self.price_lists.changed.connect(self.changed)
        self.commitment = CommitmentForm()
        self.commitment.changed.connect(self.changed)
        self.discounts = DiscountsEditor()
        self.discounts.changed.connect(self.changed)
        commitment_page = QWidget()
        commitment_column = QVBoxLayout(commitment_page)
        commitment_column.addWidget(self.commitment)
        commitment_column.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.charges, self.tr("Charges"))
        self.tabs.addTab(self.price_lists, self.tr("Price lists per tier"))
        self.tabs.addTab(commitment_page, self.tr("Minimum commitment"))
        self.tabs.addTab(self.discounts, self.tr("Discounts"))
        self.problem_list = QListWidget()
        self.problem_list.setMaximumHeight(72)
        self.problem_list.itemActivated.connect(lambda item: self.navigate(item.data(Qt.ItemDataRole.UserRole)))
        self.problem_list.itemClicked.connect(lambda item: self.navigate(item.data(Qt.ItemDataRole.UserRole)))
        self.calculator = CalculatorPanel(state)
        if read_only and version is not None:
            self.calculator.version_id = version.id
        self.calculator.setVisible(self.prices_shown)  # its answers are nothing but prices
        editing = QWidget()
        column = QVBoxLayout(editing)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(self.header)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.problem_list)
        splitter = QSplitter()
        splitter.addWidget(editing)
        splitter.addWidget(self.calculator)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save draft"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(1280, 760)
        splitter.setSizes([790, 470])
        definition = self._shown(version.definition) if version is not None else {
            "currency": "CNY", "tax_inclusive": True, "trial_days": 0, "billing_interval": "month",
            "billing_interval_count": 1, "charges": []}
        self.load(definition)
        self.saved = self._comparable(self.definition())  # what closing without a question keeps
        self._describe()
        if read_only:
            self.freeze()
        self.load_choices()

    # -- loading -------------------------------------------------------------------------------------

    def _shown(self, definition: dict[str, Any]) -> dict[str, Any]:
        """The definition as loaded: a hidden price (None from the services) shows as "—"."""
        if self.price_rule is not FieldRule.HIDDEN:
            return definition
        from desktop_app.services.price_rules import replace_prices

        return replace_prices(definition, amounts.HIDDEN_TEXT)

    def load(self, definition: dict[str, Any]) -> None:
        self.products = {p["code"]: dict(p) for p in definition.get("products", [])}
        self.has_discounts = "discounts" in definition  # an empty list given stays given
        self.header.load(definition)
        self.charges.load(list(definition.get("charges", [])))
        self.price_lists.load(list(definition.get("price_lists", [])))
        self.commitment.load(definition.get("minimum_commitment"))
        self.discounts.load(list(definition.get("discounts") or []))
        self.changed()

    def _describe(self) -> None:
        plan, version = self.plan, self.version
        if plan is None:
            self.heading.setText(self.tr("New plan"))
            self.note.setText(self.tr("Saving creates the plan with version 1 as a draft. Publish it from the "
                                      "plan list when it is ready."))
            return
        status = version.status if version is not None else "draft"
        self.heading.setText(self.tr("{0} · version {1}").format(plan.name, version.number if version else 1))
        if not self.prices_shown:
            self.note.setText(amounts.note("products", self.price_rule))
        elif self.read_only and not amounts.editable(self.state.user.access, "products") \
                and self.state.user.access.can("products", "edit"):
            self.note.setText(self.tr("Read only: your role may not change prices. Try prices in the calculator on "
                                      "the right."))
        elif self.read_only:
            self.note.setText(self.tr("Read only. Try prices in the calculator on the right."))
        elif status == "draft":
            self.note.setText(self.tr("Draft: customers do not see it until it is published."))
        else:
            self.note.setText(self.tr("Version {0} is published. Saving creates a new version as a draft; "
                                      "subscriptions stay on version {0} until the new one is published and "
                                      "they are moved to it.").format(version.number))

    def load_choices(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.catalog import list_coupons, list_products
            from desktop_app.services.settings import get_settings

            return (list_products(context), [c.code for c in list_coupons(context) if c.active],
                    list(get_settings(context)["customer.tiers"]))

        def done(result: Any) -> None:
            products, coupons, tiers = result
            unchanged = not self.unsaved()  # filling the product choices is no change of the user's
            self.products.update({p.code: product_dict(p) for p in products})
            self.tiers = tiers
            listed = [dict(p) for p in self.products.values() if p.get("active", True) or self._uses(p["code"])]
            self.charges.set_products(listed)
            self.commitment.set_products(listed)
            self._set_choices(coupons)
            if unchanged:
                self.saved = self._comparable(self.definition())
            self.changed()

        ops.run(self, work, done, write=False)

    def _uses(self, code: str) -> bool:
        return any(charge.get("product") == code for charge in self.charges.charges)

    def _set_choices(self, coupons: list[str] | None = None) -> None:
        tiers = list(self.tiers)
        for price_list in self.price_lists.dump():
            if price_list["tier"] and price_list["tier"] not in tiers:
                tiers.append(price_list["tier"])
        self.price_lists.set_choices(tiers, [(c.get("code", ""), f"{c.get('name', '')} ({c.get('code', '')})")
                                             for c in self.charges.charges])
        if coupons is not None:
            self.calculator.set_choices(tiers, coupons)

    # -- the definition, its check and the calculator ------------------------------------------------

    def definition(self) -> dict[str, Any]:
        header = self.header.dump()
        charges = [dict(charge) for charge in self.charges.charges]
        commitment = self.commitment.dump()
        used = [c.get("product") for c in charges] + ([commitment.get("product")] if commitment else [])
        products = [self.products[code] for code in dict.fromkeys(used) if code in self.products]
        number = self.version.number if self.version is not None and self.version.status == "draft" else (
            (self.version.number + 1) if self.version is not None else 1)
        data: dict[str, Any] = {"code": header.pop("code"), "name": header.pop("name"), "version": number,
                                "products": products, "charges": charges, **header}
        price_lists = self.price_lists.dump()
        if price_lists:
            data["price_lists"] = price_lists
        discounts = self.discounts.dump()
        if discounts or self.has_discounts:
            data["discounts"] = discounts
        if commitment is not None:
            data["minimum_commitment"] = commitment
        return data

    def changed(self, *_args: object) -> None:
        self.timer.start()

    def check(self) -> None:
        self._set_choices()
        if not self.prices_shown:  # "****" is no price: nothing to check or price, the plan is read only
            self.problem_list.hide()
            return
        definition = self.definition()
        self.calculator.set_definition(definition)
        self.generation += 1
        generation, context = self.generation, self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import check_definition

            return check_definition(context, definition)

        def done(problems: list[Any]) -> None:
            if generation == self.generation:
                self.show_problems(problems)

        ops.run(self, work, done, write=False)

    def show_problems(self, problems: list[Any]) -> None:
        self.problems = [(p.path, problem_text(p.code, dict(getattr(p, "params", {}) or {}), p.message))
                         for p in problems]
        # what no field holds (a product, the version...) is in the list below only
        self.discounts.show_problems(self.commitment.show_problems(
            self.price_lists.show_problems(self.header.show_problems(self.problems))))
        self.charges.show_problems(self.problems)
        self.problem_list.clear()
        for path, text in self.problems:
            item = QListWidgetItem(icon("triangle-alert", DANGER), f"{self._where(path)}: {text}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.problem_list.addItem(item)
        self.problem_list.setVisible(bool(self.problems))

    def _where(self, path: str) -> str:
        """Where a problem is, in words: the charge's name (and tier), or the part of the plan."""
        match = CHARGE_PATH.match(path)
        if match:
            tier = _TIER.match(match.group(2))
            name = self.charges.charge_name(int(match.group(1))) or path
            return name + (" · " + self.tr("tier {0}").format(int(tier.group(1)) + 1) if tier else "")
        if path.startswith("price_lists"):
            return self.tr("Price lists per tier")
        if path.startswith("minimum_commitment"):
            return self.tr("Minimum commitment")
        if discount := _DISCOUNT.match(path):
            rows, row = self.discounts.dump(), int(discount.group(1))
            code = str(rows[row].get("code") or "") if row < len(rows) else ""
            return self.tr("Discounts") + (f" · {code}" if code else "")
        return self.tr("Plan")

    def navigate(self, path: str) -> None:
        """Show the field or row that ``path`` names."""
        match = CHARGE_PATH.match(path or "")
        if match:
            self.tabs.setCurrentIndex(CHARGES_TAB)
            self.charges.charge_list.setCurrentRow(int(match.group(1)))
        elif path.startswith("price_lists"):
            self.tabs.setCurrentIndex(PRICE_LISTS_TAB)
        elif path.startswith("minimum_commitment"):
            self.tabs.setCurrentIndex(COMMITMENT_TAB)
        elif discount := _DISCOUNT.match(path):
            self.tabs.setCurrentIndex(DISCOUNTS_TAB)
            self.discounts.table.selectRow(int(discount.group(1)))

    # -- saving --------------------------------------------------------------------------------------

    def save(self) -> None:
        if self.read_only:
            return
        self.timer.stop()
        definition, context, plan = self.definition(), self.state.context, self.plan
        saving = self._comparable(definition)
        header = self.header.dump()
        self.save_button.setEnabled(False)
        self.error.hide()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services import plans

            if plan is None:
                summary, version, changes = plans.create_plan(context, header["code"], header["name"],
                                                              header.get("description", ""), definition)
                return summary, version, changes
            version, changes = plans.save_draft(context, plan.id, definition, header["name"],
                                                header.get("description", ""), version=plan.version)
            return plans.get_plan(context, plan.id), version, changes  # the plan row's new version token

        def done(result: Any) -> None:
            summary, version, changes = result
            self.save_button.setEnabled(True)
            if summary is not None:
                self.plan = summary
                self.header.code.setReadOnly(True)
            self.version = version
            self.saved = saving
            self._describe()
            self.note.setText(self.tr("Saved as draft version {0}.").format(version.number))
            self.state.publish(changes)
            self.check()

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            text, path = error_text(error)
            self.error.setText(text)
            self.error.show()
            if path:
                self.navigate(path)
            self.check()

        ops.run(self, work, done, failed)

    def freeze(self) -> None:
        self.header.freeze()
        self.charges.freeze()
        self.price_lists.freeze()
        self.commitment.freeze()
        self.discounts.freeze()
        self.save_button.hide()

    # -- closing -------------------------------------------------------------------------------------

    @staticmethod
    def _comparable(definition: dict[str, Any]) -> dict[str, Any]:
        """What the user edits: not the products (the catalog's, by the charges) nor the version number."""
        return {key: value for key, value in definition.items() if key not in ("products", "version")}

    def unsaved(self) -> bool:
        return not self.read_only and self._comparable(self.definition()) != self.saved

    def reject(self) -> None:
        """Close (the Close button, Esc, the window's close box): changes not saved are dropped only when
        the user says so."""
        if self.unsaved():
            answer = QMessageBox.question(self, self.windowTitle(), self.tr("Discard the changes to this plan?"),
                                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
