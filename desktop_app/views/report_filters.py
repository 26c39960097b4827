"""The filter bar above a report: the period (a relative choice such as "this month", or a month, quarter,
year or custom day range), the "as of" day of point-in-time reports, and department, owner, tier, plan,
product and customer where the report honours them (``ReportInfo.filters``).

The bar speaks the JSON form of ``ReportFilter`` (``ReportFilter.to_dict``): ``spec()`` says what is chosen
(the period as its text: "this-month", "2026-10", "2026-Q3", "2026", "2026-10-01..2026-12-31"), ``apply()``
sets it (saved settings, drill-down). The worker turns it into a ReportFilter with the company's today.
The choices come from the services the user may read (a salesperson's owners are just themself).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel, QWidget

from desktop_app.errors import PermissionDenied
from desktop_app.views import ops
from desktop_app.views.customer_dialog import tier_name
from desktop_app.views.report_pickers import CustomerPicker, PeriodPicker, date_edit, day_of, qdate

FIELDS = ("department_id", "owner_id", "tier", "plan_id", "product", "customer_id")
class FilterBar(QWidget):
    """Period (or as-of day) and the filters a report honours; ``changed`` when the user changes one."""

    changed = Signal()

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.info: Any = None
        self.loaded = False
        self.period = PeriodPicker()
        self.period_label = QLabel(self.tr("Period"))
        self.as_of_check = QCheckBox(self.tr("As of"))
        self.as_of_check.setToolTip(self.tr("The day the receivables are counted on; unticked: today"))
        self.as_of = date_edit()
        self.as_of.setEnabled(False)
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        for key, label, everything in (
                ("department_id", self.tr("Department"), self.tr("All departments")),
                ("owner_id", self.tr("Owner"), self.tr("All owners")),
                ("tier", self.tr("Tier"), self.tr("All tiers")),
                ("plan_id", self.tr("Plan"), self.tr("All plans")),
                ("product", self.tr("Product"), self.tr("All products"))):
            combo = QComboBox()
            combo.addItem(everything, None)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(200)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.combos[key], self.labels[key] = combo, QLabel(label)
        self.customer = CustomerPicker(state)
        self.labels["customer_id"] = QLabel(self.tr("Customer"))
        self.customer.changed.connect(self.changed.emit)
        self.period.changed.connect(self.changed.emit)
        self.as_of_check.toggled.connect(self.as_of.setEnabled)
        self.as_of_check.toggled.connect(lambda _on: self.changed.emit())
        self.as_of.dateChanged.connect(lambda _d: self.changed.emit() if self.as_of_check.isChecked() else None)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        first = QHBoxLayout()  # when, and which customer
        first.setSpacing(6)
        for widget in (self.period_label, self.period, self.as_of_check, self.as_of):
            first.addWidget(widget)
        first.addSpacing(18)
        first.addWidget(self.labels["customer_id"])
        first.addWidget(self.customer)
        first.addStretch(1)
        second = QHBoxLayout()  # whose customers, and what was sold
        second.setSpacing(6)
        for key in FIELDS[:-1]:
            second.addWidget(self.labels[key])
            second.addWidget(self.combos[key])
            second.addSpacing(8)
        second.addStretch(1)
        grid.addLayout(first, 0, 0)
        grid.addLayout(second, 1, 0)
        access = state.user.access
        self.allowed = {"department_id": access.can("customers", "view") or access.can("users", "view"),
                        "owner_id": access.can("customers", "view"), "tier": True,
                        "plan_id": access.can("products", "view"), "product": access.can("products", "view"),
                        "customer_id": access.can("customers", "view")}
        self._wanted: dict[str, Any] = {}

    # -- which filters show --------------------------------------------------------------------------

    def set_report(self, info: Any) -> None:
        """Show the filters report ``info`` honours (period or as-of day, then the others)."""
        self.info = info
        point = bool(info.point_in_time)
        for widget in (self.period_label, self.period, self.as_of_check, self.as_of):
            widget.setVisible(point == (widget in (self.as_of_check, self.as_of)))
        for key in FIELDS:
            shown = key in info.filters and self.allowed[key]
            self.labels[key].setVisible(shown)
            self.combos.get(key, self.customer).setVisible(shown)

    # -- the choices ---------------------------------------------------------------------------------

    def load_choices(self) -> None:
        context, allowed = self.state.context, dict(self.allowed)

        def work(_progress: ops.Progress) -> dict[str, list[tuple[Any, str]]]:
            from desktop_app.services.settings import get_settings

            found: dict[str, list[tuple[Any, str]]] = {
                "tier": [(tier, tier_name(tier)) for tier in get_settings(context)["customer.tiers"]]}

            def attempt(key: str, load: Any) -> None:
                if allowed[key]:
                    try:
                        found[key] = load()
                    except PermissionDenied:
                        found[key] = []

            def owners() -> list[tuple[Any, str]]:
                from desktop_app.services.customer_list import owner_choices

                choices = owner_choices(context)
                found.setdefault("department_id", list(choices.departments))
                return list(choices.users)

            def departments() -> list[tuple[Any, str]]:
                from desktop_app.services.roles import list_departments

                nodes = list_departments(context)
                return _tree(nodes)

            def plans() -> list[tuple[Any, str]]:
                from desktop_app.services.plans import list_plans

                return [(plan.id, plan.name) for plan in list_plans(context, include_archived=True)]

            def products() -> list[tuple[Any, str]]:
                from desktop_app.services.catalog import list_products

                return [(p.code, f"{p.name} ({p.code})") for p in list_products(context, include_inactive=True)]

            attempt("owner_id", owners)
            if context.actor.access.can("users", "view"):
                attempt("department_id", departments)
            attempt("plan_id", plans)
            attempt("product", products)
            return found

        ops.run(self, work, self._fill, write=False)

    def _fill(self, found: dict[str, list[tuple[Any, str]]]) -> None:
        for key, combo in self.combos.items():
            blocker = QSignalBlocker(combo)
            wanted = self._wanted.get(key, combo.currentData())
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in found.get(key, []):
                combo.addItem(text, value)
            _select(combo, wanted)
            del blocker
        self._wanted = {}
        self.loaded = True

    # -- what is chosen ------------------------------------------------------------------------------

    def spec(self) -> dict[str, Any]:
        """The chosen filter as ReportFilter.to_dict() writes it, with only the filters the report honours."""
        honoured = set(self.info.filters) if self.info is not None else set(FIELDS)
        data: dict[str, Any] = {"period": self.period.text()}
        for key in FIELDS:
            value = self.customer.customer_id if key == "customer_id" else self.combos[key].currentData()
            empty = "" if key in ("tier", "product") else None
            data[key] = value if key in honoured and self.allowed[key] and value is not None else empty
        point = self.info is not None and self.info.point_in_time
        data["as_of"] = day_of(self.as_of).isoformat() if point and self.as_of_check.isChecked() else None
        return data

    def apply(self, data: dict[str, Any], names: dict[str, str] | None = None) -> None:
        """Show the filter ``data`` (ReportFilter.to_dict form; missing keys are cleared) without signalling.
        ``names``: display names of values the choices may not hold yet (the customer's name)."""
        self._wanted = {key: data.get(key) for key in FIELDS if key != "customer_id"}
        self.period.set_text(str(data.get("period") or "this-month"))
        for key, combo in self.combos.items():
            blocker = QSignalBlocker(combo)
            _select(combo, data.get(key) or None)
            del blocker
        customer = data.get("customer_id")
        self.customer.set_customer(customer, (names or {}).get("customer_id", ""))
        as_of = data.get("as_of")
        blockers = [QSignalBlocker(self.as_of_check), QSignalBlocker(self.as_of)]
        self.as_of_check.setChecked(bool(as_of))
        self.as_of.setEnabled(bool(as_of))
        if as_of:
            day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
            self.as_of.setDate(qdate(day))
        del blockers

    def reset(self) -> None:
        self.apply({"period": "this-month"})

    def set_as_of_default(self, today: date) -> None:
        """The day the as-of picker offers when ticked (the company's today)."""
        if not self.as_of_check.isChecked():
            blocker = QSignalBlocker(self.as_of)
            self.as_of.setDate(qdate(today))
            del blocker


def _select(combo: QComboBox, value: Any) -> None:
    """Choose the item holding ``value`` (added as "#value" when the choices do not hold it yet)."""
    if value is None or value == "":
        combo.setCurrentIndex(0)
        return
    index = combo.findData(value)
    if index < 0:
        combo.addItem(f"#{value}" if isinstance(value, int) else str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _tree(nodes: list[Any]) -> list[tuple[Any, str]]:
    """Departments in tree order, indented under their parent."""
    below: dict[Any, list[Any]] = {}
    known = {node.id for node in nodes}
    for node in nodes:
        below.setdefault(node.parent_id if node.parent_id in known else None, []).append(node)
    found: list[tuple[Any, str]] = []

    def walk(parent: Any, depth: int) -> None:
        for node in below.get(parent, []):
            found.append((node.id, "\u3000" * depth + node.name))
            walk(node.id, depth + 1)

    walk(None, 0)
    return found
