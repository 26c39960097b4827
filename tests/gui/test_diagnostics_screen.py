"""The Diagnostics section (诊断信息) on SQLite, in zh_CN: the report read in the background when the page is
first shown, "Check audit chain" (intact, then broken after tampering), "Copy to clipboard", "Open log folder",
"Collect support bundle..." (a ZIP written off the GUI thread, audited), who sees the section and its cards.
Screenshots: the test's tmp_path and /tmp/diagnostics.png."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog
from screens import settle, state_for
from sqlalchemy import text

from desktop_app import __version__
from desktop_app.services.access import Access, ResourceGrant, Scope
from desktop_app.services.audit import AuditFilter, list_entries
from desktop_app.views.main_window import MainWindow
from desktop_app.views.pages.diagnostics import DiagnosticsPage

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
CJK = re.compile(r"[\u4e00-\u9fff]")


def make_page(qtbot: Any, state: Any) -> DiagnosticsPage:
    page = DiagnosticsPage(state)
    qtbot.addWidget(page)
    page.resize(980, 1000)
    page.show()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    settle(qtbot)
    return page


def shot(page: Any, path: Path) -> None:
    assert page.grab().save(str(path))


def value(page: DiagnosticsPage, key: str) -> str:
    return page.fields[key].text()


def test_the_page_shows_the_report_and_checks_the_audit_chain(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, tmp_path) -> None:
    page = make_page(qtbot, state_for(org, "admin", benji_paths))
    assert value(page, "version") == __version__
    assert value(page, "config") == str(benji_paths.config_file) and value(page, "logs") == str(benji_paths.log_dir)
    assert CJK.search(value(page, "kind"))  # 嵌入式 (SQLite)
    assert value(page, "connection") == str(org["contexts"]["admin"].database.description)
    assert value(page, "server").startswith("SQLite 3.")
    assert re.search(r"\d", value(page, "size")) and re.search(r"\d", value(page, "latency"))
    assert value(page, "schema").startswith(page.report.database.schema_head) and CJK.search(value(page, "schema"))
    assert page.fields["schema"].property("role") == ""
    assert CJK.search(value(page, "schedule")) and CJK.search(value(page, "last"))
    assert CJK.search(value(page, "chain"))  # not checked yet
    assert page.check_button.text() != "Check audit chain" and CJK.search(page.bundle_button.text())
    assert all(card.isVisible() for card in page.cards.values())
    page.check_button.click()
    qtbot.waitUntil(lambda: page.audit_check is not None, timeout=10_000)
    settle(qtbot)
    assert page.audit_check.ok and page.fields["chain"].property("role") == "ok"
    assert str(page.audit_check.checked) in value(page, "chain")
    shot(page, tmp_path / "diagnostics.png")
    shot(page, Path("/tmp/diagnostics.png"))
    # someone with the owner's rights changes an entry: the next check says where the chain breaks
    with org["contexts"]["admin"].database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(text("UPDATE audit_log SET detail = '{}' WHERE seq = 3"))
    page.check_button.click()
    qtbot.waitUntil(lambda: not page.audit_check.ok, timeout=10_000)
    settle(qtbot)
    assert page.fields["chain"].property("role") == "error" and "3" in value(page, "chain")
    shot(page, tmp_path / "diagnostics-broken.png")
    shot(page, Path("/tmp/diagnostics-broken.png"))


def test_copy_open_the_log_folder_and_collect_a_support_bundle(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, monkeypatch, tmp_path) -> None:
    benji_paths.log_dir.mkdir(parents=True, exist_ok=True)
    benji_paths.log_file.write_text("2026-01-02 09:00:00,000 INFO x [MainThread] call 13912345678\n",
                                    encoding="utf-8")
    page = make_page(qtbot, state_for(org, "admin", benji_paths))
    page.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied == page.copied_text and __version__ in copied and str(benji_paths.log_dir) in copied
    assert CJK.search(copied) and CJK.search(page.status.text())
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.log_button.click()
    assert opened == [str(benji_paths.log_dir)]
    suggested: list[str] = []
    target = tmp_path / "for-support"  # no suffix typed: .zip is added

    def save(_parent: Any, _title: str, proposal: str, _filter: str) -> tuple[str, str]:
        suggested.append(proposal)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    page.bundle_button.click()
    qtbot.waitUntil(lambda: page.bundle is not None, timeout=20_000)
    settle(qtbot)
    assert re.fullmatch(r"benji-support-\d{8}-\d{4}\.zip", Path(suggested[0]).name)
    written = target.with_suffix(".zip")
    assert page.bundle.path == written and written.is_file() and str(written) in page.status.text()
    with zipfile.ZipFile(written) as archive:
        assert "logs/benji.log" in archive.namelist()
        for name in archive.namelist():
            assert "13912345678" not in archive.read(name).decode("utf-8")
    assert [entry.detail["file"] for entry in list_entries(org["contexts"]["admin"],
                                                           AuditFilter(action="support.bundle"))] == [written.name]
    assert page.bundle_button.isEnabled()
    # cancelling the save dialog writes nothing
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    page.bundle = None
    page.bundle_button.click()
    settle(qtbot)
    assert page.bundle is None


def test_who_sees_the_section_and_its_cards(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, tmp_path) -> None:
    for who in ("north1", "clerk", "manager"):  # no settings.view
        window = MainWindow(state_for(org, who, benji_paths))
        qtbot.addWidget(window)
        assert "diagnostics" not in window.sections, who
    admin = MainWindow(state_for(org, "admin", benji_paths))
    qtbot.addWidget(admin)
    keys = list(admin.sections)
    assert keys.index("diagnostics") == keys.index("backup") + 1
    page = admin.sections["diagnostics"]
    assert isinstance(page, DiagnosticsPage) and page.report is None  # read when first shown, not at log-in
    settle(qtbot)
    admin.resize(1200, 800)
    admin.show()
    admin.show_section("diagnostics")
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    settle(qtbot)
    shot(admin, tmp_path / "window.png")
    shot(admin, Path("/tmp/diagnostics-window.png"))
    auditor = make_page(qtbot, state_for(org, "auditor", benji_paths))  # settings and audit, no backups
    assert auditor.cards["backup"].isHidden() and auditor.cards["audit"].isVisible()
    assert auditor.headings["backup"][0] not in auditor.text() and auditor.headings["audit"][0] in auditor.text()
    state = state_for(org, "admin", benji_paths)
    access = Access({"settings": ResourceGrant(frozenset({"view"}), Scope.ALL)})
    state.user = replace(state.user, access=access)
    state.context = state.context.as_actor(replace(state.context.actor, access=access))
    page = make_page(qtbot, state)
    assert page.cards["backup"].isHidden() and page.cards["audit"].isHidden()
    assert page.report.backup is None and page.report.audit_entries is None
    assert not page.may_move and page.move_button.parent() is None  # moving needs backup.approve
    admin_page = admin.sections["diagnostics"]
    assert admin_page.may_move and admin_page.move_button.isVisible()  # an embedded database, an administrator
