"""The Backup section (备份与恢复) on SQLite, in zh_CN: back up now (a file verify_backup opens, the suggested
name in the last folder), check a backup (the manifest; a wrong passphrase in the one error dialog), test
restore into a scratch database that is deleted again, restore into the embedded database (refused without the
user's own password, then done, and the program closes), the passphrase dialog's rules, and who sees what.
Screenshots: /tmp/backup_png/*.png."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN_PASSWORD
from PySide6.QtWidgets import QFileDialog, QMessageBox
from screens import settle, state_for

from desktop_app.config import DatabaseProfile
from desktop_app.db import open_url
from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.services import backup_format
from desktop_app.services.access import Access, ResourceGrant, Scope
from desktop_app.services.backup import create_backup, verify_backup
from desktop_app.services.backup_check import try_restore
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.views.backup_dialogs import PassphraseDialog
from desktop_app.views.main_window import MainWindow
from desktop_app.views.messages import describe
from desktop_app.views.pages import backup as backup_page
from desktop_app.views.pages.backup import BackupPage

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PASS = "correct horse battery"
SHOTS = Path("/tmp/backup_png")


@pytest.fixture(autouse=True)
def light_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_format, "SCRYPT_N", 1 << 10)


def shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def make_page(qtbot: Any, state: Any) -> BackupPage:
    page = BackupPage(state)
    qtbot.addWidget(page)
    page.resize(1000, 760)
    page.show()
    settle(qtbot)  # the automatic backups card has loaded
    return page


def choose(monkeypatch: pytest.MonkeyPatch, path: Path, passphrase: str | None) -> dict[str, Any]:
    """The file dialogs answer ``path``, the passphrase dialog ``passphrase``; what was asked is recorded."""
    asked: dict[str, Any] = {"save": [], "open": [], "passphrase": []}

    def save(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked["save"].append(suggested)
        return str(path), ""

    def open_(_parent: Any, _title: str, folder: str, _filter: str) -> tuple[str, str]:
        asked["open"].append(folder)
        return str(path), ""

    def passphrase_(_parent: Any, title: str, *, twice: bool = False) -> str | None:
        asked["passphrase"].append(twice)
        return passphrase

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_)
    monkeypatch.setattr(backup_page, "ask_passphrase", passphrase_)
    return asked


def error_text(qtbot: Any, page: Any) -> str:
    qtbot.waitUntil(lambda: any(box.objectName() == "errorDialog" and box.isVisible()
                                for box in page.findChildren(QMessageBox)), timeout=10_000)
    box = next(box for box in page.findChildren(QMessageBox) if box.objectName() == "errorDialog")
    text = box.text()
    box.close()
    box.setObjectName("seen")
    return text


def run_and_wait(qtbot: Any, page: BackupPage, button: Any) -> None:
    page.result_title = ""
    button.click()
    settle(qtbot)


def test_back_up_now_writes_a_backup_that_verifies_and_shows_what_it_holds(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, monkeypatch, tmp_path) -> None:
    page = make_page(qtbot, state_for(org, "admin", benji_paths))
    assert page.backup_button.isVisible() and page.check_button.isVisible() and page.restore_button.isVisible()
    target = tmp_path / "out" / "nightly.benji"
    target.parent.mkdir()
    asked = choose(monkeypatch, target, PASS)
    run_and_wait(qtbot, page, page.backup_button)
    assert re.fullmatch(r"benji-\d{8}-\d{4}\.benji", Path(asked["save"][0]).name)
    assert asked["passphrase"] == [True]  # typed twice, with the warning
    report = verify_backup(target, PASS)
    assert page.result_title
    assert str(target) in page.result_values.values()
    values = list(page.result_values.values())
    assert str(report.tables) in values and f"{report.rows:,}" in values
    shot(page, "backed-up")
    # the next file dialog starts in the folder used last
    run_and_wait(qtbot, page, page.backup_button)
    assert Path(asked["save"][1]).parent == target.parent


def test_check_shows_the_manifest_and_a_wrong_passphrase_its_own_message(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, monkeypatch, tmp_path) -> None:
    info = create_backup(org["contexts"]["admin"], tmp_path / "b.benji", PASS)
    page = make_page(qtbot, state_for(org, "admin", benji_paths))
    choose(monkeypatch, info.path, PASS)
    run_and_wait(qtbot, page, page.check_button)
    assert page.result_title
    values = list(page.result_values.values())
    assert info.manifest.schema_revision in values
    assert f"{info.manifest.rows:,}" in values and str(len(info.manifest.tables)) in values
    assert any(info.manifest.app_version in value for value in values)
    shot(page, "checked")
    choose(monkeypatch, info.path, "not the passphrase")
    run_and_wait(qtbot, page, page.check_button)
    text = error_text(qtbot, page)
    assert text == describe(DomainError("backup.wrong_passphrase"))
    assert "The passphrase does not open" not in text  # in Chinese
    assert page.check_button.isEnabled()
    choose(monkeypatch, tmp_path / "nothing.benji", PASS)  # not a backup at all
    (tmp_path / "nothing.benji").write_text("hello")
    run_and_wait(qtbot, page, page.check_button)
    assert error_text(qtbot, page) == describe(DomainError("backup.not_a_backup", path="", reason=""))


def test_test_restore_reports_the_counts_and_leaves_nothing_behind(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, monkeypatch, tmp_path) -> None:
    admin = org["contexts"]["admin"]
    info = create_backup(admin, tmp_path / "b.benji", PASS)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    page = make_page(qtbot, state_for(org, "admin", benji_paths))
    choose(monkeypatch, info.path, PASS)
    run_and_wait(qtbot, page, page.trial_button)
    title = page.result_title
    assert str(len(info.manifest.tables)) in title and f"{info.manifest.rows:,}" in title
    assert page.result_values
    assert list(scratch.iterdir()) == []  # the scratch database was deleted
    shot(page, "test-restored")
    choose(monkeypatch, info.path, "wrong passphrase")
    run_and_wait(qtbot, page, page.trial_button)
    assert error_text(qtbot, page) == describe(DomainError("backup.wrong_passphrase"))
    assert list(scratch.iterdir()) == []


def test_try_restore_needs_only_view_and_restore_embedded_needs_approve(org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.backup_check import restore_embedded

    admin = org["contexts"]["admin"]
    info = create_backup(admin, tmp_path / "b.benji", PASS)
    viewer = admin.as_actor(replace(admin.actor, access=Access({"backup": ResourceGrant(frozenset({"view"}),
                                                                                       Scope.ALL)})))
    report = try_restore(viewer, info.path, PASS, folder=tmp_path)
    assert (report.tables, report.rows) == (len(info.manifest.tables), info.manifest.rows)
    assert report.audit_entries == info.manifest.audit_seq + 1
    with pytest.raises(PermissionDenied):
        restore_embedded(viewer, info.path, PASS, ADMIN_PASSWORD)
    with pytest.raises(PermissionDenied):
        try_restore(org["contexts"]["north1"], info.path, PASS, folder=tmp_path)


def test_restore_asks_for_the_password_then_replaces_the_database_and_closes(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, monkeypatch, tmp_path) -> None:
    admin = org["contexts"]["admin"]
    info = create_backup(admin, tmp_path / "b.benji", PASS)
    create_customer(admin, CustomerInput(name="备份之后的客户"))  # entered after the backup
    live = admin.database.sqlite_path
    page = make_page(qtbot, state_for(org, "admin", benji_paths))
    choose(monkeypatch, info.path, PASS)
    questions: list[str] = []

    def warning(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(backup_page, "ask_password", lambda *_a: "not my password")
    quits: list[bool] = []
    monkeypatch.setattr(backup_page, "quit_app", lambda: quits.append(True))
    run_and_wait(qtbot, page, page.restore_button)
    assert len(questions) == 1 and f"{info.manifest.rows:,}" in questions[0]  # names the backup
    assert error_text(qtbot, page) == describe(DomainError("password.confirm_wrong"))
    assert page.restored is None and not quits and live is not None
    assert not live.with_name(live.name + ".before-restore").exists()

    def customers() -> list[str]:
        check = open_url(f"sqlite+pysqlite:///{live}")
        try:
            with check.engine.connect() as connection:
                return [row[0] for row in connection.exec_driver_sql("SELECT name FROM customers")]
        finally:
            check.dispose()

    assert "备份之后的客户" in customers()  # untouched
    monkeypatch.setattr(backup_page, "ask_password", lambda *_a: ADMIN_PASSWORD)
    run_and_wait(qtbot, page, page.restore_button)
    qtbot.waitUntil(lambda: page.restored is not None, timeout=10_000)
    assert page.restored.rows == info.manifest.rows
    assert not page.window().isEnabled()  # nothing more may be done against the replaced database
    box = page.restored_box
    assert box.isVisible() and "before-restore" in box.text()
    shot(box, "restored")
    box.accept()
    assert quits == [True]
    assert "备份之后的客户" not in customers()
    assert live.with_name(live.name + ".before-restore").exists()


def test_a_server_profile_explains_that_it_restores_it_and_shows_no_restore_button(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths) -> None:
    state = state_for(org, "admin", benji_paths)
    state.config = replace(state.config, profile=DatabaseProfile(kind="postgresql", host="192.168.1.10",
                                                                 database="benji", user="benji"))
    page = make_page(qtbot, state)
    assert page.restore_card.isVisible() and not page.restore_button.isVisible()
    assert "--into" in page.restore_note.text()


def test_who_sees_the_backup_section_and_its_buttons(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths) -> None:
    for who in ("north1", "clerk", "manager", "auditor"):  # their built-in roles grant nothing on backups
        window = MainWindow(state_for(org, who, benji_paths))
        qtbot.addWidget(window)
        assert "backup" not in window.sections, who
    admin = MainWindow(state_for(org, "admin", benji_paths))
    qtbot.addWidget(admin)
    assert "backup" in admin.sections
    settle(qtbot)
    state = state_for(org, "admin", benji_paths)
    state.user = replace(state.user, access=Access({"backup": ResourceGrant(frozenset({"view"}), Scope.ALL)}))
    page = make_page(qtbot, state)
    assert page.check_button.isVisible() and page.trial_button.isVisible()
    assert not page.backup_button.isVisible() and not page.restore_button.isVisible()


def test_the_passphrase_dialog_wants_eight_characters_typed_twice(qtbot, chinese, db_url) -> None:  # type: ignore[no-untyped-def]
    dialog = PassphraseDialog("backup", True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.findChild(object, "passphraseWarning") is not None
    dialog.passphrase.setText("short")
    dialog.repeat.setText("short")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text()
    dialog.passphrase.setText("long enough 1")
    dialog.repeat.setText("long enough 2")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text()
    shot(dialog, "passphrase")
    dialog.repeat.setText("long enough 1")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result()
    opening = PassphraseDialog("check", False)
    qtbot.addWidget(opening)
    opening.show()
    opening.passphrase.setText("x")  # an existing backup's passphrase is whatever it was
    opening.accept()
    assert opening.result()


def test_automatic_backups_are_set_up_in_the_card_and_the_last_result_shown(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, chinese, monkeypatch, tmp_path, memory_keyring) -> None:
    from desktop_app.services.backup_schedule import get_schedule, passphrase_stored, run_scheduled_backup
    from desktop_app.views import backup_schedule_form

    admin = org["contexts"]["admin"]
    page = make_page(qtbot, state_for(org, "admin", benji_paths))
    form = page.schedule
    assert form is not None and form.save_button.isEnabled()
    qtbot.waitUntil(lambda: form.loaded is not None, timeout=10_000)
    assert not form.enabled.isChecked() and form.keep_daily.value() == 7 and form.every_hours.value() == 24
    assert form.last_text  # "no automatic backup has been made yet"
    form.enabled.setChecked(True)  # on without a folder: refused, the folder marked
    form.save()
    qtbot.waitUntil(lambda: form.errors.label.isVisible(), timeout=10_000)
    assert form.folder.property("invalid") in (True, "true")
    folder = tmp_path / "nas"
    folder.mkdir()
    form.folder.setText(str(folder))
    form.every_hours.setValue(12)
    form.keep_monthly.setValue(6)
    monkeypatch.setattr(backup_schedule_form, "ask_passphrase", lambda *_a, **_k: PASS)
    form.passphrase_button.click()
    form.save()
    qtbot.waitUntil(lambda: form.saved.text() != "", timeout=10_000)
    settle(qtbot)
    saved = get_schedule(admin)
    assert (saved.enabled, saved.folder, saved.every_hours, saved.keep_monthly) == (True, str(folder), 12, 6)
    assert passphrase_stored(admin)
    last = run_scheduled_backup(admin, force=True)
    assert last is not None and last.ok
    form.reload()
    settle(qtbot)
    assert Path(last.file).name in form.last_text
    shot(page, "schedule")
    viewer = state_for(org, "admin", benji_paths)
    viewer.user = replace(viewer.user, access=Access({"backup": ResourceGrant(frozenset({"view"}), Scope.ALL)}))
    other = make_page(qtbot, viewer)
    assert other.schedule is not None and not other.schedule.save_button.isEnabled()
    assert not other.schedule.folder.isEnabled()
    settle(qtbot)


def test_the_running_app_makes_the_automatic_backup_when_one_is_due(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, tmp_path, memory_keyring) -> None:
    """The main window asks every quarter of an hour; a desktop without the passphrase leaves it to the one that
    has it (no failure recorded), the one with it writes the backup once, and not again until it is due."""
    from desktop_app.services.backup_schedule import BackupSchedule, last_backup, save_schedule
    from desktop_app.views import ops

    admin = org["contexts"]["admin"]
    folder = tmp_path / "nas"
    folder.mkdir()
    window = MainWindow(state_for(org, "admin", benji_paths))
    qtbot.addWidget(window)
    assert window.backup_timer.isActive() and window.backup_timer.interval() == 15 * 60_000
    save_schedule(admin, BackupSchedule(enabled=True, folder=str(folder)), PASS)
    memory_keyring.store.clear()  # as on another desktop: the passphrase lives in the keyring it was typed on
    window._scheduled_backup()
    qtbot.waitUntil(lambda: not ops.busy(), timeout=20_000)
    assert last_backup(admin) is None and not list(folder.iterdir())
    save_schedule(admin, BackupSchedule(enabled=True, folder=str(folder)), PASS)
    window._scheduled_backup()
    qtbot.waitUntil(lambda: not ops.busy(), timeout=20_000)
    made = last_backup(admin)
    assert made is not None and made.ok and verify_backup(Path(made.file), PASS)
    window._scheduled_backup()  # not due again for 24 hours
    qtbot.waitUntil(lambda: not ops.busy(), timeout=20_000)
    assert [p.name for p in folder.iterdir()] == [Path(made.file).name]
    sales = MainWindow(state_for(org, "north1", benji_paths))  # no backup rights: no timer
    qtbot.addWidget(sales)
    assert not hasattr(sales, "backup_timer")
    settle(qtbot)
