"""Diagnostics (诊断信息) for IT: program and platform, the database (kind, size, latency, version), automatic
backups, the audit chain, and where the files are; "Check audit chain", "Copy to clipboard", "Open log folder"
and "Collect support bundle..." (services/diagnostics.py, services/support_bundle.py).

The report is read when the page is first shown (not at log-in) and again after a change elsewhere; everything
runs off the GUI thread through views/ops.py. Walking the audit chain reads every entry, so it runs only on
request. On an embedded database, an administrator may move it to a LAN server from here (move_server_dialog)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.backup_dialogs import number, size_text
from desktop_app.views.error_dialog import show_error
from desktop_app.views.look import icon
from desktop_app.views.messages import describe, local_time
from desktop_app.views.state import AppState


class DiagnosticsPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.report: Any = None  # services.diagnostics.DiagnosticsReport, once read
        self.audit_check: Any = None  # services.diagnostics.AuditCheck, once checked
        self.bundle: Any = None  # services.support_bundle.BundleInfo of the last bundle written here
        self.copied_text = ""
        self.started = self.stale = self.loading = False
        access = state.user.access
        self.may_audit = access.can("audit", "view")
        self.may_backup = access.can("backup", "view")
        title = QLabel(self.tr("Diagnostics"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr(
            "Facts about this computer and its database for IT and support. Nothing here changes data. A support "
            "bundle holds the log files, this computer's settings and this report, without passwords and without "
            "customer data."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")

        self.bundle_button = QPushButton(icon("save", "#ffffff"), self.tr("Collect support bundle..."))
        self.bundle_button.setProperty("default", "true")
        self.bundle_button.clicked.connect(self.collect_bundle)
        self.copy_button = QPushButton(icon("file-down"), self.tr("Copy to clipboard"))
        self.copy_button.clicked.connect(self.copy)
        self.log_button = QPushButton(icon("hard-drive"), self.tr("Open log folder"))
        self.log_button.clicked.connect(self.open_log_folder)
        self.refresh_button = QPushButton(icon("refresh-cw"), self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.tools = QHBoxLayout()
        for button in (self.bundle_button, self.copy_button, self.log_button, self.refresh_button):
            self.tools.addWidget(button)
        self.tools.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setProperty("role", "muted")

        self.fields: dict[str, QLabel] = {}
        self.cards: dict[str, QFrame] = {}
        self.headings: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        self.captions: list[QLabel] = []
        self._card("program", self.tr("Program"), [
            ("version", self.tr("Benji CRM version")), ("os", self.tr("Operating system")),
            ("python", self.tr("Python")), ("computer", self.tr("Computer name")),
            ("keyring", self.tr("Password store"))])
        profile = state.config.profile
        self.may_move = bool(profile and not profile.is_server and access.can("backup", "approve"))
        self.move_button = QPushButton(icon("hard-drive"), self.tr("Move to a LAN server..."))
        self.move_button.clicked.connect(self.move_to_server)
        self._card("database", self.tr("Database"), [
            ("kind", self.tr("Kind")), ("connection", self.tr("Connection")), ("server", self.tr("Server version")),
            ("size", self.tr("Size")), ("latency", self.tr("Response time")),
            ("schema", self.tr("Database version")), ("head", self.tr("This program's database version"))],
            self.tr("When several computers should work with the same data, move this database to a PostgreSQL or "
                    "MariaDB server on the office network (admin guide, \"Moving to a server\").")
            if self.may_move else "", [self.move_button] if self.may_move else None)
        self._card("backup", self.tr("Automatic backups"), [
            ("schedule", self.tr("Schedule")), ("last", self.tr("Last backup")), ("next", self.tr("Next backup"))],
            self.tr("Backups made by hand in the Backup section are not recorded here."))
        self.check_button = QPushButton(icon("circle-check"), self.tr("Check audit chain"))
        self.check_button.clicked.connect(self.check_audit)
        self._card("audit", self.tr("Audit log"), [("entries", self.tr("Entries")), ("chain", self.tr("Hash chain"))],
                   self.tr("The check reads every entry of the audit log and recomputes its hash; on a large "
                           "database it takes a while."), [self.check_button])
        self._card("files", self.tr("Files on this computer"), [
            ("config", self.tr("Config file")), ("logs", self.tr("Log folder")), ("data", self.tr("Data folder")),
            ("snapshots", self.tr("Copies before upgrades"))])
        widest = max(caption.sizeHint().width() for caption in self.captions)
        for caption in self.captions:  # one column of values across the cards
            caption.setMinimumWidth(widest)
        self.cards["backup"].setVisible(self.may_backup)
        self.cards["audit"].setVisible(self.may_audit)

        content = QWidget()
        content.setMaximumWidth(860)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(self.tools)
        layout.addWidget(self.status)
        for card in self.cards.values():
            layout.addWidget(card)
        layout.addStretch(1)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll)
        self._show_files()
        state.bus.changed.connect(self._changed)

    def move_to_server(self) -> None:
        from desktop_app.views.move_server_dialog import MoveToServerDialog

        self.move_dialog = MoveToServerDialog(self.state, self)
        self.move_dialog.open()

    def _card(self, key: str, heading: str, rows: list[tuple[str, str]], note: str = "",
              buttons: list[QPushButton] | None = None) -> None:
        card = QFrame()
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 12, 16, 12)
        title = QLabel(heading)
        title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        layout.addWidget(title)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setHorizontalSpacing(16)
        for name, label in rows:
            value = QLabel("…")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setMinimumWidth(360)
            caption = QLabel(label + ":")
            self.captions.append(caption)
            form.addRow(caption, value)
            self.fields[name] = value
        layout.addLayout(form)
        if note:
            text = QLabel(note)
            text.setWordWrap(True)
            text.setProperty("role", "muted")
            layout.addWidget(text)
        if buttons:
            line = QHBoxLayout()
            for button in buttons:
                line.addWidget(button)
            line.addStretch(1)
            layout.addLayout(line)
        self.cards[key] = card
        self.headings[key] = (heading, rows)

    # --- reading the report ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.started or (self.stale and not self.loading):
            self.started = True
            self.refresh()

    def _changed(self, changes: Any) -> None:
        if getattr(changes, "settings", False):
            self.stale = True
            if self.isVisible() and not self.loading:
                self.refresh()

    def refresh(self) -> None:
        if self.loading:
            return
        self.loading, self.stale = True, False
        self.refresh_button.setEnabled(False)
        self.status.setText(self.tr("Reading the diagnostics..."))
        context, paths = self.state.context, self.state.paths

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.diagnostics import collect_report

            return collect_report(context, paths)

        def done(report: Any) -> None:
            self.loading = False
            self.refresh_button.setEnabled(True)
            self.report = report
            self.status.setText(self.tr("Read at {0}.").format(local_time(report.generated_at.isoformat())))
            self._show()

        def failed(error: BaseException) -> None:
            self.loading = False
            self.refresh_button.setEnabled(True)
            self.status.setText(self.tr("The diagnostics could not be read."))
            show_error(self, error)

        ops.run(self, work, done, failed, write=False)

    def _set(self, key: str, text: str, role: str = "") -> None:
        label = self.fields[key]
        label.setText(text)
        label.setProperty("role", role)
        label.style().polish(label)

    def _show_files(self) -> None:
        paths = self.state.paths
        for key, path in (("config", paths.config_file), ("logs", paths.log_dir), ("data", paths.data_dir),
                          ("snapshots", paths.backup_dir)):
            self._set(key, str(path))

    def _show(self) -> None:
        report = self.report
        facts = report.platform
        self._set("version", facts.app_version)
        self._set("os", facts.os)
        self._set("python", facts.python)
        self._set("computer", facts.desktop)
        backend = facts.keyring_backend or self.tr("none")
        self._set("keyring", self.tr("{0} (secure)").format(backend) if facts.secure_store else self.tr(
            "{0}: not secure, so no password is saved on this computer").format(backend),
            "" if facts.secure_store else "error")
        for key, value in (("config", report.locations.config_file), ("logs", report.locations.log_dir),
                           ("data", report.locations.data_dir), ("snapshots", report.locations.snapshot_dir)):
            self._set(key, value)
        self._show_database(report.database)
        self._show_backup(report.backup)
        self._set("entries", number(report.audit_entries) if report.audit_entries is not None else "-")
        self._show_audit()

    def _show_database(self, db: Any) -> None:
        if db is None:
            for key in ("kind", "connection", "server", "size", "latency", "schema", "head"):
                self._set(key, "-")
            return
        kinds = {"sqlite": self.tr("Embedded (SQLite)"), "postgresql": "PostgreSQL", "mysql": "MariaDB / MySQL"}
        self._set("kind", kinds.get(db.kind, db.kind))
        self._set("connection", db.description)
        self._set("server", db.server_version)
        self._set("size", size_text(db.size_bytes) if db.size_bytes is not None else self.tr("unknown"))
        self._set("latency", self.tr("{0} ms (median of a few queries)").format(
            QLocale().toString(db.latency_ms, "f", 2)))
        states = {
            "current": self.tr("up to date"),
            "older": self.tr("older than this program: it is upgraded at the next start, after a backup"),
            "newer": self.tr("newer than this program: update Benji CRM on this computer"),
            "empty": self.tr("empty: not set up yet"),
            "foreign": self.tr("not a Benji CRM database"),
        }
        self._set("schema", f"{db.schema_revision or '-'} ({states.get(db.schema_state, db.schema_state)})",
                  "" if db.schema_current else "error")
        self._set("head", db.schema_head)

    def _show_backup(self, backup: Any) -> None:
        if backup is None:
            for key in ("schedule", "last", "next"):
                self._set(key, "-")
            return
        schedule, last = backup.schedule, backup.last
        self._set("schedule", self.tr("every {0} hours into {1}").format(schedule.every_hours, schedule.folder)
                  if schedule.enabled else self.tr("off"))
        if last is None:
            self._set("last", self.tr("none yet"))
        elif last.ok:
            self._set("last", self.tr("{0}: made and verified, {1}, {2} rows\n{3}").format(
                local_time(last.at.isoformat()), size_text(last.size), number(last.rows), last.file), "ok")
        else:
            from desktop_app.services.backup_schedule import error_of

            error = error_of(last)
            reason = describe(error) if error is not None else last.message
            self._set("last", self.tr("{0}: failed. {1}").format(local_time(last.at.isoformat()), reason), "error")
        self._set("next", local_time(backup.next_due.isoformat()) if backup.next_due is not None else "-")

    def _show_audit(self) -> None:
        check = self.audit_check
        if check is None:
            self._set("chain", self.tr("not checked yet"))
        elif check.ok:
            self._set("chain", self.tr("intact: {0} entries checked in {1} s ({2})").format(
                number(check.checked), QLocale().toString(check.seconds, "f", 2), local_time(check.at.isoformat())),
                "ok")
        else:
            reasons = {
                "content": self.tr("its content was changed"),
                "link": self.tr("it does not follow the entry before it"),
                "missing": self.tr("an entry was removed or inserted"),
            }
            self._set("chain", self.tr("BROKEN at entry {0}: {1}. The {2} entries before it are intact.").format(
                number(check.broken_seq or 0), reasons.get(check.reason, check.reason), number(check.checked)),
                "error")

    # --- the buttons -----------------------------------------------------------------------------

    def check_audit(self) -> None:
        context = self.state.context
        self.check_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.diagnostics import check_audit_chain

            return check_audit_chain(context)

        def done(check: Any) -> None:
            self.check_button.setEnabled(True)
            self.audit_check = check
            self._show_audit()

        def failed(error: BaseException) -> None:
            self.check_button.setEnabled(True)
            show_error(self, error)

        ops.run(self, work, done, failed, write=False, label=self.tr("Checking the audit chain..."))

    def text(self) -> str:
        """What the page shows, as text (the visible cards, label: value)."""
        lines = [self.tr("Benji CRM diagnostics"), self.status.text()]
        for key, card in self.cards.items():
            if card.isHidden():
                continue
            heading, rows = self.headings[key]
            lines += ["", heading]
            lines += [f"{label}: {self.fields[name].text()}".replace("\n", " ") for name, label in rows]
        return "\n".join(lines) + "\n"

    def copy(self) -> None:
        self.copied_text = self.text()
        QApplication.clipboard().setText(self.copied_text)
        self.status.setText(self.tr("Copied to the clipboard."))

    def open_log_folder(self) -> None:
        folder = self.state.paths.log_dir
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder if folder.is_dir() else folder.parent)))

    def _suggested(self) -> str:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        return str(Path(folder) / f"benji-support-{datetime.now():%Y%m%d-%H%M}.zip")

    def collect_bundle(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the support bundle"), self._suggested(),
                                                    self.tr("ZIP files (*.zip)"))
        if not path:
            return
        if not Path(path).suffix:
            path += ".zip"
        state, report, check = self.state, self.report, self.audit_check
        profile = state.config.profile
        secrets = [state.passwords.get(profile.secret_key())] if profile is not None and profile.is_server else []
        self.bundle_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.diagnostics import with_audit
            from desktop_app.services.support_bundle import collect_support_bundle

            shown = with_audit(report, check) if report is not None and check is not None else report
            return collect_support_bundle(state.paths, Path(path), context=state.context, report=shown,
                                          secrets=secrets)

        def done(info: Any) -> None:
            self.bundle_button.setEnabled(True)
            self.bundle = info
            redacted = sum(count for _kind, count in info.redactions)
            self.status.setText(self.tr("Support bundle written: {0} ({1}); {2} passwords or customer details "
                                        "were redacted.").format(info.path, size_text(info.size), number(redacted)))

        def failed(error: BaseException) -> None:
            self.bundle_button.setEnabled(True)
            show_error(self, error)

        ops.run(self, work, done, failed, write=True, label=self.tr("Collecting the support bundle..."))
