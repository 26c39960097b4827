"""Run locks take over a lock whose holder on this desktop has died; the probe must never harm a process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from desktop_app.services import numbering


def test_a_running_process_is_alive_and_a_finished_one_is_not() -> None:
    assert numbering.process_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert not numbering.process_alive(child.pid)


def test_windows_is_never_signalled(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows os.kill(pid, 0) sends CTRL_C_EVENT: there the probe says "alive" and sends nothing (the lock
    is taken over when its heartbeat is stale)."""
    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(numbering.os, "name", "nt")
    monkeypatch.setattr(numbering.os, "kill", lambda pid, sig: sent.append((pid, sig)))
    assert numbering.process_alive(12345) and sent == []
