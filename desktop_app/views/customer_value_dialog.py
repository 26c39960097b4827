"""Customer value (客户价值评估): the grading settings an administrator sets (score thresholds of recency,
frequency and monetary, the least total score of each grade, the tier each grade suggests), and applying the
suggested tiers to customers in bulk (customers.edit; recomputed and audited by the service)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.customer_dialog import tier_name

GRADES = ("A", "B", "C", "D")


def _spin(low: int, high: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setMinimumWidth(90)
    return spin


class GradingDialog(QDialog):
    """The thresholds and grade → tier mapping of the customer value report; ``saved`` after a save."""

    saved = Signal()

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.loaded = False
        self.setWindowTitle(self.tr("Customer value grading"))
        note = QLabel(self.tr(
            "Each customer scores 1 to 5 points on recency (days since the last payment, or the last bill when "
            "never paid), frequency (bills in the last 12 months) and monetary value (billed in the last 12 "
            "months). The total (3 to 15) gives the grade, and the grade suggests a membership tier."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.recency = [_spin(0, 36_500) for _ in range(4)]
        self.frequency = [_spin(1, 1_000_000) for _ in range(4)]
        self.monetary = [QLineEdit() for _ in range(4)]
        for edit in self.monetary:
            edit.setMinimumWidth(110)
        points = QGridLayout()
        points.addWidget(QLabel(self.tr("Points")), 0, 0)
        for column, score in enumerate((5, 4, 3, 2)):
            points.addWidget(QLabel(self.tr("{0} points").format(score)), 0, column + 1)
        rows: tuple[tuple[str, list[QWidget]], ...] = (
                (self.tr("Recency: last transaction within ... days"), list(self.recency)),
                (self.tr("Frequency: at least ... bills in 12 months"), list(reversed(self.frequency))),
                (self.tr("Monetary: billed at least ¥... in 12 months"), list(reversed(self.monetary))))
        for row, (label, widgets) in enumerate(rows, 1):
            points.addWidget(QLabel(label), row, 0)
            for column, widget in enumerate(widgets):
                points.addWidget(widget, row, column + 1)
        points_box = QGroupBox(self.tr("Scores"))
        points_box.setLayout(points)
        self.grades = {grade: _spin(4, 15) for grade in GRADES[:3]}
        self.tiers = {grade: QComboBox() for grade in GRADES}
        grades = QFormLayout()
        for grade in GRADES:
            line = QHBoxLayout()
            if grade in self.grades:
                line.addWidget(QLabel(self.tr("from a total score of")))
                line.addWidget(self.grades[grade])
            else:
                line.addWidget(QLabel(self.tr("below the least score of C")))
            line.addSpacing(16)
            line.addWidget(QLabel(self.tr("suggests tier")))
            line.addWidget(self.tiers[grade])
            line.addStretch(1)
            grades.addRow(self.tr("Grade {0}").format(grade), line)
        grades_box = QGroupBox(self.tr("Grades and suggested tiers"))
        grades_box.setLayout(grades)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(points_box)
        layout.addWidget(grades_box)
        layout.addWidget(self.buttons)
        self.resize(720, 0)
        self.reload()

    def reload(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.customer_value_settings import value_settings
            from desktop_app.services.settings import get_settings

            return value_settings(context), list(get_settings(context)["customer.tiers"])

        ops.run(self, work, self._show, write=False)

    def _show(self, result: Any) -> None:
        settings, tiers = result
        for spin, days in zip(self.recency, settings.recency_days, strict=True):
            spin.setValue(int(days))
        for spin, bills in zip(self.frequency, settings.frequency, strict=True):
            spin.setValue(int(bills))
        for edit, amount in zip(self.monetary, settings.monetary, strict=True):
            edit.setText(f"{amount:.2f}")
        for grade, spin in self.grades.items():
            spin.setValue(settings.grades[GRADES.index(grade)])
        for grade, combo in self.tiers.items():
            combo.clear()
            for tier in tiers:
                combo.addItem(tier_name(tier), tier)
            chosen = settings.tiers.get(grade, "")
            if combo.findData(chosen) < 0 and chosen:
                combo.addItem(tier_name(chosen), chosen)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self.loaded = True
        self.save_button.setEnabled(True)

    def data(self) -> dict[str, Any]:
        """The settings on screen in their JSON form (checked by the service)."""
        return {"recency_days": [spin.value() for spin in self.recency],
                "frequency": [spin.value() for spin in self.frequency],
                "monetary": [edit.text().strip() for edit in self.monetary],
                "grades": {grade: spin.value() for grade, spin in self.grades.items()},
                "tiers": {grade: combo.currentData() for grade, combo in self.tiers.items()}}

    def save(self) -> None:
        if not self.loaded:
            return
        context, data = self.state.context, self.data()
        self.save_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.reports.customer_value_settings import save_value_settings

            return save_value_settings(context, data)

        def done(changes: Any) -> None:
            self.state.publish(changes)
            self.saved.emit()
            self.accept()

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            from desktop_app.views.error_dialog import show_error

            show_error(self, error)

        ops.run(self, work, done, failed)


def differing(snapshot: Any, rows: Sequence[int]) -> list[int]:
    """The customer ids of snapshot rows ``rows`` (every row when empty) whose suggested tier differs from
    their tier."""
    keys = [column.key for column in snapshot.columns]
    if "tier" not in keys or "suggested_tier" not in keys:
        return []
    tier, suggested = keys.index("tier"), keys.index("suggested_tier")
    found = []
    for row in rows or range(len(snapshot.rows)):
        values = snapshot.rows[row]
        drill = snapshot.drills[row] if row < len(snapshot.drills) else None
        customer = drill.params.get("customer_id") if drill is not None else None
        if customer is not None and values[suggested] and values[tier] != values[suggested]:
            found.append(int(customer))
    return found


def apply_suggested_tiers(parent: QWidget, state: Any, snapshot: Any, rows: Sequence[int],
                          then: Callable[[str], None]) -> None:
    """Ask, then set the suggested tier on the selected customers (``rows`` of ``snapshot``; none selected:
    every customer of the report) whose suggestion differs; ``then(message)`` when done (the page reloads,
    saying how many changed)."""
    title = QCoreApplication.translate("CustomerValue", "Apply suggested tiers")
    ids = differing(snapshot, rows)
    if not ids:
        text = (QCoreApplication.translate("CustomerValue", "The selected customers already have their suggested tier.")
                if rows else QCoreApplication.translate(
                    "CustomerValue", "Every customer in the report already has their suggested tier."))
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("applyTiersMessage")
        box.open()
        return
    question = (QCoreApplication.translate("CustomerValue", "Set the suggested tier on {0} selected customers?")
                if rows else QCoreApplication.translate(
                    "CustomerValue", "Set the suggested tier on all {0} customers whose suggestion differs?"))
    answer = QMessageBox.question(parent, title, question.format(len(ids)) + "\n\n" + QCoreApplication.translate(
        "CustomerValue", "Each change is recorded in the audit log; the customers' next bills use their new "
                         "tier's prices."))
    if answer != QMessageBox.StandardButton.Yes:
        return
    context = state.context

    def work(_progress: ops.Progress) -> Any:
        from desktop_app.services.reports.customer_value import apply_suggested_tiers as apply

        return apply(context, ids)

    def done(result: Any) -> None:
        count, changes = result
        state.publish(changes)
        then(QCoreApplication.translate("CustomerValue", "Suggested tier set on {0} customers.").format(count))

    ops.run(parent, work, done, label=QCoreApplication.translate("CustomerValue", "Applying the suggested tiers..."))
