"""The background runner, the main window's memory, and messages shown to users."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from desktop_app.errors import ConcurrentEdit
from desktop_app.views import ops
from desktop_app.views.main_window import MainWindow
from desktop_app.views.messages import describe
from desktop_app.views.state import AppState


def test_progress_reaches_the_gui_and_cancel_stops_the_work(qtbot) -> None:  # type: ignore[no-untyped-def]
    started, results = threading.Event(), []

    def work(progress: ops.Progress) -> str:
        for step in range(1000):
            progress.report(step, 1000)
            started.set()
            threading.Event().wait(0.005)
        return "finished"

    progress = ops.run(None, work, results.append, write=False, label="working", cancellable=True)
    qtbot.waitUntil(started.is_set, timeout=5_000)
    progress.cancel()
    qtbot.waitUntil(lambda: not ops.busy(), timeout=5_000)
    assert results == []  # cancelled work delivers nothing and shows no error


def test_writes_run_one_at_a_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    active, peak, done = [0], [0], []
    lock = threading.Lock()

    def write(_progress: ops.Progress) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        threading.Event().wait(0.02)
        with lock:
            active[0] -= 1

    for _ in range(4):
        ops.run(None, write, done.append)
    qtbot.waitUntil(lambda: len(done) == 4, timeout=5_000)
    assert peak[0] == 1


def test_concurrent_edit_names_who_and_when_in_local_time(qapp) -> None:  # type: ignore[no-untyped-def]
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    text = describe(ConcurrentEdit("company", "王会计", "2026-11-26T06:30:00+00:00"))
    assert text.startswith("王会计 changed this record at ")
    assert "2026-11-26T06:30" not in text and "26" in text


@pytest.fixture
def logged_in_state(admin_context, benji_paths) -> AppState:  # type: ignore[no-untyped-def]
    from desktop_app.config import DatabaseProfile, DeviceConfig
    from desktop_app.services.auth import CurrentUser

    actor = admin_context.actor
    state = AppState(benji_paths, DeviceConfig(profile=DatabaseProfile(path="x.db")))
    state.database, state.context = admin_context.database, admin_context
    state.user = CurrentUser(actor.user_id, actor.login, actor.display_name, False, actor.access)
    return state


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_window_keeps_its_size_and_starts_on_home(qtbot, logged_in_state: AppState, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(logged_in_state)
    qtbot.addWidget(window)
    window.show()
    window.resize(760, 520)  # the offscreen screen is 800 x 600
    saved = window.height()
    window.show_section("company")
    qtbot.waitUntil(lambda: not ops.busy(), timeout=5_000)
    window.close()
    again = MainWindow(logged_in_state)
    qtbot.addWidget(again)
    assert again.height() == saved
    assert again.stack.currentWidget() is again.sections["home"]  # the dashboard after every log-in
    qtbot.waitUntil(lambda: not ops.busy(), timeout=5_000)
